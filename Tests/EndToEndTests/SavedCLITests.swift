import Foundation
import Synchronization
import Testing

/// A temp folder for one test, with a state file path in it.
final class SavedScratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-saved-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        chmod(url.path, 0o755)
    }
    deinit {
        chmod(url.path, 0o755)
        try? FileManager.default.removeItem(at: url)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    var state: String { path("saved.json") }
}

enum SavedJSON {
    static func array(_ text: String) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] ?? []
    }

    static func object(_ path: String) -> [String: Any] {
        FileManager.default.contents(atPath: path)
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
    }

    /// The ids of the bundled seeds, as `list --json` gives them.
    static func seedIDs() throws -> [String] {
        let run = try LecternBinary.run(["list", "--json", "--state", "/nonexistent/lectern-state.json"])
        return array(run.stdout).compactMap { $0["id"] as? String }
    }
}

@Suite(.serialized) struct SavedCLITests {
    @Test func twoWritersAtOnceSaving50PapersEachEndWithAll100() throws {
        let scratch = try SavedScratch()
        let state = scratch.state
        // No papers to look the ids up in: each process does only its read-merge-write.
        let noPapers = scratch.path("no-papers")
        try FileManager.default.createDirectory(atPath: noPapers, withIntermediateDirectories: true)
        let failures = Mutex<[String]>([])
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            for n in 0..<50 {
                let id = "doi:10.5555/lectern.writer\(writer).paper\(n)"
                do {
                    let run = try LecternBinary.run(["save", id, "--state", state, "--tag", "writer\(writer)"],
                                                    environment: ["LECTERN_PATH": noPapers])
                    if run.status != 0 { failures.withLock { $0.append("\(id): \(run.stderr)") } }
                } catch {
                    failures.withLock { $0.append("\(id): \(error)") }
                }
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print("100 saves from two concurrent writers took \(String(format: "%.2f", seconds)) s")
        #expect(failures.withLock { $0 } == [])

        let run = try LecternBinary.run(["saved", "--json", "--state", state], environment: ["LECTERN_PATH": noPapers])
        #expect(run.status == 0)
        let saved = SavedJSON.array(run.stdout)
        let ids = Set(saved.compactMap { $0["id"] as? String })
        let expected = Set((0..<2).flatMap { w in (0..<50).map { "doi:10.5555/lectern.writer\(w).paper\($0)" } })
        #expect(ids == expected)
        #expect(saved.filter { ($0["tags"] as? [String]) == ["writer1"] }.count == 50)
        // The backup is the file as it was before the last write: 99 of them.
        let backup = SavedJSON.object(state + ".bak")["entries"] as? [String: Any]
        #expect(backup?.count == 99)
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()
        #expect(names == ["no-papers", "saved.json", "saved.json.bak", "saved.json.lock"])
    }

    /// Writers killed at random moments (before, during or after their write) never leave a file that does not
    /// parse, and every save that reported success is in it.
    @Test func writersKilledAtRandomMomentsNeverDamageTheFile() throws {
        let scratch = try SavedScratch()
        let noPapers = scratch.path("no-papers")
        try FileManager.default.createDirectory(atPath: noPapers, withIntermediateDirectories: true)
        // How long one save takes here, so the kills spread over its whole run, the write included.
        let timer = Date()
        #expect(try LecternBinary.run(["save", "doi:10.5555/lectern.first", "--state", scratch.state],
                                      environment: ["LECTERN_PATH": noPapers]).status == 0)
        let micros = UInt32(max(20_000, Date().timeIntervalSince(timer) * 1_000_000))
        var confirmed = ["doi:10.5555/lectern.first"]
        var killed = 0
        for n in 0..<30 {
            let id = "doi:10.5555/lectern.killed\(n)"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: LecternBinary.path)
            process.arguments = ["save", id, "--state", scratch.state]
            process.environment = ProcessInfo.processInfo.environment.merging(["LECTERN_PATH": noPapers]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: (micros / 2)...(micros + micros / 5)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .exit && process.terminationStatus == 0 { confirmed.append(id) } else { killed += 1 }
            guard FileManager.default.fileExists(atPath: scratch.state) else { continue }
            let run = try LecternBinary.run(["saved", "--json", "--state", scratch.state], environment: ["LECTERN_PATH": noPapers])
            #expect(run.status == 0, "after writer \(n): \(run.stderr)")
            let ids = Set(SavedJSON.array(run.stdout).compactMap { $0["id"] as? String })
            #expect(ids.isSuperset(of: confirmed))
        }
        print("killed \(killed) of 30 writers; \(confirmed.count) finished")
        // The next write clears whatever a killed writer left behind.
        #expect(try LecternBinary.run(["save", "doi:10.5555/lectern.after", "--state", scratch.state]).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()
        #expect(names.allSatisfy { ["saved.json", "saved.json.bak", "saved.json.lock", "no-papers"].contains($0) }, "\(names)")
    }

    @Test func listFillsSavedAndReadAndQueryIsSavedKeepsTheSavedOnes() throws {
        let scratch = try SavedScratch()
        let ids = try SavedJSON.seedIDs()
        try #require(ids.count >= 4)
        #expect(try LecternBinary.run(["save", ids[0], "--tag", "Review", "--state", scratch.state]).status == 0)
        #expect(try LecternBinary.run(["save", ids[2], "--state", scratch.state]).status == 0)
        #expect(try LecternBinary.run(["read", ids[2], "--state", scratch.state]).status == 0)
        #expect(try LecternBinary.run(["read", ids[3], "--state", scratch.state]).status == 0)

        let all = SavedJSON.array(try LecternBinary.run(["list", "--json", "--state", scratch.state]).stdout)
        let savedIDs = all.filter { $0["saved"] as? Bool == true }.compactMap { $0["id"] as? String }
        let readIDs = all.filter { $0["read"] as? Bool == true }.compactMap { $0["id"] as? String }
        #expect(Set(savedIDs) == [ids[0], ids[2]])
        #expect(Set(readIDs) == [ids[2], ids[3]])
        let shown = try LecternBinary.run(["show", ids[2], "--state", scratch.state])
        #expect(shown.stdout.hasSuffix("saved · read\n"))
        let shownJSON = try JSONSerialization.jsonObject(with: Data(try LecternBinary.run(["show", ids[2], "--json", "--state", scratch.state]).stdout.utf8)) as? [String: Any]
        #expect(shownJSON?["saved"] as? Bool == true)

        let saved = SavedJSON.array(try LecternBinary.run(["list", "--json", "--query", "is:saved", "--state", scratch.state]).stdout)
        #expect(Set(saved.compactMap { $0["id"] as? String }) == [ids[0], ids[2]])
        let savedUnread = SavedJSON.array(try LecternBinary.run(["list", "--json", "--query", "is:saved is:unread", "--state", scratch.state]).stdout)
        #expect(savedUnread.compactMap { $0["id"] as? String } == [ids[0]])
        let tagged = SavedJSON.array(try LecternBinary.run(["list", "--json", "--query", "tag:review", "--state", scratch.state]).stdout)
        #expect(tagged.compactMap { $0["id"] as? String } == [ids[0]])
        let readOnes = SavedJSON.array(try LecternBinary.run(["list", "--json", "--query", "is:read", "--state", scratch.state]).stdout)
        #expect(Set(readOnes.compactMap { $0["id"] as? String }) == [ids[2], ids[3]])
    }

    @Test func saveWithNoteAndTagsThenUnsaveAndUnreadByTheirDOI() throws {
        let scratch = try SavedScratch()
        let save = try LecternBinary.run(["save", "https://doi.org/10.5555/Lectern.Note", "--note", "compare with figure 3",
                                          "--tag", "review", "--tag", "cml", "--state", scratch.state])
        #expect(save.status == 0)
        #expect(save.stdout.contains("saved doi:10.5555/lectern.note"))
        #expect(try LecternBinary.run(["save", "doi:10.5555/lectern.note", "--tag", "Review", "--tag", "methods", "--state", scratch.state]).status == 0)
        #expect(try LecternBinary.run(["read", "10.5555/lectern.note", "--state", scratch.state]).status == 0)
        var entry = SavedJSON.array(try LecternBinary.run(["saved", "--json", "--state", scratch.state]).stdout).first
        #expect(entry?["note"] as? String == "compare with figure 3")
        #expect(entry?["tags"] as? [String] == ["review", "cml", "methods"])
        #expect(entry?["read"] as? Bool == true)
        #expect(entry?["doi"] as? String == "10.5555/lectern.note")

        #expect(try LecternBinary.run(["unread", "10.5555/LECTERN.NOTE", "--state", scratch.state]).status == 0)
        entry = SavedJSON.array(try LecternBinary.run(["saved", "--json", "--state", scratch.state]).stdout).first
        #expect(entry?["read"] as? Bool == false)

        let unsave = try LecternBinary.run(["unsave", "10.5555/lectern.note", "--state", scratch.state])
        #expect(unsave.status == 0)
        #expect(unsave.stdout.contains("unsaved doi:10.5555/lectern.note"))
        #expect(SavedJSON.array(try LecternBinary.run(["saved", "--json", "--state", scratch.state]).stdout).isEmpty)
        let again = try LecternBinary.run(["unsave", "10.5555/lectern.note", "--state", scratch.state])
        #expect(again.status == 0)
        #expect(again.stdout.contains("was not saved"))

        let unknown = try LecternBinary.run(["save", "no-such-paper", "--state", scratch.state])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no paper with id no-such-paper"))
    }

    @Test func savedMarksPapersWhoseFilesAreGone() throws {
        let scratch = try SavedScratch()
        let papers = scratch.url.appendingPathComponent("papers")
        try FileManager.default.createDirectory(at: papers, withIntermediateDirectories: true)
        for name in ["000_7ca079b3fba1dd8c.txt", "003_417596fa231ddce3.txt"] {
            try FileManager.default.copyItem(at: LecternBinary.packageRoot.appendingPathComponent("seeds/\(name)"),
                                             to: papers.appendingPathComponent(name))
        }
        let listed = SavedJSON.array(try LecternBinary.run(["list", "--json", papers.path, "--state", scratch.state]).stdout)
        try #require(listed.count == 2)
        for paper in listed {
            let id = try #require(paper["id"] as? String)
            #expect(try LecternBinary.run(["save", id, papers.path, "--state", scratch.state]).status == 0)
        }
        let gone = try #require(listed.first { ($0["source"] as? [String: Any])?["path"] as? String == papers.appendingPathComponent("003_417596fa231ddce3.txt").path })
        try FileManager.default.removeItem(at: papers.appendingPathComponent("003_417596fa231ddce3.txt"))

        let run = try LecternBinary.run(["saved", "--json", papers.path, "--state", scratch.state])
        #expect(run.status == 0)
        let saved = SavedJSON.array(run.stdout)
        #expect(saved.count == 2)
        let missing = saved.filter { $0["missing"] as? Bool == true }
        #expect(missing.compactMap { $0["id"] as? String } == [gone["id"] as? String].compactMap { $0 })
        #expect(missing.first?["title"] as? String == gone["title"] as? String)
        #expect(missing.first?["path"] is NSNull)
        let present = saved.filter { $0["missing"] as? Bool == false }
        #expect(present.first?["path"] as? String == papers.appendingPathComponent("000_7ca079b3fba1dd8c.txt").path)

        let text = try LecternBinary.run(["saved", papers.path, "--state", scratch.state])
        #expect(text.stdout.components(separatedBy: "missing:").count == 2)
    }

    @Test func aDamagedFileIsLeftByteForByteWithAClearError() throws {
        let scratch = try SavedScratch()
        let damaged = Data("{\n  \"version\" : 1,\n  \"entries\" : {\n    \"doi:10.1/a\" : {\n".utf8)
        try damaged.write(to: URL(fileURLWithPath: scratch.state))
        let save = try LecternBinary.run(["save", "doi:10.5555/x", "--state", scratch.state])
        #expect(save.status == 1)
        let lines = save.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(scratch.state) == true)
        #expect(lines.first?.contains("damaged") == true)
        #expect(lines.first?.contains("left untouched") == true)
        #expect(FileManager.default.contents(atPath: scratch.state) == damaged)
        #expect(!FileManager.default.fileExists(atPath: scratch.state + ".bak"))

        // Reading commands still work, without marks, and say why.
        let list = try LecternBinary.run(["list", "--json", "--state", scratch.state])
        #expect(list.status == 0)
        #expect(list.stderr.contains(scratch.state))
        #expect(SavedJSON.array(list.stdout).count == (try SavedJSON.seedIDs()).count)
        #expect(!SavedJSON.array(list.stdout).isEmpty)
        #expect(SavedJSON.array(list.stdout).allSatisfy { $0["saved"] as? Bool == false })
        let saved = try LecternBinary.run(["saved", "--state", scratch.state])
        #expect(saved.status == 1)
        #expect(saved.stderr.contains("damaged"))
        #expect(FileManager.default.contents(atPath: scratch.state) == damaged)
    }

    @Test func aDamagedFileOffersItsBackup() throws {
        let scratch = try SavedScratch()
        #expect(try LecternBinary.run(["save", "doi:10.5555/one", "--state", scratch.state]).status == 0)
        #expect(try LecternBinary.run(["save", "doi:10.5555/two", "--state", scratch.state]).status == 0)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: scratch.state))
        let run = try LecternBinary.run(["read", "doi:10.5555/one", "--state", scratch.state])
        #expect(run.status == 1)
        #expect(run.stderr.contains(scratch.state + ".bak"))
        // Following the advice brings back the previous good file.
        try FileManager.default.moveItem(atPath: scratch.state, toPath: scratch.state + ".broken")
        try FileManager.default.copyItem(atPath: scratch.state + ".bak", toPath: scratch.state)
        let restored = SavedJSON.array(try LecternBinary.run(["saved", "--json", "--state", scratch.state]).stdout)
        #expect(restored.compactMap { $0["id"] as? String } == ["doi:10.5555/one"])
    }

    @Test func aFileFromANewerLecternIsNotTouched() throws {
        let scratch = try SavedScratch()
        let newer = Data("{\n  \"entries\" : {},\n  \"version\" : 3\n}\n".utf8)
        try newer.write(to: URL(fileURLWithPath: scratch.state))
        let run = try LecternBinary.run(["save", "doi:10.5555/x", "--state", scratch.state])
        #expect(run.status == 1)
        #expect(run.stderr.contains("newer Lectern"))
        #expect(run.stderr.contains("version 3"))
        #expect(FileManager.default.contents(atPath: scratch.state) == newer)
    }

    /// A folder the user cannot write to. Root writes through permission bits, so as root the command runs
    /// as `nobody` (setpriv); without setpriv the test is skipped for root.
    @Test(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"),
                   "running as root without setpriv: permission bits cannot stop root"))
    func aReadOnlyFolderFailsClearlyAndKeepsTheFile() throws {
        let scratch = try SavedScratch()
        let folder = scratch.url.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let state = folder.appendingPathComponent("saved.json").path
        #expect(try LecternBinary.run(["save", "doi:10.5555/kept", "--state", state]).status == 0)
        let before = FileManager.default.contents(atPath: state)
        chmod(state, 0o644)
        chmod(folder.path, 0o555)
        defer { chmod(folder.path, 0o755) }

        let prefix = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        let run = try SavedCLI.run(prefix + [LecternBinary.path, "save", "doi:10.5555/new", "--state", state])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot write \(state)"))
        #expect(run.stderr.contains("Permission denied"))
        #expect(FileManager.default.contents(atPath: state) == before)
        let listed = try SavedCLI.run(prefix + [LecternBinary.path, "saved", "--json", "--state", state])
        #expect(SavedJSON.array(listed.stdout).compactMap { $0["id"] as? String } == ["doi:10.5555/kept"])
    }

    @Test func aStatePathUnderAFileFailsClearly() throws {
        let scratch = try SavedScratch()
        try Data("x".utf8).write(to: URL(fileURLWithPath: scratch.path("plain")))
        let state = scratch.path("plain/saved.json")
        let run = try LecternBinary.run(["save", "doi:10.5555/x", "--state", state])
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot write \(state)"))
        #expect(run.stderr.contains("Nothing was changed"))
    }

    @Test func theDefaultFileIsInTheXDGDataFolderElseUnderHome() throws {
        let scratch = try SavedScratch()
        let xdg = try LecternBinary.run(["save", "doi:10.5555/xdg"],
                                        environment: ["LECTERN_STATE": "", "XDG_DATA_HOME": scratch.path("data")])
        #expect(xdg.status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.path("data/lectern/saved.json")))
        let home = try LecternBinary.run(["save", "doi:10.5555/home"],
                                         environment: ["LECTERN_STATE": "", "XDG_DATA_HOME": "", "HOME": scratch.path("home")])
        #expect(home.status == 0)
        let entries = SavedJSON.object(scratch.path("home/.local/share/lectern/saved.json"))["entries"] as? [String: Any]
        #expect(entries?.keys.sorted() == ["doi:10.5555/home"])
        let env = try LecternBinary.run(["saved", "--json"], environment: ["LECTERN_STATE": scratch.path("data/lectern/saved.json")])
        #expect(SavedJSON.array(env.stdout).compactMap { $0["id"] as? String } == ["doi:10.5555/xdg"])
    }
}

/// Runs a command line (for wrapping `lectern` in another program, e.g. to change user).
enum SavedCLI {
    static func run(_ command: [String]) throws -> LecternBinary.Run {
        try LecternBinary.runCommand(command, environment: nil, in: URL(fileURLWithPath: "/"))
    }
}
