import ArgumentParser
import Foundation
import PaperModel

struct BrowseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        abstract: "Open the reading browser on the papers (the default command)."
    )

    @OptionGroup var source: PathOptions

    func run() throws {
        let loaded = try source.loadCorpus()
        print("lectern: the interactive browser is not built yet; listing \(loaded.corpus.count) papers instead.")
        for paper in loaded.corpus.papers { print(PaperFormatter.listLine(paper)) }
    }
}
