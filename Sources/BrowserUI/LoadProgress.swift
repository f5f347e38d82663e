import Foundation
import PaperModel

/// How far the background load has gone, as the status line shows it while the papers arrive:
/// the phase, files and records read, bytes read of how many, and the reading speed.
public struct LoadProgress: Hashable, Sendable {
    public enum Phase: String, Hashable, Sendable {
        case starting, listing, reading, merging, tagging, indexing, readingCache, writingCache

        /// What the status line calls it.
        public var label: String {
            switch self {
            case .starting, .listing: "Listing files"
            case .reading: "Reading"
            case .merging: "Merging duplicates"
            case .tagging: "Tagging diseases"
            case .indexing: "Indexing"
            case .readingCache: "Reading the cache"
            case .writingCache: "Saving the cache"
            }
        }
    }

    public var phase = Phase.starting
    /// How many files there are to read, once they are listed.
    public var filesTotal: Int?
    /// Their size in bytes, once they are listed.
    public var bytesTotal: Int?
    /// Files read to the end, with or without papers.
    public var filesRead = 0
    /// Files that gave no paper.
    public var filesFailed = 0
    /// Records read (before duplicates are merged).
    public var records = 0
    public var bytesRead = 0
    /// Seconds from the start of the load to the last bytes read.
    public var readSeconds = 0.0

    public init() {}

    /// Takes in what the loader reported, `seconds` after the load began.
    public mutating func apply(_ event: LoadEvent, seconds: Double) {
        switch event {
        case .listed(let files, let bytes):
            filesTotal = files
            bytesTotal = bytes
        case .phase(let name):
            switch name {
            case "list": phase = .listing
            case "read": phase = .reading
            case "dedupe": phase = .merging
            case "tag": phase = .tagging
            case "index": phase = .indexing
            case "cache-read": phase = .readingCache
            case "cache-write": phase = .writingCache
            default: break
            }
        case .batch(let batch):
            records += batch.papers.count
            bytesRead += batch.bytes
            if batch.endsFile {
                filesRead += 1
                if batch.fileFailed { filesFailed += 1 }
            }
            readSeconds = seconds
        }
    }

    /// The share of the bytes read, when the total is known.
    public var fraction: Double? {
        guard let total = bytesTotal, total > 0 else { return nil }
        return min(1, Double(bytesRead) / Double(total))
    }

    /// Megabytes (10⁶ bytes) read per second, once there is something to measure.
    public var megabytesPerSecond: Double? {
        guard bytesRead > 0, readSeconds > 0.001 else { return nil }
        return Double(bytesRead) / 1e6 / readSeconds
    }

    /// The parts of the progress line, most important first, so a narrow line can drop the last ones.
    public var parts: [String] {
        var parts: [String] = []
        if let fraction { parts.append("\(Int((fraction * 100).rounded(.down)))%") }
        if let total = filesTotal {
            parts.append("\(Self.grouped(filesRead))/\(Self.grouped(total)) file\(total == 1 ? "" : "s")")
        } else if filesRead > 0 {
            parts.append("\(Self.grouped(filesRead)) file\(filesRead == 1 ? "" : "s")")
        }
        parts.append("\(Self.grouped(records)) record\(records == 1 ? "" : "s")")
        if let speed = megabytesPerSecond { parts.append(String(format: speed >= 10 ? "%.0f MB/s" : "%.1f MB/s", speed)) }
        return parts
    }

    /// A bar `width` cells wide, filled to the fraction in eighths of a cell.
    public static func bar(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let eighths = Int((min(1, max(0, fraction)) * Double(width * 8)).rounded(.down))
        let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var bar = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { bar.append(partials[eighths % 8 - 1]) }
        return bar + String(repeating: "░", count: width - TextFit.width(bar))
    }

    /// 1234567 → "1,234,567" (the same whatever the locale).
    public static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return number < 0 ? "-" + out : out
    }
}

/// The corpus at the end of a background load, ready to replace the papers shown while it ran.
public struct LoadedCatalog: Sendable {
    public var catalog: Catalog
    /// Files that could not be read (each has a warning, listed when the browser quits).
    public var skippedFiles: Int
    /// Files that gave papers.
    public var filesRead: Int
    public var seconds: Double
    /// The saved and read marks over the corpus, when taken (off the event loop) for the reading
    /// state the browser still has; nil to take them anew.
    public var marks: CorpusSearch.Marks?

    public init(catalog: Catalog, skippedFiles: Int, filesRead: Int, seconds: Double, marks: CorpusSearch.Marks? = nil) {
        self.catalog = catalog
        self.skippedFiles = skippedFiles
        self.filesRead = filesRead
        self.seconds = seconds
        self.marks = marks
    }
}
