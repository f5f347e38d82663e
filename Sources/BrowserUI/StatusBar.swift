import Foundation

/// The header (app name, where the papers came from, how many, the focused pane's keys) and the status
/// line (a prompt or message on the left; shown of total, the filter, saved and unread on the right).
enum StatusBar {
    static func drawHeader(_ state: AppState, layout: Layout, on screen: inout Screen) {
        let rect = layout.header
        screen.fill(rect, style: .header)
        let count = state.papers.count == 1 ? "1 paper" : "\(state.papers.count) papers"
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
        var right: [String] = [state.shown.count == state.papers.count ? "\(state.papers.count) papers" : "\(state.shown.count) of \(state.papers.count)"]
        if state.savedCount > 0 { right.append("\(state.savedCount) saved") }
        if state.unreadCount > 0 { right.append("\(state.unreadCount) unread") }
        let rightText = right.joined(separator: " · ") + " "
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

/// The one-line prompt: `/` for the filter, `tags:` and `note:` for the paper's tags and note.
enum PromptLine {
    static func spans(_ prompt: Prompt) -> [Span] {
        [Span(" " + prompt.label, .bold), Span(TextFit.sanitize(prompt.text), .prompt), Span("▏", .prompt)]
    }
}
