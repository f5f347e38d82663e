import Foundation

/// Bibliographic meta tags of an HTML page: Highwire `citation_*`, Dublin Core `DC.*`, PRISM and Open Graph.
enum PageMetaTags {
    static func record(from tags: [(name: String, value: String)]) -> PageRecord {
        func first(_ names: String...) -> String? {
            for name in names {
                if let tag = tags.first(where: { $0.name == name }), !tag.value.isEmpty { return tag.value }
            }
            return nil
        }
        func all(_ names: String...) -> [String] {
            for name in names {
                let values = tags.filter { $0.name == name }.map(\.value).filter { !$0.isEmpty }
                if !values.isEmpty { return values }
            }
            return []
        }
        var record = PageRecord()
        record.title = first("citation_title", "dc.title", "prism.title", "og:title").map(PageHTML.stripTags)
        let authors = all("citation_author", "dc.creator", "author")
        record.authors = AuthorLine.clean(authors.flatMap { value -> [String] in
            value.contains(";") ? value.split(separator: ";").map(String.init) : [value]
        }.map { AuthorLine.invertIfCommaForm($0) })
        record.journal = first("citation_journal_title", "prism.publicationname", "citation_journal_abbrev", "dc.source")
        if let date = first("citation_publication_date", "citation_date", "citation_online_date", "dc.date",
                            "prism.publicationdate", "article:published_time", "dc.date.issued") {
            record.year = PageDates.year(in: date)
            record.date = PageDates.isoDate(date)
        }
        record.volume = first("citation_volume", "prism.volume")
        record.issue = first("citation_issue", "prism.number")
        if let firstPage = first("citation_firstpage", "prism.startingpage") {
            if let last = first("citation_lastpage", "prism.endingpage"), last != firstPage {
                record.pages = "\(firstPage)-\(last)"
            } else {
                record.pages = firstPage
            }
        }
        if let doi = first("citation_doi", "prism.doi", "dc.identifier", "bepress_citation_doi") {
            record.doi = PageIdentifiers.doi(in: doi) ?? PageIdentifiers.bareDOI(doi)
        }
        record.pmid = first("citation_pmid").flatMap { $0.allSatisfy(\.isNumber) ? $0 : nil }
        record.pmcid = first("citation_pmcid")
        record.abstract = first("citation_abstract", "dc.description", "description", "og:description")
            .map(PageHTML.stripTags)
            .flatMap { $0.wordCount >= 20 ? $0 : nil }
        record.keywords = all("citation_keywords", "keywords", "dc.subject")
            .flatMap { PageSections.splitKeywords($0) }
        return record
    }
}
