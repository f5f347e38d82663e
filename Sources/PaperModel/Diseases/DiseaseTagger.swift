import Foundation

/// Tags papers with the diseases they are about (`primary`) or name in passing (`mentioned`).
///
/// One pass over each text: words are folded once and walked through a token trie built from every
/// name and synonym (case-insensitive) and a second one of abbreviations (case-sensitive, whole
/// words). Then the paper-level rules decide what the matches mean: an abbreviation the text defines
/// as something else tags nothing, ambiguous abbreviations need the text's support, names inside
/// organisation names ("Polish Adult Leukemia Group", "Department of Leukemia") are ignored, and
/// subtypes are tagged as their canonical disease.
public struct DiseaseTagger: Sendable {
    public let vocabulary: DiseaseVocabulary
    private let matcher: DiseaseMatcher

    public init(vocabulary: DiseaseVocabulary = .bundled) {
        self.vocabulary = vocabulary
        self.matcher = DiseaseMatcher(vocabulary: vocabulary)
    }

    /// The papers with their `diseases` replaced by fresh tags. Large sets are tagged on every core.
    public func tagged(_ papers: [Paper]) -> [Paper] {
        var result = papers
        tag(&result, at: Array(result.indices))
        return result
    }

    /// Replaces each paper's `diseases` with fresh tags, in place and on the calling thread, with one
    /// set of buffers for all: what a reading thread does to the papers it has just read.
    public func tag(_ papers: inout [Paper]) {
        let matcher = self.matcher
        var scratch = DiseaseMatcher.Scratch()
        papers.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices { DiseaseTagger.retag(buffer.baseAddress! + i, matcher, &scratch) }
        }
    }

    /// Tags the paper in place: moved out, tagged and moved back, so none of its fields is retained.
    @inline(__always)
    private static func retag(_ slot: UnsafeMutablePointer<Paper>, _ matcher: DiseaseMatcher, _ scratch: inout DiseaseMatcher.Scratch) {
        var paper = slot.move()
        paper.diseases = matcher.tags(for: paper, scratch: &scratch)
        slot.initialize(to: paper)
    }

    /// Replaces the `diseases` of the papers at the given positions with fresh tags, in place; many
    /// positions are tagged on every core.
    public func tag(_ papers: inout [Paper], at positions: [Int]) {
        let matcher = self.matcher
        let chunk = 256
        papers.withUnsafeMutableBufferPointer { buffer in
            if positions.count < 2 * chunk {
                var scratch = DiseaseMatcher.Scratch()
                for i in positions { DiseaseTagger.retag(buffer.baseAddress! + i, matcher, &scratch) }
                return
            }
            let shared = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: (positions.count + chunk - 1) / chunk) { c in
                var scratch = DiseaseMatcher.Scratch()
                // Each position is written by one worker only.
                for i in positions[(c * chunk)..<min(positions.count, (c + 1) * chunk)] {
                    DiseaseTagger.retag(shared.value.baseAddress! + i, matcher, &scratch)
                }
            }
        }
    }

    /// Primary tags first (in order of evidence), then mentioned ones.
    public func tags(for paper: Paper) -> [DiseaseTag] {
        var scratch = DiseaseMatcher.Scratch()
        return matcher.tags(for: paper, scratch: &scratch)
    }

    /// The canonical names of every vocabulary entry the paper's text names (subtypes not rolled up),
    /// after the abbreviation and context rules. Used by queries for subtypes (disease:APL).
    public func entriesNamed(in paper: Paper) -> Set<String> {
        var scratch = DiseaseMatcher.Scratch()
        return matcher.entriesNamed(in: paper, scratch: &scratch)
    }
}

/// The tables built once from a vocabulary and the matching over them; a class, so the many
/// closures of the rules capture one reference rather than copying every table.
final class DiseaseMatcher: Sendable {
    let vocabulary: DiseaseVocabulary

    /// Folded word hash → word id of the name trie.
    private let keyIDs: HashTable
    /// The same tables as a lexicon, for the tokeniser.
    let lexicon: DiseaseLexicon
    private let names: TokenTrie
    /// Spelling hash → part id of the abbreviation trie.
    private let abbreviationIDs: HashTable
    private let abbreviations: TokenTrie
    /// Per abbreviation trie node that ends an abbreviation: the id of its text (parts joined by "-").
    private let abbreviationTextByNode: [Int32: Int32]
    /// Per abbreviation text id: the text, its first byte lowercased and its length in characters.
    private let abbreviationTexts: [(text: String, initial: UInt8, length: Int)]
    /// Per entry: the entries above it.
    private let ancestorSets: [Set<Int32>]
    /// Lowercased ASCII MeSH heading hash → entry; other headings by their lowercased text.
    private let entryByHeadingHash: HashTable
    private let entryByHeading: [String: Int]
    /// Per entry: its MeSH heading lowercased, as bytes (empty when it has none).
    private let headingBytes: [[UInt8]]
    /// Per entry: the tokens of its canonical name (a MeSH heading of the vocabulary reads as the name).
    private let entryNameTokens: [[DiseaseToken]]
    /// Per entry: the id of the canonical name its tags carry, an index into `reportedNames`.
    private let reported: [Int32]
    private let reportedNames: [String]
    /// Per reported name: bits of the reported names of its ancestors.
    private let reportedAncestors: [[UInt64]]
    /// (entry, abbreviation text id) pairs, keyed by `strongKey`, of each entry's strong abbreviations:
    /// those that belong to this entry alone.
    private let strongAbbreviations: HashTable
    /// Word hashes of organisation words and connectors ("Group", "of").
    private let organisationWords: HashTable
    private let connectors: HashTable

    init(vocabulary: DiseaseVocabulary) {
        self.vocabulary = vocabulary
        var keyIDs = HashTable()
        var names = TokenTrie()
        var abbreviationIDs = HashTable()
        var abbreviationParts: [String] = []
        var abbreviations = TokenTrie()
        var textByNode: [Int32: Int32] = [:]
        var texts: [(text: String, initial: UInt8, length: Int)] = []
        var textIDs: [String: Int32] = [:]
        var strongOwners: [String: Int] = [:]
        for entry in vocabulary.entries {
            for abbreviation in entry.abbreviations { strongOwners[abbreviation, default: 0] += 1 }
        }
        func wordIDs(_ name: String) -> [Int32] {
            DiseaseText.keys(name).map { key in
                keyIDs[key] ?? { let id = Int32(keyIDs.count); keyIDs.set(key, id); return id }()
            }
        }
        for (index, entry) in vocabulary.entries.enumerated() {
            for name in entry.names { names.insert(wordIDs(name), value: Int32(index)) }
            for abbreviation in entry.allAbbreviations {
                let parts = abbreviation.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
                let ids = zip(DiseaseText.raws(abbreviation), parts).map { raw, part in
                    abbreviationIDs[raw] ?? {
                        let id = Int32(abbreviationIDs.count)
                        abbreviationIDs.set(raw, id)
                        abbreviationParts.append(part)
                        return id
                    }()
                }
                if let node = abbreviations.insert(ids, value: Int32(index)), textByNode[node] == nil {
                    let text = ids.map { abbreviationParts[Int($0)] }.joined(separator: "-")
                    let id = textIDs[text] ?? {
                        let first = text.utf8.first ?? 0
                        texts.append((text, first >= 65 && first <= 90 ? first + 32 : first, text.count))
                        textIDs[text] = Int32(texts.count - 1)
                        return Int32(texts.count - 1)
                    }()
                    textByNode[node] = id
                }
            }
        }
        for phrase in BundledDiseases.notDiseases { names.insert(wordIDs(phrase), value: -1) }
        var strong = HashTable()
        for (index, entry) in vocabulary.entries.enumerated() {
            for abbreviation in entry.abbreviations where strongOwners[abbreviation] == 1 && abbreviation.count >= 3 {
                if let text = textIDs[abbreviation] { strong.set(DiseaseMatcher.strongKey(Int32(index), text), 0) }
            }
        }
        self.strongAbbreviations = strong
        names.seal()
        abbreviations.seal()
        self.keyIDs = keyIDs
        self.names = names
        self.abbreviationIDs = abbreviationIDs
        self.abbreviations = abbreviations
        self.abbreviationTextByNode = textByNode
        self.abbreviationTexts = texts
        let indexByName = Dictionary(vocabulary.entries.enumerated().map { ($1.name, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        self.ancestorSets = vocabulary.entries.map { entry in Set(vocabulary.ancestors(of: entry.name).compactMap { indexByName[$0] }) }
        var headings: [String: Int] = [:]
        var headingHashes = HashTable()
        for (index, entry) in vocabulary.entries.enumerated() {
            guard let heading = entry.heading?.lowercased(), headings[heading] == nil else { continue }
            headings[heading] = index
            headingHashes.set(DiseaseText.fnv(heading.utf8), Int32(index))
        }
        self.entryByHeading = headings
        self.headingBytes = vocabulary.entries.map { Array(($0.heading?.lowercased() ?? "").utf8) }
        self.entryByHeadingHash = headingHashes
        let lexicon = DiseaseLexicon(words: keyIDs, abbreviations: abbreviationIDs)
        self.lexicon = lexicon
        self.entryNameTokens = vocabulary.entries.map { entry in
            var tokens: [DiseaseToken] = []
            DiseaseText.append(entry.name, to: &tokens, lexicon: lexicon)
            return tokens
        }

        var reportedNames: [String] = []
        var reportedIDs: [String: Int32] = [:]
        func intern(_ name: String) -> Int32 {
            if let id = reportedIDs[name] { return id }
            reportedNames.append(name)
            reportedIDs[name] = Int32(reportedNames.count - 1)
            return Int32(reportedNames.count - 1)
        }
        let reported = vocabulary.entries.map { intern(vocabulary.reportedName(of: $0.name)) }
        var ancestorNames: [[Int32]] = []
        var k = 0
        while k < reportedNames.count {
            let name = reportedNames[k]
            ancestorNames.append(Set(vocabulary.ancestors(of: name).map { vocabulary.reportedName(of: $0) }).subtracting([name]).map(intern))
            k += 1
        }
        let words = (reportedNames.count + 63) / 64
        self.reportedAncestors = ancestorNames.map { ids in
            var bits = [UInt64](repeating: 0, count: words)
            for id in ids { bits[Int(id) / 64] |= 1 << UInt64(id % 64) }
            return bits
        }
        self.reported = reported
        self.reportedNames = reportedNames

        var organisation = HashTable(), connectors = HashTable()
        for key in DiseaseMatcher.organisationWords.flatMap(DiseaseText.keys) { organisation.set(key, 0) }
        for key in DiseaseMatcher.connectorWords.flatMap(DiseaseText.keys) { connectors.set(key, 0) }
        self.organisationWords = organisation
        self.connectors = connectors
    }

    // MARK: Per paper

    func tags(for paper: Paper, scratch: inout Scratch) -> [DiseaseTag] {
        roles(evidence(for: paper, scratch: &scratch))
    }

    func entriesNamed(in paper: Paper, scratch: inout Scratch) -> Set<String> {
        resolveHits(for: paper, scratch: &scratch)
        var named = Set<String>()
        for hit in scratch.resolved {
            for k in hit.entries { named.insert(vocabulary.entries[Int(scratch.entries[k])].name) }
        }
        return named
    }

    @inline(__always) private static func strongKey(_ entry: Int32, _ text: Int32) -> UInt64 {
        UInt64(UInt32(entry) &+ 1) << 32 | UInt64(UInt32(text))
    }

    @inline(__always) private func isStrong(_ entry: Int32, _ text: Int32) -> Bool {
        strongAbbreviations[DiseaseMatcher.strongKey(entry, text)] != nil
    }

    // MARK: Matching

    enum Field: Int { case title, keywords, mesh, abstract }

    struct Hit {
        var field: Field
        var segment: Int
        /// Token positions in the paper's token buffer.
        var start: Int
        var end: Int
        /// The entries it stands for: positions in the scratch's `entries` buffer.
        var entryStart: Int32
        var entryEnd: Int32
        /// The abbreviation's text id, or -1 for a name.
        var abbreviation: Int32
        var sentence: Int
        var isName: Bool { abbreviation < 0 }
        var entries: Range<Int> { Int(entryStart)..<Int(entryEnd) }
    }

    /// A field's tokens: a range of the paper's token buffer.
    struct Segment {
        var field: Field
        var start: Int
        var end: Int
    }

    /// Buffers for one paper's text, reused from paper to paper.
    struct Scratch {
        var tokens: [DiseaseToken] = []
        var segments: [Segment] = []
        var hits: [Hit] = []
        /// The hits after the paper-level rules.
        var resolved: [Hit] = []
        /// The entries of every hit, each hit's a range of it.
        var entries: [Int32] = []
        /// Per-paper sets and maps over vocabulary ids, without clearing: a slot belongs to the
        /// current paper when its stamp is `generation`.
        var generation: UInt32 = 0
        /// Per entry, per reported name: named in full in this paper.
        var namedEntry: [UInt32] = []
        var namedReported: [UInt32] = []
        /// Per abbreviation text id: defined in this paper, as `definition` (an entry, or -1 for something else).
        var defined: [UInt32] = []
        var definition: [Int32] = []
        /// Words read in earlier texts, with their tokens (kept from paper to paper).
        var recent = RecentWords<DiseaseToken>(slots: 2048, empty: .blank)

        mutating func reset() {
            tokens.removeAll(keepingCapacity: true)
            segments.removeAll(keepingCapacity: true)
            hits.removeAll(keepingCapacity: true)
            resolved.removeAll(keepingCapacity: true)
            entries.removeAll(keepingCapacity: true)
        }

        /// Starts a new generation of the stamped tables, sized for the vocabulary.
        mutating func nextGeneration(entries: Int, reported: Int, abbreviations: Int) {
            if namedEntry.count < entries { namedEntry = Array(repeating: 0, count: entries) }
            if namedReported.count < reported { namedReported = Array(repeating: 0, count: reported) }
            if defined.count < abbreviations {
                defined = Array(repeating: 0, count: abbreviations)
                definition = Array(repeating: -1, count: abbreviations)
            }
            if generation == UInt32.max {
                for i in namedEntry.indices { namedEntry[i] = 0 }
                for i in namedReported.indices { namedReported[i] = 0 }
                for i in defined.indices { defined[i] = 0 }
                generation = 0
            }
            generation += 1
        }

        mutating func add(_ field: Field, _ text: String, _ lexicon: DiseaseLexicon) {
            let start = tokens.count
            DiseaseText.append(text, to: &tokens, lexicon: lexicon, recent: &recent)
            segments.append(Segment(field: field, start: start, end: tokens.count))
        }
    }

    private func segments(of paper: Paper, into scratch: inout Scratch) {
        scratch.add(.title, paper.title, lexicon)
        for keyword in paper.keywords { scratch.add(.keywords, keyword, lexicon) }
        for term in paper.meshTerms {
            let start = scratch.tokens.count
            appendMeshTerm(term, to: &scratch.tokens)
            scratch.segments.append(Segment(field: .mesh, start: start, end: scratch.tokens.count))
        }
        if let abstract = paper.abstract { scratch.add(.abstract, abstract, lexicon) }
    }

    /// A MeSH term's heading, read as the canonical name of the vocabulary entry with that heading,
    /// else as written. ASCII terms are trimmed, lowercased and hashed byte by byte (a hash found is
    /// checked against the heading); others go through Strings.
    private func appendMeshTerm(_ term: String, to tokens: inout [DiseaseToken]) {
        let done = term.withUTF8Bytes { bytes -> Bool in
            var end = 0
            while end < bytes.count {
                let b = bytes[end]
                if b >= 0x80 { return false }
                if b == UInt8(ascii: "/") { break }
                end += 1
            }
            // Trim "*" and whitespace at both ends, as Characters would be.
            var start = 0, last = end - 1
            while start < end && (bytes[start] == UInt8(ascii: "*") || DiseaseMatcher.isASCIIWhitespace(bytes[start])) { start += 1 }
            while last >= start && (bytes[last] == UInt8(ascii: "*") || DiseaseMatcher.isASCIIWhitespace(bytes[last])) { last -= 1 }
            let heading = UnsafeBufferPointer(rebasing: bytes[start..<(last + 1)])
            var hash = DiseaseText.fnvBasis
            for b in heading { hash = (hash ^ UInt64(b &- 65 < 26 ? b | 0x20 : b)) &* DiseaseText.fnvPrime }
            var entry: Int?
            if let index = entryByHeadingHash[hash] {
                let known = headingBytes[Int(index)]
                if known.count == heading.count && zip(known, heading).allSatisfy({ $0 == ($1 &- 65 < 26 ? $1 | 0x20 : $1) }) {
                    entry = Int(index)
                } else {
                    entry = entryByHeading[String(decoding: heading, as: UTF8.self).lowercased()]
                }
            } else if heading.isEmpty {
                entry = entryByHeading[""]
            }
            if let entry {
                tokens += entryNameTokens[entry]
            } else {
                DiseaseText.tokenize(heading, into: &tokens, lexicon: lexicon)
            }
            return true
        }
        if done { return }
        // "Leukemia, Myelogenous, Chronic, BCR-ABL Positive/drug therapy*" → the heading alone.
        var heading = Substring(term)
        if let slash = heading.firstIndex(of: "/") { heading = heading[..<slash] }
        while let first = heading.first, first == "*" || first.isWhitespace { heading.removeFirst() }
        while let last = heading.last, last == "*" || last.isWhitespace { heading.removeLast() }
        if let index = entryByHeading[heading.lowercased()] {
            tokens += entryNameTokens[index]
        } else {
            DiseaseText.append(String(heading), to: &tokens, lexicon: lexicon)
        }
    }

    static func isASCIIWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }

    /// Every raw match, in text order.
    private func rawHits(_ scratch: inout Scratch) {
        for (s, segment) in scratch.segments.enumerated() {
            var sentence = 0
            var i = segment.start
            while i < segment.end {
                if scratch.tokens[i].sentenceBefore { sentence += 1 }
                if scratch.tokens[i].name < 0 && scratch.tokens[i].abbreviation < 0 {
                    i += 1
                    continue
                }
                let name = names.longestMatch(scratch.tokens, abbreviations: false, from: i, end: segment.end)
                let abbreviation = abbreviations.longestMatch(scratch.tokens, abbreviations: true, from: i, end: segment.end)
                if name.length == 0 && abbreviation.length == 0 {
                    i += 1
                    continue
                }
                if name.length >= abbreviation.length {
                    let values = names.valueRange(name.node)
                    if !values.isEmpty {
                        let entryStart = Int32(scratch.entries.count)
                        for k in values { scratch.entries.append(names.value(k)) }
                        scratch.hits.append(Hit(field: segment.field, segment: s, start: i, end: i + name.length,
                                                entryStart: entryStart, entryEnd: Int32(scratch.entries.count),
                                                abbreviation: -1, sentence: sentence))
                    }
                    i += name.length
                } else {
                    let entryStart = Int32(scratch.entries.count)
                    for k in abbreviations.valueRange(abbreviation.node) { scratch.entries.append(abbreviations.value(k)) }
                    scratch.hits.append(Hit(field: segment.field, segment: s, start: i, end: i + abbreviation.length,
                                            entryStart: entryStart, entryEnd: Int32(scratch.entries.count),
                                            abbreviation: abbreviationTextByNode[abbreviation.node]!, sentence: sentence))
                    i += abbreviation.length
                }
            }
        }
    }

    /// Matches after the paper-level rules, each with the entries it stands for: into `scratch.resolved`.
    ///
    /// The hits are in text order and do not overlap, so the name ending right before an abbreviation
    /// (or starting right after it) can only be the hit before (or after) it.
    private func resolveHits(for paper: Paper, scratch: inout Scratch) {
        scratch.reset()
        segments(of: paper, into: &scratch)
        rawHits(&scratch)
        guard !scratch.hits.isEmpty else { return }
        let tokens = scratch.tokens
        let segments = scratch.segments
        var kept = 0
        for j in scratch.hits.indices {
            let hit = scratch.hits[j]
            if hit.isName && insideOrganisationName(hit, tokens, segments[hit.segment]) { continue }
            scratch.hits[kept] = hit
            kept += 1
        }
        scratch.hits.removeLast(scratch.hits.count - kept)
        let hits = scratch.hits
        scratch.nextGeneration(entries: reported.count, reported: reportedNames.count, abbreviations: abbreviationTexts.count)
        let generation = scratch.generation

        // What the text defines each abbreviation as: an entry, or something else (-1).
        for (j, hit) in hits.enumerated() where !hit.isName {
            let abbreviation = hit.abbreviation
            let segment = segments[hit.segment]
            var meaning: Int32?? = nil
            if tokens[hit.start].openBefore && tokens[hit.end - 1].closeAfter {
                // "acute myeloid leukemia (AML)"
                if j > 0, hits[j - 1].isName, hits[j - 1].segment == hit.segment, hits[j - 1].end == hit.start {
                    meaning = .some(agreeing(hits[j - 1].entries, hit.entries, scratch.entries))
                } else if definesSomethingElse(abbreviation, before: hit.start, tokens, segment) {
                    meaning = .some(nil)
                }
            } else if hit.end < segment.end, tokens[hit.end].openBefore {
                // "AML (acute myeloid leukemia)"
                if j + 1 < hits.count, hits[j + 1].isName, hits[j + 1].segment == hit.segment, hits[j + 1].start == hit.end {
                    meaning = .some(agreeing(hits[j + 1].entries, hit.entries, scratch.entries))
                } else if tokens[hit.end].initial == abbreviationTexts[Int(abbreviation)].initial, hit.end + 1 < segment.end,
                          !tokens[hit.end + 1].breakBefore {
                    meaning = .some(nil)
                }
            }
            if let meaning {
                let a = Int(abbreviation)
                // A definition as a disease wins over another reading elsewhere in the text.
                if scratch.defined[a] == generation, scratch.definition[a] >= 0, meaning == nil { continue }
                scratch.defined[a] = generation
                scratch.definition[a] = meaning ?? -1
            }
        }

        for hit in hits where hit.isName {
            for k in hit.entries {
                let entry = Int(scratch.entries[k])
                scratch.namedEntry[entry] = generation
                scratch.namedReported[Int(reported[entry])] = generation
            }
        }
        for var hit in hits {
            guard !hit.isName else {
                scratch.resolved.append(hit)
                continue
            }
            let abbreviation = hit.abbreviation
            if scratch.defined[Int(abbreviation)] == generation {
                let entry = scratch.definition[Int(abbreviation)]
                guard entry >= 0 else { continue }
                hit.entryStart = Int32(scratch.entries.count)
                scratch.entries.append(entry)
                hit.entryEnd = Int32(scratch.entries.count)
                scratch.resolved.append(hit)
                continue
            }
            // Undefined: the disease named in full elsewhere in the text supports it,
            // else a distinctive abbreviation stands on its own.
            let supportedStart = scratch.entries.count
            for k in hit.entries {
                let entry = scratch.entries[k]
                if scratch.namedEntry[Int(entry)] == generation || scratch.namedReported[Int(reported[Int(entry)])] == generation {
                    scratch.entries.append(entry)
                }
            }
            if scratch.entries.count == supportedStart {
                var strong: Int32 = -1, strongCount = 0
                for k in hit.entries where isStrong(scratch.entries[k], abbreviation) {
                    strong = scratch.entries[k]
                    strongCount += 1
                }
                guard strongCount == 1 else { continue }
                scratch.entries.append(strong)
            }
            hit.entryStart = Int32(supportedStart)
            hit.entryEnd = Int32(scratch.entries.count)
            var ambiguous = true
            for k in hit.entries where isStrong(scratch.entries[k], abbreviation) { ambiguous = false }
            if ambiguous && inUppercaseRun(hit, tokens, segments[hit.segment]) { continue }
            scratch.resolved.append(hit)
        }
    }

    /// The entries of the abbreviation that agree with the name defining it (same entry, or one
    /// above or below it); nil when the name is a different disease.
    private func agreeing(_ nameEntries: Range<Int>, _ abbreviationEntries: Range<Int>, _ entries: [Int32]) -> Int32? {
        for a in abbreviationEntries.lazy.map({ entries[$0] }) {
            for n in nameEntries.lazy.map({ entries[$0] }) {
                if a == n || reported[Int(a)] == reported[Int(n)]
                    || ancestorSets[Int(a)].contains(n) || ancestorSets[Int(n)].contains(a) {
                    return a
                }
            }
        }
        return nil
    }

    /// "anterolateral ligament (ALL)", "fetal liver (FL)": words just before the bracket whose
    /// initials could spell the abbreviation, and no disease name ending there.
    private func definesSomethingElse(_ abbreviation: Int32, before start: Int, _ tokens: [DiseaseToken], _ segment: Segment) -> Bool {
        let text = abbreviationTexts[Int(abbreviation)]
        guard start > segment.start else { return false }
        let reach = max(2, text.length + 2)
        var i = start - 1
        var steps = 0
        while i >= segment.start && steps < reach {
            if tokens[i].initial == text.initial { return true }
            if tokens[i].breakBefore { break }
            i -= 1
            steps += 1
        }
        return false
    }

    /// "ALL RIGHTS RESERVED", "ALL IC-BFM": an ambiguous abbreviation among other capitalised words.
    private func inUppercaseRun(_ hit: Hit, _ tokens: [DiseaseToken], _ segment: Segment) -> Bool {
        if hit.start > segment.start && !tokens[hit.start].breakBefore {
            let before = tokens[hit.start - 1]
            if before.isAllUppercaseWord && abbreviationIDs[before.raw] == nil { return true }
        }
        if hit.end < segment.end && !tokens[hit.end].breakBefore {
            let after = tokens[hit.end]
            if after.isAllUppercaseWord && abbreviationIDs[after.raw] == nil { return true }
        }
        return false
    }

    static let organisationWords = [
        "group", "society", "foundation", "association", "network", "consortium", "institute", "center",
        "centre", "department", "division", "program", "programme", "alliance", "fund", "trust", "unit",
        "clinic", "service", "section", "laboratory", "lab", "committee", "cooperative", "collaborative",
        "journal", "school", "hospital", "working", "party", "registry", "league", "council", "federation",
        "office", "team",
    ]

    static let connectorWords = ["of", "for", "and", "the", "on", "in", "de"]

    /// A name inside an organisation's or journal's name: "Polish Adult Leukemia Group",
    /// "Department of Leukemia", "Center for Lymphoma and Leukemia Research".
    private func insideOrganisationName(_ hit: Hit, _ tokens: [DiseaseToken], _ segment: Segment) -> Bool {
        guard tokens[hit.start].isCapitalized else { return false }
        // Forwards: capitalised words, then an organisation word.
        var i = hit.end
        var steps = 0
        while i < segment.end && steps < 4 {
            let token = tokens[i]
            if token.breakBefore { break }
            if token.isCapitalized && organisationWords[token.key] != nil { return true }
            if !(token.isCapitalized || connectors[token.key] != nil) { break }
            i += 1
            steps += 1
        }
        // Backwards: "Department of", "Center for … and".
        i = hit.start - 1
        steps = 0
        if tokens[hit.start].breakBefore { return false }
        while i >= segment.start && steps < 5 {
            let token = tokens[i]
            if token.isCapitalized && organisationWords[token.key] != nil { return true }
            if !(token.isCapitalized || connectors[token.key] != nil) { break }
            if token.breakBefore { break }
            i -= 1
            steps += 1
        }
        return false
    }

    // MARK: Roles

    struct Evidence {
        var title = false
        var keywords = false
        var abstractCount = 0
        var firstSentence = false
        /// Index of the first abstract sentence naming it.
        var earliestSentence = Int.max
        var order = Int.max
    }

    /// Per reported name (an index into `reportedNames`) the paper names: its evidence, in order of first naming.
    private func evidence(for paper: Paper, scratch: inout Scratch) -> [(name: Int32, evidence: Evidence)] {
        resolveHits(for: paper, scratch: &scratch)
        let entries = scratch.entries
        var evidence: [(name: Int32, evidence: Evidence)] = []
        for (position, hit) in scratch.resolved.enumerated() {
            for k in hit.entries {
                let name = reported[Int(entries[k])]
                if entries[hit.entries.lowerBound..<k].contains(where: { reported[Int($0)] == name }) { continue }
                let slot = evidence.firstIndex { $0.name == name } ?? {
                    evidence.append((name, Evidence()))
                    return evidence.count - 1
                }()
                var e = evidence[slot].evidence
                e.order = min(e.order, position)
                switch hit.field {
                case .title: e.title = true
                case .keywords, .mesh: e.keywords = true
                case .abstract:
                    e.abstractCount += 1
                    if hit.sentence == 0 { e.firstSentence = true }
                    e.earliestSentence = min(e.earliestSentence, hit.sentence)
                }
                evidence[slot].evidence = e
            }
        }
        return evidence
    }

    @inline(__always) private func isBelow(_ name: Int32, _ ancestor: Int32) -> Bool {
        reportedAncestors[Int(name)][Int(ancestor) / 64] & (1 << UInt64(ancestor % 64)) != 0
    }

    private func roles(_ evidence: [(name: Int32, evidence: Evidence)]) -> [DiseaseTag] {
        guard !evidence.isEmpty else { return [] }
        // By first naming; names met at the same place alphabetically.
        let ordered = evidence.sorted { a, b in
            if a.evidence.order != b.evidence.order { return a.evidence.order < b.evidence.order }
            return reportedNames[Int(a.name)] < reportedNames[Int(b.name)]
        }
        var primary = ordered.filter { $0.evidence.title || $0.evidence.keywords }.map(\.name)
        if primary.isEmpty {
            // Nothing in the title or keywords: the diseases the abstract is about.
            let top = ordered.map(\.evidence.abstractCount).max() ?? 0
            primary = ordered.filter { $0.evidence.abstractCount >= 2 && $0.evidence.abstractCount * 2 >= top }.map(\.name)
            if primary.isEmpty, let first = ordered.first(where: { $0.evidence.firstSentence }) {
                primary.append(first.name)
            }
        } else {
            // A broad title ("Acute Leukemia") made precise by the abstract's opening (AML and ALL);
            // subtypes met only later (an introduction's history of AML) do not narrow it.
            for (name, e) in ordered where !primary.contains(name) && e.abstractCount >= 2 && e.earliestSentence <= 2 {
                if primary.contains(where: { isBelow(name, $0) }) { primary.append(name) }
            }
        }
        // The generic disease only when no subtype applies.
        let implied = primary.filter { name in primary.contains { isBelow($0, name) } }
        primary.removeAll { implied.contains($0) }

        var tags = ordered.filter { primary.contains($0.name) }.map { DiseaseTag(name: reportedNames[Int($0.name)], role: .primary) }
        // A broader disease named beside a primary subtype adds nothing ("leukemia cells" in a CML paper).
        let covered = { (name: Int32) in implied.contains(name) || primary.contains { self.isBelow($0, name) } }
        tags += ordered.filter { !primary.contains($0.name) && !covered($0.name) }
            .map { DiseaseTag(name: reportedNames[Int($0.name)], role: .mentioned) }
        return tags
    }
}

/// A trie over token ids: the root's children in an array by id (ids are dense), deeper ones in
/// one open-addressing table keyed by node and id.
struct TokenTrie: Sendable {
    private var rootChildren: [Int32] = []
    private var children = HashTable()
    private var nodeValues: [[Int32]] = [[]]
    /// Per node: some path ends there (it has values).
    private var terminal: [Bool] = [false]
    /// After `seal`: every node's values that are not negative, one after another, and per node the
    /// start of its own (one more than the nodes, for the end of the last).
    private var sealedValues: [Int32] = []
    private var valueStarts: [Int32] = []

    /// Lays the values out for `valueRange` and `value`, with negative values left out; call once all
    /// paths are in.
    mutating func seal() {
        sealedValues = []
        valueStarts = []
        for values in nodeValues {
            valueStarts.append(Int32(sealedValues.count))
            sealedValues += values.filter { $0 >= 0 }
        }
        valueStarts.append(Int32(sealedValues.count))
    }

    /// Adds a path; returns its last node (nil for an empty path).
    @discardableResult
    mutating func insert(_ ids: [Int32], value: Int32) -> Int32? {
        guard !ids.isEmpty else { return nil }
        var node: Int32 = 0
        for id in ids {
            if let next = child(node, id) {
                node = next
                continue
            }
            nodeValues.append([])
            terminal.append(false)
            let next = Int32(nodeValues.count - 1)
            if node == 0 {
                if rootChildren.count <= Int(id) { rootChildren += Array(repeating: -1, count: Int(id) + 1 - rootChildren.count) }
                rootChildren[Int(id)] = next
            } else {
                children.set(TokenTrie.edge(node, id), next)
            }
            node = next
        }
        if !nodeValues[Int(node)].contains(value) { nodeValues[Int(node)].append(value) }
        terminal[Int(node)] = true
        return node
    }

    @inline(__always) private static func edge(_ node: Int32, _ id: Int32) -> UInt64 {
        UInt64(UInt32(node)) << 32 | UInt64(UInt32(id))
    }

    @inline(__always) private func child(_ node: Int32, _ id: Int32) -> Int32? {
        if node == 0 {
            guard Int(id) < rootChildren.count else { return nil }
            let next = rootChildren[Int(id)]
            return next < 0 ? nil : next
        }
        return children[TokenTrie.edge(node, id)]
    }

    func values(_ node: Int32) -> [Int32] { nodeValues[Int(node)] }

    /// Where a node's values that are not negative are, for `value(_:)`; after `seal`.
    @inline(__always) func valueRange(_ node: Int32) -> Range<Int> {
        Int(valueStarts[Int(node)])..<Int(valueStarts[Int(node) + 1])
    }

    @inline(__always) func value(_ position: Int) -> Int32 { sealedValues[position] }

    /// The longest path of the tokens' ids from `start` (before `end`) that ends on a value: its length
    /// and last node. A token after the first with a break before it may not continue a match.
    func longestMatch(_ tokens: [DiseaseToken], abbreviations: Bool, from start: Int, end: Int) -> (length: Int, node: Int32) {
        var node: Int32 = 0
        var best: (Int, Int32) = (0, 0)
        var i = start
        while i < end {
            let id = abbreviations ? tokens[i].abbreviation : tokens[i].name
            if id < 0 || (i > start && tokens[i].breakBefore) { break }
            guard let next = child(node, id) else { break }
            node = next
            i += 1
            if terminal[Int(node)] { best = (i - start, node) }
        }
        return best
    }
}
