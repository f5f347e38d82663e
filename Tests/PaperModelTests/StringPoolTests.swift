import Foundation
import Testing
@testable import PaperModel

/// The address of a string's UTF-8 storage: the same for strings sharing one buffer.
private func storage(_ text: String) -> UnsafePointer<UInt8>? {
    text.utf8.withContiguousStorageIfAvailable { $0.baseAddress } ?? nil
}

@Suite struct StringPoolTests {
    @Test func equalValuesAreOneStringAndDistinctValuesStayApart() {
        var pool = StringPool()
        func make(_ text: String) -> String {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { pool.string($0.baseAddress!, $0.count) }
        }
        let values = ["Leukemia, Myeloid, Acute", "Leukemia, Myeloid, Chronic", "Leukemia, Myeloid, Acute ",
                      "Humans", "Journal Article", "Précis de leucémie myéloïde", "sixteen bytes ok"]
        let first = values.map(make)
        let again = values.map(make)
        #expect(first == values)
        #expect(again == values)
        // Values of more than 15 bytes come back as the very same storage the second time.
        for (a, b) in zip(first, again) where a.utf8.count > 15 {
            #expect(storage(a) != nil && storage(a) == storage(b), "\(a)")
        }
        #expect(storage(first[0]) != storage(first[2]))
    }

    @Test func chunksOfOneFileShareRepeatedHeadingsKeywordsAndJournals() throws {
        var text = ""
        for n in 0..<400 {
            text += "PMID- \(1000 + n)\nTI  - Paper number \(n)\nJT  - Journal of Experimental Haematology\n"
                + "FAU - Vandenberghe-Lefebvre, Jean-Christophe\nOT  - acute myeloid leukemia\nOT  - keyword \(n % 3)\n"
                + "MH  - Leukemia, Myeloid, Acute/*drug therapy\nMH  - Humans\n\n"
        }
        let bytes = Array(text.utf8)
        let outcome = try #require(bytes.withUnsafeBytes {
            ChunkedIngest.read(bytes: $0, path: "/p/export.nbib", chunkSize: 4096)
        })
        let papers = outcome.papers
        #expect(papers.count == 400)
        #expect(Set(papers.map { $0.meshTerms }) == [["Leukemia, Myeloid, Acute", "Humans"]])
        #expect(Set(papers.map { $0.journal }) == ["Journal of Experimental Haematology"])
        #expect(Set(papers.map { $0.authors }) == [["Jean-Christophe Vandenberghe-Lefebvre"]])
        // Read in many chunks, the papers still hold a handful of buffers, not one per paper.
        let journals = Set(papers.compactMap { $0.journal.flatMap(storage) })
        let headings = Set(papers.compactMap { storage($0.meshTerms[0]) })
        let keywords = Set(papers.compactMap { storage($0.keywords[0]) })
        let names = Set(papers.compactMap { storage($0.authors[0]) })
        for buffers in [journals, headings, keywords, names] {
            #expect(buffers.count >= 1 && buffers.count <= ProcessInfo.processInfo.activeProcessorCount + 1)
        }
    }
}
