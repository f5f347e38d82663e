import Foundation

/// Files and folders in, papers and one warning per bad file out.
public enum Ingest {
    /// Readers in the order they are asked; the first that recognises a text reads it.
    /// The page reader comes last: it takes any article page the others do not claim.
    public static let readers: [any DocumentReader.Type] = [
        PubMedXMLReader.self, JATSReader.self, CSLJSONReader.self, MedlineReader.self, RISReader.self, BibTeXReader.self,
        PageReader.self,
    ]

    /// A single file above this size is refused with a warning rather than read into memory.
    public static let maximumFileSize = 1 << 30

    public struct Result: Sendable {
        public var papers: [Paper]
        public var warnings: [IngestWarning]
        public var filesRead: Int
    }

    /// Reads every file under the given paths (folders recursively, hidden files skipped).
    public static func load(paths: [String]) -> Result {
        let (files, listingWarnings) = FileWalker.files(under: paths)
        var papers: [Paper] = []
        var warnings = listingWarnings
        var filesRead = 0
        for file in files {
            let outcome = read(file: file)
            if !outcome.papers.isEmpty { filesRead += 1 }
            papers += outcome.papers
            warnings += outcome.warnings
        }
        return Result(papers: papers, warnings: warnings, filesRead: filesRead)
    }

    /// Reads one file: decode, detect its kind, parse.
    public static func read(file path: String) -> ReadOutcome {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > maximumFileSize {
                return ReadOutcome(warnings: [IngestWarning(path: path, problem: .tooLarge(bytes: size, limit: maximumFileSize))])
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "permission denied or not a regular file"
            return ReadOutcome(warnings: [IngestWarning(path: path, problem: .unreadable(reason))])
        }
        return read(data: data, path: path)
    }

    /// Parses bytes already in memory, as if read from `path`.
    public static func read(data: Data, path: String) -> ReadOutcome {
        switch TextDecoding.decode(data) {
        case .failure(let problem):
            return ReadOutcome(warnings: [IngestWarning(path: path, problem: problem)])
        case .success(let text):
            return read(text: text, path: path)
        }
    }

    public static func read(text: String, path: String) -> ReadOutcome {
        let ext = (path as NSString).pathExtension.lowercased()
        let reader = readers.first { $0.recognises(text, pathExtension: ext) } ?? PageReader.self
        var outcome = reader.read(text, path: path)
        if outcome.papers.isEmpty && outcome.warnings.isEmpty {
            outcome.warnings.append(IngestWarning(path: path, problem: .noPaperFound))
        }
        return outcome
    }
}
