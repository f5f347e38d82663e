import Foundation

/// Folding shared by dedupe, search and the query language: one notion of "the same words".
public enum TextNormalizer {
    /// Case- and accent-insensitive form of a text.
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// Folded words of a text: letters and digits only.
    public static func words(_ text: String) -> [String] {
        fold(text).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// The key two titles share when they name the same paper: folded words joined by one space.
    public static func titleKey(_ title: String) -> String {
        words(title).joined(separator: " ")
    }

    /// Collapses runs of whitespace (including non-breaking spaces) into one space and trims.
    public static func collapseWhitespace(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
