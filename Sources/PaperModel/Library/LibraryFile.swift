import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The saved-state file on disk: locked, read and written atomically.
///
/// Beside `saved.json` live `saved.json.bak` (the previous good file) and `saved.json.lock` (the lock file;
/// locking the data file itself would not work, since each write replaces it).
public struct LibraryFile: Sendable {
    public let path: String

    /// Symbolic links are followed once, so writes replace the real file, not the link.
    public init(path: String) {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute = expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
        self.path = Self.followingLinks((absolute as NSString).standardizingPath)
    }

    /// The file a chain of symbolic links ends at, even when it does not exist yet.
    static func followingLinks(_ path: String) -> String {
        var path = path
        for _ in 0..<16 {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { break }
            path = target.hasPrefix("/") ? target
                : (((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target) as NSString).standardizingPath
        }
        return path
    }

    public var backupPath: String { path + ".bak" }
    public var lockPath: String { path + ".lock" }
    public var folder: String { (path as NSString).deletingLastPathComponent }

    /// The backup, when there is one to offer.
    var existingBackup: String? { FileManager.default.fileExists(atPath: backupPath) ? backupPath : nil }

    // MARK: Reading

    /// Which version of the file is on disk: each write makes a new file, so a change of identity means the
    /// file was written since. `absent` when there is no file.
    public struct Identity: Hashable, Sendable {
        var device: UInt64 = 0, inode: UInt64 = 0, size: Int64 = 0
        var modified: Int64 = 0, modifiedNanos: Int = 0, changed: Int64 = 0, changedNanos: Int = 0
        public static let absent = Identity()

        init() {}
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec)
            modifiedNanos = Int(info.st_mtim.tv_nsec)
            changed = Int64(info.st_ctim.tv_sec)
            changedNanos = Int(info.st_ctim.tv_nsec)
        }
    }

    /// The identity of the file on disk now; nil when it cannot be told.
    public func currentIdentity() -> Identity? {
        var info = stat()
        if stat(path, &info) == 0 { return Identity(info) }
        return errno == ENOENT || errno == ENOTDIR ? .absent : nil
    }

    /// The library in the file; nil when there is no file yet.
    public func read() throws(LibraryError) -> Library? {
        try readWithIdentity().library
    }

    /// The library in the file (nil when there is none) and the identity of what was read.
    public func readWithIdentity() throws(LibraryError) -> (library: Library?, identity: Identity) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return (nil, .absent) }
            if code == ENOTDIR { return (nil, .absent) } // a parent is a file: nothing can be there; writing will say why
            throw .unreadable(path: path, reason: Self.reason(code))
        }
        defer { close(fd) }
        var info = stat()
        let identity = fstat(fd, &info) == 0 ? Identity(info) : Identity.absent
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc_read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: Self.reason(errno))
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return (try Library.decode(data, path: path, backup: existingBackup), identity)
    }

    // MARK: Locking

    /// Runs `body` holding an exclusive `flock` on the lock file, creating the folder if needed.
    /// Waits up to `timeout` for another process to let go.
    public func withLock<T>(timeout: TimeInterval = 10, pending: Int, _ body: () throws(LibraryError) -> T) throws(LibraryError) -> T {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: path, reason: "cannot create the folder \(folder) (\(Self.describe(error)))", pending: pending)
        }
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .writeFailed(path: path, reason: "cannot open the lock file \(lockPath) (\(Self.reason(errno)))", pending: pending)
        }
        defer { close(fd) }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                throw .writeFailed(path: path, reason: "cannot lock \(lockPath) (\(Self.reason(code)))", pending: pending)
            }
            guard Date() < deadline else {
                throw .writeFailed(path: path, reason: "another process has held \(lockPath) for over \(Int(timeout)) s", pending: pending)
            }
            usleep(5_000)
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    // MARK: Writing

    /// Replaces the file atomically: a temp file in the same folder, fsync, the old file kept as the backup,
    /// rename, fsync of the folder. On failure the old file is as it was.
    @discardableResult
    public func write(_ library: Library, pending: Int) throws(LibraryError) -> Identity? {
        func fail(_ reason: String) -> LibraryError { .writeFailed(path: path, reason: reason, pending: pending) }
        let data = library.encoded()
        let name = (path as NSString).lastPathComponent
        let temp = folder + "/." + name + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"

        var mode: mode_t = 0o644
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists { mode = info.st_mode & 0o7777 }

        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw fail(Self.reason(errno)) }
        var writeError = data.withUnsafeBytes { FileDescriptorWrite.all(fd, $0) }
        if writeError == 0, fchmod(fd, mode) != 0 { writeError = errno }
        if writeError == 0, fsync(fd) != 0 { writeError = errno }
        if close(fd) != 0, writeError == 0 { writeError = errno }
        if writeError != 0 {
            unlink(temp)
            throw fail(Self.reason(writeError))
        }

        if exists {
            // The current file becomes the backup: a hard link keeps its bytes without copying them.
            let backupTemp = folder + "/." + name + ".bak.\(getpid()).tmp"
            unlink(backupTemp)
            if link(path, backupTemp) != 0, !Self.copy(from: path, to: backupTemp) {
                let code = errno
                unlink(temp)
                throw fail("cannot keep the previous file as \(backupPath) (\(Self.reason(code)))")
            }
            if rename(backupTemp, backupPath) != 0 {
                let code = errno
                unlink(backupTemp)
                unlink(temp)
                throw fail("cannot keep the previous file as \(backupPath) (\(Self.reason(code)))")
            }
        }
        if rename(temp, path) != 0 {
            let code = errno
            unlink(temp)
            throw fail(Self.reason(code))
        }
        let folderFD = open(folder, O_RDONLY | O_CLOEXEC)
        if folderFD >= 0 {
            fsync(folderFD)
            close(folderFD)
        }
        // Still under the lock: nobody else can have replaced the file since the rename.
        return currentIdentity()
    }

    /// Removes temp files left by a writer that was killed mid-write. Call it holding the lock:
    /// writers make temp files only while they hold it, so any found then are stale.
    public func removeStaleTemporaries() {
        let prefix = "." + (path as NSString).lastPathComponent + "."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            unlink(folder + "/" + name)
        }
    }

    /// A plain copy with fsync, for filesystems without hard links.
    private static func copy(from source: String, to destination: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: source) else { return false }
        let fd = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let ok = data.withUnsafeBytes { FileDescriptorWrite.all(fd, $0) } == 0
        return ok && fsync(fd) == 0
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return reason(Int32(underlying.code))
        }
        return nsError.localizedDescription
    }
}

// `read` is shadowed by a method above; this names the C function.
@inline(__always) private func Glibc_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

