import Foundation

/// The parsed, tagged, indexed corpus kept on disk, so a second start with unchanged files skips
/// reading them. One cache file per set of paths, keyed by every file's path, size and modification
/// time and by the program that wrote it; versioned and checksummed. A cache that is stale, damaged
/// or from another version is ignored (and later replaced), never trusted.
public struct CorpusCache: Sendable {
    /// Bumped whenever the layout of the file changes.
    static let formatVersion: UInt32 = 2
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
        /// The papers' ids, in order, when known (a cache read computes them as it decodes).
        public var ids: [PaperID]?

        public init(papers: [Paper], index: SearchIndex?, warnings: [IngestWarning], filesRead: Int, records: Int,
                    ids: [PaperID]? = nil) {
            self.papers = papers
            self.index = index
            self.warnings = warnings
            self.filesRead = filesRead
            self.records = records
            self.ids = ids
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

    // MARK: Layout
    //
    // magic, version (UInt32 LE); then blocks, each checked by its own checksum; then the summary;
    // then a footer: the summary's offset, length and checksum (UInt64 LE each) and the magic again.
    // The summary holds the key (context and sources), counts, warnings, source paths and the table
    // of blocks: papers in runs (decoded on both cores at once) and the index's flat arrays.

    enum Invalid: Error { case notACache, otherVersion, damaged, stale }

    /// What a block holds.
    enum BlockKind: UInt8 {
        case papers = 0, arena, tokenStart, postingStart, postings
    }

    struct Block {
        var kind: BlockKind
        var offset: Int
        var length: Int
        var checksum: UInt64
        /// For papers: the first paper's number and how many.
        var first: Int
        var count: Int
    }

    /// Papers per block: a few megabytes each, enough blocks for both cores to share evenly.
    static let papersPerBlock = 1024
    static let footerLength = 32
    static var headerLength: Int { magic.count + 4 }

    // MARK: Reading

    /// The stored corpus for these paths when every source still matches; nil when there is none,
    /// it is stale, or it cannot be trusted. Waits for a write of the same file still under way.
    public func load(paths: [String], sources: [Source]) -> Entry? {
        let path = file(for: paths)
        PendingWrites.shared.wait(for: path)
        guard let file = MappedFile(path: path) else { return nil }
        defer { file.close() }
        return try? CorpusCache.decode(file.bytes, sources: sources, context: context)
    }

    /// The summary's bytes, found from the footer and checked; throws for anything not a whole,
    /// undamaged cache file of this version.
    static func summary(_ raw: UnsafeRawBufferPointer) throws -> UnsafeRawBufferPointer {
        guard raw.count >= headerLength + footerLength, Array(raw[0..<magic.count]) == magic else { throw Invalid.notACache }
        var r = CorpusCodec.Reader(raw, offset: magic.count)
        var version: UInt32 = 0
        for shift in stride(from: 0, to: 32, by: 8) { version |= UInt32(try r.byte()) << UInt32(shift) }
        guard version == formatVersion else { throw Invalid.otherVersion }
        var f = CorpusCodec.Reader(raw, offset: raw.count - footerLength)
        let offset = try f.uint64(), length = try f.uint64(), sum = try f.uint64()
        guard Array(raw[(raw.count - 8)...]) == Array(magic[0..<8]) else { throw Invalid.damaged }
        let end = UInt64(raw.count - footerLength)
        guard offset >= UInt64(headerLength), offset <= end, length == end - offset else { throw Invalid.damaged }
        let summary = UnsafeRawBufferPointer(rebasing: raw[Int(offset)..<Int(end)])
        guard CorpusCodec.checksum(summary) == sum else { throw Invalid.damaged }
        return summary
    }

    static func decode(_ raw: UnsafeRawBufferPointer, sources: [Source], context: String) throws -> Entry {
        let summary = try summary(raw)
        var p = CorpusCodec.Reader(summary)
        guard try p.string() == context else { throw Invalid.stale }
        guard try p.count(limit: summary.count) == sources.count else { throw Invalid.stale }
        for source in sources {
            guard try p.string() == source.path,
                  Int64(bitPattern: try p.uint64()) == source.size,
                  Int64(bitPattern: try p.uint64()) == source.modified else { throw Invalid.stale }
        }
        let filesRead = try p.int()
        let records = try p.int()
        let warningCount = try p.count(limit: summary.count)
        var warnings: [IngestWarning] = []
        for _ in 0..<warningCount { warnings.append(try CorpusCodec.readWarning(&p)) }
        let paths = try p.strings()
        let paperCount = try p.count(limit: raw.count)
        let hasIndex = try p.byte() == 1
        let blockCount = try p.count(limit: summary.count / 8)
        var blocks: [Block] = []
        for _ in 0..<blockCount {
            guard let kind = BlockKind(rawValue: try p.byte()) else { throw Invalid.damaged }
            blocks.append(Block(kind: kind, offset: Int(try p.count(limit: raw.count)), length: Int(try p.count(limit: raw.count)),
                                checksum: try p.uint64(), first: try p.count(limit: paperCount), count: try p.count(limit: paperCount)))
        }
        guard p.atEnd else { throw Invalid.damaged }

        // The blocks tile the space between the header and the summary, each paper is in one block,
        // and the index, when there is one, has each of its arrays once.
        let summaryStart = raw.count - footerLength - summary.count
        var next = headerLength
        for block in blocks.sorted(by: { $0.offset < $1.offset }) {
            guard block.offset == next else { throw Invalid.damaged }
            next += block.length
        }
        guard next == summaryStart else { throw Invalid.damaged }
        var covered = 0
        for block in blocks.filter({ $0.kind == .papers }).sorted(by: { $0.first < $1.first }) {
            guard block.first == covered, block.count > 0 else { throw Invalid.damaged }
            covered += block.count
        }
        guard covered == paperCount else { throw Invalid.damaged }
        let arrays = blocks.filter { $0.kind != .papers }.map(\.kind.rawValue).sorted()
        guard arrays == (hasIndex ? [1, 2, 3, 4] : []) else { throw Invalid.damaged }

        let (papers, ids, index) = try decodeBlocks(raw, blocks: blocks, paperCount: paperCount, paths: paths)
        return Entry(papers: papers, index: index, warnings: warnings, filesRead: filesRead, records: records, ids: ids)
    }

    /// What one array block decodes to.
    enum Decoded {
        case bytes([UInt8])
        case words([UInt32])
    }

    /// Checks and decodes every block, both cores taking blocks in turn (the index's arrays first,
    /// the largest first); papers and their ids are decoded straight into their final arrays.
    static func decodeBlocks(_ raw: UnsafeRawBufferPointer, blocks: [Block], paperCount: Int, paths: [String])
    throws -> ([Paper], [PaperID], SearchIndex?) {
        let order = blocks.indices.sorted { a, b in
            let x = blocks[a], y = blocks[b]
            if (x.kind == .papers) != (y.kind == .papers) { return y.kind == .papers }
            return x.length > y.length
        }
        let arrays = Slots<Decoded>(count: blocks.count)
        // Papers decoded in each block (all of them unless it failed), to undo a failed read.
        let filled = Slots<Int>(count: blocks.count)
        let failed = Flag()
        let next = Counter()
        let file = UnsafeSendable(raw)
        var ids: [PaperID] = []
        let papers = try [Paper](unsafeUninitializedCapacity: paperCount) { paperBuffer, paperCountOut in
            ids = try [PaperID](unsafeUninitializedCapacity: paperCount) { idBuffer, idCountOut in
                let out = UnsafeSendable((paperBuffer.baseAddress, idBuffer.baseAddress))
                let workers = max(1, min(blocks.count, 2, ProcessInfo.processInfo.activeProcessorCount))
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    // Headings, keywords, journals and disease names repeat from paper to paper: one String each.
                    var pool = StringPool()
                    while !failed.isSet, let n = next.take(below: order.count) {
                        let block = blocks[order[n]]
                        let bytes = UnsafeRawBufferPointer(rebasing: file.value[block.offset..<(block.offset + block.length)])
                        defer { MappedFile.release(bytes) }
                        guard CorpusCodec.checksum(bytes) == block.checksum else { failed.set(); continue }
                        if block.kind == .papers {
                            var reader = CorpusCodec.Reader(bytes)
                            var done = 0
                            do {
                                while done < block.count {
                                    let paper = try CorpusCodec.readPaper(&reader, paths: paths, pool: &pool)
                                    (out.value.1! + block.first + done).initialize(to: paper.id)
                                    (out.value.0! + block.first + done).initialize(to: paper)
                                    done += 1
                                }
                                if !reader.atEnd { failed.set() }
                            } catch {
                                failed.set()
                            }
                            filled.set(order[n], done)
                        } else if let value = decodeArray(block, bytes, paperCount: paperCount) {
                            arrays.set(order[n], value)
                        } else {
                            failed.set()
                        }
                    }
                }
                if failed.isSet {
                    for (n, block) in blocks.enumerated() where block.kind == .papers {
                        if let done = filled.takeIfSet(n), done > 0 {
                            (paperBuffer.baseAddress! + block.first).deinitialize(count: done)
                            (idBuffer.baseAddress! + block.first).deinitialize(count: done)
                        }
                    }
                    throw Invalid.damaged
                }
                idCountOut = paperCount
            }
            paperCountOut = paperCount
        }

        guard blocks.contains(where: { $0.kind == .arena }) else { return (papers, ids, nil) }
        var arena: [UInt8] = [], tokenStart: [UInt32] = [], postingStart: [UInt32] = [], postings: [UInt32] = []
        for (n, block) in blocks.enumerated() where block.kind != .papers {
            switch (block.kind, arrays.take(n)) {
            case (.arena, .bytes(let bytes)): arena = bytes
            case (.tokenStart, .words(let words)): tokenStart = words
            case (.postingStart, .words(let words)): postingStart = words
            case (.postings, .words(let words)): postings = words
            default: throw Invalid.damaged
            }
        }
        guard !tokenStart.isEmpty, tokenStart.count == postingStart.count, tokenStart.first == 0, postingStart.first == 0,
              Int(tokenStart.last!) == arena.count, Int(postingStart.last!) == postings.count else { throw Invalid.damaged }
        let index = SearchIndex(arena: arena, tokenStart: tokenStart, postingStart: postingStart, postings: postings,
                                paperCount: paperCount)
        return (papers, ids, index)
    }

    /// One of the index's arrays, or nil when its values cannot be right: offsets must ascend and
    /// postings must name papers that exist.
    static func decodeArray(_ block: Block, _ bytes: UnsafeRawBufferPointer, paperCount: Int) -> Decoded? {
        if block.kind == .arena { return .bytes(Array(bytes.bindMemory(to: UInt8.self))) }
        guard bytes.count % 4 == 0 else { return nil }
        let words = [UInt32](unsafeUninitializedCapacity: bytes.count / 4) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes)
            initialized = bytes.count / 4
        }
        let valid = words.withUnsafeBufferPointer { w -> Bool in
            if block.kind == .postings {
                let limit = UInt32(truncatingIfNeeded: paperCount)
                var ok = true
                for value in w { ok = ok && value < limit }
                return ok && paperCount <= Int(UInt32.max)
            }
            var ok = true
            var k = 1
            while k < w.count { ok = ok && w[k - 1] <= w[k]; k += 1 }
            return ok
        }
        return valid ? .words(words) : nil
    }

    // MARK: Writing

    /// Writes the entry atomically (temporary file, flushed to disk, then renamed). Failure to write
    /// is not an error a user needs to see: the next start simply reads the files again.
    @discardableResult
    public func store(_ entry: Entry, paths: [String], sources: [Source]) -> Bool {
        guard entry.warnings.allSatisfy(CorpusCodec.isCacheable) else { return false }
        let path = file(for: paths)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            return false
        }
        let temporary = path + ".\(getpid()).\(PendingWrites.shared.serial()).tmp"
        guard let out = BlockFileWriter(path: temporary) else { return false }
        let written = CorpusCache.write(entry, sources: sources, context: context, to: out)
        guard out.close(), written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        prune()
        return true
    }

    /// Starts writing the entry on a background thread and returns at once. A later `load` of the
    /// same file waits for it; the process waits for every write still under way when it exits.
    public func storeInBackground(_ entry: Entry, paths: [String], sources: [Source]) {
        let path = file(for: paths)
        let cache = self
        PendingWrites.shared.start(path) { cache.store(entry, paths: paths, sources: sources) }
    }

    /// Waits for every cache write still under way; returns how many seconds the writes took in all.
    @discardableResult
    public static func waitForPendingWrites() -> Double {
        PendingWrites.shared.waitForAll()
    }

    /// Removes the oldest cache files beyond `keep`, and temporary files no process is writing.
    func prune() {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix("corpus-") && name.hasSuffix(".tmp") {
            let parts = name.split(separator: ".")
            if parts.count >= 4, let pid = Int32(parts[parts.count - 3]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink((folder as NSString).appendingPathComponent(name))
            }
        }
        let caches = names.filter { $0.hasPrefix("corpus-") && $0.hasSuffix(".bin") }.map { name -> (String, Int64) in
            let path = (folder as NSString).appendingPathComponent(name)
            return (path, Source(path: path).modified)
        }
        guard caches.count > keep else { return }
        for (path, _) in caches.sorted(by: { $0.1 > $1.1 }).dropFirst(keep) { unlink(path) }
    }

    /// Encodes and writes the blocks on both cores (each block as soon as it is encoded, so only a
    /// few megabytes are held at once), then the summary and the footer.
    static func write(_ entry: Entry, sources: [Source], context: String, to out: BlockFileWriter) -> Bool {
        var header = magic
        withUnsafeBytes(of: formatVersion.littleEndian) { header.append(contentsOf: $0) }
        out.raw(header)

        var paths: [String] = []
        var pathIndex: [String: Int] = [:]
        for paper in entry.papers where pathIndex[paper.source.path] == nil {
            pathIndex[paper.source.path] = paths.count
            paths.append(paper.source.path)
        }
        let paperBlocks = (entry.papers.count + papersPerBlock - 1) / papersPerBlock
        let arrays: [BlockKind] = entry.index == nil ? [] : [.postings, .arena, .tokenStart, .postingStart]
        let jobs = arrays.count + paperBlocks
        let next = Counter()
        let lookup = pathIndex
        DispatchQueue.concurrentPerform(iterations: max(1, min(2, jobs))) { _ in
            var body = CorpusCodec.Writer(capacity: 4 << 20)
            while let job = next.take(below: jobs), !out.failed {
                if job < arrays.count, let index = entry.index {
                    let kind = arrays[job]
                    let write: (UnsafeRawBufferPointer) -> Void = { out.block(kind, $0, first: 0, count: 0) }
                    switch kind {
                    case .arena: index.arena.withUnsafeBytes(write)
                    case .tokenStart: index.tokenStart.withUnsafeBytes(write)
                    case .postingStart: index.postingStart.withUnsafeBytes(write)
                    default: index.postings.withUnsafeBytes(write)
                    }
                    continue
                }
                let first = (job - arrays.count) * papersPerBlock
                let end = min(entry.papers.count, first + papersPerBlock)
                body.bytes.removeAll(keepingCapacity: true)
                // Most papers share their neighbour's source path: its number is looked up only when it changes.
                entry.papers.withUnsafeBufferPointer { papers in
                    var lastPath: String?, lastIndex = 0
                    // Each paper is read in place, through a pointer: neither it nor its strings are copied.
                    for n in first..<end {
                        let paper = papers.baseAddress! + n
                        if paper.pointee.source.path != lastPath {
                            lastPath = paper.pointee.source.path
                            lastIndex = lookup[paper.pointee.source.path]!
                        }
                        CorpusCodec.write(paper, pathIndex: lastIndex, into: &body)
                    }
                }
                body.bytes.withUnsafeBytes { out.block(.papers, $0, first: first, count: end - first) }
            }
        }

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
        p.strings(paths)
        p.varint(UInt64(entry.papers.count))
        p.byte(entry.index == nil ? 0 : 1)
        let blocks = out.blocks
        p.varint(UInt64(blocks.count))
        for block in blocks {
            p.byte(block.kind.rawValue)
            p.varint(UInt64(block.offset))
            p.varint(UInt64(block.length))
            p.uint64(block.checksum)
            p.varint(UInt64(block.first))
            p.varint(UInt64(block.count))
        }
        let summaryOffset = out.position
        out.raw(p.bytes)
        var footer = CorpusCodec.Writer()
        footer.uint64(UInt64(summaryOffset))
        footer.uint64(UInt64(p.bytes.count))
        footer.uint64(p.bytes.withUnsafeBytes { CorpusCodec.checksum($0) })
        footer.bytes += magic[0..<8]
        out.raw(footer.bytes)
        return !out.failed
    }
}

/// Writes a cache file: the header, then blocks appended by any thread as each is ready (their
/// checksums taken by the thread that made them), then the summary and footer.
final class BlockFileWriter: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private(set) var position = 0
    private(set) var blocks: [CorpusCache.Block] = []
    private var failedFlag = false

    init?(path: String) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { return nil }
    }

    var failed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return failedFlag
    }

    private func write(_ bytes: UnsafeRawBufferPointer) {
        if !failedFlag, FileDescriptorWrite.all(fd, bytes) != 0 { failedFlag = true }
        position += bytes.count
    }

    func raw(_ bytes: [UInt8]) {
        lock.lock()
        bytes.withUnsafeBytes { write($0) }
        lock.unlock()
    }

    /// Appends a block; the checksum is taken before the lock, on the calling thread. The disk is
    /// asked to start writing the block at once, so the flush at the end has little left to wait for.
    func block(_ kind: CorpusCache.BlockKind, _ bytes: UnsafeRawBufferPointer, first: Int, count: Int) {
        let sum = CorpusCodec.checksum(bytes)
        lock.lock()
        let offset = position
        blocks.append(CorpusCache.Block(kind: kind, offset: offset, length: bytes.count, checksum: sum, first: first, count: count))
        write(bytes)
        lock.unlock()
        StartWriteback.range(fd, offset: offset, length: bytes.count)
    }

    /// Flushes to disk and closes; false when anything failed.
    func close() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if fsync(fd) != 0 { failedFlag = true }
        if Glibc.close(fd) != 0 { failedFlag = true }
        return !failedFlag
    }
}

/// Starts the disk writing a range of a file without waiting for it (Linux `sync_file_range` with
/// `SYNC_FILE_RANGE_WRITE`, looked up at run time; nothing where the C library lacks it). Only a head
/// start for the `fsync` that follows: it promises nothing by itself.
enum StartWriteback {
    private typealias Function = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    private static let function: Function? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range")
        .map { unsafeBitCast($0, to: Function.self) }
    /// SYNC_FILE_RANGE_WRITE in <fcntl.h>.
    private static let write: UInt32 = 2

    static func range(_ fd: Int32, offset: Int, length: Int) {
        guard let function, length > 0 else { return }
        _ = function(fd, Int64(offset), Int64(length), write)
    }
}

/// A flag any thread may raise.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}

/// Cache writes under way on background threads, by cache file.
final class PendingWrites: @unchecked Sendable {
    static let shared = PendingWrites()

    private let lock = NSCondition()
    private var running: [String: Int] = [:]
    private var seconds = 0.0
    private var counter = 0
    private var hooked = false

    func serial() -> Int {
        lock.lock()
        defer { lock.unlock() }
        counter += 1
        return counter
    }

    func start(_ path: String, _ work: @escaping @Sendable () -> Void) {
        lock.lock()
        running[path, default: 0] += 1
        if !hooked {
            hooked = true
            atexit { PendingWrites.shared.waitForAll() }
        }
        lock.unlock()
        Thread.detachNewThread {
            let clock = ContinuousClock()
            let start = clock.now
            work()
            let (s, atto) = (clock.now - start).components
            self.lock.lock()
            self.seconds += Double(s) + Double(atto) / 1e18
            self.running[path]! -= 1
            if self.running[path] == 0 { self.running[path] = nil }
            self.lock.broadcast()
            self.lock.unlock()
        }
    }

    func wait(for path: String) {
        lock.lock()
        while running[path] != nil { lock.wait() }
        lock.unlock()
    }

    @discardableResult
    func waitForAll() -> Double {
        lock.lock()
        while !running.isEmpty { lock.wait() }
        let total = seconds
        lock.unlock()
        return total
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
        // All of it is read at once: when it is not in the page cache, the kernel starts reading the
        // whole file now rather than page by page as each is first touched.
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED)
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
