import Foundation

/// The fields one source of evidence on a page gives (meta tags, an embedded record, the text).
/// Sources are merged strongest first: a field already set is kept.
struct PageRecord: Sendable {
    var title: String?
    var authors: [String] = []
    var authorsTruncated = false
    var journal: String?
    var year: Int?
    var date: String?
    var volume: String?
    var issue: String?
    var pages: String?
    var doi: String?
    var pmid: String?
    var pmcid: String?
    var abstract: String?
    var keywords: [String] = []
    var publicationTypes: [String] = []

    /// Fills every field still missing from `other`.
    mutating func fill(from other: PageRecord) {
        title = title ?? other.title
        if authors.isEmpty {
            authors = other.authors
            authorsTruncated = other.authorsTruncated
        }
        journal = journal ?? other.journal
        if year == nil {
            year = other.year
            date = date ?? other.date
        }
        volume = volume ?? other.volume
        issue = issue ?? other.issue
        pages = pages ?? other.pages
        doi = doi ?? other.doi
        pmid = pmid ?? other.pmid
        pmcid = pmcid ?? other.pmcid
        abstract = abstract ?? other.abstract
        if keywords.isEmpty { keywords = other.keywords }
        if publicationTypes.isEmpty { publicationTypes = other.publicationTypes }
    }

    func paper(path: String, format: DocumentFormat) -> Paper? {
        let title = (title ?? "").withoutTrailingPeriod
        // Paragraphs (and the labels of a structured abstract) stay on lines of their own.
        let abstract = abstract.map { text in
            text.split(separator: "\n").map { TextNormalizer.collapseWhitespace(String($0)) }.filter { !$0.isEmpty }.joined(separator: "\n")
        }.flatMap { $0.isEmpty ? nil : $0 }
        guard !title.isEmpty || abstract != nil else { return nil }
        return Paper(
            title: title, authors: authors, authorsTruncated: authorsTruncated,
            journal: journal.map { $0.trimmed }.flatMap { $0.isEmpty ? nil : $0 },
            year: year, date: date, volume: volume, issue: issue, pages: pages,
            doi: doi, pmid: pmid, pmcid: pmcid, abstract: abstract,
            keywords: keywords, publicationTypes: publicationTypes,
            source: PaperSource(path: path, format: format))
    }
}
