import Foundation

/// DOIs, PMIDs and PMCIDs, found by their labels ("doi:", "DOI", doi.org links, "PMID:", "PMCID:").
enum PageIdentifiers {
    /// The DOI a labelled mention gives: `doi: 10.…`, `DOI 10.…`, `https://doi.org/10.…`.
    static func doi(in text: String) -> String? {
        guard text.contains("10.") else { return nil }
        guard let match = labelledDOI.firstMatch(in: text), let raw = match[1] else { return nil }
        return cleanDOI(raw)
    }

    /// A DOI given on its own (a meta tag or a JSON key), with or without a resolver prefix.
    static func bareDOI(_ text: String) -> String? {
        guard let match = anyDOI.firstMatch(in: text), let raw = match[0] else { return nil }
        return cleanDOI(raw)
    }

    static func pmid(in text: String) -> String? {
        guard text.contains("PMID") else { return nil }
        return pmidPattern.firstMatch(in: text)?[1]
    }

    static func pmcid(in text: String) -> String? {
        guard text.contains("PMC") else { return nil }
        return pmcidPattern.firstMatch(in: text)?[1]
    }

    /// True when a line is a publisher's DOI prefix ("DOI Prefix 10.20431"), not an article's DOI.
    static func isPrefixOnly(_ line: String) -> Bool {
        prefixLine.contains(line)
    }

    private static func cleanDOI(_ raw: String) -> String? {
        var doi = raw
        while let last = doi.last, ".,;:)]}>\"'".contains(last) {
            if last == ")" && doi.filter({ $0 == "(" }).count >= doi.filter({ $0 == ")" }).count { break }
            doi.removeLast()
        }
        guard let slash = doi.firstIndex(of: "/"), doi[doi.index(after: slash)...].count >= 2 else { return nil }
        return doi
    }

    private static let labelledDOI = PagePattern(
        #"(?:\bdoi\s*(?:\.org)?\s*[:/：]?\s*(?:https?://(?:dx\.)?doi\.org/)?|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/[^\s"<>]+)"#,
        caseInsensitive: true)
    private static let anyDOI = PagePattern(#"10\.\d{4,9}/[^\s"<>]+"#)
    private static let pmidPattern = PagePattern(#"\bPMID\s*:?\s*(\d{1,9})\b"#)
    private static let pmcidPattern = PagePattern(#"\bPMCID\s*:?\s*(PMC\d+)\b"#)
    private static let prefixLine = PagePattern(#"\bDOI\s+Prefix\b"#, caseInsensitive: true)
}

/// Years and dates from date phrases ("Published: 20 July 2023", "2017 May 31", "2025-05-23").
enum PageDates {
    static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
        "ene": 1, "abr": 4, "ago": 8, "dic": 12, "set": 9,
    ]

    /// The first plausible publication year (1900–2099) in a short text.
    static func year(in text: String) -> Int? {
        guard let match = yearPattern.firstMatch(in: text), let value = match[1] else { return nil }
        return Int(value)
    }

    /// yyyy-mm-dd, yyyy-mm or yyyy from a date phrase.
    static func isoDate(_ text: String) -> String? {
        if let match = isoPattern.firstMatch(in: text), let y = match[1] {
            if let m = match[2] {
                if let d = match[3] { return "\(y)-\(m)-\(d)" }
                return "\(y)-\(m)"
            }
            return y
        }
        guard let year = year(in: text) else { return nil }
        if let match = yearMonthDay.firstMatch(in: text), let month = match[2].flatMap(monthNumber) {
            return format(year, month, match[3].flatMap { Int($0) })
        }
        if let match = dayMonthYear.firstMatch(in: text), let month = match[2].flatMap(monthNumber) {
            return format(year, month, match[1].flatMap { Int($0) })
        }
        if let match = monthDayYear.firstMatch(in: text), let month = match[1].flatMap(monthNumber) {
            return format(year, month, match[2].flatMap { Int($0) })
        }
        return String(year)
    }

    static func monthNumber(_ name: String) -> Int? {
        months[String(name.lowercased().prefix(3))]
    }

    private static func format(_ year: Int, _ month: Int, _ day: Int?) -> String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        guard let day else { return "\(year)-\(m)" }
        return "\(year)-\(m)-\(day < 10 ? "0\(day)" : "\(day)")"
    }

    private static let yearPattern = PagePattern(#"(?<![\d.])((?:19|20)\d\d)(?![\d])"#)
    private static let isoPattern = PagePattern(#"\b((?:19|20)\d\d)[-/](\d\d)(?:[-/](\d\d))?\b"#)
    private static let yearMonthDay = PagePattern(#"\b((?:19|20)\d\d)\s+([A-Za-z]{3,9})\.?(?:\s+(\d{1,2}))?\b"#)
    private static let dayMonthYear = PagePattern(#"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+((?:19|20)\d\d)\b"#)
    private static let monthDayYear = PagePattern(#"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),\s*((?:19|20)\d\d)\b"#)
}
