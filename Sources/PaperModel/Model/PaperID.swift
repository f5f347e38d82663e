import Foundation

/// The stable key of a paper, used by dedupe and by the saved state.
public struct PaperID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(doi: String?, pmid: String?, title: String) {
        if let doi = doi.flatMap(PaperID.normalisedDOI) {
            rawValue = "doi:" + doi
        } else if let pmid = pmid.map(PaperID.trimmedSpaces), !pmid.isEmpty {
            rawValue = "pmid:" + pmid
        } else {
            rawValue = "title:" + PaperID.hash(TextNormalizer.titleKey(title))
        }
    }

    public var description: String { rawValue }
    public static func < (a: PaperID, b: PaperID) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Lowercased DOI without a resolver prefix or trailing punctuation; nil when it is not a DOI.
    public static func normalisedDOI(_ doi: String) -> String? {
        if let ascii = asciiNormalisedDOI(doi) { return ascii }
        var text = doi.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"] where text.hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        while let last = text.last, ".,;".contains(last) { text.removeLast() }
        return text.hasPrefix("10.") && text.contains("/") ? text : nil
    }

    /// `normalisedDOI` of an ASCII text, byte by byte (the same steps, without Foundation);
    /// nil (rather than an optional) when the text is not ASCII.
    static func asciiNormalisedDOI(_ doi: String) -> String?? {
        var doi = doi
        return doi.withUTF8 { bytes -> String?? in
            var lo = 0, hi = bytes.count
            for b in bytes where b >= 0x80 { return nil }
            @inline(__always) func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
            while lo < hi, blank(bytes[lo]) || (bytes[lo] >= 0x0A && bytes[lo] <= 0x0D) { lo += 1 }
            while hi > lo, blank(bytes[hi - 1]) || (bytes[hi - 1] >= 0x0A && bytes[hi - 1] <= 0x0D) { hi -= 1 }
            var text = bytes[lo..<hi].map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 | 0x20 : $0 }
            for prefix in PaperID.doiPrefixes where text.starts(with: prefix) {
                var start = prefix.count, end = text.count
                while start < end, blank(text[start]) { start += 1 }
                while end > start, blank(text[end - 1]) { end -= 1 }
                text = Array(text[start..<end])
            }
            while let last = text.last, last == 0x2E || last == 0x2C || last == 0x3B { text.removeLast() }
            guard text.starts(with: [0x31, 0x30, 0x2E]), text.contains(0x2F) else { return .some(nil) }
            return .some(String(decoding: text, as: UTF8.self))
        }
    }

    static let doiPrefixes = ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"]
        .map { Array($0.utf8) }

    /// The text without leading and trailing spaces and tabs (`.whitespaces`), ASCII byte by byte.
    static func trimmedSpaces(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        if !blank(first) && !blank(last) && first < 0x80 && last < 0x80 { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// FNV-1a, 64 bit: stable across runs and platforms, unlike Swift's seeded Hasher.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
