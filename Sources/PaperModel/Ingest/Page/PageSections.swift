import Foundation

/// The abstract, keyword and publication-type sections of a page, found by their headings and labels
/// or, failing those, by the shape of the prose.
enum PageSections {
    /// Where the abstract lies: its first line, the line after its last, and its text.
    struct Span: Equatable {
        var start: Int
        var end: Int
        var text: String
    }

    // MARK: - Abstract

    /// The abstract under an "Abstract"/"Summary"/"Resumen"/"摘要" heading, skipping headings over a lay summary
    /// or over something that is not prose (a tab label before the author list). When the same abstract is
    /// printed twice, the later copy is taken (it follows the title).
    static func abstractUnderHeading(_ lines: [String]) -> Span? {
        var found: Span?
        for (index, line) in lines.enumerated() {
            if let stop = found.map({ $0.end }), index < stop { continue }
            let span: Span
            if let rest = abstractHeadingRest(line) {
                guard let underHeading = abstract(lines, heading: index, rest: rest) else { continue }
                span = underHeading
            } else if trailingHeading.contains(line), let start = firstProse(lines, after: index, within: 3) {
                // "Riverside Cancer Institute, Springfield, Abstract": a two-column PDF puts the heading at the
                // end of an affiliation line; the abstract is the next prose.
                span = collect(lines, from: start, first: lines[start])
            } else {
                continue
            }
            if let previous = found {
                let a = TextNormalizer.titleKey(String(previous.text.prefix(80)))
                let b = TextNormalizer.titleKey(String(span.text.prefix(80)))
                if a == b || a.hasPrefix(b) || b.hasPrefix(a) { found = span }
                continue
            }
            found = span
        }
        return found
    }

    /// The abstract of a page with no heading: the first structured label ("Background:") or long paragraph
    /// of prose after `start`.
    static func abstractWithoutHeading(_ lines: [String], from start: Int) -> Span? {
        var index = max(0, start)
        while index < lines.count {
            let line = lines[index]
            if PageBoilerplate.isEndOfPaper(line) || introduction.contains(line) { return nil }
            if structuredStart.contains(line), effectiveWords(line) >= 10, !PageBoilerplate.isNotice(line) {
                return collect(lines, from: index, first: line)
            }
            if isProse(line, minimum: 30), !PageBoilerplate.isNotice(line), sentenceEnd.contains(line) || line.wordCount >= 60 {
                return collect(lines, from: index, first: line)
            }
            index += 1
        }
        return nil
    }

    /// The text after an abstract heading on its line ("" when the heading stands alone), or nil when the
    /// line is not an abstract heading.
    static func abstractHeadingRest(_ line: String) -> String? {
        if let match = abstractHeading.firstMatch(in: line) {
            let rest = (match["rest"] ?? "").trimmed
            return rest
        }
        return nil
    }

    private static func abstract(_ lines: [String], heading: Int, rest: String) -> Span? {
        var first = rest
        var start = heading
        if first.isEmpty || first == ":" {
            guard let next = nextNonBlank(lines, after: heading, skipping: [":"]) else { return nil }
            start = next
            first = lines[next]
        }
        if layHeading.contains(first) { return nil }
        if structuredLabelOnly.contains(first) {
            guard let next = nextNonBlank(lines, after: start), isProse(lines[next], minimum: 8) else { return nil }
            return collect(lines, from: start, first: first)
        }
        guard isProse(first, minimum: 12) || structuredStart.contains(first) && effectiveWords(first) >= 6 else { return nil }
        return collect(lines, from: start, first: first)
    }

    /// The abstract's lines from `start` (whose text is `first`) up to the next heading, notice or navigation.
    private static func collect(_ lines: [String], from start: Int, first: String) -> Span {
        var parts = [first]
        var index = start + 1
        var end = start + 1
        var gap = false
        while index < lines.count {
            let line = lines[index]
            if line.isEmpty { gap = true; index += 1; continue }
            if stopsAbstract(line) { break }
            let label = structuredLabelOnly.contains(line) || structuredStart.contains(line)
            if gap {
                let afterLabel = parts.count >= 1 && structuredLabelOnly.contains(parts.last!.trimmed)
                guard label || isProse(line, minimum: afterLabel ? 5 : 15) else { break }
                parts.append("\n" + line)
            } else {
                let previous = parts.last ?? ""
                let continues = !(previous.hasSuffix(".") || previous.hasSuffix(":"))
                guard label || line.wordCount >= 5 || continues && !line.isEmpty && line.wordCount >= 2 else { break }
                guard !affiliation.contains(line) else { break }
                let previousIsLabel = structuredLabelOnly.contains(previous.trimmed)
                if label || previousIsLabel {
                    parts.append("\n" + line)
                } else if previous.hasSuffix("-"), line.first?.isLowercase ?? false {
                    parts.append(line)
                } else {
                    parts.append(" " + line)
                }
            }
            gap = false
            index += 1
            end = index
        }
        var text = parts.joined()
        text = trailingControl.replacing(in: text, with: "")
        return Span(start: start, end: end, text: text)
    }

    private static func stopsAbstract(_ line: String) -> Bool {
        if PageBoilerplate.isBoilerplate(line) || PageBoilerplate.isEndOfPaper(line) { return true }
        if keywordLabel.contains(line) || introduction.contains(line) || abstractHeading.contains(line) { return true }
        if layHeading.contains(line) || PageTitle.fieldLabel.contains(line) { return true }
        if line.hasSuffix(":") || line.hasSuffix("："), line.wordCount <= 4, !structuredLabelOnly.contains(line) { return true }
        if PageBoilerplate.isNotice(line) && line.wordCount < 60 { return true }
        return false
    }

    // MARK: - Keywords

    /// Author keywords: a "Keywords:" line or block, else a keyword list printed without a label right after
    /// the abstract.
    static func keywords(_ lines: [String], abstract: Span?) -> [String] {
        for (index, line) in lines.enumerated() {
            guard let match = keywordLabel.firstMatch(in: line) else { continue }
            let rest = (match["rest"] ?? "").trimmed
            if !rest.isEmpty { return splitKeywords(rest) }
            var block: [String] = []
            var cursor = index + 1
            while cursor < lines.count, block.count < 15 {
                let next = lines[cursor]
                cursor += 1
                if next.isEmpty { if block.isEmpty { continue } else { break } }
                if PageBoilerplate.isBoilerplate(next) || PageBoilerplate.isEndOfPaper(next) || introduction.contains(next)
                    || abstractHeading.contains(next) || next.wordCount > 12 { break }
                block.append(next)
            }
            if block.count == 1 { return splitKeywords(block[0]) }
            return block.flatMap { splitKeywords($0) }
        }
        guard let abstract else { return [] }
        return unlabelledKeywords(lines, after: abstract.end)
    }

    /// "Kinase blocker; Marrow fibrosis; examplinib" or a column of short terms, just after the abstract.
    private static func unlabelledKeywords(_ lines: [String], after end: Int) -> [String] {
        guard let first = nextNonBlank(lines, after: end - 1) else { return [] }
        let line = lines[first]
        if line.contains(";") {
            let items = splitKeywords(line)
            if items.count >= 3, items.allSatisfy({ $0.wordCount <= 6 }), !line.hasSuffix(".") || line.filter({ $0 == "." }).count == 1 {
                return items
            }
            return []
        }
        var block: [String] = []
        var cursor = first
        while cursor < lines.count {
            let next = lines[cursor]
            if next.isEmpty || PageBoilerplate.isBoilerplate(next) || PageBoilerplate.isEndOfPaper(next) { break }
            guard next.wordCount <= 6, !next.hasSuffix("."), !next.hasSuffix(":"), !introduction.contains(next),
                  next.contains(where: \.isLetter), !next.contains(where: { $0 == ":" || $0 == "," }), !next.containsYear,
                  !issueLine.contains(next) else { return [] }
            block.append(next)
            cursor += 1
        }
        return block.count >= 3 ? block : []
    }

    /// A keyword list cut at its separators: ";" first, then ",", then bullets; a run of terms with no
    /// separator at all is cut where a capitalised word follows a lower-case one.
    static func splitKeywords(_ text: String) -> [String] {
        var line = text.trimmed
        while let last = line.last, ".;,".contains(last) { line.removeLast() }
        let pieces: [String]
        if line.contains(";") || line.contains("；") {
            pieces = line.split(whereSeparator: { $0 == ";" || $0 == "；" }).map(String.init)
        } else if line.contains(",") || line.contains("，") || line.contains("、") {
            pieces = line.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" }).map(String.init)
        } else if line.contains(" · ") || line.contains(" • ") || line.contains("|") {
            pieces = line.split(whereSeparator: { $0 == "·" || $0 == "•" || $0 == "|" }).map(String.init)
        } else if line.wordCount > 4 {
            var terms: [[Substring]] = []
            var previousLower = false
            for word in line.wordList {
                let upper = word.first?.isUppercase ?? false
                if terms.isEmpty || (upper && previousLower) { terms.append([word]) } else { terms[terms.count - 1].append(word) }
                previousLower = word.first?.isLowercase ?? false
            }
            pieces = terms.map { $0.joined(separator: " ") }
        } else {
            pieces = [line]
        }
        return pieces.map { piece -> String in
            var term = piece.trimmed
            if term.lowercased().hasPrefix("and ") { term = String(term.dropFirst(4)) }
            return term.withoutTrailingPeriod
        }.filter { !$0.isEmpty && $0.wordCount <= 10 }
    }

    // MARK: - Publication types

    /// Publication types shown as labels ("REVIEW", "Journal Article") before the abstract, or under a
    /// "Publication Type:" label.
    static func publicationTypes(_ lines: [String], before end: Int) -> [String] {
        var types: [String] = []
        for line in lines.prefix(max(0, end)) {
            var candidates = [line]
            if let match = publicationTypeLabel.firstMatch(in: line), let rest = match[1] {
                candidates = rest.components(separatedBy: ";")
            }
            for candidate in candidates {
                let key = TextNormalizer.fold(candidate.trimmed.withoutTrailingPeriod)
                if let name = publicationTypeNames[key], !types.contains(name) { types.append(name) }
            }
        }
        return types
    }

    private static let publicationTypeNames: [String: String] = {
        let names = [
            "Journal Article", "Review", "Systematic Review", "Meta-Analysis", "Research Support, Non-U.S. Gov't",
            "Research Support, U.S. Gov't, Non-P.H.S.", "Research Support, U.S. Gov't, P.H.S.",
            "Research Support, N.I.H., Extramural", "Research Support, N.I.H., Intramural", "Clinical Trial",
            "Clinical Trial, Phase I", "Clinical Trial, Phase II", "Clinical Trial, Phase III", "Clinical Trial, Phase IV",
            "Randomized Controlled Trial", "Controlled Clinical Trial", "Multicenter Study", "Observational Study",
            "Comparative Study", "Case Reports", "Editorial", "Letter", "Comment", "Practice Guideline", "Guideline",
            "English Abstract", "Evaluation Study", "Validation Study", "Published Erratum", "Retracted Publication",
            "Historical Article", "News", "Preprint", "Consensus Development Conference", "Video-Audio Media",
            "Twin Study", "Equivalence Trial", "Pragmatic Clinical Trial", "Systematic Review and Meta-Analysis",
        ]
        var map: [String: String] = [:]
        for name in names { map[TextNormalizer.fold(name)] = name }
        return map
    }()

    // MARK: - Shapes

    /// "Key Points", "Highlights", "TL;DR", "Visual Abstract": blocks beside the abstract that are not it.
    static func isLayHeading(_ line: String) -> Bool {
        layHeading.contains(line)
    }

    /// The first prose line among the next `count` non-blank lines.
    private static func firstProse(_ lines: [String], after index: Int, within count: Int) -> Int? {
        var cursor = index
        for _ in 0..<count {
            guard let next = nextNonBlank(lines, after: cursor) else { return nil }
            if isProse(lines[next], minimum: 8) { return next }
            cursor = next
        }
        return nil
    }

    static func nextNonBlank(_ lines: [String], after index: Int, skipping: Set<String> = []) -> Int? {
        var cursor = index + 1
        while cursor < lines.count {
            if !lines[cursor].isEmpty && !skipping.contains(lines[cursor]) { return cursor }
            cursor += 1
        }
        return nil
    }

    static func previousNonBlank(_ lines: [String], before index: Int) -> Int? {
        var cursor = index - 1
        while cursor >= 0 {
            if !lines[cursor].isEmpty { return cursor }
            cursor -= 1
        }
        return nil
    }

    /// Words, counting two Han characters as one word.
    static func effectiveWords(_ line: String) -> Int {
        line.wordCount + hanCount(line) / 2
    }

    /// Han characters in a text (ASCII skipped without a property lookup).
    static func hanCount(_ line: String) -> Int {
        var count = 0
        for scalar in line.unicodeScalars where scalar.value >= 0x2E80 && scalar.properties.isIdeographic { count += 1 }
        return count
    }

    /// Running prose: enough words, mostly lower-case words, not an author list or an affiliation.
    static func isProse(_ line: String, minimum: Int) -> Bool {
        guard effectiveWords(line) >= minimum else { return false }
        if PageBoilerplate.isBoilerplate(line) || affiliation.contains(line) { return false }
        let words = line.wordList
        let han = hanCount(line)
        if han < 10 {
            let lower = words.filter { $0.first?.isLowercase ?? false }.count
            guard lower * 10 >= words.count * 3 else { return false }
        }
        if words.count < 40, AuthorLine.parsePrefix(line) != nil { return false }
        return true
    }

    private static let issueLine = PagePattern(#"^(?:volume|vol\.|issue|pages?|pp\.)\s*\d"#, caseInsensitive: true)
    static let keywordLabel = PagePattern(
        #"^(?:author\s+)?(?:keywords?|key\s?words|key-words|palabras\s+clave|palavras-chave|mots[- ]cl[ée]s|schlüsselwörter|parole chiave|słowa kluczowe|ключевые слова|关键词|关键字|キーワード|주요어|키워드|index terms)\s*[:：]?\s*(?<rest>.*)$"#,
        caseInsensitive: true)
    static let introduction = PagePattern(
        #"^(?:(?:\d+|[IVX]+)\.?\s*)?(?:introduction|background and introduction|introducción|引言|前言)\s*\.?$"#, caseInsensitive: true)
    private static let abstractHeading = PagePattern(
        #"^(?:abstract|summary|resumen|resumo|résumé|abstrait|zusammenfassung|riassunto|streszczenie|аннотация|реферат|摘要|抄録|要旨|초록|요약)(?:\s*[:：.]|\s*$|\s+(?=\p{Lu}|\*\*|\d))\s*(?<rest>.*)$"#,
        caseInsensitive: true)
    private static let trailingControl = PagePattern(#"\s*(?:\.\.\.\s*)?(?:Expand|Show more|Read more|See more|\(more\)|…\s*more|Collapse)\s*$"#)
    private static let trailingHeading = PagePattern(#"^.{10,}[,\s]\s*Abstract$"#)
    private static let layHeading = PagePattern(
        #"^(?:simple summary|lay summary|plain language summary|key points|key messages|highlights|research highlights|tl;?dr|graphical abstract|visual abstract|significance statement|what is already known|editor'?s summary)\b"#,
        caseInsensitive: true)
    private static let labels = #"(?:background|backgrounds|objectives?|purpose|aims?|context|methods?|materials? and methods|results?|conclusions?|case (?:presentation|report|description)|design|setting|participants|interventions|main outcome measures?|findings|interpretation|areas covered|expert (?:commentary|opinion)|significance|rationale|importance|observations|discussion|objetivos?|antecedentes|introducción|métodos|material y métodos|resultados|conclusiones|diseño|fundamento|目的|方法|结果|结论)"#
    private static let structuredLabelOnly = PagePattern(#"^(?:\*\*)?"# + labels + #"(?:\*\*)?\s*[:：.]?$"#, caseInsensitive: true)
    static let structuredStart = PagePattern(#"^(?:\*\*)?"# + labels + #"(?:\*\*)?\s*(?:[:：]\s*|\s+)\S"#, caseInsensitive: true)
    private static let sentenceEnd = PagePattern(#"[.!?。](?:\s|$)"#)
    static let affiliation = PagePattern(
        #"^(?:\d{1,2}\s*)?(?:Department|Dept\.|Division|Faculty|School of|Institute|Laboratory|Centre|Center for|University|Hospital|Servicio|Departamento)\b|@|\[email\s*protected\]|\bE-?mail\s*:|\bCorrespond(?:ence|ing)\b"#,
        caseInsensitive: false)
    private static let publicationTypeLabel = PagePattern(#"^Publication Types?\s*:\s*(.+)$"#, caseInsensitive: true)
}
