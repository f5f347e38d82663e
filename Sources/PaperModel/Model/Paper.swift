import Foundation

/// One paper as Lectern knows it, whatever file it came from.
/// A field the document does not show stays nil or empty; nothing is guessed.
public struct Paper: Codable, Hashable, Sendable {
    public var title: String
    public var authors: [String]
    /// The page listed only some authors and said "et al.".
    public var authorsTruncated: Bool
    public var journal: String?
    public var year: Int?
    /// ISO 8601 date (yyyy-mm-dd, yyyy-mm or yyyy) when the document gives one.
    public var date: String?
    public var volume: String?
    public var issue: String?
    public var pages: String?
    public var doi: String?
    public var pmid: String?
    public var pmcid: String?
    /// Plain text, no markup.
    public var abstract: String?
    public var keywords: [String]
    public var publicationTypes: [String]
    /// MeSH headings or other indexing terms, kept apart from the author keywords.
    public var meshTerms: [String]
    public var diseases: [DiseaseTag]
    public var source: PaperSource

    public init(
        title: String = "",
        authors: [String] = [],
        authorsTruncated: Bool = false,
        journal: String? = nil,
        year: Int? = nil,
        date: String? = nil,
        volume: String? = nil,
        issue: String? = nil,
        pages: String? = nil,
        doi: String? = nil,
        pmid: String? = nil,
        pmcid: String? = nil,
        abstract: String? = nil,
        keywords: [String] = [],
        publicationTypes: [String] = [],
        meshTerms: [String] = [],
        diseases: [DiseaseTag] = [],
        source: PaperSource
    ) {
        self.title = title
        self.authors = authors
        self.authorsTruncated = authorsTruncated
        self.journal = journal
        self.year = year
        self.date = date
        self.volume = volume
        self.issue = issue
        self.pages = pages
        self.doi = doi
        self.pmid = pmid
        self.pmcid = pmcid
        self.abstract = abstract
        self.keywords = keywords
        self.publicationTypes = publicationTypes
        self.meshTerms = meshTerms
        self.diseases = diseases
        self.source = source
    }

    /// Stable identity: `doi:<lowercased doi>`, else `pmid:<n>`, else `title:<hash of the normalised title>`.
    public var id: PaperID { PaperID(doi: doi, pmid: pmid, title: title) }

    public var primaryDiseases: [String] { diseases.filter { $0.role == .primary }.map(\.name) }
    public var mentionedDiseases: [String] { diseases.filter { $0.role == .mentioned }.map(\.name) }
}

/// Where a paper was read from.
public struct PaperSource: Codable, Hashable, Sendable {
    public var path: String
    public var format: DocumentFormat
    /// 1-based line of the record in its file, for files holding many records.
    public var line: Int?

    public init(path: String, format: DocumentFormat, line: Int? = nil) {
        self.path = path
        self.format = format
        self.line = line
    }
}

/// A disease a paper is about (`primary`) or names in passing (`mentioned`).
public struct DiseaseTag: Codable, Hashable, Sendable {
    public enum Role: String, Codable, Sendable { case primary, mentioned }
    /// Canonical name in natural reading order, e.g. "Acute Myeloid Leukemia".
    public var name: String
    public var role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }
}

/// The kinds of document Lectern reads.
public enum DocumentFormat: String, Codable, Hashable, Sendable, CaseIterable {
    /// A saved article page as plain text (PubMed abstract page, publisher page, reader app…).
    case page
    /// A saved article page as HTML.
    case html
    case medline
    case pubmedXML = "pubmed-xml"
    case jats
    case ris
    case bibtex
    case cslJSON = "csl-json"
}
