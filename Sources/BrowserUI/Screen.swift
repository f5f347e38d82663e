import Foundation

/// A terminal size in columns and rows.
public struct Size: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }
}

/// A rectangle of cells, in screen coordinates.
public struct Rect: Hashable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
    /// The rectangle inside a one-cell border.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
}

/// What a cell looks like, as a role; the terminal maps roles to colours and attributes
/// (and to attributes alone when colour is off).
public enum Style: UInt8, CaseIterable, Hashable, Sendable {
    case normal
    case dim
    case bold
    case header
    case headerHint
    case border
    case focusedBorder
    case paneTitle
    case selected
    case selectedUnfocused
    case saved
    case unread
    case badge
    case highlight
    case status
    case error
    case prompt
    case key
}

/// One screen cell: a character (grapheme cluster), the columns it takes (2 for wide characters;
/// the cell right of a wide character is a continuation with width 0), and its style.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var width: UInt8
    public var style: Style

    public static let blank = Cell(character: " ", width: 1, style: .normal)
    public init(character: Character, width: UInt8, style: Style) {
        self.character = character
        self.width = width
        self.style = style
    }
}

/// A grid of cells: what a frame of the browser looks like, independent of any terminal.
/// Writes outside the grid are clipped, never a trap.
public struct Screen: Hashable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: .blank, count: size.width * size.height)
    }

    /// A screen built from text lines, for tests: each line written from column 0 in the normal style.
    public init(lines: [String], width: Int) {
        self.init(size: Size(width: width, height: lines.count))
        for (row, line) in lines.enumerated() { put(line, x: 0, y: row) }
    }

    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return .blank }
        return cells[y * size.width + x]
    }

    /// The cells of one row.
    public func row(_ y: Int) -> ArraySlice<Cell> {
        guard y >= 0, y < size.height else { return [] }
        return cells[(y * size.width)..<((y + 1) * size.width)]
    }

    /// Each row as text, padded to the full width (continuation cells of wide characters are skipped).
    public var lines: [String] {
        (0..<size.height).map { y in
            var text = ""
            for cell in row(y) where cell.width > 0 { text.append(cell.character) }
            return text
        }
    }

    /// Each row as text without trailing spaces: convenient for comparing in tests.
    public var trimmedLines: [String] {
        lines.map { line in
            var text = line
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    /// The styles of one row, one per column, for asserting where highlighting falls.
    public func styles(row y: Int) -> [Style] { row(y).map(\.style) }

    /// Fills a rectangle with one character and style.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .normal) {
        let width = UInt8(max(1, DisplayWidth.of(character)))
        let (xs, ys) = clipped(rect)
        for y in ys { for x in xs { cells[y * size.width + x] = Cell(character: character, width: width, style: style) } }
    }

    /// Changes the style of cells already written, keeping their characters.
    public mutating func restyle(_ rect: Rect, style: Style) {
        let (xs, ys) = clipped(rect)
        for y in ys { for x in xs { cells[y * size.width + x].style = style } }
    }

    private func clipped(_ rect: Rect) -> (Range<Int>, Range<Int>) {
        let x0 = min(max(0, rect.x), size.width), x1 = max(x0, min(size.width, rect.maxX))
        let y0 = min(max(0, rect.y), size.height), y1 = max(y0, min(size.height, rect.maxY))
        return (x0..<x1, y0..<y1)
    }

    /// Writes text at a column, clipped to `maxWidth` columns and to the screen. A wide character
    /// that does not fit whole is replaced by a space; control characters are never written.
    /// Returns the columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int = .max, style: Style = .normal) -> Int {
        guard y >= 0, y < size.height else { return 0 }
        let limit = maxWidth >= size.width - x ? size.width : x + max(0, maxWidth)
        var column = x
        for character in text {
            let width = TextFit.width(of: character)
            if width == 0 { continue }
            if column + width > limit {
                if column < limit && column >= 0 { set(column, y, Cell(character: " ", width: 1, style: style)) }
                column = limit
                break
            }
            if column >= 0 {
                let shown = TextFit.isControl(character) ? " " : character
                set(column, y, Cell(character: shown, width: UInt8(width), style: style))
                if width == 2 { set(column + 1, y, Cell(character: " ", width: 0, style: style)) }
            }
            column += width
        }
        return max(0, column - x)
    }

    /// Writes styled spans one after another; returns the columns written.
    @discardableResult
    public mutating func put(_ spans: [Span], x: Int, y: Int, maxWidth: Int) -> Int {
        var used = 0
        for span in spans where used < maxWidth {
            used += put(span.text, x: x + used, y: y, maxWidth: maxWidth - used, style: span.style)
        }
        return used
    }

    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < size.width, y >= 0, y < size.height else { return }
        let index = y * size.width + x
        // Overwriting half of a wide character blanks its other half.
        if cells[index].width == 0, x > 0, cells[index - 1].width == 2 { cells[index - 1] = Cell(character: " ", width: 1, style: cells[index - 1].style) }
        if cells[index].width == 2, x + 1 < size.width, cell.width != 2 { cells[index + 1] = Cell(character: " ", width: 1, style: cells[index + 1].style) }
        cells[index] = cell
    }
}

/// A run of text in one style.
public struct Span: Hashable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .normal) {
        self.text = text
        self.style = style
    }
}
