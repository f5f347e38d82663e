import Foundation

/// The whole path from files to a ready corpus: ingest (each paper tagged as it is read), dedupe
/// (papers merged from several records tagged again), index — or, when no file changed since the
/// last time, the corpus cache.
public enum CorpusLoader {
    public struct Loaded: Sendable {
        public var corpus: Corpus
        public var warnings: [IngestWarning]
        public var filesRead: Int
        /// The vocabulary the papers were tagged with; queries and facets should use the same one.
        public var vocabulary: DiseaseVocabulary = .bundled
        /// How long each phase took, for `make bench`.
        public var timings = LoadTimings()
    }

    /// Reads the files under the paths, or takes the corpus from the cache when none of them changed.
    /// The cache's context must name the vocabulary (see `cacheContext`). The observer, when given, is
    /// told of each phase and of the papers as they are read (see `LoadEvent`).
    public static func load(paths: [String], vocabulary: DiseaseVocabulary = .bundled, cache: CorpusCache? = nil,
                            observer: LoadObserver? = nil) -> Loaded {
        var timings = LoadTimings()
        timings.observer = observer
        let (files, listingWarnings) = timings.measure("list") { FileWalker.files(under: paths) }
        observer?(.listed(files: files.count, bytes: files.reduce(0) { total, path in
            var info = stat()
            return total + (stat(path, &info) == 0 ? Int(info.st_size) : 0)
        }))
        let sources = cache == nil ? [] : files.map { CorpusCache.Source(path: $0) }
        let cache = cache.flatMap { $0.worthCaching(sources) ? $0 : nil }
        if let cache {
            timings.cache = .miss
            if let entry = timings.measure("cache-read", { cache.load(paths: paths, sources: sources) }) {
                timings.cache = .hit
                timings.records = entry.records
                let corpus = timings.measure("index") { Corpus(deduplicated: entry.papers, index: entry.index, ids: entry.ids) }
                return Loaded(corpus: corpus, warnings: listingWarnings + entry.warnings, filesRead: entry.filesRead,
                              vocabulary: vocabulary, timings: timings)
            }
        }
        // Each paper is tagged by the thread that read it, as soon as it is read; a large record
        // file's papers are indexed while later pieces are still being read.
        let tagger = DiseaseTagger(vocabulary: vocabulary)
        var result = timings.measure("read") { Ingest.load(files: files, observer: observer, tagger: tagger, indexing: true) }
        timings.records = result.papers.count
        // One list of papers, changed in place from here on: merged without copying, then only the
        // papers merged from several records tagged again (tags depend on the paper's text alone, so
        // a paper read from one record keeps the tags it was read with).
        var papers: [Paper] = []
        swap(&papers, &result.papers)
        let (merged, positions) = timings.measure("dedupe") { Corpus.deduplicateTracking(&papers) }
        timings.measure("tag") { tagger.tag(&papers, at: merged) }
        // The records' index, renumbered to the papers' positions; merged papers indexed again.
        let builders = result.indexParts
        result.indexParts = []
        let corpus = timings.measure("index") {
            Corpus(deduplicated: papers, index: SearchIndex.assembling(builders, papers: papers, positions: positions, merged: merged),
                   ids: nil)
        }
        papers = []
        if let cache {
            // Written on another thread: the caller has the corpus at once.
            let entry = CorpusCache.Entry(papers: corpus.papers, index: corpus.index, warnings: result.warnings,
                                          filesRead: result.filesRead, records: timings.records, ids: corpus.ids)
            timings.measure("cache-write") {
                cache.storeInBackground(entry, paths: paths, sources: sources)
            }
        }
        return Loaded(corpus: corpus, warnings: listingWarnings + result.warnings, filesRead: result.filesRead,
                      vocabulary: vocabulary, timings: timings)
    }

    /// What the cache must know of the vocabulary: nothing for the bundled one (it is part of the
    /// program), else a fingerprint of its entries.
    public static func cacheContext(_ vocabulary: DiseaseVocabulary) -> String {
        if vocabulary == .bundled { return "vocabulary:bundled" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(vocabulary.entries)) ?? Data()
        return "vocabulary:" + PaperID.hash(String(decoding: data, as: UTF8.self))
    }
}

/// Seconds spent in each phase of a load, and whether the corpus cache answered.
public struct LoadTimings: Sendable {
    public enum CacheUse: String, Sendable { case off, miss, hit }

    public var phases: [(name: String, seconds: Double)] = []
    /// CPU seconds (user + system, all threads of the process) spent in each phase, in the same order.
    public var cpuSeconds: [Double] = []
    /// The process's peak resident memory (bytes) at the end of each phase, in the same order.
    public var peakBytes: [Int] = []
    /// Records read before duplicates were merged.
    public var records = 0
    public var cache = CacheUse.off
    /// Told as each phase begins.
    public var observer: LoadObserver?

    public init() {}

    public mutating func measure<T>(_ phase: String, _ work: () throws -> T) rethrows -> T {
        observer?(.phase(phase))
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = LoadTimings.processCPUSeconds()
        let value = try work()
        let (seconds, attoseconds) = (clock.now - start).components
        phases.append((phase, Double(seconds) + Double(attoseconds) / 1e18))
        cpuSeconds.append(LoadTimings.processCPUSeconds() - cpuStart)
        peakBytes.append(LoadTimings.peakResidentBytes())
        return value
    }

    /// The most memory the process has held resident so far.
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    /// User and system CPU time of the whole process so far.
    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
