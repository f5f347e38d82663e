import Foundation
import Testing
@testable import PaperModel

/// The loader tags each paper as it is read and only the papers merged from several records again;
/// the corpus must be the one a load gives that reads everything, merges, then tags every paper.
@Suite struct LoadPipelineTests {
    static func record(pmid: Int, title: String, abstract: String) -> String {
        "PMID- \(pmid)\nTI  - \(title)\nAB  - \(abstract)\nFAU - Moreau, Ada\nAU  - Moreau A\nDP  - 2011 Jan\nTA  - Synth J\n\n"
    }

    /// Read, merge, then tag every paper and index them: the order of the phases before tagging moved into reading.
    static func readMergeThenTag(_ folder: String) -> Corpus {
        let records = Ingest.load(paths: [folder]).papers
        return Corpus(deduplicated: DiseaseTagger().tagged(Corpus.deduplicated(records)))
    }

    @Test func mergedPapersAreTaggedAgainFromTheirMergedText() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-pipeline-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // PMID 7: the first record names AML in a short abstract, the second's longer abstract (which the
        // merged paper keeps) names myeloma alone: the merged paper is about myeloma, not AML.
        // PMID 8: both records name CML; PMID 9 and the rest are read once.
        let a = [
            Self.record(pmid: 7, title: "Marrow imaging study", abstract: "Acute myeloid leukemia (AML) relapse."),
            Self.record(pmid: 8, title: "Stromal niche in chronic myeloid leukemia", abstract: "CML cells and stroma."),
            Self.record(pmid: 9, title: "Exosome transfer in lymphoma", abstract: "Lymphoma cells release exosomes."),
        ].joined()
        let b = [
            Self.record(pmid: 10, title: "Bone marrow adipocytes", abstract: "Adipocytes in healthy marrow."),
            Self.record(pmid: 7, title: "Marrow imaging study",
                        abstract: "A much longer abstract on marrow imaging in patients with multiple myeloma under treatment."),
            Self.record(pmid: 8, title: "Stromal niche in chronic myeloid leukemia", abstract: "CML cells and their stroma, at length."),
        ].joined()
        try a.write(toFile: (folder as NSString).appendingPathComponent("a.nbib"), atomically: true, encoding: .utf8)
        try b.write(toFile: (folder as NSString).appendingPathComponent("b.nbib"), atomically: true, encoding: .utf8)

        let loaded = CorpusLoader.load(paths: [folder])
        let reference = Self.readMergeThenTag(folder)
        #expect(loaded.corpus.papers == reference.papers)
        #expect(loaded.corpus.papers.map(\.pmid) == ["7", "8", "9", "10"])
        #expect(loaded.corpus.papers[0].diseases == [DiseaseTag(name: "Multiple Myeloma", role: .primary)])
        #expect(loaded.corpus.papers[1].diseases.map(\.name) == ["Chronic Myeloid Leukemia"])
        #expect(loaded.corpus.index.words(withPrefix: "") == reference.index.words(withPrefix: ""))
        #expect(loaded.corpus.index.papers(withWord: "acute").positions == [])
        #expect(loaded.corpus.index.papers(withWord: "myeloma").positions == [0])
        #expect(loaded.timings.records == 6)
        #expect(loaded.timings.phases.map(\.name) == ["list", "read", "dedupe", "tag", "index"])
    }

    @Test func aLargeLoadWithRepeatsEqualsReadingMergingThenTagging() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-pipeline-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Three files, each repeating some of the records before it with other abstracts.
        let topics = ["acute myeloid leukemia (AML)", "chronic myeloid leukaemia", "multiple myeloma", "marrow adipocytes", "ALL relapse"]
        for file in 0..<3 {
            var text = ""
            for n in (file * 300)..<(file * 300 + 500) {
                let topic = topics[(n + file) % topics.count]
                text += Self.record(pmid: 20_000 + n, title: "Niche study \(n)",
                                    abstract: "We study \(topic) in cohort \(n)" + String(repeating: " at length", count: file))
            }
            try text.write(toFile: (folder as NSString).appendingPathComponent("\(file).nbib"), atomically: true, encoding: .utf8)
        }
        let loaded = CorpusLoader.load(paths: [folder])
        let reference = Self.readMergeThenTag(folder)
        #expect(loaded.timings.records == 1500)
        #expect(loaded.corpus.count == 1100)
        #expect(loaded.corpus.papers == reference.papers)
        #expect(loaded.corpus.ids == reference.ids)
        #expect(loaded.corpus.index.words(withPrefix: "") == reference.index.words(withPrefix: ""))
        for word in ["myeloid", "myeloma", "niche", "20250", "leukemia", "lymphoblastic", "cohort"] {
            #expect(loaded.corpus.index.papers(withWord: word) == reference.index.papers(withWord: word), "\(word)")
        }
        #expect(loaded.corpus.papers.contains { $0.diseases.contains { $0.name == "Acute Myeloid Leukemia" } })
    }
}
