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

    /// The merging rules one record at a time with string keys, as a reference for the interned,
    /// two-core dedupe.
    static func referenceDedupe(_ records: [Paper]) -> [Paper] { referenceMerges(records).papers }

    /// As above, with the positions of the papers merged from more than one record.
    static func referenceMerges(_ records: [Paper]) -> (papers: [Paper], merged: Set<Int>) {
        var mergedFrom: Set<Int> = []
        var merged: [Paper] = []
        var byDOI: [String: Int] = [:], byPMID: [String: Int] = [:], byTitle: [String: Int] = [:]
        for record in records {
            let doi = record.doi.flatMap(PaperID.normalisedDOI)
            let titleKey = TextNormalizer.titleKey(record.title)
            var match: Int?
            if let doi { match = byDOI[doi] }
            if match == nil, let pmid = record.pmid { match = byPMID[pmid] }
            if match == nil, !titleKey.isEmpty, let candidate = byTitle[titleKey], !Corpus.conflict(merged[candidate], record) {
                match = candidate
            }
            let position: Int
            if let match {
                merged[match] = Corpus.merge(merged[match], with: record)
                mergedFrom.insert(match)
                position = match
            } else {
                merged.append(record)
                position = merged.count - 1
            }
            let paper = merged[position]
            if let doi = paper.doi.flatMap(PaperID.normalisedDOI) { byDOI[doi] = byDOI[doi] ?? position }
            if let pmid = paper.pmid { byPMID[pmid] = byPMID[pmid] ?? position }
            if !titleKey.isEmpty { byTitle[titleKey] = byTitle[titleKey] ?? position }
        }
        return (merged, mergedFrom)
    }

    @Test func aLargeDedupeOnBothCoresMergesAsTheRulesSayOneRecordAtATime() {
        // Repeats across the two halves by DOI (spelt differently), by PMID, by title, errata with
        // the same title and another DOI, DOIs that are not DOIs, empty titles and PMIDs.
        let records = (0..<9000).map { n -> Paper in
            let k = n % 4500
            let doi: String? = switch k % 6 {
            case 0: nil
            case 1: n < 4500 ? "10.1000/X.\(k)" : " https://doi.org/10.1000/x.\(k). "
            case 2: "not a doi \(k)"
            case 3: n < 4500 ? "10.1000/x.\(k)" : "10.1000/erratum.\(k)"
            default: "doi:10.1000/x.\(k)"
            }
            let pmid: String? = k % 5 == 0 ? nil : k % 7 == 0 ? "" : "\(9_000_000 + k)"
            let title = k % 11 == 0 ? "" : k % 13 == 0 ? "Café Niche \(k % 50)" : "Stromal NICHE \(k) — relapse"
            return Paper(title: title, authors: n < 4500 ? ["A \(k)"] : ["A \(k)", "B \(k)"],
                         doi: doi, pmid: pmid, abstract: n < 4500 ? nil : "Abstract \(k).", keywords: ["k\(n % 3)"],
                         source: PaperSource(path: n < 4500 ? "/a.nbib" : "/b.ris", format: n < 4500 ? .medline : .ris))
        }
        let expected = CorpusTests.referenceMerges(records)
        let merged = Corpus.deduplicated(records)
        #expect(merged.count == expected.papers.count)
        #expect(merged == expected.papers)
        #expect(merged.count < 4500)  // records of the second half merged into the first
        // In place, it names the papers merged from several records.
        var inPlace = records
        let positions = Corpus.deduplicate(&inPlace)
        #expect(inPlace == expected.papers)
        #expect(positions == expected.merged.sorted())
        #expect(positions.count > 1000 && positions.count < merged.count)
    }

    @Test func aDedupeInPlaceMovesEachFirstRecordDownAndNamesTheMergedPapers() {
        func paper(_ title: String, doi: String? = nil, pmid: String? = nil, abstract: String? = nil) -> Paper {
            Paper(title: title, doi: doi, pmid: pmid, abstract: abstract, source: PaperSource(path: "x.nbib", format: .medline))
        }
        var records = [
            paper("Niche A", pmid: "1"),
            paper("Niche B", doi: "10.1/b"),
            paper("Niche A again", pmid: "1", abstract: "Longer."),
            paper("Niche C"),
            paper("niche b", doi: "10.1/B", abstract: "B's abstract."),
            paper("Niche D", pmid: "4"),
            paper("NICHE C"),
        ]
        let merged = Corpus.deduplicate(&records)
        #expect(records.map(\.title) == ["Niche A", "Niche B", "Niche C", "Niche D"])
        #expect(records.map(\.abstract) == ["Longer.", "B's abstract.", nil, nil])
        #expect(merged == [0, 1, 2])
        var none = [paper("One"), paper("Two")]
        #expect(Corpus.deduplicate(&none).isEmpty && none.map(\.title) == ["One", "Two"])
    }

    @Test func joiningMovesThePartsPapersInOrderAndEmptiesTheParts() {
        let papers = (0..<10).map { Paper(title: "P\($0)", authors: ["A \($0)"], source: PaperSource(path: "x", format: .medline)) }
        var parts = [Array(papers[0..<3]), [], Array(papers[3..<9]), Array(papers[9...])]
        #expect(Paper.joining(&parts) == papers)
        #expect(parts.isEmpty)
        var one = [papers]
        #expect(Paper.joining(&one) == papers)
        var shared = [Array(papers[0..<5]), Array(papers[5...])]
        let kept = shared
        #expect(Paper.joining(&shared) == papers)
        #expect(kept.flatMap { $0 } == papers, "a part held elsewhere is copied, not emptied")
    }
}
