import ArgumentParser
import BrowserUI
import Foundation
import PaperModel

/// In-process timings for `make bench`: load phases, facet time and filter keystroke latency,
/// printed as one JSON object. Hidden from help; not a user command.
struct BenchInternalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-internal",
        abstract: "Print load, facet and filter timings as JSON (used by make bench).",
        shouldDisplay: false
    )

    @OptionGroup var source: PathOptions

    @Option(name: .customLong("type"), help: "A query typed one key at a time in the filter session (repeatable).")
    var typed: [String] = []

    @Option(help: "How many times the typing session and the facet computation are repeated.")
    var rounds = 3

    func run() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let loaded = try source.loadCorpus()
        let loadSeconds = (clock.now - start).seconds
        let corpus = loaded.corpus
        let bytes = source.resolvedPaths().reduce(0) { $0 + BenchInternalCommand.bytes(under: $1) }

        let state = source.readingState()
        let search = CorpusSearch(corpus: corpus, vocabulary: loaded.vocabulary)
        let tablesStart = clock.now
        search.prepareFacets()
        let marks = search.marks(state)
        let facetTablesSeconds = (clock.now - tablesStart).seconds
        // As the browser does once the corpus is loaded, before the first author:, journal: or kw: query.
        let fieldIndexesStart = clock.now
        search.prepareFieldIndexes()
        let fieldIndexesSeconds = (clock.now - fieldIndexesStart).seconds
        var facetSamples: [Double] = []
        for _ in 0..<max(1, rounds) {
            let t = clock.now
            _ = search.countFacets(search.all, marks: marks)
            facetSamples.append((clock.now - t).seconds)
        }

        // The real keystroke path: the browser's update (parse, search, narrow, count facets) and
        // its render of a 120×40 screen, for `/`, each character typed, three backspaces and Esc.
        let queries = typed.isEmpty ? ["disease:AML relapse", "author:nunez marrow", "exosome stromal"] : typed
        let catalog = Catalog(search: search)
        let size = Size(width: 120, height: 40)
        var keystrokes: [Double] = []
        // What each keystroke left in the filter line, to name the slow ones.
        var typedSoFar: [String] = []
        var lastCount = 0
        for _ in 0..<max(1, rounds) {
            for query in queries {
                var app = AppState(catalog: catalog, location: "bench", reading: state, size: size)
                var keys: [Key] = [.char("/")] + query.map { Key.char($0) }
                keys += Array(repeating: Key.backspace, count: min(3, query.count))
                keys.append(.escape)
                for key in keys {
                    let t = clock.now
                    app = Browser.update(app, .key(key)).0
                    _ = Browser.render(app, size: size)
                    keystrokes.append((clock.now - t).seconds)
                    typedSoFar.append(BenchInternalCommand.describe(key, after: app.filterText))
                }
                lastCount = app.shown.count
            }
        }

        // The cache write started by a cold load runs in the background; the process would wait
        // for it at exit anyway, so it is waited for here and its time reported.
        let waitStart = clock.now
        let cacheWriteSeconds = CorpusCache.waitForPendingWrites()
        let cacheWaitSeconds = (clock.now - waitStart).seconds

        var phases: [String: Double] = [:]
        for (name, seconds) in loaded.timings.phases { phases[name] = BenchInternalCommand.rounded(seconds) }
        var phasesCPU: [String: Double] = [:]
        for (phase, cpu) in zip(loaded.timings.phases, loaded.timings.cpuSeconds) {
            phasesCPU[phase.name] = BenchInternalCommand.rounded(cpu)
        }
        var phasesPeakMB: [String: Int] = [:]
        for (phase, peak) in zip(loaded.timings.phases, loaded.timings.peakBytes) { phasesPeakMB[phase.name] = peak >> 20 }
        let report: [String: Any] = [
            "files": loaded.filesRead,
            "bytes": bytes,
            "papers": corpus.count,
            "records": loaded.timings.records,
            "cache": loaded.timings.cache.rawValue,
            "loadSeconds": BenchInternalCommand.rounded(loadSeconds),
            "phases": phases,
            "phasesCPU": phasesCPU,
            "phasesPeakMB": phasesPeakMB,
            "cacheWriteBackgroundSeconds": BenchInternalCommand.rounded(cacheWriteSeconds),
            "cacheWaitSeconds": BenchInternalCommand.rounded(cacheWaitSeconds),
            "facetSeconds": BenchInternalCommand.rounded(BenchInternalCommand.median(facetSamples)),
            "facetTablesSeconds": BenchInternalCommand.rounded(facetTablesSeconds),
            "fieldIndexesSeconds": BenchInternalCommand.rounded(fieldIndexesSeconds),
            "keystrokes": [
                "count": keystrokes.count,
                "p50Ms": BenchInternalCommand.rounded(BenchInternalCommand.percentile(keystrokes, 0.5) * 1000),
                "p99Ms": BenchInternalCommand.rounded(BenchInternalCommand.percentile(keystrokes, 0.99) * 1000),
                "maxMs": BenchInternalCommand.rounded((keystrokes.max() ?? 0) * 1000),
                "lastMatches": lastCount,
                "slowest": keystrokes.indices.sorted { keystrokes[$0] > keystrokes[$1] }.prefix(5).map {
                    ["ms": BenchInternalCommand.rounded(keystrokes[$0] * 1000), "key": typedSoFar[$0]] as [String: Any]
                },
            ],
        ]
        let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        ProcessEnd.successWithoutFreeing()
    }

    /// A keystroke and the filter text it left, as `key → text`.
    static func describe(_ key: Key, after text: String) -> String {
        let name: String
        switch key {
        case .char(let c): name = String(c)
        case .backspace: name = "⌫"
        case .escape: name = "Esc"
        default: name = "\(key)"
        }
        return name + " → " + text
    }

    static func bytes(under path: String) -> Int {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isFolder) else { return 0 }
        if !isFolder.boolValue { return ((try? fm.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0 }
        var total = 0
        if let walker = fm.enumerator(atPath: path) {
            while let name = walker.nextObject() as? String {
                let full = (path as NSString).appendingPathComponent(name)
                total += ((try? fm.attributesOfItem(atPath: full))?[.size] as? Int) ?? 0
            }
        }
        return total
    }

    static func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

    /// Nearest-rank percentile.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
