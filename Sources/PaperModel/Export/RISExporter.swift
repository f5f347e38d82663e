import Foundation

/// RIS per the RIS format specification (Research Information Systems, 2011): `TAG  - value` lines,
/// `TY` first and `ER` last; the journal in `T2` as Zotero, EndNote and Mendeley write it; the PMID in `AN`
/// and the PMCID in `C2`, as EndNote files PubMed records.
enum RISExporter {
    static func export(_ papers: [Paper]) -> String {
        papers.map(record).joined(separator: "\n")
    }

    static func record(_ paper: Paper) -> String {
        var lines: [String] = []
        func add(_ tag: String, _ value: String?) {
            guard let value else { return }
            let text = Exporter.oneLine(value)
            if !text.isEmpty { lines.append("\(tag)  - \(text)") }
        }
        add("TY", paper.journal == nil ? "GEN" : "JOUR")
        add("TI", paper.title)
        for author in paper.authors { add("AU", ReferenceFields.invertedName(author)) }
        add("T2", paper.journal)
        add("PY", paper.year.map(String.init))
        if let date = paper.date {
            let parts = ReferenceFields.dateParts(date)
            // YYYY/MM/DD/ with empty parts kept in place, as the specification writes partial dates.
            if parts.count > 1 {
                add("DA", parts.map { String(format: $0 > 31 ? "%04d" : "%02d", $0) }.joined(separator: "/")
                    + String(repeating: "/", count: 4 - parts.count))
            }
        }
        add("VL", paper.volume)
        add("IS", paper.issue)
        if let pages = paper.pages {
            let (first, last) = ReferenceFields.splitPages(pages)
            add("SP", first)
            add("EP", last)
        }
        add("DO", paper.doi)
        add("AN", paper.pmid)
        add("C2", paper.pmcid)
        add("AB", paper.abstract)
        for keyword in paper.keywords { add("KW", keyword) }
        lines.append("ER  - ")
        return lines.joined(separator: "\n") + "\n"
    }
}
