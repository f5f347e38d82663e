import ArgumentParser
import Foundation
import PaperModel

struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Mark a paper read."
    )

    @Argument(help: "The paper's id (doi:…, pmid:…, title:…), a DOI or a PMID.")
    var id: String

    @OptionGroup var source: PathOptions

    func run() throws {
        let store = try source.storeForChanges()
        let paper = try SavedTarget.forMarking(id, source: source, library: store.library)
        try store.recordOrFail([.read(true)], for: paper)
        print("read \(SavedTarget.label(paper.id, store.library))")
    }
}
