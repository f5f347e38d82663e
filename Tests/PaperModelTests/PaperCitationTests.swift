import Testing
@testable import PaperModel

@Suite struct PaperCitationTests {
    let source = PaperSource(path: "x.nbib", format: .medline)

    @Test func everyPartInOrder() {
        let paper = Paper(title: "T", journal: "Blood", year: 2021, volume: "137", issue: "4", pages: "500-512", source: source)
        #expect(paper.citationLine == "Blood · 2021 · 137(4):500-512")
    }

    @Test func missingPartsAreLeftOutWithoutStraySeparators() {
        #expect(Paper(title: "T", journal: "Leukemia", pages: "e12", source: source).citationLine == "Leukemia · e12")
        #expect(Paper(title: "T", year: 2019, issue: "2", source: source).citationLine == "2019 · (2)")
        #expect(Paper(title: "T", volume: "12", source: source).citationLine == "12")
        #expect(Paper(title: "T", source: source).citationLine == "")
    }
}
