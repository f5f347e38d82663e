import Foundation
import Testing

/// The query language, the disease vocabulary file and `lectern diseases`, through the built binary.
@Suite(.serialized) struct DiseasesCLITests {
    static let ris = """
    TY  - JOUR
    TI  - Ponatinib in blast phase chronic myeloid leukemia
    AU  - Smith, Jane
    PY  - 2019
    JO  - Leukemia Research
    AB  - Blast phase chronic myeloid leukemia (CML) carries a poor prognosis. We treated 40 patients in blast phase.
    KW  - blast phase
    ER  -\u{20}

    TY  - JOUR
    TI  - Anterolateral ligament reconstruction in the cadaveric knee
    AU  - Núñez, Carlos
    PY  - 2016
    JO  - Knee
    AB  - The anterolateral ligament (ALL) controls rotation. ALL reconstruction reduced laxity. ALL RIGHTS RESERVED.
    ER  -\u{20}

    TY  - JOUR
    TI  - Venetoclax for older patients with acute myeloid leukaemia
    AU  - Rowe, Jacob
    PY  - 2021
    JO  - Blood
    AB  - Acute myeloid leukaemia (AML) in older adults responds to venetoclax. AML relapse remains common.
    ER  -\u{20}

    """

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-diseases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(ris.utf8).write(to: folder.appendingPathComponent("papers.ris"))
        return folder
    }

    static func json(_ text: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] ?? []
    }

    @Test func listTagsPapersAndFiltersByQuery() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("papers.ris").path
        let env = ["LECTERN_CACHE": "off", "XDG_CONFIG_HOME": folder.path, "LECTERN_STATE": folder.appendingPathComponent("s.json").path]
        let all = try Self.json(LecternBinary.run(["list", path, "--json"], environment: env).stdout)
        #expect(all.map { $0["diseases"] as? [String] ?? ["?"] } == [["Chronic Myeloid Leukemia"], [], ["Acute Myeloid Leukemia"]])

        let leukemia = try LecternBinary.run(["list", path, "--query", "disease:leukemia"], environment: env)
        #expect(leukemia.stdout.split(separator: "\n").count == 2)
        let cml = try LecternBinary.run(["list", path, "-q", "disease:CML year:2010..2020"], environment: env)
        #expect(cml.stdout.split(separator: "\n").count == 1)
        #expect(cml.stdout.contains("Ponatinib"))
        let author = try LecternBinary.run(["list", path, "-q", "author:nunez -disease:ALL"], environment: env)
        #expect(author.stdout.contains("Anterolateral"))
    }

    @Test func aMalformedQueryIsOneErrorLineAndExitStatusTwo() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try LecternBinary.run(["list", folder.path, "-q", "exosome year:20x1"],
                                        environment: ["LECTERN_CACHE": "off", "XDG_CONFIG_HOME": folder.path])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("year:20x1") == true)
        #expect(lines.first?.contains("column 9") == true)
    }

    @Test func aUserVocabularyFileAddsDiseasesAndABadOneIsNamed() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("papers.ris").path
        let user = folder.appendingPathComponent("mine.json")
        try Data("""
        {"diseases": [{"name": "Blast Crisis", "synonyms": ["blast phase", "blastic phase"], "abbreviations": ["BP-CML"],
                       "parents": ["Chronic Myeloid Leukemia"]}]}
        """.utf8).write(to: user)
        let env = ["LECTERN_CACHE": "off", "XDG_CONFIG_HOME": folder.appendingPathComponent("none").path]
        let tagged = try Self.json(LecternBinary.run(["list", path, "--json", "--diseases", user.path], environment: env).stdout)
        #expect(tagged.first?["diseases"] as? [String] == ["Blast Crisis"])
        let query = try LecternBinary.run(["list", path, "--diseases", user.path, "-q", "disease:CML"], environment: env)
        #expect(query.stdout.contains("Ponatinib"))

        // The same file found in $XDG_CONFIG_HOME/lectern/diseases.json.
        let config = folder.appendingPathComponent("config/lectern")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: user, to: config.appendingPathComponent("diseases.json"))
        let viaXDG = try Self.json(LecternBinary.run(["list", path, "--json"],
                                                     environment: ["LECTERN_CACHE": "off", "XDG_CONFIG_HOME": folder.appendingPathComponent("config").path]).stdout)
        #expect(viaXDG.first?["diseases"] as? [String] == ["Blast Crisis"])

        try Data(#"{"diseases": [{"name": "X", "parents": ["Nowhere"]}]}"#.utf8).write(to: user)
        let bad = try LecternBinary.run(["list", path, "--diseases", user.path], environment: env)
        #expect(bad.status != 0)
        let lines = bad.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(user.path) == true)
        #expect(lines.first?.contains("Nowhere") == true)
    }

    @Test func diseasesCommandPrintsTheTreeAndJSON() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let env = ["LECTERN_CACHE": "off", "XDG_CONFIG_HOME": folder.path, "LECTERN_STATE": folder.appendingPathComponent("s.json").path]
        let text = try LecternBinary.run(["diseases", folder.path], environment: env)
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("  Leukemia") && $0.hasSuffix(" 2") })
        #expect(lines.contains { $0.hasPrefix("    Myeloid Leukemia") && $0.hasSuffix(" 2") })
        #expect(lines.contains { $0.contains("Chronic Myeloid Leukemia (CML)") && $0.hasSuffix(" 1") })
        #expect(lines.contains { $0.contains("2016 1") && $0.contains("2019 1") && $0.contains("2021 1") })

        let json = try LecternBinary.run(["diseases", folder.path, "--json", "--query", "disease:AML"], environment: env)
        let facets = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let roots = facets?["diseases"] as? [[String: Any]]
        #expect(roots?.first?["name"] as? String == "Leukemia")
        #expect(roots?.first?["count"] as? Int == 1)
        #expect((facets?["years"] as? [[String: Any]])?.map { $0["value"] as? String } == ["2021"])
        #expect(facets?["unread"] as? Int == 1)
    }

    /// The bundled seeds, read by the page reader and tagged: the issue's done-when checks.
    @Test func seedsAnswerTheDiseaseAuthorAndYearQueries() throws {
        let env = ["LECTERN_CACHE": "off", "XDG_CONFIG_HOME": "/nonexistent", "LECTERN_STATE": "/nonexistent/saved.json"]
        let seeds = LecternBinary.packageRoot.appendingPathComponent("seeds").path
        let expected = [("disease:CML", 2), ("disease:leukemia", 5), ("disease:ALL", 1), ("author:passegue", 1), ("year:2010..2021", 2)]
        for (query, count) in expected {
            let run = try LecternBinary.run(["list", seeds, "--query", query], environment: env)
            #expect(run.status == 0)
            #expect(run.stdout.split(separator: "\n").count == count, "\(query)")
        }
        let papers = try Self.json(LecternBinary.run(["list", seeds, "--json"], environment: env).stdout)
        var byFile: [String: [String]] = [:]
        for paper in papers {
            let path = (paper["source"] as? [String: Any])?["path"] as? String ?? ""
            byFile[(path as NSString).lastPathComponent] = paper["diseases"] as? [String]
        }
        #expect(byFile == [
            "000_7ca079b3fba1dd8c.txt": ["Acute Myeloid Leukemia"],
            "001_893f001f74912dda.txt": ["Leukemia"],
            "002_b11f5d7b0448d0c6.txt": ["Acute Lymphoblastic Leukemia"],
            "003_417596fa231ddce3.txt": ["Chronic Myeloid Leukemia"],
            "004_84a1a539c427e078.txt": ["Chronic Myeloid Leukemia"],
        ])
    }
}
