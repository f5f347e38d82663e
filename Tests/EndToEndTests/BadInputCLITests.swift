import Foundation
import Testing

/// The real binary on a folder of hostile files: every bad file named once on stderr, nothing
/// from a file ever reaches the terminal as a control character.
@Suite(.serialized) struct BadInputCLITests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-e2e-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = chmod(folder.path, 0o755)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func write(_ name: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
        _ = chmod(path(name), 0o644)
    }

    private func cleanUp() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] { _ = chmod(path(name), 0o755) }
        try? FileManager.default.removeItem(at: folder)
    }

    private static func page(_ title: String) -> String {
        """
        \(title)

        Jane Doe, John Roe

        Abstract
        Exosomes carry signals between chronic myeloid leukemia cells and stromal cells of the marrow niche.
        """
    }

    /// Control characters other than the line feeds that end lines.
    private static func controls(in text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
    }

    @Test func aFolderOfHostileFilesIsListedWithOneWarningEachAndNoControlCharacters() throws {
        defer { cleanUp() }
        let escaped = Self.page("Exosome\u{1B}[31m crosstalk\u{1B}[0m\u{1B}[2J\u{1B}[H in leukemia stroma\u{1B}]0;owned\u{07}\u{9B}5m")
        try write("escapes.txt", Array(escaped.utf8))
        try write("invalid.txt", Array(Self.page("Invalid bytes \u{1}in a leukemia niche title").utf8) + [0xFF, 0xFE, 0xC3])
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in Self.page("Leucémie: a UTF-16 page about the stromal niche").utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try write("utf16.txt", utf16)
        try write("binary.txt", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00] + (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try write("empty.txt", [])
        try write("evil\u{1B}[31m.txt", [0x00, 0x01, 0x02, 0x03, 0x00])
        #expect(mkfifo(path("pipe.txt"), 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: path("loop-a.txt"), withDestinationPath: "loop-b.txt")
        try FileManager.default.createSymbolicLink(atPath: path("loop-b.txt"), withDestinationPath: "loop-a.txt")
        try FileManager.default.createSymbolicLink(atPath: path("again"), withDestinationPath: ".")

        let run = try LecternBinary.run(["list", folder.path])
        #expect(run.status == 0)
        #expect(Self.controls(in: run.stdout).isEmpty)
        #expect(Self.controls(in: run.stderr).isEmpty)
        #expect(!run.stdout.contains("owned"))
        let warnings = run.stderr.split(separator: "\n").map(String.init)
        #expect(warnings.contains("lectern: warning: \(path("binary.txt")): binary file, not a paper page or reference export"))
        #expect(warnings.contains("lectern: warning: \(path("empty.txt")): file is empty"))
        #expect(warnings.contains("lectern: warning: \(path("evil?[31m.txt")): binary file, not a paper page or reference export"))
        #expect(warnings.contains("lectern: warning: \(path("pipe.txt")): not a regular file (a pipe, device or socket); skipped"))
        #expect(warnings.contains("lectern: warning: \(path("loop-a.txt")): cannot be read (symbolic link loop)"))
        #expect(warnings.contains("lectern: warning: \(path("loop-b.txt")): cannot be read (symbolic link loop)"))
        #expect(!warnings.contains { $0.contains("escapes.txt") || $0.contains("utf16.txt") || $0.contains("invalid.txt") })
        #expect(!warnings.contains { $0.contains("again") })

        let json = try LecternBinary.run(["list", "--json", folder.path])
        #expect(json.status == 0)
        let papers = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(papers.count >= 3)
        let titles = papers.compactMap { $0["title"] as? String }
        #expect(titles.count == papers.count)
        for title in titles { #expect(Self.controls(in: title).isEmpty, "\(title.debugDescription)") }
        #expect(titles.contains { $0.contains("Leucémie") })
        #expect(titles.contains { $0.contains("Exosome crosstalk in leukemia stroma") })
    }

    @Test func aFileAboveTheSizeLimitIsRefusedByNameAndTheExitStatusSaysNothingWasRead() throws {
        defer { cleanUp() }
        let file = path("export.txt")
        #expect(FileManager.default.createFile(atPath: file, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.truncate(atOffset: (1 << 30) + 200 * 1_048_576)
        try handle.close()
        let run = try LecternBinary.run(["list", file])
        #expect(run.status != 0)
        #expect(run.stderr.contains("lectern: warning: \(file): file is 1224 MB, above the 1024 MB limit for one file"))
    }

    @Test func aFolderAndAFileWithoutReadPermissionAreNamedAndTheRestIsRead() throws {
        defer { cleanUp() }
        try FileManager.default.createDirectory(atPath: path("locked"), withIntermediateDirectories: false)
        try write("locked/inside.txt", Array(Self.page("A page nobody may list in the locked folder").utf8))
        try write("secret.txt", Array(Self.page("A page nobody may read at all in this folder").utf8))
        try write("open.txt", Array(Self.page("Exosome crosstalk between leukemia and stroma").utf8))
        #expect(chmod(path("locked"), 0) == 0)
        #expect(chmod(path("secret.txt"), 0) == 0)

        var prefix: [String] = []
        if geteuid() == 0 {
            // Root reads everything: run the binary as an unprivileged user so permissions apply.
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                try Test.cancel("running as root without setpriv: permissions cannot be made to apply")
            }
            prefix = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        }
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-nostate-\(UUID().uuidString)").path
        let run = try Self.run(prefix + [LecternBinary.path, "list", folder.path],
                               environment: ["LECTERN_STATE": state + "/saved.json", "XDG_DATA_HOME": state, "HOME": state])
        if run.stderr.contains("Permission denied") && run.stdout.isEmpty && run.stderr.contains(LecternBinary.path) {
            try Test.cancel("the built binary is not executable by an unprivileged user here: \(run.stderr)")
        }
        #expect(run.status == 0, "\(run.stderr)")
        let warnings = run.stderr.split(separator: "\n").map(String.init)
        #expect(warnings.contains("lectern: warning: \(path("locked")): cannot be read (folder cannot be listed: permission denied)"))
        #expect(warnings.contains("lectern: warning: \(path("secret.txt")): cannot be read (permission denied)"))
        #expect(run.stdout.split(separator: "\n").count == 1)
    }

    static func run(_ command: [String], environment: [String: String]) throws -> LecternBinary.Run {
        try LecternBinary.runCommand(command, environment: environment, in: FileManager.default.temporaryDirectory)
    }
}
