import Foundation

/// Line-tagged reference formats (MEDLINE, RIS): "TAG - value" lines, continuation lines, records.
enum TaggedLines {
    struct Field: Sendable {
        var tag: String
        var value: String
        var line: Int
    }

    /// The lines of a text, "\r\n" and "\n" alike, keeping empty lines so numbers stay right.
    /// Split on the bytes of each line break (a break never joins the character after it, so this is
    /// exactly `split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)`, many times faster).
    static func lines(_ text: String) -> [Substring] {
        var result: [Substring] = []
        let utf8 = text.utf8
        let end = utf8.endIndex
        var lineStart = utf8.startIndex
        var i = lineStart
        while i < end {
            let b = utf8[i]
            var next = utf8.index(after: i)
            var isBreak = false
            switch b {
            case 0x0A, 0x0B, 0x0C:
                isBreak = true
            case 0x0D:
                isBreak = true
                if next < end, utf8[next] == 0x0A { next = utf8.index(after: next) }
            case 0xC2:
                if next < end, utf8[next] == 0x85 { isBreak = true; next = utf8.index(after: next) }
            case 0xE2:
                if next < end, utf8[next] == 0x80 {
                    let third = utf8.index(after: next)
                    if third < end, utf8[third] == 0xA8 || utf8[third] == 0xA9 { isBreak = true; next = utf8.index(after: third) }
                }
            default:
                break
            }
            if isBreak {
                result.append(text[lineStart..<i])
                lineStart = next
            }
            i = next
        }
        result.append(text[lineStart..<end])
        return result
    }

    /// `trimmingCharacters(in: .whitespaces)` (spaces, tabs and other space separators at either end),
    /// scalar by scalar without a round trip through NSString. With `newlines`, as `.whitespacesAndNewlines`;
    /// `extra` ASCII characters are trimmed too.
    static func trimmed(_ text: Substring, newlines: Bool = false, extra: String = "") -> String {
        let extraBytes = Array(extra.utf8)
        func trims(_ scalar: Unicode.Scalar) -> Bool {
            if scalar.value < 0x80, extraBytes.contains(UInt8(scalar.value)) { return true }
            if newlines {
                if scalar.value < 0x80 { return scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D) }
                return CharacterSet.whitespacesAndNewlines.contains(scalar)
            }
            return isBlank(scalar)
        }
        let scalars = text.unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, trims(scalars[start]) { start = scalars.index(after: start) }
        while end > start, trims(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    static func trimmed(_ text: String, newlines: Bool = false, extra: String = "") -> String {
        trimmed(Substring(text), newlines: newlines, extra: extra)
    }

    @inline(__always)
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || (scalar.value >= 0x80 && CharacterSet.whitespaces.contains(scalar))
    }

    /// True for an empty line or one of spaces and tabs only.
    static func isBlankLine(_ line: Substring) -> Bool {
        line.utf8.allSatisfy { $0 == 32 || $0 == 9 || $0 == 13 }
    }

    /// Tag and value of a tagged line: 2 to 4 capitals or digits starting with a capital, spaces, a hyphen,
    /// then the value. `maxSpaces` bounds the padding between tag and hyphen.
    static func tagged(_ line: Substring, minTag: Int = 2, maxTag: Int = 4) -> (tag: String, value: String)? {
        var tag = ""
        var index = line.startIndex
        while index < line.endIndex, tag.count <= maxTag {
            let c = line[index]
            guard c.isASCII, c.isUppercase || (c.isNumber && !tag.isEmpty) else { break }
            tag.append(c)
            index = line.index(after: index)
        }
        guard (minTag...maxTag).contains(tag.count) else { return nil }
        var spaces = 0
        while index < line.endIndex, line[index] == " " || line[index] == "\t" {
            spaces += 1
            index = line.index(after: index)
        }
        guard spaces >= 1 || tag.count == 4, spaces <= 4, index < line.endIndex, line[index] == "-" else { return nil }
        index = line.index(after: index)
        let value = line[index...]
        // "AU - Smith" or "ER  -" with nothing after; "TI -text" is not a tag line.
        guard value.isEmpty || value.first == " " || value.first == "\t" else { return nil }
        return (tag, trimmed(value))
    }
}
