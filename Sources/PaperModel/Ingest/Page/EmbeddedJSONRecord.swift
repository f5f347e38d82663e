import Foundation

/// A JSON record embedded in a page by an aggregator (`{"title":…,"authors":…,"abstract":"<p>…</p>",…}`):
/// its fields, HTML stripped, are preferred to what the surrounding text suggests.
enum EmbeddedJSONRecord {
    /// The record and the indexes of the lines it occupies, or nil when no line holds one.
    static func find(in lines: [String]) -> (record: PageRecord, lines: Set<Int>)? {
        for (index, line) in lines.enumerated() where line.hasPrefix("{") && line.contains("\"title\"") {
            guard let data = line.data(using: .utf8),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
            let record = record(from: object)
            guard record.title != nil || record.abstract != nil else { continue }
            return (record, [index])
        }
        return nil
    }

    static func record(from object: [String: Any]) -> PageRecord {
        func string(_ keys: String...) -> String? {
            for key in keys {
                if let value = object[key] as? String {
                    let text = PageHTML.stripTags(value)
                    if !text.isEmpty { return text }
                }
                if let value = object[key] as? [String: Any], let name = value["name"] as? String, !name.trimmed.isEmpty {
                    return PageHTML.stripTags(name)
                }
            }
            return nil
        }
        var record = PageRecord()
        record.title = string("title", "Title", "articleTitle")
        if let authors = object["authors"] ?? object["author"] ?? object["Authors"] {
            var names: [String] = []
            if let text = authors as? String {
                names = AuthorLine.parse(text, allowSingle: true)?.names ?? []
            } else if let list = authors as? [Any] {
                for item in list {
                    if let name = item as? String {
                        names.append(AuthorLine.invertIfCommaForm(name))
                    } else if let entry = item as? [String: Any] {
                        if let name = entry["name"] as? String {
                            names.append(name)
                        } else if let family = entry["family"] as? String ?? entry["lastName"] as? String {
                            let given = entry["given"] as? String ?? entry["firstName"] as? String ?? ""
                            names.append(given.isEmpty ? family : "\(given) \(family)")
                        }
                    }
                }
            }
            record.authors = AuthorLine.clean(names)
        }
        if let journal = object["journal"] as? [String: Any], let name = journal["name"] as? String, !name.trimmed.isEmpty {
            record.journal = name.trimmed
            record.volume = (journal["volume"] as? String).map { $0.trimmed }.flatMap { $0.isEmpty ? nil : $0 }
            record.pages = (journal["pages"] as? String).map { $0.trimmed }.flatMap { $0.isEmpty ? nil : $0 }
        } else {
            record.journal = string("journal", "PeriodicalName", "venue", "journalName", "container-title")
        }
        if let date = string("publicationDate", "pubDate", "date", "published") {
            record.year = PageDates.year(in: date)
            record.date = PageDates.isoDate(date)
        }
        if record.year == nil, let year = object["year"] as? Int { record.year = year }
        if record.year == nil, let year = (object["year"] as? String).flatMap({ Int($0) }) { record.year = year }
        record.doi = string("doi", "DOI").flatMap(PageIdentifiers.bareDOI)
        record.pmid = string("pmid", "PMID").flatMap { $0.allSatisfy(\.isNumber) ? $0 : nil }
        record.pmcid = string("pmcid", "PMCID")
        record.abstract = string("abstract", "Abstract", "abstractText")
        if let types = object["publicationTypes"] as? String {
            record.publicationTypes = types.split(separator: ",").map { $0.trimmed }.filter { !$0.isEmpty }
        } else if let types = object["publicationTypes"] as? [String] {
            record.publicationTypes = types
        }
        if let keywords = object["keywords"] as? [String] {
            record.keywords = keywords
        } else if let keywords = object["keywords"] as? String {
            record.keywords = PageSections.splitKeywords(keywords)
        }
        return record
    }
}
