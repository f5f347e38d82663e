import Foundation

/// Large record files (a PubMed export of 100,000 records is 300 MB) read in pieces on every core.
/// The file is read with read(2) a few megabytes at a time; each block is cut at the last place a
/// record may start and handed to a worker while the next block is read, so at most a few blocks
/// are in memory at once and a file truncated by another program meanwhile only reads short (with
/// a warning) — it is never mapped, so it cannot fault. MEDLINE chunks are read from their bytes
/// (`MedlineBytes`); other formats' chunks are decoded and read by the format's reader. Line numbers
/// are shifted back to the whole file's. Given a tagger, each worker tags its chunk's papers as soon
/// as it has read them, so the papers (and the pieces reported) leave the workers tagged. Asked to
/// index, the workers also index the settled pieces as they go (`PieceIndexer`): the outcome then
/// holds the index builders of all its papers, numbered from 0 in the file's order.
enum ChunkedIngest {
    /// Which files are read in pieces, and how large the pieces are (smaller in tests).
    struct Sizes: Sendable {
        /// Files smaller than this are read whole.
        var minimum = 8 << 20
        /// About how many bytes each chunk holds.
        var chunk = 4 << 20
    }

    /// How many bytes at the head of the file pick its reader.
    static let headSize = 65_536

    /// Told of each piece's papers as soon as they are read, in the file's order (from the reading
    /// threads): the piece's number, its size in bytes, its papers (with the whole file's line numbers).
    typealias PieceObserver = @Sendable (Int, Int, [Paper]) -> Void

    /// The file's papers, or nil when it is not a record file that can be cut (the caller then reads it whole).
    static func read(path: String, tagger: DiseaseTagger? = nil, indexing: Bool = false, chunkSize: Int = Sizes().chunk,
                     onPiece: PieceObserver? = nil) -> ReadOutcome? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else { return nil }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        // The whole file is read front to back: the kernel may read ahead of the blocks asked for,
        // so a file not in the page cache comes from disk while the workers read earlier pieces.
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED)
        var source = ByteSource.file(fd)
        return read(from: &source, expectedSize: Int(info.st_size), path: path, chunkSize: chunkSize, tagger: tagger,
                    indexing: indexing, onPiece: onPiece)
    }

    /// As above, for bytes in memory; `chunkSize` is a parameter so tests can cut small texts, and
    /// `expectedSize` (the bytes' count unless given) stands for the size the file claimed.
    static func read(bytes: UnsafeRawBufferPointer, path: String, chunkSize: Int, expectedSize: Int? = nil,
                     tagger: DiseaseTagger? = nil, indexing: Bool = false, onPiece: PieceObserver? = nil) -> ReadOutcome? {
        var source = ByteSource.memory(bytes, offset: 0)
        return read(from: &source, expectedSize: expectedSize ?? bytes.count, path: path, chunkSize: chunkSize,
                    tagger: tagger, indexing: indexing, onPiece: onPiece)
    }

    static func read(from source: inout ByteSource, expectedSize: Int, path: String, chunkSize: Int,
                     tagger: DiseaseTagger? = nil, indexing: Bool = false, onPiece: PieceObserver? = nil) -> ReadOutcome? {
        var block = Block(capacity: max(chunkSize, headSize))
        var status = block.fill(from: &source)
        if case .failed = status { return nil }
        guard let reader = reader(for: block, path: path), let rule = cutRule(reader.format) else { return nil }
        var total = block.count
        let bom = block.count >= 3 && block.bytes[0] == 0xEF && block.bytes[1] == 0xBB && block.bytes[2] == 0xBF
        var start = bom ? 3 : 0

        let indexer = indexing ? PieceIndexer(size: expectedSize) : nil
        let parts = Parts(onPiece: onPiece, indexer: indexer)
        let pools = StringPools()
        let group = DispatchGroup()
        let inFlight = DispatchSemaphore(value: ProcessInfo.processInfo.activeProcessorCount + 1)
        var chunks = 0
        func dispatch(_ from: Int, _ to: Int) {
            let n = chunks
            chunks += 1
            inFlight.wait()
            // The first piece accounts for a byte-order mark before it.
            let size = n == 0 ? to : to - from
            let piece = UnsafeSendable((block, from, to))
            DispatchQueue.global().async(group: group) {
                let (block, from, to) = piece.value
                let bytes = UnsafeBufferPointer(start: block.bytes + from, count: to - from)
                var pool = pools.take()
                var part = readChunk(bytes, reader: reader, path: path, pool: &pool)
                // Handed back, not shared: the next chunk's reader adds to it without copying its tables.
                pools.put(consume pool)
                tagger?.tag(&part.outcome.papers)
                part.bytes = size
                // Moved in, so the piece's papers are not shared when their line numbers are shifted.
                parts.finish(n, consume part)
                indexer?.indexWaiting()
                inFlight.signal()
            }
        }

        var problem: IngestProblem?
        while true {
            // Chunks of about `chunkSize` from the front of the block, each cut where a record may start.
            while let cut = nextCut(block.bytes, from: start + chunkSize, start: start, count: block.count, rule: rule) {
                dispatch(start, cut)
                start = cut
            }
            guard case .more = status else {
                if block.count > start { dispatch(start, block.count) }
                if case .failed(let reason) = status { problem = .unreadable(reason) }
                break
            }
            if let cut = lastCut(block.bytes, start: start, count: block.count, rule: rule) {
                dispatch(start, cut)
                start = cut
            }
            // The rest (a record begun) moves to the next block, which is read while workers read this one.
            // A record larger than a block doubles the next. In the file's last few chunks the blocks,
            // and so the pieces, are a quarter as large: the last pieces then keep both cores busy
            // rather than leaving one core to read, tag and index a large piece alone.
            let rest = block.count - start
            let size = expectedSize - total < 4 * chunkSize ? max(chunkSize / 4, 1) : chunkSize
            let next = Block(capacity: rest + max(size, rest))
            next.append(block.bytes + start, count: rest)
            block = next
            start = 0
            status = block.fill(from: &source)
            total += block.count - rest
        }
        group.wait()
        if problem == nil, total < expectedSize { problem = .shrank(read: total, expected: expectedSize) }

        var outcome = ReadOutcome()
        var pieces: [[Paper]] = []
        pieces.reserveCapacity(chunks)
        for n in 0..<chunks {
            let part = parts.take(n)
            pieces.append(part.outcome.papers)
            outcome.warnings += part.outcome.warnings
        }
        outcome.papers = Paper.joining(&pieces)
        outcome.indexParts = indexer?.finish()
        if let problem { outcome.warnings.append(IngestWarning(path: path, problem: problem)) }
        if outcome.papers.isEmpty && outcome.warnings.isEmpty {
            outcome.warnings.append(IngestWarning(path: path, problem: .noPaperFound))
        }
        return outcome
    }

    /// The reader for the head of the file, when it is UTF-8 text.
    static func reader(for block: Block, path: String) -> (any DocumentReader.Type)? {
        let all = UnsafeBufferPointer(start: block.bytes, count: block.count)
        guard !all.isEmpty, !(all.starts(with: [0xFF, 0xFE]) || all.starts(with: [0xFE, 0xFF])) else { return nil }
        let head = Data(all.prefix(headSize))
        guard case .success(.utf8) = TextDecoding.detectEncoding(head) else { return nil }
        var headText = String(decoding: head, as: UTF8.self)
        if let cut = headText.lastIndex(of: "\n") { headText = String(headText[...cut]) }
        if headText.hasPrefix("\u{FEFF}") { headText.removeFirst() }
        let ext = (path as NSString).pathExtension.lowercased()
        return Ingest.readers.first(where: { $0.recognises(headText, pathExtension: ext) })
    }

    /// One chunk's papers and warnings (lines counted from the chunk's start) and its line breaks.
    static func readChunk(_ bytes: UnsafeBufferPointer<UInt8>, reader: any DocumentReader.Type, path: String,
                          pool: inout StringPool) -> Part {
        if reader.format == .medline {
            let (outcome, lines) = MedlineBytes.read(bytes, path: path, sanitise: true, pool: &pool)
            return Part(outcome: outcome, lines: lines)
        }
        var outcome = reader.read(String(decoding: bytes, as: UTF8.self), path: path)
        outcome.papers = outcome.papers.map { $0.sanitised() }
        return Part(outcome: outcome, lines: lineBreaks(bytes))
    }

    struct Part: Sendable {
        var outcome: ReadOutcome
        var lines: Int
        var bytes = 0
    }

    // MARK: Where to cut

    /// Where a format's files may be cut: MEDLINE after any blank line (a blank line ends a record,
    /// so what follows reads the same alone), RIS before a line starting `TY  -`.
    enum CutRule {
        case afterBlankLine
        case beforeMarker([UInt8])
    }

    static func cutRule(_ format: DocumentFormat) -> CutRule? {
        switch format {
        case .medline: return .afterBlankLine
        case .ris: return .beforeMarker(Array("TY  -".utf8))
        default: return nil
        }
    }

    /// True when the bytes may be cut just after the line feed at `j` (`start` is a line start).
    @inline(__always)
    static func isCut(_ p: UnsafePointer<UInt8>, lineFeed j: Int, start: Int, count: Int, rule: CutRule) -> Bool {
        switch rule {
        case .afterBlankLine:
            // The line ending here is blank: spaces, tabs and CRs back to the line feed before it or the start.
            var k = j - 1
            while k >= start, p[k] == 0x20 || p[k] == 0x09 || p[k] == 0x0D { k -= 1 }
            return k < start || p[k] == 0x0A
        case .beforeMarker(let marker):
            guard j + marker.count < count else { return false }
            for k in 0..<marker.count where p[j + 1 + k] != marker[k] { return false }
            return true
        }
    }

    /// The first place at or after `from` (and before `count`) where the bytes may be cut, or nil.
    static func nextCut(_ p: UnsafePointer<UInt8>, from: Int, start: Int, count: Int, rule: CutRule) -> Int? {
        var j = max(from - 1, start)
        while j < count - 1 {
            if p[j] == 0x0A, isCut(p, lineFeed: j, start: start, count: count, rule: rule) { return j + 1 }
            j += 1
        }
        return nil
    }

    /// The last place after `start` where the bytes may be cut, or nil.
    static func lastCut(_ p: UnsafePointer<UInt8>, start: Int, count: Int, rule: CutRule) -> Int? {
        var j = count - 1
        while j >= start {
            if p[j] == 0x0A, isCut(p, lineFeed: j, start: start, count: count, rule: rule) { return j + 1 }
            j -= 1
        }
        return nil
    }

    /// Line breaks in the bytes, counted as `TaggedLines.lines` splits them.
    static func lineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var lines = 0
        var i = 0
        while true {
            let line = MedlineBytes.scanLine(base, from: i, end: bytes.count)
            guard line.next >= 0 else { return lines }
            lines += 1
            i = line.next
        }
    }

    // MARK: Reading

    /// Where the bytes come from: an open file, or memory.
    enum ByteSource {
        case file(Int32)
        case memory(UnsafeRawBufferPointer, offset: Int)

        /// Up to `count` bytes into `buffer`: how many (0 at the end), or the error.
        mutating func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Result<Int, ReadFailure> {
            switch self {
            case .file(let fd):
                while true {
                    let n = Foundation.read(fd, buffer, count)
                    if n >= 0 { return .success(n) }
                    if errno != EINTR { return .failure(ReadFailure(reason: String(cString: strerror(errno)))) }
                }
            case .memory(let bytes, let offset):
                let n = min(count, bytes.count - offset)
                if n > 0 { buffer.copyMemory(from: bytes.baseAddress! + offset, byteCount: n) }
                self = .memory(bytes, offset: offset + n)
                return .success(n)
            }
        }
    }

    struct ReadFailure: Error {
        var reason: String
    }

    enum FillStatus {
        /// The block is full; there may be more.
        case more
        case end
        case failed(String)
    }

    /// Bytes read into one allocation, freed when the reading loop and every worker reading a chunk
    /// of it are done with it.
    final class Block: @unchecked Sendable {
        let bytes: UnsafeMutablePointer<UInt8>
        private(set) var count = 0
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            bytes = .allocate(capacity: capacity)
        }

        deinit { bytes.deallocate() }

        func append(_ from: UnsafePointer<UInt8>, count n: Int) {
            (bytes + count).update(from: from, count: n)
            count += n
        }

        /// Reads until the block is full or the source ends.
        func fill(from source: inout ByteSource) -> FillStatus {
            while count < capacity {
                switch source.read(into: bytes + count, count: capacity - count) {
                case .success(0): return .end
                case .success(let n): count += n
                case .failure(let failure): return .failed(failure.reason)
                }
            }
            return .more
        }
    }

    /// Chunks' results, finished by workers in any order and settled in the file's order: each
    /// piece's line numbers shifted by the lines of the pieces before it, then reported and handed
    /// to the indexer.
    final class Parts: @unchecked Sendable {
        private var parts: [Int: Part] = [:]
        private var settled = 0
        private var shift = 0
        /// Where the next piece to settle starts in the file, and the number of its first record.
        private var offset = 0
        private var records = 0
        private let lock = NSLock()
        private let onPiece: PieceObserver?
        private let indexer: PieceIndexer?

        init(onPiece: PieceObserver?, indexer: PieceIndexer? = nil) {
            self.onPiece = onPiece
            self.indexer = indexer
        }

        func finish(_ n: Int, _ part: consuming Part) {
            lock.lock()
            defer { lock.unlock() }
            parts[n] = consume part
            // Taken out of the table while its lines are shifted, so its papers are changed in place.
            while var next = parts.removeValue(forKey: settled) {
                if shift > 0 {
                    next.outcome.papers.withUnsafeMutableBufferPointer { papers in
                        for i in papers.indices { if let line = papers[i].source.line { papers[i].source.line = line + shift } }
                    }
                    for i in next.outcome.warnings.indices { next.outcome.warnings[i].line = next.outcome.warnings[i].line.map { $0 + shift } }
                }
                shift += next.lines
                parts[settled] = next
                onPiece?(settled, next.bytes, next.outcome.papers)
                indexer?.add(offset: offset, firstRecord: records, papers: next.outcome.papers)
                offset += next.bytes
                records += next.outcome.papers.count
                settled += 1
            }
        }

        /// A settled piece.
        func take(_ n: Int) -> Part {
            lock.lock()
            defer { lock.unlock() }
            precondition(n < settled, "piece \(n) taken before it was settled")
            return parts.removeValue(forKey: n)!
        }
    }
}

/// Hands out 0, 1, 2, … to concurrent workers.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

extension Paper {
    /// The papers of the parts in one array, in order, moved rather than copied: no paper's fields
    /// are retained or released, only its bytes moved. The parts are left empty. (A part whose papers
    /// are shared, say with an observer still holding them, is copied first as usual.)
    static func joining(_ parts: inout [[Paper]]) -> [Paper] {
        if parts.count == 1 { return parts.removeLast() }
        let total = parts.reduce(0) { $0 + $1.count }
        // What a moved-out slot holds until its part is freed: a paper with nothing to release.
        let empty = Paper(source: PaperSource(path: "", format: .medline))
        let joined = [Paper](unsafeUninitializedCapacity: total) { buffer, initialized in
            for p in parts.indices {
                parts[p].withUnsafeMutableBufferPointer { part in
                    guard let from = part.baseAddress, part.count > 0 else { return }
                    (buffer.baseAddress! + initialized).moveInitialize(from: from, count: part.count)
                    from.initialize(repeating: empty, count: part.count)
                    initialized += part.count
                }
                parts[p] = []
            }
        }
        parts = []
        return joined
    }
}
