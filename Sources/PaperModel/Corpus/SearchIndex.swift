import Foundation

/// An inverted index of the corpus's folded words: for each distinct word (as `TextNormalizer.words`
/// folds it) the sorted positions of the papers that contain it in any searchable field.
/// Words are kept sorted, so every word starting with a prefix is one contiguous run.
public struct SearchIndex: Sendable {
    /// Token bytes, in sorted order, back to back.
    let arena: [UInt8]
    /// Where token i starts in `arena`; `tokenStart[count]` is the end.
    let tokenStart: [UInt32]
    /// Where token i's positions start in `postings`.
    let postingStart: [UInt32]
    /// Paper positions, ascending within each token.
    let postings: [UInt32]
    /// How many papers were indexed.
    public let paperCount: Int

    public var tokenCount: Int { tokenStart.count - 1 }

    init(arena: [UInt8], tokenStart: [UInt32], postingStart: [UInt32], postings: [UInt32], paperCount: Int) {
        self.arena = arena
        self.tokenStart = tokenStart
        self.postingStart = postingStart
        self.postings = postings
        self.paperCount = paperCount
    }

    /// The text every query word is looked for in: the fields `Query` searches for a plain word.
    @inline(__always)
    static func forEachSearchableField(_ paper: Paper, _ body: (String) -> Void) {
        body(paper.title)
        if let abstract = paper.abstract { body(abstract) }
        if let journal = paper.journal { body(journal) }
        if let doi = paper.doi { body(doi) }
        if let pmid = paper.pmid { body(pmid) }
        for author in paper.authors { body(author) }
        for keyword in paper.keywords { body(keyword) }
        for term in paper.meshTerms { body(term) }
        for tag in paper.diseases { body(tag.name) }
    }

    /// The bytes of the texts `forEachSearchableField` hands over, in the same order, read where they
    /// lie: the index reads every paper this way, without copying the paper or retaining its strings.
    @inline(__always)
    static func forEachSearchableField(_ paper: UnsafePointer<Paper>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withBytes(paper.pointee.title, body)
        withBytes(paper.pointee.abstract, body)
        withBytes(paper.pointee.journal, body)
        withBytes(paper.pointee.doi, body)
        withBytes(paper.pointee.pmid, body)
        withBytes(paper.pointee.authors, body)
        withBytes(paper.pointee.keywords, body)
        withBytes(paper.pointee.meshTerms, body)
        paper.pointee.diseases.withUnsafeBufferPointer { tags in
            for i in tags.indices { withBytes(tags[i].name, body) }
        }
    }

    /// The UTF-8 bytes of the text, in place.
    @inline(__always)
    static func withBytes(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if text.utf8.withContiguousStorageIfAvailable(body) == nil {
            var copy = text
            copy.withUTF8(body)
        }
    }

    @inline(__always)
    static func withBytes(_ text: String?, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        if let text { withBytes(text, body) }
    }

    @inline(__always)
    static func withBytes(_ texts: [String], _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        texts.withUnsafeBufferPointer { texts in
            for i in texts.indices { withBytes(texts[i], body) }
        }
    }

    /// What a field index reads of a paper: the bytes of some of its texts.
    typealias Fields = @Sendable (UnsafePointer<Paper>, (UnsafeBufferPointer<UInt8>) -> Void) -> Void

    /// Builds the index of the papers' searchable fields, using both cores for large corpora.
    public init(papers: [Paper]) {
        self.init(papers: papers, fields: { SearchIndex.forEachSearchableField($0, $1) })
    }

    /// Builds an index of the texts `fields` hands over for each paper (one field's index, say).
    init(papers: [Paper], fields: @escaping Fields) {
        self = IndexBuilder.merge(IndexBuilder.builders(papers, 0..<papers.count, fields: fields), paperCount: papers.count)
    }

    /// The index of the papers (duplicates merged) from the builders of the records they were read
    /// from (`Ingest.load` with `indexing`): `positions[r]` is where record r's paper ended up, or
    /// -1 for a record merged into an earlier one; the papers at `merged` (ascending) were merged
    /// from several records and are indexed again as they are now.
    static func assembling(_ builders: [IndexBuilder], papers: [Paper], positions: [Int32], merged: [Int]) -> SearchIndex {
        var isMerged = [Bool](repeating: false, count: papers.count)
        for position in merged { isMerged[position] = true }
        var revised = builders
        for b in revised.indices {
            revised[b].renumber { record in
                let position = positions[Int(record)]
                return position < 0 || isMerged[Int(position)] ? nil : UInt32(position)
            }
        }
        var patch: IndexBuilder?
        if !merged.isEmpty {
            var builder = IndexBuilder()
            papers.withUnsafeBufferPointer { papers in
                for position in merged { builder.add(papers.baseAddress! + position, position: UInt32(position)) }
            }
            patch = builder
        }
        return IndexBuilder.merge(revised.isEmpty ? [IndexBuilder()] : revised, patch: patch, paperCount: papers.count)
    }

    // MARK: Lookup

    func token(_ i: Int) -> UnsafeBufferPointer<UInt8>.SubSequence {
        arena.withUnsafeBufferPointer { $0[Int(tokenStart[i])..<Int(tokenStart[i + 1])] }
    }

    /// -1, 0, 1 comparing token i with `key`; with `prefix`, a token that starts with key compares equal.
    private func compare(_ i: Int, _ key: [UInt8], prefix: Bool) -> Int {
        let start = Int(tokenStart[i]), end = Int(tokenStart[i + 1])
        return arena.withUnsafeBufferPointer { a in
            var k = 0, j = start
            while k < key.count {
                if j == end { return -1 }
                if a[j] != key[k] { return a[j] < key[k] ? -1 : 1 }
                k += 1
                j += 1
            }
            return (j == end || prefix) ? 0 : 1
        }
    }

    /// The run of tokens equal to the key (or starting with it, with `prefix`).
    func tokenRange(_ key: [UInt8], prefix: Bool) -> Range<Int> {
        var lo = 0, hi = tokenCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if compare(mid, key, prefix: prefix) < 0 { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        if prefix {
            var h = tokenCount
            var l = lo
            while l < h {
                let mid = (l + h) / 2
                if compare(mid, key, prefix: true) <= 0 { l = mid + 1 } else { h = mid }
            }
            end = l
        } else if lo < tokenCount, compare(lo, key, prefix: false) == 0 {
            end = lo + 1
        }
        return lo..<end
    }

    /// The papers holding a word equal to the folded word (or starting with it, with `prefix`).
    /// The word is folded with `TextNormalizer.words`; a text folding to several words gives the
    /// papers holding all of them.
    public func papers(withWord text: String, prefix: Bool = true) -> PositionSet {
        let words = TextNormalizer.words(text)
        guard var result = words.first.map({ papers(withFoldedWord: $0, prefix: prefix) }) else {
            return PositionSet.all(paperCount)
        }
        for word in words.dropFirst() { result.formIntersection(papers(withFoldedWord: word, prefix: prefix)) }
        return result
    }

    /// As above, for a word already folded.
    public func papers(withFoldedWord word: String, prefix: Bool) -> PositionSet {
        let range = tokenRange(Array(word.utf8), prefix: prefix)
        var set = PositionSet(capacity: paperCount)
        // A short prefix ("d") takes the postings of thousands of words: set the bits through one
        // buffer rather than one checked insert each.
        set.words.withUnsafeMutableBufferPointer { bits in
            postings.withUnsafeBufferPointer { p in
                postingStart.withUnsafeBufferPointer { starts in
                    for t in range {
                        for k in Int(starts[t])..<Int(starts[t + 1]) {
                            let position = Int(p[k])
                            bits[position >> 6] |= 1 << UInt64(position & 63)
                        }
                    }
                }
            }
        }
        return set
    }

    /// The folded words of the index starting with the prefix (for completion and tests).
    public func words(withPrefix prefix: String) -> [String] {
        tokenRange(Array(TextNormalizer.fold(prefix).utf8), prefix: true).map { String(decoding: token($0), as: UTF8.self) }
    }
}

/// A set of paper positions as a bitset: intersections and counts in a few microseconds at 100,000 papers.
public struct PositionSet: Sendable, Hashable {
    var words: [UInt64]
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
    }

    public init<S: Sequence>(_ positions: S, capacity: Int) where S.Element == Int {
        self.init(capacity: capacity)
        for p in positions { insert(p) }
    }

    public static func all(_ capacity: Int) -> PositionSet {
        var set = PositionSet(capacity: capacity)
        for i in set.words.indices { set.words[i] = ~0 }
        if capacity % 64 != 0, !set.words.isEmpty { set.words[set.words.count - 1] = (1 << UInt64(capacity % 64)) - 1 }
        return set
    }

    @inline(__always)
    public mutating func insert(_ position: Int) {
        words[position >> 6] |= 1 << UInt64(position & 63)
    }

    @inline(__always)
    public func contains(_ position: Int) -> Bool {
        position >= 0 && position < capacity && words[position >> 6] & (1 << UInt64(position & 63)) != 0
    }

    public mutating func formIntersection(_ other: PositionSet) {
        precondition(other.capacity == capacity)
        words.withUnsafeMutableBufferPointer { a in
            other.words.withUnsafeBufferPointer { b in
                for i in a.indices { a[i] &= b[i] }
            }
        }
    }

    public mutating func formUnion(_ other: PositionSet) {
        precondition(other.capacity == capacity)
        words.withUnsafeMutableBufferPointer { a in
            other.words.withUnsafeBufferPointer { b in
                for i in a.indices { a[i] |= b[i] }
            }
        }
    }

    public mutating func subtract(_ other: PositionSet) {
        precondition(other.capacity == capacity)
        words.withUnsafeMutableBufferPointer { a in
            other.words.withUnsafeBufferPointer { b in
                for i in a.indices { a[i] &= ~b[i] }
            }
        }
    }

    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// The positions, ascending.
    public var positions: [Int] {
        var result: [Int] = []
        result.reserveCapacity(count)
        for (i, word) in words.enumerated() where word != 0 {
            var w = word
            while w != 0 {
                result.append(i << 6 | w.trailingZeroBitCount)
                w &= w - 1
            }
        }
        return result
    }
}

/// Distinct byte strings, each given the next small id: an open-addressing table of
/// (hash fingerprint, id) over one arena of bytes.
struct ByteInterner {
    /// The strings' bytes, back to back, in id order.
    private(set) var arena: [UInt8] = []
    /// Where string i starts in `arena`; `starts[count]` is the end.
    private(set) var starts: [UInt32] = [0]
    /// Each string's hash, kept for growing the table.
    private var hashes: [UInt64] = []
    /// High 32 bits: the hash's high bits; low 32 bits: id + 1; 0 is an empty slot.
    private var table: [UInt64]
    private var mask: Int

    init(capacity: Int = 1 << 12) {
        var size = 1 << 10
        while size < capacity * 2 { size <<= 1 }
        table = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { hashes.count }

    /// A hash of the bytes taken eight at a time (the last piece padded with zeros), then mixed.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0
        var k = 0
        while k + 8 <= key.count {
            h = mix(h, UInt64(littleEndian: UnsafeRawPointer(key.baseAddress! + k).loadUnaligned(as: UInt64.self)))
            k += 8
        }
        if k < key.count {
            var tail: UInt64 = 0
            for j in k..<key.count { tail |= UInt64(key[j]) << UInt64(8 * (j - k)) }
            h = mix(h, tail)
        }
        return finish(h, count: key.count)
    }

    @inline(__always)
    static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
        let v = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
        return (v << 31) | (v >> 33)
    }

    /// Spreads the state over all bits (the finaliser of MurmurHash3).
    @inline(__always)
    static func finish(_ h: UInt64, count: Int) -> UInt64 {
        var v = h ^ UInt64(count)
        v ^= v >> 33
        v = v &* 0xFF51_AFD7_ED55_8CCD
        v ^= v >> 33
        v = v &* 0xC4CE_B9FE_1A85_EC53
        return v ^ (v >> 33)
    }

    func bytes(_ id: Int) -> ArraySlice<UInt8> { arena[Int(starts[id])..<Int(starts[id + 1])] }

    func hash(of id: Int) -> UInt64 { hashes[id] }

    /// The id of the key (its hash given), adding it when new.
    @inline(__always)
    mutating func id(of key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let fingerprint = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == fingerprint {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                let start = Int(starts[id]), end = Int(starts[id + 1])
                if end - start == key.count {
                    if key.count == 0 { return id }
                    let equal = arena.withUnsafeBufferPointer { a in
                        memcmp(a.baseAddress! + start, key.baseAddress!, key.count) == 0
                    }
                    if equal { return id }
                }
            }
            slot = (slot + 1) & mask
        }
        let id = hashes.count
        arena.append(contentsOf: key)
        starts.append(UInt32(arena.count))
        hashes.append(hash)
        table[slot] = fingerprint | UInt64(id + 1)
        if hashes.count * 2 > table.count { grow() }
        return id
    }

    private mutating func grow() {
        table = [UInt64](repeating: 0, count: table.count * 2)
        mask = table.count - 1
        table.withUnsafeMutableBufferPointer { t in
            for (id, hash) in hashes.enumerated() {
                var slot = Int(truncatingIfNeeded: hash) & mask
                while t[slot] != 0 { slot = (slot + 1) & mask }
                t[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(id + 1)
            }
        }
    }
}

/// One thread's share of an index under construction: its papers' distinct token ids, paper by
/// paper, over its own table of tokens. Builders are merged by `finish`.
struct IndexBuilder {
    var tokens = ByteInterner(capacity: 1 << 16)
    /// How many of this builder's papers hold each token.
    var counts: [UInt32] = []
    /// The last paper (local number + 1) each token was seen in, to count a paper once.
    var lastPaper: [UInt32] = []
    /// Each paper's distinct token ids, back to back, as varints (7 bits a byte, low bits first):
    /// frequent words, met first, have small ids, so this takes under half the room of UInt32s.
    var paperTokens: [UInt8] = []
    /// Where each paper's ids end in `paperTokens`.
    var paperEnds: [Int] = []
    /// Each paper's position in the corpus (ascending).
    var positions: [UInt32] = []
    /// Non-ASCII spans already folded into words.
    var folded: [String: [[UInt8]]] = [:]
    /// Ids of the ASCII words of up to 16 bytes met lately, by their lowercased pieces.
    var recent = RecentWords<UInt32>(slots: 4096, empty: 0)

    init() {}

    /// Adds the paper's searchable fields (or those `fields` reads) under its position; positions ascend.
    @inline(__always)
    mutating func add(_ paper: UnsafePointer<Paper>, position: UInt32,
                      fields: SearchIndex.Fields = { SearchIndex.forEachSearchableField($0, $1) }) {
        precondition(positions.last.map { $0 < position } ?? true, "papers are added in ascending positions")
        positions.append(position)
        let local = UInt32(positions.count)
        fields(paper) { self.tokenize($0, paper: local) }
        paperEnds.append(paperTokens.count)
    }

    mutating func add(_ paper: Paper, position: UInt32) {
        withUnsafePointer(to: paper) { add($0, position: position) }
    }

    /// Splits UTF-8 bytes into folded words: ASCII letters and digits eight bytes at a time, anything
    /// else through `TextNormalizer.words`, so the words are exactly those `TextNormalizer.words` gives.
    mutating func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, paper: UInt32) {
        let n = bytes.count
        guard n > 0, let base = bytes.baseAddress else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n + 8) { scratch in
            let out = scratch.baseAddress!
            var i = 0
            while i < n {
                // Runs are found as `TextNormalizer.forEachWordRun` finds them: ASCII letters and digits
                // and non-ASCII bytes make a run; bytes past the end load as zero, a separator.
                let ahead = ByteWord.load(base, i, n)
                let runBytes = ByteWord.alnum(ahead) | (ahead & ByteWord.high)
                if runBytes == 0 {
                    i &+= 8
                    continue
                }
                i &+= runBytes.trailingZeroBitCount >> 3
                let start = i
                // While the run is ASCII, each piece (from the run's start) is lowercased, kept in
                // `out` and hashed: OR-ing 0x20 lowercases letters and leaves digits as they are.
                var ascii = true
                var h: UInt64 = 0
                var first: UInt64 = 0, second: UInt64 = 0
                var piece = 0
                while true {
                    let w = ByteWord.load(base, i, n)
                    let nonASCII = w & ByteWord.high
                    let stop = ~(ByteWord.alnum(w) | nonASCII) & ByteWord.high
                    let length = stop == 0 ? 8 : stop.trailingZeroBitCount >> 3
                    if length == 0 { break }
                    let keep = ByteWord.keep(length)
                    if ascii {
                        if nonASCII & keep != 0 {
                            ascii = false
                        } else {
                            let lower = (w & keep) | (ByteWord.spaces & keep)
                            UnsafeMutableRawPointer(out + (i &- start)).storeBytes(of: lower.littleEndian, as: UInt64.self)
                            h = ByteInterner.mix(h, lower)
                            if piece == 0 { first = lower } else if piece == 1 { second = lower }
                            piece &+= 1
                        }
                    }
                    i &+= length
                    if length < 8 { break }
                }
                if ascii {
                    let length = i &- start
                    let id: Int
                    if length <= 16 {
                        id = shortWordID(first, second, out, length: length, hash: ByteInterner.finish(h, count: length))
                    } else {
                        id = tokens.id(of: UnsafeBufferPointer(start: out, count: length), hash: ByteInterner.finish(h, count: length))
                    }
                    note(id, paper: paper)
                } else {
                    let span = String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
                    let words: [[UInt8]]
                    if let known = folded[span] {
                        words = known
                    } else {
                        words = TextNormalizer.words(span).map { Array($0.utf8) }
                        folded[span] = words
                    }
                    for word in words {
                        let id = word.withUnsafeBufferPointer { tokens.id(of: $0, hash: ByteInterner.hash($0)) }
                        note(id, paper: paper)
                    }
                }
            }
        }
    }

    /// The id of an ASCII word of at most 16 bytes, given as its two lowercased pieces (the second 0
    /// for a word of up to eight bytes). A word holds no zero byte, so the pieces alone tell it: the
    /// frequent words are answered from a small table that stays in cache, without probing the large one.
    @inline(__always)
    private mutating func shortWordID(_ first: UInt64, _ second: UInt64, _ bytes: UnsafePointer<UInt8>, length: Int,
                                      hash: UInt64) -> Int {
        if let id = recent.value(first, second) { return Int(id) }
        let id = tokens.id(of: UnsafeBufferPointer(start: bytes, count: length), hash: hash)
        recent.remember(first, second, UInt32(id))
        return id
    }

    @inline(__always)
    mutating func note(_ id: Int, paper: UInt32) {
        if id == counts.count {
            counts.append(1)
            lastPaper.append(paper)
        } else if lastPaper[id] != paper {
            lastPaper[id] = paper
            counts[id] += 1
        } else {
            return
        }
        var v = UInt32(id)
        while v >= 0x80 {
            paperTokens.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        paperTokens.append(UInt8(v))
    }

    /// This builder alone as an index.
    func finish(paperCount: Int) -> SearchIndex {
        IndexBuilder.merge([self], paperCount: paperCount)
    }

    /// Builders of the papers in `range` (positions as in `papers`), one per core for many papers.
    static func builders(_ papers: [Paper], _ range: Range<Int>,
                         fields: @escaping SearchIndex.Fields = { SearchIndex.forEachSearchableField($0, $1) })
        -> [IndexBuilder] {
        let parts = range.count >= 4096 ? 2 : 1
        let bounds = (0...parts).map { range.lowerBound + $0 * range.count / parts }
        let builders = Slots<IndexBuilder>(count: parts)
        papers.withUnsafeBufferPointer { buffer in
            let all = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var builder = IndexBuilder()
                for position in bounds[part]..<bounds[part + 1] {
                    builder.add(all.value.baseAddress! + position, position: UInt32(position), fields: fields)
                }
                builders.set(part, builder)
            }
        }
        return (0..<parts).map { builders.take($0) }
    }

    /// A position that marks a paper taken out of the builder (see `renumber`).
    static let removed = UInt32.max

    /// Moves each paper to the position `newPosition` gives for its old one (the new positions still
    /// ascending), or takes it out when that is nil: its words no longer count it.
    mutating func renumber(_ newPosition: (UInt32) -> UInt32?) {
        var begin = 0
        for local in positions.indices {
            let end = paperEnds[local]
            defer { begin = end }
            guard positions[local] != IndexBuilder.removed else { continue }
            if let position = newPosition(positions[local]) {
                positions[local] = position
                continue
            }
            positions[local] = IndexBuilder.removed
            var k = begin
            while k < end {
                let (t, next) = IndexBuilder.varint(paperTokens, at: k)
                counts[t] -= 1
                k = next
            }
        }
    }

    /// The token id written as a varint at `k`, and where the next one starts.
    @inline(__always)
    static func varint(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (Int, Int) {
        var t = 0, shift = 0, k = start
        while bytes[k] >= 0x80 {
            t |= Int(bytes[k] & 0x7F) << shift
            shift += 7
            k += 1
        }
        t |= Int(bytes[k]) << shift
        return (t, k + 1)
    }

    static func varint(_ bytes: [UInt8], at start: Int) -> (Int, Int) {
        bytes.withUnsafeBufferPointer { varint($0, at: start) }
    }

    /// One index of several builders whose papers come one builder after the other (all of the
    /// first's positions before the second's), but for `patch`, whose papers may fall anywhere
    /// between theirs: papers merged from several records, indexed again once merged. Postings are
    /// laid out by both cores at once; papers taken out of a builder are left out, and so are words
    /// no paper holds any more.
    static func merge(_ ordered: [IndexBuilder], patch: IndexBuilder? = nil, paperCount: Int) -> SearchIndex {
        let builders = ordered + (patch.map { [$0] } ?? [])
        // One table of every token: the first builder's, then the others' new tokens.
        var global = builders[0].tokens
        var maps: [[UInt32]] = [Array(0..<UInt32(global.count))]
        // Papers holding each global token, counted part by part: `before[p][t]` is how many of
        // the papers of builders before p hold part p's token t.
        var totals = builders[0].counts
        var before: [[UInt32]] = [Array(repeating: 0, count: global.count)]
        for builder in builders.dropFirst() {
            var map = [UInt32](repeating: 0, count: builder.tokens.count)
            var prior = [UInt32](repeating: 0, count: builder.tokens.count)
            builder.tokens.arena.withUnsafeBufferPointer { a in
                for id in 0..<builder.tokens.count {
                    let key = UnsafeBufferPointer(rebasing: a[Int(builder.tokens.starts[id])..<Int(builder.tokens.starts[id + 1])])
                    let g = global.id(of: key, hash: builder.tokens.hash(of: id))
                    if g == totals.count { totals.append(0) }
                    map[id] = UInt32(g)
                    prior[id] = totals[g]
                    totals[g] += builder.counts[id]
                }
            }
            maps.append(map)
            before.append(prior)
        }

        // Sorted order of the tokens held by some paper: by their first eight bytes, then the rest.
        let order = sortedOrder(global).filter { totals[Int($0)] > 0 }
        var rank = [UInt32](repeating: 0, count: global.count)
        for (r, g) in order.enumerated() { rank[Int(g)] = UInt32(r) }
        var arena: [UInt8] = []
        arena.reserveCapacity(global.arena.count)
        var tokenStart: [UInt32] = [0]
        tokenStart.reserveCapacity(order.count + 1)
        var postingStart: [UInt32] = [0]
        postingStart.reserveCapacity(order.count + 1)
        var total: UInt32 = 0
        global.arena.withUnsafeBufferPointer { a in
            for g in order {
                arena.append(contentsOf: a[Int(global.starts[Int(g)])..<Int(global.starts[Int(g) + 1])])
                tokenStart.append(UInt32(arena.count))
                total += totals[Int(g)]
                postingStart.append(total)
            }
        }

        // Each builder writes its papers into its own slots of every token's list.
        let (partMaps, priors, ranks, starts) = (maps, before, rank, postingStart)
        let postings = [UInt32](unsafeUninitializedCapacity: Int(total)) { buffer, initialized in
            let out = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: builders.count) { part in
                let builder = builders[part]
                let map = partMaps[part], prior = priors[part]
                var cursor = [UInt32](repeating: 0, count: builder.tokens.count)
                for t in cursor.indices {
                    let g = Int(map[t])
                    cursor[t] = starts[Int(ranks[g])] + prior[t]
                }
                builder.paperTokens.withUnsafeBufferPointer { ids in
                    cursor.withUnsafeMutableBufferPointer { cursor in
                        var begin = 0
                        for (local, end) in builder.paperEnds.enumerated() {
                            let position = builder.positions[local]
                            defer { begin = end }
                            if position == IndexBuilder.removed { continue }
                            var k = begin
                            while k < end {
                                let (t, next) = varint(ids, at: k)
                                k = next
                                out.value[Int(cursor[t])] = position
                                cursor[t] += 1
                            }
                        }
                    }
                }
            }
            if let patch {
                // The patch's papers were written after every other builder's in each of their words'
                // lists: each list's tail is moved into place.
                let map = partMaps[partMaps.count - 1]
                for t in 0..<patch.tokens.count where patch.counts[t] > 0 {
                    let r = Int(ranks[Int(map[t])])
                    mergeTail(buffer, from: Int(starts[r]), to: Int(starts[r + 1]), tail: Int(patch.counts[t]))
                }
            }
            initialized = Int(total)
        }
        return SearchIndex(arena: arena, tokenStart: tokenStart, postingStart: postingStart, postings: postings,
                           paperCount: paperCount)
    }

    /// Sorts `list[from..<to]`, whose last `tail` entries and the ones before them are each ascending,
    /// moving only the entries that follow the tail's first place.
    static func mergeTail(_ list: UnsafeMutableBufferPointer<UInt32>, from: Int, to: Int, tail: Int) {
        guard tail > 0, to - tail > from, list[to - tail - 1] > list[to - tail] else { return }
        let moving = Array(list[(to - tail)..<to])
        var head = to - tail - 1, next = tail - 1, write = to - 1
        while next >= 0 {
            if head >= from && list[head] > moving[next] {
                list[write] = list[head]
                head -= 1
            } else {
                list[write] = moving[next]
                next -= 1
            }
            write -= 1
        }
    }

    /// Token ids in byte order.
    static func sortedOrder(_ tokens: ByteInterner) -> [UInt32] {
        struct Key { var head: UInt64; var id: UInt32 }
        return tokens.arena.withUnsafeBufferPointer { a -> [UInt32] in
            var keys: [Key] = []
            keys.reserveCapacity(tokens.count)
            for id in 0..<tokens.count {
                let start = Int(tokens.starts[id]), end = Int(tokens.starts[id + 1])
                var head: UInt64 = 0
                for k in 0..<8 { head = head << 8 | (start + k < end ? UInt64(a[start + k]) : 0) }
                keys.append(Key(head: head, id: UInt32(id)))
            }
            keys.sort { x, y in
                if x.head != y.head { return x.head < y.head }
                let xs = a[(Int(tokens.starts[Int(x.id)]) + 8)..<Int(tokens.starts[Int(x.id) + 1])]
                let ys = a[(Int(tokens.starts[Int(y.id)]) + 8)..<Int(tokens.starts[Int(y.id) + 1])]
                return xs.lexicographicallyPrecedes(ys)
            }
            return keys.map(\.id)
        }
    }
}

/// Fixed slots written by concurrent workers, one slot each, read after they all finish.
final class Slots<T>: @unchecked Sendable {
    private var values: [T?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    /// The value of a slot, or nil when none was set.
    func takeIfSet(_ index: Int) -> T? {
        lock.lock()
        defer { lock.unlock() }
        let value = values[index]
        values[index] = nil
        return value
    }

    func take(_ index: Int) -> T {
        lock.lock()
        defer { lock.unlock() }
        let value = values[index]!
        values[index] = nil
        return value
    }
}
