import Foundation

/// A reader for one kind of document. Each format lives in its own file and is listed in `Ingest.readers`.
public protocol DocumentReader: Sendable {
    static var format: DocumentFormat { get }
    /// True when the text is this reader's kind. Decided by content first; the extension only breaks ties.
    static func recognises(_ text: String, pathExtension: String) -> Bool
    /// Every paper in the text. A record that cannot be read becomes a warning; the rest are kept.
    static func read(_ text: String, path: String) -> ReadOutcome
}

/// What reading one file gave.
public struct ReadOutcome: Sendable {
    public var papers: [Paper]
    public var warnings: [IngestWarning]
    /// The index builders of all the papers (record numbers from 0, in order), when the reader
    /// indexed them as it read (`ChunkedIngest`).
    var indexParts: [IndexBuilder]?

    public init(papers: [Paper] = [], warnings: [IngestWarning] = []) {
        self.papers = papers
        self.warnings = warnings
    }
}

/// One line's worth of trouble with one file: the file, where, and what is wrong.
public struct IngestWarning: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var problem: IngestProblem

    public init(path: String, line: Int? = nil, problem: IngestProblem) {
        self.path = path
        self.line = line
        self.problem = problem
    }

    public var description: String {
        // Paths and messages may hold bytes from the file system or the file: never print them raw.
        let place = line.map { "\(path):\($0)" } ?? path
        return TextSanitizer.path(place) + ": " + TextSanitizer.line(problem.message)
    }
}

public enum IngestProblem: Error, Hashable, Sendable {
    case unreadable(String)
    case notFound
    /// Listed, then gone before it could be read.
    case vanished
    /// A FIFO, device or socket: never opened, so it cannot block or stream forever.
    case notRegularFile
    case empty
    case binary
    case tooLarge(bytes: Int, limit: Int)
    /// The file became shorter than its size while it was read (another program truncated it).
    case shrank(read: Int, expected: Int)
    case noPaperFound
    case badRecord(String)

    public var message: String {
        switch self {
        case .unreadable(let reason): return "cannot be read (\(reason))"
        case .notFound: return "no such file or folder"
        case .vanished: return "file was removed or renamed before it could be read"
        case .notRegularFile: return "not a regular file (a pipe, device or socket); skipped"
        case .empty: return "file is empty"
        case .binary: return "binary file, not a paper page or reference export"
        case .tooLarge(let bytes, let limit):
            return "file is \(bytes / 1_048_576) MB, above the \(limit / 1_048_576) MB limit for one file"
        case .shrank(let read, let expected):
            return "file shrank while it was read (\(read) of \(expected) bytes); records after byte \(read) are missing"
        case .noPaperFound: return "no paper found (no title or abstract recognised)"
        case .badRecord(let reason): return "record skipped: \(reason)"
        }
    }
}
