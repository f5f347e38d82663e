import PaperModel

/// The query language on any text: parsing never crashes, an error points inside the query,
/// and a parsed query filters exactly the papers it matches one by one.
let papers: [Paper] = [
    Paper(title: "Exosome-mediated crosstalk between CML cells and bone marrow stroma", authors: ["Chiara Corrado"],
          journal: "Cancer Lett", year: 2014, doi: "10.1016/j.canlet.2014.03.009", pmid: "24657904",
          abstract: "Chronic myelogenous leukemia cells release exosomes.", keywords: ["exosomes", "drug resistance"],
          diseases: [DiseaseTag(name: "Chronic Myeloid Leukemia", role: .primary)],
          source: PaperSource(path: "a.nbib", format: .medline)),
    Paper(title: "Leukemic stem cells: where do they come from?", authors: ["Emmanuelle Passegué"], journal: "Stem Cell Rev",
          year: 2005, abstract: "Acute myeloid leukaemia (AML) arises from stem cells.",
          diseases: [DiseaseTag(name: "Acute Myeloid Leukemia", role: .mentioned)],
          source: PaperSource(path: "b.txt", format: .page)),
    Paper(title: "A paper with nothing else", source: PaperSource(path: "c.txt", format: .page)),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = Fuzz.text(data, size)
    do {
        let query = try Query.parse(text)
        Fuzz.require((try? Query.parse(text)) == query, "parsing the same text twice differs")
        let state = EmptyReadingState()
        let kept = query.filter(papers, state: state)
        Fuzz.require(kept == papers.filter { query.matches($0, state: state) }, "filter and matches disagree")
        if query.isEmpty { Fuzz.require(kept == papers, "an empty query dropped papers") }
        _ = query.highlightTerms
    } catch {
        Fuzz.require(error.offset >= 0 && error.offset <= text.count, "error offset \(error.offset) outside the query")
        Fuzz.require(!error.reason.isEmpty, "error without a reason")
    }
    return 0
}
