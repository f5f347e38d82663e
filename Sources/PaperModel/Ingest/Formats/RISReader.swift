import Foundation

/// RIS (Research Information Systems) exports from reference managers and journal sites:
/// records from `TY  - ` to `ER  - `, one `TAG  - value` per line. Tolerates single-space tags,
/// junk lines between records, a missing final `ER`, and repositories' made-up tags.
public enum RISReader: DocumentReader {
    public static let format = DocumentFormat.ris

    public static func recognises(_ text: String, pathExtension: String) -> Bool {
        let lines = TaggedLines.lines(String(text.prefix(50_000)))
        // A `TY` line followed, within its next three non-empty lines, by at least two more tag lines.
        var index = 0
        while index < lines.count {
            defer { index += 1 }
            guard let (tag, value) = TaggedLines.tagged(lines[index], maxTag: 2), tag == "TY", !value.isEmpty,
                  value.count <= 10, value.allSatisfy({ $0.isLetter || $0.isNumber }) else { continue }
            var next = 0
            var tagged = 0
            var probe = index + 1
            while probe < lines.count, next < 3 {
                if !TaggedLines.isBlankLine(lines[probe]) {
                    next += 1
                    if TaggedLines.tagged(lines[probe]) != nil { tagged += 1 }
                }
                probe += 1
            }
            if tagged >= 2 || (tagged >= 1 && pathExtension == "ris") { return true }
        }
        return false
    }

    public static func read(_ text: String, path: String) -> ReadOutcome {
        var outcome = ReadOutcome()
        for record in records(text) {
            switch paper(from: record, path: path) {
            case .success(let paper): outcome.papers.append(paper)
            case .failure(let warning): outcome.warnings.append(warning)
            }
        }
        return outcome
    }

    /// Records from each `TY` to its `ER` (or the next `TY`, or the end); lines outside records are skipped.
    static func records(_ text: String) -> [[TaggedLines.Field]] {
        var records: [[TaggedLines.Field]] = []
        var current: [TaggedLines.Field]?
        for (offset, line) in TaggedLines.lines(text).enumerated() {
            let tagged = TaggedLines.tagged(line)
            if let (tag, value) = tagged, tag == "TY" {
                if let open = current, !open.isEmpty { records.append(open) }
                current = [TaggedLines.Field(tag: tag, value: value, line: offset + 1)]
                continue
            }
            guard current != nil else { continue }
            if let (tag, value) = tagged {
                if tag == "ER" {
                    records.append(current!)
                    current = nil
                } else {
                    current!.append(TaggedLines.Field(tag: tag, value: value, line: offset + 1))
                }
            } else {
                let more = TaggedLines.trimmed(line)
                if !more.isEmpty, var last = current!.last {
                    last.value += last.value.isEmpty ? more : " " + more
                    current![current!.count - 1] = last
                }
            }
        }
        if let open = current, !open.isEmpty { records.append(open) }
        return records
    }

    static let journalTags = ["JF", "JO", "T2", "JA", "J1", "J2"]
    static let knownTags: Set<String> = [
        "TY", "ER", "AU", "A1", "A2", "A3", "A4", "TI", "T1", "T2", "T3", "ST", "CT", "BT", "JO", "JF", "JA", "J1", "J2",
        "PY", "Y1", "Y2", "DA", "VL", "IS", "CP", "SP", "EP", "DO", "AB", "N2", "N1", "KW", "AN", "UR", "L1", "L2",
        "L3", "L4", "SN", "PB", "CY", "LA", "ID", "M1", "M2", "M3", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8",
        "DB", "DP", "ET", "LB", "NV", "OP", "RN", "RP", "SE", "TA", "TT", "U1", "U2", "U3", "U4", "U5", "AD", "CA",
    ]

    static func paper(from fields: [TaggedLines.Field], path: String) -> Result<Paper, IngestWarning> {
        let line = fields.first?.line
        var paper = Paper(source: PaperSource(path: path, format: .ris, line: line))
        var journals: [String: String] = [:]
        var firstPage: String?
        var lastPage: String?
        var yearText: String?
        var dateText: String?
        var oddValues: [String] = []
        var url: String?
        var titles: [String: String] = [:]
        for field in fields {
            let value = ReferenceFields.clean(field.value)
            guard !value.isEmpty, value.lowercased() != "null" else { continue }
            switch field.tag {
            case "TI", "T1", "CT", "BT": titles[field.tag] = titles[field.tag] ?? value
            case "AU", "A1": paper.authors.append(ReferenceFields.displayName(value))
            case let tag where journalTags.contains(tag): journals[tag] = journals[tag] ?? value
            case "PY", "Y1": yearText = yearText ?? value
            case "DA": dateText = dateText ?? value
            case "VL": paper.volume = value
            case "IS", "CP": paper.issue = paper.issue ?? value
            case "SP": firstPage = value
            case "EP": lastPage = value
            case "DO": paper.doi = paper.doi ?? ReferenceFields.doi(value)
            case "AB", "N2": paper.abstract = paper.abstract ?? value
            case "KW":
                paper.keywords += value.contains(";") ? ReferenceFields.splitKeywords(value) : [value]
            case "AN", "PM", "PMID": paper.pmid = paper.pmid ?? ReferenceFields.pmid(value)
            case "C1", "M1":
                if value.lowercased().hasPrefix("pmid") { paper.pmid = paper.pmid ?? ReferenceFields.pmid(value) }
            case "C2": paper.pmcid = paper.pmcid ?? ReferenceFields.pmcid(value)
            case "UR": url = url ?? value
            case let tag where !knownTags.contains(tag): oddValues.append(value)
            default: break
            }
        }
        paper.title = ReferenceFields.title(titles["TI"] ?? titles["T1"] ?? titles["CT"] ?? titles["BT"] ?? "")
        paper.journal = journalTags.lazy.compactMap { journals[$0] }.first
        if let first = firstPage, lastPage == nil, first.contains("-") {
            paper.pages = first
        } else {
            paper.pages = ReferenceFields.pages(first: firstPage, last: lastPage)
        }
        // PY gives the year; DA the fuller date when it is of the same year.
        let published = yearText.flatMap(ReferenceFields.parseDate)
        let dated = dateText.flatMap(ReferenceFields.parseDate)
        if let parsed = (dated.map { date in published.map { $0.year == date.year ? date : $0 } ?? date }) ?? published {
            paper.year = parsed.year
            paper.date = parsed.date
        }
        if paper.doi == nil { paper.doi = url.flatMap(ReferenceFields.doi) }
        // Made-up tags: a DOI is a DOI, and one long prose value with no abstract elsewhere is the abstract.
        if paper.doi == nil { paper.doi = oddValues.lazy.compactMap(ReferenceFields.doi).first }
        if paper.abstract == nil {
            // Prose: long, many words, not a semicolon-separated list of indexing terms.
            paper.abstract = oddValues.filter { value in
                value.count >= 100 && value.split(separator: " ").count >= 12 && value.filter { $0 == ";" }.count < 3
            }.max { $0.count < $1.count }
        }
        paper.keywords = ReferenceFields.unique(paper.keywords)
        if paper.title.isEmpty {
            return .failure(IngestWarning(path: path, line: line, problem: .badRecord("RIS record without a title (TI or T1)")))
        }
        return .success(paper)
    }
}
