import Foundation
import Testing
@testable import PaperModel

/// Control characters and terminal escape sequences never survive ingest.
struct BadInputSanitiseTests {
    @Test func colourAndCursorSequencesAreRemovedFromATitle() {
        let title = "\u{1B}[31mExosome\u{1B}[0m crosstalk\u{1B}[2J\u{1B}[H in \u{1B}[1;33;41mCML\u{1B}[m"
        #expect(TextSanitizer.line(title) == "Exosome crosstalk in CML")
    }

    @Test func windowTitleAndOtherControlStringsAreRemovedWithTheirPayload() {
        #expect(TextSanitizer.line("A\u{1B}]0;owned\u{07}B") == "AB")
        #expect(TextSanitizer.line("A\u{1B}]2;owned\u{1B}\\B") == "AB")
        #expect(TextSanitizer.line("A\u{1B}P1$r\u{1B}\\B") == "AB")
        #expect(TextSanitizer.line("A\u{1B}_apc\u{9C}B") == "AB")
        // An unterminated window-title string ends at the line break, not at the end of the text.
        #expect(TextSanitizer.paragraphs("A\u{1B}]0;owned\nB") == "A\nB")
    }

    @Test func eightBitControlsAndTwoCharacterEscapesAreRemoved() {
        #expect(TextSanitizer.line("A\u{9B}31mB") == "AB")
        #expect(TextSanitizer.line("A\u{9D}0;x\u{07}B") == "AB")
        #expect(TextSanitizer.line("A\u{1B}cB\u{1B}(0C\u{1B}7D") == "ABCD")
        #expect(TextSanitizer.line("A\u{7F}\u{85}\u{8D}B") == "A B")
        #expect(TextSanitizer.line("A\u{00}B\u{07}C\u{08}D") == "ABCD")
        // A trailing lone ESC or a cut CSI leaves nothing behind.
        #expect(TextSanitizer.line("AB\u{1B}") == "AB")
        #expect(TextSanitizer.line("AB\u{1B}[12;") == "AB")
    }

    @Test func lineBreaksAndTabsBecomeOneSpaceInOneLineFieldsAndParagraphBreaksInAbstracts() {
        #expect(TextSanitizer.line("Bone\tmarrow\r\nniche\n") == "Bone marrow niche ")
        #expect(TextSanitizer.paragraphs("One.\r\nTwo.\rThree.\u{1B}[5m\tFour.") == "One.\nTwo.\nThree. Four.")
    }

    @Test func cleanTextIsReturnedUnchangedIncludingWideAndCombiningCharacters() {
        let text = "Leucémie myéloïde — 白血病 e\u{301} 🧬 α"
        #expect(TextSanitizer.line(text) == text)
        #expect(!TextSanitizer.needsCleaning(text))
    }

    @Test func pathsShowEachControlCharacterAsAQuestionMark() {
        #expect(TextSanitizer.path("/tmp/a\u{1B}[31m.txt") == "/tmp/a?[31m.txt")
        let warning = IngestWarning(path: "/tmp/evil\u{1B}]0;x\u{07}.txt", problem: .badRecord("bad \u{1B}[2J title"))
        #expect(warning.description == "/tmp/evil?]0;x?.txt: record skipped: bad  title")
        #expect(!warning.description.unicodeScalars.contains { TextSanitizer.isControl($0) })
    }

    @Test func everyTextFieldOfAPaperIsSanitised() {
        let esc = "\u{1B}[31m"
        let paper = Paper(
            title: "T\(esc)itle\n", authors: ["A\(esc)uthor"], journal: "J\u{07}", year: 2020, date: "2020\u{0}",
            volume: "1\(esc)", issue: "2\u{9B}1m", pages: "3\t4", doi: "10.1/x\(esc)", pmid: "1\u{1B}]0;x\u{07}",
            pmcid: "PMC\(esc)1", abstract: "Para\(esc) one.\nPara two.\u{1B}[H", keywords: ["k\(esc)"],
            publicationTypes: ["p\(esc)"], meshTerms: ["m\(esc)"],
            diseases: [DiseaseTag(name: "C\(esc)ML", role: .primary)],
            source: PaperSource(path: "/x/\u{1B}y.txt", format: .page))
        #expect(!paper.isSanitised)
        let clean = paper.sanitised()
        #expect(clean.isSanitised)
        #expect(clean.title == "Title ")
        #expect(clean.authors == ["Author"])
        #expect(clean.journal == "J")
        #expect(clean.date == "2020")
        #expect(clean.volume == "1")
        #expect(clean.issue == "2")
        #expect(clean.pages == "3 4")
        #expect(clean.doi == "10.1/x")
        #expect(clean.pmid == "1")
        #expect(clean.pmcid == "PMC1")
        #expect(clean.abstract == "Para one.\nPara two.")
        #expect(clean.keywords == ["k"])
        #expect(clean.publicationTypes == ["p"])
        #expect(clean.meshTerms == ["m"])
        #expect(clean.diseases == [DiseaseTag(name: "CML", role: .primary)])
        #expect(clean.source.path == "/x/?y.txt")
        #expect(clean.year == 2020)
    }

    @Test func ingestSanitisesWhatEveryReaderReturns() throws {
        let page = """
        Exosome\u{1B}[31m crosstalk\u{1B}[0m between leukemia cells and bone marrow stroma\u{1B}]0;owned\u{07}\u{0}

        Jane Doe\u{1B}[2J, John Roe

        Abstract
        Exosomes carry signals\u{1B}[H between\u{08} chronic myeloid leukemia cells and stromal cells in the marrow niche.

        PMID: 12345678
        """
        let outcome = Ingest.read(text: page, path: "/tmp/page.txt")
        try #require(!outcome.papers.isEmpty)
        for paper in outcome.papers {
            #expect(paper.isSanitised)
            #expect(!paper.title.contains("owned"))
        }
        #expect(outcome.papers.contains { $0.title.contains("Exosome crosstalk") })
    }
}
