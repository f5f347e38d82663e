/// What was found for words of up to 16 bytes met lately: the tagger keeps each word's token, the
/// index each word's id, so the words a text repeats are not hashed and looked up again. A word is
/// known exactly by its bytes as two eight-byte pieces (the second 0 for a word of up to eight
/// bytes): a word holds no zero byte. One slot a word; the last word met there is kept.
struct RecentWords<Value> {
    let slots: Int
    private var words: [UInt64]
    private var values: [Value]

    /// `slots` is a power of two (0 for a table that keeps nothing).
    init(slots: Int, empty: Value) {
        precondition(slots == 0 || slots & (slots - 1) == 0, "a power of two")
        self.slots = slots
        words = Array(repeating: 0, count: 2 * slots)
        values = Array(repeating: empty, count: slots)
    }

    @inline(__always)
    private func slot(_ first: UInt64, _ second: UInt64) -> Int {
        Int(truncatingIfNeeded: ByteInterner.mix(first, second) >> 40) & (slots &- 1)
    }

    @inline(__always)
    func value(_ first: UInt64, _ second: UInt64) -> Value? {
        let s = slot(first, second)
        return words[2 &* s] == first && words[2 &* s &+ 1] == second ? values[s] : nil
    }

    @inline(__always)
    mutating func remember(_ first: UInt64, _ second: UInt64, _ value: Value) {
        let s = slot(first, second)
        words[2 &* s] = first
        words[2 &* s &+ 1] = second
        values[s] = value
    }
}

extension ByteWord {
    /// The run of ASCII letters and digits at `start` (`p` holds `count` bytes) as written, in two
    /// pieces, and its length, when it is at most 16 bytes long.
    @inline(__always)
    static func shortRun(_ p: UnsafePointer<UInt8>, _ count: Int, from start: Int) -> (UInt64, UInt64, Int)? {
        let w0 = load(p, start, count)
        let stop0 = ~alnum(w0) & high
        if stop0 != 0 {
            let length = stop0.trailingZeroBitCount >> 3
            return (w0 & keep(length), 0, length)
        }
        let w1 = load(p, start &+ 8, count)
        let stop1 = ~alnum(w1) & high
        guard stop1 != 0 else { return nil }
        let length = stop1.trailingZeroBitCount >> 3
        return (w0, w1 & keep(length), 8 &+ length)
    }
}

extension RecentWords: Sendable where Value: Sendable {}
