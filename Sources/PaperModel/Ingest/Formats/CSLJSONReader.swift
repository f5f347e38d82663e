import Foundation

/// CSL-JSON, as Zotero, Mendeley and citeproc tools export it: an array of items (or one item) with
/// `title`, `author` (`family`/`given` or `literal`), `container-title`, `issued.date-parts`,
/// `volume`, `issue`, `page`, `DOI`, `PMID`, `PMCID`, `abstract` and `keyword`.
public enum CSLJSONReader: DocumentReader {
    public static let format = DocumentFormat.cslJSON

    static let itemKeys: Set<String> = ["type", "issued", "container-title", "DOI", "PMID", "page", "author", "citation-key"]

    public static func recognises(_ text: String, pathExtension: String) -> Bool {
        guard let first = text.first(where: { !$0.isWhitespace }), first == "[" || first == "{" else { return false }
        guard let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return false }
        let items = (json as? [Any]) ?? [json]
        let objects = items.compactMap { $0 as? [String: Any] }
        guard !objects.isEmpty else { return false }
        // CSL items: a title plus at least one other CSL variable, or an author list of name objects.
        return objects.contains { item in
            item["title"] is String && (itemKeys.intersection(item.keys).count >= 2 || item["author"] is [[String: Any]])
        }
    }

    public static func read(_ text: String, path: String) -> ReadOutcome {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            return ReadOutcome(warnings: [IngestWarning(path: path, problem: .unreadable("not valid JSON"))])
        }
        let items = (json as? [Any]) ?? [json]
        let lines = itemLines(text)
        var outcome = ReadOutcome()
        for (position, item) in items.enumerated() {
            let line = position < lines.count ? lines[position] : nil
            guard let object = item as? [String: Any] else {
                outcome.warnings.append(IngestWarning(path: path, line: line, problem: .badRecord("CSL-JSON item \(position + 1) is not an object")))
                continue
            }
            let paper = paper(from: object, path: path, line: line)
            if paper.title.isEmpty {
                outcome.warnings.append(IngestWarning(path: path, line: line, problem: .badRecord("CSL-JSON item \(position + 1) has no title")))
            } else {
                outcome.papers.append(paper)
            }
        }
        return outcome
    }

    static func paper(from item: [String: Any], path: String, line: Int?) -> Paper {
        var paper = Paper(source: PaperSource(path: path, format: .cslJSON, line: line))
        func string(_ key: String) -> String? {
            let raw: String?
            switch item[key] {
            case let text as String: raw = text
            case let number as NSNumber: raw = number.stringValue
            case let list as [Any]: raw = list.first as? String
            default: raw = nil
            }
            return raw.map { ReferenceFields.clean(stripMarkup($0)) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        paper.title = ReferenceFields.title(string("title") ?? "")
        if let names = item["author"] as? [[String: Any]] {
            paper.authors = names.compactMap(displayName).filter { !$0.isEmpty }
        }
        paper.journal = string("container-title") ?? string("container-title-short") ?? string("journalAbbreviation")
        if let issued = item["issued"] as? [String: Any] {
            if let parts = (issued["date-parts"] as? [[Any]])?.first {
                let numbers = parts.map { value -> Int? in
                    if let number = value as? NSNumber { return number.intValue }
                    return (value as? String).flatMap { Int($0) }
                }
                let year = numbers.first.flatMap { $0 }
                if let year, (1000...2999).contains(year) {
                    paper.year = year
                    paper.date = ReferenceFields.isoDate(year: year, month: numbers.count > 1 ? numbers[1] : nil,
                                                         day: numbers.count > 2 ? numbers[2] : nil)
                }
            } else if let raw = (issued["raw"] ?? issued["literal"]) as? String, let parsed = ReferenceFields.parseDate(raw) {
                paper.year = parsed.year
                paper.date = parsed.date
            }
        }
        paper.volume = string("volume")
        paper.issue = string("issue")
        paper.pages = string("page")
        paper.doi = string("DOI").flatMap(ReferenceFields.doi) ?? string("URL").flatMap(ReferenceFields.doi)
        paper.pmid = string("PMID").flatMap(ReferenceFields.pmid)
        paper.pmcid = string("PMCID").flatMap(ReferenceFields.pmcid)
        if let abstract = item["abstract"] as? String {
            let text = stripMarkup(abstract).split(whereSeparator: \.isNewline).map { ReferenceFields.clean(String($0)) }
                .filter { !$0.isEmpty }.joined(separator: "\n")
            paper.abstract = text.isEmpty ? nil : text
        }
        paper.keywords = ReferenceFields.unique(string("keyword").map(ReferenceFields.splitKeywords) ?? [])
        return paper
    }

    static func displayName(_ name: [String: Any]) -> String? {
        if let literal = name["literal"] as? String { return ReferenceFields.clean(literal) }
        let parts = ["given", "dropping-particle", "non-dropping-particle", "family", "suffix"].compactMap { name[$0] as? String }
        return parts.isEmpty ? nil : ReferenceFields.clean(parts.joined(separator: " "))
    }

    /// CSL rich text allows a few HTML-like tags (<i>, <b>, <sup>, <sub>, <span class="nocase">).
    static func stripMarkup(_ text: String) -> String {
        guard text.contains("<") else { return text }
        return text.replacingOccurrences(of: "</?(i|b|sup|sub|sc|span)( [^>]*)?>", with: "", options: .regularExpression)
    }

    /// The 1-based line of each top-level item of a JSON array (or of the single object).
    static func itemLines(_ text: String) -> [Int] {
        var lines: [Int] = []
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        let itemDepth = text.first(where: { !$0.isWhitespace }) == "[" ? 1 : 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" { line += 1 }
            if inString {
                if escaped { escaped = false } else if scalar == "\\" { escaped = true } else if scalar == "\"" { inString = false }
                continue
            }
            switch scalar {
            case "\"": inString = true
            case "[", "{":
                if depth == itemDepth && scalar == "{" { lines.append(line) }
                depth += 1
            case "]", "}": depth -= 1
            default: break
            }
        }
        return lines
    }
}
