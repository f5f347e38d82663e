import Foundation
import Testing
@testable import PaperModel

/// Files and folders that fight back: huge, gone, looping, unreadable, not files at all.
@Suite(.serialized) struct BadInputFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func cleanUp() {
        _ = chmod(folder.path, 0o755)
        if let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) {
            for name in names { _ = chmod(path(name), 0o755) }
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Peak resident memory of this process, in bytes, since the last `resetPeakMemory`.
    private static func peakMemory() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) else { return -1 }
        return kb * 1024
    }

    private static func resetPeakMemory() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    @Test(.timeLimit(.minutes(2)))
    func a200MBFileIsDecodedHoldingAboutOneCopy() throws {
        defer { cleanUp() }
        let file = path("huge.txt")
        // 200 MB of text with multi-byte characters cut at every chunk boundary.
        let block = Data(String(repeating: "Leucémie myéloïde 白血病 𝛼 stroma niche.\n", count: 20_000).utf8)
        let size = 200 * 1_048_576
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: file))
        var written = 0
        while written < size {
            let piece = block.prefix(size - written)
            try handle.write(contentsOf: piece)
            written += piece.count
        }
        try handle.close()

        let canMeasure = Self.resetPeakMemory()
        let before = Self.peakMemory()
        let text = try Ingest.decodeFile(file).get()
        let peak = Self.peakMemory()
        #expect(text.utf8.count == size)
        #expect(text.hasPrefix("Leucémie myéloïde 白血病"))
        #expect(!text.contains("\u{FFFD}"))
        if canMeasure && before > 0 {
            // The bytes read plus the text would be 400 MB, three copies 600 MB.
            #expect(peak - before < size * 3 / 2, "peak grew by \((peak - before) / 1_048_576) MB")
        }
    }

    @Test func aFileAboveTheLimitIsRefusedWithItsSizeAndTheLimit() throws {
        defer { cleanUp() }
        let file = path("sparse.txt")
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.truncate(atOffset: UInt64(Ingest.maximumFileSize) + 5 * 1_048_576)
        try handle.close()
        let outcome = Ingest.read(file: file)
        #expect(outcome.papers.isEmpty)
        #expect(outcome.warnings.map(\.description) == ["\(file): file is 1029 MB, above the 1024 MB limit for one file"])
    }

    @Test(.timeLimit(.minutes(2)))
    func aLineOf10MBIsReadWithoutHanging() throws {
        defer { cleanUp() }
        let file = path("long-line.txt")
        let title = "Exosome crosstalk between leukemia cells and bone marrow stromal cells\n\n"
        let line = String(repeating: "stroma niche exosome ", count: 10 * 1_048_576 / 21)
        try Data((title + line).utf8).write(to: URL(fileURLWithPath: file))
        let start = ContinuousClock.now
        let outcome = Ingest.read(file: file)
        let elapsed = ContinuousClock.now - start
        #expect(outcome.papers.count + outcome.warnings.count >= 1)
        #expect(outcome.papers.allSatisfy { $0.isSanitised })
        #expect(elapsed < .seconds(60), "took \(elapsed)")
    }

    @Test func aSymlinkLoopIsWalkedOnceAndNamed() throws {
        defer { cleanUp() }
        try Data("A paper page title that is long enough\n".utf8).write(to: URL(fileURLWithPath: path("paper.txt")))
        try FileManager.default.createDirectory(atPath: path("sub"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: path("sub/up"), withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: path("sub/self"), withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: path("a.txt"), withDestinationPath: "b.txt")
        try FileManager.default.createSymbolicLink(atPath: path("b.txt"), withDestinationPath: "a.txt")
        try FileManager.default.createSymbolicLink(atPath: path("gone.txt"), withDestinationPath: "nowhere.txt")
        let (files, warnings) = FileWalker.files(under: [folder.path])
        #expect(files == [path("paper.txt")])
        #expect(Set(warnings.map(\.description)) == [
            "\(path("a.txt")): cannot be read (symbolic link loop)",
            "\(path("b.txt")): cannot be read (symbolic link loop)",
            "\(path("gone.txt")): cannot be read (broken symbolic link)",
        ])
    }

    @Test func aFolderWithoutReadPermissionIsNamedAndTheRestRead() throws {
        defer { cleanUp() }
        try FileManager.default.createDirectory(atPath: path("locked"), withIntermediateDirectories: false)
        try Data("A paper page title that is long enough\n".utf8).write(to: URL(fileURLWithPath: path("locked/hidden.txt")))
        try Data("A paper page title that is long enough\n".utf8).write(to: URL(fileURLWithPath: path("open.txt")))
        #expect(chmod(path("locked"), 0) == 0)
        if access(path("locked"), R_OK) == 0 {
            try Test.cancel("running as root (uid \(geteuid())): folder permissions do not apply; the end-to-end test runs this case as an unprivileged user")
        }
        let (files, warnings) = FileWalker.files(under: [folder.path])
        #expect(files == [path("open.txt")])
        #expect(warnings.map(\.description) == ["\(path("locked")): cannot be read (folder cannot be listed: permission denied)"])
    }

    @Test func aFileWithoutReadPermissionIsNamed() throws {
        defer { cleanUp() }
        try Data("A paper page title that is long enough\n".utf8).write(to: URL(fileURLWithPath: path("secret.txt")))
        #expect(chmod(path("secret.txt"), 0) == 0)
        if access(path("secret.txt"), R_OK) == 0 {
            try Test.cancel("running as root (uid \(geteuid())): file permissions do not apply; the end-to-end test runs this case as an unprivileged user")
        }
        #expect(Ingest.read(file: path("secret.txt")).warnings.map(\.description) == ["\(path("secret.txt")): cannot be read (permission denied)"])
    }

    @Test func aFileDeletedBetweenListingAndReadingIsNamedAndTheRestRead() throws {
        defer { cleanUp() }
        for name in ["a.txt", "b.txt", "c.txt"] {
            try Data("Exosome crosstalk between leukemia cells and stroma (\(name))\n".utf8).write(to: URL(fileURLWithPath: path(name)))
        }
        let (files, _) = FileWalker.files(under: [folder.path])
        #expect(files.count == 3)
        try FileManager.default.removeItem(atPath: path("b.txt"))
        let outcomes = files.map(Ingest.read(file:))
        #expect(outcomes[1].papers.isEmpty)
        #expect(outcomes[1].warnings.map(\.description) == ["\(path("b.txt")): file was removed or renamed before it could be read"])
        #expect(outcomes[0].warnings.isEmpty && outcomes[2].warnings.isEmpty)
    }

    @Test(.timeLimit(.minutes(1)))
    func aFIFONamedTxtIsSkippedWithoutBlocking() throws {
        defer { cleanUp() }
        #expect(mkfifo(path("pipe.txt"), 0o644) == 0)
        let outcome = Ingest.read(file: path("pipe.txt"))
        #expect(outcome.warnings.map(\.description) == ["\(path("pipe.txt")): not a regular file (a pipe, device or socket); skipped"])
        let result = Ingest.load(paths: [folder.path])
        #expect(result.warnings.count == 1)
    }

    @Test func aDeviceIsSkipped() {
        #expect(Ingest.read(file: "/dev/zero").warnings.map(\.problem) == [.notRegularFile])
    }

    @Test func anEmptyFileAndABinaryFileNamedTxtGetOneWarningEach() throws {
        defer { cleanUp() }
        try Data().write(to: URL(fileURLWithPath: path("empty.txt")))
        try Data([0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A] + (0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            .write(to: URL(fileURLWithPath: path("paper.pdf.txt")))
        #expect(Ingest.read(file: path("empty.txt")).warnings.map(\.problem) == [.empty])
        #expect(Ingest.read(file: path("paper.pdf.txt")).warnings.map(\.problem) == [.binary])
    }
}
