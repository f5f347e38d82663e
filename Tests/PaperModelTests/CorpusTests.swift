import Testing
@testable import PaperModel

@Suite struct CorpusTests {
    @Test func recordsOfOnePaperMergeByDOIThenPMIDThenTitle() {
        let page = Paper(title: "Exosome crosstalk in CML", authors: ["Chiara Corrado"], authorsTruncated: true,
                         doi: "10.1016/J.CANLET.2014.03.009", source: PaperSource(path: "a.txt", format: .page))
        let export = Paper(title: "Exosome crosstalk in CML.", authors: ["Chiara Corrado", "Laura Saieva"],
                           journal: "Cancer Lett", year: 2014, doi: "10.1016/j.canlet.2014.03.009", pmid: "24657904",
                           keywords: ["Exosomes"], source: PaperSource(path: "b.ris", format: .ris))
        let sameByPMID = Paper(title: "Different wording", pmid: "24657904", abstract: "Longer abstract text.",
                               source: PaperSource(path: "c.nbib", format: .medline))
        let byTitle = Paper(title: "exosome CROSSTALK in cml", source: PaperSource(path: "d.txt", format: .page))
        let other = Paper(title: "Another paper", source: PaperSource(path: "e.txt", format: .page))
        let corpus = Corpus(papers: [page, export, sameByPMID, byTitle, other])
        #expect(corpus.count == 2)
        let merged = corpus.papers[0]
        #expect(merged.authors == ["Chiara Corrado", "Laura Saieva"])
        #expect(merged.authorsTruncated == false)
        #expect(merged.journal == "Cancer Lett")
        #expect(merged.pmid == "24657904")
        #expect(merged.abstract == "Longer abstract text.")
        #expect(merged.source.path == "a.txt")
        #expect(corpus.papers[1].title == "Another paper")
    }

    @Test func sameTitleWithDifferentDOIsStaysTwoPapers() {
        let a = Paper(title: "Erratum", doi: "10.1/a", source: PaperSource(path: "a", format: .page))
        let b = Paper(title: "Erratum", doi: "10.1/b", source: PaperSource(path: "b", format: .page))
        #expect(Corpus(papers: [a, b]).count == 2)
    }
}
