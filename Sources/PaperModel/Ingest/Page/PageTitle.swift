import Foundation

/// Finds the title among the lines before the abstract by its signals: an author list under it, a
/// citation or article-type label over it, the abstract after it, a second printing of it, a quoted
/// copy in a citation. Neighbour-article titles, subject labels, navigation and prose are never titles.
enum PageTitle {
    struct Found: Equatable {
        var text: String
        /// First and last line of the title (a title may run over two lines).
        var start: Int
        var end: Int
        /// Authors printed on the title's own line, after it.
        var trailingAuthors: AuthorLine.Result?
    }

    static func find(_ lines: [String], before limit: Int, abstractStart: Int?) -> Found? {
        let limit = min(limit, lines.count)
        var counts: [String: Int] = [:]
        for line in lines where line.utf8.count >= 8 && line.utf8.count <= 1_200 { counts[TextNormalizer.titleKey(line), default: 0] += 1 }
        let quoted = lines.prefix(limit).compactMap(CitationLine.quotedTitle).map(TextNormalizer.titleKey)

        var best: (score: Int, found: Found)?
        var index = 0
        var looked = 0
        while index < limit && looked < 200 {
            defer { index += 1 }
            let line = lines[index]
            if line.isEmpty { continue }
            looked += 1
            if let match = labelledTitle.firstMatch(in: line), let value = match["title"]?.trimmed, !value.isEmpty {
                return Found(text: value, start: index, end: index, trailingAuthors: nil)
            }
            guard var candidate = candidate(lines, at: index) else { continue }
            let previous = PageSections.previousNonBlank(lines, before: index).map { lines[$0] }
            if let previous, neighbourLabel.contains(previous) || PageSections.isLayHeading(previous) { continue }
            var score = 0
            let key = TextNormalizer.titleKey(candidate.text)
            let words = candidate.text.wordCount
            if let next = PageSections.nextNonBlank(lines, after: candidate.end) {
                if candidate.trailingAuthors != nil || PageAuthors.block(lines, at: next) != nil
                    || CitationLine.parseShort(lines[next]) != nil {
                    score += 3
                }
                if let abstractStart, next >= abstractStart - 1, next <= abstractStart {
                    score += 2
                } else if PageSections.abstractHeadingRest(lines[next]) != nil {
                    score += 2
                }
            } else if candidate.trailingAuthors != nil {
                score += 3
            }
            if let previous, CitationLine.parse(previous) != nil || PageIdentifiers.doi(in: previous) != nil
                || PageIdentifiers.pmid(in: previous) != nil || articleType.contains(previous) {
                score += 2
            }
            if counts[key, default: 0] >= 2, words >= 4 || PageSections.effectiveWords(candidate.text) >= 8 { score += 3 }
            if quoted.contains(key) { score += 2 }
            if words >= 4 && words <= 40 || PageSections.effectiveWords(candidate.text) >= 8 { score += 1 }
            candidate.text = cleanTitle(candidate.text)
            if best == nil || score > best!.score { best = (score, candidate) }
        }
        guard var found = best?.found else { return nil }
        // A shortened copy (a document name) gives way to the full title printed later.
        let opening = found.text.wordList.prefix(3).joined(separator: " ")
        let foundKey = TextNormalizer.titleKey(found.text)
        if let fuller = lines.indices.first(where: { i in
            i != found.start && lines[i].utf8.count > found.text.utf8.count + 8 && lines[i].utf8.count < 2_000
                && lines[i].range(of: opening, options: .caseInsensitive) != nil
                && TextNormalizer.titleKey(cleanTitle(lines[i])).hasPrefix(foundKey) && !lines[i].contains("http")
        }), let candidate = candidate(lines, at: fuller) {
            found = candidate
            found.text = cleanTitle(found.text)
        }
        return found
    }

    /// The title a line could hold, joined with a continuation line, with authors run into it split off.
    private static func candidate(_ lines: [String], at index: Int) -> Found? {
        var line = lines[index]
        if let url = leadingURL.firstMatch(in: line), url.after.wordCount >= 3 { line = url.after.trimmed }
        var found = Found(text: line, start: index, end: index, trailingAuthors: nil)
        // A title run on into its author list (PDF text): only the head of a long line is looked at.
        let words = line.wordList
        if words.count >= 6, line.first?.isUppercase == true, line.contains(",") || line.contains(" and ") {
            let head = words.count > 60 ? words.prefix(60).joined(separator: " ") : line
            if let split = AuthorLine.splitTrailingAuthors(head), split.title.wordCount >= 3,
               let last = split.title.last, !",;".contains(last), split.title.contains(where: \.isLowercase),
               AuthorLine.parsePrefix(split.title) == nil, acceptable(split.title) {
                found.text = split.title
                found.trailingAuthors = split.authors
                return found
            }
        }
        guard acceptable(line) else { return nil }
        if AuthorLine.parse(line) != nil || CitationLine.parseShort(line) != nil { return nil }
        // A title broken over two lines: the next line goes on in lower case.
        if let last = line.last, !".?!".contains(last), let next = PageSections.nextNonBlank(lines, after: index),
           next - index <= 3, let first = lines[next].first, first.isLowercase, lines[next].wordCount <= 15,
           !PageBoilerplate.isBoilerplate(lines[next]) {
            found.text += " " + lines[next]
            found.end = next
        }
        return found
    }

    /// Whether a line can be a title at all.
    static func acceptable(_ line: String) -> Bool {
        let text = line.trimmed
        guard !text.isEmpty, text.count <= 400 else { return false }
        let han = PageSections.hanCount(text)
        let words = text.wordCount
        guard words >= 2 || han >= 6 else { return false }
        guard words <= 80 else { return false }
        if let first = text.first, first.isLowercase || first == "." || first == "(" || first == "[" { return false }
        if !text.contains(where: \.isUppercase) && han == 0 { return false }
        if PageSections.isLayHeading(text) { return false }
        // A person's name alone ("Fatima Zahra") is an author, not a title.
        if words <= 4, AuthorLine.isNameText(text) { return false }
        if PageBoilerplate.isBoilerplate(text) || PageBoilerplate.isNotice(text) || PageBoilerplate.isEndOfPaper(text) { return false }
        if PageSections.abstractHeadingRest(text) != nil || PageSections.keywordLabel.contains(text) { return false }
        if PageSections.introduction.contains(text) || PageSections.structuredStart.contains(text) { return false }
        if numbered.contains(text) || CitationLine.journalFromPublisherNote(text) != nil { return false }
        if CitationLine.parse(text) != nil || PageIdentifiers.doi(in: text) != nil || PageIdentifiers.pmid(in: text) != nil { return false }
        if text.contains("http") || text.contains("www.") || text.contains("....") || referenceMarker.contains(text) { return false }
        if PageSections.affiliation.contains(text) || fieldLabel.contains(text) || articleType.contains(text) { return false }
        if CitationLine.journalFromLogo(text) != nil || text.contains("logoLink") { return false }
        // A subject label in capitals ("ACUTE MYELOID LEUKEMIA") is not a title; a title set in capitals is longer.
        if !text.contains(where: \.isLowercase) && han == 0 && words <= 4 { return false }
        // Prose: several sentences.
        if words > 25 && (sentenceBreak.contains(text) || text.hasSuffix(".") && words > 35) { return false }
        return true
    }

    /// Site suffixes and article-type prefixes removed: "… - PMC", "Review Article The …", "Meta AnalysisThe …".
    static func cleanTitle(_ raw: String) -> String {
        var title = TextNormalizer.collapseWhitespace(raw)
        title = siteSuffix.replacing(in: title, with: "")
        title = runningHeader.replacing(in: title, with: "")
        let stripped = typePrefix.replacing(in: title, with: "")
        if stripped.wordCount >= 3 { title = stripped }
        // A section label before the title: "Artículo Original Descripción …", "Original Article The …".
        let words = title.wordList
        for count in stride(from: min(3, words.count - 3), through: 1, by: -1) where count >= 1 {
            let label = words.prefix(count).joined(separator: " ")
            if articleType.contains(label), let next = words[count].first, next.isUppercase {
                title = words.dropFirst(count).joined(separator: " ")
                break
            }
        }
        return firstOfTwoLanguages(title).withoutTrailingPeriod
    }

    /// "Descripción de una serie de casos … Description of a case series …": a title printed
    /// in two languages one after the other; the first is kept. Both halves must be in sentence case, of
    /// like length, and written with the function words of different languages.
    static func firstOfTwoLanguages(_ title: String) -> String {
        let words = title.wordList.map(String.init)
        guard words.count >= 8 else { return title }
        for split in 4...(words.count - 4) {
            let word = words[split]
            guard let first = word.first, first.isUppercase, word.dropFirst().allSatisfy({ !$0.isUppercase }),
                  words[split - 1].first?.isLowercase == true else { continue }
            let a = Array(words[..<split]), b = Array(words[split...])
            guard isSentenceCase(a), isSentenceCase(b), a.count * 2 >= b.count, b.count * 2 >= a.count else { continue }
            let la = language(of: a), lb = language(of: b)
            if let la, let lb, la != lb { return a.joined(separator: " ") }
        }
        return title
    }

    private static func isSentenceCase(_ words: [String]) -> Bool {
        words.dropFirst().allSatisfy { word in
            guard let first = word.first else { return true }
            return !first.isUppercase || word.count <= 5 && word.allSatisfy { $0.isUppercase || $0.isNumber || !$0.isLetter }
        }
    }

    /// "en", "es", "pt", "fr", "de" by function words, or nil.
    private static func language(of words: [String]) -> String? {
        var votes: [String: Int] = [:]
        for word in words {
            if let language = functionWords[word.lowercased()] { votes[language, default: 0] += 1 }
        }
        guard let top = votes.max(by: { $0.value < $1.value }), top.value >= 1 else { return nil }
        return top.key
    }

    private static let functionWords: [String: String] = [
        "of": "en", "the": "en", "with": "en", "and": "en", "in": "en", "for": "en", "on": "en", "patients": "en",
        "de": "es", "los": "es", "las": "es", "con": "es", "el": "es", "la": "es", "del": "es", "y": "es", "en": "es",
        "para": "es", "por": "es", "pacientes": "es", "und": "de", "mit": "de", "der": "de", "die": "de", "bei": "de",
        "des": "fr", "les": "fr", "avec": "fr", "chez": "fr", "et": "fr", "do": "pt", "da": "pt", "com": "pt", "em": "pt",
    ]

    private static let labelledTitle = PagePattern(#"^(?:Vernacular\s*Title|Article\s*Title|Title)\s*:\s*(?<title>.+)$"#, caseInsensitive: true)
    private static let neighbourLabel = PagePattern(#"^(?:next|previous|prev\.?)\s+(?:article|post|chapter)\b"#, caseInsensitive: true)
    static let articleType = PagePattern(
        #"^(?:original(?: research)?(?: article)?|review(?: article)?s?|research(?: article| paper)?s?:?|article|mini[- ]review|systematic review(?: article)?|case report|editorial|letter(?: to the editor)?|commentary|perspective|brief report|short communication|clinical trial|meta[- ]analysis|research papers?:?|review articles?|original articles?|trabajos originales|artículo original|revisión|\S+ article)$"#,
        caseInsensitive: true)
    private static let typePrefix = PagePattern(
        #"^(?:(?:Review|Original|Research)\s+Article|Article|(?:Review\s*)?Meta[- ]?Analysis(?=\p{Lu})|Review(?=\p{Lu}))\s*(?=\p{Lu})"#)
    private static let runningHeader = PagePattern(
        #"^(?:\p{Lu}\.\s?)+\p{Lu}[\p{L}'’-]+\s+(?:y cols?|et al|e cols?|et coll|and colleagues)\.?\s+(?=\p{Lu})"#)
    private static let siteSuffix = PagePattern(
        #"\s+[-|–—]\s+(?:PMC|PubMed|NCBI|ScienceDirect|Europe PMC|Semantic Scholar|ResearchGate|Wiley Online Library|SpringerLink|Scribd|PDF)\s*$"#)
    static let fieldLabel = PagePattern(
        #"^(?:published|received|accepted|revised|correspondence(?: to)?|corresponding author|editor|academic editor|monitoring editor|citation|copyright|author|authors|from|publication type|language|country|format|subjects|main authors|published in|tags|online access|metrics|doi|pmid|pmcid|funding|article history|send correspondence to|e-?mail|tel|fax|cite this|how to cite|abstract|keywords|autores?|autor|auteurs?|autoren|afiliaci[oó]n|作者|单位|来源|摘要|关键词|基金项目|出处|刊名|著者)\s*(?:\([^)]*\))?\s*[:：]"#,
        caseInsensitive: true)
    private static let leadingURL = PagePattern(#"^.*?(?:https?://|www\.)\S+\s+"#)
    private static let numbered = PagePattern(#"^\d{1,4}\.\s?\p{Lu}"#)
    private static let referenceMarker = PagePattern(#"\[\d+\]"#)
    private static let sentenceBreak = PagePattern(#"[.!?]\s+\p{Lu}"#)
}
