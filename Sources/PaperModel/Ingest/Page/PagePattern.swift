import Foundation

/// A regular expression compiled once, with the small API the page reader needs.
/// Patterns are literals written in this module, so a failure to compile is a programming error.
struct PagePattern: @unchecked Sendable {
    let regex: NSRegularExpression

    init(_ pattern: String, caseInsensitive: Bool = false) {
        var options: NSRegularExpression.Options = [.anchorsMatchLines]
        if caseInsensitive { options.insert(.caseInsensitive) }
        do {
            regex = try NSRegularExpression(pattern: pattern, options: options)
        } catch {
            preconditionFailure("bad page pattern \(pattern): \(error)")
        }
    }

    func firstMatch(in text: String) -> PageMatch? {
        let ns = text as NSString
        guard let result = regex.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return PageMatch(text: ns, result: result)
    }

    func matches(in text: String) -> [PageMatch] {
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { PageMatch(text: ns, result: $0) }
    }

    func contains(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)) != nil
    }

    func replacing(in text: String, with template: String) -> String {
        regex.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: (text as NSString).length), withTemplate: template)
    }
}

/// One match: whole text and capture groups by number or name.
struct PageMatch {
    let text: NSString
    let result: NSTextCheckingResult

    var range: NSRange { result.range }
    var value: String { text.substring(with: result.range) }
    /// Text before the match.
    var before: String { text.substring(to: result.range.location) }
    /// Text after the match.
    var after: String { text.substring(from: result.range.location + result.range.length) }

    subscript(_ index: Int) -> String? {
        guard index < result.numberOfRanges else { return nil }
        let range = result.range(at: index)
        return range.location == NSNotFound ? nil : text.substring(with: range)
    }

    subscript(_ name: String) -> String? {
        let range = result.range(withName: name)
        return range.location == NSNotFound ? nil : text.substring(with: range)
    }
}

extension StringProtocol {
    /// Trimmed of whitespace and newlines.
    var trimmed: String { pageTrim(Substring(self)) }

    /// Words split on whitespace.
    var wordList: [SubSequence] { split(whereSeparator: { $0.isWhitespace }) }

    /// Words counted in one pass, without splitting.
    var wordCount: Int {
        var count = 0
        var inWord = false
        for scalar in unicodeScalars {
            if scalar.isFastWhitespace {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

    /// True when the text holds four digits that read as a year 1900–2099.
    var containsYear: Bool {
        var run = 0
        var first: UInt32 = 0, second: UInt32 = 0
        for scalar in unicodeScalars {
            let v = scalar.value
            if v >= 48 && v <= 57 {
                if run == 0 { first = v } else if run == 1 { second = v }
                run += 1
                if run == 4 && ((first == 49 && second == 57) || (first == 50 && second == 48)) { return true }
            } else {
                run = 0
            }
        }
        return false
    }

    /// True when the text holds a lower-case letter.
    var hasLowercaseLetters: Bool { contains { $0.isLowercase } }
}

/// Whitespace trimmed from both ends; ASCII ends are decided on bytes, anything else by Foundation.
func pageTrim(_ text: Substring) -> String {
    let bytes = text.utf8
    var start = bytes.startIndex
    var end = bytes.endIndex
    func space(_ byte: UInt8) -> Bool { byte == 32 || (byte >= 9 && byte <= 13) }
    while start < end, space(bytes[start]) { start = bytes.index(after: start) }
    while start < end {
        let before = bytes.index(before: end)
        guard space(bytes[before]) else { break }
        end = before
    }
    let core = text[start..<end]
    if let first = core.utf8.first, let last = core.utf8.last, first < 0x80, last < 0x80 { return String(core) }
    return core.trimmingCharacters(in: .whitespacesAndNewlines)
}

extension Unicode.Scalar {
    /// Whitespace, with the ASCII cases decided without a property lookup.
    var isFastWhitespace: Bool {
        if value < 128 { return value == 32 || (value >= 9 && value <= 13) }
        return properties.isWhitespace
    }
}

extension String {
    /// Drops trailing periods (not an ellipsis), as titles and journals are compared without them.
    var withoutTrailingPeriod: String {
        var text = trimmed
        while text.hasSuffix(".") && !text.hasSuffix("..") { text.removeLast(); text = text.trimmed }
        return text
    }
}
