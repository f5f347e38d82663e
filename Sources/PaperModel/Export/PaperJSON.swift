import Foundation

/// The JSON shape of a paper in `lectern list --json` and `lectern show --json`.
/// Every key is always present; a missing value is `null` or `[]`.
public struct PaperJSON: Encodable {
    public var paper: Paper
    public var saved: Bool
    public var read: Bool

    public init(paper: Paper, saved: Bool = false, read: Bool = false) {
        self.paper = paper
        self.saved = saved
        self.read = read
    }

    enum Key: String, CodingKey {
        case id, title, authors, authorsTruncated, journal, year, volume, issue, pages, doi, pmid, pmcid
        case abstract, keywords, publicationTypes, diseases, diseasesMentioned, saved, read, source
    }

    enum SourceKey: String, CodingKey { case path, format, line }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(paper.id.rawValue, forKey: .id)
        try c.encode(paper.title, forKey: .title)
        try c.encode(paper.authors, forKey: .authors)
        try c.encode(paper.authorsTruncated, forKey: .authorsTruncated)
        try c.encode(paper.journal, forKey: .journal)
        try c.encode(paper.year, forKey: .year)
        try c.encode(paper.volume, forKey: .volume)
        try c.encode(paper.issue, forKey: .issue)
        try c.encode(paper.pages, forKey: .pages)
        try c.encode(paper.doi, forKey: .doi)
        try c.encode(paper.pmid, forKey: .pmid)
        try c.encode(paper.pmcid, forKey: .pmcid)
        try c.encode(paper.abstract, forKey: .abstract)
        try c.encode(paper.keywords, forKey: .keywords)
        try c.encode(paper.publicationTypes, forKey: .publicationTypes)
        try c.encode(paper.primaryDiseases, forKey: .diseases)
        try c.encode(paper.mentionedDiseases, forKey: .diseasesMentioned)
        try c.encode(saved, forKey: .saved)
        try c.encode(read, forKey: .read)
        var source = c.nestedContainer(keyedBy: SourceKey.self, forKey: .source)
        try source.encode(paper.source.path, forKey: .path)
        try source.encode(paper.source.format.rawValue, forKey: .format)
        try source.encode(paper.source.line, forKey: .line)
    }

    /// Pretty, key-sorted, unescaped slashes: readable and diffable.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

// MARK: Streaming

extension PaperJSON {
    /// Appends the paper as one element of the array `encoder()` makes of `[PaperJSON]`: byte for byte the
    /// same text (keys sorted, two-space indent, `"key" : value`, slashes unescaped), without building a tree.
    /// `first` says whether it opens the array (no comma before it). See `PaperJSONArray`.
    func appendElement(to out: inout JSONText, first: Bool) {
        out.raw(first ? "\n  {\n" : ",\n  {\n")
        out.key("abstract", 2, first: true); out.optional(paper.abstract)
        out.key("authors", 2); out.strings(paper.authors, depth: 2)
        out.key("authorsTruncated", 2); out.bool(paper.authorsTruncated)
        out.key("diseases", 2)
        out.strings(paper.diseases.lazy.filter { $0.role == .primary }.map(\.name), depth: 2)
        out.key("diseasesMentioned", 2)
        out.strings(paper.diseases.lazy.filter { $0.role == .mentioned }.map(\.name), depth: 2)
        out.key("doi", 2); out.optional(paper.doi)
        out.key("id", 2); out.string(paper.id.rawValue)
        out.key("issue", 2); out.optional(paper.issue)
        out.key("journal", 2); out.optional(paper.journal)
        out.key("keywords", 2); out.strings(paper.keywords, depth: 2)
        out.key("pages", 2); out.optional(paper.pages)
        out.key("pmcid", 2); out.optional(paper.pmcid)
        out.key("pmid", 2); out.optional(paper.pmid)
        out.key("publicationTypes", 2); out.strings(paper.publicationTypes, depth: 2)
        out.key("read", 2); out.bool(read)
        out.key("saved", 2); out.bool(saved)
        out.key("source", 2)
        out.raw("{\n")
        out.key("format", 3, first: true); out.string(paper.source.format.rawValue)
        out.key("line", 3); out.optional(paper.source.line)
        out.key("path", 3); out.string(paper.source.path)
        out.raw("\n    }")
        out.key("title", 2); out.string(paper.title)
        out.key("volume", 2); out.optional(paper.volume)
        out.key("year", 2); out.optional(paper.year)
        out.raw("\n  }")
    }
}

/// The JSON array of `lectern list --json`, written a paper at a time: the same bytes as
/// `PaperJSON.encoder().encode([PaperJSON])`, but only the text not yet handed to `flush` is held.
public struct PaperJSONArray {
    private var text = JSONText()
    private var count = 0
    private let flushAt: Int
    private let flush: ([UInt8]) throws -> Void

    /// `flush` is given the text in order, in pieces of about `flushAt` bytes.
    public init(flushAt: Int = 1 << 16, flush: @escaping ([UInt8]) throws -> Void) {
        self.flushAt = flushAt
        self.flush = flush
        text.bytes.reserveCapacity(flushAt + flushAt / 4)
        text.raw("[")
    }

    public mutating func append(_ item: PaperJSON) throws {
        item.appendElement(to: &text, first: count == 0)
        count += 1
        if text.bytes.count >= flushAt { try flushPending() }
    }

    /// Closes the array (and the line, when `newline`) and flushes the rest.
    public mutating func finish(newline: Bool = false) throws {
        text.raw(count == 0 ? "\n\n]" : "\n]")
        if newline { text.raw("\n") }
        try flushPending()
    }

    private mutating func flushPending() throws {
        guard !text.bytes.isEmpty else { return }
        try flush(text.bytes)
        text.bytes.removeAll(keepingCapacity: true)
    }
}

/// Pretty-printed JSON as JSONEncoder writes it (`.prettyPrinted, .withoutEscapingSlashes`): two spaces a level.
extension JSONText {
    mutating func indent(_ depth: Int) {
        for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
    }

    /// `"name" : ` at this depth, after a comma and newline unless it is the object's first key.
    /// The names are plain ASCII and need no escaping.
    mutating func key(_ name: StaticString, _ depth: Int, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")); bytes.append(UInt8(ascii: "\n")) }
        indent(depth)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        raw(" : ")
    }

    mutating func bool(_ value: Bool) { raw(value ? "true" : "false") }

    mutating func optional(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    mutating func optional(_ value: Int?) { raw(value.map { String($0) } ?? "null") }

    /// An array of strings whose key is at `depth`: its elements one level deeper, `[\n\n<indent>]` when empty.
    mutating func strings<S: Sequence<String>>(_ values: S, depth: Int) {
        raw("[\n")
        var first = true
        for value in values {
            if !first { raw(",\n") }
            first = false
            indent(depth + 1)
            string(value)
        }
        bytes.append(UInt8(ascii: "\n"))
        indent(depth)
        bytes.append(UInt8(ascii: "]"))
    }
}
