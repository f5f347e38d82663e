import Foundation
import PaperModel

/// The papers the browser shows, with the search structures built once and shared by every state:
/// queries and facet counts go through `CorpusSearch`, so a keystroke costs one pass at most.
public final class Catalog: Sendable {
    public let search: CorpusSearch

    public init(corpus: Corpus, vocabulary: DiseaseVocabulary = .bundled) {
        search = CorpusSearch(corpus: corpus, vocabulary: vocabulary)
    }

    /// Around a search whose tables may already be built.
    public init(search: CorpusSearch) {
        self.search = search
    }

    /// Papers that are already tagged and deduplicated (tests, small sets).
    public convenience init(papers: [Paper], vocabulary: DiseaseVocabulary = .bundled) {
        self.init(corpus: Corpus(papers: papers), vocabulary: vocabulary)
    }

    public var papers: [Paper] { search.corpus.papers }
    public var count: Int { search.corpus.count }
    public var vocabulary: DiseaseVocabulary { search.vocabulary }

    /// The short label of a disease for list badges ("CML"), else its name.
    public func badge(for disease: String) -> String {
        vocabulary.displayAbbreviation(of: disease) ?? disease
    }
}

/// The filter in force: the query as typed and parsed, and the papers it leaves.
public struct ActiveFilter: Sendable {
    public var text: String
    public var query: Query
    public var positions: PositionSet
}
