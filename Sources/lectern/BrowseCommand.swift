import ArgumentParser
import BrowserUI
import CursesTerminal
import Foundation
import PaperModel

struct BrowseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        abstract: "Open the reading browser on the papers (the default command).",
        discussion: """
        When standard output is not a terminal, prints the list instead.
        With LECTERN_FIRST_PAINT_REPORT=FILE, writes the time from start to the first drawn screen to FILE.
        """
    )

    @OptionGroup var source: PathOptions

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1 else {
            let loaded = try source.loadCorpus()
            StandardError.print("lectern: not a terminal, so listing the \(loaded.corpus.count) papers instead of opening the browser.")
            for paper in loaded.corpus.papers { print(PaperFormatter.listLine(paper)) }
            return
        }
        let location = Self.location(of: source.resolvedPaths())
        var report = FirstPaintReport(path: ProcessInfo.processInfo.environment["LECTERN_FIRST_PAINT_REPORT"])

        // Paint at once; the papers are read in the background and stream into the list.
        let terminal = Terminal()
        try terminal.start()
        var first = AppState(loading: location, size: terminal.size)
        first = Browser.update(first, .resize(terminal.size)).0
        terminal.draw(Browser.render(first, size: first.size))
        report.firstPaint = clock.now - started
        let vocabulary: DiseaseVocabulary
        do {
            vocabulary = try DiseaseVocabulary.load(userFile: source.diseasesFile)
        } catch {
            terminal.stop()
            StandardError.print("lectern: error: \(error)")
            throw ExitCode.failure
        }
        let store = LibraryStore(path: source.libraryPath)
        let load = BackgroundLoad(clock: clock, started: started)
        let source = self.source
        load.start(reading: store.snapshot) { observer in source.load(vocabulary: vocabulary, observer: observer) }
        let session = BrowserSession(
            terminal: terminal,
            state: AppState(loading: location, vocabulary: vocabulary, reading: store.snapshot, size: terminal.size),
            store: store,
            load: load,
            notice: store.problem?.summary
        )
        let end = session.run { stage in
            switch stage {
            case .firstPapers: report.firstPapers = clock.now - started
            case .loaded(let papers):
                report.loaded = clock.now - started
                report.papers = papers
            case .listPainted(let frames):
                report.listPainted = clock.now - started
                report.frames = frames
                report.write()
            }
        }
        terminal.stop()
        // The warnings the status line counted, now that the terminal is back.
        let loaded = load.result
        for warning in loaded?.warnings ?? [] { StandardError.print("lectern: warning: \(warning)") }
        switch end {
        case .quit:
            // Still reading: leave now, without waiting for the reading threads or freeing the papers
            // (exit still lets a cache write under way finish, so no partial file is left).
            if loaded == nil { Self.exitNow(0) }
        case .nothingRead:
            StandardError.print("lectern: error: no papers could be read from \(source.resolvedPaths().joined(separator: ", "))")
            throw ExitCode.failure
        case .signal(let signal):
            // The terminal is restored; end by the same signal so the parent shell sees why.
            Foundation.signal(signal, SIG_DFL)
            raise(signal)
            Foundation.exit(128 + signal)
        }
    }

    static func exitNow(_ status: Int32) -> Never {
        fflush(nil)
        Foundation.exit(status)
    }

    /// The paths as the header shows them: folders end in "/", the home folder is "~".
    static func location(of paths: [String]) -> String {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        return paths.map { path in
            var shown = path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue, !shown.hasSuffix("/") { shown += "/" }
            if shown.hasPrefix(home + "/") { shown = "~" + shown.dropFirst(home.count) }
            let cwd = FileManager.default.currentDirectoryPath + "/"
            if shown.hasPrefix(cwd) && shown.count > cwd.count { shown = String(shown.dropFirst(cwd.count)) }
            return shown
        }.joined(separator: " ")
    }
}

/// The corpus loading on a thread of its own: what it reports is gathered here, under a lock, until
/// the event loop takes it (a frame's worth at a time), and the result is kept for the end.
final class BackgroundLoad: @unchecked Sendable {
    private let lock = NSLock()
    private let clock: ContinuousClock
    private let started: ContinuousClock.Instant
    private var progress = LoadProgress()
    private var progressChanged = true
    private var batches: [IngestBatch] = []
    private var finished: (loaded: CorpusLoader.Loaded, catalog: Catalog, marks: CorpusSearch.Marks, seconds: Double)?
    private var delivered = false
    /// The browser's states from before the whole corpus arrived (holding the papers read so far),
    /// let go by the load thread once its own work is done; see `release`.
    private var leftovers: [AppState] = []
    private var loadThreadDone = false

    init(clock: ContinuousClock, started: ContinuousClock.Instant) {
        self.clock = clock
        self.started = started
    }

    /// Starts the load. The thread blocks every signal, so quit signals, Ctrl-Z and resizes reach the
    /// event loop's thread; the merged, tagged and indexed corpus gets its search tables and the
    /// whole corpus's facet counts there too (for the reading state at start, which the search keeps
    /// as its last answer), so taking it costs the event loop little; then the field indexes.
    func start(reading: any ReadingState, _ work: @escaping @Sendable (@escaping LoadObserver) -> CorpusLoader.Loaded) {
        let thread = Thread { [self] in
            var all = sigset_t()
            sigfillset(&all)
            pthread_sigmask(SIG_BLOCK, &all, nil)
            let loadStart = clock.now
            let loaded = work { [self] event in observe(event) }
            let catalog = Catalog(corpus: loaded.corpus, vocabulary: loaded.vocabulary)
            let search = catalog.search
            let marks = search.marks(reading)
            _ = search.facets(for: search.all, marks: marks)
            let seconds = (clock.now - loadStart).seconds
            lock.lock()
            finished = (loaded, catalog, marks, seconds)
            lock.unlock()
            // The first author:, journal: or kw: query would otherwise wait for its index.
            search.prepareFieldIndexes()
            lock.lock()
            loadThreadDone = true
            let old = leftovers
            leftovers = []
            lock.unlock()
            withExtendedLifetime(old) {}
        }
        thread.name = "lectern-load"
        thread.start()
    }

    /// Lets go of a state holding the papers read so far. Freeing a million papers while the first
    /// frames of the whole corpus are drawn held those frames up by half a second (the freeing takes
    /// the allocator's locks and the counts of strings the papers share), so it waits for the load
    /// thread to finish building the field indexes and is done there.
    func release(_ state: AppState) {
        lock.lock()
        if loadThreadDone {
            lock.unlock()
            DispatchQueue.global(qos: .utility).async { withExtendedLifetime(state) {} }
            return
        }
        leftovers.append(state)
        lock.unlock()
    }

    private func observe(_ event: LoadEvent) {
        let seconds = (clock.now - started).seconds
        lock.lock()
        defer { lock.unlock() }
        progress.apply(event, seconds: seconds)
        progressChanged = true
        if case .batch(let batch) = event, !batch.papers.isEmpty { batches.append(batch) }
    }

    /// What arrived since the last call, as events: the latest progress, the papers read, and at the
    /// end the whole corpus (with the marks taken for the reading state at start, if it is still the
    /// browser's). Nil when nothing changed.
    func take(readingChanged: Bool) -> [Event]? {
        lock.lock()
        defer { lock.unlock() }
        var events: [Event] = []
        if progressChanged { events.append(.loadProgress(progress)) }
        if !batches.isEmpty { events.append(.papersArrived(batches)) }
        progressChanged = false
        batches = []
        if let finished, !delivered {
            delivered = true
            let files = Set(finished.loaded.warnings.map(\.path)).count
            events.append(.loadFinished(LoadedCatalog(catalog: finished.catalog, skippedFiles: files,
                                                      filesRead: finished.loaded.filesRead, seconds: finished.seconds,
                                                      marks: readingChanged ? nil : finished.marks)))
        }
        return events.isEmpty ? nil : events
    }

    /// The load's result once it has finished.
    var result: CorpusLoader.Loaded? {
        lock.lock()
        defer { lock.unlock() }
        return finished?.loaded
    }

    var isDelivered: Bool {
        lock.lock()
        defer { lock.unlock() }
        return delivered
    }
}

/// The browser's shell: holds the reading-state store, runs the event loop on the terminal,
/// feeds it what the background load reports, and carries out the effects `Browser.update` asks for.
final class BrowserSession {
    private var state: AppState
    private let store: any ReadingStateStore
    private let terminal: Terminal
    private let load: BackgroundLoad?
    /// Whether the reading state changed since the load began (the marks it took are then stale).
    private var readingChanged = false

    enum End { case quit, signal(Int32), nothingRead }
    enum Stage { case firstPapers, loaded(papers: Int), listPainted(frames: FrameCount) }

    /// Frames drawn while the papers loaded, over how long, and the longest the loop was busy
    /// between two looks at the keyboard (applying what arrived and drawing), then and at the end.
    struct FrameCount {
        var frames = 0
        var seconds = 0.0
        var longestStep = 0.0
        var finishStep = 0.0
    }

    /// A frame at most every 1/60 s; while loading, the loop wakes at least this often to take the progress.
    static let frameInterval = Duration.milliseconds(16)

    /// `notice` is an error to show at start-up (a saved-state file that opened read-only).
    init(terminal: Terminal, state: AppState, store: any ReadingStateStore, load: BackgroundLoad?, notice: String? = nil) {
        self.terminal = terminal
        self.store = store
        self.load = load
        self.state = state
        if let notice { self.state.message = StatusMessage(notice, isError: true) }
    }

    /// Runs until `q` or a quit signal. Input is read with a short timeout while the papers load,
    /// what the load reported is applied between keys, and the screen is drawn at most once a frame
    /// and only when something changed.
    func run(stages: (Stage) -> Void) -> End {
        if !terminal.utf8Locale { state.message = StatusMessage("the locale is not UTF-8: set LANG=C.UTF-8 for wide characters", isError: true) }
        state = Browser.update(state, .resize(terminal.size)).0
        let clock = ContinuousClock()
        var lastDraw = clock.now
        var lastStoreCheck = clock.now
        var dirty = false
        var counts = FrameCount()
        let loadStart = clock.now
        var sawPapers = false
        var listPending = state.loading == nil
        terminal.draw(Browser.render(state, size: state.size))
        if listPending {
            stages(.listPainted(frames: counts))
            listPending = false
        }
        while true {
            let loading = load != nil && !(load?.isDelivered ?? true)
            if state.isFiltering {
                // Papers are being checked against the filter a slice at a time: only look at the keyboard.
                terminal.setInputTimeout(milliseconds: 0)
            } else if loading || dirty {
                let due = lastDraw + Self.frameInterval - clock.now
                terminal.setInputTimeout(milliseconds: dirty ? max(1, Int((due.seconds * 1000).rounded(.up))) : 16)
            } else {
                terminal.setInputTimeout(milliseconds: 500)
            }
            let input = terminal.nextInput()
            let stepStart = clock.now
            var finishing = false
            defer {
                if !finishing && state.loading != nil { counts.longestStep = max(counts.longestStep, (clock.now - stepStart).seconds) }
            }
            switch input {
            case .idle:
                // Another Lectern may have changed the saved state: show it (one stat when it has not).
                guard clock.now - lastStoreCheck >= .milliseconds(400), let library = store as? LibraryStore else { break }
                lastStoreCheck = clock.now
                let wasReadOnly = library.isReadOnly
                guard library.reloadIfChanged() else { break }
                var events: [Event] = [.readingState(library.snapshot)]
                if library.isReadOnly, !wasReadOnly, let problem = library.problem { events.append(.failure(problem.summary)) }
                for event in events {
                    if dispatch(event) { return .quit }
                }
                dirty = true
            case .signal(let number):
                return .signal(number)
            case .event(let event):
                if dispatch(event) { return .quit }
                dirty = true
            }
            if let events = load?.take(readingChanged: readingChanged) {
                for event in events {
                    // The papers read so far are let go on another thread (see `release`): freeing
                    // 100,000 of them here would hold up the first frame of the whole corpus.
                    let before = state
                    _ = dispatch(event)
                    if case .loadFinished = event { load?.release(before) }
                    if case .loadFinished(let loaded) = event {
                        finishing = true
                        stages(.loaded(papers: loaded.catalog.count))
                        if loaded.filesRead == 0 { return .nothingRead }
                        listPending = true
                    }
                }
                dirty = true
            }
            if state.isFiltering {
                _ = dispatch(.tick)
                dirty = true
            }
            if dirty && (clock.now - lastDraw >= Self.frameInterval || finishing) {
                terminal.draw(Browser.render(state, size: state.size))
                lastDraw = clock.now
                dirty = false
                if state.loading != nil {
                    counts.frames += 1
                    counts.seconds = (clock.now - loadStart).seconds
                    if !sawPapers && state.paperCount > 0 {
                        sawPapers = true
                        stages(.firstPapers)
                    }
                }
                if listPending {
                    listPending = false
                    if finishing { counts.finishStep = (clock.now - stepStart).seconds }
                    stages(.listPainted(frames: counts))
                }
            }
        }
    }

    /// Applies an event and runs its effects; true when the browser should quit.
    private func dispatch(_ event: Event) -> Bool {
        var queue = [event]
        while !queue.isEmpty {
            let event = queue.removeFirst()
            if case .readingState = event { readingChanged = true }
            let (next, effects) = Browser.update(state, event)
            state = next
            for effect in effects {
                switch effect {
                case .quit: return true
                case .redraw: terminal.invalidate()
                case .copy(let text):
                    terminal.writeRaw("\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}")
                case .openURL(let url):
                    if let failure = open(url) { queue.append(.failure(failure)) }
                case .setSaved(let paper, let saved):
                    queue.append(contentsOf: apply("save") { try store.setSaved(saved, for: paper) })
                case .setRead(let paper, let read):
                    queue.append(contentsOf: apply("mark") { try store.setRead(read, for: paper) })
                case .setTags(let paper, let tags):
                    queue.append(contentsOf: apply("tag") { try store.setTags(tags, for: paper) })
                case .setNote(let paper, let note):
                    queue.append(contentsOf: apply("note") { try store.setNote(note, for: paper) })
                case .exportSaved(let papers):
                    queue.append(export(papers))
                }
            }
        }
        return false
    }

    /// The new reading state, and the failure when the change could not be written: the change still shows,
    /// since the store keeps it in memory and writes it with the next one.
    private func apply(_ what: String, _ change: () throws -> Void) -> [Event] {
        do {
            try change()
            return [.readingState(store.snapshot)]
        } catch let error as LibraryError {
            return [.readingState(store.snapshot), .failure("could not \(what) the paper: \(error.summary)")]
        } catch {
            return [.readingState(store.snapshot), .failure("could not \(what) the paper: \(error)")]
        }
    }

    /// Writes the saved papers as BibTeX to a new file in the working folder and says where.
    private func export(_ papers: [Paper]) -> Event {
        let folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        do {
            let file = try ExportFile.writeNew(papers, format: .bibtex, in: folder)
            return .note("exported \(papers.count) saved paper\(papers.count == 1 ? "" : "s") to ./\(file.lastPathComponent)")
        } catch {
            return .failure("export failed: \(error)")
        }
    }

    /// Opens a link with $BROWSER (in the terminal, which it may need) or else xdg-open in the background.
    private func open(_ url: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let browser = environment["BROWSER"], !browser.isEmpty {
            var status: Int32 = 0
            terminal.suspended {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", browser + " \"$1\"", "sh", url]
                do {
                    try process.run()
                    process.waitUntilExit()
                    status = process.terminationStatus
                } catch {
                    status = -1
                }
            }
            return status == 0 ? nil : "$BROWSER (\(browser)) could not open \(url)"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "cannot open \(url): set $BROWSER or install xdg-open"
        }
        return nil
    }
}

/// How long start-up took, written to LECTERN_FIRST_PAINT_REPORT when set: the first paint (the
/// frame with the progress line), the first papers in the list, the whole corpus loaded, and its list
/// on screen, in milliseconds since `main`; the list's time since exec; the frames drawn while
/// loading and how many a second; and the processor time used by then.
struct FirstPaintReport {
    var path: String?
    var firstPaint: Duration = .zero
    var firstPapers: Duration?
    var loaded: Duration = .zero
    var listPainted: Duration = .zero
    var papers = 0
    var frames = BrowserSession.FrameCount()

    func write() {
        guard let path, !path.isEmpty else { return }
        var lines = [
            "papers=\(papers)",
            "first_paint_since_main_ms=\(Self.milliseconds(firstPaint))",
            "loaded_since_main_ms=\(Self.milliseconds(loaded))",
            "list_paint_since_main_ms=\(Self.milliseconds(listPainted))",
            "frames_while_loading=\(frames.frames)",
            "frames_per_second_while_loading=" + String(format: "%.1f", frames.seconds > 0 ? Double(frames.frames) / frames.seconds : 0),
            "longest_loop_step_while_loading_ms=" + String(format: "%.1f", frames.longestStep * 1000),
            "final_corpus_step_ms=" + String(format: "%.1f", frames.finishStep * 1000),
        ]
        if let firstPapers { lines.insert("first_papers_since_main_ms=\(Self.milliseconds(firstPapers))", at: 2) }
        // Time since the process started, from the kernel's start time (10 ms resolution).
        if let sinceStart = ProcessStart.millisecondsSinceStart() {
            lines.append("list_paint_since_exec_ms=\(sinceStart)")
        }
        // Processor time used so far: what start-up costs whatever else the machine is doing.
        var usage = rusage()
        if getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 {
            let user = Double(usage.ru_utime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec) / 1000
            let system = Double(usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_stime.tv_usec) / 1000
            lines.append("cpu_user_ms=\(String(format: "%.1f", user))")
            lines.append("cpu_system_ms=\(String(format: "%.1f", system))")
        }
        try? (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}

enum ProcessStart {
    static func millisecondsSinceStart() -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // Field 22 (starttime) is the 20th after the command name.
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let hertz = Double(sysconf(Int32(_SC_CLK_TCK)))
        var now = timespec()
        clock_gettime(CLOCK_BOOTTIME, &now)
        let uptime = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        return Int(((uptime - ticks / hertz) * 1000).rounded())
    }
}
