import Foundation

/// PubMed XML as E-utilities' efetch and PubMed's "Save as XML" give it: a `PubmedArticleSet` of
/// `PubmedArticle` records (MedlineCitation + PubmedData), per NLM's PubMed DTD.
public enum PubMedXMLReader: DocumentReader {
    public static let format = DocumentFormat.pubmedXML

    public static func recognises(_ text: String, pathExtension: String) -> Bool {
        guard let root = XMLTree.rootName(String(text.prefix(4096))) else { return false }
        return root == "PubmedArticleSet" || root == "PubmedArticle"
    }

    public static func read(_ text: String, path: String) -> ReadOutcome {
        var (outcome, root) = XMLTree.readRecords(
            text, path: path, untitled: "PubmedArticle without an ArticleTitle",
            records: { $0.name == "PubmedArticle" ? [$0] : $0.children("PubmedArticle") },
            paper: { paper(from: $0, path: path) })
        for book in root?.children("PubmedBookArticle") ?? [] {
            outcome.warnings.append(IngestWarning(path: path, line: book.line, problem: .badRecord("PubmedBookArticle records are not read")))
        }
        return outcome
    }

    static func paper(from record: XMLElementNode, path: String) -> Paper {
        var paper = Paper(source: PaperSource(path: path, format: .pubmedXML, line: record.line))
        let citation = record.child("MedlineCitation")
        let article = citation?.child("Article")
        paper.pmid = citation?.child("PMID").flatMap { ReferenceFields.pmid($0.text) }
        paper.title = ReferenceFields.title(article?.child("ArticleTitle")?.text ?? article?.child("VernacularTitle")?.text ?? "")

        if let sections = article?.all("Abstract/AbstractText"), !sections.isEmpty {
            // Labelled sections joined as PubMed's MEDLINE format writes them: "BACKGROUND: … METHODS: …".
            paper.abstract = sections.map { section in
                let label = section.attributes["Label"].map { $0 + ": " } ?? ""
                return label + section.text
            }.joined(separator: " ")
        }

        if let list = article?.child("AuthorList") {
            for author in list.children("Author") where author.attributes["ValidYN"] != "N" {
                if let collective = author.child("CollectiveName")?.text {
                    paper.authors.append(collective)
                    continue
                }
                let given = author.child("ForeName")?.text ?? author.child("Initials")?.text
                let parts = [given, author.child("LastName")?.text, author.child("Suffix")?.text].compactMap { $0 }.filter { !$0.isEmpty }
                if !parts.isEmpty { paper.authors.append(parts.joined(separator: " ")) }
            }
            paper.authorsTruncated = list.attributes["CompleteYN"] == "N"
        }

        let journal = article?.child("Journal")
        paper.journal = journal?.child("Title")?.text ?? journal?.child("ISOAbbreviation")?.text
            ?? citation?.at("MedlineJournalInfo/MedlineTA")?.text
        let issue = journal?.child("JournalIssue")
        paper.volume = issue?.child("Volume")?.text
        paper.issue = issue?.child("Issue")?.text
        if let date = issue?.child("PubDate") {
            if let year = date.child("Year").flatMap({ ReferenceFields.year($0.text) }) {
                paper.year = year
                paper.date = ReferenceFields.isoDate(year: year, month: date.child("Month").flatMap { ReferenceFields.month($0.text) },
                                                     day: date.child("Day").flatMap { Int($0.text) })
            } else if let medline = date.child("MedlineDate"), let parsed = ReferenceFields.parseDate(medline.text) {
                paper.year = parsed.year
                paper.date = parsed.date
            }
        }
        if let pagination = article?.child("Pagination") {
            paper.pages = pagination.child("MedlinePgn").flatMap { ReferenceFields.nonEmpty($0.text) }
                ?? ReferenceFields.pages(first: pagination.child("StartPage")?.text, last: pagination.child("EndPage")?.text)
        }

        let ids = record.all("PubmedData/ArticleIdList/ArticleId")
        func articleID(_ type: String) -> String? { ids.first { $0.attributes["IdType"] == type }?.text }
        let elocation = article?.children("ELocationID").first { $0.attributes["EIdType"] == "doi" }?.text
        paper.doi = (elocation ?? articleID("doi")).flatMap(ReferenceFields.doi)
        paper.pmcid = articleID("pmc").flatMap(ReferenceFields.pmcid)
        if paper.pmid == nil { paper.pmid = articleID("pubmed").flatMap(ReferenceFields.pmid) }

        paper.keywords = ReferenceFields.unique(citation?.all("KeywordList/Keyword").map(\.text) ?? [])
        paper.meshTerms = ReferenceFields.unique(citation?.all("MeshHeadingList/MeshHeading/DescriptorName").map(\.text) ?? [])
        paper.publicationTypes = article?.all("PublicationTypeList/PublicationType").map(\.text) ?? []
        return paper
    }
}
