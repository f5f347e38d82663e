import Foundation

/// CSL-JSON per the Citation Style Language schema (csl-data.json): an array of items that Zotero,
/// pandoc and citeproc read. The item `id` is the paper's citation key.
enum CSLJSONExporter {
    static func export(_ papers: [Paper]) -> String {
        let keys = Exporter.citationKeys(papers)
        let items = zip(papers, keys).map { item($0, key: $1) }
        guard let data = try? JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return "[]\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

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
