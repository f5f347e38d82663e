import Foundation

/// A word of a text as the disease tagger sees it: hashes of its folded form and of its spelling,
/// and what separates it from its neighbours. No strings are kept, so tokenising is cheap.
struct DiseaseToken: Sendable, Equatable {
    /// A token of no word, for tables to start with.
    static let blank = DiseaseToken(key: 0, raw: 0, rawSingular: 0, initial: 0, flags: [])

    /// Hash of the folded, normalised word: lowercase, no accents, British spellings and plurals folded.
    var key: UInt64
    /// Hash of the word as written (case kept, apostrophes dropped).
    var raw: UInt64
    /// Hash of the word as written without a final "s" ("AMLs" → "AML"), or 0.
    var rawSingular: UInt64
    /// First byte of the folded word (for matching an abbreviation's initial).
    var initial: UInt8
    var flags: Flags
    /// With a lexicon: the word's id among the vocabulary's folded words, or -1.
    var name: Int32 = -1
    /// With a lexicon: the id of the abbreviation part the spelling (or its singular) is, or -1.
    var abbreviation: Int32 = -1

    struct Flags: OptionSet, Sendable {
        let rawValue: UInt16
        /// A sentence or clause boundary (. : ; ! ? brackets, a blank line) lies before this token.
        static let breakBefore = Flags(rawValue: 1)
        /// A comma lies before this token.
        static let commaBefore = Flags(rawValue: 2)
        /// An opening bracket lies right before this token.
        static let openBefore = Flags(rawValue: 4)
        /// A closing bracket, comma or semicolon lies right after this token.
        static let closeAfter = Flags(rawValue: 8)
        /// A sentence end (. ! ? or a blank line) lies before this token.
        static let sentenceBefore = Flags(rawValue: 16)
        /// Starts with an uppercase letter.
        static let capitalized = Flags(rawValue: 32)
        /// Two or more letters, all uppercase.
        static let uppercaseWord = Flags(rawValue: 64)
    }

    var breakBefore: Bool { flags.contains(.breakBefore) }
    var openBefore: Bool { flags.contains(.openBefore) }
    var closeAfter: Bool { flags.contains(.closeAfter) }
    var sentenceBefore: Bool { flags.contains(.sentenceBefore) }
    var isCapitalized: Bool { flags.contains(.capitalized) }
    var isAllUppercaseWord: Bool { flags.contains(.uppercaseWord) }
}

/// Splits text into disease tokens in one pass over its UTF-8 bytes, folding each word once.
/// The vocabulary's names go through the same folding, so a name and a text agree on every word.
///
/// ASCII words (nearly all of them) are found and hashed eight bytes at a time: the spelling and the
/// folded form in the same loop, with the hash without the last byte made for a final "s". Words with other
/// characters, British digraphs (ae, oe), "-our" or apostrophes are gathered and folded by `makeToken`.
/// The vocabulary's word and abbreviation-part ids by hash, for tokens to carry.
struct DiseaseLexicon: Sendable {
    /// Folded word hash → word id.
    var words: HashTable
    /// Spelling hash → abbreviation part id.
    var abbreviations: HashTable

    @inline(__always) func identify(_ token: inout DiseaseToken) {
        token.name = words[token.key] ?? -1
        if let id = abbreviations[token.raw] {
            token.abbreviation = id
        } else if token.rawSingular != 0, let id = abbreviations[token.rawSingular] {
            token.abbreviation = id
        } else {
            token.abbreviation = -1
        }
    }
}

enum DiseaseText {
    static func tokens(_ text: String) -> [DiseaseToken] {
        var result: [DiseaseToken] = []
        append(text, to: &result)
        return result
    }

    /// Appends the tokens of a text to `result`; flags never reach back into tokens already there.
    /// With a lexicon each token gets its word and abbreviation ids.
    static func append(_ text: String, to result: inout [DiseaseToken], lexicon: DiseaseLexicon? = nil) {
        text.withUTF8Bytes { tokenize($0, into: &result, lexicon: lexicon) }
    }

    /// As above, with the lexicon's ids, answering words read before from `recent`.
    static func append(_ text: String, to result: inout [DiseaseToken], lexicon: DiseaseLexicon,
                       recent: inout RecentWords<DiseaseToken>) {
        text.withUTF8Bytes { tokenize($0, into: &result, lexicon: lexicon, recent: &recent) }
    }

    /// Folded word hashes of a name from the vocabulary.
    static func keys(_ name: String) -> [UInt64] { tokens(name).map(\.key) }

    /// Spelling hashes of an abbreviation's parts ("B-ALL" → B, ALL).
    static func raws(_ abbreviation: String) -> [UInt64] { tokens(abbreviation).map(\.raw) }

    static func hash(_ text: String) -> UInt64 { hash(Array(text.utf8)) }

    /// The hash tokens carry for a word's bytes, as the tokeniser makes it while it reads a word: the
    /// bytes eight at a time (the last piece padded with zeros) through `mix`. Words of up to eight
    /// bytes never share a hash (each step is one-to-one, and no word byte is zero).
    static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0
        var piece: UInt64 = 0
        var k = 0
        for byte in bytes {
            piece |= UInt64(byte) << UInt64(8 * k)
            k += 1
            if k == 8 {
                h = mix(h, piece)
                piece = 0
                k = 0
            }
        }
        return k > 0 ? mix(h, piece) : h
    }

    @inline(__always) static func mix(_ h: UInt64, _ piece: UInt64) -> UInt64 { ByteInterner.mix(h, piece) }

    // MARK: Tokenising

    static let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x100_0000_01b3

    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, into result: inout [DiseaseToken], lexicon: DiseaseLexicon? = nil) {
        var none = RecentWords<DiseaseToken>(slots: 0, empty: .blank)
        tokenize(bytes, into: &result, lexicon: lexicon, recent: &none)
    }

    /// `recent` (with a lexicon, and slots) keeps the identified tokens of plain ASCII words of up to
    /// 16 bytes by their bytes as written: a word met again is not hashed, folded or looked up again.
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, into result: inout [DiseaseToken], lexicon: DiseaseLexicon?,
                         recent: inout RecentWords<DiseaseToken>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let remembers = lexicon != nil && recent.slots > 0
        let count = bytes.count
        let first = result.count
        result.reserveCapacity(first + count / 6 + 1)
        let equivalents = DiseaseText.equivalents, equivalentKeys = DiseaseText.equivalentKeys
        let nonBreakingBeforePeriod = DiseaseText.nonBreakingBeforePeriod
        var separator = Separator()
        var gathered: [UInt8] = []
        var scratch: [UInt8] = []


        var i = 0
        while i < count {
            let byte = base[i]
            if byte == 0x20 {
                i += 1
                continue
            }
            var startsWord = false
            if byte < 0x80 {
                if isASCIIWordByte(byte) {
                    startsWord = true
                } else {
                    separator.add(byte)
                    i += 1
                }
            } else {
                let (scalar, length) = decode(bytes, at: i)
                if isIdeograph(scalar) {
                    // Han, kana, Hangul: each character is a word.
                    gathered.removeAll(keepingCapacity: true)
                    gathered.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]))
                    push(makeToken(gathered, ascii: false, scratch: &scratch), after: &separator, to: &result, from: first, lexicon: lexicon, nonBreakingBeforePeriod)
                    i += length
                } else if isWordScalar(scalar) {
                    startsWord = true
                } else {
                    separator.add(scalar)
                    i += length
                }
            }
            guard startsWord else { continue }

            // Most words: ASCII letters and digits ended by an ASCII separator, folded and hashed
            // in a tight loop (the spelling's hash is the folded one unless a letter is uppercase).
            if byte < 0x80 {
                // A word read before: its bytes (up to 16) as they are written find its token.
                var pieces: (UInt64, UInt64, Int)? = nil
                if remembers {
                    pieces = ByteWord.shortRun(base, count, from: i)
                    if let (p0, p1, length) = pieces, let token = recent.value(p0, p1) {
                        let end = i &+ length
                        if endsPlainly(base, count, at: end) {
                            push(token, after: &separator, to: &result, from: first, lexicon: nil, nonBreakingBeforePeriod)
                            i = end
                            continue
                        }
                    }
                }
                let word = scanASCIIWord(base, count, from: i)
                let end = word.end
                let clean = endsPlainly(base, count, at: end)
                let letters = end - i
                if clean && !word.digraph && !(letters >= 5 && word.last == UInt8(ascii: "r") && word.beforeLast == UInt8(ascii: "u")
                                                 && base[end - 3] | 0x20 == UInt8(ascii: "o")) {
                    var key = word.folded
                    if letters >= 5 && word.last == UInt8(ascii: "s") && word.beforeLast != UInt8(ascii: "s")
                        && word.beforeLast != UInt8(ascii: "u") && word.beforeLast != UInt8(ascii: "i") {
                        key = word.foldedBeforeLast
                    }
                    if let same = equivalents[key] { key = equivalentKeys[Int(same)] }
                    var flags: DiseaseToken.Flags = []
                    let initial = base[i]
                    if word.hasUpper {
                        if initial &- 65 < 26 { flags.insert(.capitalized) }
                        if letters >= 2 && word.allUpper { flags.insert(.uppercaseWord) }
                    }
                    let singular: UInt64 = letters >= 3 && base[end - 1] == UInt8(ascii: "s") ? word.rawBeforeLast : 0
                    var token = DiseaseToken(key: key, raw: word.raw, rawSingular: singular, initial: initial | 0x20, flags: flags)
                    if let lexicon { lexicon.identify(&token) }
                    if let (p0, p1, _) = pieces { recent.remember(p0, p1, token) }
                    push(token, after: &separator, to: &result, from: first, lexicon: nil, nonBreakingBeforePeriod)
                    i = end
                    continue
                }
            }

            // Any other word: ASCII letters and digits looked at as read; anything else marks the slow path.
            let start = i
            var letters = 0, upper = 0
            var last: UInt8 = 0, beforeLast: UInt8 = 0
            var ascii = true, slow = false
            while i < count {
                let b = base[i]
                if b < 0x80 {
                    if isASCIIWordByte(b) {
                        var f = b
                        if b &- 65 < 26 {
                            f = b | 0x20
                            upper += 1
                        }
                        if f == UInt8(ascii: "e") && (last == UInt8(ascii: "a") || last == UInt8(ascii: "o")) { slow = true }
                        beforeLast = last
                        last = f
                        letters += 1
                        i += 1
                        continue
                    }
                    if b == UInt8(ascii: "'"), i + 1 < count, isASCIILetter(base[i + 1]) {
                        // "Parkinson's": the apostrophe joins.
                        slow = true
                        i += 1
                        continue
                    }
                    break
                }
                let (scalar, length) = decode(bytes, at: i)
                if isIdeograph(scalar) { break }
                if isWordScalar(scalar) {
                    ascii = false
                    i += length
                    continue
                }
                if scalar == "\u{2019}", i + length < count, isASCIILetter(base[i + length]) {
                    // "Crohn’s"
                    slow = true
                    i += length
                    continue
                }
                break
            }
            if !ascii || slow || (letters >= 5 && last == UInt8(ascii: "r") && beforeLast == UInt8(ascii: "u")
                                  && base[i - 3] | 0x20 == UInt8(ascii: "o")) {
                gather(base, start, i, into: &gathered)
                push(makeToken(gathered, ascii: ascii, scratch: &scratch), after: &separator, to: &result, from: first, lexicon: lexicon, nonBreakingBeforePeriod)
                continue
            }
            // Fast path, the same as `makeToken` and `normalise` for an ASCII word without digraphs
            // or "-our": only a plural "s" can go. The word is letters and digits only: hashed eight
            // bytes at a time.
            let word = scanASCIIWord(base, i, from: start)
            var key = word.folded
            if letters >= 5 && last == UInt8(ascii: "s") && beforeLast != UInt8(ascii: "s")
                && beforeLast != UInt8(ascii: "u") && beforeLast != UInt8(ascii: "i") {
                key = word.foldedBeforeLast
            }
            if let same = equivalents[key] { key = equivalentKeys[Int(same)] }
            var flags: DiseaseToken.Flags = []
            let initial = base[start]
            if initial &- 65 < 26 { flags.insert(.capitalized) }
            if letters >= 2 && upper == letters { flags.insert(.uppercaseWord) }
            let singular: UInt64 = letters >= 3 && base[i - 1] == UInt8(ascii: "s") ? word.rawBeforeLast : 0
            push(DiseaseToken(key: key, raw: word.raw, rawSingular: singular, initial: initial &- 65 < 26 ? initial | 0x20 : initial,
                              flags: flags), after: &separator, to: &result, from: first, lexicon: lexicon, nonBreakingBeforePeriod)
        }
        if separator.closesPrevious, result.count > first {
            result[result.count - 1].flags.insert(.closeAfter)
        }
    }

    /// An ASCII run of letters and digits ending at `end` is a whole word: the text ends there, or an
    /// ASCII separator follows that is not an apostrophe joining a letter ("Parkinson's").
    @inline(__always)
    private static func endsPlainly(_ base: UnsafePointer<UInt8>, _ count: Int, at end: Int) -> Bool {
        end == count || (base[end] < 0x80 && !(base[end] == UInt8(ascii: "'") && end + 1 < count && isASCIILetter(base[end + 1])))
    }

    /// A word's bytes without joining apostrophes (' and U+2019), for the slow path.
    private static func gather(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into gathered: inout [UInt8]) {
        gathered.removeAll(keepingCapacity: true)
        var k = start
        while k < end {
            let b = base[k]
            if b == UInt8(ascii: "'") { k += 1; continue }
            if b == 0xE2, k + 2 < end, base[k + 1] == 0x80, base[k + 2] == 0x99 { k += 3; continue }
            gathered.append(b)
            k += 1
        }
    }

    /// Appends a token with the flags of the separator before it, which then starts afresh. A static
    /// function over inout values rather than a closure's captures: the separator stays a plain
    /// local of `tokenize` (no box, no exclusivity checks) and the step is inlined where a word ends.
    @inline(__always)
    private static func push(_ token: DiseaseToken, after separator: inout Separator, to result: inout [DiseaseToken], from first: Int,
                             lexicon: DiseaseLexicon?, _ nonBreakingBeforePeriod: HashTable) {
        var token = token
        if let lexicon { lexicon.identify(&token) }
        let previous = result.count > first ? result.count - 1 : nil
        if let previous, separator.period, nonBreakingBeforePeriod[result[previous].raw] != nil { separator.endsAbbreviation() }
        token.flags.formUnion(separator.flagsAfter)
        if let previous, separator.closesPrevious { result[previous].flags.insert(.closeAfter) }
        result.append(token)
        separator = Separator()
    }

    struct ASCIIWord {
        var end: Int
        var folded: UInt64
        var raw: UInt64
        /// The hashes without the last byte, made only when the last letter is an "s" (else 0).
        var foldedBeforeLast: UInt64
        var rawBeforeLast: UInt64
        /// Some letter is uppercase.
        var hasUpper: Bool
        /// Every byte is an uppercase letter.
        var allUpper: Bool
        var last: UInt8
        var beforeLast: UInt8
        /// An "e" after "a" or "o": British spellings may need folding.
        var digraph: Bool
    }

    /// The run of ASCII letters and digits from `start` (before `count`), read eight bytes at a time:
    /// its folded and written hashes (as `hash` gives them), with and without the last byte.
    @inline(__always)
    static func scanASCIIWord(_ base: UnsafePointer<UInt8>, _ count: Int, from start: Int) -> ASCIIWord {
        var i = start
        var folded: UInt64 = 0, raw: UInt64 = 0
        // The states before the last piece, and the last piece (folded and as written).
        var foldedBefore: UInt64 = 0, rawBefore: UInt64 = 0
        var lastFolded: UInt64 = 0, lastRaw: UInt64 = 0
        var lastLength = 0
        var upper: UInt64 = 0, notUpper: UInt64 = 0
        var digraph = false
        // High bit of byte 0 when the previous piece ended with "a" or "o".
        var carry: UInt64 = 0
        while true {
            let w = ByteWord.load(base, i, count)
            let alnum = ByteWord.alnum(w)
            let stop = ~alnum & ByteWord.high
            let length = stop == 0 ? 8 : stop.trailingZeroBitCount >> 3
            if length == 0 { break }
            let keep = ByteWord.keep(length)
            let piece = w & keep
            let lower = piece | (ByteWord.spaces & keep)
            let capitals = ByteWord.upper(w, alnum: alnum) & keep
            upper |= capitals
            notUpper |= ~capitals & ByteWord.high & keep
            let ao = ByteWord.equal(lower, UInt8(ascii: "a")) | ByteWord.equal(lower, UInt8(ascii: "o"))
            if ByteWord.equal(lower, UInt8(ascii: "e")) & keep & (ao << 8 | carry) != 0 { digraph = true }
            carry = ao >> 56
            foldedBefore = folded
            rawBefore = raw
            lastFolded = lower
            lastRaw = piece
            lastLength = length
            folded = mix(folded, lower)
            raw = mix(raw, piece)
            i &+= length
            if length < 8 { break }
        }
        let n = i &- start
        let last = base[i &- 1] | 0x20
        let beforeLast = n >= 2 ? base[i &- 2] | 0x20 : 0
        let hasUpper = upper != 0
        var word = ASCIIWord(end: i, folded: folded, raw: hasUpper ? raw : folded, foldedBeforeLast: 0, rawBeforeLast: 0,
                             hasUpper: hasUpper, allUpper: notUpper == 0, last: last, beforeLast: beforeLast, digraph: digraph)
        if last == UInt8(ascii: "s") {
            if lastLength > 1 {
                let keep = ByteWord.keep(lastLength &- 1)
                foldedBefore = mix(foldedBefore, lastFolded & keep)
                rawBefore = mix(rawBefore, lastRaw & keep)
            }
            word.foldedBeforeLast = foldedBefore
            word.rawBeforeLast = hasUpper ? rawBefore : foldedBefore
        }
        return word
    }

    /// `scratch` is a buffer reused between words, so folding allocates nothing for ASCII words.
    static func makeToken(_ word: [UInt8], ascii: Bool, scratch folded: inout [UInt8]) -> DiseaseToken {
        var flags: DiseaseToken.Flags = []
        folded.removeAll(keepingCapacity: true)
        var foldedIsASCII = ascii
        if ascii {
            var upper = 0
            for byte in word {
                if byte >= 65 && byte <= 90 {
                    upper += 1
                    folded.append(byte + 32)
                } else {
                    folded.append(byte)
                }
            }
            if word[0] >= 65 && word[0] <= 90 { flags.insert(.capitalized) }
            if word.count >= 2 && upper == word.count { flags.insert(.uppercaseWord) }
        } else {
            let text = String(decoding: word, as: UTF8.self)
            if let first = text.unicodeScalars.first, first.properties.isUppercase { flags.insert(.capitalized) }
            if text.count >= 2 && text.unicodeScalars.allSatisfy({ $0.properties.isUppercase }) { flags.insert(.uppercaseWord) }
            folded.append(contentsOf: TextNormalizer.fold(text).lowercased().utf8)
            foldedIsASCII = folded.allSatisfy { $0 < 0x80 }
        }
        var key = hash(folded)
        if let same = equivalents[key] {
            key = equivalentKeys[Int(same)]
        } else if folded.count >= 4 && foldedIsASCII {
            normalise(&folded)
            key = hash(folded)
            if let same = equivalents[key] { key = equivalentKeys[Int(same)] }
        }
        let raw = hash(word)
        var singular: UInt64 = 0
        if word.count >= 3, word.last == UInt8(ascii: "s") { singular = hash(word.dropLast()) }
        return DiseaseToken(key: key, raw: raw, rawSingular: singular, initial: folded.first ?? 0, flags: flags)
    }

    /// British digraphs (haem → hem, oesophag → esophag), -our → -or, plural -s; in place.
    private static func normalise(_ bytes: inout [UInt8]) {
        let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), o = UInt8(ascii: "o"), s = UInt8(ascii: "s")
        let count = bytes.count
        var write = 0
        var read = 0
        while read < count {
            if read + 2 < count, bytes[read + 1] == e, bytes[read] == a || bytes[read] == o, !isVowel(bytes[read + 2]) {
                bytes[write] = e
                write += 1
                read += 2
                continue
            }
            bytes[write] = bytes[read]
            write += 1
            read += 1
        }
        bytes.removeLast(count - write)
        if bytes.count >= 5, bytes[bytes.count - 3] == o, bytes[bytes.count - 2] == UInt8(ascii: "u"), bytes[bytes.count - 1] == UInt8(ascii: "r") {
            bytes.remove(at: bytes.count - 2)
        }
        if bytes.count >= 5, bytes.last == s {
            let before = bytes[bytes.count - 2]
            if before != s && before != UInt8(ascii: "u") && before != UInt8(ascii: "i") { bytes.removeLast() }
        }
    }

    private static func isVowel(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "a") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "i")
            || byte == UInt8(ascii: "o") || byte == UInt8(ascii: "u")
    }

    /// FNV-1a, 64 bit.
    static func fnv<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        return value
    }

    /// Spelling variants that name the same disease: hash of the variant → index in `equivalentKeys`.
    static let equivalentPairs = [("myelogenous", "myeloid"), ("myelocytic", "myeloid"), ("vs", "versus"), ("v", "versus"),
                                  ("haemorrhagic", "hemorrhagic"), ("ischaemic", "ischemic")]
    static let equivalents: HashTable = {
        var table = HashTable()
        for (index, pair) in equivalentPairs.enumerated() { table.set(hash(pair.0), Int32(index)) }
        return table
    }()
    static let equivalentKeys: [UInt64] = equivalentPairs.map { hash($0.1) }

    /// Words after which a period does not end a sentence.
    static let nonBreakingBeforePeriod: HashTable = {
        var table = HashTable()
        for word in ["vs", "v", "al", "e", "g", "i", "cf", "Fig", "fig", "Dr", "approx", "ca", "No", "St", "spp", "sp"] { table.set(hash(word), 0) }
        return table
    }()

    struct Separator {
        var hardBreak = false, comma = false, opensBracket = false, closesBracket = false, semicolon = false
        var sentenceEnd = false
        var period = false, otherBreak = false
        var newlines = 0

        /// The flags of the word after this separator.
        var flagsAfter: DiseaseToken.Flags {
            var flags: DiseaseToken.Flags = []
            if hardBreak { flags.insert(.breakBefore) }
            if comma { flags.insert(.commaBefore) }
            if opensBracket { flags.insert(.openBefore) }
            if sentenceEnd { flags.insert(.sentenceBefore) }
            return flags
        }

        /// The word before this separator is closed off (`closeAfter`).
        var closesPrevious: Bool { closesBracket || comma || semicolon }

        /// The separator's period ends an abbreviation ("graft-vs.-host", "et al. reported"), not a
        /// sentence, unless another break or a blank line is in it too.
        mutating func endsAbbreviation() {
            guard period && !otherBreak else { return }
            hardBreak = newlines >= 2
            sentenceEnd = newlines >= 2
        }

        /// An ASCII separator: the ASCII cases of `add(_: Unicode.Scalar)`, switched on the byte.
        @inline(__always) mutating func add(_ byte: UInt8) {
            switch byte {
            case UInt8(ascii: "."):
                hardBreak = true; sentenceEnd = true; period = true
            case UInt8(ascii: "!"), UInt8(ascii: "?"):
                hardBreak = true; sentenceEnd = true; otherBreak = true
            case UInt8(ascii: ":"), UInt8(ascii: "|"), UInt8(ascii: "\""):
                hardBreak = true; otherBreak = true
            case UInt8(ascii: ";"):
                hardBreak = true; semicolon = true; otherBreak = true
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                hardBreak = true; opensBracket = true; otherBreak = true
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                hardBreak = true; closesBracket = true; otherBreak = true
            case UInt8(ascii: ","):
                comma = true
            case UInt8(ascii: "\n"):
                newlines += 1
                if newlines >= 2 { hardBreak = true; sentenceEnd = true; otherBreak = true }
            default:
                break
            }
        }

        mutating func add(_ scalar: Unicode.Scalar) {
            switch scalar {
            case ".":
                hardBreak = true; sentenceEnd = true; period = true
            case "!", "?", "。", "！", "？":
                hardBreak = true; sentenceEnd = true; otherBreak = true
            case ":", "|", "\"", "“", "”", "：", "；":
                hardBreak = true; otherBreak = true
            case ";":
                hardBreak = true; semicolon = true; otherBreak = true
            case "(", "[", "{", "（", "【":
                hardBreak = true; opensBracket = true; otherBreak = true
            case ")", "]", "}", "）", "】":
                hardBreak = true; closesBracket = true; otherBreak = true
            case ",", "，", "、":
                comma = true
            case "\n":
                newlines += 1
                if newlines >= 2 { hardBreak = true; sentenceEnd = true; otherBreak = true }
            default:
                break
            }
        }
    }

    @inline(__always) static func isASCIIWordByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    @inline(__always) static func isASCIILetter(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }

    /// Han, kana and Hangul: each character is its own token, so names written without spaces still match.
    static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// Decodes the scalar starting at a non-ASCII byte; invalid bytes read as U+FFFD, one byte long.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[i]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return ("\u{FFFD}", 1)
        }
        guard i + length <= bytes.count else { return ("\u{FFFD}", 1) }
        for k in 1..<length {
            let next = bytes[i + k]
            guard next & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = value << 6 | UInt32(next & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}

/// UInt64 → Int32 lookups for word hashes: open addressing with a multiplicative hash, a few
/// nanoseconds a probe (the standard Dictionary's seeded SipHash costs several times more, and the
/// tagger asks several times per word). Most words asked about are not there: a bitmap of 16 bits
/// per slot answers most of those with one load.
struct HashTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private var filter: [UInt64]
    private var filterShift: UInt64
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size)
        mask = size - 1
        filter = Array(repeating: 0, count: size / 4)  // 16 bits a slot
        filterShift = UInt64(64 - (size * 16).trailingZeroBitCount)
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inline(__always) private func filterBit(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0xFF51_AFD7_ED55_8CCD) >> filterShift)
    }

    /// The value stored for the key, or nil. Key 0 is never stored (it marks an empty slot).
    @inline(__always) subscript(key: UInt64) -> Int32? {
        let bit = filterBit(key)
        if filter[bit >> 6] & (1 << UInt64(bit & 63)) == 0 || key == 0 { return nil }
        var i = slot(key)
        while true {
            let found = keys[i]
            if found == key { return values[i] }
            if found == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    mutating func set(_ key: UInt64, _ value: Int32) {
        guard key != 0 else { return }  // 0 marks an empty slot; a word hashing to 0 is simply not stored
        if (count + 1) * 2 > keys.count { grow() }
        var i = slot(key)
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        if keys[i] == 0 { count += 1 }
        keys[i] = key
        values[i] = value
        let bit = filterBit(key)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.0 != 0 }
        self = HashTable(capacity: keys.count)
        for (key, value) in old { set(key, value) }
    }
}
