import Foundation
import Testing

/// The terminal after the browser is gone: every quit signal, kills at any moment of start-up,
/// Ctrl-Z and back, a storm of resizes. The browser runs under a non-interactive `sh -c`, which
/// restores nothing itself, so what `stty -a` prints afterwards is what the browser left.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed: the terminal tests need it (make deps installs it)"))
struct TerminalRestoreTests {
    let scratch: URL

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    private func cleanUp() { try? FileManager.default.removeItem(at: scratch) }
    private func file(_ name: String) -> String { scratch.appendingPathComponent(name).path }
    private var lectern: String { shellQuoted(LecternBinary.path) }

    /// The whole frame is on screen: the status line, drawn last, is there.
    private static func drawn(_ screen: String) -> Bool {
        let status = screen.components(separatedBy: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? ""
        return screen.contains("Reader") && (status.contains(" papers") || status.contains(" of "))
    }

    private func read(_ name: String, timeout: Double = 15) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: file(name), encoding: .utf8), text.hasSuffix("\n") { return text }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// The pid the pane's shell started lectern under (it writes its own pid, then execs lectern).
    private func lecternPID(_ name: String = "pid") -> Int32? {
        read(name).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @Test(arguments: [SIGTERM, SIGHUP, SIGINT, SIGQUIT])
    func aQuitSignalLeavesTheTerminalExactlyAsItWas(signal: Int32) throws {
        defer { cleanUp() }
        let q = shellQuoted
        let script = "ulimit -c 0; trap true INT; stty -a > \(q(file("before"))); "
            + "sh -c 'echo $$ > \"$1\"; exec \"$2\" seeds' sh \(q(file("pid"))) \(lectern); "
            + "echo \"status=$?\" > \(q(file("status"))); stty -a > \(q(file("after"))); echo lectern-exited; sleep 600"
        let tmux = try TmuxSession(width: 100, height: 30, command: "sh -c \(shellQuoted(script))")
        try tmux.waitFor("the browser", timeout: 20) { Self.drawn($0) }
        let pid = try #require(lecternPID())
        #expect(kill(pid, signal) == 0)
        let after = try tmux.waitFor("the shell after the browser") { $0.contains("lectern-exited") }
        #expect(!after.contains("Reader"), "the browser's screen is gone")
        #expect(read("status") == "status=\(128 + signal)\n", "ended by the same signal")
        let before = try #require(read("before"))
        let modes = try #require(read("after"))
        #expect(modes == before, "terminal modes after signal \(signal) differ:\nbefore: \(before)\nafter: \(modes)")
        let words = Set(modes.split(whereSeparator: { " ;\n".contains($0) }).map(String.init))
        #expect(words.isSuperset(of: ["echo", "icanon", "isig", "icrnl", "opost", "onlcr"]), "cooked mode with echo:\n\(modes)")
    }

    /// SIGTERM at 20 moments spread over start-up — loading, the terminal being set up, the first
    /// frame, running: whenever it lands, the modes are as they were.
    @Test func aSIGTERMAtAnyMomentOfStartUpLeavesTheTerminalAsItWas() throws {
        defer { cleanUp() }
        let rounds = 20
        let q = shellQuoted
        let script = "ulimit -c 0; stty -a > \(q(file("before"))); i=0; while [ $i -lt \(rounds) ]; do "
            + "d=$(( (i * 53 + 7) % 700 )); "
            + "( sleep $(printf '0.%03d' $d); kill -TERM $(cat \(q(file("pid")))$i 2>/dev/null) 2>/dev/null ) & "
            + "sh -c 'echo $$ > \"$1\"; exec \"$2\" seeds' sh \(q(file("pid")))$i \(lectern) 2>/dev/null; "
            + "stty -a > \(q(file("after")))$i; wait; i=$((i+1)); done; echo lectern-exited; sleep 600"
        let tmux = try TmuxSession(width: 100, height: 30, command: "sh -c \(shellQuoted(script))")
        try tmux.waitFor("all \(rounds) rounds", timeout: 120) { $0.contains("lectern-exited") }
        let before = try #require(read("before"))
        for round in 0..<rounds {
            #expect(read("after\(round)") == before, "round \(round) (SIGTERM after \((round * 53 + 7) % 700) ms) left other modes")
        }
    }

    /// Ctrl-Z stops the browser with the terminal in cooked mode; `fg` brings it back redrawn on a
    /// cleared screen. The shell is `sh -c` with job control (`set -m`): it restores no modes itself.
    @Test
    func ctrlZLeavesCookedModeAndFgRedraws() throws {
        defer { cleanUp() }
        let q = shellQuoted
        let script = "set -m; stty -a > \(q(file("before"))); \(lectern) seeds; "
            + "stty -a > \(q(file("stopped"))); clear; echo stopped-and-cleared; fg; "
            + "stty -a > \(q(file("after"))); echo lectern-exited; sleep 600"
        let tmux = try TmuxSession(width: 100, height: 30, command: "sh -c \(shellQuoted(script))")
        try tmux.waitFor("the browser", timeout: 20) { Self.drawn($0) }
        try tmux.send("j")
        try tmux.send("C-z")
        let before = try #require(read("before"))
        let stopped = try #require(read("stopped"))
        #expect(stopped == before, "modes while stopped differ:\nbefore: \(before)\nstopped: \(stopped)")
        let back = try tmux.waitFor("the browser redrawn after fg") { Self.drawn($0) && !$0.contains("stopped-and-cleared") }
        #expect(back.contains("Papers") && back.contains("Lectern"))
        try tmux.send("q")
        try tmux.waitFor("the shell after the browser") { $0.contains("lectern-exited") }
        #expect(read("after") == before)
    }

    /// 200 resizes within about two seconds, then one final size: the browser draws at that size.
    @Test func twoHundredResizesInTwoSecondsEndDrawnAtTheFinalSize() throws {
        defer { cleanUp() }
        let script = "\(lectern) seeds; echo lectern-exited; sleep 600"
        let tmux = try TmuxSession(width: 120, height: 40, command: "sh -c \(shellQuoted(script))")
        try tmux.waitFor("the browser", timeout: 20) { Self.drawn($0) }
        let sizes = [(80, 24), (132, 43), (60, 20), (100, 30), (41, 13), (150, 50), (75, 22), (120, 40)]
        // 20 bursts of 10 resizes, one burst every 100 ms: 200 resizes in about two seconds.
        let start = Date()
        for burst in 0..<20 {
            var commands: [String] = []
            for n in 0..<10 {
                let (width, height) = sizes[(burst * 10 + n) % sizes.count]
                if n > 0 { commands.append(";") }
                commands += ["resize-window", "-x", String(width), "-y", String(height)]
            }
            try tmux.tmux(commands)
            let wait = start.addingTimeInterval(Double(burst + 1) * 0.1).timeIntervalSinceNow
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        }
        let elapsed = Date().timeIntervalSince(start)
        print("200 resizes took \(String(format: "%.2f", elapsed)) s")
        try tmux.resize(width: 97, height: 31)
        let screen = try tmux.waitFor("a frame at 97×31") { screen in
            let lines = screen.components(separatedBy: "\n")
            return Self.drawn(screen) && lines.count >= 31 && lines[0].contains("Lectern")
                && lines[1].hasSuffix("┐") && lines[1].count == 97 && !lines[30].trimmingCharacters(in: .whitespaces).isEmpty
        }
        let lines = screen.components(separatedBy: "\n")
        #expect(lines.prefix(31).allSatisfy { $0.count <= 97 }, "no row wider than the pane")
        #expect(lines[29].hasSuffix("┘") || lines[29].hasSuffix("┛"), "the bottom border is on row 30 of 31")
        try tmux.send("q")
        try tmux.waitFor("the shell after the browser") { $0.contains("lectern-exited") }
    }

    /// Titles holding a window-title sequence and colour and cursor escapes: the pane keeps its title,
    /// the list shows the title's words, and nothing is drawn in the injected colour.
    @Test func hostileTitlesCannotRetitleRecolourOrMoveTheTerminal() throws {
        defer { cleanUp() }
        let papers = scratch.appendingPathComponent("papers")
        try FileManager.default.createDirectory(at: papers, withIntermediateDirectories: true)
        let ris = "TY  - JOUR\nTI  - Exosome\u{1B}]2;owned-title\u{07} crosstalk\u{1B}[31m in leukemia\u{1B}[2J\u{1B}[H stroma\u{9B}41m\nAU  - Doe, Jane\u{1B}[5m\nPY  - 2020\nDO  - 10.5555/lectern.hostile\nER  - \n"
        try Data(ris.utf8).write(to: papers.appendingPathComponent("hostile.ris"))
        let script = "\(lectern) \(shellQuoted(papers.path)); echo lectern-exited; sleep 600"
        let tmux = try TmuxSession(width: 120, height: 30, command: "sh -c \(shellQuoted(script))", environment: ["NO_COLOR": "1"])
        let screen = try tmux.waitFor("the browser", timeout: 20) { Self.drawn($0) }
        #expect(screen.contains("Exosome crosstalk in leukemia stroma"))
        let title = try tmux.tmux(["display-message", "-p", "#{pane_title}"])
        #expect(!title.contains("owned"), "the pane title was changed to \(title)")
        // With NO_COLOR the browser draws no colour at all: any colour would come from the title.
        let styled = try tmux.tmux(["capture-pane", "-p", "-e"])
        #expect(!styled.contains("[31m") && !styled.contains("[41m") && !styled.contains("[5m"), "\(styled.debugDescription)")
        try tmux.send("q")
        try tmux.waitFor("the shell after the browser") { $0.contains("lectern-exited") }
    }
}
