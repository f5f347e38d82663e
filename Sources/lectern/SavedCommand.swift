import ArgumentParser
import Foundation
import PaperModel

struct SavedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saved",
        abstract: "List the saved papers from the saved-state file, newest first.",
        discussion: """
        Every saved paper is listed, also those whose files are gone. When PATHs are given, or the default \
        papers can be read, a paper none of them holds is marked as missing.
        """
    )

    @OptionGroup var source: PathOptions

    @Flag(help: "Print a JSON array of saved papers.")
    var json = false

    func run() throws {
        let store = LibraryStore(path: source.libraryPath)
        if let problem = store.problem { throw SavedStateFailure.fail(problem) }
        let corpus = try source.lookupCorpus()
        let items = store.library.savedEntries.map { id, entry in
            SavedPaperJSON(id: id, entry: entry, found: corpus.map { $0.paper(withID: id) })
        }
        if json {
            let data = try PaperJSON.encoder().encode(items)
            print(String(decoding: data, as: UTF8.self))
        } else {
            for item in items { print(item.textLines(width: TerminalWidth.columns())) }
        }
    }
}

/// One saved paper in `lectern saved --json`. Every key is always present.
/// `missing` is true when the papers were read and none holds it, null when no papers were read;
/// `path` is the file that holds it, when one does.
struct SavedPaperJSON: Encodable {
    var id: PaperID
    var entry: LibraryEntry
    /// nil: no papers read; .some(nil): read, and this one is not among them.
    var found: Paper??

    enum Key: String, CodingKey {
        case id, title, doi, pmid, firstAuthor, savedAt, read, readAt, note, tags, updatedAt, missing, path
    }

    var missing: Bool? { found.map { $0 == nil } }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id.rawValue, forKey: .id)
        try c.encode(entry.title, forKey: .title)
        try c.encode(entry.doi, forKey: .doi)
        try c.encode(entry.pmid, forKey: .pmid)
        try c.encode(entry.firstAuthor, forKey: .firstAuthor)
        try c.encode(entry.savedAt.map(LibraryTime.format), forKey: .savedAt)
        try c.encode(entry.read, forKey: .read)
        try c.encode(entry.readAt.map(LibraryTime.format), forKey: .readAt)
        try c.encode(entry.note, forKey: .note)
        try c.encode(entry.tags, forKey: .tags)
        try c.encode(LibraryTime.format(entry.updatedAt), forKey: .updatedAt)
        try c.encode(missing, forKey: .missing)
        try c.encode(found??.source.path, forKey: .path)
    }

    /// `2026-11-22  First Author  Title  doi:…  [read]  #tag`, then the note and a missing mark, indented.
    func textLines(width: Int) -> String {
        var line = entry.savedAt.map(LibraryTime.day) ?? "----------"
        if let author = entry.firstAuthor, !author.isEmpty { line += "  \(author)" }
        line += "  " + (entry.title.isEmpty ? "(title unknown)" : entry.title)
        if let doi = entry.doi { line += "  doi:\(doi)" } else { line += "  \(id.rawValue)" }
        if entry.read { line += "  [read]" }
        if !entry.tags.isEmpty { line += "  " + entry.tags.map { "#" + $0 }.joined(separator: " ") }
        var lines = [line]
        if let note = entry.note {
            lines += PaperFormatter.wrap("note: " + note, width: width - 4).map { "    " + $0 }
        }
        if missing == true { lines.append("    missing: no file in the papers read holds it") }
        return lines.joined(separator: "\n")
    }
}
