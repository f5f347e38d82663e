import Foundation

/// A reading list for people: one numbered reference per paper, with DOI and PubMed links.
enum MarkdownExporter {
    static func export(_ papers: [Paper]) -> String {
        var out = "# References\n\n"
        for (index, paper) in papers.enumerated() {
            out += "\(index + 1). " + reference(paper) + "\n"
        }
        return out
    }

    static func reference(_ paper: Paper) -> String {
        var parts: [String] = []
        if !paper.authors.isEmpty {
            parts.append(escape(paper.authors.joined(separator: ", ") + (paper.authorsTruncated ? ", et al." : "")))
        }
        if let year = paper.year { parts.append("(\(year))") }
        var line = parts.joined(separator: " ")
        if !line.isEmpty { line += ". " }
        line += "**\(escape(paper.title))**."
        var citation: [String] = []
        if let journal = paper.journal { citation.append("*\(escape(journal))*") }
        var numbers = paper.volume ?? ""
        if let issue = paper.issue { numbers += "(\(issue))" }
        if let pages = paper.pages { numbers += (numbers.isEmpty ? "" : ":") + pages }
        if !numbers.isEmpty { citation.append(escape(numbers)) }
        if !citation.isEmpty { line += " " + citation.joined(separator: " ") + "." }
        if let doi = paper.doi { line += " doi:[\(escape(doi))](https://doi.org/\(linkPath(doi)))" }
        if let pmid = paper.pmid { line += " PMID [\(pmid)](https://pubmed.ncbi.nlm.nih.gov/\(pmid)/)" }
        return line
    }

    /// A DOI as a URL path: parentheses and spaces encoded so the Markdown link stays whole.
    static func linkPath(_ doi: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "()<> ")
        return doi.addingPercentEncoding(withAllowedCharacters: allowed) ?? doi
    }

    /// Markdown's inline markup characters, escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_[]<>#|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
