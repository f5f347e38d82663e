import CDisplayWidth
import Foundation

/// Terminal columns a text takes, measured with the C library's wcwidth, as ncurses measures it.
/// The process must have called `setlocale(LC_ALL, "")` with a UTF-8 locale (see `DisplayWidth.prepareLocale`).
public enum DisplayWidth {
    /// Sets the locale from the environment, falling back to C.UTF-8 when it is not UTF-8.
    /// Returns false when no UTF-8 locale is available.
    @discardableResult
    public static func prepareLocale() -> Bool {
        if let name = setlocale(LC_ALL, ""), String(cString: name).localizedCaseInsensitiveContains("utf") { return true }
        if let name = setlocale(LC_CTYPE, nil), String(cString: name).localizedCaseInsensitiveContains("utf") { return true }
        return setlocale(LC_ALL, "C.UTF-8") != nil
    }

    /// Columns of one scalar: 0 for combining marks, 2 for wide characters; control characters count 0
    /// (they must be sanitised before display anyway).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        if scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) { return 0 }
        let width = wcwidth(wchar_t(bitPattern: scalar.value))
        return width < 0 ? 1 : Int(width)
    }

    /// Columns of a character (a grapheme cluster): the widths of its scalars.
    public static func of(_ character: Character) -> Int {
        character.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }
}
