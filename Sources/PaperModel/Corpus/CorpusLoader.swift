import Foundation

/// The whole path from files to a ready corpus: ingest, dedupe, tag.
public enum CorpusLoader {
    public struct Loaded: Sendable {
        public var corpus: Corpus
        public var warnings: [IngestWarning]
        public var filesRead: Int
    }

    public static func load(paths: [String]) -> Loaded {
        let result = Ingest.load(paths: paths)
        return Loaded(corpus: Corpus(papers: result.papers), warnings: result.warnings, filesRead: result.filesRead)
    }
}
