import Foundation

/// Writes an export to a new file, never over an existing one.
public enum ExportFile {
    public enum WriteError: Error, CustomStringConvertible {
        case cannotWrite(path: String, reason: String)

        public var description: String {
            switch self {
            case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
            }
        }
    }

    /// Writes the papers to `lectern-saved-<date>-<time>.<ext>` in the folder (with `-2`, `-3`… when that
    /// name is taken) and returns the file's path.
    public static func writeNew(_ papers: [Paper], format: ExportFormat, in folder: URL, now: Date = Date()) throws -> URL {
        let stamp = ISO8601DateFormatter.string(from: now, timeZone: .current,
                                                formatOptions: [.withFullDate, .withTime])
            .replacingOccurrences(of: ":", with: "")
        let data = Data(Exporter.export(papers, format: format).utf8)
        let base = "lectern-saved-\(stamp)"
        for attempt in 1...100 {
            let name = (attempt == 1 ? base : "\(base)-\(attempt)") + "." + format.fileExtension
            let url = folder.appendingPathComponent(name)
            do {
                try data.write(to: url, options: .withoutOverwriting)
                return url
            } catch CocoaError.fileWriteFileExists {
                continue
            } catch {
                let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
                throw WriteError.cannotWrite(path: url.path, reason: reason)
            }
        }
        throw WriteError.cannotWrite(path: folder.appendingPathComponent(base).path, reason: "too many exports with this name")
    }
}
