import Foundation

/// The papers of a session, each once: records naming the same paper (same DOI, else same PMID,
/// else the same normalised title) are merged into one.
public struct Corpus: Sendable {
    public private(set) var papers: [Paper]
    private var positionByID: [PaperID: Int]
    /// Each paper's id, by position.
    public let ids: [PaperID]
    /// Every folded word of the papers and where it occurs: the query language's word lookups.
    public let index: SearchIndex

    public init(papers: [Paper]) {
        self.init(deduplicated: Corpus.deduplicated(papers))
    }

    /// Papers already merged (as the corpus cache keeps them), with their index when it is known.
    public init(deduplicated papers: [Paper], index: SearchIndex? = nil) {
        self.papers = papers
        let ids = papers.map(\.id)
        var positions: [PaperID: Int] = [:]
        positions.reserveCapacity(papers.count)
        for (position, id) in ids.enumerated() where positions[id] == nil { positions[id] = position }
        positionByID = positions
        self.ids = ids
        self.index = index.flatMap { $0.paperCount == papers.count ? $0 : nil } ?? SearchIndex(papers: papers)
    }

    public var count: Int { papers.count }

    public func paper(withID id: PaperID) -> Paper? {
        positionByID[id].map { papers[$0] }
    }

    public func position(of id: PaperID) -> Int? { positionByID[id] }

    /// Merges records of the same paper, keeping the order in which papers first appear.
    static func deduplicated(_ records: [Paper]) -> [Paper] {
        var merged: [Paper] = []
        var byDOI: [String: Int] = [:]
        var byPMID: [String: Int] = [:]
        var byTitle: [String: Int] = [:]
        for record in records {
            let doi = record.doi.flatMap(PaperID.normalisedDOI)
            let titleKey = TextNormalizer.titleKey(record.title)
            var match: Int?
            if let doi { match = byDOI[doi] }
            if match == nil, let pmid = record.pmid { match = byPMID[pmid] }
            if match == nil, !titleKey.isEmpty, let candidate = byTitle[titleKey], !conflict(merged[candidate], record) {
                match = candidate
            }
            let position: Int
            if let match {
                merged[match] = merge(merged[match], with: record)
                position = match
            } else {
                merged.append(record)
                position = merged.count - 1
            }
            let paper = merged[position]
            if let doi = paper.doi.flatMap(PaperID.normalisedDOI) { byDOI[doi] = byDOI[doi] ?? position }
            if let pmid = paper.pmid { byPMID[pmid] = byPMID[pmid] ?? position }
            if !titleKey.isEmpty { byTitle[titleKey] = byTitle[titleKey] ?? position }
        }
        return merged
    }

    /// Two records with the same title but different DOIs or PMIDs are different papers (errata, replies).
    static func conflict(_ a: Paper, _ b: Paper) -> Bool {
        if let x = a.doi.flatMap(PaperID.normalisedDOI), let y = b.doi.flatMap(PaperID.normalisedDOI), x != y { return true }
        if let x = a.pmid, let y = b.pmid, x != y { return true }
        return false
    }

    /// Fills what the first record lacks from the second; lists take the fuller record's values.
    public static func merge(_ first: Paper, with second: Paper) -> Paper {
        var paper = first
        if paper.title.isEmpty { paper.title = second.title }
        let firstAuthorsComplete = !first.authors.isEmpty && !first.authorsTruncated
        if !firstAuthorsComplete && (second.authors.count > first.authors.count || (!second.authors.isEmpty && !second.authorsTruncated)) {
            paper.authors = second.authors
            paper.authorsTruncated = second.authorsTruncated
        }
        paper.journal = paper.journal ?? second.journal
        paper.year = paper.year ?? second.year
        paper.date = paper.date ?? second.date
        paper.volume = paper.volume ?? second.volume
        paper.issue = paper.issue ?? second.issue
        paper.pages = paper.pages ?? second.pages
        paper.doi = paper.doi ?? second.doi
        paper.pmid = paper.pmid ?? second.pmid
        paper.pmcid = paper.pmcid ?? second.pmcid
        if (second.abstract?.count ?? 0) > (paper.abstract?.count ?? 0) { paper.abstract = second.abstract }
        paper.keywords = union(paper.keywords, second.keywords)
        paper.publicationTypes = union(paper.publicationTypes, second.publicationTypes)
        paper.meshTerms = union(paper.meshTerms, second.meshTerms)
        for tag in second.diseases where !paper.diseases.contains(where: { $0.name == tag.name }) {
            paper.diseases.append(tag)
        }
        return paper
    }

    /// Items of both lists, once each (compared folded), in first-seen order.
    static func union(_ a: [String], _ b: [String]) -> [String] {
        var seen = Set(a.map(TextNormalizer.fold))
        var result = a
        for item in b where seen.insert(TextNormalizer.fold(item)).inserted { result.append(item) }
        return result
    }
}
