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
    public let catalog: Catalog
    /// Where the papers came from, for the header (e.g. "seeds/").
    public var location: String
    public private(set) var reading: any ReadingState
    /// Positions in `catalog.papers` of the papers the list shows.
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

    public var papers: [Paper] { catalog.papers }

    /// The selected paper, if the list is not empty.
    public var selectedPaper: Paper? {
        guard !shown.isEmpty, cursor.selected < shown.count else { return nil }
        return catalog.papers[shown[cursor.selected]]
    }

    public var layout: Layout { Layout.make(size: size, focus: focus, filtersToggled: filtersToggled) }

    /// Applies a filter text (the query language), keeping the selected paper selected when it still
    /// matches. A malformed query leaves the list as it was and says what is wrong.
    public mutating func applyFilter(_ text: String) {
        let previous = selectedPaper.map(\.id)
        filterText = text
        let query: Query
        do {
            query = try Query.parse(text, vocabulary: catalog.vocabulary)
        } catch {
            filterError = "query: " + error.description
            return
        }
        filterError = nil
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

    /// Where a corpus position is in an ascending list of positions.
    static func index(of position: Int, in sorted: [Int]) -> Int? {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < position { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == position ? low : nil
    }

    /// Takes a new snapshot of the reading state. The list stays as it is (a paper just read does not
    /// vanish from an `is:unread` list under the cursor); the counts follow at once.
    public mutating func setReading(_ snapshot: any ReadingState) {
        reading = snapshot
        marks = catalog.search.marks(reading)
        facets = catalog.search.facets(for: active?.positions ?? catalog.search.all, marks: marks)
    }
}
