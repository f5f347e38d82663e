import Foundation
import PaperModel

/// The papers read so far while the corpus loads, kept in the order of the files and of the pieces
/// within each file (pieces can finish out of order), so the list grows the way the final corpus
/// will read. Each batch is stored as it came: adding one copies no paper. Each paper's id is worked
/// out once, as its batch arrives: the saved and unread counts ask for the ids of every paper shown.
struct ArrivingPapers: Sendable {
    private var batches: [[Paper]] = []
    private var ids: [[PaperID]] = []
    private var keys: [Key] = []
    /// Position of each batch's first paper.
    private var starts: [Int] = []
    private(set) var count = 0

    struct Key: Comparable, Sendable {
        var file: Int
        var piece: Int
        static func < (a: Key, b: Key) -> Bool { (a.file, a.piece) < (b.file, b.piece) }
    }

    /// Adds a batch in its place; returns the position its first paper takes (papers at or after it move down).
    mutating func insert(_ papers: [Paper], file: Int, piece: Int) -> Int {
        let key = Key(file: file, piece: piece)
        // Batches mostly come in order: look from the end.
        var index = keys.count
        while index > 0 && key < keys[index - 1] { index -= 1 }
        let start = index < starts.count ? starts[index] : count
        guard !papers.isEmpty else { return start }
        batches.insert(papers, at: index)
        ids.insert(papers.map(\.id), at: index)
        keys.insert(key, at: index)
        starts.insert(start, at: index)
        for later in (index + 1)..<starts.count { starts[later] += papers.count }
        count += papers.count
        return start
    }

    subscript(position: Int) -> Paper {
        let batch = batch(holding: position)
        return batches[batch][position - starts[batch]]
    }

    func id(at position: Int) -> PaperID {
        let batch = batch(holding: position)
        return ids[batch][position - starts[batch]]
    }

    /// The last batch whose start is at or before the position.
    private func batch(holding position: Int) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= position { low = middle } else { high = middle - 1 }
        }
        return low
    }

    var all: [Paper] { batches.flatMap { $0 } }
}
