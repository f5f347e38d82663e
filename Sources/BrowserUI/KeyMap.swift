import Foundation

/// Everything a key can do. The key table below feeds the key handling, the help screen and the
/// header hints, so they never disagree.
public enum Action: String, CaseIterable, Hashable, Sendable {
    case down, up, top, bottom, pageDown, pageUp, halfPageDown, halfPageUp
    case nextPane, previousPane, paneLeft, paneRight
    case open, back, scrollReader
    case filter, nextMatch, previousMatch, pickDisease, clearFilters, toggleFilters
    case toggleSaved, toggleRead, editTags, editNote
    case openLink, copyDOI, exportSaved
    case help, redraw, quit

    public var help: String {
        switch self {
        case .down: "move down / scroll down"
        case .up: "move up / scroll up"
        case .top: "go to the first paper / top"
        case .bottom: "go to the last paper / bottom"
        case .pageDown: "page down"
        case .pageUp: "page up"
        case .halfPageDown: "half a page down"
        case .halfPageUp: "half a page up"
        case .nextPane: "next pane"
        case .previousPane: "previous pane"
        case .paneLeft: "pane to the left (back in one-pane view)"
        case .paneRight: "pane to the right"
        case .open: "open the paper / choose the filter"
        case .back: "back / cancel"
        case .scrollReader: "scroll the reader a page"
        case .filter: "filter the list as you type (Enter keeps, Esc cancels)"
        case .nextMatch: "next match in the reader"
        case .previousMatch: "previous match in the reader"
        case .pickDisease: "pick a disease in the filter pane"
        case .clearFilters: "clear all filters"
        case .toggleFilters: "show or hide the filter pane"
        case .toggleSaved: "save / unsave the paper"
        case .toggleRead: "mark read / unread"
        case .editTags: "edit the paper's tags"
        case .editNote: "edit the paper's note"
        case .openLink: "open the DOI or PubMed page ($BROWSER or xdg-open)"
        case .copyDOI: "copy the DOI (OSC 52)"
        case .exportSaved: "export the saved papers to a .bib file here"
        case .help: "show every key"
        case .redraw: "redraw the screen"
        case .quit: "quit"
        }
    }

    /// The short word used in the header hints.
    public var hint: String {
        switch self {
        case .nextPane: "panes"
        case .filter: "filter"
        case .open: "open"
        case .back: "back"
        case .toggleSaved: "save"
        case .help: "help"
        case .quit: "quit"
        case .scrollReader: "scroll"
        case .nextMatch: "next match"
        case .pickDisease: "disease"
        case .clearFilters: "clear"
        case .down: "move"
        default: rawValue
        }
    }
}

/// One row of the key table: the keys, how help shows them, and the action.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var label: String
    public var action: Action
}

public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.char("j"), .down], label: "j ↓", action: .down),
        KeyBinding(keys: [.char("k"), .up], label: "k ↑", action: .up),
        KeyBinding(keys: [.char("g"), .home], label: "g Home", action: .top),
        KeyBinding(keys: [.char("G"), .end], label: "G End", action: .bottom),
        KeyBinding(keys: [.pageDown], label: "PgDn", action: .pageDown),
        KeyBinding(keys: [.pageUp], label: "PgUp", action: .pageUp),
        KeyBinding(keys: [.ctrl("d")], label: "Ctrl-D", action: .halfPageDown),
        KeyBinding(keys: [.ctrl("u")], label: "Ctrl-U", action: .halfPageUp),
        KeyBinding(keys: [.tab], label: "Tab", action: .nextPane),
        KeyBinding(keys: [.backTab], label: "S-Tab", action: .previousPane),
        KeyBinding(keys: [.char("h"), .left], label: "h ←", action: .paneLeft),
        KeyBinding(keys: [.char("l"), .right], label: "l →", action: .paneRight),
        KeyBinding(keys: [.enter], label: "Enter", action: .open),
        KeyBinding(keys: [.escape], label: "Esc", action: .back),
        KeyBinding(keys: [.char(" ")], label: "Space", action: .scrollReader),
        KeyBinding(keys: [.char("/")], label: "/", action: .filter),
        KeyBinding(keys: [.char("n")], label: "n", action: .nextMatch),
        KeyBinding(keys: [.char("N")], label: "N", action: .previousMatch),
        KeyBinding(keys: [.char("d")], label: "d", action: .pickDisease),
        KeyBinding(keys: [.char("c")], label: "c", action: .clearFilters),
        KeyBinding(keys: [.char("f")], label: "f", action: .toggleFilters),
        KeyBinding(keys: [.char("s")], label: "s", action: .toggleSaved),
        KeyBinding(keys: [.char("u")], label: "u", action: .toggleRead),
        KeyBinding(keys: [.char("t")], label: "t", action: .editTags),
        KeyBinding(keys: [.char("a")], label: "a", action: .editNote),
        KeyBinding(keys: [.char("o")], label: "o", action: .openLink),
        KeyBinding(keys: [.char("y")], label: "y", action: .copyDOI),
        KeyBinding(keys: [.char("x")], label: "x", action: .exportSaved),
        KeyBinding(keys: [.char("?")], label: "?", action: .help),
        KeyBinding(keys: [.ctrl("l")], label: "Ctrl-L", action: .redraw),
        KeyBinding(keys: [.char("q")], label: "q", action: .quit),
    ]

    private static let byKey: [Key: Action] = {
        var table: [Key: Action] = [:]
        for binding in bindings { for key in binding.keys { table[key] = binding.action } }
        return table
    }()

    public static func action(for key: Key) -> Action? { byKey[key] }

    /// The first label of an action's keys, for hints.
    public static func label(of action: Action) -> String {
        guard let binding = bindings.first(where: { $0.action == action }) else { return "" }
        return binding.label.split(separator: " ").first.map(String.init) ?? binding.label
    }

    /// The hints the header shows for a pane, most useful first.
    public static func hints(for pane: Pane) -> [Action] {
        switch pane {
        case .list: [.nextPane, .open, .filter, .toggleSaved, .help, .quit]
        case .reader: [.nextPane, .scrollReader, .nextMatch, .back, .help, .quit]
        case .filters: [.nextPane, .open, .pickDisease, .clearFilters, .help, .quit]
        }
    }
}
