import ArgumentParser
import Foundation
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
        let store = try source.storeForChanges()
        let paper = try SavedTarget.forClearing(id, source: source, library: store.library)
        guard store.library.isSaved(paper.id) else {
            print("\(paper.id) was not saved")
            return
        }
        try store.recordOrFail([.saved(false)], for: paper)
        print("unsaved \(SavedTarget.label(paper.id, store.library))")
    }
}
