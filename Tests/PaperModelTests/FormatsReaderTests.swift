import Foundation
import Testing
@testable import PaperModel

/// The fixtures under Fixtures/formats, read through `Ingest` as a user's files would be.
enum FormatFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/formats")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func read(_ name: String) -> ReadOutcome { Ingest.read(file: path(name)) }
}

@Suite struct MedlineReaderTests {
    @Test func readsEveryRecordWithItsLineAndFields() throws {
        let outcome = FormatFixtures.read("papers.nbib")
        #expect(outcome.warnings.isEmpty)
        #expect(outcome.papers.map(\.source.line) == [1, 62, 97, 134])
        #expect(outcome.papers.allSatisfy { $0.source.format == .medline })
        let corrado = try #require(outcome.papers.first)
        #expect(corrado.title == "Exosome-mediated crosstalk between chronic myelogenous leukemia cells and human bone marrow stromal cells triggers an interleukin 8-dependent survival of leukemia cells")
        #expect(corrado.authors == ["Chiara Corrado", "Stefania Raimondo", "Laura Saieva", "Anna Maria Flugy", "Giacomo De Leo", "Riccardo Alessandro"])
        #expect(corrado.journal == "Cancer letters")
        #expect(corrado.year == 2014)
        #expect(corrado.date == "2014-06-28")
        #expect(corrado.volume == "348")
        #expect(corrado.issue == "1-2")
        #expect(corrado.pages == "71-6")
        #expect(corrado.doi == "10.1016/j.canlet.2014.03.009")
        #expect(corrado.pmid == "24657904")
        #expect(corrado.abstract?.hasPrefix("Chronic myelogenous leukemia (CML) cells release exosomes that reach the bone marrow stroma. Here") == true)
        #expect(corrado.keywords == ["Bone marrow stromal cells", "Chronic myelogenous leukemia", "Exosomes", "Interleukin 8", "Tumour microenvironment"])
        #expect(corrado.meshTerms == ["Bone Marrow Cells", "Exosomes", "Humans", "Interleukin-8", "Leukemia, Myelogenous, Chronic, BCR-ABL Positive", "Stromal Cells"])
        #expect(corrado.publicationTypes == ["Journal Article", "Research Support, Non-U.S. Gov't"])
    }

    @Test func accentsCollectiveAuthorsPMCAndShortAuthorForms() throws {
        let papers = FormatFixtures.read("papers.nbib").papers
        #expect(papers[1].authors.first == "Hartmut Döhner")
        #expect(papers[1].pmcid == "PMC5291965")
        #expect(papers[2].authors.last == "International Vidaza High-Risk MDS Survival Study Group")
        #expect(papers[2].date == "2009-03")
        #expect(papers[2].journal == "The Lancet. Oncology")
        // Only AU lines, no FAU: initials turned to the front; no DOI, no abstract.
        #expect(papers[3].authors == ["D Bonnet", "JE Dick"])
        #expect(papers[3].journal == "Nat Med")
        #expect(papers[3].doi == nil)
        #expect(papers[3].abstract == nil)
    }

    @Test func aRecordWithoutTitleIsOneWarningWithItsLine() {
        let text = """
        PMID- 111
        TI  - A readable record.
        DP  - 2020

        PMID- 222
        DP  - 2021
        AB  - No title here.

        PMID- 333
        TI  - Another readable
              record.
        """
        let outcome = MedlineReader.read(text, path: "x.nbib")
        #expect(outcome.papers.map(\.title) == ["A readable record", "Another readable record"])
        #expect(outcome.warnings.count == 1)
        #expect(outcome.warnings.first?.line == 5)
        #expect(outcome.warnings.first?.description.hasPrefix("x.nbib:5: record skipped") == true)
    }
}

@Suite struct RISReaderTests {
    @Test func readsRecordsBetweenJunkLines() throws {
        let outcome = FormatFixtures.read("references.ris")
        #expect(outcome.warnings.isEmpty)
        #expect(outcome.papers.map(\.source.line) == [5, 30, 51, 68])
        let cetin = try #require(outcome.papers.first)
        #expect(cetin.title == "Crosstalk between CML cells with HUVECs and BMSCs through exosomes")
        #expect(cetin.authors == ["Zafer Cetin", "Eyup I. Saygili", "Gökhan Görgisen", "Emel Sokullu"])
        #expect(cetin.journal == "Frontiers in Bioscience-Landmark")
        #expect(cetin.date == "2021-03-01")
        #expect(cetin.pages == "444-467")
        #expect(cetin.doi == "10.2741/4901")
        #expect(cetin.keywords.count == 4)
        #expect(cetin.abstract?.contains("fusion gene. This review gathers") == true)
        let druker = outcome.papers[1]
        #expect(druker.journal == "New England Journal of Medicine")
        #expect(druker.pmid == "11287972")
        #expect(druker.date == "2001-04-05")
        #expect(druker.keywords == ["Imatinib Mesylate", "Protein Kinase Inhibitors"])
        #expect(outcome.papers[2].pages == "111-21")
        #expect(outcome.papers[3].journal == "Hoffbrand's Essential Haematology")
    }

    @Test func oddTagsSingleSpacesAndNoEndRecord() throws {
        let text = """
        TY - JOUR
        TI - A trial of something in myeloma
        AU - Mateo, J.-M.
        AU - Novák, P.
        JO - The Example Journal of Medicine
        PY - 2018
        SN - null
        TODO - 10.1000/EXAMPLE.2018.77
        TODO - alpha;  beta;  gamma;  delta;  epsilon;  zeta;  eta;  theta;  iota;  kappa;  lambda;  mu;  nu;  xi;  omicron
        TODO - BACKGROUND: A standard treatment exists for patients who cannot receive a transplant, and this record says so in a sentence that is long enough.
        """
        #expect(RISReader.recognises(text, pathExtension: "txt"))
        let paper = try #require(RISReader.read(text, path: "export.txt").papers.first)
        #expect(paper.authors == ["J.-M. Mateo", "P. Novák"])
        #expect(paper.doi == "10.1000/EXAMPLE.2018.77")
        #expect(paper.abstract?.hasPrefix("BACKGROUND: A standard treatment") == true)
        #expect(paper.keywords.isEmpty)
        #expect(paper.year == 2018)
    }

    @Test func pagesThatMentionTYAreNotRIS() {
        let page = """
        Skip to main content
        TY Chen, A Author and others
        Journal of Things - 2019
        TY - an abbreviation used on this page
        Abstract
        """
        #expect(!RISReader.recognises(page, pathExtension: "txt"))
        let ris = "TY  - JOUR\nTI  - Title\nAU  - Doe, Jane\nER  - \n"
        #expect(RISReader.recognises(ris, pathExtension: "txt"))
        #expect(Ingest.read(text: ris, path: "saved.txt").papers.first?.source.format == .ris)
    }

    @Test func aRecordWithoutTitleWarnsAndTheRestAreKept() {
        let text = "TY  - JOUR\nAU  - Doe, Jane\nER  - \n\nTY  - JOUR\nTI  - Kept\nER  - \n"
        let outcome = RISReader.read(text, path: "a.ris")
        #expect(outcome.papers.map(\.title) == ["Kept"])
        #expect(outcome.warnings.map(\.line) == [1])
    }
}

@Suite struct BibTeXReaderTests {
    @Test func readsMacrosConcatenationAccentsAndSkipsComments() throws {
        let outcome = FormatFixtures.read("library.bib")
        #expect(outcome.warnings.isEmpty)
        #expect(outcome.papers.count == 5)
        #expect(outcome.papers.map(\.source.line) == [11, 25, 38, 49, 60])
        let hochhaus = outcome.papers[0]
        #expect(hochhaus.journal == "The New England Journal of Medicine")
        #expect(hochhaus.authors == ["Andreas Hochhaus", "Richard A. Larson", "François Guilhot", "Jerald P. Radich"])
        #expect(hochhaus.authorsTruncated)
        #expect(hochhaus.year == 2017)
        #expect(hochhaus.date == "2017-03")
        #expect(hochhaus.pages == "917-927")
        #expect(hochhaus.pmid == "28273028")
        #expect(hochhaus.keywords == ["imatinib", "chronic myeloid leukemia", "long-term follow-up"])
        let arber = outcome.papers[1]
        #expect(arber.title == "The 2016 revision to the World Health Organization classification of myeloid neoplasms and acute leukemia")
        #expect(arber.authors.contains("Jürgen Thiele"))
        #expect(arber.authors.contains("Michelle M. Le Beau"))
        #expect(arber.journal == "Blood")
        #expect(arber.abstract?.hasSuffix("immunophenotypic & genetic data.") == true)
        #expect(outcome.papers[2].authors.last == "Hartmut Döhner")
        #expect(outcome.papers[3].authors[2] == "Eva Hellström-Lindberg")
        #expect(outcome.papers[3].title.hasSuffix("phase III study"))
        #expect(outcome.papers[4].journal == nil)
        #expect(!outcome.papers.contains { $0.title == "Not a paper" })
    }

    @Test func aBrokenEntryIsOneWarningAndTheNextEntryIsRead() {
        let text = """
        @article{broken,
          title = {Never closed,
          year = 2001

        @article{good, title = "Fine", author = {Doe, Jane}}
        """
        let outcome = BibTeXReader.read(text, path: "refs.bib")
        #expect(outcome.papers.map(\.title) == ["Fine"])
        #expect(outcome.warnings.count == 1)
        #expect(outcome.warnings.first?.line == 1)
    }

    @Test func recognisedByContentButNotForACitationBoxOnAPage() {
        let bib = "@article{a, title={T}, year=2020}\n@book{b, title={U}}\n"
        #expect(BibTeXReader.recognises(bib, pathExtension: "txt"))
        let page = String(repeating: "An article page with a lot of ordinary text about leukemia. ", count: 40)
            + "\nCite: @article{a, title={T}}\n"
        #expect(!BibTeXReader.recognises(page, pathExtension: "txt"))
        #expect(!BibTeXReader.recognises("Contact us at editor@example.org for reprints.", pathExtension: "txt"))
    }

    @Test func nameFormsAndGroups() {
        #expect(BibTeXNames.split("Doe, Jane and {Barnes and Noble} and John Smith") == ["Doe, Jane", "{Barnes and Noble}", "John Smith"])
        #expect(BibTeXNames.displayName("{Barnes and Noble}") == "Barnes and Noble")
        #expect(BibTeXNames.displayName("van Beethoven, Ludwig") == "Ludwig van Beethoven")
        #expect(BibTeXNames.displayName("King, Jr, Martin Luther") == "Martin Luther King Jr")
        #expect(BibTeXNames.displayName("Jos{\\'e} Garc{\\'\\i}a") == "José García")
    }
}

@Suite struct LaTeXTextTests {
    @Test func accentsAndSymbols() {
        #expect(LaTeXText.plain("Caf{\\'e} \\\"{u}ber Fran\\c{c}ois \\v{S}koda \\~n \\aa{}ngstr\\\"om") == "Café über François Škoda ñ ångström")
        #expect(LaTeXText.plain("Stra{\\ss}e \\o{}re \\& Co.\\ 50\\% \\$5 \\#1 a\\_b") == "Straße øre & Co. 50% $5 #1 a_b")
        #expect(LaTeXText.plain("TGF-$\\beta$ and IL-1$\\alpha$, $10^{-3}$") == "TGF-β and IL-1α, 10-3")
        #expect(LaTeXText.plain("pages 10--20, ``quoted'' \\emph{word}~here") == "pages 10–20, “quoted” word here")
        #expect(LaTeXText.plain("{{BCR-ABL}} in {CML}") == "BCR-ABL in CML")
    }

    @Test func escapingGivesBackTheText() {
        for text in ["R&D 50% of $5 #1 a_b {x}", "Tilde ~ caret ^ back\\slash", "Plain Unicode: Hellström-Lindberg, São Paulo"] {
            #expect(LaTeXText.plain(LaTeXText.escape(text)) == text)
        }
    }
}

@Suite struct CSLJSONReaderTests {
    @Test func readsItemsAsZoteroExportsThem() throws {
        let outcome = FormatFixtures.read("zotero.json")
        #expect(outcome.warnings.isEmpty)
        #expect(outcome.papers.map(\.source.line) == [2, 21, 39, 55])
        let jabbour = outcome.papers[0]
        #expect(jabbour.journal == "American Journal of Hematology")
        #expect(jabbour.date == "2020-06")
        #expect(jabbour.pmid == "32239758")
        #expect(jabbour.keywords == ["BCR-ABL1", "tyrosine kinase inhibitors", "treatment-free remission"])
        #expect(jabbour.abstract?.contains("fusion.\nThis update") == true)
        #expect(outcome.papers[1].date == "2018-06-21")
        #expect(outcome.papers[2].authors.last == "International Myeloma Working Group")
        #expect(outcome.papers[2].issue == nil)
        #expect(outcome.papers[3].doi == nil)
    }

    @Test func otherJSONIsNotCSL() {
        #expect(!CSLJSONReader.recognises(#"{"name": "lectern", "version": 1}"#, pathExtension: "json"))
        #expect(!CSLJSONReader.recognises(#"[1, 2, 3]"#, pathExtension: "json"))
        #expect(CSLJSONReader.recognises(#"[{"title": "T", "type": "article-journal", "DOI": "10.1/x"}]"#, pathExtension: "txt"))
    }
}

@Suite struct XMLReaderTests {
    @Test func pubMedXMLRecords() throws {
        let outcome = FormatFixtures.read("pubmed.xml")
        #expect(outcome.warnings.isEmpty)
        #expect(outcome.papers.map(\.source.line) == [4, 54, 89])
        #expect(outcome.papers.allSatisfy { $0.source.format == .pubmedXML })
        let genomic = outcome.papers[0]
        #expect(genomic.title == "Genomic Classification and Prognosis in Acute Myeloid Leukemia")
        #expect(genomic.authors.last == "Hartmut Döhner")
        #expect(genomic.journal == "The New England journal of medicine")
        #expect(genomic.date == "2016-06-09")
        #expect(genomic.pages == "2209-2221")
        #expect(genomic.doi == "10.1056/NEJMoa1516192")
        #expect(genomic.pmid == "27276561")
        #expect(genomic.pmcid == "PMC4979995")
        #expect(genomic.abstract?.hasPrefix("BACKGROUND: Recent studies") == true)
        #expect(genomic.abstract?.contains("(AML). METHODS: We enrolled") == true)
        #expect(genomic.meshTerms == ["Humans", "Leukemia, Myeloid, Acute", "Mutation"])
        #expect(genomic.publicationTypes == ["Journal Article", "Research Support, Non-U.S. Gov't"])
        #expect(outcome.papers[1].doi == "10.1056/NEJMra052603")
        #expect(outcome.papers[1].keywords == ["pediatric oncology"])
        #expect(outcome.papers[1].pages == "166-78")
    }

    @Test func jatsArticle() throws {
        let outcome = FormatFixtures.read("article.xml")
        let paper = try #require(outcome.papers.first)
        #expect(outcome.papers.count == 1)
        #expect(paper.source.format == .jats)
        #expect(paper.title == "The Bone Marrow Niche in BCR-ABL1-Positive Leukemia: Friend and Foe")
        #expect(paper.authors == ["Simón Méndez-Ferrer", "Koen Schepers"])
        #expect(paper.journal == "Frontiers in Oncology")
        #expect(paper.date == "2020-09-04")
        #expect(paper.pages == "1711")
        #expect(paper.pmcid == "PMC7498669")
        #expect(paper.abstract == "Background: Leukemic cells remodel the bone marrow niche.\nConclusion: Targeting the niche may help eradicate leukemic stem cells.")
        #expect(paper.keywords == ["bone marrow niche", "chronic myeloid leukemia", "leukemic stem cells"])
    }

    @Test func brokenXMLIsOneWarningNamingTheLine() {
        let text = "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n<PubmedArticle>\n<MedlineCitation>\n</PubmedArticle>\n"
        #expect(PubMedXMLReader.recognises(text, pathExtension: "xml"))
        let outcome = PubMedXMLReader.read(text, path: "bad.xml")
        #expect(outcome.papers.isEmpty)
        #expect(outcome.warnings.count == 1)
        #expect(outcome.warnings.first?.line == 5)
    }

    /// Found by fuzzing: an instruction with no data (`<?xm?>`) made Foundation's XMLParser read a null pointer.
    @Test func processingInstructionsAreSkippedAndTheRecordsStillRead() {
        let text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <?xm?><?xTF\u{9C}?>
        <PubmedArticleSet><?publisher note="x"?><PubmedArticle><MedlineCitation><PMID>123</PMID><Article>
        <ArticleTitle>Niche <?pi?>signals in CML</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
        """
        let outcome = PubMedXMLReader.read(text, path: "pi.xml")
        #expect(outcome.warnings.isEmpty)
        #expect(outcome.papers.map(\.title) == ["Niche signals in CML"])
        #expect(outcome.papers.first?.pmid == "123")
        let jats = JATSReader.read("<?xTF?><article><front><article-meta><title-group><article-title>A<?x?>B</article-title></title-group></article-meta></front></article>", path: "pi.xml")
        #expect(jats.papers.map(\.title) == ["AB"])
        let unended = PubMedXMLReader.read("<PubmedArticleSet><?unended", path: "cut.xml")
        #expect(unended.papers.isEmpty && unended.warnings.count == 1)
    }

    @Test func onlyTheLeadingDeclarationIsKept() {
        let kept = XMLTree.withoutProcessingInstructions("\u{FEFF} <?xml version=\"1.0\"?><a><?xml-stylesheet href=\"s\"?>t<?q?></a>")
        #expect(String(decoding: kept, as: UTF8.self) == "\u{FEFF} <?xml version=\"1.0\"?><a>t</a>")
        // Taking out the inner instruction makes a new one of what was around it.
        #expect(String(decoding: XMLTree.withoutProcessingInstructions("<a><<?u?>?v?>b</a>"), as: UTF8.self) == "<a>b</a>")
    }

    @Test func htmlPagesAreNotXMLFormats() {
        let html = "<!DOCTYPE html>\n<html><body><article><h1>Title</h1></article></body></html>"
        #expect(!PubMedXMLReader.recognises(html, pathExtension: "html"))
        #expect(!JATSReader.recognises(html, pathExtension: "html"))
    }
}

@Suite struct ReferenceFieldsTests {
    /// The byte path for ASCII values gives what the Character path gives, and leaves other text to it.
    @Test func pmcIDsReadFromBytesMatchThoseReadByCharacters() {
        let values = ["PMC1234567", "  pmc0042\t", "Pmc7", "PMC", "PMC12a", "PMC 12", "1234", "", "   ", "PM1",
                      "pmcPMC1", "\u{0B}PMC9\r\n", "PMC٣٤", "PMC1234\u{A0}", "ＰＭＣ12"]
        for value in values {
            let bytes = ReferenceFields.asciiPMCID(value)
            if value.utf8.allSatisfy({ $0 < 0x80 }) {
                #expect(bytes == .some(ReferenceFields.characterPMCID(value)), "\(value.debugDescription)")
            } else {
                #expect(bytes == nil, "\(value.debugDescription) is left to the Character path")
            }
        }
        #expect(ReferenceFields.pmcid(" pmc0042 ") == "PMC0042")
        #expect(ReferenceFields.pmcid("PMC12a") == nil)
        #expect(ReferenceFields.pmcid("PMC1234\u{A0}") == "PMC1234")
    }

    @Test func namesTurnRound() {
        #expect(ReferenceFields.displayName("Mateos, M.-V.") == "M.-V. Mateos")
        #expect(ReferenceFields.displayName("King, Martin Luther, Jr.") == "Martin Luther King Jr.")
        #expect(ReferenceFields.displayNameFromInitials("Flugy AM") == "AM Flugy")
        #expect(ReferenceFields.invertedName("Ludwig van Beethoven") == "van Beethoven, Ludwig")
        #expect(ReferenceFields.invertedName("Martin Luther King Jr.") == "King, Martin Luther, Jr.")
        #expect(ReferenceFields.initialsName("Anna Maria Flugy") == "Flugy AM")
        #expect(ReferenceFields.initialsName("Ching-Hon Pui") == "Pui CH")
    }

    @Test func datesAsTheFormatsWriteThem() {
        #expect(ReferenceFields.parseDate("2014 Jun 28")?.date == "2014-06-28")
        #expect(ReferenceFields.parseDate("2014 Jan-Feb")?.date == "2014-01")
        #expect(ReferenceFields.parseDate("2001/04/05/")?.date == "2001-04-05")
        #expect(ReferenceFields.parseDate("2016///Spring")?.date == "2016")
        #expect(ReferenceFields.parseDate("Summer 2014")?.year == 2014)
        #expect(ReferenceFields.parseDate("no date") == nil)
    }
}
