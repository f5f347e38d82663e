import Foundation

/// PubMed's MEDLINE display format (.nbib): four-character tags, "- ", values wrapped with six-space
/// continuation lines, a blank line between records.
enum MedlineExporter {
    static let width = 88

    static func export(_ papers: [Paper]) -> String {
        papers.map(record).joined(separator: "\n")
    }

    static func record(_ paper: Paper) -> String {
        var lines: [String] = []
        func add(_ tag: String, _ value: String?) {
            guard let value else { return }
            let text = Exporter.oneLine(value)
            guard !text.isEmpty else { return }
            let padded = tag.padding(toLength: 4, withPad: " ", startingAt: 0) + "- "
            lines += wrap(text, first: padded)
        }
        add("PMID", paper.pmid)
        if let volume = paper.volume { add("VI", volume) }
        add("IP", paper.issue)
        add("DP", publicationDate(paper))
        add("TI", titleWithPeriod(paper.title))
        add("PG", paper.pages)
        add("LID", paper.doi.map { "\($0) [doi]" })
        add("AB", paper.abstract)
        for author in paper.authors {
            let parts = ReferenceFields.nameParts(author)
            if parts.given == nil {
                add("CN", author)
            } else {
                add("FAU", ReferenceFields.invertedName(author))
                add("AU", ReferenceFields.initialsName(author))
            }
        }
        for type in paper.publicationTypes { add("PT", type) }
        add("JT", paper.journal)
        for term in paper.meshTerms { add("MH", term) }
        for keyword in paper.keywords { add("OT", keyword) }
        add("PMC", paper.pmcid)
        add("AID", paper.doi.map { "\($0) [doi]" })
        return lines.joined(separator: "\n") + "\n"
    }

    /// "2014 Jun 28", "2009 Mar" or "1997".
    static func publicationDate(_ paper: Paper) -> String? {
        let parts = ReferenceFields.dateParts(paper.date)
        guard let year = parts.first ?? paper.year else { return nil }
        var text = String(year)
        if parts.count > 1, (1...12).contains(parts[1]) {
            text += " " + ReferenceFields.monthNames[parts[1] - 1].capitalized
            if parts.count > 2 { text += " " + String(parts[2]) }
        }
        return text
    }

    /// MEDLINE titles end with a period unless they end with other punctuation.
    static func titleWithPeriod(_ title: String) -> String {
        guard let last = title.last else { return title }
        return ".?!".contains(last) ? title : title + "."
    }

    /// Lines of at most `width` characters: the first after the tag, the rest indented by six spaces.
    static func wrap(_ text: String, first prefix: String) -> [String] {
        var lines: [String] = []
        var current = prefix
        var empty = true
        for word in text.split(separator: " ") {
            if !empty && current.count + 1 + word.count > width {
                lines.append(current)
                current = "      " + word
            } else {
                current += (empty ? "" : " ") + word
            }
            empty = false
        }
        lines.append(current)
        return lines
    }
}
