import ArgumentParser
import Foundation
import PaperModel

/// The saved-state file as the CLI commands use it.
extension PathOptions {
    /// `--state`, else `LECTERN_STATE`, else the XDG data folder.
    var libraryPath: String { LibraryLocation.path(explicit: statePath) }

    /// For commands that only read the state: a file that cannot be used gives one warning line and no marks.
    func readingState() -> Library {
        let store = LibraryStore(path: libraryPath)
        if let problem = store.problem { StandardError.print("lectern: warning: \(problem)") }
        return store.library
    }

    /// For commands that change the state: a damaged, newer or unreadable file stops them, untouched.
    func storeForChanges() throws -> LibraryStore {
        let store = LibraryStore(path: libraryPath)
        if let problem = store.problem { throw SavedStateFailure.fail(problem) }
        return store
    }

    /// The papers to look ids up in: the PATHs given (warnings and failures as in `list`), else the default
    /// corpus when it can be read (quietly: the command works from the state file without it).
    func lookupCorpus() throws -> Corpus? {
        if !paths.isEmpty { return try loadCorpus().corpus }
        let loaded = CorpusLoader.load(paths: resolvedPaths())
        return loaded.filesRead > 0 ? loaded.corpus : nil
    }

    var pathsDescription: String { resolvedPaths().joined(separator: ", ") }
}

enum SavedStateFailure {
    /// Prints one line naming the file and the problem, and ends the command with status 1.
    static func fail(_ error: LibraryError) -> ExitCode {
        switch error {
        case .writeFailed(let path, let reason, _):
            StandardError.print("lectern: cannot write \(path): \(reason). Nothing was changed.")
        default:
            StandardError.print("lectern: \(error)")
        }
        return ExitCode(1)
    }

    static func fail(_ message: String) -> ExitCode {
        StandardError.print("lectern: \(message)")
        return ExitCode(1)
    }
}

/// Finds the paper a command names, in the papers or in the state file.
enum SavedTarget {
    /// For `save` and `read`: the loaded papers first (their title, DOI and first author are copied),
    /// then an entry already in the state, then a DOI or `pmid:` id on its own.
    static func forMarking(_ key: String, source: PathOptions, library: Library) throws -> LibraryPaperRef {
        let corpus = try source.lookupCorpus()
        if let corpus, let paper = PaperLookup.find(key, in: corpus) { return LibraryPaperRef(paper: paper) }
        if let id = library.resolve(key) { return LibraryPaperRef(id: id) }
        if let id = Library.idForm(key) {
            StandardError.print("lectern: note: \(id) is not in \(source.pathsDescription); recorded by its id alone")
            return LibraryPaperRef(id: id, doi: id.rawValue.hasPrefix("doi:") ? String(id.rawValue.dropFirst(4)) : nil,
                                   pmid: id.rawValue.hasPrefix("pmid:") ? String(id.rawValue.dropFirst(5)) : nil)
        }
        throw SavedStateFailure.fail("no paper with id \(key) in \(source.pathsDescription) or in \(source.libraryPath) "
            + "(give its doi:… or pmid:… id to record it without its file)")
    }

    /// For `unsave` and `unread`: the state first, then the loaded papers.
    static func forClearing(_ key: String, source: PathOptions, library: Library) throws -> LibraryPaperRef {
        if let id = library.resolve(key) { return LibraryPaperRef(id: id) }
        if let corpus = try source.lookupCorpus(), let paper = PaperLookup.find(key, in: corpus) {
            return LibraryPaperRef(paper: paper)
        }
        if let id = Library.idForm(key) { return LibraryPaperRef(id: id) }
        throw SavedStateFailure.fail("no paper with id \(key) in \(source.libraryPath) or in \(source.pathsDescription)")
    }

    /// How a paper is named in confirmations: its id and title.
    static func label(_ id: PaperID, _ library: Library) -> String {
        guard let title = library.entries[id]?.title, !title.isEmpty else { return id.rawValue }
        return "\(id.rawValue)  \(title)"
    }
}

extension LibraryStore {
    /// Records the changes, turning a failure into the CLI's one error line.
    func recordOrFail(_ kinds: [LibraryChange.Kind], for paper: LibraryPaperRef) throws {
        do {
            try record(kinds, for: paper)
        } catch {
            throw SavedStateFailure.fail(error)
        }
    }
}

/// The saved state of one paper as a line under `show`'s text: `saved · read · #tag · note: …`.
enum SavedMarks {
    static func line(_ id: PaperID, _ state: any ReadingState) -> String? {
        var parts: [String] = []
        if state.isSaved(id) { parts.append("saved") }
        if state.isRead(id) { parts.append("read") }
        let tags = state.tags(of: id)
        if !tags.isEmpty { parts.append(tags.map { "#" + $0 }.joined(separator: " ")) }
        if let note = state.note(of: id) { parts.append("note: " + note) }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}
