import Foundation

/// Where changes to the reading state go. The browser's shell applies the user's marks through it;
/// the saved-state file is the real implementation, `MemoryReadingStore` keeps them for one run.
public protocol ReadingStateStore: AnyObject {
    /// A snapshot of the current state, for rendering and queries.
    var snapshot: any ReadingState { get }
    func setSaved(_ saved: Bool, for paper: Paper) throws
    func setRead(_ read: Bool, for paper: Paper) throws
    func setTags(_ tags: [String], for paper: Paper) throws
    func setNote(_ note: String?, for paper: Paper) throws
}

/// Reading state held in memory only.
public struct MemoryReadingState: ReadingState, Hashable {
    public var saved: Set<PaperID> = []
    public var read: Set<PaperID> = []
    public var tagsByID: [PaperID: [String]] = [:]
    public var notesByID: [PaperID: String] = [:]

    public init() {}
    public func isSaved(_ id: PaperID) -> Bool { saved.contains(id) }
    public func isRead(_ id: PaperID) -> Bool { read.contains(id) }
    public func tags(of id: PaperID) -> [String] { tagsByID[id] ?? [] }
    public func note(of id: PaperID) -> String? { notesByID[id] }
    public var knownIDs: [PaperID]? { Array(saved.union(read)) }
}

public final class MemoryReadingStore: ReadingStateStore {
    public private(set) var state = MemoryReadingState()
    public init(state: MemoryReadingState = MemoryReadingState()) { self.state = state }

    public var snapshot: any ReadingState { state }

    public func setSaved(_ saved: Bool, for paper: Paper) {
        if saved { state.saved.insert(paper.id) } else { state.saved.remove(paper.id) }
    }

    public func setRead(_ read: Bool, for paper: Paper) {
        if read { state.read.insert(paper.id) } else { state.read.remove(paper.id) }
    }

    public func setTags(_ tags: [String], for paper: Paper) { state.tagsByID[paper.id] = tags.isEmpty ? nil : tags }
    public func setNote(_ note: String?, for paper: Paper) { state.notesByID[paper.id] = note }
}
