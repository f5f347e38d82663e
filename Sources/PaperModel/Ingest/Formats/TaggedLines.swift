import Foundation

/// Line-tagged reference formats (MEDLINE, RIS): "TAG - value" lines, continuation lines, records.
enum TaggedLines {
    struct Field: Sendable {
        var tag: String
        var value: String
        var line: Int
    }

    /// The lines of a text, "\r\n" and "\n" alike, keeping empty lines so numbers stay right.
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
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
        return (tag, value.trimmingCharacters(in: .whitespaces))
    }
}
