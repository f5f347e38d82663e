import Foundation

/// Expands files and folders into the files to read: folders recursively, in name order,
/// hidden entries skipped, each real file once even through symlink loops.
enum FileWalker {
    static func files(under paths: [String]) -> ([String], [IngestWarning]) {
        var files: [String] = []
        var warnings: [IngestWarning] = []
        var seen = Set<String>()
        let fm = FileManager.default
        func visit(_ path: String, explicit: Bool) {
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder) else {
                warnings.append(IngestWarning(path: path, problem: explicit ? .notFound : .unreadable("broken link")))
                return
            }
            let real = (path as NSString).resolvingSymlinksInPath
            guard seen.insert(real).inserted else { return }
            guard isFolder.boolValue else {
                files.append(path)
                return
            }
            let entries: [String]
            do {
                entries = try fm.contentsOfDirectory(atPath: path)
            } catch {
                warnings.append(IngestWarning(path: path, problem: .unreadable("folder cannot be listed")))
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
