import Foundation

/// What the saved-state file holds for one paper, keyed by its `PaperID`.
///
/// The copy of title, DOI, PMID and first author keeps a bookmark meaningful when the paper's file is gone.
/// An entry with nothing left in it (not saved, not read, no note, no tags) is a tombstone: it stays for a while
/// so that an older change from another process cannot bring the paper back.
public struct LibraryEntry: Hashable, Sendable {
    public var title: String
    public var doi: String?
    public var pmid: String?
    public var firstAuthor: String?
    /// When the paper was saved; nil when it is not saved.
    public var savedAt: Date?
    public var read: Bool
    public var readAt: Date?
    public var note: String?
    public var tags: [String]
    /// The time of the last change to this entry: the newest change wins when processes merge.
    public var updatedAt: Date

    public init(
        title: String = "",
        doi: String? = nil,
        pmid: String? = nil,
        firstAuthor: String? = nil,
        savedAt: Date? = nil,
        read: Bool = false,
        readAt: Date? = nil,
        note: String? = nil,
        tags: [String] = [],
        updatedAt: Date
    ) {
        self.title = title
        self.doi = doi
        self.pmid = pmid
        self.firstAuthor = firstAuthor
        self.savedAt = savedAt
        self.read = read
        self.readAt = readAt
        self.note = note
        self.tags = tags
        self.updatedAt = updatedAt
    }

    public var isSaved: Bool { savedAt != nil }

    /// Nothing is recorded any more; kept only so a removal wins over an older change.
    public var isTombstone: Bool { savedAt == nil && !read && note == nil && tags.isEmpty }
}

extension LibraryEntry: Codable {
    enum Key: String, CodingKey {
        case title, doi, pmid, firstAuthor, savedAt, read, readAt, note, tags, updatedAt
    }

    /// Lenient: only `updatedAt` is required, so a hand-edited entry still loads.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
        doi = try c.decodeIfPresent(String.self, forKey: .doi)
        pmid = try c.decodeIfPresent(String.self, forKey: .pmid)
        firstAuthor = try c.decodeIfPresent(String.self, forKey: .firstAuthor)
        savedAt = try Self.decodeDate(c, .savedAt)
        read = try c.decodeIfPresent(Bool.self, forKey: .read) ?? false
        readAt = try Self.decodeDate(c, .readAt)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        guard let updated = try Self.decodeDate(c, .updatedAt) else {
            throw DecodingError.keyNotFound(Key.updatedAt, .init(codingPath: c.codingPath, debugDescription: "updatedAt is missing"))
        }
        updatedAt = updated
    }

    /// Every key is written, absent values as null, so files diff cleanly.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(title, forKey: .title)
        try c.encode(doi, forKey: .doi)
        try c.encode(pmid, forKey: .pmid)
        try c.encode(firstAuthor, forKey: .firstAuthor)
        try c.encode(savedAt.map(LibraryTime.format), forKey: .savedAt)
        try c.encode(read, forKey: .read)
        try c.encode(readAt.map(LibraryTime.format), forKey: .readAt)
        try c.encode(note, forKey: .note)
        try c.encode(tags, forKey: .tags)
        try c.encode(LibraryTime.format(updatedAt), forKey: .updatedAt)
    }

    private static func decodeDate(_ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> Date? {
        guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = LibraryTime.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\"\(text)\" is not an ISO 8601 time")
        }
        return date
    }
}

/// ISO 8601 times with milliseconds, exact on a round trip through the file.
public enum LibraryTime {
    /// The date rounded to the millisecond, as the file stores it.
    public static func stamp(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// `2026-11-22T00:14:55.123Z`
    public static func format(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let fraction = millis - seconds * 1000
        let whole = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(Date.ISO8601FormatStyle())
        let digits = String(fraction)
        return String(whole.dropLast()) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// Accepts times with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return stamp(date) }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return stamp(date) }
        return nil
    }

    /// `2026-11-22`
    public static func day(_ date: Date) -> String { String(format(date).prefix(10)) }
}
