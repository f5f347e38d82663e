import Foundation

/// Expands files and folders into the files to read: folders recursively, in name order,
/// hidden entries skipped, each real file or folder once even through symlink loops.
/// A broken link, a link loop or a folder that cannot be listed gives one warning; the rest is walked.
enum FileWalker {
    static func files(under paths: [String]) -> ([String], [IngestWarning]) {
        var files: [String] = []
        var warnings: [IngestWarning] = []
        var seen = Set<String>()
        let fm = FileManager.default
        func visit(_ path: String, explicit: Bool) {
            var info = stat()
            guard stat(path, &info) == 0 else {
                let code = errno
                let problem: IngestProblem
                switch code {
                case ENOENT: problem = explicit ? .notFound : .unreadable("broken symbolic link")
                case ELOOP: problem = .unreadable("symbolic link loop")
                default: problem = Ingest.problem(errno: code)
                }
                warnings.append(IngestWarning(path: path, problem: problem))
                return
            }
            // Device and inode name the real file or folder, whatever links lead to it.
            let identity = "\(info.st_dev):\(info.st_ino)"
            guard seen.insert(identity).inserted else { return }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                files.append(path)
                return
            }
            let entries: [String]
            do {
                entries = try fm.contentsOfDirectory(atPath: path)
            } catch {
                let reason = access(path, R_OK | X_OK) == 0 ? "folder cannot be listed" : "folder cannot be listed: permission denied"
                warnings.append(IngestWarning(path: path, problem: .unreadable(reason)))
                return
            }
            for name in entries.sorted() where !name.hasPrefix(".") {
                visit((path as NSString).appendingPathComponent(name), explicit: false)
            }
        }
        for path in paths { visit(path, explicit: true) }
        return (files, warnings)
    }
}
