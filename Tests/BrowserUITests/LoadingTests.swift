import Foundation
import PaperModel
import Testing
@testable import BrowserUI

/// The browser while the papers load in the background: the progress line, papers streaming into
/// the list in file order, the selection and the filter kept as they arrive, and the final corpus
/// replacing them in one step, exactly as a load before opening would have left it.
struct LoadingTests {
    static let size = Size(width: 120, height: 30)

    static func loadingState(size: Size = size, reading: any ReadingState = EmptyReadingState()) -> AppState {
        Browser.update(AppState(loading: "big.nbib", reading: reading, size: size), .resize(size)).0
    }

    static func batch(_ papers: [Paper], file: Int = 0, piece: Int = 0, bytes: Int = 1000) -> IngestBatch {
        IngestBatch(file: file, piece: piece, bytes: bytes, papers: papers, endsFile: false)
    }

    static func send(_ state: inout AppState, _ events: Event...) {
        for event in events { state = Browser.update(state, event).0 }
    }

    static func titles(_ state: AppState) -> [String] { state.shown.map { state.paper(at: $0).title } }

    static func lines(_ state: AppState) -> [String] { Browser.render(state, size: state.size).trimmedLines }

    /// Invented papers numbered n, every third about exosomes.
    static func paper(_ n: Int) -> Paper {
        Paper(title: "Paper \(n) on " + (n % 3 == 0 ? "exosome transfer" : "marrow imaging"),
              authors: ["Ada Moreau"], journal: "Synth J", year: 2000 + n % 20, pmid: String(1000 + n),
              source: PaperSource(path: "big.nbib", format: .medline))
    }

    @Test func positionsAtOrAfterABatchMoveDownAndTheOthersStay() {
        var shown = [1, 3, 5, 7]
        AppState.shift(&shown, from: 4, by: 10)
        #expect(shown == [1, 3, 15, 17])
        AppState.shift(&shown, from: 3, by: 1)
        #expect(shown == [1, 4, 16, 18])
        AppState.shift(&shown, from: 19, by: 5)
        #expect(shown == [1, 4, 16, 18])
        AppState.shift(&shown, from: 0, by: 2)
        #expect(shown == [3, 6, 18, 20])
        var empty: [Int] = []
        AppState.shift(&empty, from: 0, by: 3)
        #expect(empty.isEmpty)
        #expect(AppState.index(of: 18, in: shown) == 2 && AppState.index(of: 17, in: shown) == nil)
    }

    @Test func theFirstFrameShowsTheProgressLineAndNoPapersYet() {
        let lines = Self.lines(Self.loadingState(size: Size(width: 80, height: 24)))
        #expect(lines[0].hasPrefix(" Lectern   big.nbib   reading…"))
        #expect(lines[1].hasPrefix("┏━ Papers  0 ━━"))
        #expect(lines[2].hasPrefix("┃Reading papers…"))
        #expect(lines[23] == " Listing files 0 records")
        // Nothing at all below the minimum size, as for any state.
        let tiny = Self.lines(Self.loadingState(size: Size(width: 20, height: 5)))
        #expect(tiny.joined().contains("Too small"))
    }

    @Test func theProgressLineCountsFilesRecordsBytesAndSpeed() {
        var progress = LoadProgress()
        progress.apply(.phase("list"), seconds: 0.01)
        progress.apply(.listed(files: 2, bytes: 10_000_000), seconds: 0.02)
        progress.apply(.phase("read"), seconds: 0.02)
        progress.apply(.batch(Self.batch((0..<1234).map(Self.paper), bytes: 2_000_000)), seconds: 0.4)
        progress.apply(.batch(IngestBatch(file: 1, piece: Int.max, bytes: 500_000, papers: [], endsFile: true, fileFailed: true)), seconds: 0.5)
        #expect(progress.records == 1234 && progress.bytesRead == 2_500_000 && progress.filesRead == 1 && progress.filesFailed == 1)
        #expect(progress.fraction == 0.25)
        #expect(progress.megabytesPerSecond == 5.0)
        var state = Self.loadingState()
        Self.send(&state, .loadProgress(progress))
        let lines = Self.lines(state)
        #expect(lines[29] == " Reading ▕████░░░░░░░░░░░░▏ 25% · 1/2 files · 1,234 records · 5.0 MB/s")
        // Narrow: the speed, then the files, then the bar give way.
        state = Browser.update(state, .resize(Size(width: 50, height: 20))).0
        #expect(Self.lines(state)[19] == " Reading ▕████░░░░░░░░░░░░▏ 25% · 1/2 files")
        let narrow = StatusBar.progressSpans(progress, filter: "", width: 20).map(\.text).joined()
        #expect(narrow == " Reading 25%")
        // Later phases keep the read figures; the speed is the reading's.
        progress.apply(.phase("tag"), seconds: 3)
        state = Browser.update(state, .resize(Self.size)).0
        Self.send(&state, .loadProgress(progress))
        #expect(Self.lines(state)[29] == " Tagging diseases ▕████░░░░░░░░░░░░▏ 25% · 1/2 files · 1,234 records · 5.0 MB/s")
    }

    @Test func theBarFillsInEighths() {
        #expect(LoadProgress.bar(0, width: 4) == "░░░░")
        #expect(LoadProgress.bar(0.5, width: 4) == "██░░")
        #expect(LoadProgress.bar(0.53125, width: 4) == "██▏░")
        #expect(LoadProgress.bar(0.5625, width: 4) == "██▎░")
        #expect(LoadProgress.bar(1, width: 4) == "████")
        #expect(LoadProgress.grouped(1_234_567) == "1,234,567" && LoadProgress.grouped(999) == "999")
    }

    @Test func papersStreamInFileOrderAndTheSelectionStaysOnItsPaper() {
        var state = Self.loadingState()
        // The second piece of file 0 finishes first.
        Self.send(&state, .papersArrived([Self.batch([Self.paper(3), Self.paper(4)], piece: 1)]))
        #expect(Self.titles(state).map { $0.prefix(7) } == ["Paper 3", "Paper 4"])
        Self.send(&state, .key(.char("j")))
        #expect(state.selectedPaper?.title.hasPrefix("Paper 4") == true)
        // Then the first piece, and a piece of file 1: paper 4 stays selected as rows come in above it.
        Self.send(&state, .papersArrived([Self.batch([Self.paper(1), Self.paper(2)], piece: 0),
                                          Self.batch([Self.paper(5)], file: 1, piece: 0)]))
        #expect(Self.titles(state).map { $0.prefix(7) } == ["Paper 1", "Paper 2", "Paper 3", "Paper 4", "Paper 5"])
        #expect(state.cursor.selected == 3)
        #expect(state.selectedPaper?.title.hasPrefix("Paper 4") == true)
        let lines = Self.lines(state)
        #expect(lines[1].contains("Papers  5 "))
        #expect(lines[5].contains("┃▶ ● 2004 Paper 4 on marrow ima… Moreau "))
        #expect(lines[2].contains("┃  ● 2001 Paper 1 on marrow ima… Moreau "))
        #expect(lines[29].hasSuffix("5 papers · 5 unread") == false, "no count on the right while the progress line is up")
        // Enter opens what is loaded; the read mark is asked for at once.
        let (opened, effects) = Browser.update(state, .key(.enter))
        #expect(opened.focus == .reader)
        #expect(effects == [.setRead(Self.paper(4), true)])
    }

    @Test func untilAPaperIsChosenTheSelectionStaysOnTheFirstRow() {
        var state = Self.loadingState()
        Self.send(&state, .papersArrived([Self.batch([Self.paper(3), Self.paper(4)], file: 1)]))
        #expect(state.selectedPaper?.title.hasPrefix("Paper 3") == true)
        // File 0 finishes second: its paper comes first, and the untouched selection with it.
        Self.send(&state, .papersArrived([Self.batch([Self.paper(1)], file: 0)]))
        #expect(state.cursor.selected == 0 && state.cursor.offset == 0)
        #expect(state.selectedPaper?.title.hasPrefix("Paper 1") == true)
        Self.send(&state, .loadFinished(LoadedCatalog(catalog: Catalog(papers: [Self.paper(1), Self.paper(3), Self.paper(4)]),
                                                      skippedFiles: 0, filesRead: 2, seconds: 1)))
        #expect(state.selectedPaper?.title.hasPrefix("Paper 1") == true)
    }

    @Test func marksTakenOffTheEventLoopGiveTheCountsTakenOnIt() {
        let papers = (0..<9).map(Self.paper)
        var reading = MemoryReadingState()
        reading.saved = [papers[2].id, papers[5].id]
        reading.read = [papers[5].id]
        let catalog = Catalog(papers: papers)
        var given = Self.loadingState(reading: reading), taken = given
        Self.send(&given, .papersArrived([Self.batch(papers)]))
        #expect(given.savedCount == 2 && given.unreadCount == 8, "counted over the papers read so far")
        Self.send(&given, .loadFinished(LoadedCatalog(catalog: catalog, skippedFiles: 0, filesRead: 1, seconds: 1,
                                                      marks: catalog.search.marks(reading))))
        Self.send(&taken, .loadFinished(LoadedCatalog(catalog: catalog, skippedFiles: 0, filesRead: 1, seconds: 1)))
        #expect(given.savedCount == 2 && given.unreadCount == 8)
        #expect(given.facets == taken.facets)
        #expect(Self.lines(given) == Self.lines(taken))
    }

    @Test func savedAndUnreadFollowTheFilterOverBatchesArrivedOutOfOrder() {
        var reading = MemoryReadingState()
        reading.saved = [Self.paper(3).id, Self.paper(7).id]
        reading.read = [Self.paper(3).id, Self.paper(4).id]
        var state = Self.loadingState(reading: reading)
        // The second piece before the first: each paper's id must stay with its paper.
        Self.send(&state, .papersArrived([Self.batch((6..<12).map(Self.paper), piece: 1)]),
                  .papersArrived([Self.batch((0..<6).map(Self.paper), piece: 0)]))
        #expect(state.savedCount == 2 && state.unreadCount == 10)
        Self.send(&state, .key(.char("/")))
        for character in "exosome" { Self.send(&state, .key(.char(character))) }
        Self.send(&state, .tick, .tick)
        // Papers 0, 3, 6 and 9: 3 is saved and read.
        #expect(state.shown.count == 4 && state.savedCount == 1 && state.unreadCount == 3)
        Self.send(&state, .key(.escape))
        #expect(state.shown.count == 12 && state.savedCount == 2 && state.unreadCount == 10)
    }

    @Test func exportAndDiseasePickingWaitForTheWholeCorpus() {
        var reading = MemoryReadingState()
        reading.saved = [Self.paper(1).id]
        var state = Self.loadingState(reading: reading)
        Self.send(&state, .papersArrived([Self.batch([Self.paper(1), Self.paper(2)])]))
        let (exporting, effects) = Browser.update(state, .key(.char("x")))
        #expect(effects.isEmpty)
        #expect(exporting.message == StatusMessage("the papers are still loading: x exports once every paper is read", isError: true))
        Self.send(&state, .key(.char("d")))
        #expect(state.message?.text == "diseases are counted once every paper is read")
        Self.send(&state, .loadFinished(LoadedCatalog(catalog: Catalog(papers: [Self.paper(1), Self.paper(2)]), skippedFiles: 0, filesRead: 1, seconds: 1)))
        #expect(Browser.update(state, .key(.char("x"))).1 == [.exportSaved([Self.paper(1)])])
    }

    @Test func aFilterOverManyPapersIsCheckedASliceAtATimeWithoutHoldingUpKeys() {
        var state = Self.loadingState()
        Self.send(&state, .papersArrived([Self.batch((0..<200).map(Self.paper))]))
        Self.send(&state, .key(.char("/")))
        for character in "exosome" { Self.send(&state, .key(.char(character))) }
        // Each key checks at most one slice (a longer query also the papers the shorter one kept);
        // the rest waits for ticks, and the list holds the matches found so far.
        let exosome = (0..<230).filter { $0 % 3 == 0 }.map { Self.paper($0).title }
        #expect(state.isFiltering && state.filterRemaining > 0)
        #expect(!state.shown.isEmpty && state.shown.allSatisfy { exosome.contains(state.paper(at: $0).title) })
        #expect(Self.lines(state)[29].hasPrefix(" /exosome▏"))
        Self.send(&state, .key(.enter))
        #expect(Self.lines(state)[29] == " Listing files 0 records   filter: exosome (checking \(state.filterRemaining))")
        // A batch while checking: its papers join the queue.
        let waiting = state.filterRemaining
        Self.send(&state, .papersArrived([Self.batch((200..<230).map(Self.paper), piece: 1)]))
        #expect(state.filterRemaining == waiting + 30)
        var ticks = 0
        while state.isFiltering { Self.send(&state, .tick); ticks += 1 }
        #expect(ticks == (waiting + 30 + AppState.filterSlice - 1) / AppState.filterSlice)
        #expect(state.shown.map { state.paper(at: $0).title } == exosome)
        #expect(Self.lines(state)[29] == " Listing files 0 records   filter: exosome")
        // A longer query narrows what was kept; clearing shows every paper at once.
        Self.send(&state, .key(.char("/")), .key(.char(" ")), .key(.char("9")))
        while state.isFiltering { Self.send(&state, .tick) }
        #expect(state.shown.map { state.paper(at: $0).title } == (0..<230).filter { $0 % 3 == 0 && String($0).hasPrefix("9") }.map { Self.paper($0).title })
        Self.send(&state, .key(.escape))
        while state.isFiltering { Self.send(&state, .tick) }
        #expect(state.shown.count == 77)
        Self.send(&state, .key(.char("c")))
        #expect(!state.isFiltering && state.shown.count == 230)
    }

    @Test func manyBatchesKeepTheTopRowAndTheSelection() {
        var state = Self.loadingState()
        Self.send(&state, .papersArrived([Self.batch((0..<100).map(Self.paper), piece: 5)]))
        for _ in 0..<60 { Self.send(&state, .key(.char("j"))) }
        let top = state.cursor.offset, selected = state.selectedPaper?.title
        // 50 papers come in above, then 50 below.
        Self.send(&state, .papersArrived([Self.batch((100..<150).map(Self.paper), piece: 1)]))
        Self.send(&state, .papersArrived([Self.batch((150..<200).map(Self.paper), piece: 9)]))
        #expect(state.shown.count == 200)
        #expect(state.selectedPaper?.title == selected)
        #expect(state.cursor.selected == 110 && state.cursor.offset == top + 50)
    }

    @Test func theFilterWorksOnWhatIsLoadedAndIsAppliedToWhatArrives() {
        var state = Self.loadingState()
        Self.send(&state, .papersArrived([Self.batch((0..<6).map(Self.paper))]))
        Self.send(&state, .key(.char("/")))
        for character in "exosome" { Self.send(&state, .key(.char(character))) }
        #expect(Self.titles(state) == ["Paper 0 on exosome transfer", "Paper 3 on exosome transfer"])
        Self.send(&state, .key(.enter))
        Self.send(&state, .key(.char("j")))
        Self.send(&state, .papersArrived([Self.batch((6..<12).map(Self.paper), piece: 1)]))
        #expect(state.isFiltering && state.filterRemaining == 6, "new papers wait to be checked")
        Self.send(&state, .tick)
        #expect(!state.isFiltering)
        #expect(Self.titles(state) == ["Paper 0 on exosome transfer", "Paper 3 on exosome transfer",
                                       "Paper 6 on exosome transfer", "Paper 9 on exosome transfer"])
        #expect(state.selectedPaper?.title == "Paper 3 on exosome transfer")
        let lines = Self.lines(state)
        #expect(lines[1].contains("Papers  4 of 12 "))
        #expect(lines[29].hasPrefix(" Listing files 0 records   filter: exosome"))
        // A longer query narrows; clearing shows everything read so far.
        Self.send(&state, .key(.char("/")), .key(.char(" ")), .key(.char("-")), .key(.char("9")), .key(.enter))
        #expect(Self.titles(state) == ["Paper 0 on exosome transfer", "Paper 3 on exosome transfer", "Paper 6 on exosome transfer"])
        Self.send(&state, .key(.char("c")))
        #expect(state.shown.count == 12)
        #expect(state.selectedPaper?.title == "Paper 3 on exosome transfer")
        // Saved and unread count what is shown.
        #expect(state.unreadCount == 12)
    }

    @Test func theFinalCorpusReplacesTheBatchesAsASynchronousLoadWouldLeaveIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-loading-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Two MEDLINE files; record 7 appears in both (merged into one paper), a third file is not a paper.
        func record(_ n: Int) -> String {
            let topic = n % 2 == 0 ? "acute myeloid leukemia (AML) relapse" : "chronic myeloid leukaemia niche"
            return "PMID- \(5000 + n)\nTI  - Synthetic study \(n) of \(topic)\nAB  - We describe \(topic) in a made-up cohort \(n).\n"
                + "FAU - Moreau, Ada\nAU  - Moreau A\nDP  - \(2000 + n) Jan\nTA  - Synth J\nOT  - exosomes\n\n"
        }
        try (0..<8).map(record).joined().write(to: folder.appendingPathComponent("a.nbib"), atomically: true, encoding: .utf8)
        try (7..<12).map(record).joined().write(to: folder.appendingPathComponent("b.nbib"), atomically: true, encoding: .utf8)
        try Data([0, 1, 2, 3]).write(to: folder.appendingPathComponent("c.bin"))

        let collected = Collected()
        let loaded = CorpusLoader.load(paths: [folder.path], observer: { collected.add($0) })
        let synchronous = CorpusLoader.load(paths: [folder.path])
        #expect(loaded.corpus.papers == synchronous.corpus.papers)

        var state = Self.loadingState()
        Self.send(&state, .key(.char("/")))
        for character in "relapse" { Self.send(&state, .key(.char(character))) }
        Self.send(&state, .key(.enter))
        Self.send(&state, .papersArrived(collected.batches))
        while state.isFiltering { Self.send(&state, .tick) }
        #expect(state.paperCount == 13, "provisional: record 7 twice")
        #expect(state.shown.count == 6)
        var progress = LoadProgress()
        for event in collected.events { progress.apply(event, seconds: 1) }
        #expect(progress.filesTotal == 3 && progress.filesRead == 3 && progress.filesFailed == 1 && progress.records == 13)
        Self.send(&state, .loadProgress(progress))
        let catalog = Catalog(corpus: loaded.corpus, vocabulary: loaded.vocabulary)
        Self.send(&state, .loadFinished(LoadedCatalog(catalog: catalog, skippedFiles: 1, filesRead: 2, seconds: 0.25)))
        #expect(state.loading == nil)
        #expect(state.message == StatusMessage("read 12 papers from 2 files in 0.2 s; 1 file could not be read (listed when you quit)", isError: true)
                || state.message == StatusMessage("read 12 papers from 2 files in 0.3 s; 1 file could not be read (listed when you quit)", isError: true))

        var expected = AppState(catalog: Catalog(corpus: synchronous.corpus, vocabulary: synchronous.vocabulary), location: "big.nbib", size: Self.size)
        expected = Browser.update(expected, .resize(Self.size)).0
        Self.send(&expected, .key(.char("/")))
        for character in "relapse" { Self.send(&expected, .key(.char(character))) }
        Self.send(&expected, .key(.enter))
        #expect(state.papers == expected.papers)
        #expect(state.papers.map(\.diseases) == expected.papers.map(\.diseases))
        #expect(state.papers.contains { !$0.diseases.isEmpty })
        #expect(state.shown == expected.shown)
        #expect(state.facets == expected.facets)
        #expect(state.selectedPaper == expected.selectedPaper)
        state.message = nil
        #expect(Self.lines(state) == Self.lines(expected))
        // And the filter cleared shows what a load before opening shows.
        Self.send(&state, .key(.char("c")))
        Self.send(&expected, .key(.char("c")))
        #expect(state.shown == expected.shown && state.facets == expected.facets)
        #expect(Self.lines(state) == Self.lines(expected))
    }

    @Test func papersArriveTaggedSoDiseaseFiltersAndBadgesWorkWhileLoading() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-loading-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Even records are about AML, odd ones about CML.
        let text = (0..<10).map { n in
            let (name, abbreviation) = n % 2 == 0 ? ("acute myeloid leukemia", "AML") : ("chronic myeloid leukaemia", "CML")
            return "PMID- \(6000 + n)\nTI  - Niche \(n) in \(name)\nAB  - Stroma in \(name) (\(abbreviation)), cohort \(n).\n"
                + "DP  - 2012 Jan\nTA  - Synth J\n\n"
        }.joined()
        try text.write(to: folder.appendingPathComponent("a.nbib"), atomically: true, encoding: .utf8)
        let collected = Collected()
        _ = CorpusLoader.load(paths: [folder.path], observer: { collected.add($0) })

        var state = Self.loadingState()
        Self.send(&state, .papersArrived(collected.batches))
        #expect(state.loading != nil && state.paperCount == 10)
        #expect(state.papers.allSatisfy { $0.diseases.count == 1 && $0.diseases[0].role == .primary })
        Self.send(&state, .key(.char("/")))
        for character in "disease:AML" { Self.send(&state, .key(.char(character))) }
        Self.send(&state, .key(.enter))
        while state.isFiltering { Self.send(&state, .tick) }
        #expect(state.loading != nil)
        #expect(Self.titles(state) == [0, 2, 4, 6, 8].map { "Niche \($0) in acute myeloid leukemia" })
        let rows = Self.lines(state).filter { $0.contains("Niche ") }
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { $0.contains(" AML ") && !$0.contains("CML") }, "each row shows its disease badge")
        Self.send(&state, .key(.char("/")))
        for _ in 0..<3 { Self.send(&state, .key(.backspace)) }
        for character in "CML" { Self.send(&state, .key(.char(character))) }
        Self.send(&state, .key(.enter))
        while state.isFiltering { Self.send(&state, .tick) }
        #expect(Self.titles(state) == [1, 3, 5, 7, 9].map { "Niche \($0) in chronic myeloid leukaemia" })
    }

    @Test func theSelectionSurvivesTheFinalCorpus() {
        var state = Self.loadingState()
        let papers = (0..<20).map(Self.paper)
        Self.send(&state, .papersArrived([Self.batch(Array(papers[0..<10])), Self.batch(Array(papers[10...]), piece: 1)]))
        for _ in 0..<12 { Self.send(&state, .key(.char("j"))) }
        Self.send(&state, .loadFinished(LoadedCatalog(catalog: Catalog(papers: papers), skippedFiles: 0, filesRead: 1, seconds: 1)))
        #expect(state.selectedPaper?.title == "Paper 12 on exosome transfer")
        #expect(state.message?.text == "read 20 papers from 1 file in 1.0 s")
        #expect(state.message?.isError == false)
        let lines = Self.lines(state)
        #expect(lines[29].hasSuffix("20 papers · 20 unread"))
        #expect(lines[0].hasPrefix(" Lectern   big.nbib   20 papers"))
    }
}

/// Gathers what a load reports, from several threads.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [LoadEvent] = []
    func add(_ event: LoadEvent) { lock.lock(); all.append(event); lock.unlock() }
    var events: [LoadEvent] { lock.lock(); defer { lock.unlock() }; return all }
    var batches: [IngestBatch] {
        events.compactMap { if case .batch(let batch) = $0, !batch.papers.isEmpty { return batch } else { return nil } }
    }
}
