import Foundation
import Testing

/// The built `lectern` on the repository's seeds/, in tmux: what a person sees and types.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed: the terminal tests need it (make deps installs it)"))
struct TmuxBrowserTests {
    /// The five seed papers, in the order the list shows them.
    static let seedTitles = [
        "Acute Myelogenous Leukemia and its Microenvironment: A Molecular Conversation",
        "Leukemic stem cells: where do they come from?",
        "Acute lymphoblastic leukemia relapse: biomarkers, hopes, and challenges",
        "Exosome-mediated crosstalk between chronic myelogenous leukemia cells and human bone marrow stromal cells triggers an interleukin 8-dependent survival of leukemia cells",
        "Crosstalk between CML cells with HUVECs and BMSCs through exosomes",
    ]

    /// The seeds as the product reads them (the list command shares the reader with the browser).
    static func seedTitles(query: String? = nil) throws -> [String] {
        var arguments = ["list", "--json", "seeds"]
        if let query { arguments += ["--query", query] }
        let run = try LecternBinary.run(arguments)
        let papers = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]] ?? []
        return papers.map { ($0["title"] as? String) ?? "" }
    }

    /// Starts the browser on seeds/; after it exits, the shell prints a marker and stays.
    static func start(width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws -> TmuxSession {
        let script = "\(shellQuoted(LecternBinary.path)) seeds; echo lectern-exited; sleep 600"
        return try TmuxSession(width: width, height: height, command: "sh -c \(shellQuoted(script))", environment: environment)
    }

    /// True once a whole frame with the reader is on screen with every paper read: the status line,
    /// drawn last, is there (a capture can fall between two rows of a frame being drawn), and the
    /// header no longer says "reading…" (rows still move while later files arrive).
    static func drawn(_ screen: String) -> Bool {
        let lines = screen.components(separatedBy: "\n")
        let status = lines.last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? ""
        return screen.contains("Reader") && !(lines.first ?? "").contains("reading…")
            && (status.contains(" papers") || status.contains(" of "))
    }

    /// The panes of a row, split at the border characters.
    static func panes(_ line: String) -> [String] {
        line.split(omittingEmptySubsequences: false, whereSeparator: { "│┃".contains($0) }).map(String.init)
    }

    static func prefix(_ title: String, _ count: Int = 14) -> String {
        String(title.split(whereSeparator: \.isWhitespace).joined(separator: " ").prefix(count))
    }

    @Test func opensOnTheSeedsListsEveryTitleAndTheReaderFollowsTheSelection() throws {
        let titles = Self.seedTitles
        #expect(try Self.seedTitles() == titles)
        let tmux = try Self.start()
        let screen = try tmux.waitFor("the browser") { Self.drawn($0) }
        let lines = screen.components(separatedBy: "\n")
        #expect(lines[0].hasPrefix(" Lectern   seeds/   \(titles.count) papers"))
        #expect(lines[1].contains("Filters") && lines[1].contains("Papers  \(titles.count)") && lines[1].contains("Reader"))
        for title in titles {
            #expect(screen.contains(Self.prefix(title)), "the list shows \(title)")
        }
        // The reader shows the selected (first) paper; after j, the second.
        #expect(Self.panes(lines[2])[5].hasPrefix(Self.prefix(titles[0], 10)))
        #expect(Self.panes(lines[2])[3].hasPrefix("▶"))
        try tmux.send("j")
        let moved = try tmux.waitFor("the selection to move") { Self.panes($0.components(separatedBy: "\n")[3])[3].hasPrefix("▶") }
        #expect(Self.panes(moved.components(separatedBy: "\n")[2])[5].hasPrefix(Self.prefix(titles[1], 10)))
        try tmux.send("q")
        try tmux.waitFor("the shell after q") { $0.contains("lectern-exited") }
    }

    @Test func slashFilterLeavesTheMatchingPapers() throws {
        let all = Self.seedTitles
        let exosome = [Self.seedTitles[3], Self.seedTitles[4]]
        #expect(try Self.seedTitles(query: "exosome") == exosome)
        let tmux = try Self.start()
        try tmux.waitFor("the browser") { Self.drawn($0) }
        try tmux.send("/")
        try tmux.type("exosome")
        let typing = try tmux.waitFor("the filter prompt") { $0.contains("/exosome▏") }
        #expect(typing.contains("\(exosome.count) of \(all.count)"))
        try tmux.send("Enter")
        let kept = try tmux.waitFor("the kept filter") { $0.contains("filter: exosome") }
        #expect(kept.contains("Papers  \(exosome.count) of \(all.count)"))
        for title in all {
            #expect(kept.contains(Self.prefix(title)) == exosome.contains(title), "\(title) shown only if it matches")
        }
        try tmux.send("c")
        try tmux.waitFor("the cleared filter") { $0.contains("Papers  \(all.count) ") }
        try tmux.send("q")
    }

    @Test func resizeTo60x20ShowsOnePaneAndBackTo120x40ShowsThree() throws {
        let tmux = try Self.start()
        try tmux.waitFor("the wide layout") { $0.contains("Filters") && Self.drawn($0) }
        try tmux.resize(width: 60, height: 20)
        let narrow = try tmux.waitFor("the narrow layout") { !$0.contains("Filters") && $0.contains("Papers") }
        let lines = narrow.components(separatedBy: "\n").filter { !$0.isEmpty }
        #expect(lines.count <= 20)
        #expect(!narrow.contains("Reader"))
        try tmux.send("Enter")
        try tmux.waitFor("the reader alone") { $0.contains("Reader") && !$0.contains("Papers") }
        try tmux.send("Escape")
        try tmux.waitFor("the list again") { $0.contains("Papers") && !$0.contains("Reader") }
        try tmux.resize(width: 120, height: 40)
        let wide = try tmux.waitFor("the wide layout again") { $0.contains("Filters") && Self.drawn($0) }
        #expect(wide.components(separatedBy: "\n")[39].contains("papers") || wide.contains(" of "))
        try tmux.resize(width: 30, height: 8)
        try tmux.waitFor("the too-small note") { $0.contains("Too small: 30×8") }
        try tmux.resize(width: 120, height: 40)
        try tmux.waitFor("everything back") { $0.contains("Filters") && Self.drawn($0) }
        try tmux.send("q")
    }

    @Test func questionMarkShowsEveryKeyAndEscClosesIt() throws {
        let tmux = try Self.start()
        try tmux.waitFor("the browser") { Self.drawn($0) }
        try tmux.send("?")
        // Wait for the whole box: a capture can fall between two rows of a frame being drawn.
        let texts = ["Keys  (Esc closes)", "filter the list as you type", "copy the DOI (OSC 52)", "save / unsave the paper", "Ctrl-D   half a page down"]
        let help = try tmux.waitFor("the help") { screen in texts.allSatisfy { screen.contains($0) } }
        for text in texts { #expect(help.contains(text)) }
        try tmux.send("Escape")
        try tmux.waitFor("the help to close") { !$0.contains("Keys  (Esc closes)") }
        try tmux.send("q")
        try tmux.waitFor("the shell") { $0.contains("lectern-exited") }
    }

    @Test func quittingWithQLeavesACleanShell() throws {
        try expectExit(keys: ["q"], status: 0)
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        try expectExit(keys: ["C-c"], status: 130)
    }

    @Test func sigtermRestoresTheTerminal() throws {
        try expectExit(signal: SIGTERM, status: 143)
    }

    @Test func sighupRestoresTheTerminal() throws {
        try expectExit(signal: SIGHUP, status: 129)
    }

    /// Ends the browser with keys or a signal; checks the exit status and that echo and icanon are back.
    func expectExit(keys: [String] = [], signal: Int32? = nil, status: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-exit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let statusFile = scratch.appendingPathComponent("status").path, sttyFile = scratch.appendingPathComponent("stty").path
        // The shell traps INT (as an interactive shell would) so Ctrl-C ends only the browser.
        let script = "trap true INT; \(shellQuoted(LecternBinary.path)) seeds; echo \"status=$?\" > \(shellQuoted(statusFile)); stty -a > \(shellQuoted(sttyFile)); echo lectern-exited; sleep 600"
        let tmux = try TmuxSession(width: 100, height: 30, command: "sh -c \(shellQuoted(script))")
        try tmux.waitFor("the browser", sourceLocation: sourceLocation) { Self.drawn($0) }
        if !keys.isEmpty { try tmux.tmux(["send-keys"] + keys) }
        if let signal {
            let shell = try tmux.panePID()
            let child = try childPID(of: shell)
            #expect(child != nil, "found the lectern process", sourceLocation: sourceLocation)
            if let child { kill(child, signal) }
        }
        let after = try tmux.waitFor("the shell after the browser", sourceLocation: sourceLocation) { $0.contains("lectern-exited") }
        #expect(!after.contains("Lectern   seeds/"), "the browser's screen is gone", sourceLocation: sourceLocation)
        let recorded = tmux.waitForFile(statusFile)?.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(recorded == "status=\(status)", sourceLocation: sourceLocation)
        let modes = tmux.waitForFile(sttyFile) ?? ""
        let words = Set(modes.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
        #expect(words.contains("echo") && !words.contains("-echo"), "echo is on:\n\(modes)", sourceLocation: sourceLocation)
        #expect(words.contains("icanon") && !words.contains("-icanon"), "icanon is on:\n\(modes)", sourceLocation: sourceLocation)
    }

    func childPID(of parent: Int32) throws -> Int32? {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            let children = (try? String(contentsOfFile: "/proc/\(parent)/task/\(parent)/children", encoding: .utf8)) ?? ""
            if let first = children.split(separator: " ").first, let pid = Int32(first) { return pid }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    @Test func ctrlZThenFgRedrawsTheBrowser() throws {
        let tmux = try TmuxSession(width: 100, height: 30, command: "bash --norc --noprofile -i")
        try tmux.waitFor("the shell prompt") { $0.contains("$") || $0.contains("#") }
        try tmux.type("\(shellQuoted(LecternBinary.path)) seeds")
        try tmux.send("Enter")
        try tmux.waitFor("the browser") { Self.drawn($0) }
        try tmux.send("C-z")
        try tmux.waitFor("the stopped job") { $0.contains("Stopped") && !$0.contains("Reader") }
        try tmux.type("fg")
        try tmux.send("Enter")
        let back = try tmux.waitFor("the browser again") { $0.contains("Papers") && Self.drawn($0) }
        #expect(back.contains("Lectern   seeds/"))
        try tmux.send("q")
        try tmux.waitFor("the shell again") { !$0.contains("Reader") }
    }

    @Test func mouseClickSelectsARow() throws {
        let titles = Self.seedTitles
        let tmux = try Self.start()
        try tmux.waitFor("the browser") { Self.drawn($0) }
        // X10 mouse report: ESC [ M, button 0 (+32), column 31 and row 5 (1-based, +32): the third list row.
        // tmux writes each byte of `send-keys -H` on its own; on a busy machine the gap after ESC can pass
        // the 25 ms Escape delay and the report reads as keys, so an unanswered click is sent again.
        func selected(_ screen: String) -> Bool { Self.panes(screen.components(separatedBy: "\n")[4])[3].hasPrefix("▶") }
        var clicked: String?
        for _ in 0..<3 where clicked == nil {
            try tmux.sendBytes(["1b", "5b", "4d", "20", String(32 + 31, radix: 16), String(32 + 5, radix: 16)])
            try tmux.sendBytes(["1b", "5b", "4d", "23", String(32 + 31, radix: 16), String(32 + 5, radix: 16)])
            let deadline = Date().addingTimeInterval(3)
            while clicked == nil, Date() < deadline {
                let shown = try tmux.capture()
                if selected(shown) { clicked = shown } else { Thread.sleep(forTimeInterval: 0.05) }
            }
        }
        let last = try tmux.capture()
        let screen = try #require(clicked, "three clicks on the third row did not select it; the pane shows:\n\(last)")
        #expect(Self.panes(screen.components(separatedBy: "\n")[2])[5].hasPrefix(Self.prefix(titles[2], 10)))
        try tmux.send("q")
    }

    @Test func noColorDrawsWithAttributesAlone() throws {
        /// Foreground or background colour codes (30–37, 40–47) in a capture with escapes.
        func colourCodes(_ text: String) -> Int {
            text.components(separatedBy: "\u{1B}[").dropFirst().filter { sequence in
                let codes = sequence.prefix(while: { $0 != "m" }).split(separator: ";")
                return codes.contains { code in
                    guard let value = Int(code) else { return false }
                    return (30...37).contains(value) || (40...47).contains(value)
                }
            }.count
        }
        let coloured = try Self.start(width: 100, height: 30)
        try coloured.waitFor("the browser") { Self.drawn($0) }
        let withColour = try coloured.tmux(["capture-pane", "-e", "-p"])
        #expect(colourCodes(withColour) > 0)
        try coloured.send("q")

        let plain = try Self.start(width: 100, height: 30, environment: ["NO_COLOR": "1"])
        try plain.waitFor("the browser") { Self.drawn($0) }
        let withoutColour = try plain.tmux(["capture-pane", "-e", "-p"])
        #expect(colourCodes(withoutColour) == 0)
        // The header and the selection still stand out, in reverse video.
        #expect(withoutColour.contains("\u{1B}[7m"))
        try plain.send("q")
    }

    @Test func firstPaintIsReported() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-first-paint-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let tmux = try Self.start(environment: ["LECTERN_FIRST_PAINT_REPORT": report])
        try tmux.waitFor("the browser") { Self.drawn($0) }
        let text = tmux.waitForFile(report) ?? ""
        let values = Dictionary(text.split(separator: "\n").compactMap { line -> (String, Double)? in
            let parts = line.split(separator: "=")
            guard parts.count == 2, let value = Double(parts[1]) else { return nil }
            return (String(parts[0]), value)
        }, uniquingKeysWith: { a, _ in a })
        #expect(values["papers"] == 5)
        // Generous bounds: a debug build on a busy machine. The README gives measured figures.
        let paint = values["first_paint_since_main_ms"] ?? -1
        let list = values["list_paint_since_main_ms"] ?? -1
        #expect(paint > 0 && paint < 2000, "first paint took \(paint) ms")
        #expect(list >= paint && list < 10000, "the list was on screen after \(list) ms")
        #expect((values["cpu_user_ms"] ?? -1) > 0)
        try tmux.send("q")
    }
}
