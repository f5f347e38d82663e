import Foundation

/// The formats papers can be exported to.
public enum ExportFormat: String, CaseIterable, Sendable {
    case bibtex
    case ris
    case csljson
    case medline
    case markdown

    /// The usual file extension, for suggested file names.
    public var fileExtension: String {
        switch self {
        case .bibtex: return "bib"
        case .ris: return "ris"
        case .csljson: return "json"
        case .medline: return "nbib"
        case .markdown: return "md"
        }
    }

    /// The reader that reads this format back; nil for Markdown, which is for people.
    public var readerFormat: DocumentFormat? {
        switch self {
        case .bibtex: return .bibtex
        case .ris: return .ris
        case .csljson: return .cslJSON
        case .medline: return .medline
        case .markdown: return nil
        }
    }
}

/// Papers out, as text in a reference format. Pure: the same papers give the same text.
public enum Exporter {
    public static func export(_ papers: [Paper], format: ExportFormat) -> String {
        switch format {
        case .bibtex: return BibTeXExporter.export(papers)
        case .ris: return RISExporter.export(papers)
        case .csljson: return CSLJSONExporter.export(papers)
        case .medline: return MedlineExporter.export(papers)
        case .markdown: return MarkdownExporter.export(papers)
        }
    }

    /// Citation keys for the papers, in order: first author's surname, year and first significant title word,
    /// folded to ASCII ("corrado2014exosome"); clashes get a, b, c… in order of appearance.
    public static func citationKeys(_ papers: [Paper]) -> [String] {
        var used = Set<String>()
        // The next suffix to try for each base key, so many clashes cost no more than a few.
        var nextSuffix: [String: Int] = [:]
        return papers.map { paper in
            let base = baseKey(paper)
            var key = base
            var suffix = nextSuffix[base]
            if suffix != nil || used.contains(key) {
                var n = suffix ?? 0
                repeat {
                    key = base + suffixLetters(n)
                    n += 1
                } while used.contains(key)
                suffix = n
            }
            nextSuffix[base] = suffix ?? 0
            used.insert(key)
            return key
        }
    }

    static let stopWords: Set<String> = [
        "a", "an", "the", "of", "on", "in", "for", "and", "or", "to", "with", "from", "by", "at", "as", "is", "are",
        "its", "into", "via", "de", "la", "le", "el", "der", "die", "das", "und",
    ]

    static func baseKey(_ paper: Paper) -> String {
        let surname = paper.authors.first.map { ReferenceFields.nameParts($0).family } ?? ""
        let author = asciiWord(surname)
        let word = TextNormalizer.words(paper.title).map(asciiWord).first { !$0.isEmpty && !stopWords.contains($0) && !$0.allSatisfy(\.isNumber) } ?? ""
        let year = paper.year.map(String.init) ?? ""
        let key = (author.isEmpty ? "anon" : author) + year + word
        return key
    }

    /// Lower-case ASCII letters and digits of a word, accents folded away (ß → ss, ø → o).
    static func asciiWord(_ word: String) -> String {
        let special: [Character: String] = ["ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
                                            "ł": "l", "Ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"]
        var text = ""
        for c in word { text += special[c] ?? String(c) }
        return TextNormalizer.fold(text).lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// a, b, …, z, aa, ab, …
    static func suffixLetters(_ n: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return n < 26 ? String(letters[n]) : suffixLetters(n / 26 - 1) + String(letters[n % 26])
    }

    /// Paragraphs of an abstract on one line, for the line-oriented formats (RIS, MEDLINE).
    static func oneLine(_ text: String) -> String { TextNormalizer.collapseWhitespace(text) }
}
