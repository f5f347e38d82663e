import Foundation

/// PubMed's MEDLINE format (`.nbib`, `.medline`, "Send to: Citation manager"): `TAG - value` lines,
/// tags padded to four characters, continuation lines indented by six spaces, one record per PMID,
/// records separated by blank lines.
public enum MedlineReader: DocumentReader {
    public static let format = DocumentFormat.medline

    public static func recognises(_ text: String, pathExtension: String) -> Bool {
        var tagged = 0
        var sawPMID = false
        var sawOther = false
        var seen = 0
        for line in TaggedLines.lines(String(text.prefix(20_000))) {
            if TaggedLines.isBlankLine(line) { continue }
            // Continuation lines (a long abstract runs to dozens) say nothing either way.
            if line.hasPrefix("      ") { continue }
            seen += 1
            if seen > 40 { break }
            guard let (tag, _) = TaggedLines.tagged(line) else { continue }
            tagged += 1
            if tag == "PMID" { sawPMID = true }
            if ["TI", "FAU", "AU", "AB", "DP", "TA", "JT", "SO", "OWN", "STAT"].contains(tag) { sawOther = true }
            if tag == "TY" || tag == "ER" { return false }
        }
        let mostlyTagged = tagged * 2 >= seen
        if sawPMID && sawOther && mostlyTagged { return true }
        return ["nbib", "medline"].contains(pathExtension) && sawOther && mostlyTagged
    }

    public static func read(_ text: String, path: String) -> ReadOutcome {
        var outcome = ReadOutcome()
        for record in records(text) {
            switch paper(from: record, path: path) {
            case .success(let paper): outcome.papers.append(paper)
            case .failure(let warning): outcome.warnings.append(warning)
            }
        }
        return outcome
    }

    /// Fields grouped into records: a new record at a blank line or at a second PMID.
    static func records(_ text: String) -> [[TaggedLines.Field]] {
        var records: [[TaggedLines.Field]] = []
        var current: [TaggedLines.Field] = []
        func close() {
            if !current.isEmpty { records.append(current) }
            current = []
        }
        for (offset, line) in TaggedLines.lines(text).enumerated() {
            if TaggedLines.isBlankLine(line) {
                close()
                continue
            }
            if let (tag, value) = TaggedLines.tagged(line) {
                if tag == "PMID", current.contains(where: { $0.tag == "PMID" }) { close() }
                current.append(TaggedLines.Field(tag: tag, value: value, line: offset + 1))
            } else if !current.isEmpty {
                // A continuation line (six spaces in PubMed's files; any indent or none is tolerated).
                let more = TaggedLines.trimmed(line)
                current[current.count - 1].value += current[current.count - 1].value.isEmpty ? more : " " + more
            }
        }
        close()
        return records
    }

    static func paper(from fields: [TaggedLines.Field], path: String) -> Result<Paper, IngestWarning> {
        let line = fields.first?.line
        var paper = Paper(source: PaperSource(path: path, format: .medline, line: line))
        var fullAuthors: [String] = []
        var shortAuthors: [String] = []
        var journalFull: String?
        var journalShort: String?
        var dateText: String?
        var lidDOI: String?
        var aidDOI: String?
        var collectives: [String] = []
        for field in fields {
            let value = ReferenceFields.clean(field.value)
            guard !value.isEmpty else { continue }
            switch field.tag {
            case "PMID": paper.pmid = ReferenceFields.pmid(value) ?? paper.pmid
            case "TI": paper.title = ReferenceFields.title(value)
            case "BTI" where paper.title.isEmpty: paper.title = ReferenceFields.title(value)
            case "AB": paper.abstract = paper.abstract.map { $0 + "\n" + value } ?? value
            case "FAU": fullAuthors.append(ReferenceFields.displayName(value))
            case "AU": shortAuthors.append(ReferenceFields.displayNameFromInitials(value))
            case "CN": collectives.append(value)
            case "JT": journalFull = journalFull ?? value
            case "TA": journalShort = journalShort ?? value
            case "DP": dateText = dateText ?? value
            case "VI": paper.volume = value
            case "IP": paper.issue = value
            case "PG": paper.pages = value
            case "LID" where value.hasSuffix("[doi]"):
                lidDOI = lidDOI ?? ReferenceFields.doi(String(value.dropLast(5)))
            case "AID" where value.hasSuffix("[doi]"):
                aidDOI = aidDOI ?? ReferenceFields.doi(String(value.dropLast(5)))
            case "OT": paper.keywords.append(value)
            case "MH": paper.meshTerms.append(meshHeading(value))
            case "PT": paper.publicationTypes.append(value)
            case "PMC": paper.pmcid = ReferenceFields.pmcid(value)
            default: break
            }
        }
        paper.authors = (fullAuthors.count >= shortAuthors.count ? fullAuthors : shortAuthors) + collectives
        paper.journal = journalFull ?? journalShort
        paper.doi = lidDOI ?? aidDOI
        if let dateText, let parsed = ReferenceFields.parseDate(dateText) {
            paper.year = parsed.year
            paper.date = parsed.date
        }
        paper.keywords = ReferenceFields.unique(paper.keywords)
        paper.meshTerms = ReferenceFields.unique(paper.meshTerms)
        guard !paper.title.isEmpty || paper.pmid != nil || paper.doi != nil else {
            return .failure(IngestWarning(path: path, line: line, problem: .badRecord("MEDLINE record without TI, PMID or DOI")))
        }
        if paper.title.isEmpty {
            return .failure(IngestWarning(path: path, line: line, problem: .badRecord("MEDLINE record without a title (TI)")))
        }
        return .success(paper)
    }

    /// "Leukemia, Myelogenous, Chronic, BCR-ABL Positive/*drug therapy" → the descriptor,
    /// without the major-topic star or the qualifiers.
    static func meshHeading(_ value: String) -> String {
        let descriptor = value.split(separator: "/", maxSplits: 1).first.map(String.init) ?? value
        return TaggedLines.trimmed(Substring(descriptor), extra: "*")
    }
}
