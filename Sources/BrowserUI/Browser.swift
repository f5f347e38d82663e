import Foundation
import PaperModel

/// The browser as two pure functions: `update` (state + event → new state + effects) and
/// `render` (state + size → screen). The shell owns the terminal and runs the effects.
public enum Browser {
    // MARK: render

    public static func render(_ state: AppState, size: Size) -> Screen {
        var state = state
        state.size = size
        var screen = Screen(size: size)
        let layout = state.layout
        if layout.mode == .tooSmall {
            let need = "\(Layout.minimum.width)×\(Layout.minimum.height)"
            var note = "Window too small: \(size.width)×\(size.height), Lectern needs \(need)"
            if TextFit.width(note) > size.width { note = "Too small: \(size.width)×\(size.height) < \(need)" }
            note = TextFit.truncate(note, to: size.width)
            let x = max(0, (size.width - TextFit.width(note)) / 2)
            screen.put(note, x: x, y: size.height / 2, maxWidth: size.width - x, style: .error)
            return screen
        }
        StatusBar.drawHeader(state, layout: layout, on: &screen)
        for pane in layout.visible {
            guard let rect = layout.rect(pane) else { continue }
            let focused = pane == state.focus
            switch pane {
            case .filters: FacetsPane.draw(state, in: rect, focused: focused, on: &screen)
            case .list: ListPane.draw(state, in: rect, focused: focused, on: &screen)
            case .reader: ReaderPane.draw(state, in: rect, focused: focused, on: &screen)
            }
        }
        StatusBar.drawStatus(state, layout: layout, on: &screen)
        if state.helpVisible { HelpPane.draw(state, on: &screen) }
        return screen
    }

    // MARK: update

    public static func update(_ state: AppState, _ event: Event) -> (AppState, [Effect]) {
        var state = state
        var effects: [Effect] = []
        switch event {
        case .key(let key):
            if state.prompt != nil {
                handlePrompt(key, &state, &effects)
            } else if state.helpVisible {
                handleHelp(key, &state)
            } else {
                state.message = nil
                if let action = KeyMap.action(for: key) { perform(action, &state, &effects) }
            }
            state.noteSelectionChosen()
        case .mouse(let mouse):
            handleMouse(mouse, &state)
            state.noteSelectionChosen()
        case .resize(let size):
            state.size = size
            let layout = state.layout
            if layout.mode != .narrow && layout.mode != .tooSmall && !layout.visible.contains(state.focus) { state.focus = .list }
            state.cursor.scrollIntoView(count: state.shown.count, visible: layout.listRows)
            state.readerScroll = min(state.readerScroll, ReaderPane.maxScroll(state))
        case .tick:
            state.continueFiltering()
        case .readingState(let snapshot):
            state.setReading(snapshot)
        case .failure(let text):
            state.message = StatusMessage(text, isError: true)
        case .note(let text):
            state.message = StatusMessage(text)
        case .loadProgress(let progress):
            state.setProgress(progress)
        case .papersArrived(let batches):
            state.receive(batches)
        case .loadFinished(let loaded):
            state.finishLoading(loaded)
        }
        return (state, effects)
    }

    static func perform(_ action: Action, _ state: inout AppState, _ effects: inout [Effect]) {
        let layout = state.layout
        switch action {
        case .down: move(&state, lines: 1)
        case .up: move(&state, lines: -1)
        case .pageDown: move(&state, lines: pageSize(state, layout))
        case .pageUp: move(&state, lines: -pageSize(state, layout))
        case .halfPageDown: move(&state, lines: max(1, pageSize(state, layout) / 2))
        case .halfPageUp: move(&state, lines: -max(1, pageSize(state, layout) / 2))
        case .top: move(&state, lines: Int.min / 2)
        case .bottom: move(&state, lines: Int.max / 2)
        case .nextPane, .previousPane:
            let panes = layout.reachable
            if let index = panes.firstIndex(of: state.focus), !panes.isEmpty {
                let step = action == .nextPane ? 1 : panes.count - 1
                state.focus = panes[(index + step) % panes.count]
            }
        case .paneLeft, .paneRight:
            let panes = layout.reachable
            if let index = panes.firstIndex(of: state.focus) {
                let target = index + (action == .paneRight ? 1 : -1)
                if panes.indices.contains(target) { state.focus = panes[target] }
            }
        case .open:
            switch state.focus {
            case .list, .reader:
                guard let paper = state.selectedPaper else { break }
                state.focus = .reader
                if !state.reading.isRead(paper.id) { effects.append(.setRead(paper, true)) }
            case .filters:
                toggleFacet(&state)
            }
        case .back:
            if state.focus != .list { state.focus = .list }
        case .scrollReader:
            let maximum = ReaderPane.maxScroll(state)
            if state.readerScroll >= maximum {
                state.message = StatusMessage("end of the paper")
            }
            state.readerScroll = min(maximum, state.readerScroll + max(1, layout.readerRows - 2))
        case .filter:
            state.prompt = Prompt(kind: .filter, text: state.filterText, original: state.filterText)
        case .nextMatch, .previousMatch:
            jumpToMatch(&state, forward: action == .nextMatch)
        case .pickDisease:
            if layout.mode != .narrow && !layout.visible.contains(.filters) { state.filtersToggled.toggle() }
            state.focus = .filters
            let rows = FacetsPane.rows(state)
            if let first = rows.firstIndex(where: { $0.kind == .choice && $0.term.hasPrefix("disease:") }) {
                state.facetCursor.select(first, count: rows.count, visible: state.layout.filterRows)
            } else {
                state.message = StatusMessage(state.loading != nil ? "diseases are counted once every paper is read" : "no diseases among these papers")
            }
        case .clearFilters:
            state.applyFilter("")
            state.message = StatusMessage("filters cleared")
        case .toggleFilters:
            if layout.mode == .narrow {
                state.focus = state.focus == .filters ? .list : .filters
            } else {
                state.filtersToggled.toggle()
                if state.focus == .filters && !state.layout.visible.contains(.filters) { state.focus = .list }
            }
        case .toggleSaved:
            guard let paper = state.selectedPaper else { break }
            let saved = !state.reading.isSaved(paper.id)
            effects.append(.setSaved(paper, saved))
            state.message = StatusMessage(saved ? "★ saved" : "unsaved")
        case .toggleRead:
            guard let paper = state.selectedPaper else { break }
            let read = !state.reading.isRead(paper.id)
            effects.append(.setRead(paper, read))
            state.message = StatusMessage(read ? "marked read" : "marked unread")
        case .editTags:
            guard let paper = state.selectedPaper else { break }
            let tags = state.reading.tags(of: paper.id).joined(separator: ", ")
            state.prompt = Prompt(kind: .tags, text: tags, original: state.filterText)
        case .editNote:
            guard let paper = state.selectedPaper else { break }
            state.prompt = Prompt(kind: .note, text: state.reading.note(of: paper.id) ?? "", original: state.filterText)
        case .openLink:
            guard let paper = state.selectedPaper else { break }
            if let url = link(for: paper) {
                effects.append(.openURL(url))
                state.message = StatusMessage("opening " + url)
            } else {
                state.message = StatusMessage("this paper has no DOI or PMID to open", isError: true)
            }
        case .copyDOI:
            guard let paper = state.selectedPaper else { break }
            if let doi = paper.doi {
                effects.append(.copy(doi))
                state.message = StatusMessage("copied doi:" + doi)
            } else {
                state.message = StatusMessage("this paper has no DOI to copy", isError: true)
            }
        case .exportSaved:
            // Saved papers not yet read would be missing, and those read are not merged yet.
            guard state.loading == nil else {
                state.message = StatusMessage("the papers are still loading: x exports once every paper is read", isError: true)
                break
            }
            let saved = state.papers.filter { state.reading.isSaved($0.id) }
            if saved.isEmpty {
                state.message = StatusMessage("nothing saved to export: s saves a paper", isError: true)
            } else {
                effects.append(.exportSaved(saved))
                state.message = StatusMessage("exporting \(saved.count) saved paper\(saved.count == 1 ? "" : "s")…")
            }
        case .help:
            state.helpVisible = true
            state.helpScroll = 0
        case .redraw:
            effects.append(.redraw)
        case .quit:
            effects.append(.quit)
        }
    }

    /// The page a paper's link opens: its DOI, else its PubMed page.
    public static func link(for paper: Paper) -> String? {
        if let doi = paper.doi { return "https://doi.org/" + doi }
        if let pmid = paper.pmid { return "https://pubmed.ncbi.nlm.nih.gov/\(pmid)/" }
        return nil
    }

    static func pageSize(_ state: AppState, _ layout: Layout) -> Int {
        switch state.focus {
        case .list: max(1, layout.listRows - 1)
        case .reader: max(1, layout.readerRows - 2)
        case .filters: max(1, layout.filterRows - 1)
        }
    }

    /// Moves what the focused pane moves: the selection, the reader's scroll, or the filter cursor.
    static func move(_ state: inout AppState, lines: Int) {
        let layout = state.layout
        switch state.focus {
        case .list:
            let before = state.cursor.selected
            state.cursor.move(by: lines, count: state.shown.count, visible: layout.listRows)
            if state.cursor.selected != before { state.readerScroll = 0 }
        case .reader:
            let target = state.readerScroll.addingReportingOverflow(lines).partialValue
            state.readerScroll = min(max(0, target), ReaderPane.maxScroll(state))
        case .filters:
            let rows = FacetsPane.rows(state)
            guard !rows.isEmpty else { return }
            var target = min(max(0, state.facetCursor.selected.addingReportingOverflow(lines).partialValue), rows.count - 1)
            // Land on a row that can be chosen, looking further in the direction of the move.
            let step = lines < 0 ? -1 : 1
            while rows.indices.contains(target) && rows[target].kind != .choice { target += step }
            if !rows.indices.contains(target) {
                target = state.facetCursor.selected
                if rows.indices.contains(target), rows[target].kind != .choice {
                    target = rows.firstIndex { $0.kind == .choice } ?? 0
                }
            }
            state.facetCursor.select(target, count: rows.count, visible: layout.filterRows)
        }
    }

    /// Adds the chosen filter row's term to the filter, or takes it out.
    static func toggleFacet(_ state: inout AppState) {
        let rows = FacetsPane.rows(state)
        guard rows.indices.contains(state.facetCursor.selected) else { return }
        let row = rows[state.facetCursor.selected]
        guard row.kind == .choice else { return }
        let term = row.term
        state.applyFilter(FacetsPane.toggled(row, in: state.filterText))
        // Keep the cursor on the same row as the counts change.
        let after = FacetsPane.rows(state)
        if let index = after.firstIndex(where: { $0.term == term }) {
            state.facetCursor.select(index, count: after.count, visible: state.layout.filterRows)
        }
    }

    static func jumpToMatch(_ state: inout AppState, forward: Bool) {
        guard !state.highlightTerms.isEmpty else {
            state.message = StatusMessage("no search words: / to filter first")
            return
        }
        let lines = ReaderPane.lines(state)
        let matches = lines.indices.filter { lines[$0].hasMatch }
        let maximum = max(0, lines.count - state.layout.readerRows)
        let current = state.readerScroll
        let target = forward ? matches.first(where: { $0 > current }) : matches.last(where: { $0 < current })
        if let target, min(target, maximum) != current {
            state.readerScroll = min(target, maximum)
        } else if matches.isEmpty {
            state.message = StatusMessage("no match in this paper")
        } else {
            state.message = StatusMessage(forward ? "no more matches below" : "no more matches above")
        }
    }

    // MARK: prompt

    static func handlePrompt(_ key: Key, _ state: inout AppState, _ effects: inout [Effect]) {
        guard var prompt = state.prompt else { return }
        switch key {
        case .enter:
            state.prompt = nil
            switch prompt.kind {
            case .filter:
                state.applyFilter(prompt.text)
            case .tags:
                guard let paper = state.selectedPaper else { break }
                let tags = prompt.text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                effects.append(.setTags(paper, tags))
                state.message = StatusMessage(tags.isEmpty ? "tags removed" : "tags: " + tags.joined(separator: ", "))
            case .note:
                guard let paper = state.selectedPaper else { break }
                let note = prompt.text.trimmingCharacters(in: .whitespaces)
                effects.append(.setNote(paper, note.isEmpty ? nil : note))
                state.message = StatusMessage(note.isEmpty ? "note removed" : "note saved")
            }
            return
        case .escape:
            state.prompt = nil
            if prompt.kind == .filter, state.filterText != prompt.original { state.applyFilter(prompt.original) }
            return
        case .backspace, .delete:
            if prompt.text.isEmpty {
                if prompt.kind == .filter {
                    state.prompt = nil
                    if state.filterText != prompt.original { state.applyFilter(prompt.original) }
                    return
                }
            } else {
                prompt.text.removeLast()
            }
        case .ctrl("u"):
            prompt.text = ""
        case .ctrl("w"):
            while prompt.text.last == " " { prompt.text.removeLast() }
            while let last = prompt.text.last, last != " " { prompt.text.removeLast() }
        case .char(let character):
            prompt.text.append(character)
        default:
            return
        }
        state.prompt = prompt
        if prompt.kind == .filter { state.applyFilter(prompt.text) }
    }

    // MARK: help

    static func handleHelp(_ key: Key, _ state: inout AppState) {
        switch KeyMap.action(for: key) {
        case .down: state.helpScroll = min(state.helpScroll + 1, max(0, HelpPane.lineCount - 1))
        case .up: state.helpScroll = max(0, state.helpScroll - 1)
        case .pageDown, .scrollReader: state.helpScroll = min(state.helpScroll + 10, max(0, HelpPane.lineCount - 1))
        case .pageUp: state.helpScroll = max(0, state.helpScroll - 10)
        default: state.helpVisible = false
        }
    }

    // MARK: mouse

    static func handleMouse(_ mouse: Mouse, _ state: inout AppState) {
        if state.helpVisible {
            if mouse.kind == .press { state.helpVisible = false }
            return
        }
        let layout = state.layout
        guard let pane = layout.visible.first(where: { layout.rect($0)?.contains(x: mouse.x, y: mouse.y) ?? false }),
              let rect = layout.rect(pane) else { return }
        let inner = rect.inner
        switch mouse.kind {
        case .press:
            state.focus = pane
            if pane == .filters, inner.contains(x: mouse.x, y: mouse.y) {
                let rows = FacetsPane.rows(state)
                var cursor = state.facetCursor
                cursor.scrollIntoView(count: rows.count, visible: inner.height)
                let row = cursor.offset + (mouse.y - inner.y)
                if rows.indices.contains(row), rows[row].kind == .choice {
                    state.facetCursor = cursor
                    state.facetCursor.select(row, count: rows.count, visible: inner.height)
                    toggleFacet(&state)
                }
            }
            if pane == .list, inner.contains(x: mouse.x, y: mouse.y) {
                var cursor = state.cursor
                cursor.scrollIntoView(count: state.shown.count, visible: inner.height)
                let row = cursor.offset + (mouse.y - inner.y)
                if row < state.shown.count {
                    let before = state.cursor.selected
                    state.cursor = cursor
                    state.cursor.select(row, count: state.shown.count, visible: inner.height)
                    if before != row { state.readerScroll = 0 }
                }
            }
        case .wheelUp, .wheelDown:
            let delta = mouse.kind == .wheelUp ? -3 : 3
            switch pane {
            case .list:
                let before = state.cursor.selected
                state.cursor.scroll(by: delta, count: state.shown.count, visible: inner.height)
                if state.cursor.selected != before { state.readerScroll = 0 }
            case .reader:
                state.readerScroll = min(max(0, state.readerScroll + delta), ReaderPane.maxScroll(state))
            case .filters:
                state.facetCursor.scroll(by: delta, count: FacetsPane.rows(state).count, visible: inner.height)
            }
        }
    }
}
