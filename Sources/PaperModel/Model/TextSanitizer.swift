import Foundation

/// Removes what a terminal would obey rather than show: C0 and C1 control characters, DEL, and
/// whole escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, DCS/APC/PM/SOS strings,
/// two-character `ESC x`). Text read from a file passes through here once, at ingest, so no
/// title can move the cursor, change colours or retitle the window; the browser applies the same
/// rule again when it draws.
public enum TextSanitizer {
    /// One-line text (titles, names, identifiers): controls removed, tabs and line breaks become
    /// one space, runs of spaces they leave are not collapsed beyond that.
    public static func line(_ text: String) -> String {
        clean(text, keepNewlines: false)
    }

    /// Running text (abstracts): as `line`, but line feeds are kept as paragraph breaks.
    public static func paragraphs(_ text: String) -> String {
        clean(text, keepNewlines: true)
    }

    /// A file path for display: each control character shown as `?`, as `ls` does, so the
    /// path keeps its shape and still names the file.
    public static func path(_ text: String) -> String {
        guard needsCleaning(text) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(isControl(scalar) ? "?" : scalar)
        }
        return String(out)
    }

    /// True when the text holds anything `line` would remove or change.
    public static func needsCleaning(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    /// C0 controls (including TAB, LF, CR, ESC), DEL, C1 controls (including the 8-bit CSI).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F)
    }

    static func clean(_ text: String, keepNewlines: Bool) -> String {
        guard needsCleaning(text) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            i += 1
            switch scalar.value {
            case 0x1B:  // ESC: drop the whole sequence it starts
                guard i < scalars.count else { break }
                let kind = scalars[i].value
                switch kind {
                case 0x5B:  // CSI
                    i = endOfCSI(scalars, from: i + 1)
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F:  // OSC, DCS, SOS, PM, APC
                    i = endOfString(scalars, from: i + 1)
                default:
                    // ESC, intermediates 0x20–0x2F, then one final character (unless it is a control).
                    while i < scalars.count, (0x20...0x2F).contains(scalars[i].value) { i += 1 }
                    if i < scalars.count, !isControl(scalars[i]) { i += 1 }
                }
            case 0x9B:  // 8-bit CSI
                i = endOfCSI(scalars, from: i)
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F:  // 8-bit OSC, DCS, SOS, PM, APC
                i = endOfString(scalars, from: i)
            case 0x0A where keepNewlines:
                out.append("\n")
            case 0x0D where keepNewlines:
                // CR LF and a lone CR both become one line feed.
                out.append("\n")
                if i < scalars.count, scalars[i].value == 0x0A { i += 1 }
            case 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0x85:
                if let last = out.last, last != " " && last != "\n" { out.append(" ") }
            default:
                if !isControl(scalar) { out.append(scalar) }
            }
        }
        return String(out)
    }

    /// Index after a CSI sequence starting at `start` (just past `ESC [`): parameter and
    /// intermediate bytes 0x20–0x3F, then one final byte 0x40–0x7E. A malformed sequence
    /// ends before the first character that cannot belong to it.
    private static func endOfCSI(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var i = start
        while i < scalars.count {
            let v = scalars[i].value
            if (0x40...0x7E).contains(v) { return i + 1 }
            if !(0x20...0x3F).contains(v) { return i }
            i += 1
        }
        return i
    }

    /// Index after a control string (OSC, DCS…) ended by BEL, 8-bit ST or `ESC \`;
    /// an unterminated string runs to the end of the line or text.
    private static func endOfString(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var i = start
        while i < scalars.count {
            let v = scalars[i].value
            if v == 0x07 || v == 0x9C { return i + 1 }
            if v == 0x0A || v == 0x0D { return i }
            if v == 0x1B {
                if i + 1 < scalars.count, scalars[i + 1].value == 0x5C { return i + 2 }
                return i + 1
            }
            i += 1
        }
        return i
    }
}

extension Paper {
    /// The paper with control characters and terminal escape sequences removed from every text
    /// field: one-line fields lose line breaks, the abstract keeps them, the source path shows
    /// each control character as `?`. Applied once to every paper in `Ingest.read`.
    public func sanitised() -> Paper {
        var p = self
        p.title = TextSanitizer.line(title)
        p.authors = authors.map(TextSanitizer.line)
        p.journal = journal.map(TextSanitizer.line)
        p.date = date.map(TextSanitizer.line)
        p.volume = volume.map(TextSanitizer.line)
        p.issue = issue.map(TextSanitizer.line)
        p.pages = pages.map(TextSanitizer.line)
        p.doi = doi.map(TextSanitizer.line)
        p.pmid = pmid.map(TextSanitizer.line)
        p.pmcid = pmcid.map(TextSanitizer.line)
        p.abstract = abstract.map(TextSanitizer.paragraphs)
        p.keywords = keywords.map(TextSanitizer.line)
        p.publicationTypes = publicationTypes.map(TextSanitizer.line)
        p.meshTerms = meshTerms.map(TextSanitizer.line)
        p.diseases = diseases.map { DiseaseTag(name: TextSanitizer.line($0.name), role: $0.role) }
        p.source.path = TextSanitizer.path(source.path)
        return p
    }

    /// True when no text field holds a control character (line feeds allowed in the abstract).
    public var isSanitised: Bool {
        let lines = [title] + authors + [journal, date, volume, issue, pages, doi, pmid, pmcid].compactMap { $0 }
            + keywords + publicationTypes + meshTerms + diseases.map(\.name) + [source.path]
        if lines.contains(where: TextSanitizer.needsCleaning) { return false }
        if let abstract, abstract.unicodeScalars.contains(where: { $0 != "\n" && TextSanitizer.isControl($0) }) { return false }
        return true
    }
}
