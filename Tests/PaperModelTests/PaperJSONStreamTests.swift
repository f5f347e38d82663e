import Foundation
import Testing
@testable import PaperModel

/// `PaperJSONArray` writes `list --json` a paper at a time; its bytes must be those JSONEncoder gives
/// for the same `[PaperJSON]` with `PaperJSON.encoder()`.
@Suite struct PaperJSONStreamTests {
    static let papers: [Paper] = [
        Paper(title: "Relapse after \"induction\" in AML/MDS: a C:\\path and tab\there", authors: ["Zoë Ødegaard", "J. O'Neil"],
              authorsTruncated: true, journal: "Blood/Leukemia", year: 2024, date: "2024-03", volume: "12", issue: "3",
              pages: "1-9", doi: "10.1000/xyz/1", pmid: "123", pmcid: "PMC9", abstract: "Line one\nline two\r\nend",
              keywords: ["AML", "κB ✓ 🧬"], publicationTypes: ["Journal Article"], meshTerms: ["Humans"],
              diseases: [DiseaseTag(name: "Acute Myeloid Leukemia", role: .primary),
                         DiseaseTag(name: "Myelodysplastic Syndrome", role: .mentioned),
                         DiseaseTag(name: "Anemia", role: .primary)],
              source: PaperSource(path: "/data/a b/export.nbib", format: .medline, line: 41)),
        // Nothing but a title: every optional null, every list empty.
        Paper(title: "", source: PaperSource(path: "page.txt", format: .page)),
        // Every control byte, DEL, and the line and paragraph separators (JSONEncoder leaves the last three as they are).
        Paper(title: String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }) + "\u{7F}\u{2028}\u{2029}",
              authors: ["\u{1}\u{8}\u{C}\u{1F}"], year: -3, doi: "\\",
              source: PaperSource(path: "x\"y.json", format: .cslJSON, line: 0)),
    ]

    static func encoded(_ items: [PaperJSON]) throws -> [UInt8] {
        Array(try PaperJSON.encoder().encode(items))
    }

    static func streamed(_ items: [PaperJSON], flushAt: Int, newline: Bool = false) throws -> (bytes: [UInt8], pieces: Int) {
        var out: [UInt8] = []
        var pieces = 0
        var array = PaperJSONArray(flushAt: flushAt) { piece in
            out += piece
            pieces += 1
        }
        for item in items { try array.append(item) }
        try array.finish(newline: newline)
        return (out, pieces)
    }

    @Test func streamedArrayIsByteForByteWhatJSONEncoderWrites() throws {
        let items = Self.papers.enumerated().map { PaperJSON(paper: $1, saved: $0 == 0, read: $0 == 2) }
        let expected = try Self.encoded(items)
        let streamed = try Self.streamed(items, flushAt: 1 << 16)
        #expect(String(decoding: streamed.bytes, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(streamed.bytes == expected)
        #expect(streamed.pieces == 1)
    }

    @Test(arguments: [0, 1, 2, 3])
    func everyPrefixOfThePapersMatches(count: Int) throws {
        let items = Self.papers.prefix(count).map { PaperJSON(paper: $0) }
        let streamed = try Self.streamed(Array(items), flushAt: 1 << 16, newline: true)
        #expect(streamed.bytes == (try Self.encoded(Array(items))) + [0x0A])
    }

    @Test func anEmptyListIsTheEncodersEmptyArray() throws {
        let streamed = try Self.streamed([], flushAt: 1 << 16)
        #expect(String(decoding: streamed.bytes, as: UTF8.self) == "[\n\n]")
    }

    @Test func escapesAreTheEncoders() throws {
        let text = String(decoding: try Self.streamed([PaperJSON(paper: Self.papers[2])], flushAt: 1 << 16).bytes, as: UTF8.self)
        #expect(text.contains(#""title" : "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010"#))
        #expect(text.contains(#""doi" : "\\","#))
        #expect(text.contains(#""path" : "x\"y.json""#))
        #expect(text.contains(#""line" : 0,"#))
        #expect(text.contains(#""year" : -3"#))
    }

    @Test func manyPapersAreHandedOnInPiecesWithNothingLost() throws {
        let items = (0..<300).map { n in
            PaperJSON(paper: Paper(title: "Paper \(n) on leukemia/relapse", authors: ["Author \(n)"], year: 1990 + n % 30,
                                   abstract: String(repeating: "word \(n) ", count: n % 40),
                                   source: PaperSource(path: "/c/corpus.nbib", format: .medline, line: n * 20 + 1)),
                      saved: n % 7 == 0, read: n % 5 == 0)
        }
        let streamed = try Self.streamed(items, flushAt: 4096)
        #expect(streamed.bytes == (try Self.encoded(items)))
        #expect(streamed.pieces > 10)
    }

    @Test func aFailedFlushStopsTheArray() throws {
        struct Closed: Error {}
        var array = PaperJSONArray(flushAt: 1) { _ in throw Closed() }
        #expect(throws: Closed.self) { try array.append(PaperJSON(paper: Self.papers[1])) }
    }

    @Test func savedStateStringsEscapeAsBefore() {
        var text = JSONText()
        text.string("a\"b\\c/d\u{1}\u{1F}\n\té")
        #expect(String(decoding: text.bytes, as: UTF8.self) == #""a\"b\\c/d\u0001\u001f\n\té""#)
        var empty = JSONText()
        empty.string("")
        #expect(empty.bytes == [0x22, 0x22])
    }
}

/// CSL-JSON is written straight out; its text must be what JSONSerialization gives for the items.
@Suite struct CSLJSONTextTests {
    static func serialized(_ papers: [Paper]) throws -> String {
        let items = zip(papers, Exporter.citationKeys(papers)).map { item($0, key: $1) }
        let data = try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The item as a JSON object, built independently of the exporter, for JSONSerialization to write.
    static func item(_ paper: Paper, key: String) -> [String: Any] {
        var item: [String: Any] = [
            "id": key,
            "citation-key": key,
            "type": paper.journal == nil ? "article" : "article-journal",
            "title": paper.title,
        ]
        if !paper.authors.isEmpty {
            item["author"] = paper.authors.map { display -> [String: String] in
                let parts = ReferenceFields.nameParts(display)
                guard let given = parts.given else { return ["literal": parts.family] }
                var name = ["family": parts.family, "given": given]
                if let suffix = parts.suffix { name["suffix"] = suffix }
                return name
            }
        }
        if let journal = paper.journal { item["container-title"] = journal }
        let parts = ReferenceFields.dateParts(paper.date)
        if !parts.isEmpty {
            item["issued"] = ["date-parts": [parts]]
        } else if let year = paper.year {
            item["issued"] = ["date-parts": [[year]]]
        }
        if let volume = paper.volume { item["volume"] = volume }
        if let issue = paper.issue { item["issue"] = issue }
        if let pages = paper.pages { item["page"] = pages }
        if let doi = paper.doi { item["DOI"] = doi }
        if let pmid = paper.pmid { item["PMID"] = pmid }
        if let pmcid = paper.pmcid { item["PMCID"] = pmcid }
        if let abstract = paper.abstract { item["abstract"] = abstract }
        if !paper.keywords.isEmpty { item["keyword"] = ReferenceFields.joinKeywords(paper.keywords) }
        return item
    }

    static let papers: [Paper] = PaperJSONStreamTests.papers + [
        Paper(title: "Suffixes and single names", authors: ["Martin Luther King Jr", "Plato", "Ana María de la Cruz"],
              journal: "J/Hematol", date: "2019-11-05", volume: "7", issue: "2", pages: "e1", doi: "10.1/a", pmid: "9",
              pmcid: "PMC1", abstract: "Tab\there", keywords: ["a; b", "c"], source: PaperSource(path: "/p.ris", format: .ris)),
        Paper(title: "Year only", year: 2001, source: PaperSource(path: "/p.ris", format: .ris)),
        Paper(title: "Month", date: "2019-11", source: PaperSource(path: "/p.ris", format: .ris)),
    ]

    @Test func writtenTextIsWhatJSONSerializationGives() throws {
        let text = Exporter.export(Self.papers, format: .csljson)
        #expect(text == (try Self.serialized(Self.papers)))
        #expect(text.contains(#""DOI" : "10.1/a""#))
    }

    @Test func fixtureRecordsAndNoPapersMatchToo() throws {
        #expect(Exporter.export(FormatsExportTests.fixturePapers, format: .csljson) == (try Self.serialized(FormatsExportTests.fixturePapers)))
        #expect(Exporter.export([], format: .csljson) == "[\n\n]\n")
    }
}

@Suite struct JSONTextEscapeTests {
    /// Each byte that needs an escape, and bytes just beside them, at every place in and across an
    /// eight-byte word, in ASCII and non-ASCII text: the same text as JSONEncoder writes.
    @Test func escapesAtEveryOffsetAreTheEncoders() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let specials: [String] = ["\"", "\\", "\n", "\u{0}", "\u{1F}", "\u{7}", "\t"]
        let neighbours: [String] = ["\u{20}", "!", "#", "[", "]", "/", "\u{7F}", "é", "🧬"]
        for filler in ["a", "é"] {
            for length in 0..<20 {
                for position in 0..<max(length, 1) {
                    for special in specials + neighbours {
                        var characters = Array(repeating: filler, count: length)
                        if length > 0 { characters[position] = special }
                        let text = characters.joined()
                        var out = JSONText()
                        out.string(text)
                        let expected = String(decoding: try encoder.encode(text), as: UTF8.self)
                        #expect(String(decoding: out.bytes, as: UTF8.self) == expected, "\(length) \(position) \(special.unicodeScalars.map(\.value))")
                    }
                }
            }
        }
    }

    /// One byte among seven plain letters: the word test says yes exactly for the bytes needing an escape.
    @Test func wordTestFindsEveryByteThatNeedsAnEscape() {
        for byte in 0...255 {
            for lane in 0..<8 {
                let word = (UInt64(0x41) &* 0x0101_0101_0101_0101) & ~(UInt64(0xFF) << (lane * 8)) | (UInt64(byte) << (lane * 8))
                let needs = byte < 0x20 || byte == 0x22 || byte == 0x5C
                #expect(JSONText.mayNeedEscape(word) == needs, "byte \(byte) lane \(lane)")
            }
        }
    }
}
