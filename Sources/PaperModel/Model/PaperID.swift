import Foundation

/// The stable key of a paper, used by dedupe and by the saved state.
public struct PaperID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(doi: String?, pmid: String?, title: String) {
        if let doi = doi.flatMap(PaperID.normalisedDOI) {
            rawValue = "doi:" + doi
        } else if let pmid = pmid?.trimmingCharacters(in: .whitespaces), !pmid.isEmpty {
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
        var text = doi.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        for prefix in ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"] where text.hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        while let last = text.last, ".,;".contains(last) { text.removeLast() }
        return text.hasPrefix("10.") && text.contains("/") ? text : nil
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
