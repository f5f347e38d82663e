import Testing
@testable import PaperModel

@Suite struct PaperIDTests {
    let source = PaperSource(path: "x.txt", format: .page)

    @Test func doiWinsAndIsLowercased() {
        let paper = Paper(title: "A", doi: "10.1385/SCR:1:3:181", pmid: "123", source: source)
        #expect(paper.id.rawValue == "doi:10.1385/scr:1:3:181")
    }

    @Test func pmidWhenNoDOI() {
        #expect(Paper(title: "A", pmid: "15985725", source: source).id.rawValue == "pmid:15985725")
    }

    @Test func titleHashIgnoresCaseAccentsAndPunctuation() {
        let a = Paper(title: "Leukemic stem cells: where do they come from?", source: source)
        let b = Paper(title: "LEUKEMIC STEM CELLS — where do they come from", source: source)
        let c = Paper(title: "Leukemic stem cells: where do they go?", source: source)
        #expect(a.id == b.id)
        #expect(a.id != c.id)
        #expect(a.id.rawValue.hasPrefix("title:"))
        #expect(a.id.rawValue.count == "title:".count + 16)
    }

    @Test func doiURLPrefixAndTrailingDotAreDropped() {
        #expect(PaperID.normalisedDOI("https://doi.org/10.2741/4901.") == "10.2741/4901")
        #expect(PaperID.normalisedDOI("not a doi") == nil)
    }
}
