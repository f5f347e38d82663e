import ArgumentParser
import PaperModel

struct UnsaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsave",
        abstract: "Remove a paper from the saved papers (its read mark, note and tags stay)."
    )

    @Argument(help: "The paper's id (doi:…, pmid:…, title:…), a DOI or a PMID.")
    var id: String

    @OptionGroup var source: PathOptions

    func run() throws {
        try ClearedMark.saved.clear(id, source: source)
    }
}
