import Foundation

/// The saved-state file as a `ReadingStateStore`: every change is written at once.
///
/// Each write takes the file's lock, reads what is on disk now, applies this process's unwritten changes on
/// top (the newest change to an entry wins) and writes the result atomically, so two processes never lose
/// each other's changes. A file that is damaged or from a newer Lectern is never written: the store opens
/// read-only, keeps changes in memory and reports `problem`. A write that fails keeps the changes in memory
/// and tries them again with the next change.
public final class LibraryStore: ReadingStateStore {
    public let file: LibraryFile
    /// What this process sees: the file as last read, plus the changes not yet written.
    public private(set) var library: Library
    /// Changes made here and not yet in the file.
    public private(set) var pending: [LibraryChange] = []
    /// Why the file is read-only (damaged, newer, unreadable), or the last write failure; nil when all is well.
    public private(set) var problem: LibraryError?

    private var onDisk: Library
    /// Which file `onDisk` was read from; nil when unknown, so the next write reads the file again.
    private var onDiskIdentity: LibraryFile.Identity?
    /// The file as this store last looked at it, good or bad: `reloadIfChanged` reads only a different one.
    private var seenIdentity: LibraryFile.Identity?
    private let clock: () -> Date

    /// Opens the file at `path`; never throws: a bad file leaves the store read-only with `problem` set.
    public init(path: String, clock: @escaping () -> Date = Date.init) {
        self.file = LibraryFile(path: path)
        self.clock = clock
        do {
            let read = try file.readWithIdentity()
            onDisk = read.library ?? Library()
            onDiskIdentity = read.identity
            seenIdentity = read.identity
            problem = nil
        } catch {
            onDisk = Library()
            onDiskIdentity = nil
            seenIdentity = file.currentIdentity()
            problem = error
        }
        library = onDisk
    }

    /// True while the file is damaged, newer or unreadable: changes stay in memory only.
    public var isReadOnly: Bool { problem?.makesReadOnly ?? false }

    public var snapshot: any ReadingState { library }

    // MARK: ReadingStateStore

    public func setSaved(_ saved: Bool, for paper: Paper) throws(LibraryError) {
        try record([.saved(saved)], for: LibraryPaperRef(paper: paper))
    }

    public func setRead(_ read: Bool, for paper: Paper) throws(LibraryError) {
        try record([.read(read)], for: LibraryPaperRef(paper: paper))
    }

    public func setTags(_ tags: [String], for paper: Paper) throws(LibraryError) {
        try record([.tags(tags)], for: LibraryPaperRef(paper: paper))
    }

    public func setNote(_ note: String?, for paper: Paper) throws(LibraryError) {
        try record([.note(note)], for: LibraryPaperRef(paper: paper))
    }

    // MARK: Changes

    /// Applies the changes here at once, then writes them with one read-merge-write.
    /// On failure they stay applied in memory and pending, and the error says why.
    public func record(_ kinds: [LibraryChange.Kind], for paper: LibraryPaperRef) throws(LibraryError) {
        var now = LibraryTime.stamp(clock())
        // Keep this process's changes to an entry in order even if the clock steps back.
        if let last = library.entries[paper.id]?.updatedAt, last > now { now = last }
        for kind in kinds {
            let change = LibraryChange(kind, paper: paper, at: now)
            pending.append(change)
            library.apply(change)
        }
        try flush()
    }

    /// Writes the pending changes: lock, read the file, apply them on top, write atomically.
    public func flush() throws(LibraryError) {
        guard !pending.isEmpty else { return }
        do {
            let (merged, identity) = try file.withLock(pending: pending.count) { () throws(LibraryError) -> (Library, LibraryFile.Identity?) in
                file.removeStaleTemporaries()
                // Unchanged since it was last read (every write makes a new file): no need to read it again.
                var merged: Library
                if let known = onDiskIdentity, file.currentIdentity() == known {
                    merged = onDisk
                } else {
                    merged = try file.read() ?? Library()
                }
                for change in pending { merged.apply(change) }
                merged.dropTombstones(before: clock().addingTimeInterval(-Library.tombstoneLifetime))
                let identity = try file.write(merged, pending: pending.count)
                return (merged, identity)
            }
            onDisk = merged
            onDiskIdentity = identity
            seenIdentity = identity
            library = merged
            pending = []
            problem = nil
        } catch {
            problem = error
            throw error
        }
    }

    /// Reads the file again if another process has written it since this store last did; cheap (one `stat`)
    /// when it has not. Returns whether the state may have changed.
    @discardableResult
    public func reloadIfChanged() -> Bool {
        guard let identity = file.currentIdentity(), identity != seenIdentity else { return false }
        reload()
        return true
    }

    /// Reads the file again (another process may have changed it), keeping the changes not yet written.
    public func reload() {
        do {
            let read = try file.readWithIdentity()
            onDisk = read.library ?? Library()
            onDiskIdentity = read.identity
            seenIdentity = read.identity
            if problem?.makesReadOnly == true { problem = nil }
        } catch {
            onDiskIdentity = nil
            seenIdentity = file.currentIdentity()
            problem = error
        }
        var view = onDisk
        for change in pending { view.apply(change) }
        library = view
    }
}
