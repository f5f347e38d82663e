import ArgumentParser
import Foundation
import PaperModel

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one paper by its id (doi:…, pmid:…, title:…), a DOI or a PMID."
    )

    @Argument(help: "The paper's id, DOI or PMID.")
    var id: String

    @OptionGroup var source: PathOptions

    @Flag(help: "Print the paper as a JSON object.")
    var json = false

    func run() throws {
        let corpus = try source.loadCorpus().corpus
        guard let paper = PaperLookup.find(id, in: corpus) else {
            throw ValidationError("no paper with id \(id) in \(source.resolvedPaths().joined(separator: ", "))")
        }
        let state = source.readingState()
        if json {
            let data = try PaperJSON.encoder().encode(PaperJSON(paper: paper, saved: state.isSaved(paper.id), read: state.isRead(paper.id)))
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(PaperFormatter.fullText(paper, width: TerminalWidth.columns()))
            if let marks = SavedMarks.line(paper.id, state) { print(marks) }
        }
    }
}
