import Foundation

/// Saved article pages, as text or HTML: PubMed, Europe PMC and PMC pages, publisher pages, reader apps,
/// aggregators embedding a JSON record, preprint servers, catalogues, document-sharing sites — any page
/// about one paper that the other readers do not claim. Fields are found by their signals: meta tags,
/// JSON keys, citation lines, identifiers, headings and labels, and the shape of prose.
public enum PageReader: DocumentReader {
    public static let format = DocumentFormat.page

    public static func recognises(_ text: String, pathExtension: String) -> Bool { true }

    public static func read(_ text: String, path: String) -> ReadOutcome {
        guard let paper = paper(from: text, path: path) else { return ReadOutcome() }
        return ReadOutcome(papers: [paper])
    }

    /// The paper a page shows, or nil when it shows neither a title nor an abstract.
    static func paper(from text: String, path: String) -> Paper? {
        var record = PageRecord()
        var visible = text
        var format = DocumentFormat.page
        if PageHTML.isHTML(text) {
            format = .html
            record.fill(from: PageMetaTags.record(from: PageHTML.metaTags(text)))
            visible = PageHTML.visibleText(text)
        }
        if let tagged = RefWorksTagged.record(visible) {
            return tagged.paper(path: path, format: format)
        }
        var lines = PageLines.lines(of: visible)
        if let embedded = EmbeddedJSONRecord.find(in: lines) {
            record.fill(from: embedded.record)
            for index in embedded.lines { lines[index] = "" }
        }
        record.fill(from: PageTextFields.record(lines))
        return record.paper(path: path, format: format)
    }
}
