import Foundation

/// Finds the author list of a page: the block of name lines under the title (one line, several lines
/// continued by separators, one name a line, or names after "by"), a labelled list, or a catalogue's
/// "Last, First" pairs.
enum PageAuthors {
    /// The author list that starts at line `index`, and the line after it.
    static func block(_ lines: [String], at index: Int) -> (result: AuthorLine.Result, end: Int)? {
        let line = lines[index]
        if line.lowercased() == "by" {
            var parts: [String] = []
            var cursor = index + 1
            while cursor < lines.count {
                let next = lines[cursor]
                if next.isEmpty { cursor += 1; continue }
                if next.wordCount > 6 || PageSections.affiliation.contains(next) { break }
                parts.append(next)
                cursor += 1
            }
            guard let result = AuthorLine.parse(parts.joined(separator: " "), allowSingle: true) else { return nil }
            return (result, cursor)
        }
        if let result = AuthorLine.parse(line) {
            return extend(lines, from: index, with: result)
        }
        if let single = AuthorLine.parse(line, allowSingle: true), single.names.count == 1, line.wordCount <= 8 {
            // One name a line ("• Lena Okafor Brandt a ,"), or one name above a longer list.
            var names = single.names
            var cursor = index + 1
            var end = index + 1
            var open = line.hasSuffix(",")
            while cursor < lines.count {
                let next = lines[cursor]
                if next.isEmpty || PageBoilerplate.isBoilerplate(next) { cursor += 1; continue }
                // A name's pop-up (its affiliation) sits between names while the list goes on.
                if open, PageSections.affiliation.contains(next) { cursor += 1; continue }
                open = next.hasSuffix(",") || (open && AuthorLine.parse(next, allowSingle: true) != nil && !names.isEmpty && next.wordCount <= 4 && names.contains(next))
                if let more = AuthorLine.parse(next, allowSingle: true), next.wordCount <= 12 || more.names.count >= 2 {
                    names += more.names
                    cursor += 1
                    end = cursor
                    if more.names.count >= 2 { break }
                    continue
                }
                break
            }
            guard names.count >= 2 else { return nil }
            return (AuthorLine.Result(names: AuthorLine.clean(names), truncated: single.truncated), end)
        }
        if line.wordCount >= 6, let prefix = AuthorLine.parsePrefix(line) {
            return (prefix, index + 1)
        }
        return nil
    }

    /// An author line continued on the next lines: a line ending in a separator, or a next line that
    /// starts with one or is itself names.
    private static func extend(_ lines: [String], from index: Int, with first: AuthorLine.Result) -> (result: AuthorLine.Result, end: Int) {
        var text = lines[index]
        var cursor = index + 1
        var end = index + 1
        var blanks = 0
        while cursor < lines.count {
            let next = lines[cursor]
            if next.isEmpty {
                blanks += 1
                if blanks > 2 { break }
                cursor += 1
                continue
            }
            let open = endsWithSeparator(text) || startsWithSeparator(next)
            let names = AuthorLine.parse(next, allowSingle: true)
            if names == nil && !(open && isMarkerOnly(next)) {
                if open, let group = AuthorLine.parse(text + " " + next) { _ = group; end = cursor + 1; text += " " + next }
                break
            }
            guard open || (names?.names.count ?? 0) >= 2 else { break }
            text += " " + next
            cursor += 1
            end = cursor
            blanks = 0
        }
        let result = AuthorLine.parse(text) ?? first
        return (result, end)
    }

    private static func endsWithSeparator(_ text: String) -> Bool {
        let trimmed = text.trimmed
        guard let last = trimmed.last else { return false }
        return ",|;&".contains(last) || trimmed.hasSuffix(" and")
    }

    private static func startsWithSeparator(_ text: String) -> Bool {
        guard let first = text.first else { return false }
        return ",|;&".contains(first) || text.hasPrefix("and ")
    }

    private static func isMarkerOnly(_ text: String) -> Bool {
        text.allSatisfy { $0.isNumber || ",|;*† ".contains($0) }
    }

    /// Authors under a label: "Main Authors: Halvorsen, Ingrid, Mbeki, Samuel T." (catalogue pairs),
    /// "Author:" followed by names split over lines, "Authors: A, B and C".
    static func labelled(_ lines: [String], before end: Int) -> AuthorLine.Result? {
        for (index, line) in lines.prefix(end).enumerated() {
            guard let match = authorLabel.firstMatch(in: line) else { continue }
            var text = (match["rest"] ?? "").trimmed
            if text.isEmpty {
                var cursor = index + 1
                var parts: [String] = []
                while cursor < lines.count, parts.count < 60 {
                    let next = lines[cursor]
                    if fieldLabel.contains(next) || PageBoilerplate.isBoilerplate(next) || next.lowercased().hasPrefix("author information") { break }
                    if !next.isEmpty { parts.append(next) }
                    cursor += 1
                }
                text = parts.joined(separator: " ")
            }
            if let result = AuthorLine.parse(text, allowSingle: true) { return result }
            if let pairs = AuthorLine.parseInvertedPairs(text), !pairs.isEmpty {
                return AuthorLine.Result(names: pairs, truncated: false)
            }
        }
        return nil
    }

    private static let authorLabel = PagePattern(
        #"^(?:main\s+)?(?:authors?|autores?|autor\(es\)|auteurs?|autoren|作者|著者)\s*[:：]\s*(?<rest>.*)$"#, caseInsensitive: true)
    private static let fieldLabel = PagePattern(#"^[A-Z][A-Za-z ]{1,30}:"#)
}
