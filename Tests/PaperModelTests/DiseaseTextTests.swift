import Foundation
import Testing
@testable import PaperModel

/// The tagger's tokeniser against a plain one: every word gathered byte by byte and folded by
/// `DiseaseText.makeToken`, separators read one scalar at a time. The fast paths (ASCII words hashed
/// as read, the tight loop for plain words) must give the same tokens on any text.
enum ReferenceTokenizer {
    static func tokens(_ text: String) -> [DiseaseToken] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { tokenize($0) }
    }

    private static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) -> [DiseaseToken] {
        var result: [DiseaseToken] = []
        var word: [UInt8] = []
        var wordIsASCII = true
        var scratch: [UInt8] = []
        var separator = DiseaseText.Separator()
        let count = bytes.count
        let nonBreaking = Set(["vs", "v", "al", "e", "g", "i", "cf", "Fig", "fig", "Dr", "approx", "ca", "No", "St", "spp", "sp"].map(DiseaseText.hash))

        func flush() {
            guard !word.isEmpty else { return }
            var token = DiseaseText.makeToken(word, ascii: wordIsASCII, scratch: &scratch)
            if let previous = result.last, nonBreaking.contains(previous.raw) { separator.endsAbbreviation() }
            token.flags.formUnion(separator.flagsAfter)
            if !result.isEmpty, separator.closesPrevious { result[result.count - 1].flags.insert(.closeAfter) }
            result.append(token)
            word.removeAll()
            wordIsASCII = true
            separator = DiseaseText.Separator()
        }

        var i = 0
        while i < count {
            let byte = bytes[i]
            if byte < 0x80 {
                if DiseaseText.isASCIIWordByte(byte) {
                    word.append(byte)
                } else if byte == UInt8(ascii: "'"), !word.isEmpty, i + 1 < count, DiseaseText.isASCIILetter(bytes[i + 1]) {
                } else {
                    flush()
                    separator.add(Unicode.Scalar(byte))
                }
                i += 1
                continue
            }
            let (scalar, length) = DiseaseText.decode(bytes, at: i)
            if DiseaseText.isIdeograph(scalar) {
                flush()
                word.append(contentsOf: UTF8.encode(scalar)!)
                wordIsASCII = false
                flush()
            } else if DiseaseText.isWordScalar(scalar) {
                word.append(contentsOf: UTF8.encode(scalar)!)
                wordIsASCII = false
            } else if scalar == "\u{2019}", !word.isEmpty, i + length < count, DiseaseText.isASCIILetter(bytes[i + length]) {
            } else {
                flush()
                separator.add(scalar)
            }
            i += length
        }
        flush()
        if separator.closesPrevious, !result.isEmpty {
            result[result.count - 1].flags.insert(.closeAfter)
        }
        return result
    }
}

@Suite struct DiseaseTextTests {
    static let tricky = [
        "Sjögren's syndrome and Ménière’s disease in naïve patients; Ångström-scale imaging.",
        "Graft-versus-host disease (GVHD) after graft-vs.-host prophylaxis, B-ALL and T-ALL; non-Hodgkin lymphoma.",
        "TNF-α, IL-1β and β-thalassaemia; the Δ32 allele; μg/kg doses ≥ 5 ± 2.",
        "COVID-19 in 1990s cohorts: CD34+ cells, t(15;17), del(5q), 2nd-line therapy, 3'UTR, 5’-end.",
        "Parkinson's and Crohn’s disease; the patients' and patients’ views; 'quoted' words; O'Brien's data; ’tis.",
        "Haematological, oesophageal and paediatric leukaemias; aetiology of tumours; colours; Tumour; HAEMATOLOGY; Oedema.",
        "Leukemias, AMLs and CMLs; diseases; virus; ibis; cells; class; status; sinus; AIDS; Us; ss; sss; ours; Ours; sour; hours.",
        "Smith et al. reported it vs. controls (Fig. 2, No. 3, St. Jude, Dr. Who, approx. 4, ca. 5, spp. and sp. nov.). Next sentence!",
        "乳腺癌患者的粒系分化。白血病（AML）と骨髄異形成症候群【MDS】、백혈병 환자",
        "ALL RIGHTS RESERVED. © 2020 ALL-RIGHTS reserved. All of them received all doses.",
        "Myelogenous and myelocytic leukemia; haemorrhagic and ischaemic stroke; HAEMORRHAGIC; Myelogenous.",
        "Lines\nsplit\n\nby blank lines\r\n\r\nand tabs\tand – en dashes — em dashes, “quotes” and ‘single quotes’.",
        "x", "", "  ", "A", "AB", "s", "es", "aes", "oes", "aeon", "Caesar", "foetal", "Phoenix", "our", "tour", "detour", "glamour",
        "a'b", "'ab", "ab'", "ab''cd", "ab'1", "ab’", "ab’c", "ab’1", "naïve’s", "café's", "x\u{0301}y", "e\u{0301}s",
        "word.", "word,", "word;", "word)", "(word", "[AML]", "{ALL}", "AML: the", "AML|CML", "\"AML\"", "AML?", "AML!",
        "ＡＭＬ全角", "ﬁbrosis with a ligature", "Ⅳ stage", "²³ superscripts", "١٢٣ Arabic digits", "ΑΒΓ Greek capitals",
    ]

    @Test(arguments: tricky) func bytesTokeniseAsWordsFoldedOneByOne(_ text: String) {
        #expect(DiseaseText.tokens(text) == ReferenceTokenizer.tokens(text))
    }

    @Test func randomTextTokenisesAsWordsFoldedOneByOne() {
        let pieces = ["leukaemia", "Leukemias", "AML", "AMLs", "all", "ALL", "haem", "oesophag", "tumour", "colours", "aeon", "oe",
                      "ae", "s", "S", "'", "’", "'s", "’s", " ", " ", " ", "  ", "\n", "\n\n", ".", ",", ";", ":", "(", ")", "[", "]",
                      "-", "/", "é", "ö", "β", "α", "–", "—", "“", "”", "乳", "癌", "。", "（", "）", "9", "19", "vs", "v", "al", "e",
                      "Fig", "et", "our", "OUR", "ibis", "virus", "x", "Q", "\u{0301}", "\t", "!", "?", "、", "，", "ＡＭＬ"]
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        var mismatches: [String] = []
        for _ in 0..<3000 {
            let text = (0..<(1 + next(24))).map { _ in pieces[next(pieces.count)] }.joined()
            if DiseaseText.tokens(text) != ReferenceTokenizer.tokens(text) { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first: \(mismatches.first ?? "")")
    }

    @Test func appendingKeepsFlagsInsideEachText() {
        var tokens = DiseaseText.tokens("acute leukemia (")
        #expect(tokens.count == 2)
        #expect(!tokens[1].closeAfter)
        DiseaseText.append(", AML", to: &tokens)
        #expect(tokens.count == 3)
        // The comma starting the second text does not close the first text's last word.
        #expect(!tokens[1].closeAfter)
        #expect(tokens[2].flags.contains(.commaBefore))
        // A period after "vs" in another text does not make the next text's word continue a sentence.
        var other = DiseaseText.tokens("treated vs")
        DiseaseText.append(". Controls", to: &other)
        #expect(other[2].sentenceBefore)
        #expect(DiseaseText.tokens("treated vs. Controls")[2].sentenceBefore == false)
    }

    @Test func foldingSpellingsAndPlurals() {
        func key(_ word: String) -> UInt64 { DiseaseText.tokens(word)[0].key }
        #expect(key("Leukaemias") == key("leukemia"))
        #expect(key("HAEMATOLOGICAL") == key("hematological"))
        #expect(key("Oesophageal") == key("esophageal"))
        #expect(key("tumour") == key("tumor"))
        #expect(key("myelogenous") == key("myeloid"))
        #expect(key("virus") != key("viru"))
        #expect(key("ibis") != key("ibi"))
        #expect(DiseaseText.tokens("AMLs")[0].rawSingular == DiseaseText.hash("AML"))
        #expect(DiseaseText.tokens("Parkinson's")[0].raw == DiseaseText.hash("Parkinsons"))
        #expect(DiseaseText.tokens("Oedema")[0].initial == UInt8(ascii: "e"))
        let upper = DiseaseText.tokens("AML Aml aml A1")
        #expect(upper.map(\.isAllUppercaseWord) == [true, false, false, false])
        #expect(upper.map(\.isCapitalized) == [true, true, false, true])
    }
}

@Suite struct TokenTrieTests {
    func tokens(_ ids: [Int32], breakAt: Set<Int> = []) -> [DiseaseToken] {
        ids.enumerated().map { i, id in
            DiseaseToken(key: 0, raw: 0, rawSingular: 0, initial: 0, flags: breakAt.contains(i) ? [.breakBefore] : [], name: id)
        }
    }

    @Test func longestPathWithAValueWins() {
        var trie = TokenTrie()
        let short = trie.insert([1, 2], value: 10)
        let long = trie.insert([1, 2, 3, 4], value: 20)
        #expect(trie.insert([], value: 30) == nil)
        #expect(trie.insert([1, 2], value: 11) == short)
        #expect(trie.values(short!) == [10, 11])

        let ids: [Int32] = [7, 1, 2, 3, 4, 1, 2, 3, 9]
        let all = tokens(ids)
        #expect(trie.longestMatch(all, abbreviations: false, from: 0, end: ids.count).length == 0)
        let first = trie.longestMatch(all, abbreviations: false, from: 1, end: ids.count)
        #expect(first.length == 4 && first.node == long)
        // The abbreviation ids are a separate field.
        #expect(trie.longestMatch(all, abbreviations: true, from: 1, end: ids.count).length == 0)
        // [1, 2, 3] has no value of its own: the match falls back to [1, 2].
        let second = trie.longestMatch(all, abbreviations: false, from: 5, end: ids.count)
        #expect(second.length == 2 && second.node == short)
        // The end of the field and a break before a token both stop a match.
        #expect(trie.longestMatch(all, abbreviations: false, from: 1, end: 4).length == 2)
        #expect(trie.longestMatch(tokens(ids, breakAt: [3]), abbreviations: false, from: 1, end: ids.count).length == 2)
        // A break before the first token does not.
        #expect(trie.longestMatch(tokens(ids, breakAt: [1]), abbreviations: false, from: 1, end: ids.count).length == 4)
        #expect(trie.longestMatch(tokens([1, -1, 3]), abbreviations: false, from: 0, end: 3).length == 0)
    }

    @Test func widelySpreadIdsAndDeepPaths() {
        var trie = TokenTrie()
        for k in 0..<500 { trie.insert([Int32(k), Int32(k * 7 % 500), Int32(k % 3)], value: Int32(k)) }
        for k in stride(from: 0, to: 500, by: 37) {
            let ids: [Int32] = [Int32(k), Int32(k * 7 % 500), Int32(k % 3)]
            let match = trie.longestMatch(tokens(ids), abbreviations: false, from: 0, end: 3)
            #expect(match.length == 3)
            #expect(trie.values(match.node) == [Int32(k)])
        }
    }

    @Test func sealedValuesLeaveOutNegativeOnesButTheirPathsStillMatch() {
        var trie = TokenTrie()
        let both = trie.insert([1, 2], value: 5)!
        trie.insert([1, 2], value: -1)
        trie.insert([1, 2], value: 8)
        let blocked = trie.insert([1, 2, 3], value: -1)!
        let single = trie.insert([4], value: 0)!
        trie.seal()
        #expect(trie.valueRange(both).map(trie.value) == [5, 8])
        #expect(trie.valueRange(blocked).isEmpty)
        #expect(trie.valueRange(single).map(trie.value) == [0])
        #expect(trie.valueRange(0).isEmpty)
        // A path with only a negative value is still the longest match.
        let match = trie.longestMatch(tokens([1, 2, 3]), abbreviations: false, from: 0, end: 3)
        #expect(match.length == 3 && match.node == blocked)
    }
}

@Suite struct HashTableFilterTests {
    @Test func absentKeysAreNeverFoundAndPresentOnesAlways() {
        var table = HashTable()
        var state: UInt64 = 88_172_645_463_325_252
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        var present: [UInt64] = []
        for i in 0..<3000 {
            let key = next()
            present.append(key)
            table.set(key, Int32(i))
        }
        #expect(present.enumerated().allSatisfy { table[$0.element] == Int32($0.offset) })
        let stored = Set(present)
        var wrong = 0
        for _ in 0..<20_000 {
            let key = next()
            if !stored.contains(key), table[key] != nil { wrong += 1 }
        }
        #expect(wrong == 0)
    }
}

@Suite struct DiseaseTaggerBatchTests {
    let tagger = DiseaseTagger()

    @Test func meshHeadingsAreReadAsTheirDiseaseWhateverTheirCaseAndTrimming() {
        func primary(_ mesh: [String]) -> [String] {
            tagger.tags(for: paper("Stromal signalling", mesh: mesh)).filter { $0.role == .primary }.map(\.name)
        }
        #expect(primary(["*Leukemia, Myeloid, Acute/drug therapy"]) == ["Acute Myeloid Leukemia"])
        #expect(primary(["  LEUKEMIA, MYELOID, ACUTE *"]) == ["Acute Myeloid Leukemia"])
        #expect(primary(["Precursor B-Cell Lymphoblastic Leukemia-Lymphoma/genetics*"]) == ["Acute Lymphoblastic Leukemia"])
        // A no-break space is trimmed as the ASCII spaces are.
        #expect(primary(["Leukemia, Myeloid, Acute\u{00A0}/therapy"]) == ["Acute Myeloid Leukemia"])
        #expect(primary(["Hodgkin Disease/therapy", "Middle Aged", "Bone Marrow"]) == ["Lymphoma"])
        #expect(primary(["Middle Aged", "/drug therapy", "  ", "Humans"]).isEmpty)
    }

    @Test func batchesOnEveryCoreGiveEachPapersOwnTags() {
        let titles = ["Chronic myelogenous leukaemia in older patients", "Renal angiomyolipomas: embolisation",
                      "All patients were treated", "Clonal tracing of AML founder cells", "Exosomes in bone",
                      "Differentiation syndrome in acute promyelocytic leukemia", "Spleen response in myelofibrosis"]
        let abstracts: [String?] = [nil, "Bleeding from angiomyolipoma (AML) of the kidney is rare.",
                                    "Acute lymphoblastic leukemia (ALL) is rare in adults. ALL relapses.", "Multiple myeloma (MM) remains incurable."]
        let papers = (0..<1500).map { i in
            paper(titles[i % titles.count], abstract: abstracts[i % abstracts.count], mesh: i % 5 == 0 ? ["Tuberculosis/therapy"] : [])
        }
        let batch = tagger.tagged(papers).map(\.diseases)
        #expect(batch.count == papers.count)
        #expect(batch == papers.map { tagger.tags(for: $0) })
        var inPlace = papers
        tagger.tag(&inPlace)
        #expect(inPlace.map(\.diseases) == batch)
        #expect(batch[1].map(\.name) == ["Angiomyolipoma"])
    }
}
