import Foundation

/// The text of a page as lines, repaired so the other parts can read it: literal "\n" escapes and
/// entity remnants undone, one-line Markdown and PDF dumps broken at their headings, letter-spaced
/// headings closed up, bullets and proxy link labels dropped. Blank lines are kept as "".
enum PageLines {
    /// A page's own text is a few thousand characters; beyond these bounds it is a dump, read only in part.
    static let maximumCharacters = 2_000_000
    static let maximumLineLength = 20_000

    static func lines(of fullText: String) -> [String] {
        var text = fullText.count > maximumCharacters ? String(fullText.prefix(maximumCharacters)) : fullText
        text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        text = text.replacingOccurrences(of: "\u{00A0}", with: " ")
        if text.contains("\\n") { text = literalNewline.replacing(in: text, with: "\n") }
        if text.contains("&") { text = PageHTML.decodeEntities(text) }
        var out: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = raw.count > maximumLineLength ? String(raw.prefix(maximumLineLength)) : String(raw)
            if TextSanitizer.needsCleaning(line) { line = TextSanitizer.line(line) }
            if line.count > 300 { line = breakLongLine(line) }
            for piece in line.split(separator: "\n", omittingEmptySubsequences: false) {
                out.append(tidy(String(piece)))
            }
        }
        return out
    }

    /// One line cleaned: bullets, Markdown heading marks and proxy labels dropped, letter-spacing closed up.
    static func tidy(_ raw: String) -> String {
        var line = raw.trimmed
        line = bullet.replacing(in: line, with: "")
        line = proxyLabels.replacing(in: line, with: "")
        if line.contains("ORCID") || line.contains("overlay panel") { line = gluedControls.replacing(in: line, with: "") }
        if line.hasPrefix("#") { line = markdownHeading.replacing(in: line, with: "") }
        line = spacedAbstract.replacing(in: line, with: "Abstract")
        if isLetterSpaced(line) { line = closeUp(line) }
        return line.trimmed
    }

    /// A heading printed with spaces between its letters ("a r t i c l e", "m e dic i n e").
    static func isLetterSpaced(_ line: String) -> Bool {
        let words = line.wordList
        guard words.count >= 4 else { return false }
        let short = words.filter { $0.count <= 2 && $0.allSatisfy(\.isLetter) }.count
        return short * 10 >= words.count * 7 && words.allSatisfy { $0.allSatisfy(\.isLetter) }
    }

    /// A letter-spaced heading closed up, cut into words where a small vocabulary of masthead and heading
    /// words covers it ("t h e n o r th e r n j o u r na l" → "The Northern Journal"), else run together.
    static func closeUp(_ line: String) -> String {
        let letters = line.filter { !$0.isWhitespace }
        let lower = Array(letters.lowercased())
        guard lower.count == letters.count, lower.count <= 80 else { return letters }
        // best[i]: the fewest words covering lower[..<i].
        var best: [[String]?] = Array(repeating: nil, count: lower.count + 1)
        best[0] = []
        for end in 1...lower.count {
            for start in max(0, end - 14)..<end {
                guard let head = best[start] else { continue }
                let word = String(lower[start..<end])
                guard mastheadWords.contains(word) else { continue }
                if best[end] == nil || best[end]!.count > head.count + 1 { best[end] = head + [word] }
            }
        }
        guard let words = best[lower.count] else { return letters }
        return words.enumerated().map { index, word in
            index > 0 && ["of", "the", "and", "in", "for", "on"].contains(word) ? word : word.prefix(1).uppercased() + word.dropFirst()
        }.joined(separator: " ")
    }

    private static let mastheadWords: Set<String> = [
        "the", "of", "and", "in", "for", "on", "new", "england", "journal", "medicine", "medical", "american", "british",
        "european", "international", "clinical", "oncology", "hematology", "haematology", "blood", "cancer", "research",
        "science", "sciences", "nature", "lancet", "annals", "review", "reviews", "letters", "cell", "biology",
        "molecular", "association", "society", "investigation", "pediatrics", "paediatrics", "surgery", "leukemia",
        "lymphoma", "myeloma", "transplantation", "immunology", "neurology", "cardiology", "internal", "experimental",
        "translational", "reports", "case", "article", "articles", "original", "info", "abstract", "keywords",
        "introduction", "summary", "brief", "communication", "letter", "editorial", "perspective", "perspectives",
        "correspondence", "history", "methods", "results", "discussion", "conclusion", "conclusions", "references",
    ]

    /// A long line (a PDF or a one-line page) broken before the headings and labels run into it.
    private static func breakLongLine(_ line: String) -> String {
        var text = line
        if text.contains("====") || text.contains(" ## ") {
            text = markdownRule.replacing(in: text, with: "\n")
            text = markdownBullet.replacing(in: text, with: "\n")
            text = markdownInlineHeading.replacing(in: text, with: "\n$1")
        }
        text = inlineHeading.replacing(in: text, with: "\n$1")
        text = licenceEnd.replacing(in: text, with: "$1\n")
        return text
    }

    private static let gluedControls = PagePattern(#"View ORCID Profile\s*|Author links open overlay panel\s*|ORCID Icon\s*"#)
    private static let literalNewline = PagePattern(#"\\n(?=\s*\p{Lu}|\s*$)"#)
    private static let bullet = PagePattern(#"^(?:[•·▪◦●■►]|-(?=\s)|\*(?=\s))\s*"#)
    private static let proxyLabels = PagePattern(#"\s*\((?:original|raw)\)\s*\((?:original|raw)\)\s*$"#)
    private static let markdownHeading = PagePattern(#"^#{1,6}\s*"#)
    private static let markdownRule = PagePattern(#"\s*={4,}\s*"#)
    private static let markdownBullet = PagePattern(#"\s+\*\s+(?=\p{Lu})"#)
    private static let markdownInlineHeading = PagePattern(#"\s+(#{1,6}\s+\S)"#)
    private static let spacedAbstract = PagePattern(#"^a\s*b\s*s\s*t\s*r\s*a\s*c\s*t(?=\s|$|:)"#, caseInsensitive: true)
    private static let inlineHeading = PagePattern(
        #"(?<=\S)\s+((?:ABSTRACT|Abstract:|Abstract(?=\s+\p{Lu})|RESUMEN|Resumen(?=\s+\p{Lu})|SUMMARY(?=\s+\p{Lu})|摘要|Keywords?\s*:|Key\s?words\s*:|KEYWORDS|Palabras clave\s*:|Received\s*:|Accepted\s*:|Published\s*:|Correspondence(?: to)?\s*:|Correspondence should|Copyright\s*(?:©|:|\d)|Article history:|INTRODUCTION\b|Introduction(?=\s+\p{Lu})|1\.\s+Introduction)(?=\s|:|$))"#)
    private static let licenceEnd = PagePattern(#"((?:properly cited|are credited|is credited|All rights reserved)\.)\s+(?=\p{Lu})"#)
}
