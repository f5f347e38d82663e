import Foundation

/// What is wrong with a query, and where: the token as typed, its character offset in the query,
/// and a reason a user can act on.
public struct QueryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var token: String
    /// Offset of the token's first character in the query text, counted in characters from 0.
    public var offset: Int
    public var reason: String

    public init(token: String, offset: Int, reason: String) {
        self.token = token
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(token) (column \(offset + 1)): \(reason)" }
}

/// A parsed search: `exosome "bone marrow" -relapse disease:CML kw:exosomes author:passegue
/// journal:"cancer lett" year:2010..2021 is:saved is:unread tag:review has:doi has:abstract`.
///
/// Every term must hold (AND); `-` negates a term. Words match as prefixes of the folded words of
/// any field; comparisons ignore case and accents. The CLI's `--query` and the browser's prompt
/// share this parser.
public struct Query: Sendable, Hashable {
    /// The terms, in the order typed.
    public private(set) var terms: [Term]
    /// The query as typed.
    public private(set) var text: String

    public struct Term: Sendable, Hashable {
        public var negated: Bool
        public var condition: Condition
    }

    public enum Condition: Sendable, Hashable {
        /// Folded word: a prefix of a word in any field.
        case word(String)
        /// Folded words in sequence, each a prefix of the next word in a field.
        case phrase([String])
        case keyword([String])
        case author([String])
        case journal([String])
        case disease(DiseaseCriterion)
        case year(ClosedRange<Int>)
        case saved, unsaved, read, unread, tagged, noted
        case tag(String)
        case has(Field)
    }

    public enum Field: String, Sendable, Hashable, CaseIterable {
        case doi, pmid, pmcid, abstract, keywords, authors, journal, year, note, tags
    }

    /// Which disease tags satisfy `disease:X`.
    public struct DiseaseCriterion: Sendable, Hashable {
        /// What the user typed, for display.
        public var label: String
        /// Canonical tag names that match outright: the disease and every subtype tagged on its own.
        public var names: Set<String>
        /// Subtypes tagged as a broader disease (disease:APL, tagged AML): the tag must be there and
        /// the paper's text must name one of the subtype's terms.
        public var narrowed: [Narrowing]

        public struct Narrowing: Sendable, Hashable {
            public var tag: String
            /// Folded word sequences of the subtype's names.
            public var phrases: [[String]]
            /// Abbreviations, matched case-sensitively as whole words.
            public var abbreviations: [String]
        }
    }

    public var isEmpty: Bool { terms.isEmpty }

    /// Folded words and phrases to highlight in the reader: what the positive terms search for.
    public var highlightTerms: [String] {
        var result: [String] = []
        func add(_ text: String) {
            if !text.isEmpty && !result.contains(text) { result.append(text) }
        }
        for term in terms where !term.negated {
            switch term.condition {
            case .word(let word): add(word)
            case .phrase(let words), .keyword(let words): add(words.joined(separator: " "))
            case .disease(let criterion):
                for narrowing in criterion.narrowed {
                    for phrase in narrowing.phrases { add(phrase.joined(separator: " ")) }
                    for abbreviation in narrowing.abbreviations { add(TextNormalizer.fold(abbreviation)) }
                }
                if criterion.narrowed.isEmpty {
                    for name in criterion.names.sorted() { add(TextNormalizer.titleKey(name)) }
                }
            default: break
            }
        }
        return result
    }

    // MARK: Parsing

    static let fieldNames: [String: String] = [
        "disease": "disease", "diseases": "disease", "dx": "disease",
        "kw": "kw", "keyword": "kw", "keywords": "kw",
        "author": "author", "authors": "author", "au": "author",
        "journal": "journal", "jo": "journal",
        "year": "year", "yr": "year",
        "is": "is", "tag": "tag", "has": "has",
    ]

    public static func parse(_ text: String, vocabulary: DiseaseVocabulary = .bundled) throws(QueryError) -> Query {
        var query = Query(terms: [], text: text)
        for token in try QueryLexer.tokens(text) {
            query.terms.append(try term(token, vocabulary: vocabulary))
        }
        return query
    }

    private static func term(_ token: QueryLexer.Token, vocabulary: DiseaseVocabulary) throws(QueryError) -> Term {
        let shown = token.text
        func fail(_ reason: String) -> QueryError { QueryError(token: shown, offset: token.offset, reason: reason) }
        var body = token.body
        var negated = false
        if body.hasPrefix("-") && !token.quotedFromStart {
            negated = true
            body.removeFirst()
            if body.isEmpty { throw fail("nothing after '-' to exclude") }
        }
        if let colon = body.firstIndex(of: ":"), !token.quotedFromStart || token.quoteStart > body.distance(from: body.startIndex, to: colon) {
            let name = String(body[..<colon]).lowercased()
            if let field = fieldNames[name] {
                let value = String(body[body.index(after: colon)...])
                if value.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw fail("\(name): needs a value, e.g. \(example(field))")
                }
                return Term(negated: negated, condition: try condition(field: field, value: value, fail: fail, vocabulary: vocabulary))
            }
        }
        let words = TextNormalizer.words(body)
        if words.isEmpty { throw fail("nothing to search for: use letters or digits") }
        if token.hasQuotes || words.count > 1 {
            return Term(negated: negated, condition: words.count == 1 ? .word(words[0]) : .phrase(words))
        }
        return Term(negated: negated, condition: .word(words[0]))
    }

    private static func example(_ field: String) -> String {
        switch field {
        case "disease": return "disease:CML or disease:\"acute myeloid leukemia\""
        case "kw": return "kw:exosomes"
        case "author": return "author:passegue"
        case "journal": return "journal:\"cancer lett\""
        case "year": return "year:2014 or year:2010..2021"
        case "is": return "is:saved or is:unread"
        case "tag": return "tag:review"
        default: return "has:doi or has:abstract"
        }
    }

    private static func condition(field: String, value: String, fail: (String) -> QueryError, vocabulary: DiseaseVocabulary) throws(QueryError) -> Condition {
        switch field {
        case "kw", "author", "journal":
            let words = TextNormalizer.words(value)
            if words.isEmpty { throw fail("\(field): needs letters or digits, e.g. \(example(field))") }
            return field == "kw" ? .keyword(words) : field == "author" ? .author(words) : .journal(words)
        case "year":
            return .year(try yearRange(value, fail: fail))
        case "is":
            switch TextNormalizer.fold(value) {
            case "saved", "starred", "bookmarked": return .saved
            case "unsaved": return .unsaved
            case "read": return .read
            case "unread", "new": return .unread
            case "tagged": return .tagged
            case "noted", "annotated": return .noted
            default: throw fail("is: takes saved, unsaved, read, unread, tagged or noted")
            }
        case "tag":
            return .tag(TextNormalizer.fold(value.trimmingCharacters(in: .whitespaces)))
        case "has":
            let key = TextNormalizer.fold(value)
            let aliases = ["authors": "authors", "author": "authors", "keyword": "keywords", "tag": "tags", "notes": "note"]
            guard let found = Field(rawValue: aliases[key] ?? key) else {
                throw fail("has: takes " + Field.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return .has(found)
        default:
            return .disease(try diseaseCriterion(value, fail: fail, vocabulary: vocabulary))
        }
    }

    private static func yearRange(_ value: String, fail: (String) -> QueryError) throws(QueryError) -> ClosedRange<Int> {
        let text = value.trimmingCharacters(in: .whitespaces)
        func year(_ part: Substring) -> Int? {
            guard (1...4).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(part)
        }
        let reason = "\"\(text)\" is not a year or a range of years: write year:2014, year:2010..2021, year:2010.. or year:..2021"
        var separator: Range<String.Index>?
        if let dots = text.range(of: "..") { separator = dots } else if let dash = text.range(of: "-") { separator = dash }
        guard let separator else {
            guard let single = year(Substring(text)) else { throw fail(reason) }
            return single...single
        }
        let lowText = text[..<separator.lowerBound], highText = text[separator.upperBound...]
        if lowText.isEmpty && highText.isEmpty { throw fail(reason) }
        guard lowText.isEmpty || year(lowText) != nil, highText.isEmpty || year(highText) != nil else { throw fail(reason) }
        let low = year(lowText) ?? 0, high = year(highText) ?? 9999
        guard low <= high else { throw fail("the range \(text) runs backwards: write the earlier year first") }
        return low...high
    }

    private static func diseaseCriterion(_ value: String, fail: (String) -> QueryError, vocabulary: DiseaseVocabulary) throws(QueryError) -> DiseaseCriterion {
        var entries = vocabulary.resolve(value)
        if entries.isEmpty { entries = vocabulary.resolve(prefix: value) }
        if entries.isEmpty {
            throw fail("no disease called \"\(value)\" in the vocabulary; try a name, synonym or abbreviation such as CML")
        }
        var criterion = DiseaseCriterion(label: value, names: [], narrowed: [])
        for entry in entries {
            let reported = vocabulary.reportedName(of: entry.name)
            let subtree = [entry.name] + vocabulary.descendants(of: entry.name)
            if reported == entry.name {
                // Tagged as itself: it and every subtype with a tag of its own, or rolled up into it.
                for name in subtree {
                    let target = vocabulary.reportedName(of: name)
                    if target == name || vocabulary.isSame(target, orBelow: entry.name) {
                        criterion.names.insert(target)
                    } else if let sub = vocabulary.entry(named: name) {
                        criterion.narrowed.append(narrowing(tag: target, entries: [sub]))
                    }
                }
            } else {
                // A subtype tagged as a broader disease: that tag, and the subtype named in the text.
                var byTarget: [String: [DiseaseEntry]] = [:]
                for name in subtree {
                    let target = vocabulary.reportedName(of: name)
                    if target == name {
                        criterion.names.insert(name)
                    } else if let sub = vocabulary.entry(named: name) {
                        byTarget[target, default: []].append(sub)
                    }
                }
                for (target, subs) in byTarget.sorted(by: { $0.key < $1.key }) {
                    criterion.narrowed.append(narrowing(tag: target, entries: subs))
                }
            }
        }
        return criterion
    }

    private static func narrowing(tag: String, entries: [DiseaseEntry]) -> DiseaseCriterion.Narrowing {
        var phrases: [[String]] = []
        var abbreviations: [String] = []
        for entry in entries {
            for name in entry.names {
                let words = TextNormalizer.words(name)
                if !words.isEmpty && !phrases.contains(words) { phrases.append(words) }
            }
            for abbreviation in entry.allAbbreviations where !abbreviations.contains(abbreviation) {
                abbreviations.append(abbreviation)
            }
        }
        return .init(tag: tag, phrases: phrases, abbreviations: abbreviations)
    }

    // MARK: Matching

    /// True when the paper satisfies every term.
    public func matches(_ paper: Paper, state: any ReadingState) -> Bool {
        if terms.isEmpty { return true }
        let text = PaperText(paper)
        for term in terms where holds(term.condition, paper, text, state) == term.negated {
            return false
        }
        return true
    }

    /// The papers that match, in their order.
    public func filter(_ papers: [Paper], state: any ReadingState) -> [Paper] {
        terms.isEmpty ? papers : papers.filter { matches($0, state: state) }
    }

    /// The positions in the corpus of the papers that match, ascending. Plain words (and the words
    /// of phrases) are looked up in the corpus's word index; only the papers left are examined.
    public func positions(in corpus: Corpus, state: any ReadingState) -> [Int] {
        if terms.isEmpty { return Array(corpus.papers.indices) }
        var candidates = PositionSet.all(corpus.count)
        var rest: [Term] = []
        for term in terms {
            switch term.condition {
            case .word(let word):
                let found = corpus.index.papers(withFoldedWord: word, prefix: true)
                if term.negated { candidates.subtract(found) } else { candidates.formIntersection(found) }
            case .phrase(let words) where !term.negated:
                for word in words { candidates.formIntersection(corpus.index.papers(withFoldedWord: word, prefix: true)) }
                rest.append(term)
            default:
                rest.append(term)
            }
        }
        if rest.isEmpty { return candidates.positions }
        return candidates.positions.filter { position in
            let paper = corpus.papers[position]
            let text = PaperText(paper)
            return rest.allSatisfy { holds($0.condition, paper, text, state) != $0.negated }
        }
    }

    /// The corpus's papers that match, in corpus order.
    public func filter(_ corpus: Corpus, state: any ReadingState) -> [Paper] {
        positions(in: corpus, state: state).map { corpus.papers[$0] }
    }

    func holds(_ condition: Condition, _ paper: Paper, _ text: PaperText, _ state: any ReadingState) -> Bool {
        switch condition {
        case .word(let word):
            return text.fields.contains { field in field.contains { $0.hasPrefix(word) } }
        case .phrase(let words):
            return text.fields.contains { Query.contains($0, words) }
        case .keyword(let words):
            return (paper.keywords + paper.meshTerms).contains { Query.contains(TextNormalizer.words($0), words) }
        case .author(let words):
            return paper.authors.contains { Query.contains(TextNormalizer.words($0), words) }
        case .journal(let words):
            return paper.journal.map { Query.contains(TextNormalizer.words($0), words) } ?? false
        case .year(let range):
            return paper.year.map(range.contains) ?? false
        case .disease(let criterion):
            if paper.diseases.contains(where: { $0.role == .primary && criterion.names.contains($0.name) }) { return true }
            for narrowing in criterion.narrowed where paper.diseases.contains(where: { $0.role == .primary && $0.name == narrowing.tag }) {
                if text.fields.contains(where: { field in narrowing.phrases.contains { Query.containsExactly(field, $0) } }) { return true }
                if !narrowing.abbreviations.isEmpty, text.names(anyOf: narrowing.abbreviations) { return true }
            }
            return false
        case .saved: return state.isSaved(paper.id)
        case .unsaved: return !state.isSaved(paper.id)
        case .read: return state.isRead(paper.id)
        case .unread: return !state.isRead(paper.id)
        case .tagged: return !state.tags(of: paper.id).isEmpty
        case .noted: return !(state.note(of: paper.id) ?? "").isEmpty
        case .tag(let tag):
            return state.tags(of: paper.id).contains { TextNormalizer.fold($0) == tag }
        case .has(let field):
            switch field {
            case .doi: return !(paper.doi ?? "").isEmpty
            case .pmid: return !(paper.pmid ?? "").isEmpty
            case .pmcid: return !(paper.pmcid ?? "").isEmpty
            case .abstract: return !(paper.abstract ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            case .keywords: return !paper.keywords.isEmpty
            case .authors: return !paper.authors.isEmpty
            case .journal: return !(paper.journal ?? "").isEmpty
            case .year: return paper.year != nil
            case .note: return !(state.note(of: paper.id) ?? "").isEmpty
            case .tags: return !state.tags(of: paper.id).isEmpty
            }
        }
    }

    /// `words` occur in sequence in `field`, each a prefix of its word.
    static func contains(_ field: [String], _ words: [String]) -> Bool {
        guard !words.isEmpty, field.count >= words.count else { return false }
        for start in 0...(field.count - words.count) {
            if words.indices.allSatisfy({ field[start + $0].hasPrefix(words[$0]) }) { return true }
        }
        return false
    }

    /// `words` occur in sequence in `field`, whole words (a plural s allowed on the last).
    static func containsExactly(_ field: [String], _ words: [String]) -> Bool {
        guard !words.isEmpty, field.count >= words.count else { return false }
        for start in 0...(field.count - words.count) {
            if words.indices.allSatisfy({ i in
                let have = field[start + i], want = words[i]
                return have == want || (i == words.count - 1 && have == want + "s")
            }) { return true }
        }
        return false
    }
}

/// The searchable words of one paper, folded the first time a term needs them.
final class PaperText {
    let paper: Paper
    private var folded: [[String]]?

    init(_ paper: Paper) { self.paper = paper }

    /// Each field's folded words.
    var fields: [[String]] {
        if let folded { return folded }
        var result: [[String]] = []
        SearchIndex.forEachSearchableField(paper) { result.append(TextNormalizer.words($0)) }
        folded = result
        return result
    }

    /// Every folded word of every field.
    var all: [String] { fields.flatMap { $0 } }

    /// One of the abbreviations occurs as a whole word, case as written, in the title, abstract or keywords.
    func names(anyOf abbreviations: [String]) -> Bool {
        let raw = ([paper.title, paper.abstract ?? ""] + paper.keywords).joined(separator: "\n")
        let words = Set(raw.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "+") })
            .flatMap { part -> [Substring] in [part] + part.split(separator: "-") })
        return abbreviations.contains { words.contains(Substring($0)) || words.contains(Substring($0 + "s")) }
    }
}

/// Splits a query into tokens: runs of non-space characters, where double quotes group spaces.
enum QueryLexer {
    struct Token {
        /// As typed, quotes included.
        var text: String
        /// Quotes removed.
        var body: String
        var offset: Int
        var hasQuotes: Bool
        /// The token starts with a quote ("-x" inside quotes is a phrase, not a negation).
        var quotedFromStart: Bool
        /// Character position in `body` where the first quoted part starts.
        var quoteStart: Int
    }

    static func tokens(_ text: String) throws(QueryError) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            if characters[i].isWhitespace { i += 1; continue }
            let start = i
            var body = ""
            var inQuote = false
            var hasQuotes = false
            var quoteStart = Int.max
            while i < characters.count && (inQuote || !characters[i].isWhitespace) {
                let c = characters[i]
                if c == "\"" || c == "\u{201C}" || c == "\u{201D}" {
                    if !inQuote { quoteStart = min(quoteStart, body.count) }
                    inQuote.toggle()
                    hasQuotes = true
                } else {
                    body.append(c)
                }
                i += 1
            }
            let shown = String(characters[start..<i])
            if inQuote {
                throw QueryError(token: shown, offset: start, reason: "the quote is not closed: add a \" after the phrase")
            }
            tokens.append(Token(text: shown, body: body, offset: start, hasQuotes: hasQuotes,
                                quotedFromStart: quoteStart == 0, quoteStart: quoteStart))
        }
        return tokens
    }
}
