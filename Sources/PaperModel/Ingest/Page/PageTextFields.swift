import Foundation

/// Reads the fields of a paper from the visible text of its page.
enum PageTextFields {
    static func record(_ allLines: [String]) -> PageRecord {
        // Everything after "References", "Similar articles", "Cited by"… belongs to other papers.
        // A table of contents ("Abstract / Introduction / … / References") comes before any prose and is no end.
        let firstProse = allLines.firstIndex { PageSections.effectiveWords($0) >= 15 && PageSections.isProse($0, minimum: 15) } ?? 0
        let end = allLines[firstProse...].firstIndex(where: PageBoilerplate.isEndOfPaper) ?? allLines.count
        let lines = Array(allLines[..<end])
        var record = PageRecord()

        // Abstract under a heading, then the title before it, then an abstract found by its shape.
        var abstract = PageSections.abstractUnderHeading(lines)
        let titleLimit = abstract?.start ?? lines.count
        // A page that opens with a reference-style citation of its paper: authors, title, journal, date.
        var reference: (index: Int, citation: CitationLine)?
        var title: PageTitle.Found?
        for index in lines.indices.filter({ !lines[$0].isEmpty }).prefix(3) {
            if let parsed = CitationLine.parseReference(lines[index]) {
                reference = (index, parsed.citation)
                title = PageTitle.Found(text: parsed.title, start: index, end: index, trailingAuthors: parsed.authors)
                break
            }
        }
        if title == nil { title = PageTitle.find(lines, before: titleLimit, abstractStart: abstract?.start) }
        if abstract == nil {
            abstract = PageSections.abstractWithoutHeading(lines, from: (title?.end ?? -1) + 1)
        }
        record.title = title?.text
        record.abstract = abstract?.text
        let headEnd = abstract?.start ?? min(lines.count, (title?.end ?? 0) + 40)

        // Authors: under the title, else a PubMed short citation, else a labelled list.
        if let trailing = title?.trailingAuthors {
            record.authors = trailing.names
            record.authorsTruncated = trailing.truncated
        } else {
            let from = (title?.end ?? -1) + 1
            let to = min(headEnd, from + 20)
            var cursor = from
            while cursor < to {
                if let short = CitationLine.parseShort(lines[cursor]) {
                    record.authors = [short.author]
                    record.authorsTruncated = true
                    break
                }
                if PageSections.affiliation.contains(lines[cursor]) && !record.authors.isEmpty { break }
                if let block = PageAuthors.block(lines, at: cursor) {
                    record.authors = block.result.names
                    record.authorsTruncated = block.result.truncated
                    break
                }
                cursor += 1
            }
        }
        if record.authors.isEmpty, let labelled = PageAuthors.labelled(lines, before: lines.count) {
            record.authors = labelled.names
            record.authorsTruncated = labelled.truncated
        }

        // Identifiers, labelled; never a publisher's DOI prefix.
        for line in lines where !PageIdentifiers.isPrefixOnly(line) {
            if record.doi == nil { record.doi = PageIdentifiers.doi(in: line) }
            if record.pmid == nil { record.pmid = PageIdentifiers.pmid(in: line) }
            if record.pmcid == nil { record.pmcid = PageIdentifiers.pmcid(in: line) }
        }

        citationFields(lines, title: title, abstract: abstract, into: &record)
        if let reference {
            record.journal = record.journal ?? reference.citation.journal
            if record.year == nil {
                record.year = reference.citation.year
                record.date = reference.citation.date
            }
        }

        record.keywords = PageSections.keywords(lines, abstract: abstract)
        record.publicationTypes = PageSections.publicationTypes(lines, before: max(headEnd, (title?.end ?? 0) + 1))
        return record
    }

    /// Journal, year, date, volume, issue and pages from citation lines, publisher notes, logos and date lines.
    private static func citationFields(_ lines: [String], title: PageTitle.Found?, abstract: PageSections.Span?, into record: inout PageRecord) {
        let searchEnd = min(lines.count, max(abstract?.end ?? 0, (title?.end ?? 0) + 40))
        var citation: CitationLine?
        var journal: String?
        var shortJournal: String?
        for index in 0..<searchEnd {
            let line = lines[index]
            if let title, index >= title.start && index <= title.end { continue }
            if let short = CitationLine.parseShort(line) {
                shortJournal = shortJournal ?? short.journal
                if citation == nil, let year = short.year { citation = CitationLine(year: year) }
                continue
            }
            if var found = CitationLine.parse(line) {
                // "Volume 98, November 2020, 106455" under the journal's name.
                if found.journal == nil, line.hasPrefix("Volume"), let previous = PageSections.previousNonBlank(lines, before: index),
                   lines[previous].wordCount <= 10, !lines[previous].contains(where: \.isNumber), !PageBoilerplate.isBoilerplate(lines[previous]) {
                    found.journal = lines[previous]
                }
                if citation?.year == nil || citation == CitationLine(year: citation?.year) { citation = merge(found, over: citation) }
                if journal == nil { journal = found.journal }
            }
        }
        record.volume = citation?.volume
        record.issue = citation?.issue
        record.pages = citation?.pages
        record.year = citation?.year
        record.date = citation?.date

        let head = lines.prefix(searchEnd)
        let fullName = head.lazy.compactMap(CitationLine.journalFromPublisherNote).first
        let logo = head.lazy.compactMap(CitationLine.journalFromLogo).first
        let runningHeader = head.lazy.compactMap(CitationLine.journalFromRunningHeader).first
        let nameLine = CitationLine.journalFromMasthead(lines.prefix(min(title?.start ?? 15, abstract?.start ?? searchEnd)))
            ?? lines.prefix(abstract?.start ?? searchEnd).lazy.compactMap(CitationLine.journalFromNameLine).first
        record.journal = fullName ?? journal ?? shortJournal ?? logo ?? runningHeader ?? nameLine

        if record.year == nil {
            let text = head.joined(separator: " ")
            if let match = publishedDate.firstMatch(in: text), let phrase = match["date"] {
                record.year = PageDates.year(in: phrase)
                record.date = PageDates.isoDate(phrase)
            }
        }
    }

    private static func merge(_ found: CitationLine, over existing: CitationLine?) -> CitationLine {
        guard let existing else { return found }
        var merged = found
        merged.journal = found.journal ?? existing.journal
        return merged
    }

    private static let publishedDate = PagePattern(
        #"(?<!un)(?:published(?: online| date| on)?|publication date(?: \(electronic\))?|date of publication|fecha de publicación|online publication date)\s*[:：]?\s*(?<date>(?:\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s*|\d{1,2}/\d{1,2}/)?(?:19|20)\d\d(?:[-/]\d\d(?:[-/]\d\d)?|\s+[A-Za-z]{3,9}\.?(?:\s+\d{1,2})?)?)"#,
        caseInsensitive: true)
}
