import Foundation

/// What a load reports while it runs, for a progress display: the files listed, each phase as it
/// begins, and the papers of each file (or each piece of a large file) as soon as they are read.
/// Reports come from the reading threads, several at once: the receiver must be thread-safe.
public enum LoadEvent: Sendable {
    /// The files to read, and their size in bytes.
    case listed(files: Int, bytes: Int)
    /// A phase began: "list", "read" (reading and tagging each paper), "dedupe", "tag" (tagging
    /// again the papers merged from several records), "index", "cache-read", "cache-write".
    case phase(String)
    /// Papers just read and tagged, before duplicates are merged.
    case batch(IngestBatch)
}

public typealias LoadObserver = @Sendable (LoadEvent) -> Void

/// The papers of one file, or of one piece of a large record file, as read and tagged.
public struct IngestBatch: Sendable {
    /// The file's place in the listing: papers of file 0 come first in the corpus.
    public var file: Int
    /// The piece's place in its file (0 for a file read whole).
    public var piece: Int
    /// Bytes of the file this batch accounts for.
    public var bytes: Int
    public var papers: [Paper]
    /// True on the file's last report: the file has been read (with or without papers).
    public var endsFile: Bool
    /// The file gave no paper (unreadable, empty, not a paper): set with `endsFile`.
    public var fileFailed: Bool

    public init(file: Int, piece: Int, bytes: Int, papers: [Paper], endsFile: Bool, fileFailed: Bool = false) {
        self.file = file
        self.piece = piece
        self.bytes = bytes
        self.papers = papers
        self.endsFile = endsFile
        self.fileFailed = fileFailed
    }
}

/// Hands batches of pieces out as they finish: set once any piece of a file was reported.
final class PieceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
