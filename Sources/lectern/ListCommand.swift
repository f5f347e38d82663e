import ArgumentParser
import Foundation
import PaperModel

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List papers, one line each (year, first author, title, DOI), or as JSON."
    )

    @OptionGroup var source: PathOptions

    @OptionGroup var selection: QuerySelection

    @Flag(help: "Print a JSON array of papers.")
    var json = false

    func run() throws {
        let loaded = try source.loadCorpus()
        let state = source.readingState()
        let papers = try selection.papers(of: loaded, state: state)
        if json {
            // Paper by paper straight to standard output: no tree of values, no copy of the whole text.
            fflush(nil)
            var array = PaperJSONArray(flush: StandardOutput.write)
            for paper in papers {
                try array.append(PaperJSON(paper: paper, saved: state.isSaved(paper.id), read: state.isRead(paper.id)))
            }
            try array.finish(newline: true)
        } else {
            for paper in papers { print(PaperFormatter.listLine(paper)) }
        }
        ProcessEnd.successWithoutFreeing()
    }
}

/// Bytes written straight to file descriptor 1, bypassing stdio's buffer (callers flush it first).
enum StandardOutput {
    struct WriteError: Error, CustomStringConvertible {
        var code: Int32
        var description: String { "cannot write to standard output: \(String(cString: strerror(code)))" }
    }

    static func write(_ bytes: [UInt8]) throws {
        let code = bytes.withUnsafeBytes { FileDescriptorWrite.all(1, $0) }
        if code != 0 { throw WriteError(code: code) }
    }
}
