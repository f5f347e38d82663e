import Foundation

/// A compact binary form of papers, for the corpus cache: varint lengths, UTF-8 bytes,
/// and an offset per paper so two threads can decode halves at once.
enum CorpusCodec {
    enum DecodeError: Error, Equatable {
        case truncated
        case badValue(String)
    }

    // MARK: Writing

    struct Writer {
        var bytes: [UInt8] = []

        init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

        mutating func byte(_ value: UInt8) { bytes.append(value) }

        mutating func varint(_ value: UInt64) {
            var v = value
            while v >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            bytes.append(UInt8(v))
        }

        mutating func int(_ value: Int) { varint(UInt64(bitPattern: Int64(value))) }

        mutating func uint64(_ value: UInt64) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func string(_ text: String) {
            // A native string's bytes are read where they are: no copy of the string, no retain.
            let done: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
                varint(UInt64(utf8.count))
                bytes.append(contentsOf: utf8)
            }
            guard done == nil else { return }
            var text = text
            text.withUTF8 { utf8 in
                varint(UInt64(utf8.count))
                bytes.append(contentsOf: utf8)
            }
        }

        /// nil as 0, else length + 1 then the bytes.
        mutating func optionalString(_ text: String?) {
            guard let text else { return byte(0) }
            let done: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
                varint(UInt64(utf8.count) + 1)
                bytes.append(contentsOf: utf8)
            }
            guard done == nil else { return }
            var copy = text
            copy.withUTF8 { utf8 in
                varint(UInt64(utf8.count) + 1)
                bytes.append(contentsOf: utf8)
            }
        }

        mutating func optionalInt(_ value: Int?) {
            guard let value else { return byte(0) }
            byte(1)
            int(value)
        }

        mutating func strings(_ list: [String]) {
            varint(UInt64(list.count))
            list.withUnsafeBufferPointer { items in
                for n in items.indices { string(items[n]) }
            }
        }

        mutating func uint32s(_ values: [UInt32]) {
            varint(UInt64(values.count))
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }

        mutating func block(_ values: [UInt8]) {
            varint(UInt64(values.count))
            bytes.append(contentsOf: values)
        }
    }

    // MARK: Reading

    struct Reader {
        let base: UnsafeRawBufferPointer
        var offset: Int

        init(_ base: UnsafeRawBufferPointer, offset: Int = 0) {
            self.base = base
            self.offset = offset
        }

        var atEnd: Bool { offset >= base.count }

        mutating func byte() throws(DecodeError) -> UInt8 {
            guard offset < base.count else { throw .truncated }
            defer { offset += 1 }
            return base[offset]
        }

        mutating func varint() throws(DecodeError) -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = try byte()
                result |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return result }
                shift += 7
                if shift > 63 { throw .badValue("varint too long") }
            }
        }

        mutating func int() throws(DecodeError) -> Int {
            Int(truncatingIfNeeded: Int64(bitPattern: try varint()))
        }

        mutating func count(limit: Int) throws(DecodeError) -> Int {
            let value = try varint()
            guard value <= UInt64(limit) else { throw .badValue("count \(value) exceeds \(limit)") }
            return Int(value)
        }

        mutating func uint64() throws(DecodeError) -> UInt64 {
            guard offset + 8 <= base.count else { throw .truncated }
            defer { offset += 8 }
            return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }

        /// The next `length` bytes, read past.
        private mutating func take(_ length: Int) throws(DecodeError) -> UnsafeBufferPointer<UInt8> {
            guard length >= 0, offset + length <= base.count else { throw .truncated }
            defer { offset += length }
            return UnsafeBufferPointer(start: base.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self), count: length)
        }

        private mutating func utf8(_ length: Int) throws(DecodeError) -> String {
            String(decoding: try take(length), as: UTF8.self)
        }

        private mutating func pooled(_ length: Int, _ pool: inout StringPool) throws(DecodeError) -> String {
            let bytes = try take(length)
            return pool.string(bytes.baseAddress!, bytes.count)
        }

        mutating func string() throws(DecodeError) -> String {
            try utf8(try count(limit: base.count))
        }

        /// A value many papers hold (a heading, keyword, journal, type or disease name), made through
        /// the pool so equal values share one String.
        mutating func string(pool: inout StringPool) throws(DecodeError) -> String {
            try pooled(try count(limit: base.count), &pool)
        }

        mutating func optionalString(pool: inout StringPool) throws(DecodeError) -> String? {
            let length = try count(limit: base.count + 1)
            return length == 0 ? nil : try pooled(length - 1, &pool)
        }

        mutating func strings(pool: inout StringPool) throws(DecodeError) -> [String] {
            let n = try count(limit: base.count)
            var list: [String] = []
            list.reserveCapacity(n)
            for _ in 0..<n { list.append(try string(pool: &pool)) }
            return list
        }

        mutating func optionalString() throws(DecodeError) -> String? {
            let length = try count(limit: base.count + 1)
            return length == 0 ? nil : try utf8(length - 1)
        }

        mutating func optionalInt() throws(DecodeError) -> Int? {
            switch try byte() {
            case 0: return nil
            case 1: return try int()
            default: throw .badValue("optional flag")
            }
        }

        mutating func strings() throws(DecodeError) -> [String] {
            let n = try count(limit: base.count)
            var list: [String] = []
            list.reserveCapacity(n)
            for _ in 0..<n { list.append(try string()) }
            return list
        }

        mutating func block() throws(DecodeError) -> [UInt8] {
            let n = try count(limit: base.count)
            guard offset + n <= base.count else { throw .truncated }
            defer { offset += n }
            return Array(base[offset..<(offset + n)])
        }

        mutating func uint32s() throws(DecodeError) -> [UInt32] {
            let n = try count(limit: base.count / 4)
            guard offset + n * 4 <= base.count else { throw .truncated }
            let values = [UInt32](unsafeUninitializedCapacity: n) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: base[offset..<(offset + n * 4)]))
                initialized = n
            }
            offset += n * 4
            return values
        }
    }

    // MARK: Papers

    static let formats = DocumentFormat.allCases

    /// One paper; `sourcePaths` interns the source path (most papers share few files).
    static func write(_ paper: UnsafePointer<Paper>, pathIndex: Int, into w: inout Writer) {
        w.string(paper.pointee.title)
        w.strings(paper.pointee.authors)
        w.byte(paper.pointee.authorsTruncated ? 1 : 0)
        w.optionalString(paper.pointee.journal)
        w.optionalInt(paper.pointee.year)
        w.optionalString(paper.pointee.date)
        w.optionalString(paper.pointee.volume)
        w.optionalString(paper.pointee.issue)
        w.optionalString(paper.pointee.pages)
        w.optionalString(paper.pointee.doi)
        w.optionalString(paper.pointee.pmid)
        w.optionalString(paper.pointee.pmcid)
        w.optionalString(paper.pointee.abstract)
        w.strings(paper.pointee.keywords)
        w.strings(paper.pointee.publicationTypes)
        w.strings(paper.pointee.meshTerms)
        w.varint(UInt64(paper.pointee.diseases.count))
        paper.pointee.diseases.withUnsafeBufferPointer { tags in
            for i in tags.indices {
                w.string(tags[i].name)
                w.byte(tags[i].role == .primary ? 0 : 1)
            }
        }
        w.varint(UInt64(pathIndex))
        w.byte(UInt8(formats.firstIndex(of: paper.pointee.source.format) ?? 0))
        w.optionalInt(paper.pointee.source.line)
    }

    /// One paper; values papers share are made through `pool`.
    static func readPaper(_ r: inout Reader, paths: [String], pool: inout StringPool) throws(DecodeError) -> Paper {
        let title = try r.string()
        let authors = try r.strings()
        let truncated = try r.byte() == 1
        let journal = try r.optionalString(pool: &pool)
        let year = try r.optionalInt()
        let date = try r.optionalString()
        let volume = try r.optionalString()
        let issue = try r.optionalString()
        let pages = try r.optionalString()
        let doi = try r.optionalString()
        let pmid = try r.optionalString()
        let pmcid = try r.optionalString()
        let abstract = try r.optionalString()
        let keywords = try r.strings(pool: &pool)
        let types = try r.strings(pool: &pool)
        let mesh = try r.strings(pool: &pool)
        let tagCount = try r.count(limit: r.base.count)
        var diseases: [DiseaseTag] = []
        diseases.reserveCapacity(tagCount)
        for _ in 0..<tagCount {
            let name = try r.string(pool: &pool)
            let role: DiseaseTag.Role
            switch try r.byte() {
            case 0: role = .primary
            case 1: role = .mentioned
            default: throw .badValue("disease role")
            }
            diseases.append(DiseaseTag(name: name, role: role))
        }
        let pathIndex = try r.count(limit: paths.count - 1)
        let formatIndex = Int(try r.byte())
        guard formatIndex < formats.count else { throw .badValue("format") }
        let line = try r.optionalInt()
        return Paper(
            title: title, authors: authors, authorsTruncated: truncated, journal: journal, year: year, date: date,
            volume: volume, issue: issue, pages: pages, doi: doi, pmid: pmid, pmcid: pmcid, abstract: abstract,
            keywords: keywords, publicationTypes: types, meshTerms: mesh, diseases: diseases,
            source: PaperSource(path: paths[pathIndex], format: formats[formatIndex], line: line))
    }

    /// Whether a warning may be replayed from a cache: the file's bytes decide it. A file that
    /// could not be read (permissions, a vanished file, a pipe) may read fine next time with the
    /// same size and modification time, so a load with such a warning is not cached.
    static func isCacheable(_ warning: IngestWarning) -> Bool {
        switch warning.problem {
        case .empty, .binary, .tooLarge, .noPaperFound, .badRecord: return true
        default: return false
        }
    }

    static func write(_ warning: IngestWarning, into w: inout Writer) {
        w.string(warning.path)
        w.optionalInt(warning.line)
        switch warning.problem {
        case .empty: w.byte(2)
        case .binary: w.byte(3)
        case .tooLarge(let bytes, let limit): w.byte(4); w.int(bytes); w.int(limit)
        case .noPaperFound: w.byte(5)
        case .badRecord(let reason): w.byte(6); w.string(reason)
        default: w.byte(255)
        }
    }

    static func readWarning(_ r: inout Reader) throws(DecodeError) -> IngestWarning {
        let path = try r.string()
        let line = try r.optionalInt()
        let problem: IngestProblem
        switch try r.byte() {
        case 2: problem = .empty
        case 3: problem = .binary
        case 4:
            let bytes = try r.int()
            problem = .tooLarge(bytes: bytes, limit: try r.int())
        case 5: problem = .noPaperFound
        case 6: problem = .badRecord(try r.string())
        default: throw .badValue("warning kind")
        }
        return IngestWarning(path: path, line: line, problem: problem)
    }

    /// A fast 64-bit checksum of bytes (8 at a time, multiply-rotate), fed in pieces; not
    /// cryptographic, enough to tell a damaged or truncated file from a good one.
    struct Checksum {
        private var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        private var count: UInt64 = 0
        private var pending: [UInt8] = []

        /// Adds bytes; every piece but the last should be a multiple of 8 bytes long to stay fast.
        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            var start = 0
            if !pending.isEmpty {
                while pending.count < 8 && start < bytes.count {
                    pending.append(bytes[start])
                    start += 1
                }
                if pending.count == 8 {
                    pending.withUnsafeBytes { mix(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
                    pending.removeAll(keepingCapacity: true)
                }
            }
            let words = (bytes.count - start) / 8
            for i in 0..<words {
                mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start + i * 8, as: UInt64.self)))
            }
            pending.append(contentsOf: bytes[(start + words * 8)...])
            count += UInt64(bytes.count)
        }

        @inline(__always)
        private mutating func mix(_ w: UInt64) {
            h ^= w &* 0xFF51_AFD7_ED55_8CCD
            h = ((h << 27) | (h >> 37)) &* 0x9FB2_1C65_1E98_DF25
        }

        var value: UInt64 {
            var tail: UInt64 = 0
            for b in pending { tail = (tail << 8) | UInt64(b) }
            var v = h ^ (tail &* 0xC4CE_B9FE_1A85_EC53) ^ count
            v ^= v >> 33
            return v
        }
    }

    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var sum = Checksum()
        sum.add(bytes)
        return sum.value
    }
}
