import Foundation
import Testing

/// The browser on seeds/ with a saved-state file of the test's own, in tmux.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed: the terminal tests need it (make deps installs it)"))
struct SavedBrowserTests {
    /// The seeds in the browser's order (the list command and the browser read them alike): id and title.
    static func seeds() throws -> [(id: String, title: String)] {
        let run = try LecternBinary.run(["list", "--json", "seeds", "--state", "/nonexistent/lectern-state.json"])
        return SavedJSON.array(run.stdout).map { (($0["id"] as? String) ?? "", ($0["title"] as? String) ?? "") }
    }

    static func start(state: String) throws -> TmuxSession {
        let script = "\(shellQuoted(LecternBinary.path)) seeds --state \(shellQuoted(state)); echo lectern-exited; sleep 600"
        let tmux = try TmuxSession(width: 120, height: 30, command: "sh -c \(shellQuoted(script))")
        // The papers are read (keys typed while they load act on what has arrived).
        try tmux.waitFor("the browser") { TmuxBrowserTests.drawn($0) }
        return tmux
    }

    static func statusLine(_ screen: String) -> String {
        screen.components(separatedBy: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
    }

    /// The saved-state file's entries, polled until `condition` holds (each change is written at once).
    static func entries(_ path: String, until condition: ([String: [String: Any]]) -> Bool) -> [String: [String: Any]] {
        let deadline = Date().addingTimeInterval(10)
        var last: [String: [String: Any]] = [:]
        while Date() < deadline {
            last = (SavedJSON.object(path)["entries"] as? [String: [String: Any]]) ?? [:]
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return last
    }

    @Test func savingInTheBrowserIsWrittenAtOnceAndFoundBySavedAfterQuitting() throws {
        let seeds = try Self.seeds()
        try #require(seeds.count >= 2)
        let scratch = try SavedScratch()
        let tmux = try Self.start(state: scratch.state)

        try tmux.send("s")
        try tmux.waitFor("the first paper saved") { Self.statusLine($0).contains("1 saved") }
        // In the file before quitting.
        var entries = Self.entries(scratch.state) { $0[seeds[0].id]?["savedAt"] is String }
        #expect(entries[seeds[0].id]?["title"] as? String == seeds[0].title)

        // Tags and a note on it, then the second paper saved and unsaved again.
        try tmux.send("t")
        try tmux.type("review, cml")
        try tmux.send("Enter")
        try tmux.send("a")
        try tmux.type("compare figure 2")
        try tmux.send("Enter")
        entries = Self.entries(scratch.state) { $0[seeds[0].id]?["note"] as? String == "compare figure 2" }
        #expect(entries[seeds[0].id]?["tags"] as? [String] == ["review", "cml"])
        try tmux.send("j")
        try tmux.send("s")
        try tmux.waitFor("the second paper saved") { Self.statusLine($0).contains("2 saved") }
        try tmux.send("u")
        entries = Self.entries(scratch.state) { $0[seeds[1].id]?["read"] as? Bool == true }
        #expect(entries[seeds[1].id]?["read"] as? Bool == true)
        try tmux.send("s")
        try tmux.waitFor("the second paper unsaved") { Self.statusLine($0).contains("1 saved") }

        try tmux.send("q")
        try tmux.waitFor("the shell after q") { $0.contains("lectern-exited") }
        let run = try LecternBinary.run(["saved", "--json", "--state", scratch.state])
        #expect(run.status == 0)
        let saved = SavedJSON.array(run.stdout)
        #expect(saved.compactMap { $0["id"] as? String } == [seeds[0].id])
        #expect(saved.first?["title"] as? String == seeds[0].title)
        #expect(saved.first?["tags"] as? [String] == ["review", "cml"])
        #expect(saved.first?["note"] as? String == "compare figure 2")
        let list = SavedJSON.array(try LecternBinary.run(["list", "--json", "seeds", "--query", "is:read", "--state", scratch.state]).stdout)
        #expect(list.compactMap { $0["id"] as? String } == [seeds[1].id])
    }

    @Test func aSaveFromTheCommandLineShowsInTheOpenBrowser() throws {
        let seeds = try Self.seeds()
        try #require(seeds.count >= 3)
        let scratch = try SavedScratch()
        let tmux = try Self.start(state: scratch.state)
        #expect(!Self.statusLine(try tmux.capture()).contains("saved"))
        #expect(try LecternBinary.run(["save", seeds[2].id, "seeds", "--state", scratch.state]).status == 0)
        let screen = try tmux.waitFor("the browser to show the save") { Self.statusLine($0).contains("1 saved") }
        let row = screen.components(separatedBy: "\n").first { $0.contains(TmuxBrowserTests.prefix(seeds[2].title)) }
        #expect(row?.contains("★") == true)
        try tmux.send("q")
        try tmux.waitFor("the shell after q") { $0.contains("lectern-exited") }
    }

    @Test func aDamagedFileOpensReadOnlySaysSoAndStaysUntouched() throws {
        let scratch = try SavedScratch()
        let damaged = Data("{\"version\": 1, \"entries\": {\"doi:10.1/a\": ".utf8)
        try damaged.write(to: URL(fileURLWithPath: scratch.state))
        let tmux = try Self.start(state: scratch.state)
        let opened = try tmux.waitFor("the problem in the status line, the papers read") {
            Self.statusLine($0).contains("damaged") && TmuxBrowserTests.drawn($0)
        }
        #expect(Self.statusLine(opened).contains("saved.json is damaged: saved marks are read-only"))
        try tmux.send("s")
        let after = try tmux.waitFor("the failed save") { Self.statusLine($0).contains("could not save") }
        // The mark shows for this session, kept in memory.
        #expect(Self.statusLine(after).contains("1 saved"))
        try tmux.send("q")
        try tmux.waitFor("the shell after q") { $0.contains("lectern-exited") }
        #expect(FileManager.default.contents(atPath: scratch.state) == damaged)
    }
}
