import Foundation
import Testing
@testable import PaperModel

/// The MEDLINE reader as it was before records were read from bytes: decoded text split into lines,
/// fields grouped into records, each value cleaned as a String. Kept here as the oracle the byte
/// reader must agree with, value for value.
enum LineMedlineReader {
    static func read(_ text: String, path: String) -> ReadOutcome {
        var outcome = ReadOutcome()
        for record in records(text) {
            switch paper(from: record, path: path) {
            case .success(let paper): outcome.papers.append(paper)
            case .failure(let warning): outcome.warnings.append(warning)
            }
        }
        return outcome
    }

    static func records(_ text: String) -> [[TaggedLines.Field]] {
        var records: [[TaggedLines.Field]] = []
        var current: [TaggedLines.Field] = []
        func close() {
            if !current.isEmpty { records.append(current) }
            current = []
        }
        for (offset, line) in TaggedLines.lines(text).enumerated() {
            if TaggedLines.isBlankLine(line) {
                close()
                continue
            }
            if let (tag, value) = TaggedLines.tagged(line) {
                if tag == "PMID", current.contains(where: { $0.tag == "PMID" }) { close() }
                current.append(TaggedLines.Field(tag: tag, value: value, line: offset + 1))
            } else if !current.isEmpty {
                let more = TaggedLines.trimmed(line)
                current[current.count - 1].value += current[current.count - 1].value.isEmpty ? more : " " + more
            }
        }
        close()
        return records
    }

    static func paper(from fields: [TaggedLines.Field], path: String) -> Result<Paper, IngestWarning> {
        let line = fields.first?.line
        var paper = Paper(source: PaperSource(path: path, format: .medline, line: line))
        var fullAuthors: [String] = []
        var shortAuthors: [String] = []
        var journalFull: String?
        var journalShort: String?
        var dateText: String?
        var lidDOI: String?
        var aidDOI: String?
        var collectives: [String] = []
        for field in fields {
            let value = ReferenceFields.clean(field.value)
            guard !value.isEmpty else { continue }
            switch field.tag {
            case "PMID": paper.pmid = ReferenceFields.pmid(value) ?? paper.pmid
            case "TI": paper.title = ReferenceFields.title(value)
            case "BTI" where paper.title.isEmpty: paper.title = ReferenceFields.title(value)
            case "AB": paper.abstract = paper.abstract.map { $0 + "\n" + value } ?? value
            case "FAU": fullAuthors.append(ReferenceFields.displayName(value))
            case "AU": shortAuthors.append(ReferenceFields.displayNameFromInitials(value))
            case "CN": collectives.append(value)
            case "JT": journalFull = journalFull ?? value
            case "TA": journalShort = journalShort ?? value
            case "DP": dateText = dateText ?? value
            case "VI": paper.volume = value
            case "IP": paper.issue = value
            case "PG": paper.pages = value
            case "LID" where value.hasSuffix("[doi]"):
                lidDOI = lidDOI ?? ReferenceFields.doi(String(value.dropLast(5)))
            case "AID" where value.hasSuffix("[doi]"):
                aidDOI = aidDOI ?? ReferenceFields.doi(String(value.dropLast(5)))
            case "OT": paper.keywords.append(value)
            case "MH": paper.meshTerms.append(MedlineReader.meshHeading(value))
            case "PT": paper.publicationTypes.append(value)
            case "PMC": paper.pmcid = ReferenceFields.pmcid(value)
            default: break
            }
        }
        paper.authors = (fullAuthors.count >= shortAuthors.count ? fullAuthors : shortAuthors) + collectives
        paper.journal = journalFull ?? journalShort
        paper.doi = lidDOI ?? aidDOI
        if let dateText, let parsed = ReferenceFields.parseDate(dateText) {
            paper.year = parsed.year
            paper.date = parsed.date
        }
        paper.keywords = ReferenceFields.unique(paper.keywords)
        paper.meshTerms = ReferenceFields.unique(paper.meshTerms)
        guard !paper.title.isEmpty || paper.pmid != nil || paper.doi != nil else {
            return .failure(IngestWarning(path: path, line: line, problem: .badRecord("MEDLINE record without TI, PMID or DOI")))
        }
        if paper.title.isEmpty {
            return .failure(IngestWarning(path: path, line: line, problem: .badRecord("MEDLINE record without a title (TI)")))
        }
        return .success(paper)
    }
}

/// Reads bytes as a large file is read: in chunks, sanitised, line numbers of the whole.
private func chunked(_ bytes: [UInt8], chunkSize: Int, expectedSize: Int? = nil, path: String = "/p/export.nbib") -> ReadOutcome? {
    bytes.withUnsafeBytes { ChunkedIngest.read(bytes: $0, path: path, chunkSize: chunkSize, expectedSize: expectedSize) }
}

private func bytesRead(_ bytes: [UInt8], sanitise: Bool, path: String = "x.nbib") -> (outcome: ReadOutcome, lines: Int) {
    bytes.withUnsafeBufferPointer { MedlineBytes.read($0, path: path, sanitise: sanitise) }
}

@Suite struct MedlineBytesTests {
    @Test func continuationLinesJoinTheirFieldWithOneSpace() throws {
        let text = "PMID- 101\nTI  - A title that runs\n      onto a second line\n\tand a third.\n"
            + "AB  - First   sentence\n      second line of it.\nAB  - Another paragraph.\n"
            + "FAU - de la Cruz,\n      María José\nAU  - de la Cruz MJ\nDP  - 2019 Aug 3\n"
        let outcome = MedlineReader.read(text, path: "x.nbib")
        let paper = try #require(outcome.papers.first)
        #expect(outcome.papers.count == 1 && outcome.warnings.isEmpty)
        #expect(paper.title == "A title that runs onto a second line and a third")
        #expect(paper.abstract == "First sentence second line of it.\nAnother paragraph.")
        #expect(paper.authors == ["María José de la Cruz"])
        #expect(paper.pmid == "101")
        #expect(paper.date == "2019-08-03")
        #expect(paper.year == 2019)
        #expect(paper.source.line == 1)
    }

    @Test func crlfLineEndsReadAsLineFeeds() throws {
        let text = "PMID- 7\r\nTI  - Carriage returns\r\n      everywhere.\r\nJT  - Blood\r\nMH  - Humans\r\nMH  - *Leukemia/drug therapy\r\n"
            + "\r\nPMID- 8\r\nTI  - Second.\r\nLID - 10.1000/xyz.8 [doi]\r\n"
        let outcome = MedlineReader.read(text, path: "x.nbib")
        #expect(outcome.papers.map(\.title) == ["Carriage returns everywhere", "Second"])
        #expect(outcome.papers.map(\.source.line) == [1, 8])
        #expect(outcome.papers[0].journal == "Blood")
        #expect(outcome.papers[0].meshTerms == ["Humans", "Leukemia"])
        #expect(outcome.papers[1].doi == "10.1000/xyz.8")
    }

    @Test func aRecordWithoutPMIDAndATagWithoutValue() throws {
        let text = """
        TI  - No PMID here, only a DOI.
        PT  - 
        PT  - Journal Article
        AID - S0000-0000(20)00001-1 [pii]
        AID - 10.1000/nopmid [doi]
        VI  -
        DP  - Summer 2011

        PMID- 55
        PT  -
        """
        let outcome = MedlineReader.read(text, path: "x.nbib")
        let paper = try #require(outcome.papers.first)
        #expect(paper.pmid == nil)
        #expect(paper.doi == "10.1000/nopmid")
        #expect(paper.publicationTypes == ["Journal Article"])
        #expect(paper.volume == nil)
        #expect(paper.year == 2011 && paper.date == "2011")
        // The second record has a PMID but no title: one warning at its line.
        #expect(outcome.warnings.map(\.line) == [9])
        #expect(outcome.warnings.first?.problem == .badRecord("MEDLINE record without a title (TI)"))
    }

    @Test func controlCharactersAndEscapesInATitleAreRemovedOnce() throws {
        let text = "PMID- 9\nTI  - Bold\u{1B}[1m claim\u{07} about \u{1B}]0;owned\u{07}myeloma\u{7F}.\nAU  - Smith\u{0}J\n"
        let bytes = Array(text.utf8)
        let raw = try #require(bytesRead(bytes, sanitise: false).outcome.papers.first)
        #expect(raw.title.contains("\u{1B}"))
        let clean = try #require(bytesRead(bytes, sanitise: true).outcome.papers.first)
        #expect(clean.title == "Bold claim about myeloma")
        #expect(clean.authors == ["SmithJ"])
        #expect(clean.authors == raw.sanitised().authors)
        #expect(clean.isSanitised)
        // Through the chunked path the same (among ordinary records, or the head would look binary).
        let file = try #require(chunked(Array((SyntheticRecords.medline(12) + text).utf8), chunkSize: 300))
        #expect(file.papers.last?.title == "Bold claim about myeloma")
        #expect(file.papers.last?.authors == ["SmithJ"])
    }

    @Test func aTruncatedLastRecordKeepsWhatItHas() throws {
        let text = "PMID- 1\nTI  - Complete record.\nDP  - 2001\n\nPMID- 2\nTI  - Cut off in the mid"
        let outcome = MedlineReader.read(text, path: "x.nbib")
        #expect(outcome.papers.map(\.title) == ["Complete record", "Cut off in the mid"])
        #expect(outcome.papers.map(\.pmid) == ["1", "2"])
        let cutInTag = MedlineReader.read("PMID- 1\nTI  - Complete record.\n\nPMID- 2\nTI", path: "x.nbib")
        #expect(cutInTag.papers.map(\.title) == ["Complete record"])
        #expect(cutInTag.warnings.map(\.line) == [4])
    }

    @Test func multiByteCharactersCutByBlocksAndChunksReadWhole() throws {
        // Over 64 KB so that later blocks are filled mid-character; names and titles full of accents.
        var text = ""
        for n in 0..<300 {
            text += "PMID- \(9_000_000 + n)\nTI  - Étude \(n) des leucémies aiguës — “naïve” Ωμέγα ½\n"
            text += "AB  - Résumé \(n): “données” ÿ Ø Ł ş ğ α β γ δ, with a long tail of text to fill the record up to\n"
            text += "      several hundred bytes: Ωμέγα “quoted” café crème brûlée — and more à la carte.\n"
            text += "FAU - Núñez-Øster, Chloé\nAU  - Núñez-Øster C\nDP  - 2012 Déc\n\n"
        }
        let bytes = Array(text.utf8)
        #expect(bytes.count > 65_536)
        let whole = Ingest.read(text: text, path: "/p/export.nbib")
        for size in [97, 1000, 7001] {
            let pieces = try #require(chunked(bytes, chunkSize: size))
            #expect(pieces.papers == whole.papers, "chunk size \(size)")
            #expect(pieces.warnings == whole.warnings, "chunk size \(size)")
        }
        let last = try #require(whole.papers.last)
        #expect(last.title == "Étude 299 des leucémies aiguës — “naïve” Ωμέγα ½")
        #expect(last.authors == ["Chloé Núñez-Øster"])
        #expect(last.abstract?.hasSuffix("brûlée — and more à la carte.") == true)
        #expect(last.year == 2012 && last.date == "2012")
        #expect(last.source.line == 299 * 8 + 1)
    }

    @Test func aFileShorterThanItsSizeGivesItsRecordsAndOneWarning() throws {
        let text = SyntheticRecords.medline(40)
        let bytes = Array(text.utf8)
        let cut = Array(bytes[0..<(bytes.count / 2)])
        let outcome = try #require(chunked(cut, chunkSize: 500, expectedSize: bytes.count))
        let shrank = outcome.warnings.filter { if case .shrank = $0.problem { return true } else { return false } }
        #expect(shrank.count == 1)
        #expect(shrank.first?.problem == .shrank(read: cut.count, expected: bytes.count))
        #expect(shrank.first?.description.contains("file shrank while it was read") == true)
        // Every whole record before the cut is there, with the lines of the whole file.
        let full = try #require(chunked(bytes, chunkSize: 500))
        #expect(outcome.papers.count >= 18)
        #expect(Array(full.papers.prefix(outcome.papers.count - 1)) == Array(outcome.papers.dropLast()))
        #expect(full.warnings.allSatisfy { if case .shrank = $0.problem { return false } else { return true } })
    }

    @Test func aFileEndingBeforeItsClaimedSizeReadsShortWithAWarning() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-shrink-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = (folder as NSString).appendingPathComponent("big.nbib")
        let text = SyntheticRecords.medline(200)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        // The size claimed is larger than what the file holds when it is read.
        var source = ChunkedIngest.ByteSource.file(fd)
        let outcome = try #require(ChunkedIngest.read(from: &source, expectedSize: text.utf8.count + 4096, path: path, chunkSize: 1000))
        #expect(outcome.papers.count == 199)
        #expect(outcome.warnings.map(\.problem).contains(.shrank(read: text.utf8.count, expected: text.utf8.count + 4096)))
    }

    @Test func readingFromBytesCountsLinesAsTheTextReaderDoes() {
        let text = "PMID- 1\u{0B}TI  - Vertical tab.\u{0C}\u{0C}PMID- 2\u{85}TI  - After NEL.\u{2028}\u{2029}PMID- 3\rTI  - Lone CR.\r\n"
        let bytes = Array(text.utf8)
        let (outcome, lines) = bytesRead(bytes, sanitise: false)
        #expect(outcome.papers.map(\.title) == ["Vertical tab", "After NEL", "Lone CR"])
        #expect(outcome.papers.map(\.source.line) == [1, 4, 7])
        #expect(lines == 8)
        #expect(outcome.papers == LineMedlineReader.read(text, path: "x.nbib").papers)
    }

    @Test func tagsArePackedAsTheirBytes() {
        let tags = ["PMID", "TI", "BTI", "AB", "FAU", "AU", "CN", "JT", "TA", "DP", "VI", "IP", "PG", "LID", "AID", "OT", "MH", "PT", "PMC"]
        let codes: [UInt32] = [MedlineBytes.Tag.pmid, MedlineBytes.Tag.ti, MedlineBytes.Tag.bti, MedlineBytes.Tag.ab, MedlineBytes.Tag.fau,
                               MedlineBytes.Tag.au, MedlineBytes.Tag.cn, MedlineBytes.Tag.jt, MedlineBytes.Tag.ta, MedlineBytes.Tag.dp,
                               MedlineBytes.Tag.vi, MedlineBytes.Tag.ip, MedlineBytes.Tag.pg, MedlineBytes.Tag.lid, MedlineBytes.Tag.aid,
                               MedlineBytes.Tag.ot, MedlineBytes.Tag.mh, MedlineBytes.Tag.pt, MedlineBytes.Tag.pmc]
        #expect(tags.map(MedlineBytes.Tag.code) == codes)
    }

    @Test func datesFromBytesAreTheDatesFromText() {
        let dates = ["2014 Jun 28", "2014 Jan-Feb", "2014/06/28/", "2014-06-28", "2014", "Summer 2014", "June 2014", "2014 Sept",
                     "2014 13", "2014 +6 +07", "2014 06 32", "0999", "3000 Jan", "12345 Jan", "2014 Ju", "2014 dec 31",
                     "2014 Dec 0", "Spring", "1999-2000", "2020 Oct 1.", "2020,Oct,01", "+2014 Jan", "2014 00009 2",
                     "99999999999999999999 2014", "2014 99999999999999999999", "19 2014", "2014Jan", "x2014y 1999"]
        for date in dates {
            let bytes = Array(date.utf8)
            let fast = bytes.withUnsafeBufferPointer { MedlineBytes.parseDate($0.baseAddress!, $0.count) }
            let slow = ReferenceFields.parseDate(date)
            #expect(fast?.year == slow?.year && fast?.date == slow?.date, "\(date)")
        }
        #expect(ReferenceFields.parseDate("2014 +6 +07")?.date == "2014-06-07")
    }

    @Test func doisFromBytesAreTheDOIsFromText() {
        let values = ["10.1000/abc", " 10.1000/abc. ", "doi:10.1/x", "DOI: 10.1/x;", "https://doi.org/10.1/x", "doi:doi:10.1/x",
                      "http://dx.doi.org/ 10.1/x,", "10.1000", "11.1/x", "10.1/a b", "doi 10.1/x", "", "10./", "HTTPS://DOI.ORG/10.5/Y"]
        for value in values {
            let bytes = Array(value.utf8)
            let fast = bytes.withUnsafeBufferPointer { MedlineBytes.doi($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
            #expect(fast == ReferenceFields.doi(value), "\(value)")
        }
    }

    @Test func pmidsFromBytesAreThePMIDsFromText() {
        let values = ["24657904", "PMID: 24657904", "pmid:24657904", "PMID:: 12 :", "pmid", "PMID 1234567890", "123456789",
                      "12a", "PMIDX 12", "pmid\t7", "0", "PmId: 00012"]
        for value in values {
            let bytes = Array(value.utf8)
            let fast = bytes.withUnsafeBufferPointer { MedlineBytes.pmid($0.baseAddress!, $0.count) }
            #expect(fast == ReferenceFields.pmid(value), "\(value)")
        }
        #expect(ReferenceFields.pmid("PmId: 00012") == "00012")
    }

    @Test func repeatedKeywordsAndHeadingsKeepTheirFirstSpelling() throws {
        let text = "PMID- 3\nTI  - T.\nOT  - Exosomes\nOT  - EXOSOMES\nOT  - exosomes \nOT  - Niche\n"
            + "MH  - Humans\nMH  - *humans/genetics\nMH  - Café\nMH  - cafe\nMH  - Leukemia\n"
        let paper = try #require(MedlineReader.read(text, path: "x.nbib").papers.first)
        #expect(paper.keywords == ["Exosomes", "Niche"])
        // Folded without accents too, so "cafe" repeats "Café".
        #expect(paper.meshTerms == ["Humans", "Café", "Leukemia"])
    }

    @Test func theFixturesReadAsTheLineReaderReadsThem() throws {
        let text = try String(contentsOfFile: FormatFixtures.path("papers.nbib"), encoding: .utf8)
        let expected = LineMedlineReader.read(text, path: "papers.nbib")
        #expect(MedlineReader.read(text, path: "papers.nbib").papers == expected.papers)
        #expect(expected.papers.count == 4)
    }

    /// Records made of pieces chosen to trip a byte reader: every kind of space and line break,
    /// combining marks after the tag's space, zero-width spaces, control characters and escapes,
    /// invalid UTF-8, odd tags and odd values. Each text is read from its bytes and as decoded text
    /// line by line; the two must agree.
    @Test(arguments: 0..<6)
    func randomRecordsReadAsTheLineReaderReadsThem(seed: Int) throws {
        var rng = SplitMix(seed: UInt64(seed) &* 0x9E37_79B9 &+ 17)
        let tags = ["PMID", "TI", "BTI", "AB", "FAU", "AU", "CN", "JT", "TA", "DP", "VI", "IP", "PG", "LID", "AID", "OT", "MH", "PT", "PMC",
                    "OWN", "STAT", "SO", "AD", "TY", "ER", "A", "ABCDE", "T1", "1A", "ti"] + ["TI", "FAU", "AU", "MH", "OT", "DP", "AID"]
        let seps = ["  - ", " - ", "- ", "-", "  -", "\t- ", "     - ", "  -\t", "  - \u{301}", "  - \u{200D}", "  - \u{0600}", " -x", "  - "]
        let words: [[UInt8]] = ["Leukemia", "Myeloid", "acute", "2014", "Jun", "28", "Smith", "J", "Núñez", "Østergaard", "Ωμέγα", "ﬁbrosis",
                                "e\u{301}", "\u{301}", "\u{200B}", "\u{00A0}", "\u{2003}", "\u{3000}", "\u{1680}", "\u{202F}", "\u{205F}",
                                "\u{200C}", "\u{1}", "\u{1B}[31m", "\u{1B}]0;x\u{07}", "\u{7F}", "\u{85}", "\u{9B}1m", "\u{2028}", "\t",
                                "[doi]", "[pii]", "10.1000/x.1", "doi:", "PMC123", "pmid: 99", ",", ", ", "/", "*", ".", "..", "?",
                                "Jr", "van", "de", "-", "😀", "한국어", "x\u{300}", "Ⅻ", "²", "١٢"].map { Array($0.utf8) }
            + [[0xFF], [0xC3], [0xE2, 0x80], [0xF0, 0x9F], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x80]]
        let plain: [[UInt8]] = ["Leukemia", "Myeloid,", "acute", "2014", "Jun", "28", "Smith,", "J", "[doi]", "10.1/x", "relapse", "*Humans/",
                                "cells.", "Mar-Apr", "Humans", "HUMANS", "pmid:", "123456789", "1234567890"].map { Array($0.utf8) }
        let spaces: [[UInt8]] = [[0x20], [0x20], [0x20], [0x20, 0x20], [0x09], [0xC2, 0xA0], []]
        let breaks: [[UInt8]] = [[0x0A], [0x0A], [0x0A], [0x0D, 0x0A], [0x0D], [0x0B], [0x0C], [0xC2, 0x85], [0xE2, 0x80, 0xA8]]
        var papers = 0, warnings = 0, slowLines = 0
        for round in 0..<150 {
            var bytes: [UInt8] = []
            for _ in 0..<rng.below(40) {
                switch rng.below(10) {
                case 0 where rng.below(3) == 0: bytes += [0x0A]
                case 1: bytes += Array("      ".utf8) + value(&rng, rng.below(2) == 0 ? plain : words, spaces)
                case 2: bytes += Array(" \t ".utf8)
                default:
                    let sep = rng.below(2) == 0 ? "  - " : seps[rng.below(seps.count)]
                    bytes += Array(tags[rng.below(tags.count)].utf8) + Array(sep.utf8) + value(&rng, rng.below(2) == 0 ? plain : words, spaces)
                }
                bytes += breaks[rng.below(breaks.count)]
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let expected = LineMedlineReader.read(text, path: "r.nbib")
            let (raw, lines) = bytesRead(bytes, sanitise: false, path: "r.nbib")
            #expect(raw.papers == expected.papers, "seed \(seed) round \(round): \(text.debugDescription)")
            #expect(raw.warnings == expected.warnings, "seed \(seed) round \(round)")
            #expect(lines + 1 == TaggedLines.lines(text).count)
            let (clean, _) = bytesRead(bytes, sanitise: true, path: "r.nbib")
            #expect(clean.papers == expected.papers.map { $0.sanitised() }, "seed \(seed) round \(round): \(text.debugDescription)")
            papers += raw.papers.count
            warnings += raw.warnings.count
            slowLines += expected.papers.filter { !$0.title.unicodeScalars.allSatisfy { $0.value < 0x80 } }.count
        }
        // The rounds are not empty: papers, warnings and non-ASCII titles all occur.
        #expect(papers > 60 && warnings > 20 && slowLines > 20, "\(papers) papers, \(warnings) warnings, \(slowLines) non-ASCII titles")
    }

    /// Values copied eight bytes at a time: double spaces, tabs, trailing spaces, control and non-ASCII
    /// bytes at every offset from an eight-byte edge, in the value, in a continuation line and at the
    /// very end of the file.
    @Test func valuesWithSpacesAtEveryEightByteEdgeReadAsTheLineReaderReadsThem() {
        let patterns = ["ab  cd", "abcdefgh  ijklmnop", "a b c d e f g h i", "abc\tdef", "abcdefg ", "abcdefgh   ", " x", "x\u{1}y",
                        "caf\u{E9} au lait", "abcdefg\u{00A0}h", "tail", "abcdefghijklmnopq", "a\u{7F}b", "1234567 89"]
        var checked = 0
        for pattern in patterns {
            for pad in 0..<9 {
                for layout in 0..<3 {
                    let value = String(repeating: "x", count: pad) + pattern
                    var text = "PMID- 1\nTI  - \(value)\n"
                    switch layout {
                    case 0: text += "AB  - \(value)"
                    case 1: text += "AB  - first line\n      \(value)\n      \(pattern)\n"
                    default: text += "AB  - \(pattern) \n  \(value)\n\nPMID- 2\nTI  - \(value)  "
                    }
                    let bytes = Array(text.utf8)
                    let expected = LineMedlineReader.read(text, path: "e.nbib")
                    #expect(bytesRead(bytes, sanitise: false, path: "e.nbib").outcome.papers == expected.papers, "\(text.debugDescription)")
                    #expect(bytesRead(bytes, sanitise: true, path: "e.nbib").outcome.papers == expected.papers.map { $0.sanitised() })
                    checked += expected.papers.count
                }
            }
        }
        #expect(checked == 14 * 9 * 4)
        let (outcome, _) = bytesRead(Array("PMID- 1\nTI  - abcdefgh  ijklmnop \nAB  - x\ty   z".utf8), sanitise: false)
        #expect(outcome.papers.first?.title == "abcdefgh ijklmnop")
        #expect(outcome.papers.first?.abstract == "x y z")
    }

    private func value(_ rng: inout SplitMix, _ words: [[UInt8]], _ spaces: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<rng.below(7) {
            out += words[rng.below(words.count)]
            out += spaces[rng.below(spaces.count)]
        }
        return out
    }

    @Test(arguments: 0..<3)
    func randomFilesReadInChunksAsWhole(seed: Int) throws {
        var rng = SplitMix(seed: UInt64(seed) + 1000)
        var bytes: [UInt8] = []
        let lines = ["PMID- 12345", "TI  - Acute myeloid leukaemia in Ωμέγα", "      continued “here”", "AB  - Abstract text ½.",
                     "FAU - Müller, Jörg", "AU  - Müller J", "DP  - 2003 May 5", "LID - 10.1/ab.c [doi]", "", "", "  ", "\r",
                     "MH  - *Humans/genetics", "OT  - HUMANS", "OT  - humans", "PMID- 777", "TI  - \u{1B}[2Jclear", "\u{C3}"]
        for _ in 0..<3000 {
            bytes += Array(lines[rng.below(lines.count)].utf8)
            bytes += rng.below(8) == 0 ? [0x0D, 0x0A] : [0x0A]
        }
        let whole = Ingest.read(text: String(decoding: bytes, as: UTF8.self), path: "/p/export.nbib")
        for size in [50, 333, 4096] {
            let pieces = try #require(chunked(bytes, chunkSize: size))
            #expect(pieces.papers == whole.papers, "chunk size \(size)")
            #expect(pieces.warnings == whole.warnings, "chunk size \(size)")
        }
        #expect(whole.papers.count > 100)
    }
}

/// A small deterministic random source for generated inputs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
