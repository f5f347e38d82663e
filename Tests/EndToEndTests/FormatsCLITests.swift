import Foundation
import Testing

/// The reference formats through the built binary: a mixed folder listed once per paper, and `export`.
@Suite(.serialized) struct FormatsCLITests {
    static let fixtures = LecternBinary.packageRoot.appendingPathComponent("Tests/PaperModelTests/Fixtures/formats")
    static let exports = ["papers.nbib", "references.ris", "library.bib", "zotero.json", "pubmed.xml"]

    /// A temporary folder holding the given fixtures (and the seeds when asked), removed by the caller.
    static func folder(with names: [String], seeds: Bool = false) throws -> URL {
        let fm = FileManager.default
        let folder = fm.temporaryDirectory.appendingPathComponent("lectern-formats-\(UUID().uuidString)")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in names {
            try fm.copyItem(at: fixtures.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        if seeds {
            let seedFolder = LecternBinary.packageRoot.appendingPathComponent("seeds")
            for name in try fm.contentsOfDirectory(atPath: seedFolder.path) where !name.hasPrefix(".") {
                try fm.copyItem(at: seedFolder.appendingPathComponent(name), to: folder.appendingPathComponent(name))
            }
        }
        return folder
    }

    static func listJSON(_ arguments: [String]) throws -> [[String: Any]] {
        let run = try LecternBinary.run(["list", "--json"] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
    }

    @Test func fiveExportFormatsInOneFolderListEachPaperOnce() throws {
        let folder = try Self.folder(with: Self.exports)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try LecternBinary.run(["list", "--json", folder.path])
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let papers = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        // 20 records; the same paper in MEDLINE and PubMed XML, BibTeX and MEDLINE, BibTeX and PubMed XML
        // (by DOI), and RIS and CSL-JSON (by PMID) is listed once.
        #expect(papers.count == 16)
        let dois = papers.compactMap { ($0["doi"] as? String)?.lowercased() }
        #expect(Set(dois).count == dois.count)
        let druker = papers.filter { ($0["title"] as? String)?.hasPrefix("Efficacy and safety of a specific inhibitor") == true }
        #expect(druker.count == 1)
        #expect(druker.first?["doi"] as? String == "10.1056/NEJM200104053441401")
        #expect(druker.first?["pmid"] as? String == "11287972")
        let formats = Set(papers.compactMap { ($0["source"] as? [String: Any])?["format"] as? String })
        #expect(formats == ["medline", "ris", "bibtex", "csl-json", "pubmed-xml"])
        let lines = papers.compactMap { ($0["source"] as? [String: Any])?["line"] as? Int }
        #expect(lines.count == 16)
    }

    @Test
    func seedPagesAndExportsOfTheSamePapersMergeByDOI() throws {
        let folder = try Self.folder(with: Self.exports, seeds: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let papers = try Self.listJSON([folder.path])
        // 5 seed pages + 16 papers from the exports, two of which (Cancer Lett 2014, Front Biosci 2021)
        // are seed papers too.
        #expect(papers.count == 19)
        for doi in ["10.1016/j.canlet.2014.03.009", "10.2741/4901"] {
            let same = papers.filter { ($0["doi"] as? String)?.lowercased() == doi }
            #expect(same.count == 1, "\(doi)")
            // The export's fuller record fills what the page lacks.
            #expect((same.first?["authors"] as? [String])?.count ?? 0 >= 2, "\(doi)")
            #expect(same.first?["journal"] as? String != nil, "\(doi)")
        }
    }

    @Test func exportToStandardOutputReadsBack() throws {
        let folder = try Self.folder(with: Self.exports)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (format, file) in [("bibtex", "back.bib"), ("ris", "back.ris"), ("csljson", "back.json"), ("medline", "back.nbib")] {
            let run = try LecternBinary.run(["export", folder.path, "--format", format])
            #expect(run.status == 0, "\(format): \(run.stderr)")
            let back = folder.appendingPathComponent("out").appendingPathComponent(file)
            try FileManager.default.createDirectory(at: back.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(run.stdout.utf8).write(to: back)
            let papers = try Self.listJSON([back.path])
            #expect(papers.count == 16, "\(format)")
            try FileManager.default.removeItem(at: back)
        }
        let markdown = try LecternBinary.run(["export", folder.path, "--format", "markdown", "--query", "leukemia 2016"])
        #expect(markdown.status == 0)
        #expect(markdown.stdout.hasPrefix("# References\n\n1. "))
        #expect(markdown.stdout.split(separator: "\n").count == 3)
    }

    @Test func exportToAFileNeverOverwritesWithoutForce() throws {
        let folder = try Self.folder(with: ["references.ris"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.bib")
        let first = try LecternBinary.run(["export", folder.appendingPathComponent("references.ris").path, "-f", "bibtex", "-o", target.path])
        #expect(first.status == 0)
        #expect(first.stdout.isEmpty)
        #expect(first.stderr.contains("exported 4 papers to \(target.path)"))
        let written = try String(contentsOf: target, encoding: .utf8)
        #expect(written.hasPrefix("@article{cetin2021crosstalk,"))

        try Data("my own notes".utf8).write(to: target)
        let second = try LecternBinary.run(["export", folder.appendingPathComponent("references.ris").path, "-f", "ris", "-o", target.path])
        #expect(second.status == 1)
        #expect(second.stderr.contains(target.path) && second.stderr.contains("--force"))
        #expect(try String(contentsOf: target, encoding: .utf8) == "my own notes")

        let forced = try LecternBinary.run(["export", folder.appendingPathComponent("references.ris").path, "-f", "ris", "-o", target.path, "--force"])
        #expect(forced.status == 0)
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("TY  - JOUR\n"))
    }

    @Test func savedExportsTheSavedPapersOrSaysNothingIsSaved() throws {
        let folder = try Self.folder(with: Self.exports)
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appendingPathComponent("state/saved.json").path
        let nothing = try LecternBinary.run(["export", folder.path, "--saved", "--format", "bibtex", "--state", state])
        #expect(nothing.status == 0)
        #expect(nothing.stdout.isEmpty)
        #expect(nothing.stderr.contains("no saved papers in \(state)"))

        let save = try LecternBinary.run(["save", "10.1056/NEJMoa1516192", folder.path, "--state", state])
        #expect(save.status == 0, "\(save.stderr)")
        let gone = try LecternBinary.run(["save", "pmid:99999999", folder.path, "--state", state])
        #expect(gone.status == 0, "\(gone.stderr)")
        let run = try LecternBinary.run(["export", folder.path, "--saved", "--format", "bibtex", "--state", state])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("@article{papaemmanuil2016genomic,"))
        #expect(run.stdout.components(separatedBy: "\n@").count == 2)
        #expect(run.stdout.contains("pmid = {99999999},"))
        #expect(run.stderr.contains("1 saved paper is not in"))
    }
}
