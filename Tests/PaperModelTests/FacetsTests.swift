import Foundation
import Testing
@testable import PaperModel

@Suite struct FacetsTests {
    @Test func diseaseTreeCountsEachPaperOnceAtEveryLevel() {
        let facets = Facets.compute(SampleLibrary.papers, state: EmptyReadingState())
        let names = facets.diseases.map(\.name)
        #expect(names == ["Leukemia", "Lymphoma"])
        let leukemia = facets.diseases[0]
        #expect(leukemia.count == 5)
        #expect(leukemia.children.map(\.name) == ["Myeloid Leukemia", "Lymphoid Leukemia"])
        let myeloid = leukemia.children[0]
        #expect(myeloid.count == 3)
        #expect(myeloid.children.map { "\($0.abbreviation ?? $0.name) \($0.count)" } == ["CML 2", "AML 1"])
        #expect(leukemia.children[1].children.map(\.queryTerm) == ["disease:ALL"])
        #expect(facets.diseases[1].count == 1)
    }

    @Test func queryTermsRoundTrip() throws {
        let facets = Facets.compute(SampleLibrary.papers, state: EmptyReadingState())
        let cml = facets.diseases[0].children[0].children[0]
        #expect(cml.queryTerm == "disease:CML")
        #expect(DiseaseFacet(name: "Hairy Cell Leukemia", count: 1).queryTerm == "disease:\"Hairy Cell Leukemia\"")
        for node in facets.diseases[0].children {
            let matching = SampleLibrary.papers.filter { (try? Query.parse(node.queryTerm))?.matches($0, state: EmptyReadingState()) ?? false }
            #expect(matching.count == node.count, "\(node.queryTerm)")
        }
    }

    @Test func keywordsYearsJournalsAndState() {
        var state = MemoryReadingState()
        state.saved = [SampleLibrary.papers[0].id]
        state.read = [SampleLibrary.papers[0].id, SampleLibrary.papers[1].id]
        let facets = Facets.compute(SampleLibrary.papers, state: state)
        #expect(facets.years.map(\.value) == ["2005", "2011", "2014", "2017", "2021", "2025"])
        #expect(facets.years.allSatisfy { $0.count == 1 })
        #expect(facets.keywords.map(\.value) == ["Exosomes", "Tumour microenvironment", "Chronic myeloid leukemia", "drug resistance"])
        #expect(facets.journals.count == 4)
        #expect(facets.saved == 1)
        #expect(facets.unread == 4)
        let repeated = Facets.counts([["Exosomes", "exosomes"], ["EXOSOMES"], ["stroma"]])
        #expect(repeated == [FacetCount(value: "Exosomes", count: 2), FacetCount(value: "stroma", count: 1)])
    }

    @Test func facetsOfNoPapersAreEmpty() {
        #expect(Facets.compute([], state: EmptyReadingState()) == Facets())
    }
}
