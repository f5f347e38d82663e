import Foundation
import Testing

/// A tmux server of its own (one socket per test) running a command in a pane of a set size,
/// so the tests see what a person would see on a real terminal.
final class TmuxSession {
    static let executable: String? = {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/tmux"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    static var isAvailable: Bool { executable != nil }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let socket = "lectern-test-\(UUID().uuidString)"
    let folder: URL

    /// Starts `command` (run by sh) in a detached session of the given size, in the package root.
    init(width: Int, height: Int, command: String, environment: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-tmux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var arguments = ["new-session", "-d", "-x", String(width), "-y", String(height), "-c", LecternBinary.packageRoot.path]
        // The saved state, corpus cache and configuration are the session's own: a test never reads or
        // changes the person's files, nor another test's.
        var env = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LECTERN_PATH": "", "NO_COLOR": "", "BROWSER": "true",
                   "LECTERN_STATE": folder.appendingPathComponent("saved.json").path,
                   "XDG_CACHE_HOME": folder.appendingPathComponent("cache").path,
                   "XDG_CONFIG_HOME": folder.appendingPathComponent("config").path]
        for (key, value) in environment { env[key] = value }
        for (key, value) in env.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        arguments.append(command)
        try tmux(arguments)
        // Keep the pane after the command ends, so its last output can still be read.
        _ = try? tmux(["set-option", "-g", "remain-on-exit", "on"])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: folder)
        // The server's socket file can outlive it; this one is ours alone.
        let base = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(base)/tmux-\(getuid())/\(socket)")
    }

    /// A file path inside this session's scratch folder.
    func file(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        guard let executable = TmuxSession.executable else { throw Failure(description: "tmux is not installed") }
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = "C.UTF-8"
        env.removeValue(forKey: "TMUX")
        let outPath = folder.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
        let errPath = folder.appendingPathComponent("tmux-err-\(UUID().uuidString)").path
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let status = try Spawn.run([executable, "-u", "-L", socket] + arguments, environment: env, stdout: outPath, stderr: errPath)
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        if status != 0 {
            let errors = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            throw Failure(description: "tmux \(arguments.joined(separator: " ")): \(errors)")
        }
        return output
    }

    /// Sends keys by tmux name (`Enter`, `Escape`, `C-c`, `j`, …).
    func send(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

    /// Types text literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

    /// Sends raw bytes given in hex (e.g. an X10 mouse report).
    func sendBytes(_ hex: [String]) throws { try tmux(["send-keys", "-H"] + hex) }

    func capture() throws -> String { try tmux(["capture-pane", "-p"]) }

    func captureLines() throws -> [String] { try capture().components(separatedBy: "\n") }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-x", String(width), "-y", String(height)])
    }

    /// The process id of the pane's command.
    func panePID() throws -> Int32 {
        Int32(try tmux(["display-message", "-p", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Polls the pane until the condition holds; returns the last capture. Fails the test on timeout.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try capture()
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \(what); the pane shows:\n\(last)", sourceLocation: sourceLocation)
        throw Failure(description: "timed out waiting for \(what)")
    }

    /// Polls for a file to appear with content.
    func waitForFile(_ path: String, timeout: Double = 10) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), !text.isEmpty {
                Thread.sleep(forTimeInterval: 0.1)
                return try? String(contentsOfFile: path, encoding: .utf8)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}

/// Quotes a string for sh.
func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// Runs a program with posix_spawn and waits for it. Unlike Foundation's Process, it hands the child
/// no descriptor beyond 0–2, so a daemon the child leaves behind (the tmux server) cannot keep the
/// wait from ending.
enum Spawn {
    static func run(_ arguments: [String], environment: [String: String], stdout: String, stderr: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
        for descriptor in open where descriptor > 2 && fcntl(descriptor, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // The test runner's threads block signals; the tmux server and everything in its panes must not
        // inherit that mask (lectern's signal handling is under test).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else { throw TmuxSession.Failure(description: "cannot run \(arguments[0]): error \(result)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }
}
