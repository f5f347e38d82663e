import ArgumentParser
import Foundation
import PaperModel

struct SaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Save a paper in the saved-state file, with an optional note and tags.",
        discussion: """
        ID is what `show` takes. The paper's title, DOI and first author are copied into the file, so the \
        bookmark keeps its meaning when the paper's file is gone. A doi:… or pmid:… id not found in the \
        papers is saved by its id alone.
        """
    )

    @Argument(help: "The paper's id (doi:…, pmid:…, title:…), a DOI or a PMID.")
    var id: String

    @OptionGroup var source: PathOptions

    @Option(help: "A note to keep with the paper (an empty note removes it).")
    var note: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag to add (repeat for several).", valueName: "TAG"))
    var tags: [String] = []

    func run() throws {
        let store = try source.storeForChanges()
        let paper = try SavedTarget.forMarking(id, source: source, library: store.library)
        var changes: [LibraryChange.Kind] = [.saved(true)]
        if !tags.isEmpty { changes.append(.addTags(tags)) }
        if let note { changes.append(.note(note)) }
        try store.recordOrFail(changes, for: paper)
        print("saved \(SavedTarget.label(paper.id, store.library))")
    }
}
