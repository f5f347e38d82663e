import Foundation
import PaperModel

/// The panes of the browser, left to right.
public enum Pane: String, CaseIterable, Hashable, Sendable {
    case filters, list, reader

    public var title: String {
        switch self {
        case .filters: "Filters"
        case .list: "Papers"
        case .reader: "Reader"
        }
    }
}

/// A one-line prompt at the bottom of the screen.
public struct Prompt: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case filter, tags, note }
    public var kind: Kind
    public var text: String
    /// The filter text before the prompt opened, restored by Esc.
    public var original: String

    public var label: String {
        switch kind {
        case .filter: "/"
        case .tags: "tags: "
        case .note: "note: "
        }
    }
}

/// A brief note in the status line, cleared by the next key.
public struct StatusMessage: Hashable, Sendable {
    public var text: String
    public var isError: Bool
    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// Everything the browser shows, as a value. `Browser.update` makes new states; `Browser.render` draws them.
public struct AppState: Sendable {
    /// The corpus with its search structures; empty while the papers load.
    public private(set) var catalog: Catalog
    /// Where the papers came from, for the header (e.g. "seeds/").
    public var location: String
    public private(set) var reading: any ReadingState
    /// How far the background load has gone; nil once the whole corpus is in `catalog`.
    public private(set) var loading: LoadProgress?
    /// The papers read so far, while loading (tagged, but provisional: not yet merged or indexed).
    private var arriving = ArrivingPapers()
    /// The filter's query while loading: there is no index yet, so each paper is checked as it arrives.
    private var loadingQuery: Query?
    /// Set once the person moves the selection or opens a paper while loading: from then on the
    /// selection stays on its paper as others arrive; until then it stays on the first row.
    private(set) var selectionChosen = false
    /// Positions (in `catalog.papers`, or in the papers read so far while loading) of the papers the list shows.
    public private(set) var shown: [Int]
    public var cursor = ListCursor()
    public var focus: Pane = .list
    /// The filter in force (the `/` prompt edits it live).
    public private(set) var filterText = ""
    public private(set) var highlightTerms: [String] = []
    public private(set) var filterError: String?
    public var prompt: Prompt?
    public var readerScroll = 0
    /// Flips the filter pane from its default for the layout (shown when wide, hidden when medium).
    public var filtersToggled = false
    public var helpVisible = false
    public var helpScroll = 0
    public var message: StatusMessage?
    public var size: Size
    public var facetCursor = ListCursor()
    /// Counts over the shown papers, for the filter pane and the status line.
    public private(set) var facets = Facets()
    /// The last filter applied, so a query typed further narrows its result instead of searching again.
    private var active: ActiveFilter?
    /// Saved and read papers as bitsets, taken with each snapshot of the reading state, so counting
    /// them on a keystroke costs no id lookups.
    private var marks: CorpusSearch.Marks

    public init(papers: [Paper], location: String = "", reading: any ReadingState = EmptyReadingState(), size: Size = Size(width: 80, height: 24)) {
        self.init(catalog: Catalog(papers: papers), location: location, reading: reading, size: size)
    }

    public var savedCount: Int { facets.saved }
    public var unreadCount: Int { facets.unread }

    public init(catalog: Catalog, location: String = "", reading: any ReadingState = EmptyReadingState(), size: Size = Size(width: 80, height: 24)) {
        self.catalog = catalog
        self.location = location
        self.reading = reading
        self.size = size
        shown = Array(catalog.papers.indices)
        marks = catalog.search.marks(reading)
        facets = catalog.search.facets(for: catalog.search.all, marks: marks)
    }

    /// The papers shown while the corpus loads in the background: none yet, and a progress line.
    public init(loading location: String, vocabulary: DiseaseVocabulary = .bundled, reading: any ReadingState = EmptyReadingState(),
                size: Size = Size(width: 80, height: 24)) {
        self.init(catalog: Catalog(papers: [], vocabulary: vocabulary), location: location, reading: reading, size: size)
        loading = LoadProgress()
    }

    /// Every paper (those read so far, while loading).
    public var papers: [Paper] { loading == nil ? catalog.papers : arriving.all }

    public var paperCount: Int { loading == nil ? catalog.count : arriving.count }

    public func paper(at position: Int) -> Paper {
        loading == nil ? catalog.papers[position] : arriving[position]
    }

    /// The selected paper, if the list is not empty.
    public var selectedPaper: Paper? {
        guard !shown.isEmpty, cursor.selected < shown.count else { return nil }
        return paper(at: shown[cursor.selected])
    }

    public var layout: Layout { Layout.make(size: size, focus: focus, filtersToggled: filtersToggled) }

    /// Applies a filter text (the query language), keeping the selected paper selected when it still
    /// matches. A malformed query leaves the list as it was and says what is wrong.
    public mutating func applyFilter(_ text: String) {
        if loading != nil { return applyFilterWhileLoading(text) }
        filter(text, keeping: selectedPaper.map(\.id))
    }

    /// Notes the filter text and parses it; nil, with the error to show, when it is malformed.
    private mutating func takeFilterText(_ text: String) -> Query? {
        filterText = text
        do {
            let query = try Query.parse(text, vocabulary: catalog.vocabulary)
            filterError = nil
            return query
        } catch {
            filterError = "query: " + error.description
            return nil
        }
    }

    private mutating func filter(_ text: String, keeping previous: PaperID?) {
        guard let query = takeFilterText(text) else { return }
        let search = catalog.search
        let positions: PositionSet
        if query.isEmpty {
            positions = search.all
        } else if let active, query.narrows(active.query) {
            positions = search.positions(matching: query, state: reading, within: active.positions)
        } else {
            positions = search.positions(matching: query, state: reading)
        }
        active = ActiveFilter(text: text, query: query, positions: positions)
        shown = query.isEmpty ? Array(catalog.papers.indices) : positions.positions
        highlightTerms = query.highlightTerms
        facets = search.facets(for: positions, marks: marks)
        var selection = 0
        if let previous, let position = catalog.search.corpus.position(of: previous), let index = AppState.index(of: position, in: shown) {
            selection = index
        }
        let visible = layout.listRows
        cursor = ListCursor()
        cursor.select(selection, count: shown.count, visible: visible)
        if selectedPaper?.id != previous { readerScroll = 0 }
        facetCursor.scrollIntoView(count: FacetsPane.rows(self).count, visible: layout.filterRows)
    }

    /// Adds `count` to the positions at or after `start` in an ascending list, in place.
    static func shift(_ sorted: inout [Int], from start: Int, by count: Int) {
        for i in lowerBound(start, in: sorted)..<sorted.count { sorted[i] += count }
    }

    /// Where a corpus position is in an ascending list of positions.
    static func index(of position: Int, in sorted: [Int]) -> Int? {
        let low = lowerBound(position, in: sorted)
        return low < sorted.count && sorted[low] == position ? low : nil
    }

    /// The first index of an ascending list whose position is at least `position` (the count if none is).
    static func lowerBound(_ position: Int, in sorted: [Int]) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < position { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Takes a new snapshot of the reading state. The list stays as it is (a paper just read does not
    /// vanish from an `is:unread` list under the cursor); the counts follow at once.
    public mutating func setReading(_ snapshot: any ReadingState) {
        reading = snapshot
        marks = catalog.search.marks(reading)
        if loading != nil { return countMarks() }
        facets = catalog.search.facets(for: active?.positions ?? catalog.search.all, marks: marks)
    }

    // MARK: loading

    /// Papers still to be checked against the filter while loading. Without an index a paper takes a
    /// fraction of a millisecond to check and there may be a hundred thousand, so they are checked a
    /// slice at a time (`continueFiltering`, on each `.tick`) and the keyboard is never held up.
    struct FilterScan: Sendable {
        var queue: [Int]
        var next = 0
        var remaining: Int { queue.count - next }
    }
    private var scan: FilterScan?
    /// Papers checked against the filter per `.tick` while loading.
    public static let filterSlice = 48

    /// True while papers read so far are still being checked against the filter.
    public var isFiltering: Bool { scan != nil }
    /// How many papers are still to be checked against the filter.
    public var filterRemaining: Int { scan?.remaining ?? 0 }

    /// The filter while loading: the papers read so far are checked against the query a slice at a
    /// time (a longer query only those the shorter one kept or has not checked yet), the list filling
    /// as they are; the selection stays on the same paper.
    private mutating func applyFilterWhileLoading(_ text: String) {
        guard let query = takeFilterText(text) else { return }
        let previous = shown.isEmpty || !selectionChosen ? nil : shown[min(cursor.selected, shown.count - 1)]
        if query.isEmpty {
            shown = Array(0..<arriving.count)
            loadingQuery = nil
            scan = nil
        } else {
            var base: [Int]
            if let earlier = loadingQuery, query.narrows(earlier) {
                base = shown
                if let scan { base = (base + scan.queue[scan.next...]).sorted() }
            } else {
                base = Array(0..<arriving.count)
            }
            loadingQuery = query
            shown = []
            scan = FilterScan(queue: base)
            checkSlice(AppState.filterSlice)
        }
        highlightTerms = query.highlightTerms
        countMarks()
        let selection = previous.flatMap { AppState.index(of: $0, in: shown) } ?? 0
        cursor = ListCursor()
        cursor.select(selection, count: shown.count, visible: layout.listRows)
        if (shown.isEmpty ? nil : shown[cursor.selected]) != previous { readerScroll = 0 }
    }

    /// Checks the next slice of papers against the filter while loading; the list and its counts
    /// grow by those that match, the selection and the top row staying on their papers.
    public mutating func continueFiltering() {
        guard loading != nil, scan != nil else { return }
        keepingSelection { $0.checkSlice(AppState.filterSlice) }
    }

    private mutating func checkSlice(_ limit: Int) {
        guard var pending = scan, let query = loadingQuery else { scan = nil; return }
        let end = min(pending.queue.count, pending.next + limit)
        var found: [Int] = []
        for position in pending.queue[pending.next..<end] where query.matches(arriving[position], state: reading) {
            found.append(position)
        }
        pending.next = end
        scan = pending.remaining > 0 ? pending : nil
        for position in found {
            var at = shown.count
            while at > 0 && shown[at - 1] > position { at -= 1 }
            shown.insert(position, at: at)
        }
        countMarks(of: found)
    }

    /// Runs a change of the list while loading, keeping the chosen paper selected and the top row
    /// on the same paper; `shift` tells how positions moved.
    private mutating func keepingSelection(_ change: (inout AppState) -> Void, shift: ((Int) -> Int)? = nil) {
        var selected = shown.isEmpty || !selectionChosen ? nil : shown[min(cursor.selected, shown.count - 1)]
        var top = shown.isEmpty || !selectionChosen ? nil : shown[min(cursor.offset, shown.count - 1)]
        change(&self)
        if let shift {
            selected = selected.map(shift)
            top = top.map(shift)
        }
        let row = selected.flatMap { AppState.index(of: $0, in: shown) } ?? 0
        let offset = top.flatMap { AppState.index(of: $0, in: shown) } ?? 0
        cursor = ListCursor(selected: row, offset: offset)
        cursor.scrollIntoView(count: shown.count, visible: layout.listRows)
    }

    /// While loading only the saved and unread counts are kept, over the papers shown.
    private mutating func countMarks() {
        facets = Facets()
        countMarks(of: shown)
    }

    /// Adds the saved and unread among the papers read so far at these positions to the counts.
    private mutating func countMarks(of positions: [Int]) {
        // Nothing saved or read anywhere (a first start): every paper is unread, none asked about.
        if reading.knownIDs?.isEmpty == true {
            facets.unread += positions.count
            return
        }
        for position in positions {
            let id = arriving.id(at: position)
            if reading.isSaved(id) { facets.saved += 1 }
            if !reading.isRead(id) { facets.unread += 1 }
        }
    }

    /// Notes that the person chose a paper while loading (see `selectionChosen`).
    mutating func noteSelectionChosen() {
        if loading != nil && (cursor.selected != 0 || focus == .reader) { selectionChosen = true }
    }

    /// The loader's latest progress.
    public mutating func setProgress(_ progress: LoadProgress) {
        if loading != nil { loading = progress }
    }

    /// Papers just read join the list in file order (with a filter, they join the papers still to
    /// be checked), and the selection and the top row stay on the same papers.
    public mutating func receive(_ batches: [IngestBatch]) {
        guard loading != nil else { return }
        for batch in batches where !batch.papers.isEmpty {
            let start = arriving.insert(batch.papers, file: batch.file, piece: batch.piece)
            let added = batch.papers.count
            let shift = { (position: Int) in position >= start ? position + added : position }
            keepingSelection({ state in
                // Only papers after the batch move down; batches mostly arrive in file order, so
                // usually none do, and a long list is not renumbered for every batch.
                AppState.shift(&state.shown, from: start, by: added)
                let fresh = Array(start..<(start + added))
                if state.loadingQuery != nil {
                    var pending = state.scan ?? FilterScan(queue: [])
                    pending.queue = Array(pending.queue[pending.next...]).map(shift) + fresh
                    pending.next = 0
                    state.scan = pending
                } else {
                    var cut = state.shown.count
                    while cut > 0 && state.shown[cut - 1] >= start { cut -= 1 }
                    state.shown.insert(contentsOf: fresh, at: cut)
                    state.countMarks(of: fresh)
                }
            }, shift: shift)
        }
    }

    /// The whole corpus, merged, tagged and indexed, replaces the papers read so far in one step:
    /// the filter is applied again and the selection kept on the same paper.
    public mutating func finishLoading(_ loaded: LoadedCatalog) {
        let previous = selectionChosen ? selectedPaper.map(\.id) : nil
        let typed = filterText, error = filterError
        let valid = error == nil ? typed : (loadingQuery?.text ?? "")
        catalog = loaded.catalog
        loading = nil
        arriving = ArrivingPapers()
        loadingQuery = nil
        scan = nil
        active = nil
        marks = loaded.marks ?? catalog.search.marks(reading)
        shown = Array(catalog.papers.indices)
        filter(valid, keeping: previous)
        filterText = typed
        filterError = error
        let papers = "\(LoadProgress.grouped(catalog.count)) paper\(catalog.count == 1 ? "" : "s")"
        let files = "\(LoadProgress.grouped(loaded.filesRead)) file\(loaded.filesRead == 1 ? "" : "s")"
        var text = "read \(papers) from \(files) in " + String(format: "%.1f s", loaded.seconds)
        if loaded.skippedFiles > 0 {
            text += "; \(loaded.skippedFiles) file\(loaded.skippedFiles == 1 ? "" : "s") could not be read (listed when you quit)"
        }
        // A problem already on show (a damaged saved-state file, a failed save) stays, unless files failed.
        if loaded.skippedFiles > 0 || message?.isError != true { message = StatusMessage(text, isError: loaded.skippedFiles > 0) }
    }
}
