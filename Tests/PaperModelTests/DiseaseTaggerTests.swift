import Foundation
import Testing
@testable import PaperModel

func paper(_ title: String, abstract: String? = nil, keywords: [String] = [], mesh: [String] = [],
           journal: String? = nil) -> Paper {
    Paper(title: title, journal: journal, abstract: abstract, keywords: keywords, meshTerms: mesh,
          source: PaperSource(path: "synthetic.txt", format: .page))
}

@Suite struct DiseaseTaggerTests {
    let tagger = DiseaseTagger()

    func primary(_ p: Paper) -> [String] { tagger.tags(for: p).filter { $0.role == .primary }.map(\.name).sorted() }
    func mentioned(_ p: Paper) -> [String] { tagger.tags(for: p).filter { $0.role == .mentioned }.map(\.name).sorted() }

    @Test func titleNamesThePrimaryDiseaseWhateverTheSpelling() {
        #expect(primary(paper("Chronic myelogenous leukaemia in older patients")) == ["Chronic Myeloid Leukemia"])
        #expect(primary(paper("Outcomes of acute myeloblastic leukaemias")) == ["Acute Myeloid Leukemia"])
        #expect(primary(paper("Graft-vs.-host disease after transplant")) == ["Graft-versus-Host Disease"])
        #expect(primary(paper("Gut microbes and Parkinson’s disease")) == ["Parkinson Disease"])
        #expect(primary(paper("Renal angiomyolipomas: embolisation")) == ["Angiomyolipoma"])
        #expect(primary(paper("Tuberculosis en niños de zonas rurales")) == ["Tuberculosis"])
        #expect(primary(paper("乳腺癌患者的粒系分化")) == ["Breast Cancer"])
    }

    @Test func subtypesAreTaggedAsTheirCanonicalParent() {
        #expect(primary(paper("Differentiation syndrome in acute promyelocytic leukemia")) == ["Acute Myeloid Leukemia"])
        #expect(primary(paper("CAR T cells in diffuse large B-cell lymphoma")) == ["Lymphoma"])
        #expect(primary(paper("Cardiac outcomes a decade after Hodgkin lymphoma")) == ["Lymphoma"])
        #expect(primary(paper("Follicular Lymphoma")) == ["Lymphoma"])
        #expect(primary(paper("Risk groups in B-cell acute lymphoblastic leukemia")) == ["Acute Lymphoblastic Leukemia"])
        #expect(primary(paper("Ibrutinib in small lymphocytic lymphoma")) == ["Chronic Lymphocytic Leukemia"])
        #expect(primary(paper("Spleen response to JAK inhibition in myelofibrosis")) == ["Myeloproliferative Neoplasms"])
    }

    @Test func genericLeukemiaOnlyWhenNoSubtypeApplies() {
        #expect(primary(paper("Leukemic stem cells: where do they come from?", abstract: "Leukemias arise from stem cells. Human leukemias differ.")) == ["Leukemia"])
        let acute = paper("Late effects after treatment for childhood acute leukemia",
                          abstract: "Survivors of acute lymphoblastic leukemia (ALL) and acute myeloid leukemia (AML) were followed. ALL survivors had more late effects than AML survivors.")
        #expect(primary(acute) == ["Acute Lymphoblastic Leukemia", "Acute Myeloid Leukemia"])
        #expect(primary(paper("Exosomes from chronic myeloid leukemia cells and the survival of leukemia cells")) == ["Chronic Myeloid Leukemia"])
    }

    @Test func abbreviationsDefinedAsSomethingElseTagNothing() {
        let kidney = paper("Embolization of renal AML", abstract: "Bleeding from angiomyolipoma (AML) of the kidney is rare. Large AMLs were embolised. AML diameter predicted rupture.")
        #expect(primary(kidney) == ["Angiomyolipoma"])
        #expect(!tagger.tags(for: kidney).map(\.name).contains("Acute Myeloid Leukemia"))

        let knee = paper("Anterolateral ligament reconstruction", abstract: "The anterolateral ligament (ALL) controls rotation. ALL reconstruction reduced laxity. ACL + ALL lesion was simulated.")
        #expect(tagger.tags(for: knee).isEmpty)

        let liver = paper("Fetal liver stem cells in recipient marrow", abstract: "Cells from fetal liver (FL) engrafted. FL cells gave myeloid and lymphoid progeny.")
        #expect(tagger.tags(for: liver).isEmpty)
    }

    @Test func aDefinitionAsADiseaseWinsWhereverItStands() {
        let aml = "Acute Myeloid Leukemia", cml = "Chronic Myeloid Leukemia"
        // The title's AML counts only when the text defines it as the disease.
        let first = paper("Relapse of AML and CML after transplant",
                          abstract: "Acute myeloid leukemia (AML) was diagnosed in a patient whose anterior mitral leaflet (AML) was thickened.")
        #expect(primary(first) == [aml, cml])
        let last = paper("Relapse of AML and CML after transplant",
                         abstract: "A patient whose anterior mitral leaflet (AML) was thickened had acute myeloid leukemia (AML).")
        #expect(primary(last) == [aml, cml])
        let otherOnly = paper("Relapse of AML and CML after transplant", abstract: "The anterior mitral leaflet (AML) was thickened.")
        #expect(tagger.tags(for: otherOnly).map(\.name) == [cml])
    }

    @Test func definitionsReadTheNameRightBeforeOrAfterTheBrackets() {
        // A name after the abbreviation that is another disease: the abbreviation means something else here.
        let after = paper("Relapse of CML and AML", abstract: "CML (acute myeloid leukemia) relapsed.")
        #expect(tagger.tags(for: after).map(\.name) == ["Acute Myeloid Leukemia"])
        // A name inside an organisation's name does not define the abbreviation after it.
        let organisation = paper("Trials of the Acute Myeloid Leukemia Group (AML) in adults with CML")
        #expect(tagger.tags(for: organisation).map(\.name) == ["Chronic Myeloid Leukemia"])
        // Names of separate fields never define each other's abbreviations.
        let fields = paper("Outcomes in acute myeloid leukemia", keywords: ["(CML)"])
        #expect(primary(fields) == ["Acute Myeloid Leukemia", "Chronic Myeloid Leukemia"])
    }

    @Test func capitalisedAndLowercaseAllNeverTag() {
        let text = paper("All patients were treated", abstract: "All of them received all doses. ALL RIGHTS RESERVED. © 2020 ALL-RIGHTS reserved.")
        #expect(tagger.tags(for: text).isEmpty)
        let protocolName = paper("Outcomes under the ALL IC-BFM 2009 protocol in children with acute myeloid leukemia")
        #expect(primary(protocolName) == ["Acute Myeloid Leukemia"])
        #expect(mentioned(protocolName).isEmpty)
    }

    @Test func ambiguousAbbreviationsNeedTheTextsSupport() {
        #expect(primary(paper("Relapse biomarkers in ALL", abstract: "Acute lymphoblastic leukemia (ALL) is rare in adults. ALL relapses are hard to treat.")) == ["Acute Lymphoblastic Leukemia"])
        #expect(tagger.tags(for: paper("Results in MM and PD")).isEmpty)
        #expect(primary(paper("Minimal residual disease in MM", abstract: "Multiple myeloma (MM) remains incurable.")) == ["Multiple Myeloma"])
        // A distinctive abbreviation stands on its own.
        #expect(primary(paper("Crosstalk between CML cells and stromal cells")) == ["Chronic Myeloid Leukemia"])
        #expect(primary(paper("Clonal tracing of AML founder cells")) == ["Acute Myeloid Leukemia"])
    }

    @Test func organisationsAndJournalsDoNotTag() {
        let group = paper("Guidance from the Nordic Adult Leukemia Group on polycythemia vera")
        #expect(primary(group) == ["Myeloproliferative Neoplasms"])
        #expect(!tagger.tags(for: group).map(\.name).contains("Leukemia"))
        let affiliation = paper("Bone remodeling by exosomes", abstract: "Department of Leukemia, City Cancer Center. Joint Center for Lymphoma and Leukemia Research. Exosomes regulate bone.",
                                journal: "Leukemia")
        #expect(tagger.tags(for: affiliation).isEmpty)
        #expect(tagger.tags(for: paper("Exosomes in bone", journal: "Clinical Lymphoma, Myeloma & Leukemia")).isEmpty)
    }

    @Test func passingMentionsAreMentionedNotPrimary() {
        let mds = paper("Transfusion needs in myelodysplastic syndromes with anemia",
                        abstract: "Patients with MDS suffer anemia. A minority progress to acute myeloid leukemia (AML). Growth factors reduce transfusions in MDS.",
                        keywords: ["anemia", "MDS"])
        #expect(primary(mds) == ["Myelodysplastic Syndromes"])
        #expect(mentioned(mds) == ["Acute Myeloid Leukemia"])
    }

    @Test func theAbstractDecidesWhenTheTitleNamesNoDisease() {
        let p = paper("Outcomes in pediatric patients: a single-center experience",
                      abstract: "Acute lymphoblastic leukemia (ALL) is the commonest childhood cancer. We reviewed 200 children with ALL. Infections were frequent; one had tuberculosis.")
        #expect(primary(p) == ["Acute Lymphoblastic Leukemia"])
        #expect(mentioned(p) == ["Tuberculosis"])
    }

    @Test func keywordsAndMeshTermsArePrimary() {
        #expect(primary(paper("Exosomes and interleukin 8", keywords: ["Chronic myelogenous leukemia", "Exosomes"])) == ["Chronic Myeloid Leukemia"])
        #expect(primary(paper("Stromal signalling", mesh: ["Leukemia, Myelogenous, Chronic, BCR-ABL Positive/drug therapy*"])) == ["Chronic Myeloid Leukemia"])
    }

    @Test func genesAndVirusesNamedAfterDiseasesDoNotTag() {
        #expect(tagger.tags(for: paper("Leukemia inhibitory factor signalling in embryonic stem cells")).isEmpty)
        #expect(tagger.tags(for: paper("B-cell lymphoma 2 inhibitors and murine leukemia virus vectors")).isEmpty)
    }

    @Test func entriesNamedKeepsTheSubtype() {
        let apl = paper("Arsenic in acute promyelocytic leukemia")
        #expect(tagger.entriesNamed(in: apl) == ["Acute Promyelocytic Leukemia"])
    }

    @Test func aLargeBatchTagsEveryPaperAlike() {
        // Enough papers to be tagged on every core; the speed itself is measured by `make bench`.
        let abstract = String(repeating: "Chronic myeloid leukemia (CML) cells release exosomes that stimulate bone marrow stromal cells to produce interleukin 8. ", count: 8)
        let papers = (0..<2_000).map { paper("Exosome crosstalk number \($0) in CML", abstract: abstract) }
        let tagged = tagger.tagged(papers)
        #expect(tagged.count == papers.count)
        #expect(tagged.allSatisfy { $0.diseases == [DiseaseTag(name: "Chronic Myeloid Leukemia", role: .primary)] })
    }
}

@Suite struct DiseaseTaggerRoleTests {
    let tagger = DiseaseTagger()

    @Test func aSubtypeOnlyLateInAGenericPaperDoesNotNarrowIt() {
        let review = paper("Advances in understanding the leukemia microenvironment",
                           abstract: "Leukemic cells interact with the bone marrow. Niches shelter leukemic cells. Stroma changes with leukemia. Pathways are described. Despite progress, relapse is common. Stem cells were first shown in acute myeloid leukemia (AML). Bonnet and Dick studied AML.")
        #expect(tagger.tags(for: review).filter { $0.role == .primary }.map(\.name) == ["Leukemia"])
        #expect(tagger.tags(for: review).filter { $0.role == .mentioned }.map(\.name) == ["Acute Myeloid Leukemia"])
    }

    @Test func aBroaderDiseaseBesideAPrimarySubtypeIsNotListedAsMentioned() {
        let tags = tagger.tags(for: paper("Clonal tracing of AML founder cells", abstract: "Acute myeloid leukemia relapses. Leukemia cells evolve."))
        #expect(tags == [DiseaseTag(name: "Acute Myeloid Leukemia", role: .primary)])
    }
}

/// The tagger on the bundled seeds: each paper built from its seed page's title, abstract paragraph
/// and keywords (the fields a careful reader finds there), tagged as the expected labels say.
@Suite struct SeedTaggingTests {
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("seeds")

    struct Seed { var file, title, abstractStart: String; var keywords: [String]; var diseases: [String] }

    static let expected = [
        Seed(file: "000_7ca079b3fba1dd8c.txt", title: "Acute Myelogenous Leukemia and its Microenvironment: A Molecular Conversation",
             abstractStart: "Survival of patients with acute myelogenous leukemia (AML) depends on", keywords: [], diseases: ["Acute Myeloid Leukemia"]),
        Seed(file: "001_893f001f74912dda.txt", title: "Leukemic stem cells: where do they come from?",
             abstractStart: "Leukemias can now be viewed as aberrant hematopoietic processes", keywords: [], diseases: ["Leukemia"]),
        Seed(file: "002_b11f5d7b0448d0c6.txt", title: "Acute lymphoblastic leukemia relapse: biomarkers, hopes, and challenges",
             abstractStart: "Acute lymphoblastic leukemia (ALL) is a rare disease in adults", keywords: [], diseases: ["Acute Lymphoblastic Leukemia"]),
        Seed(file: "003_417596fa231ddce3.txt",
             title: "Exosome-mediated crosstalk between chronic myelogenous leukemia cells and human bone marrow stromal cells triggers an interleukin 8-dependent survival of leukemia cells",
             abstractStart: "Chronic myelogenous leukemia (CML) is a myeloproliferative disorder",
             keywords: ["Bone marrow stromal cells", "Chronic myelogenous leukemia", "Exosomes", "Interleukin 8", "Tumour microenvironment"],
             diseases: ["Chronic Myeloid Leukemia"]),
        Seed(file: "004_84a1a539c427e078.txt", title: "Crosstalk between CML cells with HUVECs and BMSCs through exosomes",
             abstractStart: "Chronic Myeloid Leukemia (CML) is a myeloproliferative neoplasm",
             keywords: ["Chronic myeloid leukemia", "drug resistance", "bone marrow mesenchymal stromal cells", "CML leukemia stem cells"],
             diseases: ["Chronic Myeloid Leukemia"]),
    ]

    @Test(arguments: expected) func seedIsTaggedAsExpected(_ seed: Seed) throws {
        let text = try String(contentsOf: SeedTaggingTests.seeds.appendingPathComponent(seed.file), encoding: .utf8)
        let abstract = text.split(whereSeparator: \.isNewline).first { $0.hasPrefix(seed.abstractStart) }.map(String.init)
        #expect(abstract != nil)
        let tags = DiseaseTagger().tags(for: paper(seed.title, abstract: abstract, keywords: seed.keywords))
        #expect(tags.filter { $0.role == .primary }.map(\.name) == seed.diseases)
        #expect(!tags.contains { $0.role == .mentioned && seed.diseases.contains($0.name) })
    }
}

@Suite struct HashTableTests {
    @Test func storesLooksUpAndGrows() {
        var table = HashTable()
        for i in 1...1000 { table.set(UInt64(i) &* 0x1234_5678_9ABC_DEF1, Int32(i)) }
        #expect(table.count == 1000)
        #expect(table[UInt64(500) &* 0x1234_5678_9ABC_DEF1] == 500)
        #expect(table[42] == nil)
        #expect(table[0] == nil)
        table.set(UInt64(7) &* 0x1234_5678_9ABC_DEF1, -7)
        #expect(table.count == 1000)
        #expect(table[UInt64(7) &* 0x1234_5678_9ABC_DEF1] == -7)
    }
}
