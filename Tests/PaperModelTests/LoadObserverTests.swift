import Foundation
import Testing
@testable import PaperModel

/// What a load reports while it runs: each piece of a large record file and each small file as soon
/// as it is read, the phases, and the totals; put in file and piece order, the batches are the
/// papers a load gives before duplicates are merged.
@Suite struct LoadObserverTests {
    final class Reports: @unchecked Sendable {
        private let lock = NSLock()
        private var all: [LoadEvent] = []
        func add(_ event: LoadEvent) { lock.lock(); all.append(event); lock.unlock() }
        var events: [LoadEvent] { lock.lock(); defer { lock.unlock() }; return all }
        var batches: [IngestBatch] {
            events.compactMap { if case .batch(let batch) = $0 { return batch } else { return nil } }
        }
        var phases: [String] {
            events.compactMap { if case .phase(let name) = $0 { return name } else { return nil } }
        }
    }

    @Test func eachPieceOfALargeFileIsReportedAsItIsRead() throws {
        let text = SyntheticRecords.medline(60)
        let pieces = Reports()
        let whole = try #require(Array(text.utf8).withUnsafeBytes { bytes in
            ChunkedIngest.read(bytes: bytes, path: "/p/export.nbib", chunkSize: 1000) { piece, size, papers in
                pieces.add(.batch(IngestBatch(file: 0, piece: piece, bytes: size, papers: papers, endsFile: false)))
            }
        })
        let batches = pieces.batches.sorted { $0.piece < $1.piece }
        #expect(batches.count > 5)
        #expect(batches.map(\.piece) == Array(0..<batches.count))
        #expect(batches.flatMap(\.papers) == whole.papers)
        #expect(batches.reduce(0) { $0 + $1.bytes } == text.utf8.count)
    }

    @Test func aLoadReportsFilesPhasesAndPapersInOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-observe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var bytes = 0
        for n in 0..<6 {
            let text = SyntheticRecords.medline(4 + n)
            bytes += text.utf8.count
            try text.write(toFile: (folder as NSString).appendingPathComponent("\(n).nbib"), atomically: true, encoding: .utf8)
        }
        try Data().write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("empty.nbib")))
        let reports = Reports()
        let loaded = CorpusLoader.load(paths: [folder], observer: { reports.add($0) })
        let plain = CorpusLoader.load(paths: [folder])
        #expect(loaded.corpus.papers == plain.corpus.papers)
        #expect(reports.phases == ["list", "read", "dedupe", "tag", "index"])
        guard case .listed(let files, let total)? = reports.events.first(where: { if case .listed = $0 { true } else { false } }) else {
            Issue.record("no listing reported")
            return
        }
        #expect(files == 7 && total == bytes)
        let batches = reports.batches
        #expect(batches.filter(\.endsFile).count == 7)
        #expect(batches.filter(\.fileFailed).map(\.file) == [6])
        #expect(batches.reduce(0) { $0 + $1.bytes } == bytes)
        let ordered = batches.sorted { ($0.file, $0.piece) < ($1.file, $1.piece) }.flatMap(\.papers)
        #expect(ordered == Ingest.load(files: FileWalker.files(under: [folder]).0, tagger: DiseaseTagger()).papers)
        // The papers arrive tagged, as the corpus has them (each synthetic record is about AML).
        let untagged = Ingest.load(paths: [folder]).papers
        #expect(ordered.count == untagged.count && untagged.allSatisfy(\.diseases.isEmpty))
        #expect(ordered.map(\.diseases) == untagged.map { DiseaseTagger().tags(for: $0) })
        #expect(ordered.allSatisfy { $0.diseases.first == DiseaseTag(name: "Acute Myeloid Leukemia", role: .primary) })
    }

    @Test func eachPieceOfALargeFileIsTaggedByTheThreadThatReadIt() throws {
        let text = SyntheticRecords.medline(60)
        let tagger = DiseaseTagger()
        let pieces = Reports()
        let (plain, tagged) = try Array(text.utf8).withUnsafeBytes { bytes in
            (try #require(ChunkedIngest.read(bytes: bytes, path: "/p/export.nbib", chunkSize: 1000)),
             try #require(ChunkedIngest.read(bytes: bytes, path: "/p/export.nbib", chunkSize: 1000, tagger: tagger) { piece, size, papers in
                pieces.add(.batch(IngestBatch(file: 0, piece: piece, bytes: size, papers: papers, endsFile: false)))
             }))
        }
        #expect(plain.papers.count == 59)  // record 5 has no title
        #expect(plain.papers.allSatisfy { $0.diseases.isEmpty })
        #expect(tagged.papers == tagger.tagged(plain.papers))
        #expect(pieces.batches.sorted { $0.piece < $1.piece }.flatMap(\.papers) == tagged.papers)
        #expect(tagged.papers.filter { $0.diseases.contains { $0.name == "Multiple Myeloma" } }.count > 0)
    }
}
