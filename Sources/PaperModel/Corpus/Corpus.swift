import Foundation

/// The papers of a session, each once: records naming the same paper (same DOI, else same PMID,
/// else the same normalised title) are merged into one.
public struct Corpus: Sendable {
    public private(set) var papers: [Paper]
    private var positionByID: [PaperID: Int]
    /// Each paper's id, by position.
    public let ids: [PaperID]
    /// Every folded word of the papers and where it occurs: the query language's word lookups.
    public let index: SearchIndex

    public init(papers: [Paper]) {
        self.init(deduplicated: Corpus.deduplicated(papers))
    }

    /// Papers already merged (as the corpus cache keeps them), with their index when it is known.
    public init(deduplicated papers: [Paper], index: SearchIndex? = nil) {
        self.init(deduplicated: papers, index: index, ids: nil)
    }

    /// As above, with the papers' ids when they are known (one per paper, in order).
    init(deduplicated papers: [Paper], index: SearchIndex?, ids known: [PaperID]?) {
        self.papers = papers
        let ids = known.flatMap { $0.count == papers.count ? $0 : nil } ?? Corpus.ids(of: papers)
        var positions: [PaperID: Int] = [:]
        positions.reserveCapacity(papers.count)
        for (position, id) in ids.enumerated() where positions[id] == nil { positions[id] = position }
        positionByID = positions
        self.ids = ids
        self.index = index.flatMap { $0.paperCount == papers.count ? $0 : nil } ?? SearchIndex(papers: papers)
    }

    /// Each paper's id, both cores each taking half of a large corpus.
    static func ids(of papers: [Paper]) -> [PaperID] {
        let parts = papers.count >= 4096 ? 2 : 1
        let bounds = (0...parts).map { $0 * papers.count / parts }
        return [PaperID](unsafeUninitializedCapacity: papers.count) { buffer, initialized in
            let out = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                for position in bounds[part]..<bounds[part + 1] {
                    (out.value.baseAddress! + position).initialize(to: papers[position].id)
                }
            }
            initialized = papers.count
        }
    }

    public var count: Int { papers.count }

    public func paper(withID id: PaperID) -> Paper? {
        positionByID[id].map { papers[$0] }
    }

    public func position(of id: PaperID) -> Int? { positionByID[id] }

    /// Merges records of the same paper, keeping the order in which papers first appear.
    static func deduplicated(_ records: [Paper]) -> [Paper] {
        var papers = records
        deduplicate(&papers)
        return papers
    }

    /// Merges records of the same paper in place, keeping the order in which papers first appear;
    /// returns the positions (ascending) of the papers merged from more than one record.
    /// Each record's keys (normalised DOI, PMID, title key) are computed once and interned to small
    /// ids, each kind of key by a thread of its own; the lookups are arrays indexed by those ids.
    /// Records are moved, never copied: a record that starts a paper is swapped down to the paper's
    /// position (every position before the record's own), one merged into an earlier paper is left
    /// behind and dropped at the end.
    @discardableResult
    static func deduplicate(_ records: inout [Paper]) -> [Int] {
        deduplicateTracking(&records).merged
    }

    /// As `deduplicate`, also telling where each record went: `positions[r]` is the position of the
    /// paper record r starts, or -1 when the record was merged into an earlier paper.
    static func deduplicateTracking(_ records: inout [Paper]) -> (merged: [Int], positions: [Int32]) {
        // How many papers so far: papers[0..<kept] are the merged papers.
        var kept = 0
        var mergedPositions: [Int] = []
        // The DOI and PMID keys of each merged paper (-1: none).
        var mergedDOI: [Int32] = [], mergedPMID: [Int32] = []
        mergedDOI.reserveCapacity(records.count)
        mergedPMID.reserveCapacity(records.count)
        // The keys' bytes and hashes, made on both cores; only the interning below is in order.
        let parts = records.count >= 4096 ? 2 : 1
        let bounds = (0...parts).map { $0 * records.count / parts }
        let slots = Slots<RecordKeys>(count: parts)
        records.withUnsafeBufferPointer { buffer in
            let all = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                slots.set(part, RecordKeys(all.value[bounds[part]..<bounds[part + 1]]))
            }
        }
        let keys = (0..<parts).map { slots.take($0) }

        // Each kind of key (0 DOI, 1 PMID, 2 title) interned to ids (-1: none), and how many distinct keys.
        let count = records.count
        let interned = Slots<(ids: [Int32], distinct: Int)>(count: 3)
        DispatchQueue.concurrentPerform(iterations: 3) { kind in
            var table = ByteInterner(capacity: kind == 2 ? count : 1 << 12)
            var ids = [Int32](repeating: -1, count: count)
            var part = 0
            for n in 0..<count {
                while n >= bounds[part + 1] { part += 1 }
                let owner = keys[part], slot = 3 * (n - bounds[part]) + kind
                let start = Int(owner.start[slot])
                guard start >= 0 else { continue }
                ids[n] = Int32(owner.bytes.withUnsafeBufferPointer { bytes in
                    table.id(of: UnsafeBufferPointer(rebasing: bytes[start..<(start + Int(owner.length[slot]))]), hash: owner.hash[slot])
                })
            }
            interned.set(kind, (ids, table.count))
        }
        let (dois, pmids, titles) = (interned.take(0), interned.take(1), interned.take(2))
        // The paper each key leads to (-1: none yet).
        var byDOI = [Int32](repeating: -1, count: dois.distinct)
        var byPMID = [Int32](repeating: -1, count: pmids.distinct)
        var byTitle = [Int32](repeating: -1, count: titles.distinct)

        // A paper merged from several records: its position, once.
        var isMerged: [Bool] = []
        var recordPositions = [Int32](repeating: -1, count: records.count)
        for n in 0..<records.count {
            let (doi, pmid, title) = (dois.ids[n], pmids.ids[n], titles.ids[n])
            var match: Int32 = -1
            if doi >= 0 { match = byDOI[Int(doi)] }
            if match < 0, pmid >= 0 { match = byPMID[Int(pmid)] }
            if match < 0, title >= 0 {
                let candidate = byTitle[Int(title)]
                // Two records with the same title but different DOIs or PMIDs are different papers.
                if candidate >= 0,
                   !(mergedDOI[Int(candidate)] >= 0 && doi >= 0 && mergedDOI[Int(candidate)] != doi),
                   !(mergedPMID[Int(candidate)] >= 0 && pmid >= 0 && mergedPMID[Int(candidate)] != pmid) {
                    match = candidate
                }
            }
            let position: Int
            if match >= 0 {
                position = Int(match)
                // The merged paper keeps its DOI and PMID, or takes the record's when it has none.
                if records[position].doi == nil { mergedDOI[position] = doi }
                if records[position].pmid == nil { mergedPMID[position] = pmid }
                records[position] = merge(records[position], with: records[n])
                if !isMerged[position] {
                    isMerged[position] = true
                    mergedPositions.append(position)
                }
            } else {
                position = kept
                recordPositions[n] = Int32(kept)
                if n != kept { records.withUnsafeMutableBufferPointer { $0.swapAt(kept, n) } }
                kept += 1
                mergedDOI.append(doi)
                mergedPMID.append(pmid)
                isMerged.append(false)
            }
            if mergedDOI[position] >= 0, byDOI[Int(mergedDOI[position])] < 0 { byDOI[Int(mergedDOI[position])] = Int32(position) }
            if mergedPMID[position] >= 0, byPMID[Int(mergedPMID[position])] < 0 { byPMID[Int(mergedPMID[position])] = Int32(position) }
            if title >= 0, byTitle[Int(title)] < 0 { byTitle[Int(title)] = Int32(position) }
        }
        if kept < records.count { records.removeLast(records.count - kept) }
        return (mergedPositions.sorted(), recordPositions)
    }

    /// Records' dedupe keys: for each record its normalised DOI, PMID and title key (three slots in
    /// a row), each as a range of `bytes` (start -1: none) and a hash.
    struct RecordKeys {
        var bytes: [UInt8] = []
        var start: [Int32] = []
        var length: [Int32] = []
        var hash: [UInt64] = []

        init(_ records: Slice<UnsafeBufferPointer<Paper>>) {
            start.reserveCapacity(records.count * 3)
            length.reserveCapacity(records.count * 3)
            hash.reserveCapacity(records.count * 3)
            bytes.reserveCapacity(records.count * 120)
            for record in records {
                if let doi = record.doi.flatMap(PaperID.normalisedDOI) { add(doi) } else { none() }
                if let pmid = record.pmid { add(pmid) } else { none() }
                let begin = bytes.count
                Corpus.appendTitleKey(record.title, to: &bytes)
                if bytes.count > begin { close(from: begin) } else { none() }
            }
        }

        mutating func none() {
            start.append(-1)
            length.append(0)
            hash.append(0)
        }

        mutating func add(_ text: String) {
            let begin = bytes.count
            bytes.append(contentsOf: text.utf8)
            close(from: begin)
        }

        /// The key is the bytes from `begin` to the end.
        mutating func close(from begin: Int) {
            start.append(Int32(begin))
            length.append(Int32(bytes.count - begin))
            hash.append(bytes.withUnsafeBufferPointer { ByteInterner.hash(UnsafeBufferPointer(rebasing: $0[begin...])) })
        }
    }

    /// The bytes of `TextNormalizer.titleKey(title)`, appended without building the words.
    static func appendTitleKey(_ title: String, to out: inout [UInt8]) {
        var title = title
        let begin = out.count
        title.withUTF8 { bytes in
            TextNormalizer.forEachWordRun(bytes) { run, ascii in
                if ascii {
                    if out.count > begin { out.append(0x20) }
                    for b in run { out.append((b >= 0x41 && b <= 0x5A) ? b | 0x20 : b) }
                } else {
                    for word in TextNormalizer.words(String(decoding: run, as: UTF8.self)) {
                        if out.count > begin { out.append(0x20) }
                        out.append(contentsOf: word.utf8)
                    }
                }
            }
        }
    }

    /// Two records with the same title but different DOIs or PMIDs are different papers (errata, replies).
    static func conflict(_ a: Paper, _ b: Paper) -> Bool {
        if let x = a.doi.flatMap(PaperID.normalisedDOI), let y = b.doi.flatMap(PaperID.normalisedDOI), x != y { return true }
        if let x = a.pmid, let y = b.pmid, x != y { return true }
        return false
    }

    /// Fills what the first record lacks from the second; lists take the fuller record's values.
    public static func merge(_ first: Paper, with second: Paper) -> Paper {
        var paper = first
        if paper.title.isEmpty { paper.title = second.title }
        let firstAuthorsComplete = !first.authors.isEmpty && !first.authorsTruncated
        if !firstAuthorsComplete && (second.authors.count > first.authors.count || (!second.authors.isEmpty && !second.authorsTruncated)) {
            paper.authors = second.authors
            paper.authorsTruncated = second.authorsTruncated
        }
        paper.journal = paper.journal ?? second.journal
        paper.year = paper.year ?? second.year
        paper.date = paper.date ?? second.date
        paper.volume = paper.volume ?? second.volume
        paper.issue = paper.issue ?? second.issue
        paper.pages = paper.pages ?? second.pages
        paper.doi = paper.doi ?? second.doi
        paper.pmid = paper.pmid ?? second.pmid
        paper.pmcid = paper.pmcid ?? second.pmcid
        if (second.abstract?.count ?? 0) > (paper.abstract?.count ?? 0) { paper.abstract = second.abstract }
        paper.keywords = union(paper.keywords, second.keywords)
        paper.publicationTypes = union(paper.publicationTypes, second.publicationTypes)
        paper.meshTerms = union(paper.meshTerms, second.meshTerms)
        for tag in second.diseases where !paper.diseases.contains(where: { $0.name == tag.name }) {
            paper.diseases.append(tag)
        }
        return paper
    }

    /// Items of both lists, once each (compared folded), in first-seen order.
    static func union(_ a: [String], _ b: [String]) -> [String] {
        var seen = Set(a.map(TextNormalizer.fold))
        var result = a
        for item in b where seen.insert(TextNormalizer.fold(item)).inserted { result.append(item) }
        return result
    }
}
