import Foundation
import PaperModel

/// The filter pane: diseases as a tree, top keywords, years, journals, saved and unread, each with
/// how many of the shown papers have it. Enter (or a click) adds the row's term to the filter, or
/// takes it out again; chosen rows carry a ✓.
public enum FacetsPane {
    public struct Row: Hashable, Sendable {
        public enum Kind: Hashable, Sendable { case heading, blank, choice }
        public var kind: Kind
        public var label: String
        public var count: Int
        /// The query term the row adds or removes.
        public var term: String
        /// Tree markers and indentation shown before the label.
        public var prefix: String

        static func heading(_ text: String) -> Row { Row(kind: .heading, label: text, count: 0, term: "", prefix: "") }
        static let blank = Row(kind: .blank, label: "", count: 0, term: "", prefix: "")
    }

    static let keywordLimit = 10
    static let journalLimit = 6
    static let yearLimit = 12

    /// The rows for the state's facets, top to bottom.
    public static func rows(_ state: AppState) -> [Row] {
        let facets = state.facets
        var rows: [Row] = []
        if state.loading != nil {
            // Diseases, keywords and years are counted once every paper is read and tagged.
            rows += [.heading("Counts when loaded"), .blank]
        }
        func choice(_ label: String, _ count: Int, _ term: String, prefix: String = "") -> Row {
            Row(kind: .choice, label: label, count: count, term: term, prefix: prefix)
        }
        if !facets.diseases.isEmpty {
            rows.append(.heading("DISEASES"))
            func add(_ node: DiseaseFacet, depth: Int) {
                let marker = node.children.isEmpty ? "  " : "▾ "
                let label = node.abbreviation.map { $0.count <= 5 && depth > 0 ? $0 : node.name } ?? node.name
                rows.append(choice(label, node.count, node.queryTerm, prefix: String(repeating: "  ", count: depth) + marker))
                for child in node.children { add(child, depth: depth + 1) }
            }
            for node in facets.diseases { add(node, depth: 0) }
            rows.append(.blank)
        }
        func section(_ heading: String, _ counts: some Sequence<FacetCount>, term: (String) -> String) {
            rows.append(.heading(heading))
            for count in counts { rows.append(choice(count.value, count.count, term(count.value))) }
            rows.append(.blank)
        }
        if !facets.keywords.isEmpty {
            section("KEYWORDS", facets.keywords.prefix(keywordLimit)) { "kw:" + quoted($0) }
        }
        if !facets.years.isEmpty {
            section("YEARS  " + sparkline(facets.years), facets.years.suffix(yearLimit).reversed()) { "year:" + $0 }
        }
        if !facets.journals.isEmpty {
            section("JOURNALS", facets.journals.prefix(journalLimit)) { "journal:" + quoted($0) }
        }
        rows.append(choice("★ saved", facets.saved, "is:saved"))
        rows.append(choice("● unread", facets.unread, "is:unread"))
        return rows
    }

    /// A value as one query token: quoted when it has spaces or quotes.
    static func quoted(_ value: String) -> String {
        let clean = TextFit.sanitize(value).replacingOccurrences(of: "\"", with: "")
        return clean.contains(where: { $0 == " " || $0 == ":" }) ? "\"" + clean + "\"" : clean
    }

    /// Paper counts per year as block characters, oldest to newest, over the whole span of years
    /// (a space for a year with none); long spans are grouped into at most `width` columns.
    static func sparkline(_ years: [FacetCount], width: Int = 15) -> String {
        let counts = years.compactMap { year in Int(year.value).map { ($0, year.count) } }
        guard let first = counts.first?.0, let last = counts.last?.0, width > 0 else { return "" }
        let span = last - first + 1
        let columns = min(span, width)
        var buckets = [Int](repeating: 0, count: columns)
        for (year, count) in counts { buckets[(year - first) * columns / span] += count }
        guard let top = buckets.max(), top > 0 else { return "" }
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(buckets.map { $0 == 0 ? " " : blocks[min(7, ($0 * 8 - 1) / top)] })
    }

    /// The terms of a filter text, as typed (quoted phrases kept whole).
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == " " && !quoted {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    static func isChosen(_ row: Row, in filter: String) -> Bool {
        row.kind == .choice && tokens(filter).contains { $0.caseInsensitiveCompare(row.term) == .orderedSame }
    }

    /// The filter text with the row's term added, or taken out when it is already there.
    static func toggled(_ row: Row, in filter: String) -> String {
        var terms = tokens(filter)
        if let index = terms.firstIndex(where: { $0.caseInsensitiveCompare(row.term) == .orderedSame }) {
            terms.remove(at: index)
        } else {
            terms.append(row.term)
        }
        return terms.joined(separator: " ")
    }

    static func draw(_ state: AppState, in rect: Rect, focused: Bool, on screen: inout Screen) {
        Frame.draw(rect, title: Pane.filters.title, focused: focused, on: &screen)
        let inner = rect.inner
        let all = rows(state)
        var cursor = state.facetCursor
        cursor.scrollIntoView(count: all.count, visible: inner.height)
        let width = inner.width - 1
        for row in 0..<inner.height {
            let index = cursor.offset + row
            guard index < all.count else { break }
            let item = all[index]
            let y = inner.y + row
            switch item.kind {
            case .blank: continue
            case .heading:
                screen.put(item.label, x: inner.x + 1, y: y, maxWidth: width, style: .bold)
            case .choice:
                let mark = isChosen(item, in: state.filterText) ? "✓ " : ""
                let number = String(item.count)
                let room = max(0, width - TextFit.width(item.prefix) - number.count - TextFit.width(mark) - 1)
                let label = TextFit.fit(TextFit.sanitize(item.label), to: room)
                let spans = [Span(item.prefix, .dim), Span(label, item.count == 0 ? .dim : .normal), Span(" " + mark, .highlight), Span(number, .dim)]
                screen.put(spans, x: inner.x + 1, y: y, maxWidth: width)
                if focused && index == cursor.selected {
                    screen.restyle(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: .selected)
                }
            }
        }
    }
}
