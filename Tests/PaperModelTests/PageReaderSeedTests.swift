import Foundation
import Testing
@testable import PaperModel

/// Each bundled seed page against what a careful reader finds in it.
@Suite struct PageReaderSeedTests {
    static let seeds = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")

    static func paper(_ name: String) throws -> Paper {
        let path = seeds.appendingPathComponent(name).path
        let outcome = Ingest.read(file: path)
        #expect(outcome.warnings.isEmpty)
        return try #require(outcome.papers.first)
    }

    /// The abstract starts and ends with these words (whitespace collapsed).
    static func expectAbstract(_ paper: Paper, starts: String, ends: String) {
        let abstract = paper.abstract ?? ""
        #expect(abstract.hasPrefix(starts), "abstract starts \(abstract.prefix(80))")
        #expect(abstract.hasSuffix(ends), "abstract ends \(abstract.suffix(80))")
    }

    /// No navigation, app or site text in any field.
    static func expectClean(_ paper: Paper, of boilerplate: [String]) {
        let fields = ([paper.title, paper.journal ?? "", paper.abstract ?? ""] + paper.authors + paper.keywords).joined(separator: "\n")
        for text in boilerplate {
            #expect(!fields.contains(text), "\(text) leaked into a field")
        }
    }

    @Test func readerAppPageGivesTitleTypesAndAbstractOnly() throws {
        let paper = try Self.paper("000_7ca079b3fba1dd8c.txt")
        #expect(paper.title == "Acute Myelogenous Leukemia and its Microenvironment: A Molecular Conversation")
        #expect(paper.authors.isEmpty)
        #expect(paper.journal == nil)
        #expect(paper.year == nil)
        #expect(paper.doi == nil)
        #expect(paper.pmid == nil)
        #expect(paper.publicationTypes == ["Journal Article", "Research Support, Non-U.S. Gov't", "Review"])
        #expect(paper.keywords.isEmpty)
        Self.expectAbstract(paper, starts: "Survival of patients with acute myelogenous leukemia (AML) depends on",
                            ends: "therapeutically target MRD.")
        Self.expectClean(paper, of: ["Add like", "Full text links", "Can't access the paper?", "Copyright © 1994-2024 by WebMD LLC",
                                     "claim free CME credits"])
    }

    @Test func pubMedReviewWithTruncatedAuthors() throws {
        let paper = try Self.paper("001_893f001f74912dda.txt")
        #expect(paper.title == "Leukemic stem cells: where do they come from?")
        #expect(paper.authors == ["Emmanuelle Passegué"])
        #expect(paper.authorsTruncated)
        #expect(paper.journal == "Stem Cell Rev")
        #expect(paper.year == 2005)
        #expect(paper.volume == "1")
        #expect(paper.issue == "3")
        #expect(paper.pages == "181-8")
        #expect(paper.doi == "10.1385/SCR:1:3:181")
        #expect(paper.pmid == nil)
        #expect(paper.publicationTypes == ["Review"])
        #expect(paper.keywords.isEmpty)
        Self.expectAbstract(paper, starts: "Leukemias can now be viewed as aberrant hematopoietic processes",
                            ends: "improved treatments for human leukemias.")
        Self.expectClean(paper, of: ["U.S. flag", "The .gov means it’s official.", "PubMed Disclaimer", "EMBO J. 1999 Feb 15;18(4):934-48 - PubMed"])
    }

    @Test func aggregatorPagePrefersItsEmbeddedRecord() throws {
        let paper = try Self.paper("002_b11f5d7b0448d0c6.txt")
        #expect(paper.title == "Acute lymphoblastic leukemia relapse: biomarkers, hopes, and challenges")
        #expect(paper.authors == ["Joseph Adomako", "Karina E Jiménez-Camacho", "M Victor M Correa-Lara", "Juan C Núñez-Enriquez", "Michael Schnoor"])
        #expect(paper.journal == "Trends in molecular medicine")
        #expect(paper.year == 2025)
        #expect(paper.date == "2025-05-23")
        #expect(paper.doi == "10.1016/j.molmed.2025.04.005")
        #expect(paper.pmid == nil)
        #expect(paper.publicationTypes == ["Journal Article"])
        #expect(paper.keywords.isEmpty)
        Self.expectAbstract(paper, starts: "Acute lymphoblastic leukemia (ALL) is a rare disease in adults",
                            ends: "we discuss related hopes and challenges.")
        Self.expectClean(paper, of: ["<p>", "引用次数: 0", "期刊介绍:", "Trends in Molecular Medicine (TMM) aims to offer concise"])
    }

    @Test func pubMedPageWithKeywords() throws {
        let paper = try Self.paper("003_417596fa231ddce3.txt")
        #expect(paper.title == "Exosome-mediated crosstalk between chronic myelogenous leukemia cells and human bone marrow stromal cells triggers an interleukin 8-dependent survival of leukemia cells")
        #expect(paper.authors == ["Chiara Corrado"])
        #expect(paper.authorsTruncated)
        #expect(paper.journal == "Cancer Lett")
        #expect(paper.year == 2014)
        #expect(paper.volume == "348")
        #expect(paper.issue == "1-2")
        #expect(paper.pages == "71-6")
        #expect(paper.doi == "10.1016/j.canlet.2014.03.009")
        #expect(paper.pmid == nil)
        #expect(paper.keywords == ["Bone marrow stromal cells", "Chronic myelogenous leukemia", "Exosomes", "Interleukin 8", "Tumour microenvironment"])
        Self.expectAbstract(paper, starts: "Chronic myelogenous leukemia (CML) is a myeloproliferative disorder",
                            ends: "modulate both in vitro and in vivo the leukemia cell malignant phenotype.")
        Self.expectClean(paper, of: ["Skip to main page content", "Access keys NCBI Homepage", "MeSH terms", "LinkOut - more resources"])
    }

    @Test func publisherPageWithUnlabelledKeywordColumn() throws {
        let paper = try Self.paper("004_84a1a539c427e078.txt")
        #expect(paper.title == "Crosstalk between CML cells with HUVECs and BMSCs through exosomes")
        #expect(paper.authors.isEmpty)
        #expect(paper.journal == "Frontiers in Bioscience-Landmark")
        #expect(paper.year == 2021)
        #expect(paper.volume == "26")
        #expect(paper.issue == "3")
        #expect(paper.pages == "444–467")
        #expect(paper.doi == "10.2741/4901")
        #expect(paper.pmid == nil)
        #expect(paper.keywords == ["Chronic myeloid leukemia", "drug resistance", "bone marrow mesenchymal stromal cells", "CML leukemia stem cells"])
        Self.expectAbstract(paper, starts: "Chronic Myeloid Leukemia (CML) is a myeloproliferative neoplasm",
                            ends: "we will summarize the recent studies in this field.")
        Self.expectClean(paper, of: ["Show Less", "Department of Medical Biology, School of Medicine, Sanko University", "Tel: 03422116556", "Back to top"])
    }

    @Test func theFiveSeedsAreFivePapers() {
        let result = Ingest.load(paths: [Self.seeds.path])
        #expect(result.warnings.isEmpty)
        #expect(Corpus(papers: result.papers).count == 5)
    }
}
