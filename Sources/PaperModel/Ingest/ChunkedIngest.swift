import Foundation

/// Large record files (a PubMed export of 100,000 records is 280 MB) read in pieces on every core:
/// the file is mapped, cut into chunks of a few megabytes at record starts, each chunk decoded and
/// read by the format's own reader, line numbers shifted back to the whole file's, and each chunk's
/// pages handed back once read. The whole file is never one String in memory.
enum ChunkedIngest {
    /// Files smaller than this are read whole.
    static let minimumSize = 8 << 20
    /// About how many bytes each chunk holds.
    static let chunkSize = 4 << 20

    /// Told of each piece's papers as soon as they are read (from the reading threads): the piece's
    /// number, its size in bytes, its papers.
    typealias PieceObserver = @Sendable (Int, Int, [Paper]) -> Void

    /// The file's papers, or nil when it is not a record file that can be cut (the caller then reads it whole).
    static func read(path: String, onPiece: PieceObserver? = nil) -> ReadOutcome? {
        guard let file = MappedFile(path: path) else { return nil }
        defer { file.close() }
        return read(bytes: file.bytes, path: path, chunkSize: chunkSize, onPiece: onPiece)
    }

    /// As above, for bytes in memory; `chunkSize` is a parameter so tests can cut small texts.
    static func read(bytes: UnsafeRawBufferPointer, path: String, chunkSize: Int, onPiece: PieceObserver? = nil) -> ReadOutcome? {
        let all = bytes.bindMemory(to: UInt8.self)
        guard !all.isEmpty, !(all.starts(with: [0xFF, 0xFE]) || all.starts(with: [0xFE, 0xFF])) else { return nil }
        let head = Data(all.prefix(65_536))
        guard case .success(.utf8) = TextDecoding.detectEncoding(head) else { return nil }
        var headText = String(decoding: head, as: UTF8.self)
        if let cut = headText.lastIndex(of: "\n") { headText = String(headText[...cut]) }
        if headText.hasPrefix("\u{FEFF}") { headText.removeFirst() }
        let ext = (path as NSString).pathExtension.lowercased()
        guard let reader = Ingest.readers.first(where: { $0.recognises(headText, pathExtension: ext) }),
              let marker = recordStart(reader.format) else { return nil }
        let bounds = chunkBounds(all, marker: marker, chunkSize: chunkSize)
        let lineOffsets = lineOffsets(all, bounds: bounds)
        let slots = Slots<ReadOutcome>(count: bounds.count - 1)
        let shared = UnsafeSendable(all)
        DispatchQueue.concurrentPerform(iterations: bounds.count - 1) { n in
            var start = bounds[n]
            if n == 0, shared.value.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
            let piece = UnsafeBufferPointer(rebasing: shared.value[start..<bounds[n + 1]])
            let text = String(decoding: piece, as: UTF8.self)
            var outcome = reader.read(text, path: path)
            outcome.papers = outcome.papers.map { $0.sanitised() }
            let shift = lineOffsets[n]
            if shift > 0 {
                for i in outcome.papers.indices { outcome.papers[i].source.line = outcome.papers[i].source.line.map { $0 + shift } }
                for i in outcome.warnings.indices { outcome.warnings[i].line = outcome.warnings[i].line.map { $0 + shift } }
            }
            MappedFile.release(UnsafeRawBufferPointer(piece))
            onPiece?(n, piece.count, outcome.papers)
            slots.set(n, outcome)
        }
        var outcome = ReadOutcome()
        for n in 0..<(bounds.count - 1) {
            let part = slots.take(n)
            outcome.papers += part.papers
            outcome.warnings += part.warnings
        }
        if outcome.papers.isEmpty && outcome.warnings.isEmpty {
            outcome.warnings.append(IngestWarning(path: path, problem: .noPaperFound))
        }
        return outcome
    }

    /// The bytes that begin a line starting a record, for formats whose records can be read apart.
    static func recordStart(_ format: DocumentFormat) -> [UInt8]? {
        switch format {
        case .medline: return Array("PMID-".utf8)
        case .ris: return Array("TY  -".utf8)
        default: return nil
        }
    }

    /// Chunk boundaries: 0, then the start of the first record line at or after each multiple of
    /// `chunkSize`, then the end.
    static func chunkBounds(_ bytes: UnsafeBufferPointer<UInt8>, marker: [UInt8], chunkSize: Int) -> [Int] {
        var bounds = [0]
        var target = chunkSize
        while target < bytes.count {
            guard let next = nextRecordLine(bytes, from: target, marker: marker) else { break }
            if next > bounds.last! { bounds.append(next) }
            target = next + chunkSize
        }
        bounds.append(bytes.count)
        return bounds
    }

    /// The first position at or after `from` where a line begins with the marker.
    static func nextRecordLine(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, marker: [UInt8]) -> Int? {
        var i = max(from, 1)
        let n = bytes.count
        while i + marker.count <= n {
            if bytes[i - 1] == 0x0A && bytes[i] == marker[0] {
                var k = 1
                while k < marker.count && bytes[i + k] == marker[k] { k += 1 }
                if k == marker.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// How many lines come before each chunk, counted as Swift counts line breaks in the readers
    /// ("\r\n" once, lone "\r", "\n", vertical tab and form feed each once).
    static func lineOffsets(_ bytes: UnsafeBufferPointer<UInt8>, bounds: [Int]) -> [Int] {
        var offsets = [0]
        var lines = 0
        for n in 1..<max(1, bounds.count - 1) {
            for i in bounds[n - 1]..<bounds[n] {
                switch bytes[i] {
                case 0x0A, 0x0B, 0x0C: lines += 1
                case 0x0D where i + 1 >= bytes.count || bytes[i + 1] != 0x0A: lines += 1
                default: break
                }
            }
            offsets.append(lines)
        }
        return offsets
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
