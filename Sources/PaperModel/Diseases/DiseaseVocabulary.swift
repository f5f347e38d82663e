import Foundation

/// One disease of the vocabulary: its canonical name in natural reading order, its MeSH identity,
/// the words a text may use for it and its place in the tree.
public struct DiseaseEntry: Codable, Hashable, Sendable {
    /// Canonical name, e.g. "Acute Myeloid Leukemia".
    public var name: String
    /// MeSH descriptor id, e.g. "D015470".
    public var mesh: String?
    /// MeSH heading, e.g. "Leukemia, Myeloid, Acute".
    public var heading: String?
    /// Other names (matched case- and accent-insensitively, British spellings folded).
    public var synonyms: [String]
    /// Abbreviations distinctive enough to tag on their own (matched case-sensitively, whole words),
    /// unless the text defines them as something else.
    public var abbreviations: [String]
    /// Abbreviations that are also common words or stand for other things (ALL, MM, PD…): they tag
    /// only where the text supports them — defined as this disease, or the disease named in full.
    public var ambiguousAbbreviations: [String]
    /// Canonical names of the broader diseases this one belongs to.
    public var parents: [String]
    /// A subtype tagged as a broader canonical disease (Acute Promyelocytic Leukemia → Acute Myeloid Leukemia).
    public var reportAs: String?
    /// A grouping node of the tree only ("Hematologic Neoplasms"): its name is never searched for in text.
    public var group: Bool

    public init(name: String, mesh: String? = nil, heading: String? = nil, synonyms: [String] = [],
                abbreviations: [String] = [], ambiguousAbbreviations: [String] = [], parents: [String] = [],
                reportAs: String? = nil, group: Bool = false) {
        self.name = name
        self.mesh = mesh
        self.heading = heading
        self.synonyms = synonyms
        self.abbreviations = abbreviations
        self.ambiguousAbbreviations = ambiguousAbbreviations
        self.parents = parents
        self.reportAs = reportAs
        self.group = group
    }

    enum CodingKeys: String, CodingKey {
        case name, mesh, heading, synonyms, abbreviations, ambiguousAbbreviations, parents, reportAs, group
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        mesh = try c.decodeIfPresent(String.self, forKey: .mesh)
        heading = try c.decodeIfPresent(String.self, forKey: .heading)
        synonyms = try c.decodeIfPresent([String].self, forKey: .synonyms) ?? []
        abbreviations = try c.decodeIfPresent([String].self, forKey: .abbreviations) ?? []
        ambiguousAbbreviations = try c.decodeIfPresent([String].self, forKey: .ambiguousAbbreviations) ?? []
        parents = try c.decodeIfPresent([String].self, forKey: .parents) ?? []
        reportAs = try c.decodeIfPresent(String.self, forKey: .reportAs)
        group = try c.decodeIfPresent(Bool.self, forKey: .group) ?? false
    }

    /// The names searched for in text: the canonical name (unless a group) and the synonyms.
    public var names: [String] { (group ? [] : [name]) + synonyms }
    /// Every abbreviation, distinctive ones first.
    public var allAbbreviations: [String] { abbreviations + ambiguousAbbreviations }
}

/// Why a vocabulary file could not be used. Each message names the file.
public enum DiseaseVocabularyError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, detail: String)
    case unknownParent(path: String, disease: String, parent: String)
    case unknownReportAs(path: String, disease: String, target: String)
    case cycle(path: String, disease: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read the disease vocabulary: \(reason)"
        case .malformed(let path, let detail):
            return "\(path): not a disease vocabulary ({\"diseases\": [{\"name\": …}, …]}): \(detail)"
        case .unknownParent(let path, let disease, let parent):
            return "\(path): disease \"\(disease)\" names the parent \"\(parent)\", which is not in the vocabulary"
        case .unknownReportAs(let path, let disease, let target):
            return "\(path): disease \"\(disease)\" reports as \"\(target)\", which is not in the vocabulary"
        case .cycle(let path, let disease):
            return "\(path): disease \"\(disease)\" is its own ancestor"
        }
    }
}

/// The diseases Lectern knows: the bundled table, possibly extended by a user file.
public struct DiseaseVocabulary: Sendable, Hashable {
    public private(set) var entries: [DiseaseEntry]
    private var indexByKey: [String: Int]
    private var childrenByKey: [String: [String]] = [:]
    /// Folded spelling of every name, synonym and MeSH heading → entries.
    private var byName: [String: [Int]] = [:]
    /// Folded words of every name and synonym → entries, for prefix lookups.
    private var byWords: [String: [Int]] = [:]
    /// Lowercased abbreviation → entries owning it as a distinctive (first) or ambiguous (second) abbreviation.
    private var byAbbreviation: [String: (strong: [Int], ambiguous: [Int])] = [:]

    /// The vocabulary shipped with Lectern.
    public static let bundled: DiseaseVocabulary = {
        do {
            return try DiseaseVocabulary(json: Data(BundledDiseases.json.utf8), path: "bundled disease vocabulary")
        } catch {
            fatalError("the bundled disease vocabulary is broken: \(error)")
        }
    }()

    /// Builds a vocabulary from entries, checking that parents and report targets exist and that
    /// the tree has no cycles.
    public init(entries: [DiseaseEntry], path: String = "disease vocabulary") throws(DiseaseVocabularyError) {
        var list: [DiseaseEntry] = []
        var index: [String: Int] = [:]
        for entry in entries {
            let key = DiseaseVocabulary.key(entry.name)
            if let existing = index[key] { list[existing] = entry } else {
                index[key] = list.count
                list.append(entry)
            }
        }
        self.entries = list
        self.indexByKey = index
        try validate(path: path)
        for (i, entry) in list.enumerated() {
            for parent in entry.parents { childrenByKey[DiseaseVocabulary.key(parent), default: []].append(entry.name) }
            for name in [entry.name] + entry.synonyms + [entry.heading].compactMap({ $0 }) {
                let key = DiseaseVocabulary.matchKey(name)
                if !key.isEmpty, !(byName[key]?.contains(i) ?? false) { byName[key, default: []].append(i) }
                let words = DiseaseVocabulary.key(name)
                if !words.isEmpty, !(byWords[words]?.contains(i) ?? false) { byWords[words, default: []].append(i) }
            }
            for abbreviation in entry.abbreviations { byAbbreviation[abbreviation.lowercased(), default: ([], [])].strong.append(i) }
            for abbreviation in entry.ambiguousAbbreviations { byAbbreviation[abbreviation.lowercased(), default: ([], [])].ambiguous.append(i) }
        }
    }

    /// Parses the JSON shape `{"diseases": [entry, …]}` (a bare array of entries is accepted too).
    public init(json data: Data, path: String) throws(DiseaseVocabularyError) {
        try self.init(entries: DiseaseVocabulary.decodeEntries(data, path: path), path: path)
    }

    static func decodeEntries(_ data: Data, path: String) throws(DiseaseVocabularyError) -> [DiseaseEntry] {
        do {
            if let file = try? JSONDecoder().decode(File.self, from: data) { return file.diseases }
            if let list = try? JSONDecoder().decode([DiseaseEntry].self, from: data) { return list }
            // Neither shape: decode the documented one again for its error.
            return try JSONDecoder().decode(File.self, from: data).diseases
        } catch {
            throw .malformed(path: path, detail: DiseaseVocabulary.describe(error))
        }
    }

    struct File: Codable { var version: Int?; var diseases: [DiseaseEntry] }

    /// This vocabulary with the other's entries added; an entry of the same name replaces ours.
    public func merging(_ other: DiseaseVocabulary, path: String = "disease vocabulary") throws(DiseaseVocabularyError) -> DiseaseVocabulary {
        try DiseaseVocabulary(entries: entries + other.entries, path: path)
    }

    /// The bundled vocabulary plus the user's file, if any: `file` when given (it must exist), else
    /// `$XDG_CONFIG_HOME/lectern/diseases.json` (or `~/.config/lectern/diseases.json`) when present.
    public static func load(userFile file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(DiseaseVocabularyError) -> DiseaseVocabulary {
        var path = file
        if path == nil {
            let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? environment["HOME"].map { ($0 as NSString).appendingPathComponent(".config") }
            if let config {
                let candidate = (config as NSString).appendingPathComponent("lectern/diseases.json")
                if FileManager.default.fileExists(atPath: candidate) { path = candidate }
            }
        }
        guard let path else { return .bundled }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file" : "no such file"
            throw .unreadable(path: path, reason: reason)
        }
        return try DiseaseVocabulary(entries: bundled.entries + decodeEntries(data, path: path), path: path)
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\"" + where_(context)
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return context.debugDescription + where_(context)
        case DecodingError.dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        default:
            return String(describing: error)
        }
    }

    private static func where_(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
        return path.isEmpty ? "" : " at \(path)"
    }

    private func validate(path: String) throws(DiseaseVocabularyError) {
        for entry in entries {
            for parent in entry.parents where indexByKey[DiseaseVocabulary.key(parent)] == nil {
                throw .unknownParent(path: path, disease: entry.name, parent: parent)
            }
            if let target = entry.reportAs, indexByKey[DiseaseVocabulary.key(target)] == nil {
                throw .unknownReportAs(path: path, disease: entry.name, target: target)
            }
        }
        for entry in entries {
            var seen: Set<String> = []
            var frontier = entry.parents
            while let next = frontier.popLast() {
                let key = DiseaseVocabulary.key(next)
                if key == DiseaseVocabulary.key(entry.name) { throw .cycle(path: path, disease: entry.name) }
                if seen.insert(key).inserted, let parent = self.entry(named: next) { frontier += parent.parents }
            }
        }
    }

    static func key(_ name: String) -> String { TextNormalizer.titleKey(name) }

    // MARK: Lookups

    /// The entry with this canonical name (compared folded).
    public func entry(named name: String) -> DiseaseEntry? {
        indexByKey[DiseaseVocabulary.key(name)].map { entries[$0] }
    }

    /// The canonical name a tag for this entry carries: the entry's own name, or the one it reports as.
    public func reportedName(of name: String) -> String {
        var current = entry(named: name)
        var hops = 0
        while let target = current?.reportAs, hops < 10 {
            guard let next = entry(named: target) else { break }
            current = next
            hops += 1
        }
        return current?.name ?? name
    }

    /// Direct children's canonical names.
    public func children(of name: String) -> [String] {
        childrenByKey[DiseaseVocabulary.key(name)] ?? []
    }

    /// Every ancestor's canonical name, nearest first.
    public func ancestors(of name: String) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        var queue = entry(named: name)?.parents ?? []
        while !queue.isEmpty {
            let next = queue.removeFirst()
            guard let parent = entry(named: next), seen.insert(DiseaseVocabulary.key(parent.name)).inserted else { continue }
            result.append(parent.name)
            queue += parent.parents
        }
        return result
    }

    /// Every descendant's canonical name.
    public func descendants(of name: String) -> [String] {
        var result: [String] = []
        var seen: Set<String> = [DiseaseVocabulary.key(name)]
        var queue = children(of: name)
        while !queue.isEmpty {
            let next = queue.removeFirst()
            guard seen.insert(DiseaseVocabulary.key(next)).inserted else { continue }
            result.append(next)
            queue += children(of: next)
        }
        return result
    }

    /// True when `name` is `ancestor` or lies below it.
    public func isSame(_ name: String, orBelow ancestor: String) -> Bool {
        DiseaseVocabulary.key(name) == DiseaseVocabulary.key(ancestor)
            || ancestors(of: name).contains { DiseaseVocabulary.key($0) == DiseaseVocabulary.key(ancestor) }
    }

    /// The entries a user's word names: a canonical name, MeSH heading, synonym or abbreviation,
    /// compared folded. Distinctive abbreviations win over ambiguous ones.
    public func resolve(_ text: String) -> [DiseaseEntry] {
        let key = DiseaseVocabulary.key(text)
        guard !key.isEmpty else { return [] }
        if let index = indexByKey[key] { return [entries[index]] }
        if let found = byName[DiseaseVocabulary.matchKey(text)] { return found.map { entries[$0] } }
        let abbreviation = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let owners = byAbbreviation[abbreviation] ?? byAbbreviation[abbreviation.replacingOccurrences(of: " ", with: "-")] {
            return (owners.strong.isEmpty ? owners.ambiguous : owners.strong).map { entries[$0] }
        }
        return []
    }

    /// The folded spelling the tagger uses: "Chronic Myelogenous Leukaemias" → "chronic myeloid leukemia".
    static func matchKey(_ text: String) -> String { DiseaseText.keys(text).map { String($0, radix: 36) }.joined(separator: " ") }

    /// Entries whose name or a synonym starts with the text (for a query still being typed).
    public func resolve(prefix text: String) -> [DiseaseEntry] {
        let key = DiseaseVocabulary.key(text)
        guard key.count >= 3 else { return [] }
        let found = Set(byWords.filter { $0.key.hasPrefix(key) }.values.joined())
        return found.sorted().map { entries[$0] }
    }

    /// The abbreviation shown beside a name, when it names this entry alone.
    public func displayAbbreviation(of name: String) -> String? {
        guard let entry = entry(named: name) else { return nil }
        return entry.allAbbreviations.first { resolve($0).map(\.name) == [entry.name] }
    }

    public static func == (a: DiseaseVocabulary, b: DiseaseVocabulary) -> Bool { a.entries == b.entries }
    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }
}
