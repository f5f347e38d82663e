import BrowserUI
import CNcursesw
import Foundation

/// What the terminal reports to the event loop.
public enum TerminalInput: Sendable {
    case event(Event)
    /// A quit signal arrived (SIGINT, SIGTERM, SIGHUP, SIGQUIT): restore the terminal and leave.
    case signal(Int32)
    /// Nothing happened within the timeout.
    case idle
}

public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    case cannotStart(String)

    public var description: String {
        switch self {
        case .notATerminal: "standard input and output must be a terminal"
        case .cannotStart(let reason): "cannot start the terminal: \(reason)"
        }
    }
}

/// The only place that speaks ncurses: starts and restores the terminal, turns input into Events,
/// and draws Screens. Only one may be active at a time.
public final class Terminal {
    public struct Options: Sendable {
        /// Use colours (off when NO_COLOR is set or the terminal has none).
        public var colors: Bool
        public var mouse: Bool
        public init(colors: Bool = true, mouse: Bool = true) {
            self.colors = colors
            self.mouse = mouse
        }

        /// Colours unless NO_COLOR is set to anything non-empty (https://no-color.org).
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Options {
            Options(colors: (environment["NO_COLOR"] ?? "").isEmpty, mouse: true)
        }
    }

    private var window: UnsafeMutablePointer<WINDOW>?
    private var previous: Screen?
    private var colorsOn = false
    private var attributes: [Style: attr_t] = [:]
    private let options: Options
    public private(set) var isActive = false
    /// False when the locale is not UTF-8: wide characters and box drawing may then show wrongly.
    public private(set) var utf8Locale = true

    public init(options: Options = .fromEnvironment()) {
        self.options = options
    }

    deinit { stop() }

    /// Puts the terminal into the browser's mode: locale first, then initscr, cbreak, noecho, keypad,
    /// a short Esc delay, colours, mouse; signal flags, and a crash handler that restores the terminal.
    public func start() throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        utf8Locale = DisplayWidth.prepareLocale()
        installCrashRestore()
        set_escdelay(25)
        lectern_install_stop_flag()
        guard let screen = initscr() else { throw .cannotStart("initscr failed (is TERM set?)") }
        window = screen
        isActive = true
        cbreak()
        noecho()
        nonl()
        keypad(screen, true)
        intrflush(screen, false)
        curs_set(0)
        inputTimeout = 500
        wtimeout(screen, inputTimeout)
        lectern_install_signal_flags()
        setUpColors()
        if options.mouse {
            let mask = lectern_button1_pressed() | lectern_wheel_up() | lectern_wheel_down()
            _ = mousemask(mmask_t(mask), nil)
            mouseinterval(0)
        }
        previous = nil
    }

    /// Restores the terminal: safe to call more than once.
    public func stop() {
        guard isActive else { return }
        isActive = false
        if options.mouse { _ = mousemask(0, nil) }
        curs_set(1)
        endwin()
    }

    /// The window size now.
    public var size: Size {
        guard let window else { return Size(width: 80, height: 24) }
        return Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
    }

    /// How long `nextInput` waits for a key before it reports `.idle` (500 ms from the start; shorter
    /// while the papers load, so their progress is drawn as it comes).
    public func setInputTimeout(milliseconds: Int) {
        let value = Int32(max(0, min(milliseconds, 60_000)))
        guard let window, value != inputTimeout else { return }
        inputTimeout = value
        wtimeout(window, value)
    }

    private var inputTimeout: Int32 = 500

    /// Waits for the next input (at most the input timeout) and turns it into an Event.
    public func nextInput() -> TerminalInput {
        guard let window else { return .signal(SIGTERM) }
        let signal = lectern_take_signal()
        if signal != 0 { return .signal(signal) }
        if lectern_take_stop() != 0 {
            // Ctrl-Z: the shell's modes back, stop; after `fg`, repaint everything.
            suspended { lectern_stop_now() }
            _ = lectern_take_continued()
            return .event(.resize(size))
        }
        if lectern_take_continued() != 0 {
            // Back from Ctrl-Z: repaint everything.
            previous = nil
            clearok(window, true)
            return .event(.resize(size))
        }
        var character: wint_t = 0
        let status = wget_wch(window, &character)
        let pending = lectern_take_signal()
        if pending != 0 { return .signal(pending) }
        if status == ERR { return lectern_stop_pending() != 0 ? nextInput() : .idle }
        if status == KEY_CODE_YES {
            return functionKey(Int32(bitPattern: character)).map { .event($0) } ?? .idle
        }
        return key(for: character).map { .event(.key($0)) } ?? .idle
    }

    private func functionKey(_ code: Int32) -> Event? {
        switch code {
        case KEY_RESIZE:
            previous = nil
            return .resize(size)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let state = event.bstate
            let kind: Mouse.Kind
            if state & lectern_wheel_up() != 0 { kind = .wheelUp }
            else if lectern_wheel_down() != 0 && state & lectern_wheel_down() != 0 { kind = .wheelDown }
            else if state & (lectern_button1_pressed() | lectern_button1_clicked()) != 0 { kind = .press }
            else { return nil }
            return .mouse(Mouse(kind, x: Int(event.x), y: Int(event.y)))
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BTAB: return .key(.backTab)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        default:
            if code > KEY_F0 && code <= KEY_F0 + 24 { return .key(.function(Int(code - KEY_F0))) }
            return nil
        }
    }

    private func key(for character: wint_t) -> Key? {
        switch character {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(96 + character))))
        default:
            guard let scalar = Unicode.Scalar(character) else { return nil }
            return .char(Character(scalar))
        }
    }

    // MARK: drawing

    /// Draws a screen, writing only the rows that changed since the last frame, and lets ncurses
    /// send the least output.
    public func draw(_ screen: Screen) {
        guard let window else { return }
        let fresh = previous == nil || previous?.size != screen.size
        if fresh { werase(window) }
        for y in 0..<screen.size.height {
            let row = screen.row(y)
            if !fresh, let previous, previous.row(y).elementsEqual(row) { continue }
            drawRow(row, y: y, in: window)
        }
        wnoutrefresh(window)
        doupdate()
        previous = screen
    }

    /// Forgets the last frame so the next draw repaints everything (Ctrl-L).
    public func invalidate() {
        previous = nil
        if let window { clearok(window, true) }
    }

    private func drawRow(_ row: ArraySlice<Cell>, y: Int, in window: UnsafeMutablePointer<WINDOW>) {
        var x = 0
        var run: [wchar_t] = []
        var runStart = 0
        var runStyle: Style = .normal
        func flush() {
            guard !run.isEmpty else { return }
            wattrset(window, Int32(bitPattern: attributes[runStyle] ?? 0))
            run.append(0)
            _ = mvwaddwstr(window, Int32(y), Int32(runStart), run)
            run.removeAll(keepingCapacity: true)
        }
        for cell in row {
            defer { x += 1 }
            if cell.width == 0 { continue }
            if cell.style != runStyle || run.isEmpty {
                flush()
                runStart = x
                runStyle = cell.style
            }
            for scalar in cell.character.unicodeScalars { run.append(wchar_t(bitPattern: scalar.value)) }
        }
        flush()
        wattrset(window, 0)
    }

    /// Runs something that needs the real terminal (an external program), then takes it back.
    public func suspended(_ body: () -> Void) {
        guard let window else { body(); return }
        def_prog_mode()
        endwin()
        body()
        reset_prog_mode()
        previous = nil
        clearok(window, true)
    }

    /// Sends bytes straight to the terminal, e.g. an OSC 52 clipboard sequence.
    public func writeRaw(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    // MARK: colours

    private func setUpColors() {
        let bold = lectern_a_bold(), dim = lectern_a_dim(), reverse = lectern_a_reverse(), underline = lectern_a_underline()
        // Without colour every role still reads: attributes alone.
        var table: [Style: attr_t] = [
            .normal: 0, .dim: dim, .bold: bold, .header: reverse, .headerHint: reverse, .key: reverse | bold,
            .border: 0, .focusedBorder: bold, .paneTitle: bold, .selected: reverse, .selectedUnfocused: underline,
            .saved: bold, .unread: bold, .badge: bold, .highlight: reverse | underline, .status: reverse,
            .error: reverse | bold, .prompt: reverse | bold,
        ]
        colorsOn = false
        if options.colors && has_colors() {
            start_color()
            use_default_colors()
            colorsOn = true
            let pairs: [(Style, Int16, Int16, attr_t)] = [
                (.header, Int16(COLOR_BLACK), Int16(COLOR_CYAN), 0),
                (.headerHint, Int16(COLOR_BLACK), Int16(COLOR_CYAN), 0),
                (.key, Int16(COLOR_BLACK), Int16(COLOR_CYAN), bold),
                (.focusedBorder, Int16(COLOR_CYAN), -1, bold),
                (.paneTitle, Int16(COLOR_CYAN), -1, bold),
                (.selected, Int16(COLOR_BLACK), Int16(COLOR_CYAN), 0),
                (.selectedUnfocused, Int16(COLOR_BLACK), Int16(COLOR_WHITE), 0),
                (.saved, Int16(COLOR_YELLOW), -1, bold),
                (.unread, Int16(COLOR_GREEN), -1, bold),
                (.badge, Int16(COLOR_MAGENTA), -1, 0),
                (.highlight, Int16(COLOR_BLACK), Int16(COLOR_YELLOW), 0),
                (.status, Int16(COLOR_BLACK), Int16(COLOR_WHITE), 0),
                (.error, Int16(COLOR_WHITE), Int16(COLOR_RED), bold),
                (.prompt, Int16(COLOR_BLACK), Int16(COLOR_WHITE), bold),
            ]
            for (number, entry) in pairs.enumerated() {
                let pair = Int16(number + 1)
                init_pair(pair, entry.1, entry.2)
                table[entry.0] = lectern_color_pair(Int32(pair)) | entry.3
            }
        }
        attributes = table
    }
}

// MARK: crash restore

/// Terminal modes from before initscr, put back by the crash handler. Written once before the
/// handlers are installed, read only inside them.
nonisolated(unsafe) private var savedModes = termios()
nonisolated(unsafe) private var haveSavedModes = false

/// A crash must not leave the terminal raw: on a fatal signal, restore the saved modes, switch off
/// mouse reporting and the alternate screen, then let the default action run (SA_RESETHAND).
private func installCrashRestore() {
    haveSavedModes = tcgetattr(STDIN_FILENO, &savedModes) == 0
    for fatal in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            if haveSavedModes { tcsetattr(STDIN_FILENO, TCSANOW, &savedModes) }
            let reset = lectern_reset_sequence()!
            _ = write(STDOUT_FILENO, reset, strlen(reset))
            raise(signal)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
        sigaction(fatal, &action, nil)
    }
    lectern_end_window_at_exit()
}
