import Foundation

/// The JSON shape of a paper in `lectern list --json` and `lectern show --json`.
/// Every key is always present; a missing value is `null` or `[]`.
public struct PaperJSON: Encodable {
    public var paper: Paper
    public var saved: Bool
    public var read: Bool

    public init(paper: Paper, saved: Bool = false, read: Bool = false) {
        self.paper = paper
        self.saved = saved
        self.read = read
    }

    enum Key: String, CodingKey {
        case id, title, authors, authorsTruncated, journal, year, volume, issue, pages, doi, pmid, pmcid
        case abstract, keywords, publicationTypes, diseases, diseasesMentioned, saved, read, source
    }

    enum SourceKey: String, CodingKey { case path, format, line }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(paper.id.rawValue, forKey: .id)
        try c.encode(paper.title, forKey: .title)
        try c.encode(paper.authors, forKey: .authors)
        try c.encode(paper.authorsTruncated, forKey: .authorsTruncated)
        try c.encode(paper.journal, forKey: .journal)
        try c.encode(paper.year, forKey: .year)
        try c.encode(paper.volume, forKey: .volume)
        try c.encode(paper.issue, forKey: .issue)
        try c.encode(paper.pages, forKey: .pages)
        try c.encode(paper.doi, forKey: .doi)
        try c.encode(paper.pmid, forKey: .pmid)
        try c.encode(paper.pmcid, forKey: .pmcid)
        try c.encode(paper.abstract, forKey: .abstract)
        try c.encode(paper.keywords, forKey: .keywords)
        try c.encode(paper.publicationTypes, forKey: .publicationTypes)
        try c.encode(paper.primaryDiseases, forKey: .diseases)
        try c.encode(paper.mentionedDiseases, forKey: .diseasesMentioned)
        try c.encode(saved, forKey: .saved)
        try c.encode(read, forKey: .read)
        var source = c.nestedContainer(keyedBy: SourceKey.self, forKey: .source)
        try source.encode(paper.source.path, forKey: .path)
        try source.encode(paper.source.format.rawValue, forKey: .format)
        try source.encode(paper.source.line, forKey: .line)
    }

    /// Pretty, key-sorted, unescaped slashes: readable and diffable.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
