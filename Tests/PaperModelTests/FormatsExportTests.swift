import Foundation
import Testing
@testable import PaperModel

@Suite struct FormatsExportTests {
    /// Every record of every fixture, as read.
    static let fixturePapers: [Paper] = ["papers.nbib", "pubmed.xml", "article.xml", "references.ris", "library.bib", "zotero.json",
                                          "special-characters.json"].flatMap { FormatFixtures.read($0).papers }

    static let roundTripFormats: [(ExportFormat, String)] = [(.bibtex, "export.bib"), (.ris, "export.ris"),
                                                             (.csljson, "export.json"), (.medline, "export.nbib")]

    @Test(arguments: roundTripFormats)
    func exportThenReadBackGivesTheSamePapers(format: ExportFormat, file: String) throws {
        let papers = Self.fixturePapers
        #expect(papers.count == 23)
        let text = Exporter.export(papers, format: format)
        let back = Ingest.read(text: text, path: file)
        #expect(back.warnings.isEmpty, "\(back.warnings)")
        #expect(back.papers.count == papers.count)
        #expect(back.papers.allSatisfy { $0.source.format == format.readerFormat })
        // RIS and MEDLINE hold an abstract on one line: paragraph breaks become spaces there.
        let lineFormat = format == .ris || format == .medline
        for (original, read) in zip(papers, back.papers) {
            let label = "\(format) \(original.title)"
            #expect(read.title == original.title, "\(label)")
            #expect(read.authors == original.authors, "\(label)")
            #expect(read.journal == original.journal, "\(label)")
            #expect(read.year == original.year, "\(label)")
            #expect(read.date == original.date, "\(label)")
            #expect(read.volume == original.volume, "\(label)")
            #expect(read.issue == original.issue, "\(label)")
            #expect(read.pages == original.pages, "\(label)")
            #expect(read.doi == original.doi, "\(label)")
            #expect(read.pmid == original.pmid, "\(label)")
            #expect(read.pmcid == original.pmcid, "\(label)")
            let abstract = lineFormat ? original.abstract.map(TextNormalizer.collapseWhitespace) : original.abstract
            #expect(read.abstract == abstract, "\(label)")
            #expect(read.keywords == original.keywords, "\(label)")
            #expect(read.id == original.id, "\(label)")
        }
    }

    @Test func bibTeXAlsoKeepsTruncatedAuthorListsAndMEDLINEKeepsMeSH() throws {
        let papers = Self.fixturePapers
        let bib = BibTeXReader.read(Exporter.export(papers, format: .bibtex), path: "x.bib").papers
        #expect(bib.map(\.authorsTruncated) == papers.map(\.authorsTruncated))
        let medline = MedlineReader.read(Exporter.export(papers, format: .medline), path: "x.nbib").papers
        #expect(medline.map(\.meshTerms) == papers.map(\.meshTerms))
        #expect(medline.map(\.publicationTypes) == papers.map(\.publicationTypes))
    }

    @Test func exportsAreRecognisedByContentWithoutTheirExtension() {
        let papers = Self.fixturePapers
        #expect(Ingest.read(text: Exporter.export(papers, format: .bibtex), path: "a.txt").papers.first?.source.format == .bibtex)
        #expect(Ingest.read(text: Exporter.export(papers, format: .ris), path: "a.txt").papers.first?.source.format == .ris)
        #expect(Ingest.read(text: Exporter.export(papers, format: .csljson), path: "a.txt").papers.first?.source.format == .cslJSON)
        #expect(Ingest.read(text: Exporter.export(papers, format: .medline), path: "a.txt").papers.first?.source.format == .medline)
    }

    @Test func bibTeXKeysAreUniqueStableAndASCII() {
        let source = PaperSource(path: "x", format: .page)
        let papers = [
            Paper(title: "The exosome story", authors: ["Hartmut Döhner"], year: 2017, source: source),
            Paper(title: "Exosomes again", authors: ["Hartmut Döhner", "Elihu Estey"], year: 2017, source: source),
            Paper(title: "Exosomes, a third time", authors: ["H Döhner"], year: 2017, source: source),
            Paper(title: "On the 2016 revision", authors: ["Giacomo De Leo"], year: 2016, source: source),
            Paper(title: "Straße und Ørsted", authors: ["Jürgen Weiß"], source: source),
            Paper(title: "Letter to the editor", source: source),
        ]
        let keys = Exporter.citationKeys(papers)
        #expect(keys == ["dohner2017exosome", "dohner2017exosomes", "dohner2017exosomesa", "deleo2016revision", "weissstrasse", "anonletter"])
        #expect(Exporter.citationKeys(papers) == keys)
        let clash = Array(repeating: papers[0], count: 3)
        #expect(Exporter.citationKeys(clash) == ["dohner2017exosome", "dohner2017exosomea", "dohner2017exosomeb"])
    }

    @Test func bibTeXEscapesSpecialCharactersAndBracesAcronyms() throws {
        let paper = Paper(title: "R&D at 50% of $5: the {odd} #1 case_study of CML in mRNA ~ ^ \\",
                          authors: ["Barnes and Noble Group", "Ludwig van Beethoven", "Martin Luther King Jr."],
                          journal: "Journal of Things & Stuff", year: 2020, pages: "e1234",
                          source: PaperSource(path: "x", format: .page))
        let text = Exporter.export([paper], format: .bibtex)
        #expect(text.contains("title = {{R\\&D} at 50\\% of \\$5: the \\{odd\\} \\#1 case\\_study of {CML} in {mRNA} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}},"))
        #expect(text.contains("author = {Group, {Barnes and Noble} and van Beethoven, Ludwig and King, Jr., Martin Luther},"))
        #expect(text.contains("journal = {Journal of Things \\& Stuff},"))
        #expect(text.contains("pages = {e1234},"))
        let back = try #require(BibTeXReader.read(text, path: "x.bib").papers.first)
        #expect(back.title == paper.title)
        #expect(back.authors == paper.authors)
        #expect(back.journal == paper.journal)
    }

    @Test func risRecordsFollowTheSpecification() {
        let text = Exporter.export(Array(Self.fixturePapers.prefix(3)), format: .ris)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "TY  - JOUR")
        #expect(lines.filter { $0.hasPrefix("TY  - ") }.count == 3)
        #expect(lines.filter { $0 == "ER  - " }.count == 3)
        // Every non-empty line is one tag: two capitals or a capital and a digit, two spaces, a hyphen, a space.
        #expect(lines.filter { !$0.isEmpty }.allSatisfy { $0.range(of: "^[A-Z][A-Z0-9]  - ", options: .regularExpression) != nil })
        #expect(text.contains("DA  - 2014/06/28/\n"))
        #expect(text.contains("SP  - 71\nEP  - 6\n"))
        #expect(text.contains("AN  - 24657904\n"))
    }

    @Test func cslJSONIsAnArrayOfSchemaItems() throws {
        let text = Exporter.export(Array(Self.fixturePapers.prefix(2)), format: .csljson)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(items.count == 2)
        #expect(items[0]["type"] as? String == "article-journal")
        #expect(items[0]["id"] as? String == "corrado2014exosome")
        #expect((items[0]["issued"] as? [String: Any])?["date-parts"] as? [[Int]] == [[2014, 6, 28]])
        #expect((items[0]["author"] as? [[String: String]])?.first == ["family": "Corrado", "given": "Chiara"])
        #expect(items[1]["PMCID"] as? String == "PMC5291965")
    }

    @Test func medlineLinesAreTaggedAndWrapped() {
        let text = Exporter.export([Self.fixturePapers[0]], format: .medline)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "PMID- 24657904")
        #expect(lines.allSatisfy { $0.count <= MedlineExporter.width })
        #expect(lines.contains("DP  - 2014 Jun 28"))
        #expect(lines.contains("FAU - De Leo, Giacomo"))
        #expect(lines.contains("AU  - De Leo G"))
        #expect(lines.contains("LID - 10.1016/j.canlet.2014.03.009 [doi]"))
        #expect(lines.contains { $0.hasPrefix("      ") })
    }

    @Test func markdownIsANumberedReadingList() {
        let papers = Self.fixturePapers
        let text = Exporter.export(papers, format: .markdown)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "# References")
        #expect(lines.count == papers.count + 1)
        #expect(lines[1].hasPrefix("1. Chiara Corrado, Stefania Raimondo, Laura Saieva"))
        #expect(lines[1].contains("(2014). **Exosome-mediated crosstalk"))
        #expect(lines[1].contains("*Cancer letters* 348(1-2):71-6."))
        #expect(text.contains("(https://doi.org/10.1016/S1470-2045%2809%2970003-8)"))
        #expect(text.contains("PMID [24657904](https://pubmed.ncbi.nlm.nih.gov/24657904/)"))
    }
}
