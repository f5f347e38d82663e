import Foundation

/// What the reader has done with papers: saved, read, tagged. The query language and the browser
/// read it through this protocol; the saved-state file is one implementation.
public protocol ReadingState: Sendable {
    func isSaved(_ id: PaperID) -> Bool
    func isRead(_ id: PaperID) -> Bool
    func tags(of id: PaperID) -> [String]
    func note(of id: PaperID) -> String?
    /// Every paper the state knows anything about (only these can be saved or read), or nil when it
    /// cannot list them; lets a large corpus look up a few hundred ids instead of asking of each paper.
    var knownIDs: [PaperID]? { get }
}

extension ReadingState {
    public var knownIDs: [PaperID]? { nil }
}

/// No saved state at all: nothing saved, nothing read.
public struct EmptyReadingState: ReadingState {
    public init() {}
    public func isSaved(_ id: PaperID) -> Bool { false }
    public func isRead(_ id: PaperID) -> Bool { false }
    public func tags(of id: PaperID) -> [String] { [] }
    public func note(of id: PaperID) -> String? { nil }
    public var knownIDs: [PaperID]? { [] }
}
