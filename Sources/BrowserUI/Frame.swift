/// Pane borders: heavy for the focused pane, light for the others, with the title in the top edge.
enum Frame {
    static func draw(_ rect: Rect, title: String, focused: Bool, on screen: inout Screen) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let (h, v, tl, tr, bl, br): (String, String, String, String, String, String) = focused
            ? ("━", "┃", "┏", "┓", "┗", "┛") : ("─", "│", "┌", "┐", "└", "┘")
        let style: Style = focused ? .focusedBorder : .border
        let horizontal = String(repeating: h, count: rect.width - 2)
        screen.put(tl + horizontal + tr, x: rect.x, y: rect.y, style: style)
        screen.put(bl + horizontal + br, x: rect.x, y: rect.maxY - 1, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            screen.put(v, x: rect.x, y: y, style: style)
            screen.put(v, x: rect.maxX - 1, y: y, style: style)
        }
        if rect.width > 6 {
            let text = " " + TextFit.truncate(title, to: rect.width - 6) + " "
            screen.put(text, x: rect.x + 2, y: rect.y, maxWidth: rect.width - 4, style: .paneTitle)
        }
    }
}
