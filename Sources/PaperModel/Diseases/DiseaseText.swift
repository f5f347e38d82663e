import Foundation

/// A word of a text as the disease tagger sees it.
struct DiseaseToken: Sendable {
    /// The letters and digits as written (case kept), apostrophes dropped.
    var raw: String
    /// Folded and normalised: lowercase, no accents, British spellings and plurals folded.
    var key: String
    /// A sentence or clause boundary (. : ; ! ? brackets, a blank line) lies between this token and the previous one.
    var breakBefore = false
    /// A comma lies between this token and the previous one.
    var commaBefore = false
    /// An opening bracket lies right before this token.
    var openBefore = false
    /// A closing bracket, comma or semicolon lies right after this token.
    var closeAfter = false
    /// A sentence end (. ! ? or a blank line) lies between this token and the previous one.
    var sentenceBefore = false

    var isCapitalized: Bool { raw.unicodeScalars.first.map { CharacterSet.uppercaseLetters.contains($0) } ?? false }
    var isAllUppercaseWord: Bool {
        raw.count >= 2 && raw.unicodeScalars.allSatisfy { CharacterSet.uppercaseLetters.contains($0) }
    }
}

/// Splits text into disease tokens in one pass, and folds words the same way for the vocabulary.
enum DiseaseText {
    static func tokens(_ text: String) -> [DiseaseToken] {
        var result: [DiseaseToken] = []
        result.reserveCapacity(text.utf8.count / 6)
        var current = String.UnicodeScalarView()
        var separator = Separator()
        let scalars = Array(text.unicodeScalars)
        var index = 0

        func flush() {
            guard !current.isEmpty else { return }
            let raw = String(current)
            var token = DiseaseToken(raw: raw, key: key(raw))
            if separator.period && !separator.otherBreak, let previous = result.last, nonBreakingBeforePeriod.contains(previous.raw) {
                // "graft-vs.-host", "et al. reported": the period ends an abbreviation, not a sentence.
                separator.hardBreak = separator.newlines >= 2
                separator.sentenceEnd = separator.newlines >= 2
            }
            token.breakBefore = separator.hardBreak
            token.commaBefore = separator.comma
            token.openBefore = separator.opensBracket
            token.sentenceBefore = separator.sentenceEnd
            if !result.isEmpty, separator.closesBracket || separator.comma || separator.semicolon {
                result[result.count - 1].closeAfter = true
            }
            result.append(token)
            current = String.UnicodeScalarView()
            separator = Separator()
        }

        while index < scalars.count {
            let scalar = scalars[index]
            if isIdeograph(scalar) {
                flush()
                current.append(scalar)
                flush()
            } else if isWordScalar(scalar) {
                current.append(scalar)
            } else if (scalar == "'" || scalar == "\u{2019}") && !current.isEmpty
                        && index + 1 < scalars.count && isWordScalar(scalars[index + 1]) && !isIdeograph(scalars[index + 1]) {
                // "Parkinson's", "Crohn’s": the apostrophe joins.
            } else {
                flush()
                separator.add(scalar)
            }
            index += 1
        }
        flush()
        if separator.closesBracket || separator.comma || separator.semicolon, !result.isEmpty {
            result[result.count - 1].closeAfter = true
        }
        return result
    }

    struct Separator {
        var hardBreak = false, comma = false, opensBracket = false, closesBracket = false, semicolon = false
        var sentenceEnd = false
        var period = false, otherBreak = false
        var newlines = 0

        mutating func add(_ scalar: Unicode.Scalar) {
            switch scalar {
            case ".":
                hardBreak = true; sentenceEnd = true; period = true
            case "!", "?", "。", "！", "？":
                hardBreak = true; sentenceEnd = true; otherBreak = true
            case ":", "|", "\"", "“", "”", "：", "；":
                hardBreak = true; otherBreak = true
            case ";":
                hardBreak = true; semicolon = true; otherBreak = true
            case "(", "[", "{", "（", "【":
                hardBreak = true; opensBracket = true; otherBreak = true
            case ")", "]", "}", "）", "】":
                hardBreak = true; closesBracket = true; otherBreak = true
            case ",", "，", "、":
                comma = true
            case "\n":
                newlines += 1
                if newlines >= 2 { hardBreak = true; sentenceEnd = true }
            default:
                break
            }
        }
    }

    /// Words after which a period does not end a sentence.
    static let nonBreakingBeforePeriod: Set<String> = ["vs", "v", "al", "e", "g", "i", "cf", "Fig", "fig", "Dr", "approx", "ca", "No", "St", "spp", "sp"]

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122)
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }

    /// Han, kana and Hangul: each character is its own token, so names written without spaces still match.
    static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// Spelling variants that name the same disease.
    static let equivalents: [String: String] = [
        "myelogenou": "myeloid", "myelogenous": "myeloid", "myelocytic": "myeloid",
        "vs": "versus", "v": "versus",
        "haemorrhagic": "hemorrhagic",
        "ischaemic": "ischemic",
    ]

    /// Folded, normalised form of one word: "Leukaemias" → "leukemia", "tumours" → "tumor".
    static func key(_ raw: String) -> String {
        var word: String
        if raw.utf8.allSatisfy({ $0 < 128 }) {
            word = raw.lowercased()
        } else {
            word = TextNormalizer.fold(raw).lowercased()
        }
        if let same = equivalents[word] { return same }
        if word.utf8.count >= 4, word.utf8.allSatisfy({ $0 < 128 }) {
            var bytes = Array(word.utf8)
            // British digraphs: haem → hem, oesophag → esophag, leukaemia → leukemia.
            var folded: [UInt8] = []
            folded.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "e"),
                   bytes[i] == UInt8(ascii: "a") || bytes[i] == UInt8(ascii: "o"),
                   i + 2 < bytes.count, !isVowel(bytes[i + 2]) {
                    folded.append(UInt8(ascii: "e"))
                    i += 2
                    continue
                }
                folded.append(bytes[i])
                i += 1
            }
            bytes = folded
            // tumour → tumor
            if bytes.count >= 5, bytes.suffix(3) == Array("our".utf8) {
                bytes.removeLast(2)
                bytes.append(UInt8(ascii: "r"))
            }
            // Plurals: leukemias → leukemia (not -ss, -us, -is: sclerosis, mellitus).
            if bytes.count >= 5, bytes.last == UInt8(ascii: "s") {
                let before = bytes[bytes.count - 2]
                if before != UInt8(ascii: "s") && before != UInt8(ascii: "u") && before != UInt8(ascii: "i") {
                    bytes.removeLast()
                }
            }
            word = String(decoding: bytes, as: UTF8.self)
            if let same = equivalents[word] { return same }
        }
        return word
    }

    private static func isVowel(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "a") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "i")
            || byte == UInt8(ascii: "o") || byte == UInt8(ascii: "u")
    }

    /// The keys of a name from the vocabulary.
    static func keys(_ name: String) -> [String] { tokens(name).map(\.key) }
}
