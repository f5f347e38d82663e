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
        let (days, msOfDay) = floorDivide(millis, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let hour = msOfDay / 3_600_000, minute = msOfDay / 60_000 % 60, second = msOfDay / 1000 % 60, ms = msOfDay % 1000
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(ms, 3))Z"
    }

    /// Accepts `yyyy-mm-ddThh:mm:ss[.fff…]Z` fast, and other ISO 8601 forms (offsets) through Foundation.
    public static func parse(_ text: String) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let date = parseUTC(Array(text.utf8)) { return date }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return stamp(date) }
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return stamp(date) }
        return nil
    }

    private static func parseUTC(_ b: [UInt8]) -> Date? {
        guard b.count >= 20, b.last == UInt8(ascii: "Z"), b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int64(b[i] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var millis: Int64 = 0
        if b.count > 20 {
            guard b[19] == UInt8(ascii: "."), b.count > 21 else { return nil }
            // Digits past nanoseconds change nothing a millisecond can show, and would overflow.
            guard (20..<(b.count - 1)).allSatisfy({ b[$0] >= 48 && b[$0] <= 57 }) else { return nil }
            let digits = 20..<min(b.count - 1, 29)
            guard let fraction = number(digits) else { return nil }
            var scaled = Double(fraction)
            for _ in 0..<digits.count { scaled /= 10 }
            millis = Int64((scaled * 1000).rounded())
        } else if b.count != 20 {
            return nil
        }
        let days = days(fromCivil: year, month, day)
        let total = ((days * 24 + hour) * 60 + minute) * 60 + second
        return Date(timeIntervalSince1970: Double(total * 1000 + millis) / 1000)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a >= 0 ? a / b : (a - b + 1) / b
        return (q, a - q * b)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `2026-11-22`
    public static func day(_ date: Date) -> String { String(format(date).prefix(10)) }
}
