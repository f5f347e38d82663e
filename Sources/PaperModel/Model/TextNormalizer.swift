import Foundation

/// Folding shared by dedupe, search and the query language: one notion of "the same words".
///
/// Most text is ASCII; it is folded byte by byte (lowercased) without Foundation's folding, which
/// costs microseconds a call. Anything else goes through `String.folding`, so results are the same.
public enum TextNormalizer {
    /// Case- and accent-insensitive form of a text.
    public static func fold(_ text: String) -> String {
        if isASCII(text) { return asciiLowercased(text) }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// Folded words of a text: letters and digits only.
    public static func words(_ text: String) -> [String] {
        var result: [String] = []
        var text = text
        text.withUTF8 { bytes in
            forEachWordRun(bytes) { run, ascii in
                if ascii {
                    result.append(String(unsafeUninitializedCapacity: run.count) { out in
                        for k in 0..<run.count {
                            let b = run[k]
                            out[k] = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
                        }
                        return run.count
                    })
                } else {
                    // A run with other characters: fold it whole, then split as Characters.
                    let folded = String(decoding: run, as: UTF8.self)
                        .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
                    result += folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
                }
            }
        }
        return result
    }

    /// Calls `body` with each word run of UTF-8 bytes, and whether it is all ASCII: ASCII letters and
    /// digits, together with any non-ASCII bytes among them, between ASCII separators.
    @inline(__always)
    static func forEachWordRun(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Bool) -> Void) {
        let n = bytes.count
        var i = 0
        while i < n {
            while i < n, bytes[i] < 0x80, !isAlnum(bytes[i]) { i += 1 }
            if i == n { break }
            let start = i
            var ascii = true
            while i < n {
                let b = bytes[i]
                if b >= 0x80 { ascii = false } else if !isAlnum(b) { break }
                i += 1
            }
            body(UnsafeBufferPointer(rebasing: bytes[start..<i]), ascii)
        }
    }

    /// The key two titles share when they name the same paper: folded words joined by one space.
    public static func titleKey(_ title: String) -> String {
        words(title).joined(separator: " ")
    }

    /// Collapses runs of whitespace (including non-breaking spaces) into one space and trims.
    public static func collapseWhitespace(_ text: String) -> String {
        if let fast = collapseWhitespaceByScalars(text) { return fast }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The same, on the UTF-8 bytes, for text whose characters are each one scalar that cannot join
    /// a neighbour (ASCII, Latin, Greek, general punctuation); nil for anything else (combining marks,
    /// joiners, other scripts), which takes the Character path.
    static func collapseWhitespaceByScalars(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            let n = bytes.count
            var out = [UInt8]()
            out.reserveCapacity(n)
            var pendingSpace = false
            var i = 0
            while i < n {
                let b = bytes[i]
                var length = 1
                let space: Bool
                if b < 0x80 {
                    space = b == 0x20 || (b >= 0x09 && b <= 0x0D)
                } else {
                    length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                    guard length > 1, i + length <= n else { return nil }
                    var v = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                    for k in 1..<length { v = v << 6 | (UInt32(bytes[i + k]) & 0x3F) }
                    guard v < 0x250 || (v >= 0x370 && v <= 0x3FF) || (v >= 0x2000 && v <= 0x206F && v != 0x200C && v != 0x200D),
                          let scalar = Unicode.Scalar(v) else { return nil }
                    space = scalar.properties.isWhitespace
                }
                if space {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.append(0x20) }
                    pendingSpace = false
                    for k in 0..<length { out.append(bytes[i + k]) }
                }
                i += length
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    @inline(__always)
    static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A)
    }

    static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    static func asciiLowercased(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return String(decoding: bytes, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                for k in 0..<bytes.count {
                    let b = bytes[k]
                    out[k] = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
                }
                return bytes.count
            }
        }
    }
}

/// Eight bytes at a time: a word of UTF-8 loaded little-endian (byte k of the text is bits 8k..8k+7),
/// each byte classified exactly by carry-free arithmetic on its low seven bits. Masks have the high
/// bit of each byte that has the property.
enum ByteWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let high: UInt64 = 0x8080_8080_8080_8080
    static let spaces: UInt64 = 0x2020_2020_2020_2020

    /// The eight bytes at `i` (`p` holds `end` bytes); those at or past `end` read as zero (an ASCII
    /// separator). Nothing outside the `end` bytes is read.
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> UInt64 {
        if i &+ 8 <= end { return UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) }
        if i >= end { return 0 }
        if end >= 8 {
            // The last eight bytes, shifted down to start at `i`.
            let w = UInt64(littleEndian: UnsafeRawPointer(p + (end &- 8)).loadUnaligned(as: UInt64.self))
            return w >> UInt64(8 &* (i &+ 8 &- end))
        }
        var w: UInt64 = 0
        var k = 0
        while i &+ k < end {
            w |= UInt64(p[i &+ k]) << UInt64(8 &* k)
            k &+= 1
        }
        return w
    }

    /// ASCII letters and digits (`TextNormalizer.isAlnum`).
    @inline(__always)
    static func alnum(_ w: UInt64) -> UInt64 {
        let low = w & ~high
        let folded = low | spaces
        // Each sum stays below 0x100, so no carry crosses into the next byte.
        let letter = (folded &+ ones &* (0x80 - 0x61)) & ~(folded &+ ones &* (0x80 - 0x7B))
        let digit = (low &+ ones &* (0x80 - 0x30)) & ~(low &+ ones &* (0x80 - 0x3A))
        return (letter | digit) & ~w & high
    }

    /// Uppercase ASCII letters among the letters and digits `alnum` found (the 0x20 bit clear).
    @inline(__always)
    static func upper(_ w: UInt64, alnum: UInt64) -> UInt64 {
        alnum & ~(w << 2)
    }

    /// Bytes equal to `byte`.
    @inline(__always)
    static func equal(_ w: UInt64, _ byte: UInt8) -> UInt64 {
        let t = w ^ (ones &* UInt64(byte))
        return ~(((t & ~high) &+ ~high) | t) & high
    }

    /// The low `count` bytes (0...8) set.
    @inline(__always)
    static func keep(_ count: Int) -> UInt64 {
        count >= 8 ? ~0 : (1 << UInt64(8 &* count)) &- 1
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes, read in place when they are stored contiguously
    /// (native strings), so no copy of the string is made (`withUTF8` needs a mutable copy).
    @inline(__always)
    func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
