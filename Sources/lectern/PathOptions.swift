import ArgumentParser
import Foundation
import PaperModel

/// The PATH arguments every command takes, and where to look when none are given.
struct PathOptions: ParsableArguments {
    @Argument(help: "Files or folders of papers (folders are read recursively).")
    var paths: [String] = []

    @Option(name: .customLong("state"), help: ArgumentHelp(
        "The saved-state file (default: $LECTERN_STATE, else $XDG_DATA_HOME/lectern/saved.json, else ~/.local/share/lectern/saved.json).",
        valueName: "FILE"))
    var statePath: String?

    @Option(name: .customLong("diseases"), help: ArgumentHelp(
        "A JSON file of diseases that adds to or overrides the bundled vocabulary.",
        discussion: "Default: $XDG_CONFIG_HOME/lectern/diseases.json when it exists.", valueName: "file"))
    var diseasesFile: String?

    /// The bundled vocabulary plus the user's file; a bad file is one error line naming it.
    func vocabulary() throws -> DiseaseVocabulary {
        do {
            return try DiseaseVocabulary.load(userFile: diseasesFile)
        } catch {
            StandardError.print("lectern: error: \(error)")
            throw ExitCode.failure
        }
    }

    /// The paths given, else LECTERN_PATH, else the bundled seeds.
    func resolvedPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if !paths.isEmpty { return paths }
        if let list = environment["LECTERN_PATH"], !list.isEmpty {
            return list.split(separator: ":").map(String.init)
        }
        return [SeedsLocator.bundledSeeds() ?? "seeds"]
    }

    /// Loads the corpus, printing one warning line per bad file to stderr (unless the caller shows
    /// them itself, as the browser does once the terminal is back).
    /// Throws when nothing could be read at all, so the exit status says so.
    /// Loads the corpus through the cache, telling the observer how it goes; warnings are the caller's.
    func load(vocabulary: DiseaseVocabulary, observer: LoadObserver? = nil) -> CorpusLoader.Loaded {
        let cache = CorpusCache.standard(extraContext: CorpusLoader.cacheContext(vocabulary))
        return CorpusLoader.load(paths: resolvedPaths(), vocabulary: vocabulary, cache: cache, observer: observer)
    }

    func loadCorpus(vocabulary given: DiseaseVocabulary? = nil, printWarnings: Bool = true) throws -> CorpusLoader.Loaded {
        let loaded = load(vocabulary: try given ?? vocabulary())
        for warning in loaded.warnings where printWarnings {
            StandardError.print("lectern: warning: \(warning)")
        }
        if loaded.filesRead == 0 {
            throw ValidationError("no papers could be read from \(resolvedPaths().joined(separator: ", "))")
        }
        return loaded
    }
}

enum SeedsLocator {
    /// The sample corpus: beside the executable, under ../share/lectern after `make install`,
    /// or in the source tree for `swift run`.
    static func bundledSeeds() -> String? {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let folder = (executable as NSString).deletingLastPathComponent
        var candidates = [
            (folder as NSString).appendingPathComponent("seeds"),
            ((folder as NSString).appendingPathComponent("../share/lectern/seeds") as NSString).standardizingPath,
        ]
        // .build/<config>/lectern → the package root is three folders up.
        var root = folder
        for _ in 0..<4 {
            root = (root as NSString).deletingLastPathComponent
            candidates.append((root as NSString).appendingPathComponent("seeds"))
        }
        let sourceRoot = ((#filePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("../../seeds")
        candidates.append((sourceRoot as NSString).standardizingPath)
        return candidates.first { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
        }
    }
}

enum StandardError {
    static func print(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
