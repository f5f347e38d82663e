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
    static func referenceDedupe(_ records: [Paper]) -> [Paper] {
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
        return merged
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
        let expected = CorpusTests.referenceDedupe(records)
        let merged = Corpus.deduplicated(records)
        #expect(merged.count == expected.count)
        #expect(merged == expected)
        #expect(merged.count < 4500)  // records of the second half merged into the first
    }
}
