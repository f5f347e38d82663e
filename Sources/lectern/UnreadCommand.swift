import ArgumentParser
import Foundation
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
        let store = try source.storeForChanges()
        let paper = try SavedTarget.forClearing(id, source: source, library: store.library)
        guard store.library.isRead(paper.id) else {
            print("\(paper.id) was not marked read")
            return
        }
        try store.recordOrFail([.read(false)], for: paper)
        print("unread \(SavedTarget.label(paper.id, store.library))")
    }
}
