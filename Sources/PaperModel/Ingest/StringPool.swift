import Foundation

/// One String for each distinct value a reader (or the corpus cache's decoder) meets: a MeSH
/// heading, keyword or journal name repeated in thousands of records is stored once, and its papers
/// share it. A 100,000-record export holds about 940,000 MeSH headings and 690,000 keywords, most of
/// them repeats; each made afresh would be an allocation of its own.
///
/// Names are kept apart from the other values: there are far more distinct names, and the few
/// hundred headings and keywords then stay in a table small enough to stay in cache.
struct StringPool {
    private var values = Table()
    private var names = Table()

    /// The string of these UTF-8 bytes (valid UTF-8): a heading, keyword, journal or type.
    @inline(__always)
    mutating func string(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> String {
        values.string(bytes, count)
    }

    /// The string of a person's or group's name.
    @inline(__always)
    mutating func name(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> String {
        names.string(bytes, count)
    }

    private struct Table {
        var ids = ByteInterner(capacity: 1 << 8)
        var strings: [String] = []

        @inline(__always)
        mutating func string(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> String {
            let key = UnsafeBufferPointer(start: bytes, count: count)
            // Up to 15 bytes a String holds its bytes itself: nothing to share.
            guard count > 15 else { return String(decoding: key, as: UTF8.self) }
            let id = ids.id(of: key, hash: ByteInterner.hash(key))
            if id == strings.count { strings.append(String(decoding: key, as: UTF8.self)) }
            return strings[id]
        }
    }
}

/// The pools of the threads reading one file's chunks: a chunk's reader takes one and puts it back,
/// so values repeated anywhere in the file are shared, not only within a chunk.
final class StringPools: @unchecked Sendable {
    private var idle: [StringPool] = []
    private let lock = NSLock()

    func take() -> StringPool {
        lock.lock()
        defer { lock.unlock() }
        return idle.popLast() ?? StringPool()
    }

    func put(_ pool: consuming StringPool) {
        lock.lock()
        defer { lock.unlock() }
        idle.append(pool)
    }
}
