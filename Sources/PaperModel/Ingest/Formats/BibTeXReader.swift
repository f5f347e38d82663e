import Foundation

/// BibTeX and BibLaTeX files: `@type{key, field = {value}, ...}` entries with braced, quoted, numeric
/// and macro values, `#` concatenation, `@string` macros, `@comment` and `@preamble`, LaTeX accents.
/// Text outside entries is a comment, as in BibTeX itself.
public enum BibTeXReader: DocumentReader {
    public static let format = DocumentFormat.bibtex

    public static func recognises(_ text: String, pathExtension: String) -> Bool {
        // The head of the file decides: large files are not parsed twice.
        let head = String(text.prefix(65_536))
        guard head.contains("@") else { return false }
        let parsed = BibTeXParser.parse(head, measureCoverage: true)
        guard !parsed.entries.isEmpty else { return false }
        if ["bib", "bibtex", "biblatex"].contains(pathExtension) { return true }
        // Elsewhere the entries must be most of the text, not a citation box on a page.
        let meaningful = head.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.count
        return parsed.coveredCharacters * 2 >= meaningful
    }

    public static func read(_ text: String, path: String) -> ReadOutcome {
        let parsed = BibTeXParser.parse(text)
        var outcome = ReadOutcome()
        for error in parsed.errors {
            outcome.warnings.append(IngestWarning(path: path, line: error.line, problem: .badRecord(error.reason)))
        }
        for entry in parsed.entries {
            let paper = paper(from: entry, path: path)
            if paper.title.isEmpty {
                outcome.warnings.append(IngestWarning(path: path, line: entry.line,
                                                      problem: .badRecord("BibTeX entry \(entry.key) has no title")))
            } else {
                outcome.papers.append(paper)
            }
        }
        return outcome
    }

    static func paper(from entry: BibTeXParser.Entry, path: String) -> Paper {
        var paper = Paper(source: PaperSource(path: path, format: .bibtex, line: entry.line))
        let f = entry.fields
        func text(_ name: String) -> String? {
            f[name].map(LaTeXText.plain).flatMap { $0.isEmpty ? nil : $0 }
        }
        paper.title = ReferenceFields.title(text("title") ?? "")
        if let authors = f["author"] {
            let names = BibTeXNames.split(authors)
            paper.authorsTruncated = names.contains { $0.lowercased() == "others" }
            paper.authors = names.filter { $0.lowercased() != "others" }.map(BibTeXNames.displayName)
        }
        paper.journal = text("journal") ?? text("journaltitle")
        if let date = text("date"), let parsed = ReferenceFields.parseDate(date) {
            paper.year = parsed.year
            paper.date = parsed.date
        } else if let year = text("year").flatMap({ ReferenceFields.parseDate($0) }) {
            paper.year = year.year
            let month = text("month").flatMap { ReferenceFields.month($0) }
            let day = text("day").flatMap { Int($0) }
            paper.date = ReferenceFields.isoDate(year: year.year, month: month, day: day)
        }
        paper.volume = text("volume")
        paper.issue = text("number") ?? text("issue")
        paper.pages = text("pages").map { $0.replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: " ", with: "") }
        paper.doi = text("doi").flatMap(ReferenceFields.doi) ?? text("url").flatMap(ReferenceFields.doi)
        paper.pmid = text("pmid").flatMap(ReferenceFields.pmid)
        if paper.pmid == nil, text("eprinttype")?.lowercased() == "pubmed" {
            paper.pmid = text("eprint").flatMap(ReferenceFields.pmid)
        }
        paper.pmcid = text("pmcid").flatMap(ReferenceFields.pmcid)
        if let abstract = f["abstract"] {
            // Paragraphs are separated by blank lines, as in LaTeX.
            let paragraphs = abstract.replacingOccurrences(of: "\r", with: "")
                .replacingOccurrences(of: "\n[ \t]*\n\\s*", with: "\u{0}", options: .regularExpression)
                .split(separator: "\u{0}").map { LaTeXText.plain(String($0)) }.filter { !$0.isEmpty }
            paper.abstract = paragraphs.isEmpty ? nil : paragraphs.joined(separator: "\n")
        }
        paper.keywords = ReferenceFields.unique(text("keywords").map(ReferenceFields.splitKeywords) ?? [])
        if let mesh = text("mesh") ?? text("mesh-headings") { paper.meshTerms = ReferenceFields.splitKeywords(mesh) }
        return paper
    }
}

/// BibTeX author lists: "A and B and others", each "First von Last", "von Last, First" or "von Last, Jr, First".
enum BibTeXNames {
    /// Names separated by " and " outside braces.
    static func split(_ field: String) -> [String] {
        var names: [String] = []
        var current = ""
        var depth = 0
        let chars = Array(field)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
            if depth == 0, ReferenceFields.isSpace(c), i + 4 < chars.count,
               String(chars[(i + 1)...(i + 3)]).lowercased() == "and", ReferenceFields.isSpace(chars[i + 4]) {
                names.append(current)
                current = ""
                i += 5
                continue
            }
            current.append(c)
            i += 1
        }
        names.append(current)
        return names.map { TextNormalizer.collapseWhitespace($0) }.filter { !$0.isEmpty }
    }

    static func displayName(_ raw: String) -> String {
        // A name wholly in braces is a group's name, kept as it is.
        if raw.hasPrefix("{"), raw.hasSuffix("}"), topLevelCommas(raw).isEmpty && BibTeXParser.balancedInside(raw) {
            return LaTeXText.plain(raw)
        }
        let parts = splitTopLevel(raw).map { LaTeXText.plain($0) }
        switch parts.count {
        case 0: return ""
        case 1: return parts[0]
        case 2: return [parts[1], parts[0]].filter { !$0.isEmpty }.joined(separator: " ")
        default: return [parts[2], parts[0], parts[1]].filter { !$0.isEmpty }.joined(separator: " ")
        }
    }

    static func topLevelCommas(_ text: String) -> [String.Index] {
        var depth = 0
        var commas: [String.Index] = []
        for index in text.indices {
            switch text[index] {
            case "{": depth += 1
            case "}": depth -= 1
            case "," where depth == 0: commas.append(index)
            default: break
            }
        }
        return commas
    }

    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var start = text.startIndex
        for comma in topLevelCommas(text) {
            parts.append(String(text[start..<comma]))
            start = text.index(after: comma)
        }
        parts.append(String(text[start...]))
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

/// The BibTeX grammar: entries, macros, concatenation. Values stay raw LaTeX; fields are lower-cased names.
enum BibTeXParser {
    struct Entry {
        var type: String
        var key: String
        var fields: [String: String]
        var line: Int
    }

    struct Failure {
        var line: Int
        var reason: String
    }

    struct Parsed {
        var entries: [Entry] = []
        var errors: [Failure] = []
        /// Non-whitespace characters inside entries, @string and @preamble blocks.
        var coveredCharacters = 0
    }

    static let monthMacros: [String: String] = [
        "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
        "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
    ]

    struct SyntaxError: Error { var reason: String }

    /// `measureCoverage` counts the characters inside entries, which only recognition needs.
    static func parse(_ text: String, measureCoverage: Bool = false) -> Parsed {
        var scanner = Scanner(Array(text))
        var parsed = Parsed()
        var macros = monthMacros
        while let at = scanner.nextEntryStart() {
            let line = scanner.line(at: at)
            scanner.index = at + 1
            let start = at
            do {
                let type = scanner.identifier().lowercased()
                guard !type.isEmpty else { continue }
                scanner.skipSpace()
                // An @ not opening a block ("name@example.org" in a comment) is comment text.
                guard let open = scanner.current, open == "{" || open == "(" else { continue }
                let close: Character = open == "{" ? "}" : ")"
                switch type {
                case "comment":
                    _ = try scanner.braced()
                    continue
                case "preamble":
                    scanner.index += 1
                    _ = try scanner.value(macros: macros, close: close)
                    try scanner.expect(close)
                case "string":
                    scanner.index += 1
                    scanner.skipSpace()
                    let name = scanner.identifier().lowercased()
                    scanner.skipSpace()
                    try scanner.expect("=")
                    macros[name] = try scanner.value(macros: macros, close: close)
                    scanner.skipSpace()
                    if scanner.current == "," { scanner.index += 1; scanner.skipSpace() }
                    try scanner.expect(close)
                default:
                    scanner.index += 1
                    scanner.skipSpace()
                    let key = scanner.key()
                    scanner.skipSpace()
                    var fields: [String: String] = [:]
                    if scanner.current == "," {
                        scanner.index += 1
                        while true {
                            scanner.skipSpace()
                            if scanner.current == close { break }
                            let name = scanner.identifier().lowercased()
                            guard !name.isEmpty else {
                                throw SyntaxError(reason: "entry \(key.isEmpty ? "without a key" : key): field name expected near “\(scanner.context())”")
                            }
                            scanner.skipSpace()
                            try scanner.expect("=", what: "= after field \(name) in entry \(key)")
                            let value = try scanner.value(macros: macros, close: close)
                            if fields[name] == nil { fields[name] = value }
                            scanner.skipSpace()
                            if scanner.current == "," { scanner.index += 1; continue }
                            if scanner.current == close { break }
                            throw SyntaxError(reason: "entry \(key): , or \(close) expected after field \(name)")
                        }
                    }
                    try scanner.expect(close, what: "\(close) closing entry \(key)")
                    parsed.entries.append(Entry(type: type, key: key, fields: fields, line: line))
                }
                if measureCoverage {
                    parsed.coveredCharacters += scanner.chars[start..<scanner.index].filter { !ReferenceFields.isSpace($0) }.count
                }
            } catch let error as SyntaxError {
                parsed.errors.append(Failure(line: line, reason: error.reason))
                // Resume at the next @ that starts a line, so one broken entry loses only itself.
                scanner.index = scanner.nextLineStartingWithAt(after: at) ?? scanner.chars.count
            } catch {
                scanner.index = scanner.chars.count
            }
        }
        return parsed
    }

    /// True when the braces inside the outer pair balance, i.e. "{A}{B}" is not one group.
    static func balancedInside(_ text: String) -> Bool {
        var depth = 0
        for (offset, c) in text.enumerated() {
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
            if depth == 0 && offset < text.count - 1 { return false }
        }
        return depth == 0
    }

    struct Scanner {
        let chars: [Character]
        var index = 0
        private var lineStarts: [Int] = [0]

        init(_ chars: [Character]) {
            self.chars = chars
            for (offset, c) in chars.enumerated() where ReferenceFields.isNewline(c) { lineStarts.append(offset + 1) }
        }

        var current: Character? { index < chars.count ? chars[index] : nil }

        func line(at offset: Int) -> Int {
            var low = 0, high = lineStarts.count - 1
            while low < high {
                let mid = (low + high + 1) / 2
                if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
            }
            return low + 1
        }

        /// The next "@" followed by a name: every other character is comment text.
        func nextEntryStart() -> Int? {
            var i = index
            while i < chars.count {
                if chars[i] == "@", i + 1 < chars.count, chars[i + 1].isLetter { return i }
                i += 1
            }
            return nil
        }

        func nextLineStartingWithAt(after offset: Int) -> Int? {
            var i = offset + 1
            var atLineStart = false
            while i < chars.count {
                let c = chars[i]
                if ReferenceFields.isNewline(c) { atLineStart = true } else if c == "@" && atLineStart { return i } else if !ReferenceFields.isSpace(c) { atLineStart = false }
                i += 1
            }
            return nil
        }

        func context() -> String {
            String(chars[index..<min(chars.count, index + 20)]).replacingOccurrences(of: "\n", with: " ")
        }

        mutating func skipSpace() {
            while let c = current {
                if ReferenceFields.isSpace(c) { index += 1; continue }
                // A % comment runs to the end of its line (BibLaTeX and JabRef files use them).
                if c == "%" {
                    while let d = current, !ReferenceFields.isNewline(d) { index += 1 }
                    continue
                }
                break
            }
        }

        mutating func identifier() -> String {
            var name = ""
            while let c = current, c.isLetter || c.isNumber || "_-:.+/'".contains(c) { name.append(c); index += 1 }
            return name
        }

        mutating func key() -> String {
            var key = ""
            while let c = current, c != ",", c != "}", c != ")", !ReferenceFields.isSpace(c) { key.append(c); index += 1 }
            return key
        }

        mutating func expect(_ c: Character, what: String? = nil) throws {
            skipSpace()
            guard current == c else {
                if current == nil { throw SyntaxError(reason: "file ends before \(what ?? String(c))") }
                throw SyntaxError(reason: "expected \(what ?? String(c)) near “\(context())”")
            }
            index += 1
        }

        /// A field value: parts joined by #.
        mutating func value(macros: [String: String], close: Character) throws -> String {
            var result = ""
            while true {
                skipSpace()
                guard let c = current else { throw SyntaxError(reason: "file ends inside a field value") }
                switch c {
                case "{":
                    result += try braced()
                case "\"":
                    result += try quoted()
                case let d where d.isNumber:
                    while let n = current, n.isNumber { result.append(n); index += 1 }
                default:
                    let name = identifier().lowercased()
                    guard !name.isEmpty else { throw SyntaxError(reason: "field value expected near “\(context())”") }
                    // An undefined macro stands for nothing, as BibTeX warns and goes on.
                    result += macros[name] ?? ""
                }
                skipSpace()
                if current == "#" { index += 1; continue }
                return result
            }
        }

        /// The text between a { and its matching }, inner braces kept.
        mutating func braced() throws -> String {
            let start = index
            index += 1
            var depth = 1
            var text = ""
            while let c = current {
                index += 1
                if c == "{" { depth += 1 } else if c == "}" {
                    depth -= 1
                    if depth == 0 { return text }
                } else if c == "@" && depth == 1 && index >= 2 && ReferenceFields.isNewline(chars[index - 2]) {
                    // An entry starting inside a value: the brace was never closed.
                    break
                }
                text.append(c)
            }
            index = start
            throw SyntaxError(reason: "unbalanced braces: a { is never closed")
        }

        mutating func quoted() throws -> String {
            index += 1
            var depth = 0
            var text = ""
            while let c = current {
                index += 1
                if c == "{" { depth += 1 } else if c == "}" { depth -= 1 } else if c == "\"" && depth == 0 { return text }
                text.append(c)
            }
            throw SyntaxError(reason: "a quoted value is never closed")
        }
    }
}
