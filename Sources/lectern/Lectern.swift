import ArgumentParser

@main
struct Lectern: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lectern",
        abstract: "A terminal reading browser for biomedical papers.",
        discussion: """
        With no PATH, reads the folders in LECTERN_PATH (colon-separated) if set, else the bundled seeds.
        """,
        subcommands: [BrowseCommand.self, ListCommand.self, ShowCommand.self,
                      SaveCommand.self, UnsaveCommand.self, ReadCommand.self, UnreadCommand.self, SavedCommand.self,
                      DiseasesCommand.self, ExportCommand.self, BenchInternalCommand.self],
        defaultSubcommand: BrowseCommand.self
    )

    static func main() {
        HugePageHeap.restartIfUseful()
        main(nil)
    }
}
