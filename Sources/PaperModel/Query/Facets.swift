import Foundation

/// One node of the disease tree with the number of papers primarily about it or any of its subtypes.
public struct DiseaseFacet: Sendable, Hashable, Codable {
    public var name: String
    /// The short form shown beside the name ("CML"), when it names this disease alone.
    public var abbreviation: String?
    public var count: Int
    /// Narrower diseases with papers, most papers first.
    public var children: [DiseaseFacet]

    public init(name: String, abbreviation: String? = nil, count: Int, children: [DiseaseFacet] = []) {
        self.name = name
        self.abbreviation = abbreviation
        self.count = count
        self.children = children
    }
}

extension DiseaseFacet {
    /// The query term that selects this node: `disease:CML` or `disease:"Hairy Cell Leukemia"`.
    public var queryTerm: String {
        if let abbreviation, !abbreviation.isEmpty, abbreviation.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            return "disease:" + abbreviation
        }
        if name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) { return "disease:" + name }
        return "disease:\"" + name.replacingOccurrences(of: "\"", with: "") + "\""
    }
}

/// A value of a facet and how many papers have it.
public struct FacetCount: Sendable, Hashable, Codable {
    public var value: String
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

/// Counts over a set of papers (usually those matching the current query): by disease as a tree,
/// by keyword, year and journal, and how many are saved and unread.
public struct Facets: Sendable, Hashable, Codable {
    public var diseases: [DiseaseFacet]
    /// Most frequent first; spellings that fold alike are counted together.
    public var keywords: [FacetCount]
    /// In year order, oldest first.
    public var years: [FacetCount]
    /// Most frequent first.
    public var journals: [FacetCount]
    public var saved: Int
    public var unread: Int

    public init(diseases: [DiseaseFacet] = [], keywords: [FacetCount] = [], years: [FacetCount] = [],
                journals: [FacetCount] = [], saved: Int = 0, unread: Int = 0) {
        self.diseases = diseases
        self.keywords = keywords
        self.years = years
        self.journals = journals
        self.saved = saved
        self.unread = unread
    }

    public static func compute(_ papers: [Paper], state: any ReadingState, vocabulary: DiseaseVocabulary = .bundled) -> Facets {
        compute(papers.indices, of: papers, state: state, vocabulary: vocabulary)
    }

    /// The facets of some of the corpus's papers (the positions a query matched), without copying them out.
    public static func compute(_ corpus: Corpus, positions: [Int], state: any ReadingState, vocabulary: DiseaseVocabulary = .bundled) -> Facets {
        compute(positions, of: corpus.papers, state: state, vocabulary: vocabulary)
    }

    static func compute<P: Collection>(_ positions: P, of all: [Paper], state: any ReadingState, vocabulary: DiseaseVocabulary) -> Facets
    where P.Element == Int {
        var facets = Facets()
        let papers = positions.lazy.map { all[$0] }
        facets.diseases = diseaseTree(papers, vocabulary: vocabulary)
        facets.keywords = counts(papers.map(\.keywords))
        facets.journals = counts(papers.map { paper in paper.journal.map { [$0] } ?? [] })
        var byYear: [Int: Int] = [:]
        for paper in papers { if let year = paper.year { byYear[year, default: 0] += 1 } }
        facets.years = byYear.sorted { $0.key < $1.key }.map { FacetCount(value: String($0.key), count: $0.value) }
        for paper in papers {
            let id = paper.id
            if state.isSaved(id) { facets.saved += 1 }
            if !state.isRead(id) { facets.unread += 1 }
        }
        return facets
    }

    /// Counts per folded value, each paper once per value, shown in the first spelling met
    /// (whitespace collapsed). Each distinct spelling is folded once.
    static func counts<S: Sequence>(_ valuesPerPaper: S) -> [FacetCount] where S.Element == [String] {
        var count: [String: Int] = [:]
        var shown: [String: String] = [:]
        var order: [String] = []
        var keyOf: [String: String] = [:]
        for values in valuesPerPaper {
            var seen: Set<String> = []
            for value in values where !value.isEmpty {
                let key: String
                if let known = keyOf[value] { key = known } else {
                    key = TextNormalizer.titleKey(value)
                    keyOf[value] = key
                }
                guard !key.isEmpty, values.count == 1 || seen.insert(key).inserted else { continue }
                if shown[key] == nil { shown[key] = TextNormalizer.collapseWhitespace(value); order.append(key) }
                count[key, default: 0] += 1
            }
        }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return order.sorted { a, b in
            if count[a]! != count[b]! { return count[a]! > count[b]! }
            return position[a]! < position[b]!
        }.map { FacetCount(value: shown[$0]!, count: count[$0]!) }
    }

    /// The tree of primary diseases. A node counts each paper tagged with it or anything below it once.
    /// Grouping nodes of the vocabulary ("Hematologic Neoplasms", "Neoplasms") are left out, so the
    /// tree starts at diseases a reader filters by ("Leukemia", "Lymphoma").
    static func diseaseTree<S: Sequence>(_ papers: S, vocabulary: DiseaseVocabulary) -> [DiseaseFacet] where S.Element == Paper {
        var papersByNode: [String: Int] = [:]
        func isShown(_ name: String) -> Bool { !(vocabulary.entry(named: name)?.group ?? false) }
        // Each tag name's node and shown ancestors, worked out once.
        var linesOf: [String: [String]] = [:]
        var nodes: Set<String> = []
        for paper in papers {
            nodes.removeAll(keepingCapacity: true)
            for tag in paper.diseases where tag.role == .primary {
                if let line = linesOf[tag.name] {
                    nodes.formUnion(line)
                } else {
                    let node = vocabulary.entry(named: tag.name)?.name ?? tag.name
                    let line = [node] + vocabulary.ancestors(of: node).filter(isShown)
                    linesOf[tag.name] = line
                    nodes.formUnion(line)
                }
            }
            for node in nodes { papersByNode[node, default: 0] += 1 }
        }
        return tree(counts: papersByNode, vocabulary: vocabulary)
    }

    /// The tree shape over the diseases that have papers: each under its nearest shown ancestors
    /// (looking through grouping nodes), siblings by count.
    static func tree(counts papersByNode: [String: Int], vocabulary: DiseaseVocabulary) -> [DiseaseFacet] {
        func isShown(_ name: String) -> Bool { !(vocabulary.entry(named: name)?.group ?? false) }
        func shownParents(of name: String) -> [String] {
            var result: [String] = []
            var queue = vocabulary.entry(named: name)?.parents ?? []
            var seen: Set<String> = []
            while !queue.isEmpty {
                let parent = queue.removeFirst()
                guard seen.insert(parent).inserted else { continue }
                if isShown(parent) { result.append(parent) } else { queue += vocabulary.entry(named: parent)?.parents ?? [] }
            }
            return result
        }
        var childrenByParent: [String: [String]] = [:]
        var roots: [String] = []
        for name in papersByNode.keys {
            let parents = shownParents(of: name).filter { papersByNode[$0] != nil }
            if parents.isEmpty { roots.append(name) }
            for parent in parents { childrenByParent[parent, default: []].append(name) }
        }
        func build(_ name: String, depth: Int) -> DiseaseFacet {
            let kids = depth > 12 ? [] : (childrenByParent[name] ?? []).map { build($0, depth: depth + 1) }
            return DiseaseFacet(name: name, abbreviation: vocabulary.displayAbbreviation(of: name),
                                count: papersByNode[name] ?? 0, children: sorted(kids))
        }
        return sorted(roots.map { build($0, depth: 0) })
    }

    static func sorted(_ nodes: [DiseaseFacet]) -> [DiseaseFacet] {
        nodes.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            return a.name < b.name
        }
    }
}
