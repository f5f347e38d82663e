/// Every key, from the key table, in a box over the panes. j/k scroll it; any other key closes it.
enum HelpPane {
    static func lines() -> [[Span]] {
        var out: [[Span]] = []
        for binding in KeyMap.bindings {
            out.append([Span(TextFit.fit(binding.label, to: 8), .key), Span(" " + binding.action.help)])
        }
        out.append([])
        out.append([Span("Mouse: click selects a row or focuses a pane; the wheel scrolls what is under it.", .dim)])
        return out
    }

    static func draw(_ state: AppState, on screen: inout Screen) {
        let size = screen.size
        let all = lines()
        let width = min(size.width - 2, 72)
        let height = min(size.height - 2, all.count + 2)
        let rect = Rect(x: (size.width - width) / 2, y: max(1, (size.height - height) / 2), width: width, height: height)
        screen.fill(rect)
        Frame.draw(rect, title: "Keys  (Esc closes)", focused: true, on: &screen)
        let inner = rect.inner
        let scroll = min(state.helpScroll, max(0, all.count - inner.height))
        for row in 0..<inner.height where scroll + row < all.count {
            screen.put(all[scroll + row], x: inner.x + 1, y: inner.y + row, maxWidth: inner.width - 1)
        }
    }

    static var lineCount: Int { KeyMap.bindings.count + 2 }
}
