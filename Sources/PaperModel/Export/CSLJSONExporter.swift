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

    /// One item, the same fields as `item` (keys in the order `.sortedKeys` puts them), at depth 1.
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

    /// The item as a JSON object: what `append` writes, for the tests to check it against.
    static func item(_ paper: Paper, key: String) -> [String: Any] {
        var item: [String: Any] = [
            "id": key,
            "citation-key": key,
            "type": paper.journal == nil ? "article" : "article-journal",
            "title": paper.title,
        ]
        if !paper.authors.isEmpty {
            item["author"] = paper.authors.map { display -> [String: String] in
                let parts = ReferenceFields.nameParts(display)
                guard let given = parts.given else { return ["literal": parts.family] }
                var name = ["family": parts.family, "given": given]
                if let suffix = parts.suffix { name["suffix"] = suffix }
                return name
            }
        }
        if let journal = paper.journal { item["container-title"] = journal }
        let parts = ReferenceFields.dateParts(paper.date)
        if !parts.isEmpty {
            item["issued"] = ["date-parts": [parts]]
        } else if let year = paper.year {
            item["issued"] = ["date-parts": [[year]]]
        }
        if let volume = paper.volume { item["volume"] = volume }
        if let issue = paper.issue { item["issue"] = issue }
        if let pages = paper.pages { item["page"] = pages }
        if let doi = paper.doi { item["DOI"] = doi }
        if let pmid = paper.pmid { item["PMID"] = pmid }
        if let pmcid = paper.pmcid { item["PMCID"] = pmcid }
        if let abstract = paper.abstract { item["abstract"] = abstract }
        if !paper.keywords.isEmpty { item["keyword"] = ReferenceFields.joinKeywords(paper.keywords) }
        return item
    }
}
