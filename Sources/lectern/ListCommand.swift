import ArgumentParser
import Foundation
import PaperModel

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List papers, one line each (year, first author, title, DOI), or as JSON."
    )

    @OptionGroup var source: PathOptions

    @Option(name: .shortAndLong, help: "Keep only the papers matching this query.")
    var query: String?

    @Flag(help: "Print a JSON array of papers.")
    var json = false

    func run() throws {
        let loaded = try source.loadCorpus()
        let state = source.readingState()
        let filter = try QueryOption.parse(query, vocabulary: loaded.vocabulary)
        let papers = filter.filter(loaded.corpus, state: state)
        if json {
            let data = try PaperJSON.encoder().encode(papers.map { PaperJSON(paper: $0, saved: state.isSaved($0.id), read: state.isRead($0.id)) })
            // Straight to standard output: a copy of tens of megabytes as a String costs time and memory.
            fflush(nil)
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            for paper in papers { print(PaperFormatter.listLine(paper)) }
        }
        ProcessEnd.successWithoutFreeing()
    }
}
