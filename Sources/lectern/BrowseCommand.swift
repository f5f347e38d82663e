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

        // Paint at once, then read the vocabulary and the papers.
        let terminal = Terminal()
        try terminal.start()
        terminal.draw(Browser.renderLoading(location: location, size: terminal.size))
        report.firstPaint = clock.now - started
        let loaded: CorpusLoader.Loaded
        do {
            let vocabulary: DiseaseVocabulary
            do {
                vocabulary = try DiseaseVocabulary.load(userFile: source.diseasesFile)
            } catch {
                terminal.stop()
                StandardError.print("lectern: error: \(error)")
                throw ExitCode.failure
            }
            loaded = try source.loadCorpus(vocabulary: vocabulary, printWarnings: false)
        } catch {
            terminal.stop()
            throw error
        }
        report.loaded = clock.now - started
        report.papers = loaded.corpus.count
        let store = LibraryStore(path: source.libraryPath)
        let session = BrowserSession(
            terminal: terminal,
            catalog: Catalog(corpus: loaded.corpus, vocabulary: loaded.vocabulary),
            location: location,
            store: store,
            skippedFiles: loaded.warnings.count,
            notice: store.problem?.summary
        )
        let signal = session.run {
            report.listPainted = clock.now - started
            report.write()
        }
        terminal.stop()
        // The warnings the status line counted, now that the terminal is back.
        for warning in loaded.warnings { StandardError.print("lectern: warning: \(warning)") }
        if signal != 0 {
            // The terminal is restored; end by the same signal so the parent shell sees why.
            Foundation.signal(signal, SIG_DFL)
            raise(signal)
            Foundation.exit(128 + signal)
        }
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

/// The browser's shell: holds the reading-state store, runs the event loop on the terminal,
/// and carries out the effects `Browser.update` asks for.
final class BrowserSession {
    private var state: AppState
    private let store: any ReadingStateStore
    private let terminal: Terminal

    /// `notice` is an error to show at start-up (a saved-state file that opened read-only).
    init(terminal: Terminal, catalog: Catalog, location: String, store: any ReadingStateStore, skippedFiles: Int, notice: String? = nil) {
        self.terminal = terminal
        self.store = store
        state = AppState(catalog: catalog, location: location, reading: store.snapshot)
        if skippedFiles > 0 {
            state.message = StatusMessage("\(skippedFiles) file\(skippedFiles == 1 ? "" : "s") could not be read (listed when you quit)", isError: true)
        }
        if let notice { state.message = StatusMessage(notice, isError: true) }
    }

    /// Runs until `q` or a quit signal; returns the signal number, or 0 after `q`.
    func run(firstPaint: () -> Void) -> Int32 {
        if !terminal.utf8Locale { state.message = StatusMessage("the locale is not UTF-8: set LANG=C.UTF-8 for wide characters", isError: true) }
        state = Browser.update(state, .resize(terminal.size)).0
        terminal.draw(Browser.render(state, size: state.size))
        firstPaint()
        while true {
            switch terminal.nextInput() {
            case .idle:
                // Another Lectern may have changed the saved state: show it (one stat when it has not).
                guard let library = store as? LibraryStore else { continue }
                let wasReadOnly = library.isReadOnly
                guard library.reloadIfChanged() else { continue }
                var events: [Event] = [.readingState(library.snapshot)]
                if library.isReadOnly, !wasReadOnly, let problem = library.problem { events.append(.failure(problem.summary)) }
                for event in events {
                    if dispatch(event) { return 0 }
                }
            case .signal(let number):
                return number
            case .event(let event):
                if dispatch(event) { return 0 }
            }
            terminal.draw(Browser.render(state, size: state.size))
        }
    }

    /// Applies an event and runs its effects; true when the browser should quit.
    private func dispatch(_ event: Event) -> Bool {
        var queue = [event]
        while !queue.isEmpty {
            let (next, effects) = Browser.update(state, queue.removeFirst())
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
/// frame shown while the papers load), the papers loaded, and the list on screen, in milliseconds
/// since `main`; the list's time since exec; and the processor time used by then.
struct FirstPaintReport {
    var path: String?
    var firstPaint: Duration = .zero
    var loaded: Duration = .zero
    var listPainted: Duration = .zero
    var papers = 0

    func write() {
        guard let path, !path.isEmpty else { return }
        var lines = [
            "papers=\(papers)",
            "first_paint_since_main_ms=\(Self.milliseconds(firstPaint))",
            "loaded_since_main_ms=\(Self.milliseconds(loaded))",
            "list_paint_since_main_ms=\(Self.milliseconds(listPainted))",
        ]
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
