import Foundation

/// JATS (NISO Z39.96) journal article XML, as PMC's OAI service, publishers and Europe PMC give it:
/// `<article>` with `<front>` (journal-meta, article-meta), or a `<pmc-articleset>` of articles.
public enum JATSReader: DocumentReader {
    public static let format = DocumentFormat.jats

    public static func recognises(_ text: String, pathExtension: String) -> Bool {
        let head = String(text.prefix(8192))
        guard let root = XMLTree.rootName(head) else { return false }
        if root == "pmc-articleset" || root == "OAI-PMH" { return head.contains("<article") }
        return root == "article" && (head.contains("<front") || head.contains("JATS") || head.contains("article-meta"))
    }

    public static func read(_ text: String, path: String) -> ReadOutcome {
        XMLTree.readRecords(text, path: path, untitled: "JATS article without an article-title",
                            records: { $0.name == "article" ? [$0] : $0.descendants("article") },
                            paper: { paper(from: $0, path: path) }).outcome
    }

    static func paper(from article: XMLElementNode, path: String) -> Paper {
        var paper = Paper(source: PaperSource(path: path, format: .jats, line: article.line))
        let front = article.child("front")
        let journalMeta = front?.child("journal-meta")
        guard let meta = front?.child("article-meta") else { return paper }

        paper.title = ReferenceFields.title(meta.at("title-group/article-title")?.text ?? "")
        for group in meta.children("contrib-group") {
            for contrib in group.children("contrib") where (contrib.attributes["contrib-type"] ?? "author") == "author" {
                if let name = contrib.child("name") ?? contrib.child("name-alternatives")?.child("name") {
                    let parts = [name.child("prefix")?.text, name.child("given-names")?.text, name.child("surname")?.text,
                                 name.child("suffix")?.text].compactMap { $0 }.filter { !$0.isEmpty }
                    // Eastern name order keeps the surname first, as the article writes it.
                    if name.attributes["name-style"] == "eastern", let surname = name.child("surname")?.text,
                       let given = name.child("given-names")?.text {
                        paper.authors.append("\(surname) \(given)")
                    } else if !parts.isEmpty {
                        paper.authors.append(parts.joined(separator: " "))
                    }
                } else if let name = contrib.child("string-name") {
                    paper.authors.append(name.text)
                } else if let collab = contrib.child("collab") {
                    paper.authors.append(collab.text)
                }
            }
        }

        let journalTitle = journalMeta?.at("journal-title-group/journal-title")?.text ?? journalMeta?.child("journal-title")?.text
        let abbreviation = (journalMeta?.descendants("abbrev-journal-title") ?? []).first?.text
            ?? journalMeta?.children("journal-id").first { $0.attributes["journal-id-type"] == "nlm-ta" }?.text
        paper.journal = journalTitle ?? abbreviation

        for id in meta.children("article-id") {
            switch id.attributes["pub-id-type"] {
            case "doi": paper.doi = paper.doi ?? ReferenceFields.doi(id.text)
            case "pmid": paper.pmid = paper.pmid ?? ReferenceFields.pmid(id.text)
            case "pmc", "pmcid": paper.pmcid = paper.pmcid ?? ReferenceFields.pmcid(id.text)
            default: break
            }
        }

        if let date = publicationDate(meta), let year = date.child("year").flatMap({ ReferenceFields.year($0.text) }) {
            paper.year = year
            paper.date = ReferenceFields.isoDate(year: year, month: date.child("month").flatMap { ReferenceFields.month($0.text) },
                                                 day: date.child("day").flatMap { Int($0.text) })
        }
        paper.volume = meta.child("volume")?.text
        paper.issue = meta.child("issue")?.text
        paper.pages = ReferenceFields.pages(first: meta.child("fpage")?.text, last: meta.child("lpage")?.text)
            ?? meta.child("elocation-id")?.text

        // The main abstract: not a graphical abstract, teaser or lay summary.
        let skipped: Set<String> = ["graphical", "teaser", "summary", "toc", "short", "web-summary", "author-highlights", "precis"]
        if let abstract = meta.children("abstract").first(where: { !skipped.contains($0.attributes["abstract-type"] ?? "") }) {
            paper.abstract = abstractText(abstract)
        }
        paper.keywords = ReferenceFields.unique(meta.children("kwd-group")
            .filter { ($0.attributes["kwd-group-type"] ?? "author").lowercased().contains("author") || $0.attributes["kwd-group-type"] == nil }
            .flatMap { $0.children("kwd") }.map(\.text))
        paper.publicationTypes = article.attributes["article-type"].map { [$0] } ?? []
        return paper
    }

    /// The print or electronic publication date, in JATS 1.0+ and the older pub-type forms.
    static func publicationDate(_ meta: XMLElementNode) -> XMLElementNode? {
        let dates = meta.children("pub-date")
        let preferred = ["ppub", "epub-ppub", "epub", "pub", "collection"]
        func kind(_ date: XMLElementNode) -> String? {
            if let kind = date.attributes["pub-type"] ?? date.attributes["date-type"] { return kind }
            switch date.attributes["publication-format"] {
            case "print": return "ppub"
            case "electronic": return "epub"
            default: return nil
            }
        }
        for wanted in preferred {
            if let date = dates.first(where: { kind($0) == wanted }) { return date }
        }
        return dates.first
    }

    /// Paragraphs of an abstract, each section's title leading its first paragraph ("Background: …").
    static func abstractText(_ abstract: XMLElementNode) -> String? {
        var paragraphs: [String] = []
        func visit(_ node: XMLElementNode, label: String?) {
            var pending = label
            for child in node.children {
                switch child.name {
                case "p":
                    let text = child.text
                    guard !text.isEmpty else { continue }
                    paragraphs.append((pending.map { $0 + ": " } ?? "") + text)
                    pending = nil
                case "sec":
                    visit(child, label: child.child("title")?.text)
                default:
                    continue
                }
            }
        }
        visit(abstract, label: nil)
        if paragraphs.isEmpty {
            let text = abstract.text
            return text.isEmpty ? nil : text
        }
        return paragraphs.joined(separator: "\n")
    }
}
