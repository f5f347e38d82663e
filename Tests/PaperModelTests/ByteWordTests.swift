import Foundation
import Testing
@testable import PaperModel

/// The eight-byte word scans against the byte-at-a-time rules they replace.
@Suite struct ByteWordTests {
    /// Every byte value in every lane, the other lanes filled with bytes that differ from it.
    @Test func classesAreExactInEveryLane() {
        var wrong: [String] = []
        for lane in 0..<8 {
            for value in 0...255 {
                for filler: UInt8 in [0x00, 0x41, 0x7A, 0x80, 0xFF, 0x2F, 0x60] {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[lane] = UInt8(value)
                    let w = bytes.withUnsafeBufferPointer { ByteWord.load($0.baseAddress!, 0, 8) }
                    let alnum = ByteWord.alnum(w)
                    let upper = ByteWord.upper(w, alnum: alnum)
                    for k in 0..<8 {
                        let b = bytes[k]
                        let bit = UInt64(0x80) << UInt64(8 * k)
                        if (alnum & bit != 0) != TextNormalizer.isAlnum(b) { wrong.append("alnum \(b) lane \(k)") }
                        if (upper & bit != 0) != (b >= 0x41 && b <= 0x5A) { wrong.append("upper \(b) lane \(k)") }
                        for c: UInt8 in [0x61, 0x65, 0x6F, UInt8(value)] where (ByteWord.equal(w, c) & bit != 0) != (b == c) {
                            wrong.append("equal \(c) \(b) lane \(k)")
                        }
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "first: \(wrong.first ?? "")")
        #expect(ByteWord.keep(0) == 0)
        #expect(ByteWord.keep(3) == 0xFF_FFFF)
        #expect(ByteWord.keep(8) == ~0)
    }

    @Test func loadPastTheEndReadsZeros() {
        let bytes: [UInt8] = Array("abcdefghij".utf8)
        bytes.withUnsafeBufferPointer { p in
            #expect(ByteWord.load(p.baseAddress!, 0, 10) == 0x6867_6665_6463_6261)
            #expect(ByteWord.load(p.baseAddress!, 8, 10) == 0x6A69)
            #expect(ByteWord.load(p.baseAddress!, 3, 5) == 0x6564)
            #expect(ByteWord.load(p.baseAddress!, 10, 10) == 0)
            #expect(ByteWord.load(p.baseAddress!, 9, 10) == 0x6A)
            #expect(ByteWord.load(p.baseAddress!, 0, 7) == 0x67_6665_6463_6261)
        }
    }

    /// Words of every length from 1 to 26 starting at every offset of an eight-byte piece, ended by
    /// each kind of byte or by the end of the buffer.
    @Test func asciiWordScanMatchesByteByByte() {
        let letters = Array("AbcDeFGhijKlmnOpqrSTuvwXyZ0123456789aeoS".utf8)
        let enders: [[UInt8]] = [[], [0x20], [0x2D], [0x27, 0x73], [0xC3, 0xA9], [0x2E], [0x00], [0xE2, 0x80, 0x99, 0x73]]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var wrong: [String] = []
        for length in 1...26 {
            for offset in 0..<8 {
                for ender in enders {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    var word = (0..<length).map { k in letters[Int((state >> UInt64(k % 40)) % UInt64(letters.count))] }
                    if length >= 3 && state & 1 == 0 { word[length - 1] = UInt8(ascii: "s") }
                    if length >= 4 && state & 6 == 2 { word[length / 2] = UInt8(ascii: "a"); word[length / 2 + 1] = UInt8(ascii: "E") }
                    let text = [UInt8](repeating: 0x20, count: offset) + word + ender
                    let scanned = text.withUnsafeBufferPointer { DiseaseText.scanASCIIWord($0.baseAddress!, text.count, from: offset) }
                    let lower = word.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }
                    var digraph = false
                    for k in 1..<max(lower.count, 1) where lower[k] == 0x65 && (lower[k - 1] == 0x61 || lower[k - 1] == 0x6F) { digraph = true }
                    let name = String(decoding: word, as: UTF8.self)
                    if scanned.end != offset + length { wrong.append("end \(name)") }
                    if scanned.folded != DiseaseText.hash(lower) { wrong.append("folded \(name)") }
                    if scanned.raw != DiseaseText.hash(word) { wrong.append("raw \(name)") }
                    if scanned.hasUpper != word.contains(where: { $0 &- 65 < 26 }) { wrong.append("upper \(name)") }
                    if scanned.allUpper != word.allSatisfy({ $0 &- 65 < 26 }) { wrong.append("all upper \(name)") }
                    if scanned.digraph != digraph { wrong.append("digraph \(name)") }
                    if scanned.last != lower[length - 1] || scanned.beforeLast != (length >= 2 ? lower[length - 2] : 0) {
                        wrong.append("last \(name)")
                    }
                    if lower[length - 1] == UInt8(ascii: "s") {
                        if scanned.foldedBeforeLast != DiseaseText.hash(Array(lower.dropLast())) { wrong.append("folded-s \(name)") }
                        if scanned.rawBeforeLast != DiseaseText.hash(Array(word.dropLast())) { wrong.append("raw-s \(name)") }
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong, first: \(wrong.first ?? "")")
    }

    /// Whole texts at every alignment: the tokens are those of the reference tokeniser.
    @Test(arguments: [
        "leukemia", "AML", "a", "Leukaemias", "abcdefgh", "abcdefghs", "ABCDEFGH-ALL", "1234567890 cells", "myelodysplastic syndromes",
        "Crohn's disease", "Crohn’s", "naïve cells", "cafés", "B-ALL,T-ALL;CML.", "tumours", "colours of haemoglobin",
        "IL-1β and TNF-α", "x\u{0301}yzabcdefg", "Haematopoietic stem cells", "Parkinson's", "AMLs", "lymphomas ",
        "HAEMORRHAGIC", "ischaemics", "vs. controls", "et al. reported", "ab'cdefghij", "abcdefg'h", "abcdefgh’s",
    ])
    func textsAtEveryAlignmentTokeniseAsTheReference(_ text: String) {
        for pad in 0..<9 {
            for tail in ["", " ", ".", "é", "-x"] {
                let shifted = String(repeating: " ", count: pad) + text + tail
                #expect(DiseaseText.tokens(shifted) == ReferenceTokenizer.tokens(shifted), "\(pad) \(shifted)")
            }
        }
    }

    /// The search index's words of a text (its own builder, so ids count from 0 in order of first use),
    /// each with the hash it was interned under.
    static func indexWords(_ text: String) -> [(word: String, hashed: Bool)] {
        var builder = IndexBuilder()
        var text = text
        text.withUTF8 { builder.tokenize($0, paper: 1) }
        return (0..<builder.tokens.count).map { id in
            let bytes = Array(builder.tokens.bytes(id))
            return (String(decoding: bytes, as: UTF8.self), builder.tokens.hash(of: id) == bytes.withUnsafeBufferPointer(ByteInterner.hash))
        }
    }

    static func distinctWords(_ text: String) -> [String] {
        var seen = Set<String>()
        return TextNormalizer.words(text).filter { seen.insert($0).inserted }
    }

    @Test(arguments: [
        "leukemia", "A", "EIGHTBYT", "NineBytes", "sixteen-byteword", "SixteenByteWord1x", "Café CAFE cafe", "naïve-cells",
        "ﬁbrosis and FIBROSIS", "IL-1β TNF-α", "乳腺癌 cells", "1234567890123", "a-b_c/d e.f", "x\u{0301}yzabcdefghij",
        "tail word at the very end", "         ", "", "abcdefg\u{00A0}hijklmn", "ab\ncd\tef,gh;ij",
    ])
    func indexWordsAtEveryAlignmentAreTheNormalizersWords(_ text: String) {
        for pad in 0..<9 {
            for tail in ["", " ", "-", "é", "x"] {
                let shifted = String(repeating: "-", count: pad) + text + tail
                let words = ByteWordTests.indexWords(shifted)
                #expect(words.map(\.word) == ByteWordTests.distinctWords(shifted), "\(pad) \(shifted)")
                #expect(words.allSatisfy { $0.hashed }, "\(pad) \(shifted)")
            }
        }
    }

    @Test func randomIndexTextsGiveTheNormalizersWords() {
        let pieces = ["a", "bc", "DEF", "ghij", "KLMNOPQ", "rstuvwxy", "z0123456789", " ", " ", "  ", "-", ".", ",", "\n", "é", "É", "ß",
                      "β", "–", "\u{00A0}", "乳", "ﬁ", "\u{0301}", "'", "’", "9", "Leukaemia", "AML"]
        var rng = SplitMix(seed: 0x2545_F491_4F6C_DD1D)
        var mismatches: [String] = []
        for _ in 0..<2000 {
            let text = (0..<(1 + rng.below(20))).map { _ in pieces[rng.below(pieces.count)] }.joined()
            let words = ByteWordTests.indexWords(text)
            if words.map(\.word) != ByteWordTests.distinctWords(text) || !words.allSatisfy(\.hashed) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first: \(mismatches.first ?? "")")
    }

    /// Words met again are answered from the tokeniser's table of recent words: across many texts,
    /// with a table small enough to be overwritten all the time, every token must be the one the
    /// tokeniser makes afresh, lexicon ids included.
    @Test func recentWordsGiveTheTokensMadeAfresh() {
        let lexicon = DiseaseMatcher(vocabulary: .bundled).lexicon
        let pieces = ["AML", "aml", "AMLs", "ALL", "All", "all", "CML", "B-ALL", "leukemia", "Leukaemia", "leukaemias", "lymphomas",
                      "acute", "Acute", "myeloid", "MYELOID", "colours", "tumours", "Parkinson's", "et", "al.", "vs.", "cells",
                      "abcdefghijklmnop", "abcdefghijklmnopq", "ABCDEFGHIJKLMNOP", "x", "9", "2019", " ", " ", "  ", "-", ".", ",",
                      ";", "(", ")", "\n", "é", "β", "–", "'", "’", "haematological", "oesophageal", "w1", "w2", "w3", "w4"]
        var rng = SplitMix(seed: 0x5EED_1234)
        var recent = RecentWords<DiseaseToken>(slots: 16, empty: .blank)
        var mismatches: [String] = []
        for _ in 0..<3000 {
            let text = (0..<(1 + rng.below(24))).map { _ in pieces[rng.below(pieces.count)] }.joined()
            var fresh: [DiseaseToken] = [], remembered: [DiseaseToken] = []
            text.withUTF8Bytes { DiseaseText.tokenize($0, into: &fresh, lexicon: lexicon) }
            DiseaseText.append(text, to: &remembered, lexicon: lexicon, recent: &recent)
            if fresh != remembered { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first: \(mismatches.first ?? "")")
        // The table did answer: a word read twice comes back from it.
        var twice: [DiseaseToken] = []
        DiseaseText.append("AML and AML", to: &twice, lexicon: lexicon, recent: &recent)
        #expect(twice.count == 3 && twice[0] == twice[2] && twice[0].abbreviation >= 0)
    }

    /// Words of up to 16 bytes are answered from a small table of recent words before the large one:
    /// words that agree in their first eight or sixteen bytes, or share a slot of that table, must
    /// still each get their own postings, and a word met again its first paper's id.
    @Test func wordsSharingTheirFirstPiecesKeepTheirOwnPostings() {
        var words = ["abcdefgh", "abcdefghx", "abcdefghy", "ABCDEFGHX", "abcdefghijklmnop", "abcdefghijklmnopq",
                     "abcdefghijklmnoq", "a", "b", "ab", "ba", "0123456789abcdef", "0123456789abcdeg"]
        // Many more words than the table has slots, so every slot is taken over again and again, also
        // by words with the same first eight bytes.
        words += (0..<8_000).map { "w\($0)" } + (0..<8_000).map { "abcdefgh\($0)" }
        var builder = IndexBuilder()
        var expected: [String: [Int]] = [:]
        var rng = SplitMix(seed: 7)
        for paper in 0..<300 {
            var chosen = (0..<40).map { _ in words[rng.below(words.count)] }
            chosen += chosen.prefix(5)
            var text = chosen.joined(separator: " ")
            text.withUTF8 { builder.tokenize($0, paper: UInt32(paper + 1)) }
            builder.positions.append(UInt32(paper))
            builder.paperEnds.append(builder.paperTokens.count)
            for word in Set(chosen.map { $0.lowercased() }) { expected[word, default: []].append(paper) }
        }
        let index = builder.finish(paperCount: 300)
        #expect(index.tokenCount == expected.count)
        for (word, papers) in expected {
            #expect(index.papers(withFoldedWord: word, prefix: false).positions == papers, "\(word)")
        }
    }

    /// Every key of up to three bytes over bytes that include zero, and keys of 7 to 9 bytes differing
    /// in one byte, get distinct ids, and the same id when met again (also after the table has grown).
    @Test func internedKeysOfEveryShortLengthKeepDistinctIds() {
        let alphabet: [UInt8] = [0x00, 0x61, 0x62, 0xFF]
        var keys: [[UInt8]] = [[]]
        var level: [[UInt8]] = [[]]
        for _ in 1...3 {
            level = level.flatMap { key in alphabet.map { key + [$0] } }
            keys += level
        }
        for length in 7...9 {
            for k in 0..<length {
                for b in alphabet {
                    var key = [UInt8](repeating: 0x78, count: length)
                    key[k] = b
                    keys.append(key)
                }
            }
        }
        let distinct = Array(Set(keys)).sorted { $0.lexicographicallyPrecedes($1) }
        var interner = ByteInterner(capacity: 4)
        func id(_ key: [UInt8]) -> Int { key.withUnsafeBufferPointer { interner.id(of: $0, hash: ByteInterner.hash($0)) } }
        let first = distinct.map(id)
        #expect(first == Array(0..<distinct.count))
        #expect(distinct.map(id) == first)
        #expect(interner.count == distinct.count)
        #expect((0..<distinct.count).allSatisfy { Array(interner.bytes($0)) == distinct[$0] })
    }

    @Test func stringBytesAreReadInPlaceOrFromACopyAlike() {
        let texts = ["", "AML", "naïve café – 乳腺癌", String(repeating: "leukaemia ", count: 40),
                     String(NSString(string: "Crohn’s disease")), String("  trimmed  ".dropFirst(2).dropLast(2))]
        for text in texts {
            #expect(text.withUTF8Bytes { Array($0) } == Array(text.utf8), "\(text)")
        }
    }
}
