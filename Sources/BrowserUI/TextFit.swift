import Foundation

/// Measuring, cutting and wrapping text by display columns, and making text from papers safe to show.
/// Every pane goes through these helpers, so no line spills past its pane.
public enum TextFit {
    public static let ellipsis: Character = "…"

    /// Columns a character takes on screen (0 for control characters, which are never drawn).
    public static func width(of character: Character) -> Int {
        if character.isASCII {
            guard let value = character.asciiValue, value >= 0x20, value != 0x7F else { return 0 }
            return 1
        }
        if isControl(character) { return 0 }
        return min(2, DisplayWidth.of(character))
    }

    /// Columns a text takes on screen.
    public static func width(_ text: String) -> Int {
        var total = 0
        for character in text { total += width(of: character) }
        return total
    }

    static func isControl(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return true }
        return isControl(scalar)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0)
            || (0x200B...0x200F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0xFEFF || v == 0x2028 || v == 0x2029
    }

    /// Text from a paper made safe for the screen: escape sequences removed, tabs, newlines and other
    /// control or direction-override characters turned into single spaces, runs of spaces collapsed.
    public static func sanitize(_ text: String) -> String {
        var needsWork = false
        for scalar in text.unicodeScalars where isControl(scalar) { needsWork = true; break }
        if !needsWork && !text.contains("  ") { return text }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var lastWasSpace = false
        func appendSpace() {
            if !lastWasSpace && !out.isEmpty { out.append(" ") }
            lastWasSpace = true
        }
        while let scalar = scalars.next() {
            if scalar == "\u{1B}" {
                // Skip an escape sequence: CSI (ESC [ ... final 0x40–0x7E), OSC (ESC ] ... BEL or ESC \), or ESC + one char.
                guard let next = scalars.next() else { break }
                if next == "[" {
                    while let c = scalars.next(), !(0x40...0x7E).contains(c.value) {}
                } else if next == "]" || next == "P" || next == "_" || next == "^" {
                    var previous: Unicode.Scalar = " "
                    while let c = scalars.next() {
                        if c == "\u{07}" || (previous == "\u{1B}" && c == "\\") { break }
                        previous = c
                    }
                }
                continue
            }
            if scalar == "\u{9B}" { // 8-bit CSI
                while let c = scalars.next(), !(0x40...0x7E).contains(c.value) {}
                continue
            }
            if isControl(scalar) || scalar == " " || scalar == "\u{A0}" {
                if scalar.value == 0x200B || scalar.value == 0xFEFF || (0x200C...0x200F).contains(scalar.value)
                    || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) { continue }
                appendSpace()
                continue
            }
            out.append(scalar)
            lastWasSpace = false
        }
        var result = String(out)
        while result.last == " " { result.removeLast() }
        return result
    }

    /// The text cut to at most `width` columns, ending in "…" when anything was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if self.width(text) <= width { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = self.width(of: character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        while out.last == " " { out.removeLast() }
        out.append(ellipsis)
        return out
    }

    /// The text padded with spaces (or cut with "…") to exactly `width` columns.
    public static func fit(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        let used = self.width(cut)
        return used < width ? cut + String(repeating: " ", count: width - used) : cut
    }

    /// The text right-aligned in `width` columns.
    public static func rightAligned(_ text: String, in width: Int) -> String {
        let cut = truncate(text, to: width)
        let used = self.width(cut)
        return used < width ? String(repeating: " ", count: width - used) + cut : cut
    }

    /// Greedy word wrap by display width; a word longer than the width is broken across lines.
    /// Returns at least one line (empty for empty text).
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [""] }
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = String(word)
            var wordWidth = self.width(word)
            if currentWidth > 0 && currentWidth + 1 + wordWidth <= width {
                current += " " + word
                currentWidth += 1 + wordWidth
                continue
            }
            if currentWidth > 0 {
                lines.append(current)
                current = ""
                currentWidth = 0
            }
            while wordWidth > width {
                var head = ""
                var headWidth = 0
                var rest = Substring(word)
                while let c = rest.first, headWidth + self.width(of: c) <= width {
                    head.append(c)
                    headWidth += self.width(of: c)
                    rest = rest.dropFirst()
                }
                if head.isEmpty { head = String(rest.removeFirst()) } // a wide character in a one-column pane
                lines.append(head)
                word = String(rest)
                wordWidth = self.width(word)
            }
            current = word
            currentWidth = wordWidth
        }
        if currentWidth > 0 || lines.isEmpty { lines.append(current) }
        return lines
    }
}
