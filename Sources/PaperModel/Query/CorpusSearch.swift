import Foundation

/// Queries and facet counts over a whole corpus, fast enough to run on every keystroke at
/// 100,000 papers: words are looked up in the corpus's `SearchIndex`, diseases and years in
/// tables built once, and only the terms no table answers (phrases, saved state, `has:`) are
/// checked paper by paper — on the papers still in play. The answers are exactly those of
/// `Query.matches` and `Facets.compute`.
public final class CorpusSearch: @unchecked Sendable {
    public let corpus: Corpus
    public let vocabulary: DiseaseVocabulary
    /// Papers primarily about each canonical disease name.
    let primaryByName: [String: PositionSet]
    /// Facet tables, built on first use (listing does not need them).
    private var tables: FacetTables?
    /// Indexes of single fields for author:, kw: and journal:, built on first use.
    private var fieldIndexes: [Field: SearchIndex] = [:]
    /// The last facet counts, for the same papers and marks asked again (a backspace, a redraw).
    private var lastFacets: (positions: PositionSet, marks: Marks, facets: Facets)?
    /// The counts of every paper, for the marks they were counted with.
    private var wholeCorpusFacets: (marks: Marks, facets: Facets)?
    private let lock = NSLock()

    public init(corpus: Corpus, vocabulary: DiseaseVocabulary = .bundled) {
        self.corpus = corpus
        self.vocabulary = vocabulary
        var byName: [String: PositionSet] = [:]
        // Each paper's tags read in place: the papers are not copied one by one.
        corpus.papers.withUnsafeBufferPointer { papers in
            for position in papers.indices {
                (papers.baseAddress! + position).pointee.diseases.withUnsafeBufferPointer { tags in
                    for tag in tags where tag.role == .primary {
                        if byName[tag.name] == nil { byName[tag.name] = PositionSet(capacity: corpus.count) }
                        byName[tag.name]!.insert(position)
                    }
                }
            }
        }
        primaryByName = byName
    }

    public var all: PositionSet { PositionSet.all(corpus.count) }

    // MARK: Queries

    /// The papers matching the query. With `within`, only those papers are considered: a longer
    /// query typed after a shorter one narrows the shorter one's result.
    public func positions(matching query: Query, state: any ReadingState, within: PositionSet? = nil) -> PositionSet {
        var result = within ?? all
        var perPaper: [Query.Term] = []
        for term in query.terms {
            if let set = lookup(term.condition) {
                if term.negated { result.subtract(set) } else { result.formIntersection(set) }
            } else {
                // Narrow by the words the term needs before checking papers one by one.
                if !term.negated, let needed = candidates(term.condition) { result.formIntersection(needed) }
                perPaper.append(term)
            }
        }
        guard !perPaper.isEmpty else { return result }
        var kept = PositionSet(capacity: corpus.count)
        for position in result.positions {
            let paper = corpus.papers[position]
            let text = PaperText(paper)
            if perPaper.allSatisfy({ query.holds($0.condition, paper, text, state) != $0.negated }) {
                kept.insert(position)
            }
        }
        return kept
    }

    /// The matching papers, in corpus order.
    public func papers(matching query: Query, state: any ReadingState) -> [Paper] {
        if query.isEmpty { return corpus.papers }
        return positions(matching: query, state: state).positions.map { corpus.papers[$0] }
    }

    /// The exact set for a condition a table answers, else nil.
    func lookup(_ condition: Query.Condition) -> PositionSet? {
        switch condition {
        case .word(let word):
            return corpus.index.papers(withFoldedWord: word, prefix: true)
        case .disease(let criterion) where criterion.narrowed.isEmpty:
            var set = PositionSet(capacity: corpus.count)
            for name in criterion.names { if let papers = primaryByName[name] { set.formUnion(papers) } }
            return set
        case .author(let words) where words.count == 1:
            return fieldIndex(.author).papers(withFoldedWord: words[0], prefix: true)
        case .journal(let words) where words.count == 1:
            return fieldIndex(.journal).papers(withFoldedWord: words[0], prefix: true)
        case .keyword(let words) where words.count == 1:
            return fieldIndex(.keyword).papers(withFoldedWord: words[0], prefix: true)
        case .year(let range):
            var set = PositionSet(capacity: corpus.count)
            for (position, paper) in corpus.papers.enumerated() where paper.year.map(range.contains) ?? false {
                set.insert(position)
            }
            return set
        default:
            return nil
        }
    }

    /// The fields with an index of their own, for author:, journal: and kw:.
    public enum Field: String, CaseIterable, Sendable { case author, journal, keyword }

    /// The index of one field, built the first time it is needed. The lock is not held while it is
    /// built, so a keystroke on another thread is not kept waiting by `prepareFieldIndexes`.
    func fieldIndex(_ field: Field) -> SearchIndex {
        if let index = builtFieldIndex(field) { return index }
        let index: SearchIndex
        switch field {
        case .author: index = SearchIndex(papers: corpus.papers) { paper, body in SearchIndex.withBytes(paper.pointee.authors, body) }
        case .journal: index = SearchIndex(papers: corpus.papers) { paper, body in SearchIndex.withBytes(paper.pointee.journal, body) }
        case .keyword:
            index = SearchIndex(papers: corpus.papers) { paper, body in
                SearchIndex.withBytes(paper.pointee.keywords, body)
                SearchIndex.withBytes(paper.pointee.meshTerms, body)
            }
        }
        lock.lock()
        defer { lock.unlock() }
        if let built = fieldIndexes[field] { return built }
        fieldIndexes[field] = index
        return index
    }

    /// The field's index when it has been built.
    public func builtFieldIndex(_ field: Field) -> SearchIndex? {
        lock.lock()
        defer { lock.unlock() }
        return fieldIndexes[field]
    }

    /// Builds every field's index now, so the first author:, journal: or kw: query does not wait
    /// for one (a few hundred milliseconds each at 100,000 papers).
    public func prepareFieldIndexes() {
        for field in Field.allCases { _ = fieldIndex(field) }
    }

    /// A set every match lies in, for a condition checked paper by paper; nil when there is none.
    func candidates(_ condition: Query.Condition) -> PositionSet? {
        switch condition {
        case .keyword(let words), .author(let words), .journal(let words):
            // Each word is a prefix of a word of that field.
            let field: Field
            switch condition {
            case .author: field = .author
            case .journal: field = .journal
            default: field = .keyword
            }
            let index = fieldIndex(field)
            var set: PositionSet?
            for word in words {
                let papers = index.papers(withFoldedWord: word, prefix: true)
                if set == nil { set = papers } else { set!.formIntersection(papers) }
            }
            return set
        case .phrase(let words):
            // Each word is a prefix of some indexed word of the paper.
            var set: PositionSet?
            for word in words {
                let papers = corpus.index.papers(withFoldedWord: word, prefix: true)
                if set == nil { set = papers } else { set!.formIntersection(papers) }
            }
            return set
        case .disease(let criterion):
            var set = PositionSet(capacity: corpus.count)
            for name in criterion.names.union(criterion.narrowed.map(\.tag)) {
                if let papers = primaryByName[name] { set.formUnion(papers) }
            }
            return set
        default:
            return nil
        }
    }

    // MARK: Facets

    /// Which papers are saved and which read, by position: taken once from a reading state so that
    /// counting them for each keystroke costs bit operations, not id lookups.
    public struct Marks: Sendable, Hashable {
        public var saved: PositionSet
        public var read: PositionSet
    }

    public func marks(_ state: any ReadingState) -> Marks {
        var saved = PositionSet(capacity: corpus.count)
        var read = PositionSet(capacity: corpus.count)
        // The few papers the state knows are looked up by id; asking of each of a million papers
        // takes a tenth of a second.
        if let known = state.knownIDs, known.count < corpus.count / 4 {
            for id in known {
                guard let position = corpus.position(of: id) else { continue }
                if state.isSaved(id) { saved.insert(position) }
                if state.isRead(id) { read.insert(position) }
            }
            return Marks(saved: saved, read: read)
        }
        for (position, id) in corpus.ids.enumerated() {
            if state.isSaved(id) { saved.insert(position) }
            if state.isRead(id) { read.insert(position) }
        }
        return Marks(saved: saved, read: read)
    }

    /// Facet counts over the papers at these positions: the same as `Facets.compute` over them.
    public func facets(for positions: PositionSet, state: any ReadingState) -> Facets {
        facets(for: positions, marks: marks(state))
    }

    /// As above, with the marks already taken.
    public func facets(for positions: PositionSet, marks: Marks) -> Facets {
        // The whole corpus's counts are kept apart: clearing the filter asks for them again and again.
        let whole = positions.count == corpus.count
        lock.lock()
        if let last = lastFacets, last.positions == positions, last.marks == marks {
            lock.unlock()
            return last.facets
        }
        if whole, let known = wholeCorpusFacets, known.marks == marks {
            lock.unlock()
            return known.facets
        }
        lock.unlock()
        let facets = countFacets(positions, marks: marks)
        lock.lock()
        lastFacets = (positions, marks, facets)
        if whole { wholeCorpusFacets = (marks, facets) }
        lock.unlock()
        return facets
    }

    /// Counts without looking at the last answer (what a new result costs). A large set is counted
    /// in two halves on both cores and the halves joined, which gives the same counts and order.
    public func countFacets(_ positions: PositionSet, marks: Marks) -> Facets {
        countFacets(positions, marks: marks, splitFrom: CorpusSearch.parallelFacetWords)
    }

    /// As above, splitting sets of at least `splitFrom` bitset words (tests split small ones).
    func countFacets(_ positions: PositionSet, marks: Marks, splitFrom: Int) -> Facets {
        let tables = facetTables()
        let wordCount = positions.words.count
        let halves = wordCount >= max(2, splitFrom) ? 2 : 1
        let parts = Slots<FacetTally>(count: halves)
        let split = wordCount / halves
        if halves == 1 {
            parts.set(0, FacetTally(tables, positions, words: 0..<wordCount))
        } else {
            DispatchQueue.concurrentPerform(iterations: halves) { half in
                let words = half == 0 ? 0..<split : split..<wordCount
                parts.set(half, FacetTally(tables, positions, words: words))
            }
        }
        var tally = parts.take(0)
        if halves == 2 { tally.append(parts.take(1)) }

        var facets = Facets()
        var byYear = tally.otherYears
        for (slot, count) in tally.yearCount.enumerated() where count > 0 { byYear[tables.yearBase + slot] = count }
        func ranked(_ order: [Int], _ count: [Int32], _ first: [Int32], _ spellings: [String]) -> [FacetCount] {
            let rank = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            return order.sorted { a, b in
                count[a] != count[b] ? count[a] > count[b] : rank[a]! < rank[b]!
            }.map { FacetCount(value: spellings[Int(first[$0])], count: Int(count[$0])) }
        }
        facets.keywords = ranked(tally.keywordOrder, tally.keywordCount, tally.keywordFirst, tables.keywordSpellings)
        facets.journals = ranked(tally.journalOrder, tally.journalCount, tally.journalFirst, tables.journalSpellings)
        facets.years = byYear.sorted { $0.key < $1.key }.map { FacetCount(value: String($0.key), count: $0.value) }
        facets.diseases = tables.tree(counts: tally.nodeCount, vocabulary: vocabulary)
        var saved = marks.saved
        saved.formIntersection(positions)
        var read = marks.read
        read.formIntersection(positions)
        facets.saved = saved.count
        facets.unread = tally.papers - read.count
        return facets
    }

    /// Sets spanning at least this many bitset words (64 papers each) are counted on both cores.
    static let parallelFacetWords = 512

    /// Builds the facet tables now (else the first `facets` call does).
    public func prepareFacets() { _ = facetTables() }

    /// The facet tables, built on first use; like the field indexes, without holding the lock.
    func facetTables() -> FacetTables {
        lock.lock()
        if let tables {
            lock.unlock()
            return tables
        }
        lock.unlock()
        let built = FacetTables(corpus: corpus, vocabulary: vocabulary)
        lock.lock()
        defer { lock.unlock() }
        if let tables { return tables }
        tables = built
        return built
    }
}

/// Facet counts over the papers of a run of a set's bitset words, with the order in which each
/// keyword and journal was first met (the ranking's tie-break) and the spelling met first.
struct FacetTally {
    var keywordCount: [Int32]
    var keywordFirst: [Int32]
    var keywordOrder: [Int] = []
    var journalCount: [Int32]
    var journalFirst: [Int32]
    var journalOrder: [Int] = []
    var nodeCount: [Int]
    var yearCount: [Int]
    var otherYears: [Int: Int] = [:]
    var papers = 0

    init(_ tables: FacetTables, _ positions: PositionSet, words: Range<Int>) {
        keywordCount = [Int32](repeating: 0, count: tables.keywordShown.count)
        keywordFirst = [Int32](repeating: -1, count: tables.keywordShown.count)
        journalCount = [Int32](repeating: 0, count: tables.journalShown.count)
        journalFirst = [Int32](repeating: -1, count: tables.journalShown.count)
        nodeCount = [Int](repeating: 0, count: tables.nodes.count)
        yearCount = [Int](repeating: 0, count: tables.yearSpan)
        for w in words {
            var bits = positions.words[w]
            while bits != 0 {
                add(w << 6 | bits.trailingZeroBitCount, tables)
                bits &= bits - 1
            }
        }
    }

    private mutating func add(_ position: Int, _ tables: FacetTables) {
        papers += 1
        for k in Int(tables.keywordStart[position])..<Int(tables.keywordStart[position + 1]) {
            let key = Int(tables.keywordKey[k])
            if keywordFirst[key] < 0 {
                keywordFirst[key] = tables.keywordSpelling[k]
                keywordOrder.append(key)
            }
            keywordCount[key] += 1
        }
        let journal = Int(tables.journalKey[position])
        if journal >= 0 {
            if journalFirst[journal] < 0 {
                journalFirst[journal] = tables.journalSpelling[position]
                journalOrder.append(journal)
            }
            journalCount[journal] += 1
        }
        for k in Int(tables.nodeStart[position])..<Int(tables.nodeStart[position + 1]) {
            nodeCount[Int(tables.nodeIDs[k])] += 1
        }
        let year = tables.years[position]
        if year != Int32.min {
            let slot = Int(year) - tables.yearBase
            if slot >= 0 && slot < tables.yearSpan { yearCount[slot] += 1 } else { otherYears[Int(year), default: 0] += 1 }
        }
    }

    /// Adds the tally of papers that all come after this one's.
    mutating func append(_ later: FacetTally) {
        for key in later.keywordOrder where keywordFirst[key] < 0 {
            keywordFirst[key] = later.keywordFirst[key]
            keywordOrder.append(key)
        }
        for key in later.journalOrder where journalFirst[key] < 0 {
            journalFirst[key] = later.journalFirst[key]
            journalOrder.append(key)
        }
        for i in keywordCount.indices { keywordCount[i] += later.keywordCount[i] }
        for i in journalCount.indices { journalCount[i] += later.journalCount[i] }
        for i in nodeCount.indices { nodeCount[i] += later.nodeCount[i] }
        for i in yearCount.indices { yearCount[i] += later.yearCount[i] }
        otherYears.merge(later.otherYears, uniquingKeysWith: +)
        papers += later.papers
    }
}

/// Per-paper facet values as small integers, so counting a set of papers is array increments.
struct FacetTables {
    /// Keyword keys (folded) per paper, each once, with the spelling the paper uses.
    var keywordStart: [Int32] = [0]
    var keywordKey: [Int32] = []
    var keywordSpelling: [Int32] = []
    var keywordShown: [String] = []
    var keywordSpellings: [String] = []
    var journalKey: [Int32] = []
    var journalSpelling: [Int32] = []
    var journalShown: [String] = []
    var journalSpellings: [String] = []
    /// Disease tree nodes per paper (its primary diseases and their shown ancestors), each once.
    var nodeStart: [Int32] = [0]
    var nodeIDs: [Int32] = []
    var nodes: [String] = []
    /// Each paper's year (Int32.min when it has none); counted in an array from `yearBase`.
    var years: [Int32] = []
    var yearBase = 0
    var yearSpan = 0

    init(corpus: Corpus, vocabulary: DiseaseVocabulary) {
        var folded: [String: String] = [:]
        func key(_ value: String) -> String {
            if let known = folded[value] { return known }
            let made = TextNormalizer.titleKey(value)
            folded[value] = made
            return made
        }
        var keywordNames = FacetNames(), journalNames = FacetNames()
        var nodeIDsByName: [String: Int32] = [:]
        var nodesOfTag: [String: [Int32]] = [:]
        func isShown(_ name: String) -> Bool { !(vocabulary.entry(named: name)?.group ?? false) }
        func nodeID(_ name: String) -> Int32 {
            if let id = nodeIDsByName[name] { return id }
            let id = Int32(nodes.count)
            nodes.append(name)
            nodeIDsByName[name] = id
            return id
        }
        years = corpus.papers.map { paper in paper.year.map { Int32(clamping: $0) } ?? Int32.min }
        let known = years.filter { $0 != Int32.min }
        if let low = known.min(), let high = known.max(), Int(high) - Int(low) < 5000 {
            yearBase = Int(low)
            yearSpan = Int(high) - Int(low) + 1
        }
        var seen: [Int32] = []
        var paperNodes: [Int32] = []
        // Each paper read in place through a pointer: the papers are not copied one by one.
        corpus.papers.withUnsafeBufferPointer { papers in
            for n in papers.indices {
                let paper = papers.baseAddress! + n
                seen.removeAll(keepingCapacity: true)
                for raw in paper.pointee.keywords {
                    let ids = keywordNames.ids(of: raw, key: key)
                    guard ids.key >= 0, !seen.contains(ids.key) else { continue }
                    seen.append(ids.key)
                    keywordKey.append(ids.key)
                    keywordSpelling.append(ids.spelling)
                }
                keywordStart.append(Int32(keywordKey.count))
                if let raw = paper.pointee.journal {
                    let ids = journalNames.ids(of: raw, key: key)
                    journalKey.append(ids.key)
                    journalSpelling.append(ids.spelling)
                } else {
                    journalKey.append(-1)
                    journalSpelling.append(-1)
                }
                paperNodes.removeAll(keepingCapacity: true)
                for tag in paper.pointee.diseases where tag.role == .primary {
                    if let known = nodesOfTag[tag.name] {
                        paperNodes += known
                        continue
                    }
                    let node = vocabulary.entry(named: tag.name)?.name ?? tag.name
                    var ids = [nodeID(node)]
                    for ancestor in vocabulary.ancestors(of: node) where isShown(ancestor) { ids.append(nodeID(ancestor)) }
                    nodesOfTag[tag.name] = ids
                    paperNodes += ids
                }
                if paperNodes.count > 1 {
                    paperNodes.sort()
                    var last: Int32 = -1
                    for id in paperNodes where id != last {
                        nodeIDs.append(id)
                        last = id
                    }
                } else {
                    nodeIDs += paperNodes
                }
                nodeStart.append(Int32(nodeIDs.count))
            }
        }
        (keywordShown, keywordSpellings) = (keywordNames.shown, keywordNames.spellings)
        (journalShown, journalSpellings) = (journalNames.shown, journalNames.spellings)
    }

    /// The disease tree from per-node counts, built as `Facets.compute` builds it.
    func tree(counts: [Int], vocabulary: DiseaseVocabulary) -> [DiseaseFacet] {
        var present: [String: Int] = [:]
        for (id, count) in counts.enumerated() where count > 0 { present[nodes[id]] = count }
        return Facets.tree(counts: present, vocabulary: vocabulary)
    }
}

/// The distinct keywords (or journals) of a corpus as small ids: each folded key once, for counting,
/// and each spelling once, for showing.
private struct FacetNames {
    var shown: [String] = []
    var spellings: [String] = []
    private var keyIDs: [String: Int32] = [:]
    private var spellingIDs: [String: Int32] = [:]
    private var idsOfRaw: [String: (key: Int32, spelling: Int32)] = [:]

    /// The (key, spelling) ids of a raw value, collapsed and folded once per distinct value; key -1
    /// when it folds to nothing.
    mutating func ids(of raw: String, key: (String) -> String) -> (key: Int32, spelling: Int32) {
        if let known = idsOfRaw[raw] { return known }
        let value = TextNormalizer.collapseWhitespace(raw)
        let folded = value.isEmpty ? "" : key(value)
        var ids: (key: Int32, spelling: Int32) = (-1, -1)
        if !folded.isEmpty {
            ids.key = Self.id(of: folded, in: &keyIDs, list: &shown)
            ids.spelling = Self.id(of: value, in: &spellingIDs, list: &spellings)
        }
        idsOfRaw[raw] = ids
        return ids
    }

    private static func id(of value: String, in ids: inout [String: Int32], list: inout [String]) -> Int32 {
        if let known = ids[value] { return known }
        let id = Int32(list.count)
        list.append(value)
        ids[value] = id
        return id
    }
}

extension Query {
    /// True when every paper this query matches also matches `earlier`, as when a word is typed
    /// further or a term added: the earlier result can then be narrowed instead of searching again.
    /// (Typing on after `-re` or `year:201` widens or changes the result, so those do not narrow.)
    public func narrows(_ earlier: Query) -> Bool {
        guard terms.count >= earlier.terms.count else { return false }
        for (i, old) in earlier.terms.enumerated() {
            let new = terms[i]
            if new == old { continue }
            guard i == earlier.terms.count - 1, !old.negated, !new.negated else { return false }
            switch (old.condition, new.condition) {
            case (.word(let a), .word(let b)):
                if !b.hasPrefix(a) { return false }
            case (.phrase(let a), .phrase(let b)), (.keyword(let a), .keyword(let b)),
                 (.author(let a), .author(let b)), (.journal(let a), .journal(let b)):
                guard a.count == b.count, let lastA = a.last, let lastB = b.last,
                      a.dropLast() == b.dropLast(), lastB.hasPrefix(lastA) else { return false }
            default:
                return false
            }
        }
        return true
    }
}
