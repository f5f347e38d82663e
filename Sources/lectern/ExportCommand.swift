import ArgumentParser
import Foundation
import PaperModel

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export papers as BibTeX, RIS, CSL-JSON, MEDLINE or a Markdown reading list.",
        discussion: """
        Writes to standard output, or to FILE with -o (an existing FILE is kept unless --force is given). \
        --saved exports the papers saved in the saved-state file; one whose file is not among the PATHs is \
        exported with the title, first author and ids the saved state keeps.
        """
    )

    @OptionGroup var source: PathOptions

    @OptionGroup var selection: QuerySelection

    @Flag(help: "Export only the saved papers.")
    var saved = false

    @Option(name: .shortAndLong, help: "bibtex, ris, csljson, medline or markdown.")
    var format: ExportFormat

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var output: String?

    @Flag(help: "Overwrite FILE when it exists.")
    var force = false

    func run() throws {
        if let output, !force, FileManager.default.fileExists(atPath: output) {
            throw ExportFailure.fail("\(output) already exists; nothing was written (add --force to overwrite it)")
        }
        let filter = try selection.parsed(vocabulary: source.vocabulary())
        let state = source.readingState()
        var papers: [Paper]
        if saved {
            papers = try savedPapers(state)
            if papers.isEmpty {
                StandardError.print("lectern: no saved papers in \(source.libraryPath); nothing exported")
                return
            }
        } else {
            papers = try source.loadCorpus().corpus.papers
        }
        papers = papers.filter { filter.matches($0, state: state) }
        if papers.isEmpty {
            StandardError.print("lectern: no papers match \(selection.query.map { "“\($0)”" } ?? "the selection"); nothing exported")
            return
        }
        let text = Exporter.export(papers, format: format)
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: force ? .atomic : .withoutOverwriting)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            throw ExportFailure.fail("cannot write \(output): \(reason)")
        }
        StandardError.print("lectern: exported \(papers.count) paper\(papers.count == 1 ? "" : "s") to \(output) (\(format.rawValue))")
    }

    /// The saved papers: those found among the PATHs in their order, then the others from the saved state's copy.
    func savedPapers(_ library: Library) throws -> [Paper] {
        let savedIDs = library.savedEntries
        guard !savedIDs.isEmpty else { return [] }
        let corpus = try source.lookupCorpus()
        var papers = corpus?.papers.filter { library.isSaved($0.id) } ?? []
        let found = Set(papers.map(\.id))
        let missing = savedIDs.filter { !found.contains($0.id) }
        for (id, entry) in missing {
            let ids = id.rawValue
            papers.append(Paper(
                title: entry.title,
                authors: entry.firstAuthor.map { [$0] } ?? [],
                authorsTruncated: entry.firstAuthor != nil,
                doi: entry.doi ?? (ids.hasPrefix("doi:") ? String(ids.dropFirst(4)) : nil),
                pmid: entry.pmid ?? (ids.hasPrefix("pmid:") ? String(ids.dropFirst(5)) : nil),
                source: PaperSource(path: source.libraryPath, format: .page)
            ))
        }
        if !missing.isEmpty {
            StandardError.print("lectern: note: \(missing.count) saved paper\(missing.count == 1 ? " is" : "s are") not in "
                + "\(source.pathsDescription); exported with the title and ids the saved state keeps")
        }
        return papers.filter { !$0.title.isEmpty || $0.doi != nil || $0.pmid != nil }
    }
}

enum ExportFailure {
    static func fail(_ message: String) -> ExitCode {
        StandardError.print("lectern: \(message)")
        return ExitCode(1)
    }
}
