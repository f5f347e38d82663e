import Foundation

/// The filter pane: the filter in force and the saved and unread counts.
enum FacetsPane {
    static func draw(_ state: AppState, in rect: Rect, focused: Bool, on screen: inout Screen) {
        Frame.draw(rect, title: Pane.filters.title, focused: focused, on: &screen)
        let inner = rect.inner
        var lines: [[Span]] = [[Span("FILTER", .bold)]]
        if state.filterText.isEmpty {
            lines.append([Span("none (/ to filter)", .dim)])
        } else {
            for line in TextFit.wrap(TextFit.sanitize(state.filterText), width: inner.width - 1) { lines.append([Span(line, .highlight)]) }
            lines.append([Span("c clears", .dim)])
        }
        lines.append([])
        lines.append(countLine("★ saved", state.savedCount, width: inner.width - 1))
        lines.append(countLine("● unread", state.unreadCount, width: inner.width - 1))
        for (row, spans) in lines.prefix(inner.height).enumerated() {
            screen.put(spans, x: inner.x + 1, y: inner.y + row, maxWidth: inner.width - 1)
        }
    }

    static func countLine(_ label: String, _ count: Int, width: Int) -> [Span] {
        let number = String(count)
        let gap = max(1, width - TextFit.width(label) - number.count)
        return [Span(label + String(repeating: " ", count: gap) + number)]
    }
}
