import Foundation

/// What can go wrong with the saved-state file, each with a message that says what to do.
public enum LibraryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file is not a saved-state file Lectern can read. It is left untouched and not written to.
    case corrupt(path: String, detail: String, backup: String?)
    /// The file was written by a newer Lectern. It is left untouched and not written to.
    case newerVersion(path: String, found: Int, supported: Int, backup: String?)
    /// The file exists but cannot be read (permissions, I/O error). It is not written to.
    case unreadable(path: String, reason: String)
    /// A change could not be written (read-only folder, disk full, lock held too long).
    /// `pending` changes are kept in memory and written with the next change.
    case writeFailed(path: String, reason: String, pending: Int)

    public var path: String {
        switch self {
        case .corrupt(let path, _, _), .newerVersion(let path, _, _, _), .unreadable(let path, _), .writeFailed(let path, _, _):
            return path
        }
    }

    /// True when the file itself is the problem: nothing is written until it is fixed.
    public var makesReadOnly: Bool {
        if case .writeFailed = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .corrupt(let path, let detail, let backup):
            return "\(path) is damaged: \(detail). It is left untouched and changes are not saved." + Self.restoreHint(path, backup)
        case .newerVersion(let path, let found, let supported, let backup):
            return "\(path) was written by a newer Lectern (file version \(found), this build reads up to \(supported)). "
                + "It is left untouched and changes are not saved; update Lectern to change it." + Self.restoreHint(path, backup)
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason). Changes are not saved until it can be read (check its permissions)."
        case .writeFailed(let path, let reason, let pending):
            let changes = pending == 1 ? "1 change is" : "\(pending) changes are"
            return "cannot write \(path): \(reason). \(changes) kept in memory and retried with the next change."
        }
    }

    /// One short line for a status bar, the consequence first (`lectern saved` prints the full message).
    public var summary: String {
        let name = (path as NSString).lastPathComponent
        switch self {
        case .corrupt:
            return "\(name) is damaged: saved marks are read-only (lectern saved says how to restore it)"
        case .newerVersion(_, let found, _, _):
            return "\(name) is from a newer Lectern (version \(found)): saved marks are read-only"
        case .unreadable(_, let reason):
            return "cannot read \(name) (\(reason)): saved marks are read-only"
        case .writeFailed(_, let reason, let pending):
            let changes = pending == 1 ? "1 change" : "\(pending) changes"
            return "\(name) not written, \(changes) kept for the next try: \(reason)"
        }
    }

    private static func restoreHint(_ path: String, _ backup: String?) -> String {
        guard let backup else { return " No backup copy exists: fix or move the file aside to start afresh." }
        return " The previous good copy is \(backup): to use it, run `mv \(shellQuoted(path)) \(shellQuoted(path + ".broken")) && cp \(shellQuoted(backup)) \(shellQuoted(path))`."
    }

    static func shellQuoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:@,".contains($0) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
