import PaperModel
import Testing
@testable import BrowserUI

/// Key and mouse scenarios: what a person sees after a sequence of inputs.
@Suite struct BrowserKeyTests {
    init() { DisplayWidth.prepareLocale() }

    func listTitles(_ driver: Driver) -> [String] {
        driver.state.shown.map { driver.state.papers[$0].title }
    }

    @Test func filterNarrowsAsYouTypeAndEnterKeepsIt() {
        var driver = Driver(width: 120, height: 40)
        driver.press(.char("/"))
        driver.type("exo")
        #expect(driver.state.shown.count == 2)
        #expect(driver.lines[39].hasPrefix(" /exo▏"))
        #expect(driver.lines[39].hasSuffix("2 of 5 · 2 unread"))
        driver.type("some")
        driver.press(.enter)
        #expect(driver.state.prompt == nil)
        #expect(driver.state.filterText == "exosome")
        #expect(listTitles(driver) == [Fixtures.exosomeCML.title, Fixtures.stromalExosome.title])
        #expect(driver.lines[1].contains("Papers  2 of 5"))
        #expect(driver.lines[39].hasPrefix(" filter: exosome"))
        // c clears every filter.
        driver.press(.char("c"))
        #expect(driver.state.shown.count == 5)
    }

    @Test func escCancelsTheFilterBeingTyped() {
        var driver = Driver(width: 80, height: 24)
        driver.press(.char("/"))
        driver.type("relapse")
        #expect(driver.state.shown.count == 2)
        driver.press(.escape)
        #expect(driver.state.shown.count == 5)
        #expect(driver.state.filterText == "")
        // A kept filter survives a cancelled edit.
        driver.press(.char("/"))
        driver.type("leukemia")
        driver.press(.enter, .char("/"), .backspace, .backspace, .escape)
        #expect(driver.state.filterText == "leukemia")
        #expect(listTitles(driver) == [Fixtures.exosomeCML.title, Fixtures.relapseALL.title])
    }

    @Test func theFilterSpeaksTheQueryLanguage() {
        var driver = Driver(width: 80, height: 24)
        driver.press(.char("/"))
        driver.type("disease:CML -year:2014")
        driver.press(.enter)
        #expect(listTitles(driver) == [Fixtures.exosomeCML.title])
        driver.press(.char("/"), .ctrl("u"))
        driver.type("\"stromal niche\" OR")
        driver.press(.enter)
        #expect(listTitles(driver).isEmpty)
        #expect(driver.lines[2] == "┃No paper matches the filter (c    ┃│No paper selected.                        │")
        #expect(driver.lines[3] == "┃clears it).                       ┃│                                          │")
    }

    @Test func aMalformedQueryKeepsTheListAndSaysWhatIsWrong() {
        var driver = Driver(width: 120, height: 40)
        driver.press(.char("/"))
        driver.type("exosome")
        driver.press(.enter, .char("/"))
        driver.type(" \"bone")
        #expect(driver.state.shown.count == 2, "an open quote keeps the list as it was")
        #expect(driver.state.filterError == "query: \"bone (column 9): the quote is not closed: add a \" after the phrase")
        driver.press(.ctrl("u"))
        driver.type("year:abc")
        driver.press(.enter)
        #expect(driver.lines[39].hasPrefix(" query: year:abc (column 1): \"abc\" is not a year"))
        #expect(driver.state.shown.isEmpty, "the last good filter, the word \"year\", stays")
    }

    @Test func dPicksADiseaseInTheFilterPaneAndEnterTogglesIt() {
        var driver = Driver(width: 120, height: 40)
        driver.press(.char("d"))
        #expect(driver.state.focus == .filters)
        #expect(driver.lines[0].contains("Enter open"))
        driver.press(.enter)
        #expect(driver.state.filterText == "disease:Leukemia")
        #expect(listTitles(driver) == [Fixtures.exosomeCML.title, Fixtures.relapseALL.title])
        #expect(driver.lines[3].hasPrefix("┃ ▾ Leukemia          ✓ 2┃"))
        // Down to CML (past the ALL rows), and choose it as well: both terms hold.
        driver.press(.char("j"), .char("j"), .char("j"), .char("j"))
        #expect(driver.lines[7].hasPrefix("┃       CML             1┃"))
        driver.press(.enter)
        #expect(driver.state.filterText == "disease:Leukemia disease:CML")
        #expect(listTitles(driver) == [Fixtures.exosomeCML.title])
        // Enter on a chosen row takes its term out again.
        driver.press(.enter)
        #expect(driver.state.filterText == "disease:Leukemia")
        driver.press(.char("c"))
        #expect(driver.state.filterText == "")
        #expect(driver.state.shown.count == 5)
    }

    @Test func clickingAFilterRowChoosesIt() {
        var driver = Driver(width: 120, height: 40)
        // Row 16 of the screen is the year 2021 under YEARS.
        #expect(driver.lines[16].hasPrefix("│ 2021                  1│"))
        driver.send(.mouse(Mouse(.press, x: 5, y: 16)))
        #expect(driver.state.filterText == "year:2021")
        #expect(listTitles(driver) == [Fixtures.exosomeCML.title])
    }

    @Test func accentsAndCaseDoNotMatterInTheFilter() {
        var driver = Driver(width: 80, height: 24)
        driver.press(.char("/"))
        driver.type("NUNEZ")
        driver.press(.enter)
        #expect(listTitles(driver) == [Fixtures.cjk.title])
    }

    @Test func filteringKeepsTheSelectedPaperWhenItStillMatches() {
        var driver = Driver(width: 80, height: 24)
        driver.press(.char("G"), .char("k"))
        #expect(driver.state.selectedPaper == Fixtures.stromalExosome)
        driver.press(.char("/"))
        driver.type("exosome")
        driver.press(.enter)
        #expect(driver.state.selectedPaper == Fixtures.stromalExosome)
        #expect(driver.state.cursor.selected == 1)
    }

    @Test func searchedWordsAreHighlightedInTheReaderAndNJumpsToThem() {
        // 80×10: one pane at a time, six rows of reader.
        var driver = Driver(width: 80, height: 10)
        driver.press(.char("/"))
        driver.type("vesicles")
        driver.press(.enter, .enter)
        #expect(driver.state.focus == .reader)
        #expect(driver.lines[2].hasPrefix("┃Exosome signalling"))
        // n scrolls to the first line with "vesicles", the abstract's first.
        driver.press(.char("n"))
        let scroll = driver.state.readerScroll
        #expect(scroll == 9)
        let firstRow = driver.lines[2]
        #expect(firstRow.hasPrefix("┃Chronic myeloid leukaemia cells release small vesicles"))
        #expect(firstRow.contains("vesicles"))
        let columns = driver.screen.styles(row: 2)
        let start = TextFit.width(String(firstRow[..<firstRow.range(of: "vesicles")!.lowerBound]))
        #expect(columns[start] == .highlight)
        #expect(columns[start + 7] == .highlight)
        #expect(columns[start - 1] != .highlight)
        driver.press(.char("n"))
        #expect(driver.state.readerScroll == 10)
        #expect(driver.lines[2].contains("vesicles"))
        driver.press(.char("N"))
        #expect(driver.state.readerScroll == scroll)
    }

    @Test func tabAndShiftTabMoveTheFocusAndTheHeavyBorder() {
        var driver = Driver(width: 120, height: 40)
        #expect(driver.state.focus == .list)
        driver.press(.tab)
        #expect(driver.state.focus == .reader)
        #expect(driver.lines[1].contains("┏━ Reader"))
        #expect(driver.lines[1].contains("┌─ Papers"))
        #expect(driver.lines[0].contains("Space scroll"))
        driver.press(.tab)
        #expect(driver.state.focus == .filters)
        driver.press(.backTab, .backTab)
        #expect(driver.state.focus == .list)
        driver.press(.char("l"))
        #expect(driver.state.focus == .reader)
        driver.press(.char("h"), .char("h"))
        #expect(driver.state.focus == .filters)
    }

    @Test func listMovesWithVimKeysArrowsAndPages() {
        var driver = Driver(width: 80, height: 24)
        driver.press(.char("j"), .down)
        #expect(driver.state.cursor.selected == 2)
        driver.press(.char("k"))
        #expect(driver.state.cursor.selected == 1)
        driver.press(.end)
        #expect(driver.state.cursor.selected == 4)
        driver.press(.home)
        #expect(driver.state.cursor.selected == 0)
        driver.press(.pageDown)
        #expect(driver.state.cursor.selected == 4)
        driver.press(.ctrl("u"))
        #expect(driver.state.cursor.selected == 0)
        driver.press(.ctrl("d"))
        #expect(driver.state.cursor.selected == 4)
        driver.press(.char("g"))
        #expect(driver.lines[2].hasPrefix("┃▶ ● 2021 Exosome"))
    }

    @Test func spaceScrollsTheReaderAndItsTitleShowsHowFar() {
        var driver = Driver(width: 80, height: 20)
        #expect(driver.lines[1].contains("Reader  0%"))
        driver.press(.char(" "))
        #expect(driver.state.readerScroll > 0)
        #expect(driver.lines[1].contains("Reader  100%"))
        driver.press(.char(" "))
        #expect(driver.lines[19].contains("end of the paper"))
        // Moving to another paper starts its reader at the top.
        driver.press(.char("j"))
        #expect(driver.state.readerScroll == 0)
    }

    @Test func helpListsEveryKeyAndAnyKeyClosesIt() {
        var driver = Driver(width: 80, height: 40)
        driver.press(.char("?"))
        let text = driver.lines.joined(separator: "\n")
        #expect(text.contains("Keys  (Esc closes)"))
        for binding in KeyMap.bindings {
            #expect(text.contains(binding.action.help), "help lists \(binding.action)")
        }
        #expect(text.contains("Ctrl-D   half a page down"))
        driver.press(.char("q"))
        #expect(!driver.state.helpVisible)
        #expect(driver.effects.isEmpty, "q closes help without quitting")
        driver.press(.char("q"))
        #expect(driver.effects == [.quit])
    }

    @Test func savingEmitsAnEffectAndTheNewSnapshotShowsTheStar() {
        var driver = Driver(width: 80, height: 24)
        driver.press(.char("s"))
        #expect(driver.effects == [.setSaved(Fixtures.exosomeCML, true)])
        var reading = MemoryReadingState()
        reading.saved.insert(Fixtures.exosomeCML.id)
        reading.read.insert(Fixtures.exosomeCML.id)
        driver.send(.readingState(reading))
        #expect(driver.lines[2].hasPrefix("┃▶★  2021 Exosome"))
        #expect(driver.lines[23].hasSuffix("5 papers · 1 saved · 4 unread"))
        driver.send(.failure("could not save the paper: disk full"))
        #expect(driver.lines[23].hasPrefix(" could not save the paper: disk full"))
        driver.press(.char("s"))
        #expect(driver.effects.last == .setSaved(Fixtures.exosomeCML, false))
    }

    @Test func xExportsTheSavedPapersOrSaysThereAreNone() {
        var driver = Driver(width: 80, height: 24)
        driver.press(.char("x"))
        #expect(driver.effects.isEmpty)
        #expect(driver.lines[23].hasPrefix(" nothing saved to export"))
        var reading = MemoryReadingState()
        reading.saved = [Fixtures.relapseALL.id, Fixtures.marrowImaging.id]
        driver.send(.readingState(reading))
        driver.press(.char("x"))
        #expect(driver.effects == [.exportSaved([Fixtures.relapseALL, Fixtures.marrowImaging])])
        driver.send(.note("exported 2 saved papers to ./saved.bib"))
        #expect(driver.lines[23].hasPrefix(" exported 2 saved papers to ./saved.bib"))
    }

    @Test func tagsAndNotesUseAOneLinePrompt() {
        var driver = Driver(width: 80, height: 24)
        driver.press(.char("t"))
        driver.type("review, to read")
        #expect(driver.lines[23].hasPrefix(" tags: review, to read▏"))
        driver.press(.enter)
        #expect(driver.effects == [.setTags(Fixtures.exosomeCML, ["review", "to read"])])
        driver.press(.char("a"))
        driver.type("compare with 2014")
        driver.press(.enter)
        #expect(driver.effects.last == .setNote(Fixtures.exosomeCML, "compare with 2014"))
        var reading = MemoryReadingState()
        reading.tagsByID[Fixtures.exosomeCML.id] = ["review"]
        reading.notesByID[Fixtures.exosomeCML.id] = "compare with 2014"
        driver.send(.readingState(reading))
        let text = driver.lines.joined(separator: "\n")
        #expect(text.contains("tags: review"))
        #expect(text.contains("note: compare with 2014"))
    }

    @Test func openAndCopyUseTheDOIOrPubMed() {
        var driver = Driver(width: 80, height: 24)
        driver.press(.char("o"), .char("y"))
        #expect(driver.effects == [.openURL("https://doi.org/10.1000/syn.0001"), .copy("10.1000/syn.0001")])
        #expect(driver.lines[23].hasPrefix(" copied doi:10.1000/syn.0001"))
        driver.press(.char("j"), .char("j"), .char("o"), .char("y"))
        #expect(driver.effects.last == .openURL("https://pubmed.ncbi.nlm.nih.gov/12345678/"))
        #expect(driver.lines[23].hasPrefix(" this paper has no DOI to copy"))
    }

    @Test func mouseClickSelectsARowAndFocusesAPaneAndTheWheelScrollsWhatIsUnderIt() {
        var driver = Driver(width: 80, height: 20)
        driver.send(.mouse(Mouse(.press, x: 10, y: 4)))
        #expect(driver.state.cursor.selected == 2)
        #expect(driver.state.focus == .list)
        driver.send(.mouse(Mouse(.press, x: 60, y: 5)))
        #expect(driver.state.focus == .reader)
        driver.send(.mouse(Mouse(.wheelDown, x: 60, y: 5)))
        #expect(driver.state.readerScroll == 0, "the ALL paper's reader fits: nothing to scroll")
        driver.send(.mouse(Mouse(.press, x: 10, y: 2)))
        driver.send(.mouse(Mouse(.wheelDown, x: 60, y: 5)))
        #expect(driver.state.readerScroll == 3)
        driver.send(.mouse(Mouse(.wheelDown, x: 10, y: 5)))
        #expect(driver.state.cursor.selected == 0, "the list is shorter than its pane: nothing to scroll")
    }
}
