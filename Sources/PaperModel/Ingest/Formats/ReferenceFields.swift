import Foundation

/// Field conventions shared by the reference-format readers and exporters: author names,
/// dates, pages, DOIs and PMIDs as the formats write them.
public enum ReferenceFields {
    // MARK: Author names

    /// A display name ("First Last") from a name written "Last, First", "Last, F.M.", "Last, First, Jr."
    /// or "First Last". A name without a comma is kept as written.
    public static func displayName(_ raw: String) -> String {
        let text = TextNormalizer.collapseWhitespace(raw)
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { TaggedLines.trimmed($0) }
        guard parts.count >= 2, !parts[0].isEmpty else { return text.trimmingCharacters(in: CharacterSet(charactersIn: ", ")) }
        let family = parts[0]
        let given = parts[1]
        let suffix = parts.count > 2 ? parts[2...].filter { !$0.isEmpty }.joined(separator: " ") : ""
        return [given, family, suffix].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// A display name from MEDLINE's short form "Corrado C" or "Saieva L": initials turned to the front.
    public static func displayNameFromInitials(_ raw: String) -> String {
        let text = TextNormalizer.collapseWhitespace(raw)
        if text.contains(",") { return displayName(text) }
        var words = text.split(separator: " ").map(String.init)
        guard words.count >= 2, let last = words.last,
              last.count <= 3, last.allSatisfy({ $0.isUppercase && $0.isLetter }) else { return text }
        words.removeLast()
        return ([last] + words).joined(separator: " ")
    }

    /// Lower-case name particles that belong to the family name ("van Gogh", "de la Cruz").
    static let particles: Set<String> = ["van", "von", "de", "der", "den", "del", "della", "dei", "di", "da", "dos", "das",
                                         "du", "la", "le", "ten", "ter", "zu", "af", "vom", "zur"]
    static let suffixes: Set<String> = ["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"]

    /// A display name split into family and given names for formats that keep them apart.
    /// A single word (a group or consortium) has no given name.
    public struct NameParts: Hashable, Sendable {
        public var family: String
        public var given: String?
        public var suffix: String?
    }

    public static func nameParts(_ display: String) -> NameParts {
        var words = TextNormalizer.collapseWhitespace(display).split(separator: " ").map(String.init)
        guard words.count >= 2 else { return NameParts(family: words.first ?? "", given: nil, suffix: nil) }
        var suffix: String?
        if let last = words.last, suffixes.contains(last.lowercased()), words.count >= 3 {
            suffix = last
            words.removeLast()
        }
        var familyStart = words.count - 1
        // "Giacomo De Leo", "Ludwig van Beethoven": particles before the last word belong to the family name.
        while familyStart > 1, particles.contains(words[familyStart - 1].lowercased()) { familyStart -= 1 }
        let family = words[familyStart...].joined(separator: " ")
        let given = words[..<familyStart].joined(separator: " ")
        return NameParts(family: family, given: given.isEmpty ? nil : given, suffix: suffix)
    }

    /// "Last, First" (with ", Jr." when there is a suffix); a single-word name as it is.
    public static func invertedName(_ display: String) -> String {
        let parts = nameParts(display)
        guard let given = parts.given else { return parts.family }
        return [parts.family, given, parts.suffix].compactMap { $0 }.joined(separator: ", ")
    }

    /// "Corrado C": MEDLINE's short author form.
    public static func initialsName(_ display: String) -> String {
        let parts = nameParts(display)
        guard let given = parts.given else { return parts.family }
        let initials = given.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "." })
            .compactMap { $0.first(where: \.isLetter) }.map { String($0).uppercased() }.joined()
        return [parts.family, initials, parts.suffix].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    // MARK: Dates

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// A month number from "6", "06", "Jun" or "June".
    public static func month(_ text: String) -> Int? {
        let word = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if let number = Int(word), (1...12).contains(number) { return number }
        guard word.count >= 3, let index = monthNames.firstIndex(of: String(word.prefix(3))) else { return nil }
        return index + 1
    }

    /// A plausible publication year.
    public static func year(_ text: String) -> Int? {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), (1000...2999).contains(value) else { return nil }
        return value
    }

    /// Year and ISO date (yyyy, yyyy-mm or yyyy-mm-dd) from year, month and day parts.
    public static func isoDate(year: Int?, month: Int?, day: Int?) -> String? {
        guard let year else { return nil }
        var text = String(format: "%04d", year)
        guard let month, (1...12).contains(month) else { return text }
        text += String(format: "-%02d", month)
        guard let day, (1...31).contains(day) else { return text }
        return text + String(format: "-%02d", day)
    }

    /// Reads dates as the formats write them: "2014 Jun 28", "2014 Jan-Feb", "2014/06/28/", "2014-06-28",
    /// "2014". Returns the year and the ISO date.
    public static func parseDate(_ raw: String) -> (year: Int, date: String)? {
        let text = TaggedLines.trimmed(raw, newlines: true)
        let pieces = text.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "-" || $0 == "," || $0 == "." })
            .map(String.init)
        guard let first = pieces.first, first.count == 4, let year = year(first) else {
            // A year somewhere else ("Summer 2014", "June 2014").
            let words = text.split(whereSeparator: { !$0.isNumber }).map(String.init)
            guard let found = words.first(where: { $0.count == 4 && year($0) != nil }).flatMap(year) else { return nil }
            return (found, String(format: "%04d", found))
        }
        var month: Int?
        var day: Int?
        if pieces.count > 1 { month = self.month(pieces[1]) }
        if month != nil, pieces.count > 2, let value = Int(pieces[2]), (1...31).contains(value) { day = value }
        return (year, isoDate(year: year, month: month, day: day) ?? String(year))
    }

    /// Year, month and day of an ISO date.
    public static func dateParts(_ iso: String?) -> [Int] {
        guard let iso else { return [] }
        return iso.split(separator: "-").compactMap { Int($0) }
    }

    // MARK: Pages, identifiers, text

    /// "71-6" from a first and a last page; the first alone when there is no last.
    public static func pages(first: String?, last: String?) -> String? {
        let first = first.map(clean).flatMap(nonEmpty)
        let last = last.map(clean).flatMap(nonEmpty)
        switch (first, last) {
        case let (f?, l?): return f == l ? f : "\(f)-\(l)"
        case let (f?, nil): return f
        case let (nil, l?): return l
        default: return nil
        }
    }

    /// First and last page of a page range ("71-6", "71–76", "e1234").
    public static func splitPages(_ pages: String) -> (first: String, last: String?) {
        let separators: Set<Character> = ["-", "–", "—"]
        let parts = pages.split(whereSeparator: { separators.contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count >= 2 else { return (pages.trimmingCharacters(in: .whitespaces), nil) }
        return (parts[0], parts[parts.count - 1])
    }

    /// The DOI itself when the text is a DOI (with or without a resolver prefix), keeping its case.
    public static func doi(_ raw: String) -> String? {
        var text = TaggedLines.trimmed(raw, newlines: true)
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:", "DOI:", "doi "]
        where text.lowercased().hasPrefix(prefix.lowercased()) {
            text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        while let last = text.last, ".,;".contains(last) { text.removeLast() }
        guard text.hasPrefix("10."), text.contains("/"), !text.contains(" ") else { return nil }
        return text
    }

    /// A PMID from "24657904", "PMID: 24657904" or "pmid:24657904".
    public static func pmid(_ raw: String) -> String? {
        var text = TaggedLines.trimmed(raw, newlines: true)
        if text.lowercased().hasPrefix("pmid") {
            text = String(text.dropFirst(4)).trimmingCharacters(in: CharacterSet(charactersIn: ": ").union(.whitespaces))
        }
        guard !text.isEmpty, text.count <= 9, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else { return nil }
        return text
    }

    /// A PMC id as "PMC1234567".
    public static func pmcid(_ raw: String) -> String? {
        asciiPMCID(raw) ?? characterPMCID(raw)
    }

    /// `pmcid` read by Characters, for any text.
    static func characterPMCID(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let digits = text.uppercased().hasPrefix("PMC") ? String(text.dropFirst(3)) : text
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return "PMC" + digits
    }

    /// `pmcid` of a value that is all ASCII, read from its bytes (a MEDLINE export has one in most
    /// records); nil when the value holds other bytes, which `characterPMCID` then reads.
    static func asciiPMCID(_ raw: String) -> String?? {
        raw.utf8.withContiguousStorageIfAvailable { bytes -> String?? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            let space: (UInt8) -> Bool = { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
            var start = 0, end = bytes.count
            while start < end, space(bytes[start]) { start += 1 }
            while end > start, space(bytes[end - 1]) { end -= 1 }
            // "PMC" in any case: OR-ing 0x20 lowercases the letters.
            if end - start >= 3, bytes[start] | 0x20 == 0x70, bytes[start + 1] | 0x20 == 0x6D, bytes[start + 2] | 0x20 == 0x63 {
                start += 3
            }
            let digits = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return .some(nil) }
            return .some("PMC" + String(decoding: digits, as: UTF8.self))
        } ?? nil
    }

    /// Whitespace collapsed, trimmed.
    public static func clean(_ text: String) -> String { TextNormalizer.collapseWhitespace(text) }

    static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    /// A title without the trailing period MEDLINE and PubMed add (a question or exclamation mark stays).
    public static func title(_ raw: String) -> String {
        var text = clean(raw)
        if text.hasSuffix("."), !text.hasSuffix("..") { text.removeLast() }
        return text
    }

    /// Keywords from one field that lists several ("a; b; c" or "a, b, c").
    public static func splitKeywords(_ text: String) -> [String] {
        let separator: Character = text.contains(";") ? ";" : ","
        return text.split(separator: separator).map { clean(String($0)) }.filter { !$0.isEmpty }
    }

    /// Keywords joined into one field so that `splitKeywords` gives them back.
    public static func joinKeywords(_ keywords: [String]) -> String {
        keywords.contains { $0.contains(",") || $0.contains(";") } ? keywords.joined(separator: "; ") : keywords.joined(separator: ", ")
    }

    /// Lists without repeats (compared folded), first spelling kept.
    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { !$0.isEmpty && seen.insert(TextNormalizer.fold($0)).inserted }
    }

    /// Fast character classes for the parsers' inner loops (the Unicode property lookup is slow).
    @inline(__always) static func isSpace(_ c: Character) -> Bool {
        if let ascii = c.asciiValue { return ascii == 32 || (ascii >= 9 && ascii <= 13) }
        return c.isWhitespace
    }

    @inline(__always) static func isNewline(_ c: Character) -> Bool {
        if let ascii = c.asciiValue { return ascii >= 10 && ascii <= 13 }
        return c.isNewline
    }

    /// 1-based line number of each character offset: built once per file.
    struct LineIndex {
        private let starts: [String.Index]
        init(_ text: String) {
            var starts = [text.startIndex]
            var index = text.startIndex
            while index < text.endIndex {
                if text[index].isNewline { starts.append(text.index(after: index)) }
                index = text.index(after: index)
            }
            self.starts = starts
        }

        func line(of index: String.Index) -> Int {
            var low = 0, high = starts.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if starts[mid] <= index { low = mid } else { high = mid - 1 }
            }
            return low + 1
        }
    }
}
