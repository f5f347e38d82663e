import Foundation

/// Citation lines ("Stem Cell Rev. 2005;1(3):181-8.", "Front. Biosci. (Landmark Ed) 2021, 26(3), 444–467;",
/// "Front. Cardiol., 3 March 2022", "The Elbow 14 (2018) 512–519") and what they give: journal as
/// displayed, year, date, volume, issue, pages.
struct CitationLine: Equatable {
    var journal: String?
    var year: Int?
    var date: String?
    var volume: String?
    var issue: String?
    var pages: String?

    /// The citation a line holds, or nil.
    static func parse(_ line: String) -> CitationLine? {
        guard line.containsYear else { return nil }
        if let match = nlm.firstMatch(in: line) ?? commaForm.firstMatch(in: line) {
            var citation = CitationLine()
            citation.year = match["year"].flatMap { Int($0) }
            citation.volume = match["volume"].map { $0.trimmed }.flatMap { $0.isEmpty ? nil : $0 }
            citation.issue = match["issue"]
            citation.pages = match["pages"].map { $0.replacingOccurrences(of: " ", with: "") }
            citation.date = date(year: match["year"], month: match["month"], day: match["day"])
            citation.journal = journal(before: match.before)
            return citation
        }
        for pattern in [frontiers, elsevierHeader, dotMonth, scielo, publishedIn, publishedInDate, articleID, volumeIssue,
                        volumeFirst, volumeYearIssue, parenthesisedYear, volumePages, citationWithYear] {
            guard let match = pattern.firstMatch(in: line) else { continue }
            var citation = CitationLine()
            citation.year = match["year"].flatMap { Int($0) }
            citation.volume = match["volume"]
            citation.issue = match["issue"]
            citation.pages = match["pages"]
            citation.date = date(year: match["year"], month: match["month"], day: match["day"])
            citation.journal = match["journal"].map(cleanJournal).flatMap { $0.isEmpty ? nil : $0 }
            return citation
        }
        return nil
    }

    /// "Chiara Corrado et al. Cancer Lett. ." — the short citation under a PubMed title: first author,
    /// journal and year.
    static func parseShort(_ line: String) -> (author: String, journal: String?, year: Int?)? {
        guard line.contains("et al") else { return nil }
        guard let match = shortCitation.firstMatch(in: line), let author = match["author"],
              AuthorLine.isNameText(author) else { return nil }
        let journal = match["journal"].map { $0.trimmed }.flatMap { $0.isEmpty ? nil : $0 }
        return (author, journal, match["year"].flatMap { Int($0) })
    }

    /// "Hillmen P, Xie J, Yong A. Title of the paper. EJHaem. 2021 Mar 13." — a reference-style citation of the
    /// page's own paper: authors, title, journal and date.
    static func parseReference(_ line: String) -> (authors: AuthorLine.Result, title: String, citation: CitationLine)? {
        guard line.containsYear else { return nil }
        guard let ending = referenceEnding.firstMatch(in: line) else { return nil }
        let head = ending.before
        guard let authorsEnd = head.range(of: ". ") else { return nil }
        let authorText = String(head[..<authorsEnd.lowerBound])
        guard let authors = AuthorLine.parse(authorText), authors.names.count >= 1 else { return nil }
        var title = String(head[authorsEnd.upperBound...]).trimmed
        guard !title.isEmpty else { return nil }
        // The journal is the last sentence of the head: "… in the UK. EJHaem".
        guard let journalStart = title.range(of: ". ", options: .backwards) else { return nil }
        let journal = String(title[journalStart.upperBound...]).trimmed
        title = String(title[..<journalStart.lowerBound]).trimmed
        guard title.wordCount >= 3, journal.wordCount <= 8 else { return nil }
        var citation = parse(line) ?? CitationLine()
        citation.journal = journal
        citation.year = citation.year ?? ending["year"].flatMap { Int($0) }
        citation.date = citation.date ?? date(year: ending["year"], month: ending["month"], day: ending["day"])
        return (authors, title, citation)
    }

    /// "Tumors logoLink to Tumors" — the journal logo of a PMC page; publisher collections are not journals.
    static func journalFromLogo(_ line: String) -> String? {
        guard let match = logo.firstMatch(in: line), let name = match[1]?.trimmed, !name.isEmpty,
              !publisherWords.contains(name) else { return nil }
        return name
    }

    /// "Frontiers in Bioscience-Landmark (FBL) is published by IMR Press …" — the journal's full displayed name.
    static func journalFromPublisherNote(_ line: String) -> String? {
        publishedBy.firstMatch(in: line)?["journal"]?.trimmed
    }

    /// A standalone line naming a journal ("Journal of Invented Medicine").
    static func journalFromNameLine(_ line: String) -> String? {
        let text = line.trimmed
        guard text.wordCount <= 8, text.wordCount >= 2, journalName.contains(text), !journalArticle.contains(text),
              !text.contains(":"), !text.contains(where: \.isNumber) else { return nil }
        return text
    }

    /// A journal masthead: a run of short lines at the top of the page that together name a journal
    /// ("The" / "New England Journal" / "of" / "Medicine").
    static func journalFromMasthead(_ lines: ArraySlice<String>) -> String? {
        var run: [String] = []
        func flush() -> String? {
            defer { run = [] }
            guard !run.isEmpty else { return nil }
            // One line naming the journal among other short lines ("Search within") stands alone; a name broken
            // over lines ("The" / "New England Journal" / "of" / "Medicine") is joined.
            if let single = run.first(where: { journalFromNameLine($0) != nil }),
               run.contains(where: { $0 != single && $0.wordCount > 1 }) {
                return single
            }
            let joined = run.joined(separator: " ")
            return joined.wordCount <= 10 ? journalFromNameLine(joined) : nil
        }
        for line in lines {
            if line.isEmpty { continue }
            if line.wordCount <= 5, !PageBoilerplate.isBoilerplate(line), !PageTitle.articleType.contains(line),
               !line.contains(where: \.isNumber), !line.contains(":") {
                run.append(line)
                continue
            }
            if let name = flush() { return name }
        }
        return flush()
    }

    /// "Oncoreport 20417 www.oncoreportjournal.org/oncoreport" — a PDF running header whose web address repeats the name.
    static func journalFromRunningHeader(_ line: String) -> String? {
        guard let match = runningHeader.firstMatch(in: line), let name = match["journal"], let slug = match["slug"] else { return nil }
        let folded = TextNormalizer.words(name).joined()
        return folded == TextNormalizer.fold(slug).lowercased() ? name : nil
    }

    /// A quoted title inside a citation line: `Authors,"Title". Journal. 2017;…`.
    static func quotedTitle(_ line: String) -> String? {
        guard line.contains("\"") || line.contains("“"), parse(line) != nil, let match = quoted.firstMatch(in: line) else { return nil }
        return match[1]?.trimmed
    }

    // MARK: - Parts

    /// The journal is the run of short capitalised segments just before the date:
    /// "Published in revised form as: Leukemia." → "Leukemia"; "… in the UK. EJHaem." → "EJHaem".
    static func journal(before text: String) -> String? {
        var head = text.trimmed
        while let last = head.last, ",.;".contains(last) { head.removeLast() }
        head = head.trimmed
        if let colon = head.range(of: ":", options: .backwards) ?? head.range(of: "：", options: .backwards),
           !head[colon.upperBound...].contains(where: \.isNumber) {
            head = String(head[colon.upperBound...]).trimmed
        }
        if let marker = head.range(of: "[J].", options: .backwards) ?? head.range(of: "[J]", options: .backwards) {
            head = String(head[marker.upperBound...]).trimmed
        }
        let segments = head.components(separatedBy: ". ")
        var kept: [String] = []
        for segment in segments.reversed() {
            let words = segment.wordList
            let isShort = words.count <= 4 && !segment.contains(",") && !segment.contains("\"") && !segment.contains("”")
                && words.allSatisfy { word in
                    guard let first = word.first else { return false }
                    return first.isUppercase || first == "(" || first == "&" || (!first.isLetter && !first.isNumber) || isHanText(word) || word.count <= 3
                }
            if kept.isEmpty {
                // The last segment is the journal unless it is a sentence.
                guard words.count <= 12, !segment.contains("\""), !segment.hasSuffix("]") else { break }
                kept.append(segment)
                if !isShort { break }
            } else if isShort && words.count <= 3 {
                kept.append(segment)
            } else {
                break
            }
        }
        var journal = cleanJournal(kept.reversed().joined(separator: ". "))
        journal = trailingDate.replacing(in: journal, with: "")
        guard !journal.isEmpty, journal.contains(where: \.isLetter), journal.wordCount <= 12 else { return nil }
        return journal
    }

    private static func isHanText<S: StringProtocol>(_ text: S) -> Bool {
        text.unicodeScalars.contains { $0.properties.isIdeographic }
    }

    private static func cleanJournal(_ raw: String) -> String {
        var journal = raw.trimmed
        journal = publisherPrefix.replacing(in: journal, with: "")
        while let last = journal.last, ",;:·-".contains(last) { journal.removeLast() }
        return journal.withoutTrailingPeriod
    }

    static func date(year: String?, month: String?, day: String?) -> String? {
        guard let year else { return nil }
        guard let month, let number = PageDates.monthNumber(month) ?? Int(month) else { return year }
        let m = number < 10 ? "0\(number)" : "\(number)"
        guard let day, let d = Int(day) else { return "\(year)-\(m)" }
        return "\(year)-\(m)-\(d < 10 ? "0\(d)" : "\(d)")"
    }

    private static let monthName = #"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"#
    private static let pageRange = #"[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]\s*[A-Za-z]?\d+[A-Za-z]?)?"#

    /// NLM: `Journal. 2017 May 3;10(5):459-477` and its variants.
    private static let nlm = PagePattern(
        #"(?<![\d])(?<year>(?:19|20)\d\d)(?:\s+(?<month>"# + monthName + #")(?:\s+(?<day>\d{1,2}))?)?\s*;\s*(?<volume>[A-Za-z]?\d+[A-Za-z]?)?\s*(?:\((?<issue>[^)]{1,20})\))?\s*:\s*(?<pages>"# + pageRange + ")")
    /// MDPI and others: `Tumors 2020, 8(5), 1214`, `J Invented Med 2019, 7(2): e2019011`.
    private static let commaForm = PagePattern(
        #"(?<![\d])(?<year>(?:19|20)\d\d)\s*,\s*(?:Vol\.?\s*)?(?<volume>\d+)\s*(?:Issue\s*)?(?:\((?<issue>[^)]{1,20})\))?\s*[,:]\s*(?<pages>"# + pageRange + ")")
    /// Frontiers: `Front. Cardiol., 3 March 2022`.
    private static let frontiers = PagePattern(
        #"^(?<journal>(?:\p{Lu}[\p{L}]*\.?\s?){1,5}),\s+(?<day>\d{1,2})\s+(?<month>"# + monthName + #")\s+(?<year>(?:19|20)\d\d)$"#)
    /// Elsevier PDF header: `The Elbow 14 (2018) 512–519`.
    private static let elsevierHeader = PagePattern(
        #"^(?<journal>\p{Lu}[\p{L}&,.' -]{1,80}?)\s+(?<volume>\d{1,4})\s+\((?<year>(?:19|20)\d\d)\)\s+(?<pages>"# + pageRange + ")$")
    /// `Clinical dermatology · May 2016`, `Article in Blood 134(Supplement_1) · November 2019 with 85 Reads`.
    private static let dotMonth = PagePattern(
        #"^(?:(?:Article|Preprint|Conference Paper|Chapter|Review)\s+in\s+)?(?<journal>\p{Lu}[^·\d]{1,80}?)(?:\s+(?<volume>\d+)(?:\((?<issue>[^)]{1,30})\))?)?\s+·\s+(?:(?<month>"# + monthName + #")\s+)?(?<year>(?:19|20)\d\d)\b"#)
    /// Oxford Academic: `Age and Ageing, Volume 31, Issue 4, April 2020, Pages 512–519`.
    private static let volumeIssue = PagePattern(
        #"^(?<journal>\p{Lu}[^,]{1,80}?),\s+Volume\s+(?<volume>\d+),\s+Issue\s+(?<issue>[^,]{1,20}),\s+(?:(?<day>\d{1,2})\s+)?(?:(?<month>"# + monthName + #")\s+)?(?<year>(?:19|20)\d\d)(?:,\s+Pages?\s+(?<pages>"# + pageRange + "))?")
    /// ScienceDirect, under the journal's name: `Volume 98, Issue 2, November 2020, 106455`.
    private static let volumeFirst = PagePattern(
        #"^Volume\s+(?<volume>\d+)(?:,\s+Issue\s+(?<issue>[^,]{1,20}))?,\s+(?:(?<day>\d{1,2})\s+)?(?:(?<month>"# + monthName + #")\s+)?(?<year>(?:19|20)\d\d),\s+(?:Pages?\s+)?(?<pages>"# + pageRange + ")")
    /// J-STAGE, under the journal's name: `Volume 61 (2020) Issue 5`.
    private static let volumeYearIssue = PagePattern(
        #"^Volume\s+(?<volume>\d+)\s+\((?<year>(?:19|20)\d\d)\)(?:\s+Issue\s+(?<issue>\S+))?"#)
    /// ASH and others: `Blood (2020) 136 (12): 1402–1412.`
    private static let parenthesisedYear = PagePattern(
        #"^(?<journal>\p{Lu}[\p{L}&.' -]{1,80}?)\s+\((?<year>(?:19|20)\d\d)\)\s+(?<volume>\d+)\s*(?:\((?<issue>[^)]{1,20})\))?\s*:\s*(?<pages>"# + pageRange + ")")
    /// Springer: `Annals of Hematology volume 98, pages 1431–1438 (2019)`.
    private static let volumePages = PagePattern(
        #"^(?<journal>\p{Lu}[^,]{1,80}?)\s+volume\s+(?<volume>\d+),\s+(?:Article number:?\s*\S+|pages?\s+(?<pages>"# + pageRange + #"))\s*\((?<year>(?:19|20)\d\d)\)"#)
    /// PLOS: `Citation: Doe J, Roe R (2020) Title. PLoS ONE 15(3): e0230011.`
    private static let citationWithYear = PagePattern(
        #"^(?:Citation|Cite this article as|How to cite(?: this article)?)\s*:.{3,400}?\((?:[A-Z][a-z]+\.?\s+\d{1,2},\s+)?(?<year>(?:19|20)\d\d)\)\s+.{10,400}?[.?!]\s+(?<journal>\p{Lu}[\p{L} .&]{1,60}?)\s+(?<volume>\d+)\((?<issue>[^)]{1,20})\):\s*(?<pages>"# + pageRange + ")")
    /// Semantic Scholar: `Published in Pediatric Blood & Cancer 12 March 2021`.
    private static let publishedInDate = PagePattern(
        #"^Published in\s*:?\s*(?<journal>\p{Lu}.{1,80}?)\s+(?:(?<day>\d{1,2})\s+)?(?:(?<month>"# + monthName + #")\s+)?(?<year>(?:19|20)\d\d)\.?$"#)
    /// SciELO: `Rev. Clin. Ficticia (Lima) vol.12 no.4  jun. 2008`.
    private static let scielo = PagePattern(
        #"^(?<journal>\p{Lu}.{1,80}?)\s+vol\.\s*(?<volume>\d+)\s+(?:no|n|núm|num)\.\s*(?<issue>\d+)\s+(?:(?<month>[a-z]{3,4})\.?\s+)?(?:[^\d]{0,40}?\s)?(?<year>(?:19|20)\d\d)"#)
    /// Library catalogues: `Published in:Scandinavian journal of renal care 2019-07, Vol.11 (2), p.210-218`.
    private static let publishedIn = PagePattern(
        #"^Published in\s*:\s*(?<journal>.+?)\s+(?<year>(?:19|20)\d\d)(?:-(?<month>\d\d))?,\s*Vol\.\s*(?<volume>\d+)\s*(?:\((?<issue>[^)]+)\))?(?:,\s*p\.\s*(?<pages>"# + pageRange + "))?")
    /// Hindawi: `Advances in Nephrology Volume 2017, Article ID 402718`.
    private static let articleID = PagePattern(
        #"(?<journal>\p{Lu}[\p{L} &]{2,80}?)\s+Volume\s+(?<year>(?:19|20)\d\d),\s+Article ID\s+(?<pages>\d+)"#)
    private static let shortCitation = PagePattern(
        #"^(?<author>\p{Lu}[\p{L}\p{M}'’.\- ]{1,60}?)\s+et al\.\s+(?<journal>[^.]{1,80}?)?\.\s*(?:(?<year>(?:19|20)\d\d)\b.*|\.)?$"#)
    private static let referenceEnding = PagePattern(
        #"\.\s+(?<year>(?:19|20)\d\d)(?:\s+(?<month>"# + monthName + #")(?:\s+(?<day>\d{1,2}))?)?(?:\s*;[^.]*)?\.?\s*$"#)
    private static let logo = PagePattern(#"^(.+?) logoLink to "#)
    private static let publisherWords = PagePattern(
        #"\b(?:Portfolio|Author Manuscripts?|Publishing|Publisher|Press|Springer|Elsevier|Wiley|Taylor|Francis|Karger|Thieme|Oxford University|Cambridge University|Sage|Wolters|Kluwer|BMJ Group|Hindawi|Dove|Frontiers Media|MDPI AG)\b"#,
        caseInsensitive: true)
    private static let publishedBy = PagePattern(
        #"^(?<journal>\p{Lu}[^()]{3,80}?)\s+\((?<abbr>[A-Z]{2,8})\)\s+is\s+(?:published\b|the official journal\b|an? (?:peer[- ]reviewed|open[- ]access|international|scientific|online|monthly|weekly|quarterly|bimonthly)\b)"#)
    private static let journalName = PagePattern(#"\bjournal\b|^(?:annals|archives|acta|advances|frontiers) (?:of|in) "#, caseInsensitive: true)
    private static let journalArticle = PagePattern(#"^journal article$|article in journal|\bnext\b|\bprevious\b"#, caseInsensitive: true)
    private static let runningHeader = PagePattern(
        #"^(?<journal>\p{Lu}[\p{L} ]{2,60}?)\s+\d{1,6}\s+(?:https?://)?www\.\S+/(?<slug>[A-Za-z]+)/?(?:\s|$)"#)
    private static let trailingDate = PagePattern(#",?\s+(?:\d{1,2}\s+)?"# + monthName + #"(?:\s+\d{1,2})?\s*$"#)
    private static let quoted = PagePattern(#"["“]([^"”]{3,300})["”]"#)
    private static let publisherPrefix = PagePattern(
        #"^.*\b(?:Publishing Corporation|Publishing Group|Publishing|Corporation|Limited|Ltd\.?|Inc\.?)\s+"#)
}
