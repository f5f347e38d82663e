import Foundation
import PaperModel

/// The reader: the selected paper's title, authors, citation, identifiers, diseases, keywords,
/// the reader's own tags and note, then the abstract, word-wrapped, with the searched words highlighted.
public enum ReaderPane {
    /// A wrapped line of the reader, and whether it holds a searched word (for n/N).
    public struct Line: Hashable, Sendable {
        public var spans: [Span]
        public var hasMatch: Bool
    }

    public static func lines(for paper: Paper, reading: any ReadingState, terms: [String], width: Int) -> [Line] {
        var out: [Line] = []
        func add(_ text: String, _ style: Style = .normal, prefix: String = "") {
            let clean = TextFit.sanitize(text)
            guard !clean.isEmpty else { return }
            for (number, piece) in TextFit.wrap(prefix + clean, width: width).enumerated() {
                var spans = Highlighter.spans(piece, terms: terms, style: style)
                if number == 0, !prefix.isEmpty, let first = spans.first, first.text.hasPrefix(prefix) {
                    spans[0].text = String(first.text.dropFirst(prefix.count))
                    spans.insert(Span(prefix, .dim), at: 0)
                }
                out.append(Line(spans: spans, hasMatch: spans.contains { $0.style == .highlight }))
            }
        }
        func blank() { if out.last.map({ !$0.spans.isEmpty }) ?? false { out.append(Line(spans: [], hasMatch: false)) } }

        add(paper.title.isEmpty ? "(untitled)" : paper.title, .bold)
        blank()
        if !paper.authors.isEmpty {
            add(paper.authors.joined(separator: ", ") + (paper.authorsTruncated ? ", et al." : ""))
        }
        add(paper.citationLine, .dim)
        var ids: [String] = []
        if let doi = paper.doi { ids.append("doi:" + doi) }
        if let pmid = paper.pmid { ids.append("PMID " + pmid) }
        if let pmcid = paper.pmcid { ids.append(pmcid) }
        add(ids.joined(separator: " · "), .dim)
        if !paper.diseases.isEmpty {
            let primary = paper.primaryDiseases
            add((primary.isEmpty ? paper.mentionedDiseases : primary).joined(separator: " · "), .badge)
        }
        if !paper.keywords.isEmpty { add(paper.keywords.joined(separator: " · "), prefix: "keywords: ") }
        let tags = reading.tags(of: paper.id)
        if !tags.isEmpty { add(tags.joined(separator: ", "), prefix: "tags: ") }
        if let note = reading.note(of: paper.id), !note.isEmpty { add(note, prefix: "note: ") }
        if let abstract = paper.abstract, !abstract.isEmpty {
            for paragraph in abstract.components(separatedBy: "\n") where !paragraph.trimmingCharacters(in: .whitespaces).isEmpty {
                blank()
                add(paragraph)
            }
        } else {
            blank()
            add("(no abstract)", .dim)
        }
        return out
    }

    /// The reader's lines for the state's selected paper at the state's layout.
    static func lines(_ state: AppState) -> [Line] {
        guard let paper = state.selectedPaper else { return [] }
        return lines(for: paper, reading: state.reading, terms: state.highlightTerms, width: state.layout.readerColumns)
    }

    static func maxScroll(_ state: AppState) -> Int {
        max(0, lines(state).count - state.layout.readerRows)
    }

    static func draw(_ state: AppState, in rect: Rect, focused: Bool, on screen: inout Screen) {
        let inner = rect.inner
        let all = lines(state)
        let scroll = min(state.readerScroll, max(0, all.count - inner.height))
        var title = Pane.reader.title
        if all.count > inner.height {
            let percent = all.count - inner.height == 0 ? 100 : scroll * 100 / (all.count - inner.height)
            title += "  \(percent)%"
        }
        Frame.draw(rect, title: title, focused: focused, on: &screen)
        if state.selectedPaper == nil {
            screen.put("No paper selected.", x: inner.x, y: inner.y, maxWidth: inner.width, style: .dim)
            return
        }
        for row in 0..<inner.height {
            let index = scroll + row
            guard index < all.count else { break }
            screen.put(all[index].spans, x: inner.x, y: inner.y + row, maxWidth: inner.width)
        }
    }
}

/// Splits text into spans, marking the words that start with a searched term.
public enum Highlighter {
    public static func spans(_ text: String, terms: [String], style: Style) -> [Span] {
        guard !terms.isEmpty else { return [Span(text, style)] }
        // A phrase highlights each of its words.
        let terms = terms.flatMap { $0.split(separator: " ").map(String.init) }
        var spans: [Span] = []
        var plain = ""
        var word = ""
        func flushWord() {
            guard !word.isEmpty else { return }
            let folded = TextNormalizer.fold(word)
            if terms.contains(where: { folded.hasPrefix($0) }) {
                if !plain.isEmpty { spans.append(Span(plain, style)); plain = "" }
                spans.append(Span(word, .highlight))
            } else {
                plain += word
            }
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else {
                flushWord()
                plain.append(character)
            }
        }
        flushWord()
        if !plain.isEmpty { spans.append(Span(plain, style)) }
        return spans
    }
}
