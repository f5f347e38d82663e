import ArgumentParser
import Foundation
import PaperModel

struct DiseasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diseases",
        abstract: "Count the papers by disease (as a tree), keyword, year and journal."
    )

    @OptionGroup var source: PathOptions

    @OptionGroup var selection: QuerySelection

    @Flag(help: "Print the counts as a JSON object.")
    var json = false

    func run() throws {
        let loaded = try source.loadCorpus()
        let state = source.readingState()
        let papers = try selection.papers(of: loaded, state: state)
        let facets = Facets.compute(papers, state: state, vocabulary: loaded.vocabulary)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(facets), as: UTF8.self))
        } else {
            print(FacetsFormatter.text(facets, papers: papers.count, of: loaded.corpus.count))
        }
        ProcessEnd.successWithoutFreeing()
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

    /// A column per year from the first to the last (a gap where a year has none), the axis below,
    /// then each year with its count; very long spans keep only the years with papers.
    static func yearChart(_ years: [FacetCount]) -> [String] {
        let counts = Dictionary(years.compactMap { entry in Int(entry.value).map { ($0, entry.count) } }, uniquingKeysWith: +)
        guard let first = counts.keys.min(), let last = counts.keys.max() else { return [] }
        let peak = max(1, counts.values.max() ?? 1)
        let span = last - first < 70 ? Array(first...last) : counts.keys.sorted()
        let levels = Array("▁▂▃▄▅▆▇█")
        let bars = String(span.map { year -> Character in
            guard let count = counts[year], count > 0 else { return " " }
            return levels[max(0, min(levels.count - 1, Int((Double(count) / Double(peak) * Double(levels.count)).rounded(.up)) - 1))]
        })
        var lines = ["  " + bars]
        if span.count >= 10 {
            let axis = String(first) + " " + String(repeating: "─", count: max(1, span.count - 10)) + " " + String(last)
            lines.append("  " + axis)
        }
        let list = counts.keys.sorted().map { "\($0) \(counts[$0]!)" }
        var row = "  "
        for item in list {
            if row.count + item.count + 3 > 80 { lines.append(row); row = "  " }
            row += (row.count > 2 ? " · " : "") + item
        }
        if row.count > 2 { lines.append(row) }
        return lines
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
