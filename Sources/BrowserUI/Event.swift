import Foundation
import PaperModel

/// A key as the browser sees it, whatever terminal it came from.
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Ctrl plus a letter, lowercased: `.ctrl("d")` for Ctrl-D.
    case ctrl(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)
}

/// A mouse event at a screen cell.
public struct Mouse: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case press, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int
    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// Everything that can happen to the browser. The shell turns terminal input and the results of
/// effects into events; `update` turns events into a new state.
public enum Event: Sendable {
    case key(Key)
    case mouse(Mouse)
    case resize(Size)
    case tick
    /// The reading state after the shell applied a change.
    case readingState(any ReadingState)
    /// A change could not be written, or an effect failed: shown in the status line.
    case failure(String)
    /// A brief note for the status line (e.g. "copied").
    case note(String)
    /// How far the background load has gone.
    case loadProgress(LoadProgress)
    /// Papers just read (and tagged) by the background load, not yet merged or indexed.
    case papersArrived([IngestBatch])
    /// The whole corpus, ready: it replaces the papers read so far.
    case loadFinished(LoadedCatalog)
}

/// What `update` asks the shell to do; the shell reports back with events.
public enum Effect: Hashable, Sendable {
    case quit
    case openURL(String)
    /// Copy to the terminal's clipboard (OSC 52).
    case copy(String)
    case setSaved(Paper, Bool)
    case setRead(Paper, Bool)
    case setTags(Paper, [String])
    case setNote(Paper, String?)
    /// Write these papers (the saved ones) to a new file in the working folder.
    case exportSaved([Paper])
    /// Repaint the whole terminal (Ctrl-L).
    case redraw
}
