import Foundation

/// The paper a change is about: its id and the facts copied into the entry.
public struct LibraryPaperRef: Hashable, Sendable {
    public var id: PaperID
    /// nil when the paper is known by id alone (its file is not loaded): the entry keeps what it had.
    public var title: String?
    public var doi: String?
    public var pmid: String?
    public var firstAuthor: String?

    public init(id: PaperID, title: String? = nil, doi: String? = nil, pmid: String? = nil, firstAuthor: String? = nil) {
        self.id = id
        self.title = title
        self.doi = doi
        self.pmid = pmid
        self.firstAuthor = firstAuthor
    }

    public init(paper: Paper) {
        self.init(id: paper.id, title: paper.title, doi: paper.doi, pmid: paper.pmid, firstAuthor: paper.authors.first)
    }
}

/// One thing the reader did, with the time they did it.
public struct LibraryChange: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case saved(Bool)
        case read(Bool)
        /// Replaces the tags; blanks and repeats are dropped.
        case tags([String])
        /// Adds tags to those the entry has.
        case addTags([String])
        /// Replaces the note; nil or blank removes it.
        case note(String?)
    }

    public var paper: LibraryPaperRef
    public var kind: Kind
    public var madeAt: Date

    public init(_ kind: Kind, paper: LibraryPaperRef, at madeAt: Date) {
        self.paper = paper
        self.kind = kind
        self.madeAt = LibraryTime.stamp(madeAt)
    }
}

/// Saved papers, read marks, notes and tags: the content of the saved-state file.
///
/// A value: changes are applied with `apply(_:)`, which lets the newest change to an entry win, so the same
/// changes applied on top of another process's newer file merge instead of overwriting it.
public struct Library: ReadingState, Hashable, Sendable {
    /// The schema this build writes and the newest it reads.
    public static let currentVersion = 1
    /// Tombstones older than this are dropped when the file is written.
    public static let tombstoneLifetime: TimeInterval = 180 * 24 * 3600

    public var entries: [PaperID: LibraryEntry]

    public init(entries: [PaperID: LibraryEntry] = [:]) { self.entries = entries }

    // MARK: ReadingState

    public func isSaved(_ id: PaperID) -> Bool { entries[id]?.isSaved ?? false }
    public func isRead(_ id: PaperID) -> Bool { entries[id]?.read ?? false }
    public func tags(of id: PaperID) -> [String] { entries[id]?.tags ?? [] }
    public func note(of id: PaperID) -> String? { entries[id]?.note }
    public var knownIDs: [PaperID]? { Array(entries.keys) }

    // MARK: Changes

    /// Applies a change unless the entry was changed after it was made (the newest change wins).
    /// Returns whether it was applied.
    @discardableResult
    public mutating func apply(_ change: LibraryChange) -> Bool {
        let id = change.paper.id
        var entry = entries[id] ?? LibraryEntry(updatedAt: .distantPast)
        guard entry.updatedAt <= change.madeAt else { return false }
        let ref = change.paper
        if let title = ref.title, !title.isEmpty { entry.title = title }
        if let doi = ref.doi { entry.doi = doi }
        if let pmid = ref.pmid { entry.pmid = pmid }
        if let author = ref.firstAuthor { entry.firstAuthor = author }
        switch change.kind {
        case .saved(true):
            if entry.savedAt == nil { entry.savedAt = change.madeAt }
        case .saved(false):
            entry.savedAt = nil
        case .read(true):
            if !entry.read {
                entry.read = true
                entry.readAt = change.madeAt
            }
        case .read(false):
            entry.read = false
            entry.readAt = nil
        case .tags(let tags):
            entry.tags = Self.cleanTags(tags)
        case .addTags(let tags):
            entry.tags = Self.cleanTags(entry.tags + tags)
        case .note(let note):
            let text = note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            entry.note = text.isEmpty ? nil : text
        }
        entry.updatedAt = change.madeAt
        entries[id] = entry
        return true
    }

    /// Trimmed, blanks dropped, repeats (ignoring case) dropped, order kept.
    public static func cleanTags(_ tags: [String]) -> [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for tag in tags {
            let text = TextNormalizer.collapseWhitespace(tag)
            guard !text.isEmpty, seen.insert(text.lowercased()).inserted else { continue }
            out.append(text)
        }
        return out
    }

    /// Drops tombstones last changed before `date`.
    public mutating func dropTombstones(before date: Date) {
        entries = entries.filter { !$0.value.isTombstone || $0.value.updatedAt >= date }
    }

    // MARK: Queries

    /// Saved entries, most recently saved first.
    public var savedEntries: [(id: PaperID, entry: LibraryEntry)] {
        entries.compactMap { id, entry in entry.isSaved ? (id, entry) : nil }
            .sorted { a, b in
                let (x, y) = (a.entry.savedAt ?? .distantPast, b.entry.savedAt ?? .distantPast)
                return x != y ? x > y : a.id < b.id
            }
    }

    /// The entry's id for what a user typed: a full id, a DOI (bare or as a URL) or a PMID.
    public func resolve(_ key: String) -> PaperID? {
        let key = key.trimmingCharacters(in: .whitespaces)
        let exact = PaperID(rawValue: key)
        if entries[exact] != nil { return exact }
        if let doi = PaperID.normalisedDOI(key) {
            let id = PaperID(rawValue: "doi:" + doi)
            if entries[id] != nil { return id }
            return entries.first { $0.value.doi.flatMap(PaperID.normalisedDOI) == doi }?.key
        }
        let pmid = key.lowercased().hasPrefix("pmid:") ? String(key.dropFirst(5)).trimmingCharacters(in: .whitespaces) : key
        if !pmid.isEmpty, pmid.allSatisfy(\.isNumber) {
            let id = PaperID(rawValue: "pmid:" + pmid)
            if entries[id] != nil { return id }
            return entries.first { $0.value.pmid == pmid }?.key
        }
        return nil
    }

    /// A reference to a paper by what a user typed, when it has the form of a DOI or PMID id:
    /// lets a paper be saved by id while its file is not at hand.
    public static func idForm(_ key: String) -> PaperID? {
        let key = key.trimmingCharacters(in: .whitespaces)
        if let doi = PaperID.normalisedDOI(key) { return PaperID(rawValue: "doi:" + doi) }
        if key.lowercased().hasPrefix("pmid:") {
            let pmid = String(key.dropFirst(5)).trimmingCharacters(in: .whitespaces)
            if !pmid.isEmpty, pmid.allSatisfy(\.isASCII), pmid.allSatisfy(\.isNumber) { return PaperID(rawValue: "pmid:" + pmid) }
        }
        return nil
    }
}

// MARK: - The file format

extension Library {
    /// Pretty-printed with sorted keys and a final newline: readable and diffable. Written by hand (the same
    /// layout as JSONEncoder's pretty printing, `[]` for no tags) because this runs on every change and
    /// the file grows with every paper read.
    public func encoded() -> Data {
        var out = JSONText()
        out.raw("{\n  \"entries\" : {")
        let ids = entries.keys.sorted()
        for (index, id) in ids.enumerated() {
            let entry = entries[id]!
            out.raw(index == 0 ? "\n    " : ",\n    ")
            out.string(id.rawValue)
            out.raw(" : {\n")
            out.field("doi", entry.doi, last: false)
            out.field("firstAuthor", entry.firstAuthor, last: false)
            out.field("note", entry.note, last: false)
            out.field("pmid", entry.pmid, last: false)
            out.field("read", entry.read ? "true" : "false", quoted: false, last: false)
            out.field("readAt", entry.readAt.map(LibraryTime.format), last: false)
            out.field("savedAt", entry.savedAt.map(LibraryTime.format), last: false)
            out.raw("      \"tags\" : ")
            if entry.tags.isEmpty {
                out.raw("[]")
            } else {
                out.raw("[")
                for (n, tag) in entry.tags.enumerated() {
                    out.raw(n == 0 ? "\n        " : ",\n        ")
                    out.string(tag)
                }
                out.raw("\n      ]")
            }
            out.raw(",\n")
            out.field("title", entry.title, last: false)
            out.field("updatedAt", LibraryTime.format(entry.updatedAt), last: true)
            out.raw("    }")
        }
        out.raw(ids.isEmpty ? "},\n" : "\n  },\n")
        out.raw("  \"version\" : \(Self.currentVersion)\n}\n")
        return Data(out.bytes)
    }

    /// Reads a saved-state file's bytes. `path` only names the file in errors; `backup` is offered in them.
    public static func decode(_ data: Data, path: String, backup: String? = nil) throws(LibraryError) -> Library {
        struct Incoming: Decodable {
            var version: Int?
            var entries: [String: LibraryEntry]?
        }
        let body: Incoming
        do {
            body = try JSONDecoder().decode(Incoming.self, from: data)
        } catch {
            // The slow path, only for a bad file: say whether it is JSON at all, and whether it is from a newer build.
            let top: Any
            do {
                top = try JSONSerialization.jsonObject(with: data)
            } catch {
                throw .corrupt(path: path, detail: "it is not valid JSON (\(Self.describe(error)))", backup: backup)
            }
            guard let object = top as? [String: Any] else {
                throw .corrupt(path: path, detail: "it is not a JSON object", backup: backup)
            }
            if let version = (object["version"] as? NSNumber)?.intValue, version > currentVersion {
                throw .newerVersion(path: path, found: version, supported: currentVersion, backup: backup)
            }
            if case DecodingError.typeMismatch(_, let context) = error, context.codingPath.map(\.stringValue) == ["version"] {
                throw .corrupt(path: path, detail: "it has no \"version\" number", backup: backup)
            }
            throw .corrupt(path: path, detail: Self.describe(error), backup: backup)
        }
        guard let version = body.version else {
            throw .corrupt(path: path, detail: "it has no \"version\" number", backup: backup)
        }
        if version > currentVersion {
            throw .newerVersion(path: path, found: version, supported: currentVersion, backup: backup)
        }
        guard version >= 1 else {
            throw .corrupt(path: path, detail: "its version \(version) is not one Lectern ever wrote", backup: backup)
        }
        guard let entries = body.entries else {
            throw .corrupt(path: path, detail: "it has no \"entries\" object", backup: backup)
        }
        var library = Library()
        library.entries.reserveCapacity(entries.count)
        for (key, entry) in entries { library.entries[PaperID(rawValue: key)] = entry }
        return library
    }

    /// A decoding error as one readable phrase: where in the file and what is wrong.
    static func describe(_ error: Error) -> String {
        func place(_ path: [CodingKey]) -> String {
            path.isEmpty ? "at the top" : "at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "\(place(context.codingPath)): \"\(key.stringValue)\" is missing"
        case DecodingError.typeMismatch(let type, let context):
            return "\(place(context.codingPath)): expected \(type)"
        case DecodingError.valueNotFound(let type, let context):
            return "\(place(context.codingPath)): expected \(type), found null"
        case DecodingError.dataCorrupted(let context):
            return "\(place(context.codingPath)): \(context.debugDescription)"
        default:
            let nsError = error as NSError
            if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
            return nsError.localizedDescription
        }
    }
}

/// A JSON text being written.
struct JSONText {
    var bytes: [UInt8] = []

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// A quoted string, escaped as RFC 8259 requires (and as JSONEncoder does): `"` and `\\`, \b \f \n \r \t,
    /// other bytes below 0x20 as \u00xx; other characters as UTF-8, `/` as is. Runs needing no escape are
    /// found eight bytes at a time and copied whole.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            let count = utf8.count
            var mark = 0, i = 0
            while i < count {
                while i + 8 <= count, !Self.mayNeedEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) { i += 8 }
                let stop = min(count, i + 8)
                while i < stop, !Self.needsEscape(utf8[i]) { i += 1 }
                guard i < stop else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<i]))
                switch utf8[i] {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                case 0x08: raw("\\b")
                case 0x0C: raw("\\f")
                default:
                    let hex = String(utf8[i], radix: 16)
                    raw("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                }
                i += 1
                mark = i
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    @inline(__always)
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Whether any of eight bytes is below 0x20, `"` or `\\` (never false when one is; the exact byte is
    /// then found one at a time).
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let below = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote, zeroBackslash = (backslash &- ones) & ~backslash
        return (below | zeroQuote | zeroBackslash) & highs != 0
    }

    /// `      "key" : value,` at an entry's indentation; nil as null.
    mutating func field(_ key: String, _ value: String?, quoted: Bool = true, last: Bool) {
        raw("      \"\(key)\" : ")
        if let value { quoted ? string(value) : raw(value) } else { raw("null") }
        raw(last ? "\n" : ",\n")
    }
}
