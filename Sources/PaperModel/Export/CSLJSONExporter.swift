import Foundation

/// CSL-JSON per the Citation Style Language schema (csl-data.json): an array of items that Zotero,
/// pandoc and citeproc read. The item `id` is the paper's citation key.
enum CSLJSONExporter {
    /// Pretty-printed with keys in JSONSerialization's `.sortedKeys` order (case-insensitive), slashes
    /// unescaped: the text `JSONSerialization` gives for `items`, written straight out without the tree.
    static func export(_ papers: [Paper]) -> String {
        let keys = Exporter.citationKeys(papers)
        var out = JSONText()
        out.raw("[")
        for (n, (paper, key)) in zip(papers, keys).enumerated() {
            out.raw(n == 0 ? "\n  " : ",\n  ")
            append(paper, key: key, to: &out)
        }
        out.raw(papers.isEmpty ? "\n\n]\n" : "\n]\n")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// One item at depth 1, its keys in the order `.sortedKeys` puts them.
    static func append(_ paper: Paper, key: String, to out: inout JSONText) {
        out.raw("{\n")
        var first = true
        func field(_ name: StaticString) {
            out.key(name, 2, first: first)
            first = false
        }
        if let abstract = paper.abstract { field("abstract"); out.string(abstract) }
        if !paper.authors.isEmpty {
            field("author")
            out.raw("[\n")
            for (n, display) in paper.authors.enumerated() {
                if n > 0 { out.raw(",\n") }
                out.indent(3)
                out.raw("{\n")
                let parts = ReferenceFields.nameParts(display)
                if let given = parts.given {
                    out.key("family", 4, first: true); out.string(parts.family)
                    out.key("given", 4); out.string(given)
                    if let suffix = parts.suffix { out.key("suffix", 4); out.string(suffix) }
                } else {
                    out.key("literal", 4, first: true); out.string(parts.family)
                }
                out.raw("\n")
                out.indent(3)
                out.raw("}")
            }
            out.raw("\n")
            out.indent(2)
            out.raw("]")
        }
        field("citation-key"); out.string(key)
        if let journal = paper.journal { field("container-title"); out.string(journal) }
        if let doi = paper.doi { field("DOI"); out.string(doi) }
        field("id"); out.string(key)
        if let issue = paper.issue { field("issue"); out.string(issue) }
        let parts = ReferenceFields.dateParts(paper.date)
        if !parts.isEmpty || paper.year != nil {
            field("issued")
            out.raw("{\n")
            out.key("date-parts", 3, first: true)
            out.raw("[\n")
            out.indent(4)
            out.raw("[\n")
            for (n, part) in (parts.isEmpty ? [paper.year!] : parts).enumerated() {
                if n > 0 { out.raw(",\n") }
                out.indent(5)
                out.raw(String(part))
            }
            out.raw("\n")
            out.indent(4)
            out.raw("]\n")
            out.indent(3)
            out.raw("]\n")
            out.indent(2)
            out.raw("}")
        }
        if !paper.keywords.isEmpty { field("keyword"); out.string(ReferenceFields.joinKeywords(paper.keywords)) }
        if let pages = paper.pages { field("page"); out.string(pages) }
        if let pmcid = paper.pmcid { field("PMCID"); out.string(pmcid) }
        if let pmid = paper.pmid { field("PMID"); out.string(pmid) }
        field("title"); out.string(paper.title)
        field("type"); out.string(paper.journal == nil ? "article" : "article-journal")
        if let volume = paper.volume { field("volume"); out.string(volume) }
        out.raw("\n  }")
    }
}
