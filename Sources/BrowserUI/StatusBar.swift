import Foundation

/// The header (app name, where the papers came from, how many, the focused pane's keys) and the status
/// line (a prompt or message on the left; shown of total, the filter, saved and unread on the right).
enum StatusBar {
    static func drawHeader(_ state: AppState, layout: Layout, on screen: inout Screen) {
        let rect = layout.header
        screen.fill(rect, style: .header)
        let count = state.loading != nil ? "reading…" : state.paperCount == 1 ? "1 paper" : "\(state.paperCount) papers"
        let location = TextFit.sanitize(state.location)
        let left = " Lectern   " + (location.isEmpty ? "" : location + "   ") + count
        let leftWidth = TextFit.width(left)
        screen.put(left, x: 0, y: rect.y, maxWidth: rect.width, style: .header)
        // As many of the focused pane's hints as fit, most useful first.
        var hints: [Span] = []
        var hintsWidth = 0
        for action in KeyMap.hints(for: state.focus) {
            let key = KeyMap.label(of: action), text = " " + action.hint + "  "
            let width = TextFit.width(key) + TextFit.width(text)
            if leftWidth + 2 + hintsWidth + width > rect.width { break }
            hints += [Span(key, .key), Span(text, .headerHint)]
            hintsWidth += width
        }
        screen.put(hints, x: rect.width - hintsWidth, y: rect.y, maxWidth: hintsWidth)
    }

    static func drawStatus(_ state: AppState, layout: Layout, on screen: inout Screen) {
        let rect = layout.status
        screen.fill(rect, style: .status)
        var right: [String] = [state.shown.count == state.paperCount ? "\(state.paperCount) papers" : "\(state.shown.count) of \(state.paperCount)"]
        if state.savedCount > 0 { right.append("\(state.savedCount) saved") }
        if state.unreadCount > 0 { right.append("\(state.unreadCount) unread") }
        var rightText = right.joined(separator: " · ") + " "
        if let progress = state.loading {
            // While loading, the progress takes the line; with a prompt or a note open, its short form the right.
            if state.prompt == nil && state.message == nil && state.filterError == nil {
                let filter = state.filterText + (state.isFiltering ? " (checking \(LoadProgress.grouped(state.filterRemaining)))" : "")
                screen.put(progressSpans(progress, filter: state.filterText.isEmpty ? "" : filter, width: rect.width), x: 0, y: rect.y, maxWidth: rect.width)
                return
            }
            rightText = ([progress.phase.label + " " + (progress.parts.first ?? "")]
                + (state.savedCount > 0 ? ["\(state.savedCount) saved"] : [])).joined(separator: " · ") + " "
        }
        let rightWidth = TextFit.width(rightText)

        var left: [Span]
        if let prompt = state.prompt {
            left = PromptLine.spans(prompt)
        } else if let message = state.message {
            left = [Span(" " + TextFit.sanitize(message.text), message.isError ? .error : .status)]
        } else if let error = state.filterError {
            left = [Span(" " + error, .error)]
        } else if !state.filterText.isEmpty {
            left = [Span(" filter: ", .status), Span(TextFit.sanitize(state.filterText), .prompt)]
        } else {
            left = []
        }
        let leftWidth = left.reduce(0) { $0 + TextFit.width($1.text) }
        let showRight = leftWidth + 2 + rightWidth <= rect.width || state.prompt == nil
        let leftRoom = showRight ? max(0, rect.width - rightWidth - 1) : rect.width
        if state.prompt != nil && leftWidth > leftRoom {
            // Keep the end of a long prompt (where the typing happens) in view.
            var text = Substring(left.map(\.text).joined())
            while TextFit.width(String(text)) > leftRoom - 1, !text.isEmpty { text = text.dropFirst() }
            screen.put("…" + text, x: 0, y: rect.y, maxWidth: leftRoom, style: .prompt)
        } else {
            screen.put(left, x: 0, y: rect.y, maxWidth: leftRoom)
        }
        if showRight && rightWidth < rect.width {
            screen.put(rightText, x: rect.width - rightWidth, y: rect.y, maxWidth: rightWidth, style: .status)
        }
    }
}

extension StatusBar {
    static let barWidth = 16

    /// " Reading ▕████▌░░░░░░░░░░░▏ 28% · 1/1 file · 28,104 records · 91 MB/s", cut to the width by
    /// dropping the last parts first, then the bar; a filter in force follows.
    static func progressSpans(_ progress: LoadProgress, filter: String, width: Int) -> [Span] {
        var parts = progress.parts
        let filterText = filter.isEmpty ? "" : "   filter: " + TextFit.sanitize(filter)
        func line(bar: Bool) -> [Span] {
            var spans = [Span(" " + progress.phase.label + " ", .bold)]
            if bar, let fraction = progress.fraction {
                spans += [Span("▕" + LoadProgress.bar(fraction, width: barWidth) + "▏ ", .status)]
            }
            spans.append(Span(parts.joined(separator: " · "), .status))
            if !filterText.isEmpty { spans.append(Span(filterText, .status)) }
            return spans
        }
        func fits(_ spans: [Span]) -> Bool { spans.reduce(0) { $0 + TextFit.width($1.text) } <= width }
        if fits(line(bar: true)) { return line(bar: true) }
        while parts.count > 1 {
            parts.removeLast()
            if fits(line(bar: true)) { return line(bar: true) }
        }
        return line(bar: false)
    }
}

/// The one-line prompt: `/` for the filter, `tags:` and `note:` for the paper's tags and note.
enum PromptLine {
    static func spans(_ prompt: Prompt) -> [Span] {
        [Span(" " + prompt.label, .bold), Span(TextFit.sanitize(prompt.text), .prompt), Span("▏", .prompt)]
    }
}
