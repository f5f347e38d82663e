import Foundation
import Testing
@testable import PaperModel

/// The indexed search must give exactly what `Query.matches` and `Facets.compute` give.
@Suite struct CorpusSearchTests {
    static let abstracts = [
        "Acute promyelocytic leukemia (APL) relapse after arsenic; bone marrow niche.",
        "Chronic myeloid leukemia (CML) stem cells resist imatinib in the stromal niche.",
        "Multiple myeloma and lymphoma: exosomes from stromal cells drive relapse.",
        "We studied all 40 patients; the anterolateral ligament (ALL) was intact.",
        "Acute myeloid leukaemia (AML) blasts and mesenchymal stromal cells — café au lait.",
        "Breast cancer survivors and heart failure.",
    ]

    static let corpus: Corpus = {
        let tagger = DiseaseTagger(vocabulary: .bundled)
        let papers = (0..<240).map { n -> Paper in
            var paper = SyntheticRecords.paper(n)
            paper.abstract = abstracts[n % abstracts.count] + " Case \(n)."
            paper.title = ["Stromal niche in", "Relapse of", "Exosomes and"][n % 3] + " " +
                ["acute myeloid leukemia", "chronic myeloid leukemia", "multiple myeloma", "Hodgkin lymphoma",
                 "acute promyelocytic leukemia", "knee surgery"][n % 6]
            paper.keywords = [["Exosomes", "bone  marrow niche"], ["exosomes", "Relapse"], ["Bone marrow niche"], []][n % 4]
            paper.journal = [nil, "Blood", "blood", "Leukemia", "Cancer Lett"][n % 5]
            return paper
        }
        return Corpus(papers: tagger.tagged(papers))
    }()

    static let state: MemoryReadingState = {
        var state = MemoryReadingState()
        for (n, paper) in corpus.papers.enumerated() {
            if n % 7 == 0 { state.saved.insert(paper.id) }
            if n % 3 == 0 { state.read.insert(paper.id) }
            if n % 11 == 0 { state.tagsByID[paper.id] = ["Review"] }
            if n % 13 == 0 { state.notesByID[paper.id] = "check" }
        }
        return state
    }()

    static let queries = [
        "", "relapse", "rel", "r", "-relapse", "niche stromal", "\"stromal niche\"", "\"marrow niche\" -exosomes",
        "disease:AML", "disease:leukemia", "disease:APL", "-disease:lymphoma", "disease:CML relapse", "disease:myeloma",
        "author:nunez", "author:ana", "kw:exosomes", "kw:\"bone marrow\"", "journal:blood", "-journal:blood",
        "year:2000..2010", "-year:1995", "is:saved", "is:unread", "is:read", "is:tagged", "is:noted", "tag:review",
        "has:doi", "-has:abstract", "has:journal", "has:pmcid", "cafe", "CAFÉ au", "10.1000", "3000012",
        "disease:AML relapse -is:read", "exosomes stromal year:1990..2005 has:doi",
    ]

    @Test(arguments: queries)
    func theIndexedSearchFindsWhatMatchesFinds(text: String) throws {
        let query = try Query.parse(text)
        let search = CorpusSearch(corpus: Self.corpus)
        let expected = Self.corpus.papers.indices.filter { query.matches(Self.corpus.papers[$0], state: Self.state) }
        #expect(search.positions(matching: query, state: Self.state).positions == expected)
        #expect(search.papers(matching: query, state: Self.state) == expected.map { Self.corpus.papers[$0] })
    }

    @Test func fieldIndexesBuiltAheadGiveTheSameAnswers() throws {
        let search = CorpusSearch(corpus: Self.corpus)
        #expect(CorpusSearch.Field.allCases.allSatisfy { search.builtFieldIndex($0) == nil })
        // Built on another thread, as the browser does once the papers are loaded.
        let thread = DispatchQueue(label: "prepare")
        thread.sync { search.prepareFieldIndexes() }
        #expect(CorpusSearch.Field.allCases.allSatisfy { search.builtFieldIndex($0) != nil })
        #expect(search.builtFieldIndex(.author)?.words(withPrefix: "nun") == ["nunez"])
        for text in ["author:nunez", "author:ana", "kw:exosomes", "kw:\"bone marrow\"", "journal:blood", "-journal:blood"] {
            let query = try Query.parse(text)
            let expected = Self.corpus.papers.indices.filter { query.matches(Self.corpus.papers[$0], state: Self.state) }
            #expect(search.positions(matching: query, state: Self.state).positions == expected, "\(text)")
        }
    }

    @Test func aLongerQueryNarrowsTheLastResultOnlyWhenThatIsSafe() throws {
        let search = CorpusSearch(corpus: Self.corpus)
        var last = (query: try Query.parse(""), result: search.all)
        var narrowed = 0
        var typed = ""
        for character in "disease:leukemia stromal -relapse year:2001 kw:exo" {
            typed.append(character)
            guard let query = try? Query.parse(typed) else { continue }
            let full = search.positions(matching: query, state: Self.state)
            if query.narrows(last.query) {
                narrowed += 1
                #expect(search.positions(matching: query, state: Self.state, within: last.result) == full, "\(typed)")
            }
            last = (query, full)
        }
        #expect(narrowed > 20)
        #expect(try !Query.parse("-rel").narrows(Query.parse("-re")))
        #expect(try !Query.parse("year:2010").narrows(Query.parse("year:201")))
        #expect(try Query.parse("stromal nic").narrows(Query.parse("stromal ni")))
        #expect(try Query.parse("stromal niche is:saved").narrows(Query.parse("stromal niche")))
        #expect(try !Query.parse("stromal").narrows(Query.parse("stromal niche")))
    }

    /// The same state, unable to list the papers it knows.
    struct UnlistedState: ReadingState {
        let inner: MemoryReadingState
        func isSaved(_ id: PaperID) -> Bool { inner.isSaved(id) }
        func isRead(_ id: PaperID) -> Bool { inner.isRead(id) }
        func tags(of id: PaperID) -> [String] { inner.tags(of: id) }
        func note(of id: PaperID) -> String? { inner.note(of: id) }
    }

    @Test func marksFromTheKnownIdsAreThoseOfAskingEachPaper() {
        let search = CorpusSearch(corpus: Self.corpus)
        var few = MemoryReadingState()
        few.saved = [Self.corpus.ids[3], Self.corpus.ids[200], PaperID(rawValue: "doi:10.9/not-in-corpus")]
        few.read = [Self.corpus.ids[3], Self.corpus.ids[17]]
        let listed = search.marks(few)
        #expect(listed == search.marks(UnlistedState(inner: few)))
        #expect(listed.saved.positions == [3, 200] && listed.read.positions == [3, 17])
        var library = Library()
        library.apply(LibraryChange(.saved(true), paper: LibraryPaperRef(paper: Self.corpus.papers[5]), at: Date(timeIntervalSince1970: 1)))
        #expect(library.knownIDs?.count == 1)
        #expect(search.marks(library).saved.positions == [5])
    }

    @Test func wholeCorpusCountsAreKeptPerMarks() throws {
        let search = CorpusSearch(corpus: Self.corpus)
        let whole = search.all
        _ = search.facets(for: whole, state: Self.state)
        _ = search.facets(for: search.positions(matching: try Query.parse("relapse"), state: Self.state), state: Self.state)
        // Back to every paper after saving one more: the kept counts are for the old marks.
        var changed = Self.state
        let unsaved = try #require(Self.corpus.papers.first { !Self.state.isSaved($0.id) })
        changed.saved.insert(unsaved.id)
        let again = search.facets(for: whole, state: changed)
        #expect(again == Facets.compute(Self.corpus.papers, state: changed))
        #expect(again.saved == search.facets(for: whole, state: Self.state).saved + 1)
    }

    @Test func halvesJoinKeywordsAndJournalsFirstMetInTheLaterHalf() {
        // Papers 128 and on bring keywords, journals and years the first half never has, with ties
        // in count, so the join must keep first-met order and the later half's spellings.
        let papers = (0..<200).map { n -> Paper in
            var paper = SyntheticRecords.paper(n)
            paper.keywords = n < 128 ? ["Early \(n % 3)"] : ["Late \(n % 2)", n % 2 == 0 ? "early 1" : "EARLY 2"]
            paper.journal = n < 128 ? "Blood" : ["Leukemia", "Cancer Cell"][n % 2]
            paper.year = n < 128 ? 2001 : 1850 + n % 3
            return paper
        }
        let corpus = Corpus(papers: papers)
        let search = CorpusSearch(corpus: corpus)
        let state = MemoryReadingState()
        let joined = search.countFacets(search.all, marks: search.marks(state), splitFrom: 1)
        #expect(joined == Facets.compute(corpus.papers, state: state))
        #expect(joined.journals.map(\.value) == ["Blood", "Leukemia", "Cancer Cell"])
    }

    @Test(arguments: ["", "relapse", "disease:leukemia", "kw:exosomes", "is:saved", "journal:blood -year:2001"])
    func facetCountsAreThoseOfFacetsCompute(text: String) throws {
        let query = try Query.parse(text)
        let search = CorpusSearch(corpus: Self.corpus)
        let positions = search.positions(matching: query, state: Self.state)
        let papers = positions.positions.map { Self.corpus.papers[$0] }
        let expected = Facets.compute(papers, state: Self.state)
        let fast = search.facets(for: positions, state: Self.state)
        #expect(fast == expected)
        // Counted in two halves (as large sets are, on both cores) and joined: the same counts and order.
        #expect(search.countFacets(positions, marks: search.marks(Self.state), splitFrom: 1) == expected)
        if text.isEmpty {
            #expect(!fast.diseases.isEmpty && !fast.keywords.isEmpty && !fast.journals.isEmpty && fast.saved > 0)
        }
    }
}
