import Foundation
import Testing

/// Lectern starts itself once more with glibc's huge-page heap advice when the kernel gives huge
/// pages only on request. The programs it starts must still see the user's own environment.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed: the terminal tests need it (make deps installs it)"))
struct HugePageHeapTests {
    static let kernelAdvisedOnly =
        ((try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? "").contains("[madvise]")

    /// Opens the first seed's link with a $BROWSER that records its own environment and that of the
    /// lectern process that started it; returns both as variable → value.
    static func environments(userTunables: String?, extra: [String: String] = [:])
        throws -> (opener: [String: String], lectern: [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("record-env").path
        try """
        #!/bin/sh
        p=$PPID
        while [ "$p" -gt 1 ] && [ "$(cat /proc/$p/comm)" != lectern ]; do p=$(awk '{print $4}' /proc/$p/stat); done
        tr '\\0' '\\n' < /proc/$p/environ > \(shellQuoted(folder.path))/lectern.env
        env > \(shellQuoted(folder.path))/opener.env

        """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        var environment = extra
        environment["BROWSER"] = script
        let unset = userTunables == nil ? "unset GLIBC_TUNABLES; " : ""
        let command = "\(unset)\(shellQuoted(LecternBinary.path)) seeds; echo lectern-exited; sleep 600"
        if let userTunables { environment["GLIBC_TUNABLES"] = userTunables }
        let tmux = try TmuxSession(width: 120, height: 40, command: "sh -c \(shellQuoted(command))", environment: environment)
        try tmux.waitFor("the browser") { TmuxBrowserTests.drawn($0) }
        // The second seed has a DOI to open.
        try tmux.send("j")
        try tmux.send("o")
        let openerText = tmux.waitForFile(folder.appendingPathComponent("opener.env").path) ?? ""
        let lecternText = (try? String(contentsOfFile: folder.appendingPathComponent("lectern.env").path, encoding: .utf8)) ?? ""
        try tmux.send("q")
        try tmux.waitFor("the shell after q") { $0.contains("lectern-exited") }
        return (parse(openerText), parse(lecternText))
    }

    static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }

    @Test func theUsersTunablesReachTheProgramsLecternStarts() throws {
        let (opener, lectern) = try Self.environments(userTunables: "glibc.malloc.tcache_count=7")
        #expect(opener["GLIBC_TUNABLES"] == "glibc.malloc.tcache_count=7")
        #expect(opener["LECTERN_USER_GLIBC_TUNABLES"] == nil)
        // The running lectern is the restarted image (glibc rewrites GLIBC_TUNABLES as it reads it, so
        // the restart's own marker, holding the user's value, is what shows it happened).
        #expect(lectern["LECTERN_USER_GLIBC_TUNABLES"] == (Self.kernelAdvisedOnly ? "glibc.malloc.tcache_count=7" : nil))
    }

    @Test func withoutTunablesTheProgramsLecternStartsSeeNone() throws {
        let (opener, lectern) = try Self.environments(userTunables: nil)
        #expect(opener["GLIBC_TUNABLES"] == nil)
        #expect(opener["LECTERN_USER_GLIBC_TUNABLES"] == nil)
        #expect(lectern["GLIBC_TUNABLES"] == (Self.kernelAdvisedOnly ? "glibc.malloc.hugetlb=1" : nil))
        #expect(lectern["LECTERN_USER_GLIBC_TUNABLES"] == (Self.kernelAdvisedOnly ? "\u{1}unset" : nil))
    }

    @Test func hugePagesOffStartsOnce() throws {
        let (opener, lectern) = try Self.environments(userTunables: nil, extra: ["LECTERN_HUGE_PAGES": "off"])
        #expect(opener["GLIBC_TUNABLES"] == nil)
        #expect(lectern["GLIBC_TUNABLES"] == nil)
        #expect(lectern["LECTERN_HUGE_PAGES"] == "off")
        #expect(lectern["LECTERN_USER_GLIBC_TUNABLES"] == nil)
    }
}
