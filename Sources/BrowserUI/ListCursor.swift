/// The selection and scroll offset of a list, and every way to move them. All moves clamp;
/// the selection always stays on screen, with a margin of `scrollOff` rows where there is room.
public struct ListCursor: Hashable, Sendable {
    public private(set) var selected: Int = 0
    public private(set) var offset: Int = 0
    public var scrollOff: Int = 2

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Moves the selection by `delta` rows in a list of `count` rows, `visible` rows high.
    public mutating func move(by delta: Int, count: Int, visible: Int) {
        select(selected + delta, count: count, visible: visible)
    }

    /// Selects a row, clamped to the list, and scrolls so it is visible.
    public mutating func select(_ row: Int, count: Int, visible: Int) {
        selected = count == 0 ? 0 : min(max(0, row), count - 1)
        scrollIntoView(count: count, visible: visible)
    }

    /// Page moves: the selection moves by a page and the view follows.
    public mutating func page(_ pages: Int, count: Int, visible: Int) {
        move(by: pages * max(1, visible - 1), count: count, visible: visible)
    }

    /// Scrolls the view without moving the selection, unless it would leave the view (wheel scrolling).
    public mutating func scroll(by delta: Int, count: Int, visible: Int) {
        guard count > 0, visible > 0 else { offset = 0; return }
        offset = min(max(0, offset + delta), max(0, count - visible))
        if selected < offset { selected = offset }
        if selected >= offset + visible { selected = offset + visible - 1 }
        selected = min(selected, count - 1)
    }

    /// Keeps the selection inside the view (after a move, a resize or a new filter).
    public mutating func scrollIntoView(count: Int, visible: Int) {
        guard count > 0, visible > 0 else { selected = 0; offset = 0; return }
        selected = min(max(0, selected), count - 1)
        let margin = min(scrollOff, (visible - 1) / 2)
        if selected - margin < offset { offset = selected - margin }
        if selected + margin >= offset + visible { offset = selected + margin - visible + 1 }
        offset = min(max(0, offset), max(0, count - visible))
    }
}
