import Foundation
import PaperModel
import Synchronization
import Testing

/// The saved-state file under faults: writers killed with SIGKILL at random moments, a full disk,
/// two writers changing the same papers at once. Whatever happens, the file parses and holds every
/// change a writer reported as saved.
@Suite(.serialized) struct FaultSavedStateTests {
    let folder: URL
    /// A one-paper corpus so each writer starts fast and the kills land in the write itself.
    let papers: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-fault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        papers = folder.appendingPathComponent("papers.ris").path
        try Data("TY  - JOUR\nTI  - Exosome crosstalk in the leukemia niche\nDO  - 10.5555/lectern.fault\nER  - \n".utf8)
            .write(to: URL(fileURLWithPath: papers))
    }

    private func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    private struct Writer {
        let process = Process()
        let out = Pipe()
        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: LecternBinary.path)
            process.arguments = arguments
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "LECTERN_PATH")
            process.environment = env
            try process.run()
        }
        /// Waits for the end and returns what it printed: "saved …" once the change is in the file.
        func finish() -> String {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// The ids in the file, read the way Lectern reads it; fails the test when it does not parse.
    private static func savedIDs(_ state: String, sourceLocation: SourceLocation = #_sourceLocation) -> Set<String>? {
        do {
            guard let library = try LibraryFile(path: state).read() else { return [] }
            return Set(library.entries.filter { $0.value.isSaved }.map(\.key.rawValue))
        } catch {
            Issue.record("the state file does not read: \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["LECTERN_FAULT_TESTS"] != nil,
                   "100 kill -9 rounds run in `make check` (LECTERN_FAULT_TESTS=1)"))
    func writersKilledWithSIGKILLAtRandomMomentsIn100RoundsNeverLoseAReportedSave() throws {
        defer { cleanUp() }
        let state = folder.appendingPathComponent("saved.json").path
        // How long one save takes, start to exit, so the kills spread over the whole run.
        var durations: [Double] = []
        for n in 0..<3 {
            let start = Date()
            let writer = try Writer(["save", "doi:10.5555/lectern.warm\(n)", "--state", state, papers])
            #expect(writer.finish().hasPrefix("saved "))
            durations.append(Date().timeIntervalSince(start))
        }
        let span = durations.sorted()[1] * 1.2
        var reported: Set<String> = ["doi:10.5555/lectern.warm0", "doi:10.5555/lectern.warm1", "doi:10.5555/lectern.warm2"]
        var killed = 0, finished = 0, killedAfterReporting = 0, leftTemporaries = 0
        let settled: Set<String> = ["papers.ris", "saved.json", "saved.json.bak", "saved.json.lock"]
        for round in 0..<100 {
            let id = "doi:10.5555/lectern.round\(round)"
            let writer = try Writer(["save", id, "--tag", "r\(round % 7)", "--state", state, papers])
            usleep(UInt32(Double.random(in: 0...span) * 1_000_000))
            let wasRunning = writer.process.isRunning
            kill(writer.process.processIdentifier, SIGKILL)
            let output = writer.finish()
            if writer.process.terminationReason == .uncaughtSignal && wasRunning { killed += 1 } else { finished += 1 }
            if output.contains("saved ") {
                reported.insert(id)
                if writer.process.terminationReason == .uncaughtSignal { killedAfterReporting += 1 }
            }
            // A temporary file left behind means the kill landed inside the write itself.
            if let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path), !Set(names).isSubset(of: settled) {
                leftTemporaries += 1
            }
            guard let ids = Self.savedIDs(state) else { break }
            let lost = reported.subtracting(ids)
            #expect(lost.isEmpty, "round \(round): reported as saved but not in the file: \(lost.sorted())")
            if !lost.isEmpty { break }
        }
        print("kill -9: 100 rounds, \(killed) writers killed mid-run (\(leftTemporaries) inside the write, \(killedAfterReporting) after reporting), \(finished) finished first; \(reported.count) saves reported, none lost; span \(String(format: "%.0f", span * 1000)) ms")
        #expect(killed >= 30, "too few writers were killed while running (\(killed)): the timing did not reach the write")
        // The backup beside the file parses too, and the next writer clears whatever the killed ones left.
        #expect((try? Library.decode(Data(contentsOf: URL(fileURLWithPath: state + ".bak")), path: state + ".bak")) != nil)
        #expect(try Writer(["save", "doi:10.5555/lectern.after", "--state", state, papers]).finish().hasPrefix("saved "))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["papers.ris", "saved.json", "saved.json.bak", "saved.json.lock"])
    }

    @Test func aFullDiskGivesAnErrorAndLosesNothing() throws {
        defer { cleanUp() }
        let disk = folder.appendingPathComponent("disk").path
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: false)
        guard Self.mountSmallTmpfs(at: disk) else {
            try Test.cancel("cannot mount a small tmpfs here (needs root and mount permission in this container)")
        }
        defer { _ = Self.shell("umount", disk) }
        let state = disk + "/saved.json"
        for n in 0..<5 {
            #expect(try Writer(["save", "doi:10.5555/lectern.disk\(n)", "--note", "note \(n)", "--state", state, papers])
                .finish().hasPrefix("saved "))
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: state))
        // Fill what is left of the disk.
        let filler = disk + "/filler"
        let handle = try #require(FileHandle(forWritingAtPath: { _ = FileManager.default.createFile(atPath: filler, contents: nil); return filler }()))
        let block = Data(repeating: 0x41, count: 4096)
        while (try? handle.write(contentsOf: block)) != nil {}
        while (try? handle.write(contentsOf: Data([0x41]))) != nil {}
        try? handle.close()

        let writer = try LecternBinary.run(["save", "doi:10.5555/lectern.nospace", "--state", state, papers])
        #expect(writer.status != 0)
        #expect(writer.stderr.contains(state), "\(writer.stderr)")
        #expect(writer.stderr.lowercased().contains("no space left"), "\(writer.stderr)")
        #expect(!writer.stdout.contains("saved "))
        // The file is exactly as it was: nothing lost, nothing half-written.
        #expect(try Data(contentsOf: URL(fileURLWithPath: state)) == before)
        #expect(Self.savedIDs(state) == Set((0..<5).map { "doi:10.5555/lectern.disk\($0)" }))

        // Space again: the next save works and keeps everything.
        try FileManager.default.removeItem(atPath: filler)
        #expect(try Writer(["save", "doi:10.5555/lectern.nospace", "--state", state, papers]).finish().hasPrefix("saved "))
        #expect(Self.savedIDs(state) == Set((0..<5).map { "doi:10.5555/lectern.disk\($0)" } + ["doi:10.5555/lectern.nospace"]))
        let library = try #require(try LibraryFile(path: state).read())
        #expect(library.entries[PaperID(rawValue: "doi:10.5555/lectern.disk3")]?.note == "note 3")
    }

    @Test func twoWritersChangingTheSamePapersAtOnceLoseNeitherChange() throws {
        defer { cleanUp() }
        let state = folder.appendingPathComponent("saved.json").path
        let ids = (0..<20).map { "doi:10.5555/lectern.both\($0)" }
        let failures = Mutex<[String]>([])
        // One writer saves each paper with a tag while the other marks the same paper read and notes it.
        DispatchQueue.concurrentPerform(iterations: 2) { side in
            for id in ids {
                let arguments = side == 0 ? ["save", id, "--tag", "mine", "--state", state, papers]
                                          : ["read", id, "--state", state, papers]
                do {
                    let run = try LecternBinary.run(arguments)
                    if run.status != 0 { failures.withLock { $0.append("\(arguments[0]) \(id): \(run.stderr)") } }
                } catch { failures.withLock { $0.append("\(id): \(error)") } }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let library = try #require(try LibraryFile(path: state).read())
        for id in ids {
            let entry = library.entries[PaperID(rawValue: id)]
            #expect(entry?.isSaved == true, "\(id) lost its save")
            #expect(entry?.tags == ["mine"], "\(id) lost its tag")
            #expect(entry?.read == true, "\(id) lost its read mark")
        }
    }

    static func mountSmallTmpfs(at path: String) -> Bool {
        guard geteuid() == 0 else { return false }
        return shell("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", path) == 0
    }

    @discardableResult
    static func shell(_ arguments: String...) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
