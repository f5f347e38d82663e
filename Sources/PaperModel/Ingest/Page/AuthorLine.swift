import Foundation

/// Author lists as pages print them: separated by commas, semicolons, "and", "|" or bullets, with
/// affiliation digits, letters, asterisks and daggers stuck to the names, sometimes glued twice over.
/// Names come out as "First Last"; group authors are dropped; "et al." sets the truncation flag.
enum AuthorLine {
    struct Result: Equatable {
        var names: [String]
        var truncated: Bool
    }

    /// The names of a text that is an author list, or nil when it is not one.
    /// - Parameter allowSingle: accept a list of one name (the context already says it is an author line).
    static func parse(_ text: String, allowSingle: Bool = false) -> Result? {
        let chunks = chunks(of: text)
        guard !chunks.isEmpty else { return nil }
        var names: [String] = []
        var truncated = false
        var invalid = 0
        for chunk in chunks {
            switch classify(chunk) {
            case .name(let parts): names += parts
            case .etAl: truncated = true
            case .group: break
            case .invalid: invalid += 1
            }
        }
        guard let first = chunks.first, case .name = classify(first) else { return nil }
        guard invalid == 0 || (names.count >= 4 && invalid * 5 <= names.count) else { return nil }
        let cleaned = clean(names)
        guard cleaned.count >= 2 || (!cleaned.isEmpty && (allowSingle || truncated)) else { return nil }
        return Result(names: cleaned, truncated: truncated)
    }

    /// The names at the start of a text that runs on into other matter (affiliations, a date), or nil
    /// when fewer than two names lead it.
    static func parsePrefix(_ text: String) -> Result? {
        // Author lists long enough to matter fit well within the first few thousand characters.
        let text = text.utf8.count > 4_000 ? String(text.prefix(4_000)) : text
        var names: [String] = []
        var truncated = false
        for chunk in chunks(of: text) {
            switch classify(chunk) {
            case .name(let parts): names += parts
            case .etAl: truncated = true
            case .group: continue
            case .invalid: break
            }
            if case .invalid = classify(chunk) { break }
        }
        let cleaned = clean(names)
        return cleaned.count >= 2 ? Result(names: cleaned, truncated: truncated) : nil
    }

    /// Splits a line where a title runs on into its author list ("… A pilot study Marta Lindqvist a, Omar …").
    /// Returns the title part and the authors, or nil when no author list ends the line.
    static func splitTrailingAuthors(_ line: String) -> (title: String, authors: Result)? {
        let words = line.wordList
        guard words.count >= 5 else { return nil }
        for start in 3..<(words.count - 1) {
            // A name starts with two capitalised words (or initials) in a row.
            guard let initial = words[start].first, initial.isUppercase,
                  let next = words[start + 1].first, next.isUppercase else { continue }
            let remainder = words[start...].joined(separator: " ")
            guard let result = parsePrefix(remainder) else { continue }
            let firstLength = result.names[0].wordCount
            let others = result.names.dropFirst().map(\.wordCount)
            let typical = max(2, others.max() ?? 2)
            guard firstLength <= typical else { continue }
            return (words[..<start].joined(separator: " "), result)
        }
        return nil
    }

    /// "Last, First" turned round; other forms returned as they are.
    static func invertIfCommaForm(_ name: String) -> String {
        let parts = name.split(separator: ",", maxSplits: 1).map { $0.trimmed }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return name.trimmed }
        return "\(parts[1]) \(parts[0])"
    }

    /// "Last, First, Last, First, …" as printed by library catalogues: pairs turned round, or nil when the
    /// commas do not pair up.
    static func parseInvertedPairs(_ text: String) -> [String]? {
        let parts = text.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
        guard parts.count >= 2, parts.count % 2 == 0 else { return nil }
        var names: [String] = []
        var index = 0
        while index < parts.count {
            let last = parts[index], first = parts[index + 1]
            guard last.wordCount <= 3, first.wordCount <= 4, isNameText(last, single: true), isNameText(first, single: true) else { return nil }
            names.append("\(first) \(last)")
            index += 2
        }
        return clean(names)
    }

    /// Duplicates removed (also a name glued to a damaged copy of itself), order kept, "Last Initials" turned round.
    static func clean(_ names: [String]) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        let vancouver = names.count >= 2 && names.filter(isSurnameInitials).count * 2 > names.count
        for raw in names {
            var name = TextNormalizer.collapseWhitespace(raw)
            if vancouver, isSurnameInitials(name) {
                var words = name.wordList.map(String.init)
                let initials = words.removeLast()
                name = ([initials] + words).joined(separator: " ")
            }
            guard !name.isEmpty else { continue }
            let key = TextNormalizer.fold(name)
            guard seen.insert(key).inserted else { continue }
            if let previous = out.last, isDamagedCopy(previous, of: name) {
                out[out.count - 1] = name
                seen.insert(key)
                continue
            }
            if let previous = out.last, isDamagedCopy(name, of: previous) { continue }
            out.append(name)
        }
        return out
    }

    // MARK: - Chunks

    private enum Chunk {
        case name([String])
        case etAl
        case group
        case invalid
    }

    /// The text cut at separators and affiliation markers.
    private static func chunks(of text: String) -> [String] {
        var line = text.trimmed
        line = label.replacing(in: line, with: "")
        line = etAlPattern.replacing(in: line, with: ",et al,")
        line = moreAuthors.replacing(in: line, with: ",et al,")
        line = separators.replacing(in: line, with: ",")
        line = degrees.replacing(in: line, with: ",")
        return line.split(separator: ",").map { chunk -> String in
            var words = chunk.wordList.map(String.init)
            while let first = words.first, isMarkerWord(first) { words.removeFirst() }
            while let last = words.last, isMarkerWord(last) { words.removeLast() }
            return words.joined(separator: " ")
        }.filter { !$0.isEmpty }
    }

    private static func classify(_ chunk: String) -> Chunk {
        if chunk.lowercased() == "et al" { return .etAl }
        if groupWords.contains(chunk) { return .group }
        // A name glued to its own copy, as some publisher pages render them: "Mei LinMei Lin".
        let parts = gluedBoundary.replacing(in: chunk, with: "$1\u{1F}$2").split(separator: "\u{1F}").map { String($0).trimmed }
        if parts.count >= 2, parts.allSatisfy({ $0.wordCount >= 2 && isNameText($0) }) {
            return .name(parts)
        }
        return isNameText(chunk) ? .name([chunk]) : .invalid
    }

    /// A person's name: 1–6 capitalised words, initials or particles, no institution or heading words.
    static func isNameText(_ text: String, single: Bool = false) -> Bool {
        let words = text.wordList
        guard !words.isEmpty, words.count <= 6 else { return false }
        if words.count == 1 {
            let word = words[0]
            // Names in Han characters have no spaces: two to four characters.
            if word.count >= 2 && word.count <= 4 && word.unicodeScalars.allSatisfy({ $0.properties.isIdeographic }) { return true }
        }
        var substantive = 0
        for word in words {
            let lower = word.lowercased()
            if particles.contains(lower) { continue }
            let isInitial = word.count <= 2 && word.first?.isUppercase == true
            if stopWords.contains(lower) && !isInitial { return false }
            guard nameWord.contains(String(word)) else { return false }
            if word.filter(\.isLetter).count >= 2 { substantive += 1 }
        }
        if substantive == 0 { return false }
        return words.count >= 2 || single
    }

    private static func isMarkerWord(_ word: String) -> Bool {
        if word == "and" || word == "&" { return true }
        if word.count == 1, let c = word.first, c.isLowercase { return true }
        return word.allSatisfy { $0.isNumber || markerCharacters.contains($0) }
    }

    /// "Hillmen P", "Sorof TA": a surname then capital initials.
    private static func isSurnameInitials(_ name: String) -> Bool {
        let words = name.wordList
        guard words.count >= 2, let last = words.last, last.count <= 3,
              last.allSatisfy({ $0.isUppercase && $0.isLetter }) else { return false }
        return words.dropLast().allSatisfy { $0.hasLowercaseLetters || particles.contains($0.lowercased()) }
    }

    /// "Ines Gar" beside "Ines Garcí": same words but the last, which is a shorter start of the other's.
    private static func isDamagedCopy(_ a: String, of b: String) -> Bool {
        let x = a.wordList, y = b.wordList
        guard x.count == y.count, x.count >= 2, a.count < b.count else { return false }
        guard Array(x.dropLast()) == Array(y.dropLast()), let lx = x.last, let ly = y.last else { return false }
        return ly.hasPrefix(lx) && ly.count - lx.count <= 2
    }

    private static let markerCharacters: Set<Character> = ["*", "†", "‡", "§", "¶", "#", "⁎", "∗", "✉", "·", "+", "‖", "⊥", "_", "^"]
    private static let particles: Set<String> = [
        "de", "da", "del", "della", "der", "den", "van", "von", "di", "du", "la", "le", "y", "dos", "das", "do",
        "bin", "al", "el", "ter", "ten", "op", "zu", "e", "degli", "des", "st.", "mac",
    ]
    private static let stopWords: Set<String> = [
        "university", "department", "hospital", "institute", "center", "centre", "school", "laboratory", "faculty",
        "college", "division", "unit", "clinic", "foundation", "research", "medical", "medicine", "journal", "review",
        "article", "abstract", "background", "introduction", "published", "received", "editor", "copyright", "open",
        "access", "full", "text", "view", "pubmed", "google", "scholar", "cancer", "leukemia", "lymphoma", "disease",
        "the", "of", "in", "for", "with", "on", "to", "by", "from", "at", "an", "a", "is", "are", "we", "this",
        "email", "e-mail", "tel", "fax", "phone", "correspondence", "affiliations", "authors", "author", "information",
        "download", "pdf", "citation", "cite", "share", "metrics", "keywords", "summary", "methods", "results",
        "conclusions", "conclusion", "objective", "study", "trial", "group", "health", "science", "sciences",
        "national", "state", "road", "street", "avenue", "china", "usa", "italy", "spain", "france", "germany",
        "japan", "korea", "india", "brazil", "kingdom", "united", "states", "press", "publishing", "online",
        "volume", "issue", "page", "pages", "doi", "pmid", "pmcid", "expand", "show", "less", "more", "home",
        "original", "report", "case", "letter", "editorial", "systematic", "meta-analysis", "clinical", "patients",
        "cells", "cell", "stem", "therapy", "treatment", "advances", "recent", "anemia", "anaemia", "syndrome",
        "syndromes", "leukaemia", "myeloma", "tumor", "tumour", "tumors", "carcinoma", "infection", "disorders",
        "failure", "neoplasms", "diseases", "diabetes", "sclerosis", "arthritis", "transplantation", "blood", "bone",
        "marrow", "heart", "brain", "update", "guidelines", "management", "diagnosis", "outcomes", "risk", "new",
        "orcid", "profile", "view", "search", "works", "academic",
    ]
    private static let groupWords = PagePattern(
        #"\b(?:Group|Board|Investigators|Consortium|Committee|Collaborat\w*|Network|Society|Team|Working|Alliance|Association|Registry)\b|^(?:for|on behalf of)\s+the\b"#,
        caseInsensitive: false)
    private static let nameWord = PagePattern(
        #"^(?:\p{Lu}[\p{L}\p{M}'’\-]*\.?|(?:\p{Lu}\.-?)+\p{Lu}?\.?|\p{Lu}[\p{L}\p{M}'’]*-\p{Lu}[\p{L}\p{M}'’]*\.?|(?:[Mm]a?c|O'|D')\p{Lu}[\p{L}\p{M}]*)$"#)
    private static let label = PagePattern(
        #"^(?:by|authors?|main authors?|creators?|written by|autores?|auteurs?|autoren|作者|著者)\s*[:：\s]\s*"#, caseInsensitive: true)
    private static let moreAuthors = PagePattern(#"\+\s?\d+\s+(?:more\s+)?authors?\b|\band\s+\d+\s+(?:more|others)\b"#, caseInsensitive: true)
    private static let degrees = PagePattern(
        #"(?<=[\s,])(?:M\.D\.|Ph\.D\.|M\.B\.,?\s?B\.S\.|M\.B\.,?\s?Ch\.B\.|M\.P\.H\.|M\.Sc\.|B\.Sc\.|D\.Phil\.|Pharm\.D\.|D\.O\.|R\.N\.|MD|PhD|MPH|MSc|MBBS|MBChB|FRCP\w*|FRCPath|FACP|DPhil|PharmD|DSc|BSc|RN|Prof\.|Dr\.)(?=[\s,;]|$)"#)
    private static let etAlPattern = PagePattern(#"\bet\s+al\b\.?"#, caseInsensitive: true)
    private static let separators = PagePattern(#"\s+(?:and|y|e|und|et)\s+|\s*&\s*|\s*[|;•·，、；]\s*|[\d*†‡§¶#⁎∗✉]+"#)
    private static let gluedBoundary = PagePattern(#"([\p{Ll}\p{M}])(\p{Lu}\p{Ll})"#)
}
