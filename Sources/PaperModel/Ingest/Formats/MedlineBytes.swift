import Foundation

/// MEDLINE records read straight from UTF-8 bytes: lines, `TAG - value` fields and continuation lines
/// are found byte by byte, and a String is made only for each field value that ends up in a paper.
///
/// The result is exactly what reading the decoded text line by line gives (`TaggedLines` rules,
/// `ReferenceFields.clean` on every value, then `Paper.sanitised`). Values made only of ASCII,
/// Latin, Greek and general punctuation — each character one scalar that cannot join its neighbour —
/// are collapsed and split on the bytes; anything else (combining marks, other scripts, invalid
/// UTF-8) takes the String path the text reader always took, value by value.
enum MedlineBytes {
    /// Papers and warnings in the bytes, line numbers counted from 1 at the first byte, and how many
    /// line breaks the bytes hold. `sanitise` removes control characters as `Paper.sanitised` does.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, path: String, sanitise: Bool) -> (outcome: ReadOutcome, lines: Int) {
        var pool = StringPool()
        return read(bytes, path: path, sanitise: sanitise, pool: &pool)
    }

    /// As above, making repeated values (headings, keywords, journals, names) through `pool`.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, path: String, sanitise: Bool,
                     pool: inout StringPool) -> (outcome: ReadOutcome, lines: Int) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            // An empty text is one empty line: nothing to read.
            return (ReadOutcome(), 0)
        }
        var builder = RecordBuilder(base: base, count: bytes.count, path: path, sanitise: sanitise)
        swap(&builder.pool, &pool)
        defer {
            swap(&builder.pool, &pool)
            builder.deallocate()
        }
        let end = bytes.count
        var lineStart = 0
        var lineNumber = 0
        while true {
            lineNumber += 1
            let line = scanLine(base, from: lineStart, end: end)
            if line.control { builder.control = true }
            if isBlank(base, lineStart, line.end) {
                builder.close()
            } else if let (tag, valueStart) = tagged(base, lineStart, line.end) {
                if tag == Tag.pmid, builder.hasPMID { builder.close() }
                if line.control { builder.control = true }
                builder.addField(tag: tag, line: lineNumber, from: valueStart, to: line.end)
            } else if builder.hasFields {
                // A continuation line (six spaces in PubMed's files; any indent or none is tolerated).
                builder.addContinuation(from: lineStart, to: line.end)
            }
            guard line.next >= 0 else { break }
            lineStart = line.next
        }
        builder.close()
        return (builder.outcome, lineNumber - 1)
    }

    // MARK: Lines

    /// The end of the line starting at `from` (the first byte of its line break, or `end`), where
    /// the next line starts (-1 when the bytes end without a break), and whether the line holds a
    /// control character the sanitiser removes. Line breaks are those of `TaggedLines.lines`:
    /// LF, CR LF, lone CR, VT, FF, NEL (C2 85), LS and PS (E2 80 A8/A9).
    @inline(__always)
    static func scanLine(_ p: UnsafePointer<UInt8>, from: Int, end: Int) -> (end: Int, next: Int, control: Bool) {
        var i = from
        var control = false
        // Eight bytes at a time past printable ASCII.
        while i + 8 <= end {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            var mask = special(w)
            while mask != 0 {
                let at = i + mask.trailingZeroBitCount >> 3
                if let next = lineBreak(p, at: at, end: end, control: &control) { return (at, next, control) }
                mask &= mask &- 1
            }
            i += 8
        }
        while i < end {
            if p[i] < 0x20 || p[i] >= 0x7F, let next = lineBreak(p, at: i, end: end, control: &control) {
                return (i, next, control)
            }
            i += 1
        }
        return (end, -1, control)
    }

    /// Where the next line starts when a line break begins at `at`; else nil, and `control` set when
    /// the byte is a control character the sanitiser removes.
    @inline(__always)
    private static func lineBreak(_ p: UnsafePointer<UInt8>, at: Int, end: Int, control: inout Bool) -> Int? {
        let b = p[at]
        if b < 0x20 {
            switch b {
            case 0x0A, 0x0B, 0x0C: return at + 1
            case 0x0D: return at + 1 < end && p[at + 1] == 0x0A ? at + 2 : at + 1
            case 0x09: break
            default: control = true
            }
        } else if b == 0x7F {
            control = true
        } else if b == 0xC2, at + 1 < end {
            let next = p[at + 1]
            if next == 0x85 { return at + 2 }
            if next >= 0x80 && next <= 0x9F { control = true }
        } else if b == 0xE2, at + 2 < end, p[at + 1] == 0x80, p[at + 2] == 0xA8 || p[at + 2] == 0xA9 {
            return at + 3
        }
        return nil
    }

    /// High bit set in each byte of the word that is below 0x20, 0x7F, or 0x80 and above (bytes above
    /// a flagged one may be flagged too; each flagged byte is looked at again).
    @inline(__always)
    static func special(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let below = (w &- ones &* 0x20) & ~w & high
        let del = w ^ (ones &* 0x7F)
        let isDel = (del &- ones) & ~del & high
        return below | isDel | (w & high)
    }

    /// True for an empty line or one of spaces and tabs only (`TaggedLines.isBlankLine`).
    @inline(__always)
    static func isBlank(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end {
            let b = p[i]
            if b != 0x20 && b != 0x09 && b != 0x0D { return false }
            i += 1
        }
        return true
    }

    /// The tag (as `Tag` packs it) and where the value starts, for a line `TaggedLines.tagged` takes as
    /// a tag line: 2 to 4 capitals or digits starting with a capital, at most four spaces or tabs
    /// (none after a four-letter tag), a hyphen, then nothing or a space or tab.
    @inline(__always)
    static func tagged(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (UInt32, Int)? {
        var i = start
        var code: UInt32 = 0
        var length = 0
        while i < end, length <= 4 {
            let c = p[i]
            guard (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39 && length > 0) else { break }
            code = code << 8 | UInt32(c)
            length += 1
            i += 1
        }
        guard length >= 2, length <= 4 else { return nil }
        var spaces = 0
        while i < end, p[i] == 0x20 || p[i] == 0x09 {
            spaces += 1
            i += 1
        }
        guard spaces >= 1 || length == 4, spaces <= 4, i < end, p[i] == 0x2D else { return nil }
        i += 1
        if i < end {
            guard p[i] == 0x20 || p[i] == 0x09 else { return nil }
            // A mark that joins the space after the hyphen makes one character that is not a space:
            // let the text reader decide such a line.
            if i + 1 < end, p[i + 1] >= 0x80, mayJoin(p, i + 1, end) {
                let text = String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self)
                guard TaggedLines.tagged(Substring(text)) != nil else { return nil }
            }
        }
        return (code << (8 * UInt32(4 - length)), i)
    }

    /// False when the non-ASCII character at `i` surely starts a character of its own (Latin letters
    /// and symbols up to U+02FF, general punctuation other than the joiners U+200C and U+200D).
    @inline(__always)
    static func mayJoin(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        let b = p[i]
        if b >= 0xC2 && b <= 0xCB { return false }
        if b == 0xE2, i + 2 < end, p[i + 1] == 0x80, p[i + 2] != 0x8C, p[i + 2] != 0x8D { return false }
        return true
    }

    /// Tags packed into four bytes, left-aligned, zero-padded: "TI" is 0x5449_0000.
    enum Tag {
        static let pmid: UInt32 = 0x504D_4944
        static let ti: UInt32 = 0x5449_0000
        static let bti: UInt32 = 0x4254_4900
        static let ab: UInt32 = 0x4142_0000
        static let fau: UInt32 = 0x4641_5500
        static let au: UInt32 = 0x4155_0000
        static let cn: UInt32 = 0x434E_0000
        static let jt: UInt32 = 0x4A54_0000
        static let ta: UInt32 = 0x5441_0000
        static let dp: UInt32 = 0x4450_0000
        static let vi: UInt32 = 0x5649_0000
        static let ip: UInt32 = 0x4950_0000
        static let pg: UInt32 = 0x5047_0000
        static let lid: UInt32 = 0x4C49_4400
        static let aid: UInt32 = 0x4149_4400
        static let ot: UInt32 = 0x4F54_0000
        static let mh: UInt32 = 0x4D48_0000
        static let pt: UInt32 = 0x5054_0000
        static let pmc: UInt32 = 0x504D_4300

        /// The packed form of a tag's text.
        static func code(_ tag: String) -> UInt32 {
            var code: UInt32 = 0
            for (k, b) in tag.utf8.prefix(4).enumerated() { code |= UInt32(b) << (8 * UInt32(3 - k)) }
            return code
        }

        static func isRead(_ tag: UInt32) -> Bool {
            switch tag {
            case pmid, ti, bti, ab, fau, au, cn, jt, ta, dp, vi, ip, pg, lid, aid, ot, mh, pt, pmc: return true
            default: return false
            }
        }
    }
}

// MARK: Records

extension MedlineBytes {
    /// One field of the record being read: its tag, line, and its pieces (the value after the hyphen,
    /// then one per continuation line) in `RecordBuilder.pieces`.
    struct Field {
        var tag: UInt32
        var line: Int
        var firstPiece: Int
        var endPiece: Int
    }

    /// Collects the fields of one record, then makes the paper as `MedlineReader` defines it.
    struct RecordBuilder {
        let base: UnsafePointer<UInt8>
        /// How many bytes `base` holds: eight-byte reads stay below it.
        let count: Int
        let path: String
        let sanitise: Bool
        let sanitisedPath: String
        var outcome = ReadOutcome()
        var fields: [Field] = []
        var pieces: [(start: Int, end: Int)] = []
        var hasPMID = false
        /// The record holds a control character (the paper goes through `Paper.sanitised`).
        var control = false
        /// Collapsed value bytes, and a second buffer for names and headings made from them.
        var scratch: UnsafeMutablePointer<UInt8>
        var scratchCapacity = 1 << 16
        var spare: UnsafeMutablePointer<UInt8>
        var spareCapacity = 1 << 12
        /// Headings, keywords, journal and author names repeat from record to record: one String each.
        var pool = StringPool()

        init(base: UnsafePointer<UInt8>, count: Int, path: String, sanitise: Bool) {
            self.base = base
            self.count = count
            self.path = path
            self.sanitise = sanitise
            sanitisedPath = TextSanitizer.path(path)
            scratch = .allocate(capacity: scratchCapacity)
            spare = .allocate(capacity: spareCapacity)
            fields.reserveCapacity(64)
            pieces.reserveCapacity(256)
        }

        func deallocate() {
            scratch.deallocate()
            spare.deallocate()
        }

        var hasFields: Bool { !fields.isEmpty }

        mutating func addField(tag: UInt32, line: Int, from: Int, to: Int) {
            if tag == Tag.pmid { hasPMID = true }
            pieces.append((from, to))
            fields.append(Field(tag: tag, line: line, firstPiece: pieces.count - 1, endPiece: pieces.count))
        }

        mutating func addContinuation(from: Int, to: Int) {
            pieces.append((from, to))
            fields[fields.count - 1].endPiece = pieces.count
        }

        /// Ends the record being read (if any) and makes its paper or warning.
        mutating func close() {
            if !fields.isEmpty {
                switch paper() {
                case .success(let paper): outcome.papers.append(paper)
                case .failure(let warning): outcome.warnings.append(warning)
                }
            }
            fields.removeAll(keepingCapacity: true)
            pieces.removeAll(keepingCapacity: true)
            hasPMID = false
            control = false
        }

        // MARK: Values

        /// The field's value collapsed into `scratch` (as `ReferenceFields.clean` of the trimmed pieces
        /// joined by spaces) and its byte count, or nil when a byte is not in the simple set; `ascii`
        /// tells whether every byte is ASCII.
        mutating func collapse(_ field: Field) -> (count: Int, ascii: Bool)? {
            // At most every byte, and a space between pieces.
            var total = field.endPiece - field.firstPiece
            for k in field.firstPiece..<field.endPiece { total += pieces[k].end - pieces[k].start }
            // Eight-byte stores may write up to seven bytes past the value.
            if total + 8 > scratchCapacity {
                scratch.deallocate()
                scratchCapacity = max(total + 8, scratchCapacity * 2)
                scratch = .allocate(capacity: scratchCapacity)
            }
            let out = scratch
            let p = base
            var n = 0
            var pending = false
            var ascii = true
            for k in field.firstPiece..<field.endPiece {
                var i = pieces[k].start
                let end = pieces[k].end
                pending = n > 0
                // A continuation line's indent, passed at once.
                while i < end, p[i] == 0x20 || p[i] == 0x09 { i += 1 }
                while i < end {
                    // Up to eight bytes copied as they are: the printable ASCII ones before the first
                    // byte that needs a look of its own (a second space in a row, a space at the start
                    // of the value or after a space due, a control or non-ASCII byte, the piece's end).
                    // A trailing space becomes the space due.
                    let w = ByteWord.load(p, i, count)
                    let spaceBytes = ByteWord.equal(w, 0x20)
                    var stop = MedlineBytes.special(w) | (spaceBytes & (spaceBytes << 8)) | ~ByteWord.keep(end &- i) & ByteWord.high
                    if pending || n == 0 { stop |= spaceBytes & 0x80 }
                    let run = stop.trailingZeroBitCount >> 3
                    if run > 0 {
                        if pending {
                            out[n] = 0x20
                            n &+= 1
                        }
                        UnsafeMutableRawPointer(out + n).storeBytes(of: w, as: UInt64.self)
                        n &+= run
                        i &+= run
                        pending = spaceBytes & (0x80 << UInt64(8 &* (run &- 1))) != 0
                        if pending { n &-= 1 }
                        continue
                    }
                    let b = p[i]
                    if b > 0x20 && b < 0x80 {
                        if pending {
                            out[n] = 0x20
                            n += 1
                            pending = false
                        }
                        out[n] = b
                        n += 1
                        i += 1
                        continue
                    }
                    if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                        pending = n > 0
                        i += 1
                        continue
                    }
                    if b < 0x80 {
                        if pending {
                            out[n] = 0x20
                            n += 1
                            pending = false
                        }
                        out[n] = b
                        n += 1
                        i += 1
                        continue
                    }
                    // A two- or three-byte character in the simple ranges, or give up.
                    ascii = false
                    var length = 0
                    var space = false
                    if b >= 0xC2 && b <= 0xCF, i + 1 < end {
                        let c = p[i + 1]
                        guard c & 0xC0 == 0x80 else { return nil }
                        switch b {
                        case 0xC2...0xC8: break
                        case 0xC9: guard c <= 0x8F else { return nil }
                        case 0xCD: guard c >= 0xB0 else { return nil }
                        case 0xCE, 0xCF: break
                        default: return nil
                        }
                        length = 2
                        space = b == 0xC2 && (c == 0xA0 || c == 0x85)
                    } else if b == 0xE2, i + 2 < end {
                        let c = p[i + 1], d = p[i + 2]
                        guard c == 0x80 || c == 0x81, d & 0xC0 == 0x80 else { return nil }
                        if c == 0x80 {
                            // U+200B is trimmed as a space but kept by collapsing; U+200C/D join.
                            guard d != 0x8B, d != 0x8C, d != 0x8D else { return nil }
                            space = d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF
                        } else {
                            guard d <= 0xAF else { return nil }
                            space = d == 0x9F
                        }
                        length = 3
                    } else {
                        return nil
                    }
                    if space {
                        pending = n > 0
                    } else {
                        if pending {
                            out[n] = 0x20
                            n += 1
                            pending = false
                        }
                        for j in 0..<length { out[n + j] = p[i + j] }
                        n += length
                    }
                    i += length
                }
            }
            return (n, ascii)
        }

        /// The field's value as the text reader made it: each piece trimmed, joined with spaces, cleaned.
        func slowValue(_ field: Field) -> String {
            var value = ""
            for k in field.firstPiece..<field.endPiece {
                let piece = String(decoding: UnsafeBufferPointer(start: base + pieces[k].start, count: pieces[k].end - pieces[k].start),
                                   as: UTF8.self)
                let more = TaggedLines.trimmed(Substring(piece))
                if k == field.firstPiece {
                    value = more
                } else {
                    value += value.isEmpty ? more : " " + more
                }
            }
            return ReferenceFields.clean(value)
        }

        @inline(__always)
        func string(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> String {
            String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }

        mutating func spareCapacity(_ count: Int) {
            if count > spareCapacity {
                spare.deallocate()
                spareCapacity = max(count, spareCapacity * 2)
                spare = .allocate(capacity: spareCapacity)
            }
        }

        // MARK: The paper

        /// The record's paper, or the warning that replaces it (`MedlineReader`'s rules).
        mutating func paper() -> Result<Paper, IngestWarning> {
            let line = fields[0].line
            var paper = Paper(source: PaperSource(path: path, format: .medline, line: line))
            var fullAuthors: [String] = []
            var shortAuthors: [String] = []
            var journalFull: String?
            var journalShort: String?
            var dateSet = false
            var lidDOI: String?
            var aidDOI: String?
            var collectives: [String] = []
            var keywordsASCII = true
            var meshASCII = true
            for field in fields where Tag.isRead(field.tag) {
                let tag = field.tag
                guard let (count, ascii) = collapse(field) else {
                    if tag == Tag.ot { keywordsASCII = false }
                    if tag == Tag.mh { meshASCII = false }
                    let value = slowValue(field)
                    guard !value.isEmpty else { continue }
                    apply(tag, value, to: &paper, fullAuthors: &fullAuthors, shortAuthors: &shortAuthors,
                          journalFull: &journalFull, journalShort: &journalShort, dateSet: &dateSet,
                          lidDOI: &lidDOI, aidDOI: &aidDOI, collectives: &collectives)
                    continue
                }
                guard count > 0 else { continue }
                switch tag {
                case Tag.fau:
                    fullAuthors.append(displayName(count))
                case Tag.mh:
                    paper.meshTerms.append(meshHeading(count))
                    if !ascii { meshASCII = false }
                case Tag.ot:
                    paper.keywords.append(pool.string(scratch, count))
                    if !ascii { keywordsASCII = false }
                case Tag.jt where journalFull == nil:
                    journalFull = pool.string(scratch, count)
                case Tag.ta where journalShort == nil:
                    journalShort = pool.string(scratch, count)
                case Tag.pt:
                    paper.publicationTypes.append(pool.string(scratch, count))
                case Tag.pmid where ascii:
                    paper.pmid = MedlineBytes.pmid(scratch, count) ?? paper.pmid
                case Tag.dp:
                    guard !dateSet else { continue }
                    dateSet = true
                    if ascii {
                        if let parsed = MedlineBytes.parseDate(scratch, count) {
                            paper.year = parsed.year
                            paper.date = parsed.date
                        }
                    } else if let parsed = ReferenceFields.parseDate(string(scratch, count)) {
                        paper.year = parsed.year
                        paper.date = parsed.date
                    }
                case Tag.lid, Tag.aid:
                    guard MedlineBytes.endsWithDOIMark(scratch, count) else { continue }
                    if tag == Tag.lid ? lidDOI != nil : aidDOI != nil { continue }
                    let doi = ascii ? MedlineBytes.doi(scratch, count - 5)
                        : ReferenceFields.doi(String(string(scratch, count).dropLast(5)))
                    if tag == Tag.lid { lidDOI = doi } else { aidDOI = doi }
                default:
                    apply(tag, string(scratch, count), to: &paper, fullAuthors: &fullAuthors, shortAuthors: &shortAuthors,
                          journalFull: &journalFull, journalShort: &journalShort, dateSet: &dateSet,
                          lidDOI: &lidDOI, aidDOI: &aidDOI, collectives: &collectives)
                }
            }
            // Short names are turned round only when they are the ones kept.
            let authors = fullAuthors.count >= shortAuthors.count ? fullAuthors : shortAuthors.map(ReferenceFields.displayNameFromInitials)
            paper.authors = authors + collectives
            paper.journal = journalFull ?? journalShort
            paper.doi = lidDOI ?? aidDOI
            paper.keywords = MedlineBytes.unique(paper.keywords, ascii: keywordsASCII)
            paper.meshTerms = MedlineBytes.unique(paper.meshTerms, ascii: meshASCII)
            guard !paper.title.isEmpty || paper.pmid != nil || paper.doi != nil else {
                return .failure(IngestWarning(path: path, line: line, problem: .badRecord("MEDLINE record without TI, PMID or DOI")))
            }
            if paper.title.isEmpty {
                return .failure(IngestWarning(path: path, line: line, problem: .badRecord("MEDLINE record without a title (TI)")))
            }
            if sanitise {
                if control {
                    paper = paper.sanitised()
                } else {
                    paper.source.path = sanitisedPath
                }
            }
            return .success(paper)
        }

        /// One field's cleaned, non-empty value applied as `MedlineReader` reads it (short author
        /// names are kept as written and turned round at the end).
        func apply(_ tag: UInt32, _ value: String, to paper: inout Paper, fullAuthors: inout [String], shortAuthors: inout [String],
                   journalFull: inout String?, journalShort: inout String?, dateSet: inout Bool,
                   lidDOI: inout String?, aidDOI: inout String?, collectives: inout [String]) {
            switch tag {
            case Tag.pmid: paper.pmid = ReferenceFields.pmid(value) ?? paper.pmid
            case Tag.ti: paper.title = ReferenceFields.title(value)
            case Tag.bti where paper.title.isEmpty: paper.title = ReferenceFields.title(value)
            case Tag.ab: paper.abstract = paper.abstract.map { $0 + "\n" + value } ?? value
            case Tag.fau: fullAuthors.append(ReferenceFields.displayName(value))
            case Tag.au: shortAuthors.append(value)
            case Tag.cn: collectives.append(value)
            case Tag.jt: journalFull = journalFull ?? value
            case Tag.ta: journalShort = journalShort ?? value
            case Tag.dp:
                guard !dateSet else { return }
                dateSet = true
                if let parsed = ReferenceFields.parseDate(value) {
                    paper.year = parsed.year
                    paper.date = parsed.date
                }
            case Tag.vi: paper.volume = value
            case Tag.ip: paper.issue = value
            case Tag.pg: paper.pages = value
            case Tag.lid where value.hasSuffix("[doi]"):
                lidDOI = lidDOI ?? ReferenceFields.doi(String(value.dropLast(5)))
            case Tag.aid where value.hasSuffix("[doi]"):
                aidDOI = aidDOI ?? ReferenceFields.doi(String(value.dropLast(5)))
            case Tag.ot: paper.keywords.append(value)
            case Tag.mh: paper.meshTerms.append(MedlineReader.meshHeading(value))
            case Tag.pt: paper.publicationTypes.append(value)
            case Tag.pmc: paper.pmcid = ReferenceFields.pmcid(value)
            default: break
            }
        }

        /// `ReferenceFields.displayName` of the collapsed value in `scratch`: "Last, First, Jr" → "First Last Jr".
        mutating func displayName(_ count: Int) -> String {
            let s = scratch
            spareCapacity(count + 2)
            // The parts between commas, each trimmed of spaces.
            var commas = 0
            for i in 0..<count where s[i] == 0x2C { commas += 1 }
            func trimmedPart(_ from: Int, _ to: Int) -> (Int, Int) {
                var a = from, b = to
                while a < b, s[a] == 0x20 { a += 1 }
                while b > a, s[b - 1] == 0x20 { b -= 1 }
                return (a, b)
            }
            func nextComma(_ from: Int) -> Int {
                var i = from
                while i < count, s[i] != 0x2C { i += 1 }
                return i
            }
            let firstEnd = nextComma(0)
            let family = trimmedPart(0, firstEnd)
            guard commas >= 1, family.1 > family.0 else {
                // No family name before a comma: the name as written, without commas and spaces at its ends.
                var a = 0, b = count
                while a < b, s[a] == 0x2C || s[a] == 0x20 { a += 1 }
                while b > a, s[b - 1] == 0x2C || s[b - 1] == 0x20 { b -= 1 }
                return pool.name(s + a, b - a)
            }
            let givenEnd = nextComma(firstEnd + 1)
            let given = trimmedPart(firstEnd + 1, givenEnd)
            let out = spare
            var n = 0
            func put(_ part: (Int, Int)) {
                guard part.1 > part.0 else { return }
                if n > 0 {
                    out[n] = 0x20
                    n += 1
                }
                for i in part.0..<part.1 {
                    out[n] = s[i]
                    n += 1
                }
            }
            put(given)
            put(family)
            var start = givenEnd
            while start < count {
                let end = nextComma(start + 1)
                put(trimmedPart(start + 1, end))
                start = end
            }
            return pool.name(out, n)
        }

        /// `MedlineReader.meshHeading` of the collapsed value in `scratch`: the descriptor before the
        /// first "/", without the major-topic star.
        mutating func meshHeading(_ count: Int) -> String {
            let s = scratch
            // The first run between slashes that is not empty, else the whole value.
            var a = 0, b = count
            var i = 0
            while i < count, s[i] == 0x2F { i += 1 }
            if i < count {
                var j = i
                while j < count, s[j] != 0x2F { j += 1 }
                a = i
                b = j
            }
            while a < b, s[a] == 0x20 || s[a] == 0x2A { a += 1 }
            while b > a, s[b - 1] == 0x20 || s[b - 1] == 0x2A { b -= 1 }
            return pool.string(s + a, b - a)
        }
    }
}

// MARK: Field helpers on ASCII bytes

extension MedlineBytes {
    /// True when the value ends with "[doi]".
    static func endsWithDOIMark(_ s: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        count >= 5 && s[count - 5] == 0x5B && s[count - 4] == 0x64 && s[count - 3] == 0x6F && s[count - 2] == 0x69 && s[count - 1] == 0x5D
    }

    static let doiPrefixes: [[UInt8]] = ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:", "DOI:", "doi "]
        .map { Array($0.lowercased().utf8) }

    /// `ReferenceFields.doi` of ASCII bytes.
    static func doi(_ s: UnsafePointer<UInt8>, _ count: Int) -> String? {
        var a = 0, b = count
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }
        while a < b, isSpace(s[a]) { a += 1 }
        while b > a, isSpace(s[b - 1]) { b -= 1 }
        for prefix in doiPrefixes where b - a >= prefix.count {
            var matches = true
            for k in 0..<prefix.count where lower(s[a + k]) != prefix[k] {
                matches = false
                break
            }
            guard matches else { continue }
            a += prefix.count
            while a < b, s[a] == 0x20 || s[a] == 0x09 { a += 1 }
            while b > a, s[b - 1] == 0x20 || s[b - 1] == 0x09 { b -= 1 }
        }
        while b > a, s[b - 1] == 0x2E || s[b - 1] == 0x2C || s[b - 1] == 0x3B { b -= 1 }
        guard b - a >= 3, s[a] == 0x31, s[a + 1] == 0x30, s[a + 2] == 0x2E else { return nil }
        var slash = false
        for i in a..<b {
            if s[i] == 0x20 { return nil }
            if s[i] == 0x2F { slash = true }
        }
        guard slash else { return nil }
        return String(decoding: UnsafeBufferPointer(start: s + a, count: b - a), as: UTF8.self)
    }

    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    /// `Int(String)` of ASCII bytes: an optional sign, then digits, within range.
    static func integer(_ s: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Int? {
        var i = from
        var negative = false
        if i < to, s[i] == 0x2B || s[i] == 0x2D {
            negative = s[i] == 0x2D
            i += 1
        }
        guard i < to else { return nil }
        var value = 0
        while i < to {
            let d = Int(s[i]) - 0x30
            guard d >= 0 && d <= 9 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = negative ? times.subtractingReportingOverflow(d) : times.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        return value
    }

    /// `ReferenceFields.parseDate` of ASCII bytes already trimmed.
    static func parseDate(_ s: UnsafePointer<UInt8>, _ count: Int) -> (year: Int, date: String)? {
        func isSeparator(_ c: UInt8) -> Bool { c == 0x20 || c == 0x2F || c == 0x2D || c == 0x2C || c == 0x2E }
        // The first three pieces between separators.
        var pieces: [(Int, Int)] = []
        var i = 0
        while i < count, pieces.count < 3 {
            while i < count, isSeparator(s[i]) { i += 1 }
            guard i < count else { break }
            let start = i
            while i < count, !isSeparator(s[i]) { i += 1 }
            pieces.append((start, i))
        }
        func year(_ piece: (Int, Int)) -> Int? {
            var a = piece.0, b = piece.1
            while a < b, s[a] == 0x20 || s[a] == 0x09 { a += 1 }
            while b > a, s[b - 1] == 0x20 || s[b - 1] == 0x09 { b -= 1 }
            guard let value = integer(s, a, b), (1000...2999).contains(value) else { return nil }
            return value
        }
        guard let first = pieces.first, first.1 - first.0 == 4, let year = year(first) else {
            // A year somewhere else ("Summer 2014"): the first run of four digits that is one.
            var k = 0
            while k < count {
                while k < count, !(s[k] >= 0x30 && s[k] <= 0x39) { k += 1 }
                let start = k
                while k < count, s[k] >= 0x30 && s[k] <= 0x39 { k += 1 }
                if k - start == 4, let found = integer(s, start, k), (1000...2999).contains(found) {
                    return (found, String(found))
                }
            }
            return nil
        }
        var month: Int?
        var day: Int?
        if pieces.count > 1 { month = self.month(s, pieces[1]) }
        if month != nil, pieces.count > 2, let value = integer(s, pieces[2].0, pieces[2].1), (1...31).contains(value) { day = value }
        var text = String(year)
        guard let month else { return (year, text) }
        text += month < 10 ? "-0\(month)" : "-\(month)"
        guard let day else { return (year, text) }
        text += day < 10 ? "-0\(day)" : "-\(day)"
        return (year, text)
    }

    static let monthNames: [[UInt8]] = ReferenceFields.monthNames.map { Array($0.utf8) }

    /// `ReferenceFields.month` of one date piece.
    static func month(_ s: UnsafePointer<UInt8>, _ piece: (Int, Int)) -> Int? {
        if let number = integer(s, piece.0, piece.1), (1...12).contains(number) { return number }
        guard piece.1 - piece.0 >= 3 else { return nil }
        let a = lower(s[piece.0]), b = lower(s[piece.0 + 1]), c = lower(s[piece.0 + 2])
        for (index, name) in monthNames.enumerated() where name[0] == a && name[1] == b && name[2] == c { return index + 1 }
        return nil
    }

    /// `ReferenceFields.unique`: without repeats compared folded, first spelling kept. ASCII lists are
    /// compared case-insensitively on their bytes; others are folded.
    static func unique(_ items: [String], ascii: Bool) -> [String] {
        guard items.count > 1 || items.contains(where: \.isEmpty) else { return items }
        guard ascii, items.count <= 64 else { return ReferenceFields.unique(items) }
        var kept: [String] = []
        kept.reserveCapacity(items.count)
        for item in items where !item.isEmpty {
            if !kept.contains(where: { sameIgnoringCase($0, item) }) { kept.append(item) }
        }
        return kept
    }

    static func sameIgnoringCase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let same = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                for k in 0..<x.count where lower(x[k]) != lower(y[k]) { return false }
                return true
            }
        }
        if let same, let same { return same }
        return zip(a.utf8, b.utf8).allSatisfy { lower($0) == lower($1) }
    }

    /// `ReferenceFields.pmid` of ASCII bytes already trimmed: "24657904", "PMID: 24657904".
    static func pmid(_ s: UnsafePointer<UInt8>, _ count: Int) -> String? {
        var a = 0, b = count
        if count >= 4, lower(s[0]) == 0x70, lower(s[1]) == 0x6D, lower(s[2]) == 0x69, lower(s[3]) == 0x64 {
            a = 4
            func trims(_ c: UInt8) -> Bool { c == 0x3A || c == 0x20 || c == 0x09 }
            while a < b, trims(s[a]) { a += 1 }
            while b > a, trims(s[b - 1]) { b -= 1 }
        }
        guard b > a, b - a <= 9 else { return nil }
        for i in a..<b where !(s[i] >= 0x30 && s[i] <= 0x39) { return nil }
        return String(decoding: UnsafeBufferPointer(start: s + a, count: b - a), as: UTF8.self)
    }
}
