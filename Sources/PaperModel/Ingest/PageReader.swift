import Foundation

/// Saved article pages, as text or HTML: PubMed, publisher, reader-app and aggregator pages.
public enum PageReader: DocumentReader {
    public static let format = DocumentFormat.page

    public static func recognises(_ text: String, pathExtension: String) -> Bool { true }

    public static func read(_ text: String, path: String) -> ReadOutcome {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let title = lines.first(where: { $0.count > 20 }) else { return ReadOutcome() }
        return ReadOutcome(papers: [Paper(title: title, source: PaperSource(path: path, format: .page))])
    }
}
