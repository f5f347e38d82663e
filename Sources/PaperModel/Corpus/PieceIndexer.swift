import Foundation

/// Indexes a large record file's papers while the file is still being read, so that building the
/// index does not wait for the last piece: the reading threads hand over each piece once it is
/// settled (in the file's order) and then index whatever is waiting. The pieces of the first half of
/// the file's bytes go to one builder, the rest to another, so both halves are indexed at once; each
/// builder is used by one thread at a time and takes its pieces in order, so its papers' record
/// numbers ascend as `IndexBuilder.add` needs. Record numbers count the file's records from 0;
/// `Ingest` shifts them to the whole load's, and `SearchIndex.assembling` to the papers' final
/// positions once duplicates are merged.
final class PieceIndexer: @unchecked Sendable {
    private struct Piece {
        var firstRecord: Int
        var papers: [Paper]
    }

    private var builders: [IndexBuilder?]
    private var waiting: [[Piece]]
    private let halfway: Int
    private let lock = NSLock()

    /// `size` is the file's size in bytes.
    init(size: Int) {
        builders = [IndexBuilder(), IndexBuilder()]
        waiting = [[], []]
        halfway = size / 2
    }

    /// Takes a settled piece: `offset` is where its bytes start in the file, `firstRecord` the number
    /// of its first paper. Called in the file's order.
    func add(offset: Int, firstRecord: Int, papers: [Paper]) {
        guard !papers.isEmpty else { return }
        lock.lock()
        waiting[offset < halfway ? 0 : 1].append(Piece(firstRecord: firstRecord, papers: papers))
        lock.unlock()
    }

    /// Indexes the pieces waiting for a builder no other thread is using, on the calling thread,
    /// until none is left.
    func indexWaiting() {
        while true {
            lock.lock()
            guard let b = builders.indices.first(where: { builders[$0] != nil && !waiting[$0].isEmpty }) else {
                lock.unlock()
                return
            }
            var builder = builders[b]!
            builders[b] = nil
            var pieces = waiting[b]
            waiting[b] = []
            lock.unlock()
            for piece in pieces {
                piece.papers.withUnsafeBufferPointer { papers in
                    for i in papers.indices { builder.add(papers.baseAddress! + i, position: UInt32(piece.firstRecord + i)) }
                }
            }
            // The papers are let go before the builder is handed back, so the reading threads can
            // move them into the corpus without copying them once every piece is indexed.
            pieces = []
            lock.lock()
            builders[b] = builder
            lock.unlock()
        }
    }

    /// The builders, once every piece is indexed (every reading thread has returned from `indexWaiting`).
    func finish() -> [IndexBuilder] {
        lock.lock()
        defer { lock.unlock() }
        precondition(waiting.allSatisfy(\.isEmpty), "pieces left unindexed")
        return builders.map { $0! }
    }
}
