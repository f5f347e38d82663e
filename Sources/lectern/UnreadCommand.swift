import ArgumentParser
import PaperModel

struct UnreadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unread",
        abstract: "Mark a paper unread."
    )

    @Argument(help: "The paper's id (doi:…, pmid:…, title:…), a DOI or a PMID.")
    var id: String

    @OptionGroup var source: PathOptions

    func run() throws {
        try ClearedMark.read.clear(id, source: source)
    }
}
