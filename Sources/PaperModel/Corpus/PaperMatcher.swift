import Foundation

/// Plain word matching: a paper matches when every word of the text occurs in one of its fields,
/// compared folded (case- and accent-insensitive), words matching as prefixes.
public enum PaperMatcher {
    public static func matches(_ paper: Paper, words text: String) -> Bool {
        let wanted = TextNormalizer.words(text)
        if wanted.isEmpty { return true }
        let have = searchableWords(paper)
        return wanted.allSatisfy { word in have.contains { $0.hasPrefix(word) } }
    }

    static func searchableWords(_ paper: Paper) -> [String] {
        var fields = [paper.title, paper.abstract ?? "", paper.journal ?? "", paper.doi ?? ""]
        fields += paper.authors + paper.keywords + paper.meshTerms + paper.diseases.map(\.name)
        return TextNormalizer.words(fields.joined(separator: " "))
    }
}
