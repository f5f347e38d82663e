import Foundation

/// Bytes to text. UTF-8 with invalid bytes replaced by U+FFFD (the rest kept); UTF-16 LE or BE,
/// with a byte-order mark or recognised by its zero bytes; a UTF-8 byte-order mark dropped.
/// Binary data — many NUL or control bytes, or mostly invalid UTF-8, in the first 8 KB — is refused.
///
/// Files are decoded as they are read, a chunk at a time, into one string reserved at the file's
/// size: a file of N bytes costs about N bytes of memory, not the bytes plus the text.
public enum TextDecoding {
    public enum Encoding: Equatable, Sendable { case utf8, utf16LE, utf16BE }

    /// How many leading bytes decide the encoding and whether a file is binary.
    public static let sniffLength = 8192

    public static func decode(_ data: Data) -> Result<String, IngestProblem> {
        var decoder = StreamingDecoder(expectedSize: data.count)
        let failed: IngestProblem? = data.withUnsafeBytes { decoder.feed($0) }
        if let failed { return .failure(failed) }
        return decoder.finish()
    }

    /// Reads and decodes an open file a chunk at a time. `size` is only a capacity hint.
    public static func decode(fileDescriptor fd: Int32, size: Int, chunkSize: Int = 1 << 20) -> Result<String, IngestProblem> {
        var decoder = StreamingDecoder(expectedSize: size)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, sniffLength), alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno))))
            }
            if n == 0 { break }
            if let problem = decoder.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) { return .failure(problem) }
        }
        return decoder.finish()
    }

    /// Decodes bytes fed in pieces of any size; the result does not depend on where the pieces are cut.
    public struct StreamingDecoder {
        public private(set) var encoding: Encoding?
        private var text = ""
        /// Bytes not decoded yet: the head before the encoding is known, then at most the tail of
        /// a character cut by a chunk boundary.
        private var pending: [UInt8] = []
        private var expectedSize: Int

        public init(expectedSize: Int = 0) {
            self.expectedSize = expectedSize
        }

        /// Takes the next bytes. Returns the problem when the head shows the data is not text.
        public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> IngestProblem? {
            guard let encoding else {
                pending.append(contentsOf: bytes)
                if pending.count >= TextDecoding.sniffLength { return start() }
                return nil
            }
            switch encoding {
            case .utf8: appendUTF8(bytes, final: false)
            case .utf16LE, .utf16BE: appendUTF16(bytes, final: false)
            }
            return nil
        }

        public mutating func finish() -> Result<String, IngestProblem> {
            if encoding == nil {
                if pending.isEmpty { return .failure(.empty) }
                if let problem = start() { return .failure(problem) }
            }
            switch encoding {
            case .utf16LE, .utf16BE: appendUTF16(UnsafeRawBufferPointer(start: nil, count: 0), final: true)
            default: appendUTF8(UnsafeRawBufferPointer(start: nil, count: 0), final: true)
            }
            if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0.value == 0 }) { return .failure(.empty) }
            return .success(text)
        }

        /// Decides the encoding from the head held in `pending`, then decodes it.
        private mutating func start() -> IngestProblem? {
            let head = pending
            pending = []
            var body = head[...]
            switch TextDecoding.detectEncoding(head.prefix(TextDecoding.sniffLength)) {
            case .failure(let problem):
                return problem
            case .success(let detected):
                encoding = detected
                switch detected {
                case .utf8:
                    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
                    text.reserveCapacity(expectedSize)
                case .utf16LE:
                    if body.starts(with: [0xFF, 0xFE]) { body = body.dropFirst(2) }
                    text.reserveCapacity(expectedSize / 2 * 3 / 2)
                case .utf16BE:
                    if body.starts(with: [0xFE, 0xFF]) { body = body.dropFirst(2) }
                    text.reserveCapacity(expectedSize / 2 * 3 / 2)
                }
            }
            Array(body).withUnsafeBytes { raw in
                if encoding == .utf8 { appendUTF8(raw, final: false) } else { appendUTF16(raw, final: false) }
            }
            return nil
        }

        private mutating func appendUTF8(_ bytes: UnsafeRawBufferPointer, final: Bool) {
            var chunk = bytes
            var joined: [UInt8] = []
            if !pending.isEmpty {
                joined = pending + Array(bytes)
                pending = []
            }
            joined.withUnsafeBytes { joinedBytes in
                if !joinedBytes.isEmpty { chunk = joinedBytes }
                let cut = final ? chunk.count : TextDecoding.completeUTF8Prefix(chunk)
                text += String(decoding: chunk[0..<cut], as: UTF8.self)
                if cut < chunk.count { pending = Array(chunk[cut...]) }
            }
        }

        private mutating func appendUTF16(_ bytes: UnsafeRawBufferPointer, final: Bool) {
            let all = pending + Array(bytes)
            pending = []
            let pairs = all.count / 2
            var units = [UInt16]()
            units.reserveCapacity(pairs)
            let bigEndian = encoding == .utf16BE
            for k in 0..<pairs {
                let a = UInt16(all[2 * k]), b = UInt16(all[2 * k + 1])
                units.append(bigEndian ? (a << 8 | b) : (b << 8 | a))
            }
            var keep = all.count % 2
            // A high surrogate at the end waits for its partner in the next chunk.
            if !final, let last = units.last, (0xD800...0xDBFF).contains(last) {
                units.removeLast()
                keep += 2
            }
            text += String(decoding: units, as: UTF16.self)
            if final {
                if keep > 0 { text.append("\u{FFFD}") }
            } else if keep > 0 {
                pending = Array(all.suffix(keep))
            }
        }
    }

    /// Length of the longest prefix that does not end inside a UTF-8 sequence that later bytes
    /// could complete. Invalid bytes count as complete: they decode to U+FFFD wherever the cut is.
    static func completeUTF8Prefix(_ bytes: UnsafeRawBufferPointer) -> Int {
        let n = bytes.count
        var back = 1
        while back <= min(3, n) {
            let byte = bytes[n - back]
            if byte & 0xC0 != 0x80 {
                // A lead byte: how long a sequence does it start?
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return length > back && byte < 0xF5 ? n - back : n
            }
            back += 1
        }
        return n
    }

    /// Which encoding the bytes are in, or why they are not text. Looks at the first 8 KB.
    public static func detectEncoding<Bytes: Collection>(_ bytes: Bytes) -> Result<Encoding, IngestProblem> where Bytes.Element == UInt8 {
        let head = Array(bytes.prefix(sniffLength))
        if head.starts(with: [0xFF, 0xFE]) { return .success(.utf16LE) }
        if head.starts(with: [0xFE, 0xFF]) { return .success(.utf16BE) }
        if let encoding = bomlessUTF16(head) { return .success(encoding) }
        if looksBinary(head) { return .failure(.binary) }
        return .success(.utf8)
    }

    /// UTF-16 without a byte-order mark: most characters of Latin text have a zero high byte, so one
    /// of the two byte positions is mostly zero, the other almost never, and holds printable text.
    static func bomlessUTF16(_ head: [UInt8]) -> Encoding? {
        guard head.count >= 8 else { return nil }
        var zeroEven = 0, zeroOdd = 0, textEven = 0, textOdd = 0
        for (offset, byte) in head.enumerated() {
            let isText = byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if offset % 2 == 0 {
                if byte == 0 { zeroEven += 1 } else if isText { textEven += 1 }
            } else {
                if byte == 0 { zeroOdd += 1 } else if isText { textOdd += 1 }
            }
        }
        let half = head.count / 2
        if zeroOdd * 10 >= half * 7 && zeroEven * 50 <= half && textEven * 10 >= half * 9 { return .utf16LE }
        if zeroEven * 10 >= half * 7 && zeroOdd * 50 <= half && textOdd * 10 >= half * 9 { return .utf16BE }
        return nil
    }

    /// Binary when more than 1 % of the bytes are NUL, more than 5 % are other control bytes
    /// (escape not counted), or more than 30 % of the characters are not valid UTF-8. A stray NUL
    /// or escape in a text file does not make it binary: the sanitiser removes those from every field.
    static func looksBinary(_ head: [UInt8]) -> Bool {
        var nul = 0, control = 0
        for byte in head {
            if byte == 0 { nul += 1 }
            else if byte < 0x09 || (byte > 0x0D && byte < 0x20 && byte != 0x1B) || byte == 0x7F { control += 1 }
        }
        if nul * 100 > head.count || control * 20 > head.count { return true }
        // A cut through a multi-byte character at the 8 KB mark is not a fault: ignore the last 3 bytes.
        let whole = head.count == sniffLength ? head.dropLast(3) : head[...]
        var invalid = 0, characters = 0
        var iterator = whole.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: characters += 1
            case .error: invalid += 1; characters += 1
            case .emptyInput: break loop
            }
        }
        return characters > 0 && invalid * 10 > characters * 3
    }
}
