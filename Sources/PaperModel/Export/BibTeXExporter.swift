import Foundation

/// BibTeX entries as BibTeX, BibLaTeX/Biber and reference managers read them: UTF-8 text with LaTeX's
/// special characters escaped, capitals in acronyms braced, `date` (BibLaTeX) beside `year`.
enum BibTeXExporter {
    static func export(_ papers: [Paper]) -> String {
        let keys = Exporter.citationKeys(papers)
        return zip(papers, keys).map { entry($0, key: $1) }.joined(separator: "\n")
    }

    static func entry(_ paper: Paper, key: String) -> String {
        var fields: [(String, String)] = []
        if !paper.authors.isEmpty {
            var names = paper.authors.map(name)
            if paper.authorsTruncated { names.append("others") }
            fields.append(("author", names.joined(separator: " and ")))
        }
        fields.append(("title", LaTeXText.titleField(paper.title)))
        if let journal = paper.journal { fields.append(("journal", LaTeXText.escape(journal))) }
        if let year = paper.year { fields.append(("year", String(year))) }
        if let date = paper.date, date.count > 4 { fields.append(("date", date)) }
        if let volume = paper.volume { fields.append(("volume", LaTeXText.escape(volume))) }
        if let issue = paper.issue { fields.append(("number", LaTeXText.escape(issue))) }
        if let pages = paper.pages {
            let (first, last) = ReferenceFields.splitPages(pages)
            fields.append(("pages", LaTeXText.escape(first) + (last.map { "--" + LaTeXText.escape($0) } ?? "")))
        }
        if let doi = paper.doi { fields.append(("doi", LaTeXText.escape(doi))) }
        if let pmid = paper.pmid { fields.append(("pmid", pmid)) }
        if let pmcid = paper.pmcid { fields.append(("pmcid", pmcid)) }
        if let abstract = paper.abstract {
            // Paragraphs are separated by a blank line, as in LaTeX.
            let paragraphs = abstract.split(whereSeparator: \.isNewline).map { LaTeXText.escape(ReferenceFields.clean(String($0))) }
            fields.append(("abstract", paragraphs.filter { !$0.isEmpty }.joined(separator: "\n\n")))
        }
        if !paper.keywords.isEmpty { fields.append(("keywords", LaTeXText.escape(ReferenceFields.joinKeywords(paper.keywords)))) }
        let type = paper.journal == nil ? "misc" : "article"
        let body = fields.map { "  \($0.0) = {\($0.1)}," }.joined(separator: "\n")
        return "@\(type){\(key),\n\(body)\n}\n"
    }

    /// A name part escaped, and braced when it holds the word "and", which would split the author list.
    static func protect(_ part: String) -> String {
        let escaped = LaTeXText.escape(part)
        return part.lowercased().split(separator: " ").contains("and") ? "{" + escaped + "}" : escaped
    }

    /// "Family, Given" (with ", Jr." between when there is a suffix); a one-word name or a group braced whole.
    static func name(_ display: String) -> String {
        let parts = ReferenceFields.nameParts(display)
        guard let given = parts.given else { return "{" + LaTeXText.escape(parts.family) + "}" }
        let family = protect(parts.family)
        if let suffix = parts.suffix { return "\(family), \(protect(suffix)), \(protect(given))" }
        return "\(family), \(protect(given))"
    }
}
