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
    private struct FileBody: Codable {
        var version: Int
        var entries: [String: LibraryEntry]
    }

    /// Pretty-printed with sorted keys and a final newline: readable and diffable.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let body = FileBody(version: Self.currentVersion,
                            entries: Dictionary(uniqueKeysWithValues: entries.map { ($0.key.rawValue, $0.value) }))
        // Strings, booleans and arrays of strings always encode.
        let data = (try? encoder.encode(body)) ?? Data()
        return data + Data("\n".utf8)
    }

    /// Reads a saved-state file's bytes. `path` only names the file in errors; `backup` is offered in them.
    public static func decode(_ data: Data, path: String, backup: String? = nil) throws(LibraryError) -> Library {
        let top: Any
        do {
            top = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .corrupt(path: path, detail: "it is not valid JSON (\(Self.describe(error)))", backup: backup)
        }
        guard top is [String: Any] else {
            throw .corrupt(path: path, detail: "it is not a JSON object", backup: backup)
        }
        struct VersionProbe: Decodable { var version: Int? }
        guard let probe = try? JSONDecoder().decode(VersionProbe.self, from: data), let version = probe.version else {
            throw .corrupt(path: path, detail: "it has no \"version\" number", backup: backup)
        }
        if version > currentVersion {
            throw .newerVersion(path: path, found: version, supported: currentVersion, backup: backup)
        }
        guard version >= 1 else {
            throw .corrupt(path: path, detail: "its version \(version) is not one Lectern ever wrote", backup: backup)
        }
        do {
            let body = try JSONDecoder().decode(FileBody.self, from: data)
            return Library(entries: Dictionary(body.entries.map { (PaperID(rawValue: $0.key), $0.value) }, uniquingKeysWith: { a, _ in a }))
        } catch {
            throw .corrupt(path: path, detail: Self.describe(error), backup: backup)
        }
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
