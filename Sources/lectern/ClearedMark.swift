import PaperModel

/// What `unsave` and `unread` take away from a paper: one body for both commands.
enum ClearedMark {
    case saved, read

    /// Clears the mark on the paper named by `id`, saying so, or saying it was not set.
    func clear(_ id: String, source: PathOptions) throws {
        let store = try source.storeForChanges()
        let paper = try SavedTarget.forClearing(id, source: source, library: store.library)
        guard isSet(on: paper.id, in: store.library) else {
            print("\(paper.id) \(notSetPhrase)")
            return
        }
        try store.recordOrFail([change], for: paper)
        print("\(doneVerb) \(SavedTarget.label(paper.id, store.library))")
    }

    private func isSet(on id: PaperID, in library: Library) -> Bool {
        switch self {
        case .saved: library.isSaved(id)
        case .read: library.isRead(id)
        }
    }

    private var change: LibraryChange.Kind {
        switch self {
        case .saved: .saved(false)
        case .read: .read(false)
        }
    }

    private var notSetPhrase: String {
        switch self {
        case .saved: "was not saved"
        case .read: "was not marked read"
        }
    }

    private var doneVerb: String {
        switch self {
        case .saved: "unsaved"
        case .read: "unread"
        }
    }
}
