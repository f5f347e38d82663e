import Foundation

/// The parsed, tagged, indexed corpus kept on disk, so a second start with unchanged files skips
/// reading them. One cache file per set of paths, keyed by every file's path, size and modification
/// time and by the program that wrote it; versioned and checksummed. A cache that is stale, damaged
/// or from another version is ignored (and later replaced), never trusted.
public struct CorpusCache: Sendable {
    /// Bumped whenever the layout of the file changes.
    static let formatVersion: UInt32 = 1
    static let magic = Array("LECTERN-CORPUS\r\n".utf8)

    public let folder: String
    /// What else decides the papers besides the files: the program's build and any vocabulary in use.
    public let context: String

    /// Corpora smaller than this are read afresh each time: reading them costs less than a cache file.
    public var minimumBytes: Int64
    /// How many cache files (one per set of paths) are kept; the least recently written go first.
    public var keep = 12

    public init(folder: String, context: String = CorpusCache.programIdentity(), minimumBytes: Int64 = 2 << 20) {
        self.folder = folder
        self.context = context
        self.minimumBytes = minimumBytes
    }

    /// True when the sources are worth caching.
    public func worthCaching(_ sources: [Source]) -> Bool {
        sources.reduce(0) { $0 + max(0, $1.size) } >= minimumBytes
    }

    /// `$LECTERN_CACHE` when set (`off` disables the cache), else `$XDG_CACHE_HOME/lectern`,
    /// else `~/.cache/lectern`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment,
                                extraContext: String = "") -> CorpusCache? {
        let context = programIdentity() + (extraContext.isEmpty ? "" : "|" + extraContext)
        if let explicit = environment["LECTERN_CACHE"], !explicit.isEmpty {
            return ["off", "0", "no", "false"].contains(explicit.lowercased()) ? nil : CorpusCache(folder: explicit, context: context)
        }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return CorpusCache(folder: (xdg as NSString).appendingPathComponent("lectern"), context: context)
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return CorpusCache(folder: (home as NSString).appendingPathComponent(".cache/lectern"), context: context)
    }

    /// The running program's path, size and modification time: a rebuilt program may read files differently.
    public static func programIdentity() -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? "?"
        let stamp = Source(path: path)
        return "\(path):\(stamp.size):\(stamp.modified)"
    }

    /// One file as the key sees it.
    public struct Source: Hashable, Sendable {
        public var path: String
        public var size: Int64
        /// Modification time in nanoseconds since 1970.
        public var modified: Int64

        public init(path: String, size: Int64, modified: Int64) {
            self.path = path
            self.size = size
            self.modified = modified
        }

        /// The file's current size and modification time (-1 when it cannot be read).
        public init(path: String) {
            var info = stat()
            if stat(path, &info) == 0 {
                self.init(path: path, size: Int64(info.st_size),
                          modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
            } else {
                self.init(path: path, size: -1, modified: -1)
            }
        }
    }

    /// What a load produced, as stored.
    public struct Entry: Sendable {
        public var papers: [Paper]
        public var index: SearchIndex?
        public var warnings: [IngestWarning]
        public var filesRead: Int
        public var records: Int

        public init(papers: [Paper], index: SearchIndex?, warnings: [IngestWarning], filesRead: Int, records: Int) {
            self.papers = papers
            self.index = index
            self.warnings = warnings
            self.filesRead = filesRead
            self.records = records
        }
    }

    /// The cache file for a set of requested paths.
    public func file(for paths: [String]) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = paths.map { path in
            ((path.hasPrefix("/") ? path : (cwd as NSString).appendingPathComponent(path)) as NSString).standardizingPath
        }
        let name = "corpus-" + PaperID.hash(absolute.joined(separator: "\n")) + ".bin"
        return (folder as NSString).appendingPathComponent(name)
    }

    // MARK: Reading

    /// The stored corpus for these paths when every source still matches; nil when there is none,
    /// it is stale, or it cannot be trusted.
    public func load(paths: [String], sources: [Source]) -> Entry? {
        guard let file = MappedFile(path: file(for: paths)) else { return nil }
        defer { file.close() }
        return try? CorpusCache.decode(file.bytes, sources: sources, context: context)
    }

    enum Invalid: Error { case notACache, otherVersion, damaged, stale }

    static let sectionCount = 3

    /// The three sections (summary, papers, index), each checked against its checksum.
    static func sections(_ raw: UnsafeRawBufferPointer) throws -> [UnsafeRawBufferPointer] {
        guard raw.count >= magic.count + 4, Array(raw[0..<magic.count]) == magic else { throw Invalid.notACache }
        var r = CorpusCodec.Reader(raw, offset: magic.count)
        var version: UInt32 = 0
        for shift in stride(from: 0, to: 32, by: 8) { version |= UInt32(try r.byte()) << UInt32(shift) }
        guard version == formatVersion else { throw Invalid.otherVersion }
        var sections: [UnsafeRawBufferPointer] = []
        for _ in 0..<sectionCount {
            let length = try r.uint64()
            let sum = try r.uint64()
            guard length <= UInt64(raw.count - r.offset) else { throw Invalid.damaged }
            let section = UnsafeRawBufferPointer(rebasing: raw[r.offset..<(r.offset + Int(length))])
            // Checked a piece at a time, each piece's pages let go once read, so a large cache
            // never sits in memory whole beside the papers made from it.
            var checksum = CorpusCodec.Checksum()
            var done = 0
            while done < section.count {
                let end = min(section.count, done + (8 << 20))
                let piece = UnsafeRawBufferPointer(rebasing: section[done..<end])
                checksum.add(piece)
                MappedFile.release(piece)
                done = end
            }
            guard checksum.value == sum else { throw Invalid.damaged }
            sections.append(section)
            r.offset += Int(length)
        }
        guard r.atEnd else { throw Invalid.damaged }
        return sections
    }

    static func decode(_ raw: UnsafeRawBufferPointer, sources: [Source], context: String) throws -> Entry {
        let sections = try sections(raw)
        // Summary: the key, then counts, warnings and the source paths papers refer to.
        var p = CorpusCodec.Reader(sections[0])
        guard try p.string() == context else { throw Invalid.stale }
        guard try p.count(limit: sections[0].count) == sources.count else { throw Invalid.stale }
        for source in sources {
            guard try p.string() == source.path,
                  Int64(bitPattern: try p.uint64()) == source.size,
                  Int64(bitPattern: try p.uint64()) == source.modified else { throw Invalid.stale }
        }
        let filesRead = try p.int()
        let records = try p.int()
        let warningCount = try p.count(limit: sections[0].count)
        var warnings: [IngestWarning] = []
        for _ in 0..<warningCount { warnings.append(try CorpusCodec.readWarning(&p)) }
        let paths = try p.strings()
        guard p.atEnd else { throw Invalid.damaged }

        let papers = try decodePapers(sections[1], paths: paths)

        var x = CorpusCodec.Reader(sections[2])
        var index: SearchIndex?
        if try x.byte() == 1 {
            let arena = try x.block()
            let tokenStart = try x.uint32s()
            let postingStart = try x.uint32s()
            let postings = try x.uint32s()
            let indexed = try x.int()
            guard indexed == papers.count, !tokenStart.isEmpty, tokenStart.count == postingStart.count,
                  tokenStart.first == 0, postingStart.first == 0,
                  zip(tokenStart, tokenStart.dropFirst()).allSatisfy({ $0 <= $1 }),
                  zip(postingStart, postingStart.dropFirst()).allSatisfy({ $0 <= $1 }),
                  Int(tokenStart.last!) == arena.count, Int(postingStart.last!) == postings.count,
                  postings.allSatisfy({ Int($0) < indexed }) else { throw Invalid.damaged }
            index = SearchIndex(arena: arena, tokenStart: tokenStart, postingStart: postingStart,
                                postings: postings, paperCount: indexed)
        }
        guard x.atEnd else { throw Invalid.damaged }
        return Entry(papers: papers, index: index, warnings: warnings, filesRead: filesRead, records: records)
    }

    /// Papers back to back, then an offset per paper (and the end), then their count:
    /// the offsets let both cores decode a half each.
    static func decodePapers(_ section: UnsafeRawBufferPointer, paths: [String]) throws -> [Paper] {
        guard section.count >= 16 else { throw Invalid.damaged }
        var tail = CorpusCodec.Reader(section, offset: section.count - 8)
        let count = Int(try tail.uint64())
        guard count >= 0, count < section.count / 8 else { throw Invalid.damaged }
        let tableStart = section.count - 8 - (count + 1) * 8
        guard tableStart >= 0 else { throw Invalid.damaged }
        var table = CorpusCodec.Reader(section, offset: tableStart)
        var offsetList: [Int] = []
        offsetList.reserveCapacity(count + 1)
        for _ in 0...count { offsetList.append(Int(try table.uint64())) }
        let offsets = offsetList
        guard offsets.first == 0, offsets.last == tableStart,
              zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else { throw Invalid.damaged }
        let records = UnsafeSendable(UnsafeRawBufferPointer(rebasing: section[0..<tableStart]))
        let parts = count >= 4096 ? 2 : 1
        let bounds = (0...parts).map { $0 * count / parts }
        let slots = Slots<Result<[Paper], CorpusCodec.DecodeError>>(count: parts)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var reader = CorpusCodec.Reader(records.value, offset: offsets[bounds[part]])
            var released = reader.offset
            var papers: [Paper] = []
            papers.reserveCapacity(bounds[part + 1] - bounds[part])
            do throws(CorpusCodec.DecodeError) {
                for n in bounds[part]..<bounds[part + 1] {
                    guard reader.offset == offsets[n] else { throw CorpusCodec.DecodeError.badValue("paper offset") }
                    papers.append(try CorpusCodec.readPaper(&reader, paths: paths))
                    if reader.offset - released >= 4 << 20 {
                        MappedFile.release(UnsafeRawBufferPointer(rebasing: records.value[released..<reader.offset]))
                        released = reader.offset
                    }
                }
                slots.set(part, .success(papers))
            } catch {
                slots.set(part, .failure(error))
            }
        }
        var papers: [Paper] = []
        papers.reserveCapacity(count)
        for part in 0..<parts { papers += try slots.take(part).get() }
        return papers
    }

    // MARK: Writing

    /// Writes the entry atomically (temporary file, then rename). Failure to write is not an error
    /// a user needs to see: the next start simply reads the files again.
    @discardableResult
    public func store(_ entry: Entry, paths: [String], sources: [Source]) -> Bool {
        guard entry.warnings.allSatisfy(CorpusCodec.isCacheable) else { return false }
        let path = file(for: paths)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return false
        }
        let temporary = path + ".\(getpid()).tmp"
        guard let out = SectionFileWriter(path: temporary) else { return false }
        let written = CorpusCache.write(entry, sources: sources, context: context, to: out)
        guard out.close(), written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        prune()
        return true
    }

    /// Removes the oldest cache files beyond `keep`.
    func prune() {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return }
        let caches = names.filter { $0.hasPrefix("corpus-") && $0.hasSuffix(".bin") }.map { name -> (String, Int64) in
            let path = (folder as NSString).appendingPathComponent(name)
            return (path, Source(path: path).modified)
        }
        guard caches.count > keep else { return }
        for (path, _) in caches.sorted(by: { $0.1 > $1.1 }).dropFirst(keep) { unlink(path) }
    }

    static func write(_ entry: Entry, sources: [Source], context: String, to out: SectionFileWriter) -> Bool {
        var header = magic
        withUnsafeBytes(of: formatVersion.littleEndian) { header.append(contentsOf: $0) }
        out.raw(header)

        // Summary.
        var p = CorpusCodec.Writer()
        p.string(context)
        p.varint(UInt64(sources.count))
        for source in sources {
            p.string(source.path)
            p.uint64(UInt64(bitPattern: source.size))
            p.uint64(UInt64(bitPattern: source.modified))
        }
        p.int(entry.filesRead)
        p.int(entry.records)
        p.varint(UInt64(entry.warnings.count))
        for warning in entry.warnings { CorpusCodec.write(warning, into: &p) }
        var paths: [String] = []
        var pathIndex: [String: Int] = [:]
        for paper in entry.papers where pathIndex[paper.source.path] == nil {
            pathIndex[paper.source.path] = paths.count
            paths.append(paper.source.path)
        }
        p.strings(paths)
        out.beginSection()
        out.append(p.bytes)
        out.endSection()

        // Papers, streamed out a few megabytes at a time.
        out.beginSection()
        var body = CorpusCodec.Writer(capacity: 5 << 20)
        var offsets: [UInt64] = [0]
        offsets.reserveCapacity(entry.papers.count + 1)
        var total = 0
        for paper in entry.papers {
            CorpusCodec.write(paper, pathIndex: pathIndex[paper.source.path]!, into: &body)
            offsets.append(UInt64(total + body.bytes.count))
            if body.bytes.count >= 4 << 20 {
                total += body.bytes.count
                out.append(body.bytes)
                body.bytes.removeAll(keepingCapacity: true)
            }
        }
        for offset in offsets { body.uint64(offset) }
        body.uint64(UInt64(entry.papers.count))
        out.append(body.bytes)
        out.endSection()

        // Index.
        out.beginSection()
        var x = CorpusCodec.Writer()
        if let index = entry.index {
            x.byte(1)
            x.block(index.arena)
            out.append(x.bytes)
            for array in [index.tokenStart, index.postingStart, index.postings] {
                var count = CorpusCodec.Writer()
                count.varint(UInt64(array.count))
                out.append(count.bytes)
                array.withUnsafeBytes { out.append($0) }
            }
            var tail = CorpusCodec.Writer()
            tail.int(index.paperCount)
            out.append(tail.bytes)
        } else {
            x.byte(0)
            out.append(x.bytes)
        }
        out.endSection()
        return !out.failed
    }
}

/// Writes a cache file: sections of (length, checksum, bytes), lengths and checksums filled in
/// once each section is complete.
final class SectionFileWriter {
    private let fd: Int32
    private var position: Int64 = 0
    private var sectionStart: Int64 = 0
    private var sectionLength: UInt64 = 0
    private var checksum = CorpusCodec.Checksum()
    private(set) var failed = false

    init?(path: String) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 { return nil }
    }

    private func write(_ bytes: UnsafeRawBufferPointer) {
        var done = 0
        while done < bytes.count, !failed {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n <= 0 { failed = true } else { done += n }
        }
        position += Int64(bytes.count)
    }

    func raw(_ bytes: [UInt8]) { bytes.withUnsafeBytes { write($0) } }

    func beginSection() {
        sectionStart = position
        sectionLength = 0
        checksum = CorpusCodec.Checksum()
        raw([UInt8](repeating: 0, count: 16))
    }

    func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    func append(_ bytes: UnsafeRawBufferPointer) {
        checksum.add(bytes)
        sectionLength += UInt64(bytes.count)
        write(bytes)
    }

    func endSection() {
        var header: [UInt8] = []
        withUnsafeBytes(of: sectionLength.littleEndian) { header.append(contentsOf: $0) }
        withUnsafeBytes(of: checksum.value.littleEndian) { header.append(contentsOf: $0) }
        let n = header.withUnsafeBytes { pwrite(fd, $0.baseAddress!, 16, off_t(sectionStart)) }
        if n != 16 { failed = true }
    }

    /// Flushes to disk and closes; false when anything failed.
    func close() -> Bool {
        if fsync(fd) != 0 { failed = true }
        if Glibc.close(fd) != 0 { failed = true }
        return !failed
    }
}

/// A read-only memory map of a whole file.
final class MappedFile {
    let bytes: UnsafeRawBufferPointer
    private let length: Int

    init?(path: String) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0 else { return nil }
        length = Int(info.st_size)
        guard let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: address, count: length)
    }

    func close() {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), length)
    }

    /// Lets the kernel take back the whole pages of a range already read (they are read again from
    /// the file if touched later), so a mapped file does not count against memory twice.
    static func release(_ range: UnsafeRawBufferPointer) {
        guard let base = range.baseAddress, range.count > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + range.count) / page * page
        guard end > start else { return }
        madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED)
    }
}

/// A raw buffer handed to concurrent readers that only read it while its owner keeps it alive.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
