import Foundation
import PaperModel

/// The papers the browser shows, with what filtering needs prepared once and shared by every state.
public final class Catalog: @unchecked Sendable {
    public let papers: [Paper]
    /// Folded words of each paper, one string each, built on first use so the first paint does not wait.
    private var index: [String]?
    private let lock = NSLock()

    public init(papers: [Paper]) {
        self.papers = papers
    }

    public var count: Int { papers.count }

    /// Positions of the papers matching a filter text, in corpus order: one pass over the papers.
    public func filter(_ text: String, reading: any ReadingState) -> FilterResult {
        let words = TextNormalizer.words(text)
        if words.isEmpty { return FilterResult(positions: Array(papers.indices), terms: [], error: nil) }
        let haystacks = searchIndex()
        let needles = words.map { " " + $0 }
        var positions: [Int] = []
        for (position, haystack) in haystacks.enumerated()
        where needles.allSatisfy({ haystack.contains($0) }) {
            positions.append(position)
        }
        return FilterResult(positions: positions, terms: words, error: nil)
    }

    private func searchIndex() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        if let index { return index }
        let built = papers.map { paper -> String in
            var fields = [paper.title, paper.abstract ?? "", paper.journal ?? "", paper.doi ?? "", paper.pmid ?? ""]
            fields += paper.authors + paper.keywords + paper.meshTerms + paper.diseases.map(\.name)
            return " " + TextNormalizer.words(fields.joined(separator: " ")).joined(separator: " ")
        }
        index = built
        return built
    }
}

/// The outcome of filtering: the matching positions, the words to highlight, or why the filter is malformed.
public struct FilterResult: Hashable, Sendable {
    public var positions: [Int]
    public var terms: [String]
    public var error: String?
}
