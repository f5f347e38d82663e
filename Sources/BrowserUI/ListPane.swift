import Foundation
import PaperModel

/// The paper list: a row per paper with the selection, saved and unread marks, year, title,
/// first author and disease badges. Only the rows on screen are formatted.
public enum ListPane {
    static func draw(_ state: AppState, in rect: Rect, focused: Bool, on screen: inout Screen) {
        let inner = rect.inner
        var cursor = state.cursor
        cursor.scrollIntoView(count: state.shown.count, visible: inner.height)
        let total = state.paperCount
        let title = state.shown.count == total
            ? "\(Pane.list.title)  \(total)"
            : "\(Pane.list.title)  \(state.shown.count) of \(total)"
        Frame.draw(rect, title: title, focused: focused, on: &screen)
        if state.shown.isEmpty {
            let note = state.loading != nil && total == 0 ? "Reading papers…"
                : total == 0 ? "No papers."
                : state.loading != nil ? "No paper read so far matches the filter (c clears it)."
                : "No paper matches the filter (c clears it)."
            for (row, line) in TextFit.wrap(note, width: inner.width).prefix(inner.height).enumerated() {
                screen.put(line, x: inner.x, y: inner.y + row, maxWidth: inner.width, style: .dim)
            }
            return
        }
        for row in 0..<inner.height {
            let index = cursor.offset + row
            guard index < state.shown.count else { break }
            let paper = state.paper(at: state.shown[index])
            let selected = index == cursor.selected
            let spans = self.row(paper, reading: state.reading, width: inner.width, selected: selected, badge: state.catalog.badge)
            let y = inner.y + row
            screen.put(spans, x: inner.x, y: y, maxWidth: inner.width)
            if selected {
                screen.restyle(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: focused ? .selected : .selectedUnfocused)
            }
        }
    }

    /// One list row, exactly `width` columns wide.
    public static func row(_ paper: Paper, reading: any ReadingState, width: Int, selected: Bool,
                           badge: (String) -> String = { $0 }) -> [Span] {
        let id = paper.id
        var spans: [Span] = [
            Span(selected ? "▶" : " ", .bold),
            Span(reading.isSaved(id) ? "★" : " ", .saved),
            Span(reading.isRead(id) ? " " : "●", .unread),
            Span(" "),
            Span(paper.year.map { String($0) } ?? "    ", .dim),
            Span(" "),
        ]
        // Fixed columns so titles, authors and badges line up from row to row.
        let fixed = 9
        let badgeColumn = width >= 30 ? min(9, max(4, width / 8)) : 0
        // The first author's family name: at least 9 columns when the pane has 40, up to 16.
        let authorColumn = width >= 40 ? min(16, max(9, (width - fixed - badgeColumn) / 4)) : 0
        let titleWidth = max(0, width - fixed - badgeColumn - authorColumn)
        let title = TextFit.sanitize(paper.title.isEmpty ? "(untitled)" : paper.title)
        spans.append(Span(TextFit.fit(title, to: titleWidth)))
        if authorColumn > 0 {
            var author = firstAuthor(paper)
            if TextFit.width(author) > authorColumn - 1, let family = author.components(separatedBy: " et al.").first { author = family }
            spans.append(Span(" " + TextFit.fit(author, to: authorColumn - 1), .dim))
        }
        if badgeColumn > 0 {
            let badges = paper.primaryDiseases.map(badge).joined(separator: " ")
            spans.append(Span(" " + TextFit.fit(badges, to: badgeColumn - 1), .badge))
        }
        return spans
    }

    /// The first author's family name, with "et al." when there are more.
    public static func firstAuthor(_ paper: Paper) -> String {
        guard let first = paper.authors.first.map(TextFit.sanitize), !first.isEmpty else { return "" }
        let family = first.split(separator: " ").last.map(String.init) ?? first
        return family + (paper.authors.count > 1 || paper.authorsTruncated ? " et al." : "")
    }
}
