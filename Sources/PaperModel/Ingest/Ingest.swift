import Foundation

/// Files and folders in, papers and one warning per bad file out.
public enum Ingest {
    /// Readers in the order they are asked; the first that recognises a text reads it.
    /// The page reader comes last: it takes any article page the others do not claim.
    public static let readers: [any DocumentReader.Type] = [
        PubMedXMLReader.self, JATSReader.self, CSLJSONReader.self, MedlineReader.self, RISReader.self, BibTeXReader.self,
        PageReader.self,
    ]

    /// A single file above this size (1 GB) is refused with a warning rather than read into memory
    /// (record files that can be read in pieces excepted).
    public static let maximumFileSize = 1 << 30

    public struct Result: Sendable {
        public var papers: [Paper]
        public var warnings: [IngestWarning]
        public var filesRead: Int
        /// With `indexing`: index builders of all the papers, by their place in `papers`, in order.
        var indexParts: [IndexBuilder] = []
    }

    /// Reads every file under the given paths (folders recursively, hidden files skipped).
    public static func load(paths: [String]) -> Result {
        let (files, listingWarnings) = FileWalker.files(under: paths)
        var result = load(files: files)
        result.warnings = listingWarnings + result.warnings
        return result
    }

    /// Reads the files on every core; papers and warnings come out in the files' order. The observer
    /// is told of each file's papers (each piece's, for a large record file) as they are read.
    /// Given a tagger, every paper is tagged by the thread that read it, before it is reported.
    public static func load(files: [String], observer: LoadObserver? = nil, tagger: DiseaseTagger? = nil) -> Result {
        load(files: files, observer: observer, tagger: tagger, indexing: false)
    }

    /// As above; with `indexing`, the result also holds the index builders of its papers: a large
    /// record file's are built while it is read, the other files' once all are read. `sizes` says
    /// which files are read in pieces (smaller in tests).
    static func load(files: [String], observer: LoadObserver?, tagger: DiseaseTagger?, indexing: Bool,
                     sizes: ChunkedIngest.Sizes = ChunkedIngest.Sizes()) -> Result {
        let outcomes = Slots<ReadOutcome>(count: files.count)
        let next = Counter()
        let readFiles: @Sendable () -> Void = {
            while let n = next.take(below: files.count) {
                guard let observer else {
                    outcomes.set(n, read(file: files[n], tagger: tagger, indexing: indexing, sizes: sizes, onPiece: nil))
                    continue
                }
                outcomes.set(n, read(file: files[n], number: n, tagger: tagger, indexing: indexing, sizes: sizes,
                                     observer: observer))
            }
        }
        // One loop per core takes the files in turn, on threads of their own rather than the dispatch
        // pool's: a loop reading a large record file waits while its pieces are read on the pool, and
        // must not hold one of the pool's threads meanwhile.
        let workers = min(files.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        let group = DispatchGroup()
        for _ in 1..<max(workers, 1) {
            group.enter()
            Thread.detachNewThread {
                readFiles()
                group.leave()
            }
        }
        readFiles()
        group.wait()
        var pieces: [[Paper]] = []
        var warnings: [IngestWarning] = []
        var filesRead = 0
        // The index builders in the papers' order; papers of files not indexed as they were read
        // stand as a range, indexed below once the papers are joined.
        var indexed: [(builders: [IndexBuilder], unindexed: Range<Int>)] = []
        var records = 0
        for n in files.indices {
            var outcome = outcomes.take(n)
            if !outcome.papers.isEmpty {
                filesRead += 1
                if indexing {
                    let range = records..<(records + outcome.papers.count)
                    if var builders = outcome.indexParts.take() {
                        for b in builders.indices {
                            builders[b].renumber { UInt32(range.lowerBound) + $0 }
                        }
                        indexed.append((builders, range.lowerBound..<range.lowerBound))
                    } else if let last = indexed.last, last.builders.isEmpty {
                        indexed[indexed.count - 1].unindexed = last.unindexed.lowerBound..<range.upperBound
                    } else {
                        indexed.append(([], range))
                    }
                    records = range.upperBound
                }
                pieces.append(outcome.papers)
            }
            warnings += outcome.warnings
        }
        var result = Result(papers: Paper.joining(&pieces), warnings: warnings, filesRead: filesRead)
        for part in indexed {
            result.indexParts += part.unindexed.isEmpty ? part.builders : IndexBuilder.builders(result.papers, part.unindexed)
        }
        return result
    }

    /// Reads one file, telling the observer of its papers: piece by piece for a large record file,
    /// else at once; the last report ends the file.
    static func read(file path: String, number: Int, tagger: DiseaseTagger?, indexing: Bool = false,
                     sizes: ChunkedIngest.Sizes = ChunkedIngest.Sizes(), observer: @escaping LoadObserver) -> ReadOutcome {
        let pieces = PieceFlag()
        let outcome = read(file: path, tagger: tagger, indexing: indexing, sizes: sizes) { piece, bytes, papers in
            pieces.set()
            observer(.batch(IngestBatch(file: number, piece: piece, bytes: bytes, papers: papers, endsFile: false)))
        }
        var info = stat()
        let bytes = pieces.isSet || stat(path, &info) != 0 ? 0 : Int(info.st_size)
        observer(.batch(IngestBatch(file: number, piece: Int.max, bytes: bytes, papers: pieces.isSet ? [] : outcome.papers,
                                    endsFile: true, fileFailed: outcome.papers.isEmpty)))
        return outcome
    }

    /// Reads one file: decode, detect its kind, parse. Anything but a regular file (a FIFO, a
    /// device, a socket) is refused without being opened for reading, so nothing can hang; a file
    /// gone since it was listed, or not readable, gives one warning naming it.
    public static func read(file path: String) -> ReadOutcome { read(file: path, tagger: nil, onPiece: nil) }

    /// As `read(file:)`, the papers tagged when a tagger is given; `onPiece` is told of each piece
    /// of a large record file as it is read, and with `indexing` such a file's papers are indexed
    /// as they are read.
    static func read(file path: String, tagger: DiseaseTagger?, indexing: Bool = false,
                     sizes: ChunkedIngest.Sizes = ChunkedIngest.Sizes(), onPiece: ChunkedIngest.PieceObserver?) -> ReadOutcome {
        // Large record files (MEDLINE, RIS) are read in pieces on every core, whatever their size.
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) >= sizes.minimum,
           let outcome = ChunkedIngest.read(path: path, tagger: tagger, indexing: indexing, chunkSize: sizes.chunk,
                                            onPiece: onPiece) {
            return outcome
        }
        switch decodeFile(path) {
        case .failure(let problem):
            return ReadOutcome(warnings: [IngestWarning(path: path, problem: problem)])
        case .success(let text):
            var outcome = read(text: text, path: path)
            tagger?.tag(&outcome.papers)
            return outcome
        }
    }

    /// The text of one file, or why it cannot be had. The file is decoded as it is read, so a file
    /// of N bytes costs about N bytes of memory (see `TextDecoding`).
    public static func decodeFile(_ path: String) -> Swift.Result<String, IngestProblem> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(problem(errno: errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return .failure(info.st_mode & S_IFMT == S_IFDIR ? .unreadable("a folder") : .notRegularFile)
        }
        // O_NONBLOCK: should the path have become a FIFO since stat, open does not wait for a writer.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(problem(errno: errno)) }
        defer { close(fd) }
        guard fstat(fd, &info) == 0 else { return .failure(problem(errno: errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegularFile) }
        let size = Int(info.st_size)
        if size > maximumFileSize { return .failure(.tooLarge(bytes: size, limit: maximumFileSize)) }
        if size == 0 { return .failure(.empty) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return TextDecoding.decode(fileDescriptor: fd, size: size)
    }

    static func problem(errno code: Int32) -> IngestProblem {
        switch code {
        case ENOENT: return .vanished
        case EACCES, EPERM: return .unreadable("permission denied")
        case ELOOP: return .unreadable("too many levels of symbolic links")
        default: return .unreadable(String(cString: strerror(code)))
        }
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
        outcome.papers = outcome.papers.map { $0.sanitised() }
        if outcome.papers.isEmpty && outcome.warnings.isEmpty {
            outcome.warnings.append(IngestWarning(path: path, problem: .noPaperFound))
        }
        return outcome
    }
}
