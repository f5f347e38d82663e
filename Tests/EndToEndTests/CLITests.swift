import Foundation
import Testing

/// Runs the built `lectern` binary as a user would.
enum LecternBinary {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["LECTERN_BIN"] { return explicit }
        return packageRoot.appendingPathComponent(".build/debug/lectern").path
    }

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ arguments: [String], environment: [String: String] = [:], in folder: URL? = nil) throws -> Run {
        try runCommand([path] + arguments, environment: environment, in: folder ?? packageRoot)
    }

    /// Runs a command line (lectern, or lectern wrapped in another program) in a folder and collects
    /// its output. With an environment, the test's own is passed on without LECTERN_PATH and with these
    /// variables set; with nil, the test's own as it is.
    static func runCommand(_ command: [String], environment: [String: String]?, in folder: URL) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.currentDirectoryURL = folder
        if let environment {
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "LECTERN_PATH")
            for (key, value) in environment { env[key] = value }
            process.environment = env
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus,
                   stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }
}

@Suite(.serialized) struct CLITests {
    @Test func listOnAFolderWithABinaryAndAnEmptyFileWarnsTwiceAndListsTheSeed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0xFF, 0x00]).write(to: folder.appendingPathComponent("program.txt"))
        try Data().write(to: folder.appendingPathComponent("empty.txt"))
        try FileManager.default.copyItem(at: LecternBinary.packageRoot.appendingPathComponent("seeds/001_893f001f74912dda.txt"),
                                         to: folder.appendingPathComponent("seed.txt"))
        let run = try LecternBinary.run(["list", folder.path])
        #expect(run.status == 0)
        let warnings = run.stderr.split(separator: "\n")
        #expect(warnings.count == 2)
        #expect(warnings.contains { $0.contains("program.txt") && $0.contains("binary") })
        #expect(warnings.contains { $0.contains("empty.txt") && $0.contains("empty") })
        #expect(run.stdout.split(separator: "\n").count == 1)
    }

    @Test func nothingReadableExitsNonZero() throws {
        let run = try LecternBinary.run(["list", "/nonexistent/lectern-papers"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("/nonexistent/lectern-papers"))
    }

    @Test func noPathMeansTheBundledSeeds() throws {
        let run = try LecternBinary.run(["list", "--json"], in: FileManager.default.temporaryDirectory)
        #expect(run.status == 0)
        let papers = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
        #expect(papers?.count == 5)
    }
}
