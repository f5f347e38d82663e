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

    /// Records are read from the bytes (`MedlineBytes`): a new record at a blank line or at a second
    /// PMID; a line that is not a tag line continues the field before it. Each record's fields make a
    /// paper — FAU names (AU when there are more of them), the first JT or TA, the first DP as the date,
    /// the DOI from LID or AID "[doi]", MeSH descriptors without qualifiers — or, without a title, a warning.
    public static func read(_ text: String, path: String) -> ReadOutcome {
        var text = text
        return text.withUTF8 { MedlineBytes.read($0, path: path, sanitise: false).outcome }
    }

    /// "Leukemia, Myelogenous, Chronic, BCR-ABL Positive/*drug therapy" → the descriptor,
    /// without the major-topic star or the qualifiers.
    static func meshHeading(_ value: String) -> String {
        let descriptor = value.split(separator: "/", maxSplits: 1).first.map(String.init) ?? value
        return TaggedLines.trimmed(Substring(descriptor), extra: "*")
    }
}
