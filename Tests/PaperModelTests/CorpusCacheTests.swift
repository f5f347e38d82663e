import Foundation
import Testing
@testable import PaperModel

/// Synthetic records for the cache, index and chunked-reading tests.
enum SyntheticRecords {
    static let surnames = ["Núñez", "Müller", "Passegué", "Østergaard", "Smith", "Wang", "O'Brien"]
    static let diseases = ["acute myeloid leukemia (AML)", "chronic myeloid leukaemia", "multiple myeloma", "lymphoma"]

    static func paper(_ n: Int, path: String = "/papers/export.nbib") -> Paper {
        Paper(
            title: "Stromal niche \(n) and \(diseases[n % diseases.count]) relapse",
            authors: (0..<(1 + n % 4)).map { "Ana \(surnames[($0 + n) % surnames.count])" },
            authorsTruncated: n % 5 == 0,
            journal: n % 3 == 0 ? nil : "Blood",
            year: n % 7 == 0 ? nil : 1990 + n % 30,
            date: "2014-03-\(10 + n % 18)",
            volume: "\(n)", issue: n % 2 == 0 ? "4" : nil, pages: "\(n)-\(n + 9)",
            doi: n % 4 == 3 ? nil : "10.1000/test.\(n)", pmid: "\(3_000_000 + n)",
            pmcid: n % 6 == 0 ? "PMC\(n)" : nil,
            abstract: n % 9 == 8 ? nil : "Exosomes from mesenchymal stromal cells — “niche” — protect \(diseases[n % diseases.count]) blasts; café naïve straße ½ ﬁbrosis \(n).",
            keywords: ["exosomes", "bone marrow niche \(n % 3)"],
            publicationTypes: ["Journal Article"],
            meshTerms: ["Leukemia, Myeloid, Acute", "Humans"],
            diseases: n % 2 == 0 ? [DiseaseTag(name: "Acute Myeloid Leukemia", role: .primary)]
                : [DiseaseTag(name: "Lymphoma", role: .mentioned)],
            source: PaperSource(path: n % 10 == 0 ? "/papers/other.ris" : path, format: n % 10 == 0 ? .ris : .medline,
                                line: n % 8 == 0 ? nil : n * 40 + 1))
    }

    /// A MEDLINE export of n records; every third has a long, wrapped abstract; record 5 has no title.
    static func medline(_ n: Int, newline: String = "\n") -> String {
        var out = ""
        for i in 0..<n {
            var lines = ["PMID- \(4_000_000 + i)", "OWN - NLM", "DP  - \(2000 + i % 20) Mar"]
            if i != 5 { lines.append("TI  - Marrow niche \(i) in acute myeloid leukemia.") }
            lines.append("FAU - \(surnames[i % surnames.count]), Ana")
            lines.append("AU  - \(surnames[i % surnames.count]) A")
            lines.append("AB  - Relapse \(i) of AML after intensive chemotherapy.")
            if i % 3 == 0 {
                for k in 0..<12 { lines.append("      continuation \(k) of a long abstract about myeloma and lymphoma.") }
            }
            lines.append("LID - 10.5555/m.\(i) [doi]")
            lines.append("JT  - Blood")
            out += lines.joined(separator: newline) + newline + newline
        }
        return out
    }
}

@Suite struct SearchIndexTests {
    let papers = (0..<300).map { SyntheticRecords.paper($0) }

    @Test func theIndexHoldsExactlyTheFoldedWordsOfEverySearchableField() {
        let index = SearchIndex(papers: papers)
        var expected: [String: Set<Int>] = [:]
        for (position, paper) in papers.enumerated() {
            var fields = [paper.title, paper.abstract ?? "", paper.journal ?? "", paper.doi ?? "", paper.pmid ?? ""]
            fields += paper.authors + paper.keywords + paper.meshTerms + paper.diseases.map(\.name)
            for word in TextNormalizer.words(fields.joined(separator: " ")) { expected[word, default: []].insert(position) }
        }
        #expect(index.tokenCount == expected.count)
        for (word, positions) in expected {
            #expect(Set(index.papers(withFoldedWord: word, prefix: false).positions) == positions, "word \(word)")
        }
    }

    @Test func wordsFoldCaseAndAccentsAndMatchAsPrefixes() {
        let index = SearchIndex(papers: papers)
        let nunez = papers.indices.filter { papers[$0].authors.contains { $0.hasSuffix("Núñez") } }
        #expect(!nunez.isEmpty)
        #expect(index.papers(withWord: "NUNEZ").positions == nunez)
        #expect(index.papers(withWord: "núñ").positions == nunez)
        #expect(index.papers(withWord: "nunez", prefix: false).positions == nunez)
        #expect(index.papers(withWord: "nune", prefix: false).isEmpty)
        let leuk = papers.indices.filter { $0 % 4 == 0 || $0 % 4 == 1 }  // leukemia or leukaemia in title
        #expect(Set(index.papers(withWord: "leuk").positions).isSuperset(of: leuk))
        #expect(index.words(withPrefix: "leuk") == ["leukaemia", "leukemia"])
        #expect(index.papers(withWord: "cafe").count == papers.filter { $0.abstract != nil }.count)
        #expect(index.papers(withWord: "zzz").isEmpty)
    }

    @Test func wordsOfEveryLengthAndAtEveryEdgeAreIndexedAsTheNormalizerSplitsThem() {
        // Words of 1 to 20 bytes (the index reads eight at a time), at the very start and end of a
        // field, digits, mixed case, accents that fold to ASCII, and fields with no word at all.
        let texts = ["A", "ab12CD", "EIGHTBYT", "NineBytes", "sixteen-byteword", "SixteenByteWord1", "x" + String(repeating: "Yz", count: 10),
                     "   ", "", "--", "Café CAFE cafe", "ÉCOLE école", "1234567890123", "end.", "a-b_c/d", "ﬁbrosis FIBROSIS"]
        let papers = texts.enumerated().map { n, text in
            Paper(title: text, abstract: n % 2 == 0 ? "\(text)!" : nil, source: PaperSource(path: "/p", format: .medline))
        }
        let index = SearchIndex(papers: papers)
        var expected: [String: Set<Int>] = [:]
        for (position, paper) in papers.enumerated() {
            for word in TextNormalizer.words(paper.title + " " + (paper.abstract ?? "")) { expected[word, default: []].insert(position) }
        }
        #expect(index.tokenCount == expected.count)
        #expect(index.words(withPrefix: "") == expected.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        for (word, positions) in expected {
            #expect(Set(index.papers(withFoldedWord: word, prefix: false).positions) == positions, "word \(word)")
        }
        #expect(index.papers(withWord: "cafe", prefix: false).positions == [10])
        #expect(index.papers(withWord: "ecole", prefix: false).positions == [11])
        #expect(index.papers(withWord: "sixteenbyteword", prefix: false).isEmpty)
        #expect(index.papers(withWord: "sixteenbyteword").positions == [5])
        #expect(index.papers(withWord: "sixteenbyteword1", prefix: false).positions == [5])
        #expect(index.papers(withWord: "sixteen", prefix: false).positions == [4])
        #expect(index.papers(withWord: "fibrosis", prefix: false).positions == [15])
        #expect(index.papers(withWord: "eightbyt", prefix: false).positions == [2])
    }

    @Test func aTwoCoreBuildEqualsAOneCoreBuild() {
        let many = (0..<5000).map { SyntheticRecords.paper($0) }
        let whole = SearchIndex(papers: many)
        var single = IndexBuilder()
        for (position, paper) in many.enumerated() { single.add(paper, position: UInt32(position)) }
        let reference = single.finish(paperCount: many.count)
        #expect(whole.arena == reference.arena)
        #expect(whole.tokenStart == reference.tokenStart)
        #expect(whole.postingStart == reference.postingStart)
        #expect(whole.postings == reference.postings)
    }

    @Test func positionSetsIntersectUniteSubtractAndCount() {
        var a = PositionSet([1, 5, 64, 130], capacity: 200)
        let b = PositionSet([5, 64, 199], capacity: 200)
        var c = a
        c.formUnion(b)
        #expect(c.positions == [1, 5, 64, 130, 199])
        a.formIntersection(b)
        #expect(a.positions == [5, 64])
        c.subtract(b)
        #expect(c.positions == [1, 130])
        #expect(PositionSet.all(130).count == 130)
        #expect(!PositionSet.all(130).contains(130))
        #expect(PositionSet(capacity: 10).isEmpty)
    }
}

@Suite struct CorpusCacheTests {
    func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-cache-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    func entry(_ count: Int) -> CorpusCache.Entry {
        let papers = (0..<count).map { SyntheticRecords.paper($0) }
        return CorpusCache.Entry(
            papers: papers, index: SearchIndex(papers: papers),
            warnings: [IngestWarning(path: "/papers/bad.txt", problem: .binary),
                       IngestWarning(path: "/papers/export.nbib", line: 41, problem: .badRecord("no title")),
                       IngestWarning(path: "/papers/huge", problem: .tooLarge(bytes: 5 << 30, limit: 1 << 30))],
            filesRead: 2, records: count + 3)
    }

    let sources = [CorpusCache.Source(path: "/papers/export.nbib", size: 1234, modified: 1_700_000_000_123_456_789),
                   CorpusCache.Source(path: "/papers/other.ris", size: 99, modified: 1_700_000_001_000_000_000)]

    @Test func aStoredCorpusComesBackTheSameOnBothCores() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = CorpusCache(folder: folder, context: "test")
        let original = entry(5000)
        #expect(cache.store(original, paths: ["/papers"], sources: sources))
        let loaded = try #require(cache.load(paths: ["/papers"], sources: sources))
        #expect(loaded.papers == original.papers)
        #expect(loaded.warnings == original.warnings)
        #expect(loaded.filesRead == 2)
        #expect(loaded.records == 5003)
        let index = try #require(loaded.index)
        #expect(index.postings == original.index!.postings)
        #expect(index.arena == original.index!.arena)
        #expect(index.papers(withWord: "nunez").positions == original.index!.papers(withWord: "nunez").positions)
        // Repeated values come back as shared Strings: a heading held by 5,000 papers is a handful of
        // buffers (one per decoding thread), not 5,000.
        let headings = Set(loaded.papers.compactMap { paper in
            paper.meshTerms[0].utf8.withContiguousStorageIfAvailable { $0.baseAddress } ?? nil
        })
        let tags = Set(loaded.papers.filter { $0.diseases[0].name.utf8.count > 15 }.compactMap { paper in
            paper.diseases[0].name.utf8.withContiguousStorageIfAvailable { $0.baseAddress } ?? nil
        })
        #expect(headings.count >= 1 && headings.count <= 2)
        #expect(tags.count >= 1 && tags.count <= 2)
    }

    @Test func eachPaperKeepsItsOwnSourcePathAcrossBlocks() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = CorpusCache(folder: folder, context: "test")
        // Runs of one path, single papers between them, an empty path, and a block starting on each kind.
        let paths = ["/a.nbib", "", "/b.ris", "/a.nbib", "/c.bib"]
        let count = CorpusCache.papersPerBlock * 2 + 7
        var papers = (0..<count).map { n in
            var paper = SyntheticRecords.paper(n)
            paper.source.path = n % 97 < 60 ? paths[0] : paths[1 + n % 4]
            return paper
        }
        papers[CorpusCache.papersPerBlock].source.path = ""
        papers[CorpusCache.papersPerBlock * 2].source.path = "/c.bib"
        let original = CorpusCache.Entry(papers: papers, index: nil, warnings: [], filesRead: 4, records: count)
        #expect(cache.store(original, paths: ["/x"], sources: sources))
        let loaded = try #require(cache.load(paths: ["/x"], sources: sources))
        try #require(loaded.papers.count == papers.count)
        let wrongPaths = papers.indices.filter { loaded.papers[$0].source.path != papers[$0].source.path }
        #expect(wrongPaths.isEmpty, "papers with another's path: \(wrongPaths.prefix(5))")
        #expect(zip(loaded.papers, papers).allSatisfy { $0 == $1 })
        #expect(Set(loaded.papers.map(\.source.path)) == Set(paths))
    }

    @Test func aChangedFileOrProgramMakesTheCacheStale() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = CorpusCache(folder: folder, context: "build 1")
        #expect(cache.store(entry(20), paths: ["/papers"], sources: sources))
        var touched = sources
        touched[1].modified += 1
        #expect(cache.load(paths: ["/papers"], sources: touched) == nil)
        var grown = sources
        grown[0].size += 1
        #expect(cache.load(paths: ["/papers"], sources: grown) == nil)
        #expect(cache.load(paths: ["/papers"], sources: Array(sources.prefix(1))) == nil)
        #expect(CorpusCache(folder: folder, context: "build 2").load(paths: ["/papers"], sources: sources) == nil)
        #expect(cache.load(paths: ["/elsewhere"], sources: sources) == nil)
        #expect(cache.load(paths: ["/papers"], sources: sources)?.papers.count == 20)
    }

    @Test func aDamagedCacheIsNeverTrusted() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = CorpusCache(folder: folder, context: "test")
        #expect(cache.store(entry(300), paths: ["/papers"], sources: sources))
        let path = cache.file(for: ["/papers"])
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var damaged: [Data] = []
        for offset in [3, 17, 30, good.count / 3, good.count / 2, good.count - 5] {
            var copy = good
            copy[offset] ^= 0x41
            damaged.append(copy)
        }
        damaged.append(good.prefix(good.count - 1))
        damaged.append(good.prefix(good.count / 2))
        damaged.append(good + Data([0]))
        damaged.append(Data("not a cache at all".utf8))
        damaged.append(Data())
        for (n, bytes) in damaged.enumerated() {
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect(cache.load(paths: ["/papers"], sources: sources) == nil, "damage \(n)")
        }
        try good.write(to: URL(fileURLWithPath: path))
        #expect(cache.load(paths: ["/papers"], sources: sources)?.papers.count == 300)
    }

    @Test func theLoaderReadsOnceThenServesFromTheCacheAndNoticesChanges() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let papersFolder = (folder as NSString).appendingPathComponent("papers")
        try FileManager.default.createDirectory(atPath: papersFolder, withIntermediateDirectories: true)
        let file = (papersFolder as NSString).appendingPathComponent("export.nbib")
        try SyntheticRecords.medline(40).write(toFile: file, atomically: true, encoding: .utf8)
        try Data([0, 1, 2, 0]).write(to: URL(fileURLWithPath: (papersFolder as NSString).appendingPathComponent("x.bin")))
        let cache = CorpusCache(folder: (folder as NSString).appendingPathComponent("cache"), context: "t", minimumBytes: 0)

        let first = CorpusLoader.load(paths: [papersFolder], cache: cache)
        #expect(first.timings.cache == .miss)
        #expect(first.corpus.count == 39)
        let second = CorpusLoader.load(paths: [papersFolder], cache: cache)
        #expect(second.timings.cache == .hit)
        #expect(second.corpus.papers == first.corpus.papers)
        #expect(second.warnings == first.warnings)
        #expect(second.warnings.count == 2)  // the binary file, the record without a title
        #expect(second.corpus.index.papers(withWord: "marrow").count == 39)

        try SyntheticRecords.medline(41).write(toFile: file, atomically: true, encoding: .utf8)
        let third = CorpusLoader.load(paths: [papersFolder], cache: cache)
        #expect(third.timings.cache == .miss)
        #expect(third.corpus.count == 40)

        CorpusCache.waitForPendingWrites()  // the third load's write, before the file is damaged
        try Data("LECTERN-CORPUS\r\n garbage".utf8).write(to: URL(fileURLWithPath: cache.file(for: [papersFolder])))
        let fourth = CorpusLoader.load(paths: [papersFolder], cache: cache)
        #expect(fourth.timings.cache == .miss)
        #expect(fourth.corpus.papers == third.corpus.papers)
        #expect(CorpusLoader.load(paths: [papersFolder], cache: cache).timings.cache == .hit)
    }

    @Test func aLoadWithAnUnreadableFileIsNotCached() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = CorpusCache(folder: folder, context: "t", minimumBytes: 0)
        var withUnreadable = entry(3)
        withUnreadable.warnings.append(IngestWarning(path: "/papers/locked.nbib", problem: .unreadable("permission denied")))
        #expect(!cache.store(withUnreadable, paths: ["/papers"], sources: sources))
        #expect(cache.load(paths: ["/papers"], sources: sources) == nil)
    }

    @Test func smallCorporaAreNotCachedAndOldCacheFilesArePruned() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let small = CorpusCache(folder: folder, context: "t")
        #expect(!small.worthCaching(sources))
        var cache = CorpusCache(folder: folder, context: "t", minimumBytes: 0)
        cache.keep = 3
        for n in 0..<5 { #expect(cache.store(entry(2), paths: ["/p\(n)"], sources: sources)) }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".bin") }
        #expect(left.count == 3)
        #expect(cache.load(paths: ["/p4"], sources: sources) != nil)
    }

    @Test func theStandardCacheFollowsTheEnvironment() {
        #expect(CorpusCache.standard(environment: ["LECTERN_CACHE": "off", "HOME": "/home/a"]) == nil)
        #expect(CorpusCache.standard(environment: ["LECTERN_CACHE": "/tmp/c"])?.folder == "/tmp/c")
        #expect(CorpusCache.standard(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/home/a"])?.folder == "/x/lectern")
        #expect(CorpusCache.standard(environment: ["HOME": "/home/a"])?.folder == "/home/a/.cache/lectern")
    }
}

@Suite struct ChunkedIngestTests {
    func chunked(_ text: String, path: String, chunkSize: Int) -> ReadOutcome? {
        Array(text.utf8).withUnsafeBytes { ChunkedIngest.read(bytes: $0, path: path, chunkSize: chunkSize) }
    }

    @Test(arguments: ["\n", "\r\n"])
    func readingInChunksGivesWhatReadingWholeGives(newline: String) throws {
        let text = SyntheticRecords.medline(60, newline: newline)
        let whole = Ingest.read(text: text, path: "/p/export.nbib")
        for size in [200, 1000, 5000] {
            let pieces = try #require(chunked(text, path: "/p/export.nbib", chunkSize: size))
            #expect(pieces.papers == whole.papers, "chunk size \(size)")
            #expect(pieces.warnings == whole.warnings, "chunk size \(size)")
        }
        #expect(whole.papers.count == 59)
        #expect(whole.warnings.count == 1)
        #expect(whole.papers[9].source.line == 10 * 10 + 4 * 12 - 1 + 1)  // record 10; record 5 has no title
    }

    @Test func chunksStartAtRecordLinesOnly() {
        let text = SyntheticRecords.medline(30)
        let bytes = Array(text.utf8)
        var bounds = [0]
        bytes.withUnsafeBufferPointer { p in
            while let cut = ChunkedIngest.nextCut(p.baseAddress!, from: bounds.last! + 300, start: bounds.last!, count: p.count,
                                                  rule: .afterBlankLine) { bounds.append(cut) }
        }
        #expect(bounds.count > 5)
        for b in bounds.dropFirst() {
            // Just after a blank line, at the next record's PMID line.
            #expect(bytes[b - 1] == 0x0A && bytes[b - 2] == 0x0A)
            #expect(String(decoding: bytes[b..<(b + 5)], as: UTF8.self) == "PMID-")
        }
    }

    @Test func pagesAndOtherFormatsAreNotCut() {
        #expect(chunked("Some article page\n\nAbstract\nText of the abstract.\n", path: "/p/a.txt", chunkSize: 10) == nil)
        #expect(chunked("[{\"title\": \"A\"}]", path: "/p/a.json", chunkSize: 4) == nil)
    }

    @Test func manyFilesAreReadInParallelAndKeptInOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-par-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var files: [String] = []
        for n in 0..<24 {
            let file = (folder as NSString).appendingPathComponent(String(format: "%02d.nbib", n))
            try SyntheticRecords.medline(3 + n % 4).write(toFile: file, atomically: true, encoding: .utf8)
            files.append(file)
        }
        let parallel = Ingest.load(files: files)
        var serial: [Paper] = []
        for file in files { serial += Ingest.read(file: file).papers }
        #expect(parallel.papers == serial)
        #expect(parallel.filesRead == 24)
    }
}
