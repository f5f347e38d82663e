import Foundation
import Testing
@testable import PaperModel

/// A small tagged library: two CML papers, one AML (an APL paper), one ALL, one generic leukemia, one lymphoma.
enum SampleLibrary {
    static let papers: [Paper] = DiseaseTagger().tagged([
        Paper(title: "Exosome-mediated crosstalk between chronic myelogenous leukemia cells and stromal cells",
              authors: ["Chiara Corrado", "Riccardo Alessandro"], journal: "Cancer Lett", year: 2014,
              doi: "10.1016/j.canlet.2014.03.009",
              abstract: "Chronic myelogenous leukemia (CML) is a myeloproliferative disorder. Exosomes from CML cells stimulate bone marrow stromal cells.",
              keywords: ["Exosomes", "Tumour microenvironment"], source: PaperSource(path: "a.txt", format: .page)),
        Paper(title: "Crosstalk between CML cells with HUVECs and BMSCs through exosomes", journal: "Frontiers in Bioscience-Landmark",
              year: 2021, doi: "10.2741/4901", keywords: ["Chronic myeloid leukemia", "drug resistance"],
              source: PaperSource(path: "b.txt", format: .page)),
        Paper(title: "Differentiation syndrome in acute promyelocytic leukemia", authors: ["Eduardo Rego"], year: 2011,
              abstract: "Acute promyelocytic leukemia (APL) is treated with ATRA. APL patients develop differentiation syndrome.",
              source: PaperSource(path: "c.txt", format: .page)),
        Paper(title: "Acute lymphoblastic leukemia relapse: biomarkers, hopes, and challenges",
              authors: ["Joseph Adomako", "Juan C Núñez-Enriquez"], journal: "Trends in molecular medicine", year: 2025,
              abstract: "Acute lymphoblastic leukemia (ALL) is a rare disease in adults. Relapses are difficult to treat.",
              source: PaperSource(path: "d.txt", format: .page)),
        Paper(title: "Leukemic stem cells: where do they come from?", authors: ["Emmanuelle Passegué"], journal: "Stem Cell Rev", year: 2005,
              doi: "10.1385/SCR:1:3:181", abstract: "Leukemias can now be viewed as aberrant hematopoietic processes. Human leukemias vary.",
              source: PaperSource(path: "e.txt", format: .page)),
        Paper(title: "Cardiac outcomes a decade after Hodgkin lymphoma", year: 2017, source: PaperSource(path: "f.txt", format: .page)),
    ])

    static func titles(_ query: String, state: any ReadingState = EmptyReadingState()) throws -> [String] {
        let parsed = try Query.parse(query)
        return papers.filter { parsed.matches($0, state: state) }.map { String($0.source.path.prefix(1)) }
    }
}

@Suite struct QueryTests {
    @Test func wordsAreAndedPrefixesCaseAndAccentInsensitive() throws {
        #expect(try SampleLibrary.titles("exosome stromal") == ["a"])
        #expect(try SampleLibrary.titles("EXOSOM") == ["a", "b"])
        #expect(try SampleLibrary.titles("") == ["a", "b", "c", "d", "e", "f"])
        #expect(try SampleLibrary.titles("nunez") == ["d"])
    }

    @Test func phrasesAndNegation() throws {
        #expect(try SampleLibrary.titles("\"bone marrow\"") == ["a"])
        #expect(try SampleLibrary.titles("\"marrow bone\"").isEmpty)
        #expect(try SampleLibrary.titles("crosstalk -huvecs") == ["a"])
        #expect(try SampleLibrary.titles("-\"stem cells\" leukemia") == ["a", "b", "c", "d"])
    }

    @Test func diseaseIncludesSubtypes() throws {
        #expect(try SampleLibrary.titles("disease:CML") == ["a", "b"])
        #expect(try SampleLibrary.titles("disease:cml") == ["a", "b"])
        #expect(try SampleLibrary.titles("disease:\"chronic myelogenous leukaemia\"") == ["a", "b"])
        #expect(try SampleLibrary.titles("disease:leukemia") == ["a", "b", "c", "d", "e"])
        #expect(try SampleLibrary.titles("disease:leukaemia") == ["a", "b", "c", "d", "e"])
        #expect(try SampleLibrary.titles("disease:AML") == ["c"])
        #expect(try SampleLibrary.titles("disease:APL") == ["c"])
        #expect(try SampleLibrary.titles("disease:ALL") == ["d"])
        #expect(try SampleLibrary.titles("disease:myeloid") == ["a", "b", "c"])
        #expect(try SampleLibrary.titles("disease:lymphoma") == ["f"])
        #expect(try SampleLibrary.titles("disease:hodgkin") == ["f"])
        #expect(try SampleLibrary.titles("disease:DLBCL").isEmpty)
        #expect(try SampleLibrary.titles("-disease:leukemia") == ["f"])
    }

    @Test func fieldTerms() throws {
        #expect(try SampleLibrary.titles("kw:exosomes") == ["a"])
        #expect(try SampleLibrary.titles("kw:\"drug resistance\"") == ["b"])
        #expect(try SampleLibrary.titles("author:passegue") == ["e"])
        #expect(try SampleLibrary.titles("author:\"emmanuelle passegue\"") == ["e"])
        #expect(try SampleLibrary.titles("author:nunez") == ["d"])
        #expect(try SampleLibrary.titles("journal:\"cancer lett\"") == ["a"])
        #expect(try SampleLibrary.titles("year:2014") == ["a"])
        #expect(try SampleLibrary.titles("year:2010..2021") == ["a", "b", "c", "f"])
        #expect(try SampleLibrary.titles("year:2020..") == ["b", "d"])
        #expect(try SampleLibrary.titles("year:..2011") == ["c", "e"])
        #expect(try SampleLibrary.titles("has:doi") == ["a", "b", "e"])
        #expect(try SampleLibrary.titles("has:abstract -has:doi") == ["c", "d"])
    }

    @Test func savedStateTermsReadTheReadingState() throws {
        var state = MemoryReadingState()
        let ids = SampleLibrary.papers.map(\.id)
        state.saved = [ids[0], ids[3]]
        state.read = [ids[0], ids[1], ids[2]]
        state.tagsByID = [ids[3]: ["Review"]]
        #expect(try SampleLibrary.titles("is:saved", state: state) == ["a", "d"])
        #expect(try SampleLibrary.titles("is:unread", state: state) == ["d", "e", "f"])
        #expect(try SampleLibrary.titles("is:saved is:unread", state: state) == ["d"])
        #expect(try SampleLibrary.titles("tag:review", state: state) == ["d"])
        #expect(try SampleLibrary.titles("is:saved", state: EmptyReadingState()).isEmpty)
    }

    @Test func malformedQueriesPointAtTheBadToken() {
        #expect(throws: QueryError.self) { try Query.parse("exosome year:20x1") }
        do {
            _ = try Query.parse("exosome year:20x1")
        } catch {
            #expect(error.token == "year:20x1")
            #expect(error.offset == 8)
            #expect(error.reason.contains("not a year"))
        }
        #expect(throws: QueryError(token: "year:2021..2010", offset: 0, reason: "the range 2021..2010 runs backwards: write the earlier year first")) {
            try Query.parse("year:2021..2010")
        }
        for bad in ["is:maybe", "has:colour", "disease:xyzzy", "\"bone marrow", "kw:", "-", "year:"] {
            #expect(throws: QueryError.self, "\(bad)") { try Query.parse(bad) }
        }
        do { _ = try Query.parse("cells \"bone marrow") } catch { #expect(error.offset == 6) }
    }

    @Test func highlightTermsAndEmptiness() throws {
        #expect(try Query.parse("  ").isEmpty)
        let query = try Query.parse("Exosome \"Bone Marrow\" -relapse kw:IL8 year:2014 disease:APL")
        #expect(!query.isEmpty)
        #expect(query.highlightTerms.prefix(3) == ["exosome", "bone marrow", "il8"])
        #expect(query.highlightTerms.contains("acute promyelocytic leukemia"))
        #expect(!query.highlightTerms.contains("relapse"))
    }

    @Test func theSameQueryParsesToEqualValues() throws {
        #expect(try Query.parse("disease:CML exosome") == Query.parse("disease:CML exosome"))
        #expect(try Query.parse("disease:CML") != Query.parse("disease:AML"))
    }
}

@Suite struct QueryOverCorpusTests {
    @Test func indexedFilteringAgreesWithPaperByPaperMatching() throws {
        let corpus = Corpus(deduplicated: SampleLibrary.papers)
        var state = MemoryReadingState()
        state.saved = [SampleLibrary.papers[1].id, SampleLibrary.papers[4].id]
        let queries = ["", "exosome", "crosstalk -huvecs", "\"bone marrow\"", "-\"stem cells\" leukemia", "disease:leukemia -disease:CML",
                       "leuk year:2005..2014", "is:saved", "is:saved cml", "kw:exosomes", "author:nunez", "zzzz", "-leukemia"]
        for text in queries {
            let query = try Query.parse(text)
            let slow = SampleLibrary.papers.indices.filter { query.matches(SampleLibrary.papers[$0], state: state) }
            #expect(query.positions(in: corpus, state: state) == slow, "\(text)")
        }
        #expect(try Query.parse("crosstalk -huvecs").positions(in: corpus, state: state) == [0])
    }
}

@Suite struct FacetsOverCorpusTests {
    @Test func facetsOfCorpusPositionsEqualFacetsOfThosePapers() throws {
        let corpus = Corpus(deduplicated: SampleLibrary.papers)
        let positions = try Query.parse("disease:myeloid").positions(in: corpus, state: EmptyReadingState())
        #expect(positions == [0, 1, 2])
        let direct = Facets.compute(positions.map { SampleLibrary.papers[$0] }, state: EmptyReadingState())
        #expect(Facets.compute(corpus, positions: positions, state: EmptyReadingState()) == direct)
        #expect(direct.diseases.first?.count == 3)
    }
}
