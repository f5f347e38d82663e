import ArgumentParser
import Foundation
import PaperModel

/// Parses `--query`, turning a malformed query into one error line and a non-zero exit.
enum QueryOption {
    static func parse(_ text: String?, vocabulary: DiseaseVocabulary) throws -> Query {
        do {
            return try Query.parse(text ?? "", vocabulary: vocabulary)
        } catch {
            StandardError.print("lectern: error: bad query: \(error)")
            throw ExitCode(2)
        }
    }
}

struct DiseasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diseases",
        abstract: "Count the papers by disease (as a tree), keyword, year and journal."
    )

    @OptionGroup var source: PathOptions

    @Option(name: .shortAndLong, help: "Count only the papers matching this query.")
    var query: String?

    @Flag(help: "Print the counts as a JSON object.")
    var json = false

    func run() throws {
        let loaded = try source.loadCorpus()
        let filter = try QueryOption.parse(query, vocabulary: loaded.vocabulary)
        let state = source.readingState()
        let papers = filter.filter(loaded.corpus.papers, state: state)
        let facets = Facets.compute(papers, state: state, vocabulary: loaded.vocabulary)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(facets), as: UTF8.self))
        } else {
            print(FacetsFormatter.text(facets, papers: papers.count, of: loaded.corpus.count))
        }
    }
}

/// The facets as plain text: an indented disease tree, keywords, a bar chart of years, journals.
enum FacetsFormatter {
    static func text(_ facets: Facets, papers: Int, of total: Int, listLimit: Int = 15) -> String {
        var out: [String] = []
        out.append(papers == total ? "\(total) papers" : "\(papers) of \(total) papers")
        out.append("")
        out.append("DISEASES")
        if facets.diseases.isEmpty { out.append("  (none)") }
        var rows: [(String, Int)] = []
        func walk(_ node: DiseaseFacet, depth: Int) {
            var label = String(repeating: "  ", count: depth) + node.name
            if let abbreviation = node.abbreviation { label += " (\(abbreviation))" }
            rows.append((label, node.count))
            for child in node.children { walk(child, depth: depth + 1) }
        }
        for root in facets.diseases { walk(root, depth: 0) }
        out += table(rows)

        out.append("")
        out.append("KEYWORDS")
        if facets.keywords.isEmpty { out.append("  (none)") }
        out += table(facets.keywords.prefix(listLimit).map { ($0.value, $0.count) })
        if facets.keywords.count > listLimit { out.append("  … \(facets.keywords.count - listLimit) more") }

        out.append("")
        out.append("YEARS")
        if facets.years.isEmpty { out.append("  (none)") }
        out += yearChart(facets.years)

        out.append("")
        out.append("JOURNALS")
        if facets.journals.isEmpty { out.append("  (none)") }
        out += table(facets.journals.prefix(listLimit).map { ($0.value, $0.count) })
        if facets.journals.count > listLimit { out.append("  … \(facets.journals.count - listLimit) more") }

        out.append("")
        out.append("saved \(facets.saved) · unread \(facets.unread)")
        return out.joined(separator: "\n")
    }

    static func table(_ rows: [(String, Int)]) -> [String] {
        let width = min(60, rows.map { $0.0.count }.max() ?? 0)
        return rows.map { label, count in
            let shown = label.count > width ? String(label.prefix(width - 1)) + "…" : label
            return "  " + shown.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(count).leftPadded(4)
        }
    }

    /// One row per year from the first to the last (years without papers included, so the shape shows),
    /// or only the years with papers when the span is long.
    static func yearChart(_ years: [FacetCount], barWidth: Int = 30) -> [String] {
        let counts = Dictionary(uniqueKeysWithValues: years.compactMap { entry in Int(entry.value).map { ($0, entry.count) } })
        guard let first = counts.keys.min(), let last = counts.keys.max() else { return [] }
        let peak = max(1, counts.values.max() ?? 1)
        let span = last - first < 40 ? Array(first...last) : counts.keys.sorted()
        return span.map { year in
            let count = counts[year] ?? 0
            let length = count == 0 ? 0 : max(1, Int((Double(count) / Double(peak) * Double(barWidth)).rounded()))
            return "  \(year)  " + String(repeating: "█", count: length) + (count > 0 ? " \(count)" : "")
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
