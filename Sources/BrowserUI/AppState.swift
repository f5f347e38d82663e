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
    public private(set) var savedCount = 0
    public private(set) var unreadCount = 0

    public init(papers: [Paper], location: String = "", reading: any ReadingState = EmptyReadingState(), size: Size = Size(width: 80, height: 24)) {
        self.init(catalog: Catalog(papers: papers), location: location, reading: reading, size: size)
    }

    public init(catalog: Catalog, location: String = "", reading: any ReadingState = EmptyReadingState(), size: Size = Size(width: 80, height: 24)) {
        self.catalog = catalog
        self.location = location
        self.reading = reading
        self.size = size
        shown = Array(catalog.papers.indices)
        countMarks()
    }

    public var papers: [Paper] { catalog.papers }

    /// The selected paper, if the list is not empty.
    public var selectedPaper: Paper? {
        guard !shown.isEmpty, cursor.selected < shown.count else { return nil }
        return catalog.papers[shown[cursor.selected]]
    }

    public var layout: Layout { Layout.make(size: size, focus: focus, filtersToggled: filtersToggled) }

    /// Applies a filter text, keeping the selected paper selected when it still matches.
    public mutating func applyFilter(_ text: String) {
        let previous = selectedPaper.map(\.id)
        let result = catalog.filter(text, reading: reading)
        filterText = text
        if let error = result.error {
            filterError = error
            return
        }
        filterError = nil
        shown = result.positions
        highlightTerms = result.terms
        var selection = 0
        if let previous, let index = shown.firstIndex(where: { catalog.papers[$0].id == previous }) { selection = index }
        let visible = layout.listRows
        cursor = ListCursor()
        cursor.select(selection, count: shown.count, visible: visible)
        if selectedPaper?.id != previous { readerScroll = 0 }
    }

    /// Takes a new snapshot of the reading state.
    public mutating func setReading(_ snapshot: any ReadingState) {
        reading = snapshot
        countMarks()
    }

    private mutating func countMarks() {
        var saved = 0, unread = 0
        for paper in catalog.papers {
            let id = paper.id
            if reading.isSaved(id) { saved += 1 }
            if !reading.isRead(id) { unread += 1 }
        }
        savedCount = saved
        unreadCount = unread
    }
}
