import Foundation
import PaperModel

/// Plain-text presentation of papers for the CLI.
enum PaperFormatter {
    /// year, first author, title, DOI: one line.
    static func listLine(_ paper: Paper) -> String {
        let year = paper.year.map(String.init) ?? "----"
        var author = paper.authors.first ?? "—"
        if paper.authors.count > 1 || paper.authorsTruncated { author += " et al." }
        var line = "\(year)  \(author)  \(paper.title)"
        if let doi = paper.doi { line += "  doi:\(doi)" }
        return line
    }

    /// Every field, labelled, the abstract wrapped to the width.
    static func fullText(_ paper: Paper, width: Int) -> String {
        var out: [String] = []
        out += wrap(paper.title, width: width)
        if !paper.authors.isEmpty {
            out += wrap(paper.authors.joined(separator: ", ") + (paper.authorsTruncated ? ", et al." : ""), width: width)
        }
        let citation = paper.citationLine
        if !citation.isEmpty { out += wrap(citation, width: width) }
        if let doi = paper.doi { out.append("doi: \(doi)") }
        if let pmid = paper.pmid { out.append("PMID: \(pmid)") }
        if let pmcid = paper.pmcid { out.append("PMCID: \(pmcid)") }
        if !paper.publicationTypes.isEmpty { out += wrap("Type: " + paper.publicationTypes.joined(separator: ", "), width: width) }
        if !paper.diseases.isEmpty { out += wrap("Diseases: " + paper.primaryDiseases.joined(separator: ", "), width: width) }
        if !paper.keywords.isEmpty { out += wrap("Keywords: " + paper.keywords.joined(separator: "; "), width: width) }
        if let abstract = paper.abstract {
            out.append("")
            for paragraph in abstract.components(separatedBy: "\n") {
                out += wrap(paragraph, width: width)
            }
        }
        out.append("")
        out.append("id: \(paper.id)   source: \(paper.source.path) (\(paper.source.format.rawValue))")
        return out.joined(separator: "\n")
    }

    /// Greedy word wrap by characters; good enough for the CLI's plain output.
    static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(20, width)
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}

enum TerminalWidth {
    static func columns() -> Int {
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let value = Int(text), value > 0 { return value }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
