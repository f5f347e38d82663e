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
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Words split on whitespace.
    var wordList: [SubSequence] { split(whereSeparator: { $0.isWhitespace }) }

    var wordCount: Int { wordList.count }

    /// True when the text holds a lower-case letter.
    var hasLowercaseLetters: Bool { contains { $0.isLowercase } }
}

extension String {
    /// Drops trailing periods (not an ellipsis), as titles and journals are compared without them.
    var withoutTrailingPeriod: String {
        var text = trimmed
        while text.hasSuffix(".") && !text.hasSuffix("..") { text.removeLast(); text = text.trimmed }
        return text
    }
}
