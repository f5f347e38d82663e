import Foundation

/// The whole path from files to a ready corpus: ingest, dedupe, tag.
public enum CorpusLoader {
    public struct Loaded: Sendable {
        public var corpus: Corpus
        public var warnings: [IngestWarning]
        public var filesRead: Int
        /// The vocabulary the papers were tagged with; queries and facets should use the same one.
        public var vocabulary: DiseaseVocabulary = .bundled
    }

    public static func load(paths: [String], vocabulary: DiseaseVocabulary = .bundled) -> Loaded {
        let result = Ingest.load(paths: paths)
        let papers = Corpus(papers: result.papers).papers
        let tagger = DiseaseTagger(vocabulary: vocabulary)
        return Loaded(corpus: Corpus(papers: tagger.tagged(papers)), warnings: result.warnings,
                      filesRead: result.filesRead, vocabulary: vocabulary)
    }
}
