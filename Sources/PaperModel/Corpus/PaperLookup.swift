import Foundation

public enum PaperLookup {
    /// Finds a paper by its full id, a bare DOI (or DOI URL) or a bare PMID.
    public static func find(_ key: String, in corpus: Corpus) -> Paper? {
        let key = key.trimmingCharacters(in: .whitespaces)
        if let paper = corpus.paper(withID: PaperID(rawValue: key)) { return paper }
        if let doi = PaperID.normalisedDOI(key), let paper = corpus.paper(withID: PaperID(rawValue: "doi:" + doi)) {
            return paper
        }
        let lowered = key.lowercased()
        return corpus.papers.first { paper in
            paper.pmid == key || paper.pmid.map { "pmid:" + $0 } == lowered || paper.pmcid?.lowercased() == lowered
        }
    }
}
