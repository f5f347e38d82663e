import ArgumentParser
import PaperModel

/// `--query`, shared by the commands that work on a selection of papers. A malformed query is one
/// error line naming the problem and exit status 2.
struct QuerySelection: ParsableArguments {
    @Option(name: .shortAndLong, help: "Only the papers matching this query.")
    var query: String?

    func parsed(vocabulary: DiseaseVocabulary) throws -> Query {
        do {
            return try Query.parse(query ?? "", vocabulary: vocabulary)
        } catch {
            StandardError.print("lectern: error: bad query: \(error)")
            throw ExitCode(2)
        }
    }

    /// The loaded corpus's papers the query selects, in corpus order.
    func papers(of loaded: CorpusLoader.Loaded, state: any ReadingState) throws -> [Paper] {
        try parsed(vocabulary: loaded.vocabulary).filter(loaded.corpus, state: state)
    }
}
