import Foundation
import Testing
@testable import PaperModel

/// The byte-level fast paths of `TextNormalizer` give exactly what Foundation's folding gives.
@Suite struct TextNormalizerFastPathTests {
    static func referenceFold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    static func referenceWords(_ text: String) -> [String] {
        referenceFold(text).split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    static let samples = [
        "", "   ", "Acute Myeloid Leukemia (AML): RELAPSE after HSCT, 2014-03-09.",
        "Núñez-García, Zoë; Østergaard & Passegué", "TGF-β and HIF-1α drive NF-κB", "e\u{301}cole Cafe\u{301}",
        "ﬁbrosis Ｆｕｌｌｗｉｄｔｈ ½ ²", "骨髓微环境 and 白血病", "O'Brien’s “quoted” — dash…", "straße İstanbul ǅ",
        "line\r\nbreak\ttab\u{00A0}nbsp", "  lead and trail \u{2009} ", " \u{301}mark after space", "a\u{200D} b", "10.1016/j.canlet.2014.03.009", "MiXeD123CaSe456", "ÀÉÎÕÜ àéîõü Ç ç",
    ]

    @Test(arguments: samples)
    func wordsAndFoldAgreeWithFoundation(text: String) {
        #expect(TextNormalizer.words(text) == Self.referenceWords(text))
        #expect(TextNormalizer.titleKey(text) == Self.referenceWords(text).joined(separator: " "))
        #expect(TextNormalizer.fold(text) == Self.referenceFold(text))
        #expect(TextNormalizer.collapseWhitespace(text) == text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
    }

    @Test(arguments: ["a\nb\r\nc\rd\u{0B}e\u{0C}f\u{85}g\u{2028}h\u{2029}i", "", "\n", "x\n\n", "\r\n\r\n", "é\r\n\u{301}x"])
    func linesSplitAsCharactersDo(text: String) {
        #expect(TaggedLines.lines(text) == text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline))
    }

    @Test(arguments: ["  a b  ", "\t x\u{00A0}", "\u{2003}y\u{3000}", "", "   ", " \u{301}z ", "plain"])
    func trimmingMatchesFoundation(text: String) {
        #expect(TaggedLines.trimmed(Substring(text)) == text.trimmingCharacters(in: .whitespaces))
        let lined = "\n\r" + text + "\u{85}\n"
        #expect(TaggedLines.trimmed(lined, newlines: true) == lined.trimmingCharacters(in: .whitespacesAndNewlines))
        let starred = "* " + text + "*"
        #expect(TaggedLines.trimmed(Substring(starred), extra: "*") ==
                starred.trimmingCharacters(in: CharacterSet(charactersIn: "* ").union(.whitespaces)))
    }
}
