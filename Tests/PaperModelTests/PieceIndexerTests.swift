import Foundation
import Testing
@testable import PaperModel

/// The index built while a file is read, then renumbered once duplicates are merged, must be the
/// index of the papers as they end up.
@Suite struct PieceIndexerTests {
    /// A MEDLINE export whose later records repeat earlier ones by PMID: each repeat brings a keyword
    /// of its own and an abstract longer than a short first one (every third record's is long), so the
    /// merged paper loses its first abstract's words and gains the repeat's.
    static func exportWithRepeats(records: Int, repeating: [Int]) -> String {
        var text = SyntheticRecords.medline(records)
        for i in repeating {
            text += [
                "PMID- \(4_000_000 + i)",
                "TI  - Marrow niche \(i) in acute myeloid leukemia.",
                "AB  - A longer abstract replacing the first: repeatonly\(i) words in chronic myeloid leukaemia, in several",
                "      lines, so that the merged paper is read again.",
                "OT  - repeatkeyword\(i)",
            ].joined(separator: "\n") + "\n\n"
        }
        return text
    }

    static func expectSame(_ index: SearchIndex, _ reference: SearchIndex) {
        #expect(index.paperCount == reference.paperCount)
        #expect(index.arena == reference.arena)
        #expect(index.tokenStart == reference.tokenStart)
        #expect(index.postingStart == reference.postingStart)
        #expect(index.postings == reference.postings)
    }

    @Test func aFileIndexedAsItIsReadGivesTheIndexOfItsMergedPapers() throws {
        let repeats = [0, 3, 7, 151, 298]
        let text = Self.exportWithRepeats(records: 300, repeating: repeats)
        let tagger = DiseaseTagger()
        let outcome = try #require(Array(text.utf8).withUnsafeBytes {
            ChunkedIngest.read(bytes: $0, path: "/p/export.nbib", chunkSize: 2048, tagger: tagger, indexing: true)
        })
        let builders = try #require(outcome.indexParts)
        #expect(builders.count == 2)
        var papers = outcome.papers
        // Record 5 has no title and is not a paper: record i > 5 is paper i - 1.
        #expect(papers.count == 305 - 1)
        let (merged, positions) = Corpus.deduplicateTracking(&papers)
        #expect(merged == [0, 3, 6, 150, 297])
        #expect(positions.filter { $0 < 0 }.count == repeats.count)
        tagger.tag(&papers, at: merged)

        let index = SearchIndex.assembling(builders, papers: papers, positions: positions, merged: merged)
        Self.expectSame(index, SearchIndex(papers: papers))
        // The merged paper holds its repeat's words, and no longer its first abstract's.
        #expect(index.papers(withWord: "repeatonly151", prefix: false).positions == [150])
        #expect(index.papers(withWord: "repeatkeyword7", prefix: false).positions == [6])
        #expect(!index.papers(withWord: "intensive", prefix: false).contains(150))
        #expect(index.papers(withWord: "intensive", prefix: false).contains(151))
    }

    @Test func papersOfFilesReadWholeAndInPiecesAreIndexedInTheirOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("piece-indexer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Read whole, in pieces, whole, whole: two runs of whole files around a file read in pieces,
        // whose last records repeat papers of the first file.
        let texts = [
            SyntheticRecords.medline(20),
            Self.exportWithRepeats(records: 120, repeating: [4, 60])
                .replacingOccurrences(of: "PMID- 4", with: "PMID- 5").replacingOccurrences(of: "10.5555/m.", with: "10.5555/n."),
            Self.exportWithRepeats(records: 0, repeating: [2, 9]),
            "TY  - JOUR\nTI  - A RIS record on chronic lymphocytic leukemia\nAU  - Smith, Ana\nER  - \n",
        ]
        var files: [String] = []
        for (n, text) in texts.enumerated() {
            let path = folder.appendingPathComponent("\(n)" + (n == 3 ? ".ris" : ".nbib")).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
        }
        let tagger = DiseaseTagger()
        let sizes = ChunkedIngest.Sizes(minimum: 16384, chunk: 2048)
        var result = Ingest.load(files: files, observer: nil, tagger: tagger, indexing: true, sizes: sizes)
        // The first file is too small to be cut; the second is read in pieces (two builders).
        #expect(result.indexParts.count == 1 + 2 + 1)
        // Record 5 of each MEDLINE export has no title and is not a paper.
        #expect(result.papers.count == 19 + 121 + 2 + 1)
        let (merged, positions) = Corpus.deduplicateTracking(&result.papers)
        #expect(merged == [2, 8] + [19 + 4, 19 + 59])
        tagger.tag(&result.papers, at: merged)
        let index = SearchIndex.assembling(result.indexParts, papers: result.papers, positions: positions, merged: merged)
        Self.expectSame(index, SearchIndex(papers: result.papers))
        #expect(index.papers(withWord: "repeatkeyword9", prefix: false).positions == [8])
        #expect(index.papers(withWord: "lymphocytic", prefix: false).positions == [result.papers.count - 1])
    }

    @Test func aTailOfLaterPapersIsMergedIntoItsList() {
        var list: [UInt32] = [1, 4, 9, 12, 2, 10]
        list.withUnsafeMutableBufferPointer { IndexBuilder.mergeTail($0, from: 0, to: 6, tail: 2) }
        #expect(list == [1, 2, 4, 9, 10, 12])
        var sorted: [UInt32] = [7, 1, 3, 8, 99]
        sorted.withUnsafeMutableBufferPointer { IndexBuilder.mergeTail($0, from: 1, to: 4, tail: 1) }
        #expect(sorted == [7, 1, 3, 8, 99])
        var before: [UInt32] = [5, 6, 7, 1, 2]
        before.withUnsafeMutableBufferPointer { IndexBuilder.mergeTail($0, from: 0, to: 5, tail: 2) }
        #expect(before == [1, 2, 5, 6, 7])
    }
}

@Suite struct SearchableFieldTests {
    /// The index reads a paper's texts as bytes in place; a single paper's search reads them as Strings.
    /// Both must see the same texts, in the same order, or a paper would match one way and not the other.
    @Test func theIndexReadsTheTextsAPapersSearchReads() {
        for n in [0, 3, 8, 10, 17] {
            var paper = SyntheticRecords.paper(n)
            paper.pmcid = "PMC9"
            var asStrings: [String] = []
            SearchIndex.forEachSearchableField(paper) { asStrings.append($0) }
            var asBytes: [String] = []
            withUnsafePointer(to: paper) { pointer in
                SearchIndex.forEachSearchableField(pointer) { asBytes.append(String(decoding: $0, as: UTF8.self)) }
            }
            #expect(asBytes == asStrings)
            #expect(asStrings.contains(paper.title) && asStrings.contains(paper.diseases[0].name))
        }
    }
}
