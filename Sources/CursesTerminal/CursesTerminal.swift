import BrowserUI
import CNcursesw

/// The only place that speaks ncurses.
public enum CursesTerminal {}
