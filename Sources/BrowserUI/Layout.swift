/// Where everything goes for a window size: a header row, the panes, a status row.
/// Wide (≥ 120 columns): filters | list | reader. Medium (80–119): list | reader, filters with `f`.
/// Narrow (< 80 columns or < 20 rows): one pane at a time. Below 40×10: too small.
public struct Layout: Hashable, Sendable {
    public enum Mode: Hashable, Sendable { case wide, medium, narrow, tooSmall }

    public static let minimum = Size(width: 40, height: 10)

    public var mode: Mode
    public var header: Rect
    public var status: Rect
    /// Everything between the header and the status line.
    public var body: Rect
    public var panes: [Pane: Rect]
    /// The panes on screen, left to right.
    public var visible: [Pane]

    public func rect(_ pane: Pane) -> Rect? { panes[pane] }

    /// Rows of papers the list shows (inside its border); at least 1 so paging always moves.
    public var listRows: Int { max(1, (panes[.list] ?? body).height - 2) }
    /// Rows of text the reader shows.
    public var readerRows: Int { max(1, (panes[.reader] ?? body).height - 2) }
    /// Columns of text in the reader (inside its border, one column of margin on the right).
    public var readerColumns: Int { max(1, (panes[.reader] ?? body).width - 3) }
    /// Rows of the filter pane.
    public var filterRows: Int { max(1, (panes[.filters] ?? body).height - 2) }

    /// The panes a focus move can reach: those on screen, or all three in the one-pane view.
    public var reachable: [Pane] { mode == .narrow ? Pane.allCases : visible }

    public static func make(size: Size, focus: Pane, filtersToggled: Bool) -> Layout {
        let header = Rect(x: 0, y: 0, width: size.width, height: 1)
        let status = Rect(x: 0, y: size.height - 1, width: size.width, height: 1)
        let body = Rect(x: 0, y: 1, width: size.width, height: size.height - 2)
        if size.width < minimum.width || size.height < minimum.height {
            return Layout(mode: .tooSmall, header: header, status: status, body: body, panes: [:], visible: [])
        }
        func column(_ x: Int, _ width: Int) -> Rect { Rect(x: x, y: body.y, width: width, height: body.height) }

        if size.width < 80 || size.height < 20 {
            return Layout(mode: .narrow, header: header, status: status, body: body, panes: [focus: body], visible: [focus])
        }
        let wide = size.width >= 120
        let showFilters = wide != filtersToggled
        var panes: [Pane: Rect] = [:]
        var visible: [Pane] = []
        var x = 0
        if showFilters {
            let width = wide ? 26 : 22
            panes[.filters] = column(0, width)
            visible.append(.filters)
            x = width
        }
        let rest = size.width - x
        let listWidth = rest * (wide ? 50 : 46) / 100
        panes[.list] = column(x, listWidth)
        panes[.reader] = column(x + listWidth, rest - listWidth)
        visible += [.list, .reader]
        return Layout(mode: wide ? .wide : .medium, header: header, status: status, body: body, panes: panes, visible: visible)
    }
}
