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

    private let keyIDs: HashTable
    private let names: TokenTrie
    private let abbreviationIDs: HashTable
    /// Per abbreviation token id: its spelling.
    private let abbreviationParts: [String]
    private let abbreviations: TokenTrie
    /// Per entry: the entries above it.
    private let ancestorSets: [Set<Int32>]
    /// MeSH heading (lowercased) → entry.
    private let entryByHeading: [String: Int]
    /// Per entry: the canonical name its tags carry.
    private let reported: [String]
    /// Per entry: strong abbreviations (raw spelling) that belong to this entry alone.
    private let strongAbbreviations: [Set<String>]
    /// Per reported name: the reported names of its ancestors.
    private let reportedAncestors: [String: Set<String>]

    public init(vocabulary: DiseaseVocabulary = .bundled) {
        self.vocabulary = vocabulary
        var keyIDs = HashTable()
        var names = TokenTrie()
        var abbreviationIDs = HashTable()
        var abbreviationParts: [String] = []
        var abbreviations = TokenTrie()
        var strongOwners: [String: Int] = [:]
        for entry in vocabulary.entries {
            for abbreviation in entry.abbreviations { strongOwners[abbreviation, default: 0] += 1 }
        }
        var strong: [Set<String>] = []
        for (index, entry) in vocabulary.entries.enumerated() {
            for name in entry.names {
                let ids = DiseaseText.keys(name).map { key in
                    keyIDs[key] ?? { let id = Int32(keyIDs.count); keyIDs.set(key, id); return id }()
                }
                names.insert(ids, value: Int32(index))
            }
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
                abbreviations.insert(ids, value: Int32(index))
            }
            strong.append(Set(entry.abbreviations.filter { strongOwners[$0] == 1 && $0.count >= 3 }))
        }
        for phrase in BundledDiseases.notDiseases {
            let ids = DiseaseText.keys(phrase).map { key in
                keyIDs[key] ?? { let id = Int32(keyIDs.count); keyIDs.set(key, id); return id }()
            }
            names.insert(ids, value: -1)
        }
        self.keyIDs = keyIDs
        self.names = names
        self.abbreviationIDs = abbreviationIDs
        self.abbreviationParts = abbreviationParts
        let indexByName = Dictionary(vocabulary.entries.enumerated().map { ($1.name, Int32($0)) }, uniquingKeysWith: { a, _ in a })
        self.ancestorSets = vocabulary.entries.map { entry in Set(vocabulary.ancestors(of: entry.name).compactMap { indexByName[$0] }) }
        var headings: [String: Int] = [:]
        for (index, entry) in vocabulary.entries.enumerated() {
            if let heading = entry.heading?.lowercased() { headings[heading] = headings[heading] ?? index }
        }
        self.entryByHeading = headings
        self.abbreviations = abbreviations
        self.strongAbbreviations = strong
        let reported = vocabulary.entries.map { vocabulary.reportedName(of: $0.name) }
        self.reported = reported
        var ancestors: [String: Set<String>] = [:]
        for name in Set(reported) {
            ancestors[name] = Set(vocabulary.ancestors(of: name).map { vocabulary.reportedName(of: $0) }).subtracting([name])
        }
        self.reportedAncestors = ancestors
    }

    // MARK: Public

    /// The papers with their `diseases` replaced by fresh tags.
    /// Large sets are tagged on every core.
    public func tagged(_ papers: [Paper]) -> [Paper] {
        var result = papers
        let chunk = 256
        if papers.count < 2 * chunk {
            for i in result.indices { result[i].diseases = tags(for: papers[i]) }
            return result
        }
        let chunks = (papers.count + chunk - 1) / chunk
        let tags = TagBuffer(count: papers.count)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * chunk)..<min(papers.count, (c + 1) * chunk) { tags.set(i, self.tags(for: papers[i])) }
        }
        for i in result.indices { result[i].diseases = tags.value(i) }
        return result
    }

    /// Primary tags first (in order of evidence), then mentioned ones.
    public func tags(for paper: Paper) -> [DiseaseTag] {
        let evidence = self.evidence(for: paper)
        return roles(evidence)
    }

    /// The canonical names of every vocabulary entry the paper's text names (subtypes not rolled up),
    /// after the abbreviation and context rules. Used by queries for subtypes (disease:APL).
    public func entriesNamed(in paper: Paper) -> Set<String> {
        Set(resolvedHits(for: paper).flatMap { $0.entries.map { vocabulary.entries[Int($0)].name } })
    }

    // MARK: Matching

    enum Field: Int { case title, keywords, mesh, abstract }

    struct Hit {
        var field: Field
        var segment: Int
        var start: Int
        var end: Int
        var entries: [Int32]
        var abbreviation: String?
        var sentence: Int
    }

    struct Segment {
        var field: Field
        var tokens: [DiseaseToken]
    }

    private func segments(of paper: Paper) -> [Segment] {
        var result = [Segment(field: .title, tokens: DiseaseText.tokens(paper.title))]
        for keyword in paper.keywords { result.append(Segment(field: .keywords, tokens: DiseaseText.tokens(keyword))) }
        for term in paper.meshTerms {
            // "Leukemia, Myelogenous, Chronic, BCR-ABL Positive/drug therapy*" → the heading alone.
            var heading = Substring(term)
            if let slash = heading.firstIndex(of: "/") { heading = heading[..<slash] }
            while let first = heading.first, first == "*" || first.isWhitespace { heading.removeFirst() }
            while let last = heading.last, last == "*" || last.isWhitespace { heading.removeLast() }
            if let index = entryByHeading[heading.lowercased()] {
                result.append(Segment(field: .mesh, tokens: DiseaseText.tokens(vocabulary.entries[index].name)))
            } else {
                result.append(Segment(field: .mesh, tokens: DiseaseText.tokens(String(heading))))
            }
        }
        if let abstract = paper.abstract { result.append(Segment(field: .abstract, tokens: DiseaseText.tokens(abstract))) }
        return result
    }

    /// Every raw match, in text order.
    private func rawHits(_ segments: [Segment]) -> [Hit] {
        var hits: [Hit] = []
        for (s, segment) in segments.enumerated() {
            let tokens = segment.tokens
            let keys = tokens.map { keyIDs[$0.key] ?? -1 }
            let raws = tokens.map { token -> Int32 in
                if let id = abbreviationIDs[token.raw] { return id }
                return token.rawSingular == 0 ? -1 : abbreviationIDs[token.rawSingular] ?? -1
            }
            var sentence = 0
            var i = 0
            while i < tokens.count {
                if tokens[i].sentenceBefore { sentence += 1 }
                let name = names.longestMatch(keys, from: i) { tokens[$0].breakBefore }
                let abbreviation = abbreviations.longestMatch(raws, from: i) { tokens[$0].breakBefore }
                if name.length == 0 && abbreviation.length == 0 {
                    i += 1
                    continue
                }
                if name.length >= abbreviation.length {
                    let entries = name.values.filter { $0 >= 0 }
                    if !entries.isEmpty {
                        hits.append(Hit(field: segment.field, segment: s, start: i, end: i + name.length, entries: entries, abbreviation: nil, sentence: sentence))
                    }
                    i += name.length
                } else {
                    let text = raws[i..<(i + abbreviation.length)].map { abbreviationParts[Int($0)] }.joined(separator: "-")
                    hits.append(Hit(field: segment.field, segment: s, start: i, end: i + abbreviation.length, entries: abbreviation.values,
                                    abbreviation: text, sentence: sentence))
                    i += abbreviation.length
                }
            }
        }
        return hits
    }


    /// Matches after the paper-level rules, each with the entries it stands for.
    private func resolvedHits(for paper: Paper) -> [Hit] {
        let segments = self.segments(of: paper)
        var hits = rawHits(segments)
        hits.removeAll { hit in hit.abbreviation == nil && insideOrganisationName(hit, segments[hit.segment].tokens) }

        // What the text defines each abbreviation as: an entry, or something else (nil).
        var definitions: [String: Int32?] = [:]
        var namesByEnd: [Int: Hit] = [:], namesByStart: [Int: Hit] = [:]
        for hit in hits where hit.abbreviation == nil {
            namesByEnd[hit.segment << 32 | hit.end] = hit
            namesByStart[hit.segment << 32 | hit.start] = hit
        }
        for hit in hits {
            guard let abbreviation = hit.abbreviation else { continue }
            let tokens = segments[hit.segment].tokens
            var meaning: Int32?? = nil
            if tokens[hit.start].openBefore && tokens[hit.end - 1].closeAfter {
                // "acute myeloid leukemia (AML)"
                if let name = namesByEnd[hit.segment << 32 | hit.start] {
                    meaning = .some(agreeing(name.entries, hit.entries))
                } else if definesSomethingElse(abbreviation, before: hit.start, tokens) {
                    meaning = .some(nil)
                }
            } else if hit.end < tokens.count, tokens[hit.end].openBefore {
                // "AML (acute myeloid leukemia)"
                if let name = namesByStart[hit.segment << 32 | hit.end] {
                    meaning = .some(agreeing(name.entries, hit.entries))
                } else if tokens[hit.end].initial == initialByte(abbreviation), hit.end + 1 < tokens.count,
                          !tokens[hit.end + 1].breakBefore {
                    meaning = .some(nil)
                }
            }
            if let meaning {
                // A definition as a disease wins over another reading elsewhere in the text.
                if let known = definitions[abbreviation], known != nil, meaning == nil { continue }
                definitions[abbreviation] = meaning
            }
        }

        let namedEntries = Set(hits.filter { $0.abbreviation == nil }.flatMap(\.entries))
        let namedReported = Set(namedEntries.map { reported[Int($0)] })
        var resolved: [Hit] = []
        for var hit in hits {
            guard let abbreviation = hit.abbreviation else {
                resolved.append(hit)
                continue
            }
            let tokens = segments[hit.segment].tokens
            if let defined = definitions[abbreviation] {
                guard let entry = defined else { continue }
                hit.entries = [entry]
                resolved.append(hit)
                continue
            }
            // Undefined: the disease named in full elsewhere in the text supports it,
            // else a distinctive abbreviation stands on its own.
            let supported = hit.entries.filter { namedEntries.contains($0) || namedReported.contains(reported[Int($0)]) }
            if !supported.isEmpty {
                hit.entries = supported
            } else {
                let strong = hit.entries.filter { strongAbbreviations[Int($0)].contains(abbreviation) }
                guard strong.count == 1 else { continue }
                hit.entries = strong
            }
            let ambiguous = hit.entries.allSatisfy { !strongAbbreviations[Int($0)].contains(abbreviation) }
            if ambiguous && inUppercaseRun(hit, tokens) { continue }
            resolved.append(hit)
        }
        return resolved
    }

    /// The entries of the abbreviation that agree with the name defining it (same entry, or one
    /// above or below it); nil when the name is a different disease.
    private func agreeing(_ nameEntries: [Int32], _ abbreviationEntries: [Int32]) -> Int32? {
        for a in abbreviationEntries {
            for n in nameEntries {
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
    private func definesSomethingElse(_ abbreviation: String, before start: Int, _ tokens: [DiseaseToken]) -> Bool {
        let initial = initialByte(abbreviation)
        guard start > 0 else { return false }
        let reach = max(2, abbreviation.count + 2)
        var i = start - 1
        var steps = 0
        while i >= 0 && steps < reach {
            if tokens[i].initial == initial { return true }
            if tokens[i].breakBefore && i != start - 1 { break }
            if tokens[i].breakBefore { break }
            i -= 1
            steps += 1
        }
        return false
    }

    /// "ALL RIGHTS RESERVED", "ALL IC-BFM": an ambiguous abbreviation among other capitalised words.
    private func inUppercaseRun(_ hit: Hit, _ tokens: [DiseaseToken]) -> Bool {
        let before = hit.start > 0 && !tokens[hit.start].breakBefore ? tokens[hit.start - 1] : nil
        let after = hit.end < tokens.count && !tokens[hit.end].breakBefore ? tokens[hit.end] : nil
        for neighbour in [before, after].compactMap({ $0 }) where neighbour.isAllUppercaseWord {
            if abbreviationIDs[neighbour.raw] == nil { return true }
        }
        return false
    }

    private func initialByte(_ abbreviation: String) -> UInt8 {
        let first = abbreviation.utf8.first ?? 0
        return first >= 65 && first <= 90 ? first + 32 : first
    }

    static let organisationWords: Set<UInt64> = Set([
        "group", "society", "foundation", "association", "network", "consortium", "institute", "center",
        "centre", "department", "division", "program", "programme", "alliance", "fund", "trust", "unit",
        "clinic", "service", "section", "laboratory", "lab", "committee", "cooperative", "collaborative",
        "journal", "school", "hospital", "working", "party", "registry", "league", "council", "federation",
        "office", "team",
    ].flatMap(DiseaseText.keys))

    static let connectors: Set<UInt64> = Set(["of", "for", "and", "the", "on", "in", "de"].flatMap(DiseaseText.keys))

    /// A name inside an organisation's or journal's name: "Polish Adult Leukemia Group",
    /// "Department of Leukemia", "Center for Lymphoma and Leukemia Research".
    private func insideOrganisationName(_ hit: Hit, _ tokens: [DiseaseToken]) -> Bool {
        guard tokens[hit.start].isCapitalized else { return false }
        // Forwards: capitalised words, then an organisation word.
        var i = hit.end
        var steps = 0
        while i < tokens.count && steps < 4 {
            let token = tokens[i]
            if token.breakBefore { break }
            if token.isCapitalized && DiseaseTagger.organisationWords.contains(token.key) { return true }
            if !(token.isCapitalized || DiseaseTagger.connectors.contains(token.key)) { break }
            i += 1
            steps += 1
        }
        // Backwards: "Department of", "Center for … and".
        i = hit.start - 1
        steps = 0
        if tokens[hit.start].breakBefore { return false }
        while i >= 0 && steps < 5 {
            let token = tokens[i]
            if token.isCapitalized && DiseaseTagger.organisationWords.contains(token.key) { return true }
            if !(token.isCapitalized || DiseaseTagger.connectors.contains(token.key)) { break }
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

    private func evidence(for paper: Paper) -> [String: Evidence] {
        var evidence: [String: Evidence] = [:]
        for (position, hit) in resolvedHits(for: paper).enumerated() {
            for name in Set(hit.entries.map { reported[Int($0)] }) {
                var e = evidence[name] ?? Evidence()
                e.order = min(e.order, position)
                switch hit.field {
                case .title: e.title = true
                case .keywords, .mesh: e.keywords = true
                case .abstract:
                    e.abstractCount += 1
                    if hit.sentence == 0 { e.firstSentence = true }
                    e.earliestSentence = min(e.earliestSentence, hit.sentence)
                }
                evidence[name] = e
            }
        }
        return evidence
    }

    private func isBelow(_ name: String, _ ancestor: String) -> Bool {
        reportedAncestors[name]?.contains(ancestor) ?? false
    }

    private func roles(_ evidence: [String: Evidence]) -> [DiseaseTag] {
        guard !evidence.isEmpty else { return [] }
        var primary = Set(evidence.filter { $0.value.title || $0.value.keywords }.map(\.key))
        let counts = evidence.mapValues(\.abstractCount)
        if primary.isEmpty {
            // Nothing in the title or keywords: the diseases the abstract is about.
            let top = counts.values.max() ?? 0
            for (name, e) in evidence where e.abstractCount >= 2 && e.abstractCount * 2 >= top {
                primary.insert(name)
            }
            if primary.isEmpty, let first = evidence.filter({ $0.value.firstSentence }).min(by: { $0.value.order < $1.value.order }) {
                primary.insert(first.key)
            }
        } else {
            // A broad title ("Acute Leukemia") made precise by the abstract's opening (AML and ALL);
            // subtypes met only later (an introduction's history of AML) do not narrow it.
            for (name, e) in evidence where !primary.contains(name) && e.abstractCount >= 2 && e.earliestSentence <= 2 {
                if primary.contains(where: { isBelow(name, $0) }) { primary.insert(name) }
            }
        }
        // The generic disease only when no subtype applies.
        let implied = primary.filter { name in primary.contains { isBelow($0, name) } }
        primary.subtract(implied)

        let ordered = evidence.sorted { a, b in
            if a.value.order != b.value.order { return a.value.order < b.value.order }
            return a.key < b.key
        }
        var tags = ordered.filter { primary.contains($0.key) }.map { DiseaseTag(name: $0.key, role: .primary) }
        // A broader disease named beside a primary subtype adds nothing ("leukemia cells" in a CML paper).
        let covered = { (name: String) in implied.contains(name) || primary.contains { self.isBelow($0, name) } }
        tags += ordered.filter { !primary.contains($0.key) && !covered($0.key) }.map { DiseaseTag(name: $0.key, role: .mentioned) }
        return tags
    }
}

/// A trie over token ids, each node's children in a small dictionary.
struct TokenTrie: Sendable {
    private var children: [[Int32: Int32]] = [[:]]
    private var values: [[Int32]] = [[]]

    mutating func insert(_ ids: [Int32], value: Int32) {
        guard !ids.isEmpty else { return }
        var node = 0
        for id in ids {
            if let next = children[node][id] {
                node = Int(next)
            } else {
                children.append([:])
                values.append([])
                children[node][id] = Int32(children.count - 1)
                node = children.count - 1
            }
        }
        if !values[node].contains(value) { values[node].append(value) }
    }

    /// The longest path from `start` that ends on a value; `stop(i)` says token i may not continue a match.
    func longestMatch(_ ids: [Int32], from start: Int, stop: (Int) -> Bool) -> (length: Int, values: [Int32]) {
        var node = 0
        var best: (Int, [Int32]) = (0, [])
        var i = start
        while i < ids.count {
            let id = ids[i]
            if id < 0 || (i > start && stop(i)) { break }
            guard let next = children[node][id] else { break }
            node = Int(next)
            i += 1
            if !values[node].isEmpty { best = (i - start, values[node]) }
        }
        return best
    }
}

/// Per-paper results written from several threads, each index by one thread only.
private final class TagBuffer: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<[DiseaseTag]>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: [])
    }
    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    func set(_ index: Int, _ tags: [DiseaseTag]) { slots[index] = tags }
    func value(_ index: Int) -> [DiseaseTag] { slots[index] }
}
