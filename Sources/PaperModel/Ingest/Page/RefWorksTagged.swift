import Foundation

/// A RefWorks tagged export shown as a page ("RT Journal Article T1 … A1 Fenaux, Pierre … AB …"),
/// one field a line or all on one line with tags separated from values only by spaces.
enum RefWorksTagged {
    /// True when the text opens with a RefWorks reference-type tag and has a title tag.
    static func recognises(_ text: String) -> Bool {
        let head = text.prefix(2_000).trimmed
        return opening.contains(head) && head.range(of: "T1 ") != nil
    }

    static func record(_ text: String) -> PageRecord? {
        guard recognises(text) else { return nil }
        let flat = TextNormalizer.collapseWhitespace(String(text.prefix(PageLines.maximumCharacters)))
        var fields: [(tag: String, value: String)] = []
        var rest = Substring(flat)
        // Tags before the abstract are plain; inside the abstract only a tag whose value has its own shape counts.
        while !rest.isEmpty {
            let inAbstract = fields.last?.tag == "AB"
            let pattern = inAbstract ? afterAbstractTag : anyTag
            guard let match = pattern.firstMatch(in: String(rest)) else {
                if !fields.isEmpty { fields[fields.count - 1].value += String(rest) }
                break
            }
            let before = match.before
            if !fields.isEmpty { fields[fields.count - 1].value += before }
            fields.append((match["tag"] ?? "", ""))
            rest = Substring(match.after)
        }
        var record = PageRecord()
        for (tag, raw) in fields {
            let value = raw.trimmed
            guard !value.isEmpty else { continue }
            switch tag {
            case "T1": record.title = record.title ?? value
            case "A1": record.authors.append(AuthorLine.invertIfCommaForm(value))
            case "JF", "JO", "J1", "J2": record.journal = record.journal ?? value
            case "YR", "FD":
                if record.year == nil { record.year = PageDates.year(in: value); record.date = PageDates.isoDate(value) }
            case "VO": record.volume = value
            case "IS": record.issue = value
            case "SP": record.pages = value
            case "OP": if let start = record.pages { record.pages = "\(start)-\(value)" }
            case "DO": record.doi = PageIdentifiers.bareDOI(value)
            case "AB": record.abstract = value
            case "K1": record.keywords += PageSections.splitKeywords(value)
            default: break
            }
        }
        record.authors = AuthorLine.clean(record.authors)
        return record.title == nil ? nil : record
    }

    private static let opening = PagePattern(#"^RT\s+\p{Lu}"#)
    private static let anyTag = PagePattern(
        #"(?:^|\s)(?<tag>RT|SR|ID|A1|A2|A3|A4|A5|T1|T2|T3|JF|JO|J1|J2|YR|FD|VO|IS|SP|OP|K1|AB|NO|DO|UL|LA|PB|PP|SN|AD|CN|LK|DS|WT|OL|ED|CL|RD)\s+(?=\S)"#)
    private static let afterAbstractTag = PagePattern(
        #"\s(?<tag>YR(?=\s+\d{4})|FD(?=\s+\d{4})|VO(?=\s+\d)|IS(?=\s+\d)|SP(?=\s+\w?\d)|OP(?=\s+\w?\d)|DO(?=\s+10\.)|SN(?=\s+\d{4}-)|JF(?=\s+\p{Lu})|JO(?=\s+\p{Lu})|K1|LA(?=\s+\p{Lu}\p{Ll}+\s)|UL(?=\s+http)|PB(?=\s+\p{Lu}))\s+(?=\S)"#)
}
