import Foundation
import Testing
@testable import PaperModel

@Suite struct DiseaseVocabularyTests {
    let vocabulary = DiseaseVocabulary.bundled

    @Test func bundledVocabularyLoadsWithEveryParentAndTargetPresent() {
        #expect(vocabulary.entries.count >= 300)
        for entry in vocabulary.entries {
            for parent in entry.parents { #expect(vocabulary.entry(named: parent) != nil, "\(entry.name) → \(parent)") }
            if let target = entry.reportAs { #expect(vocabulary.entry(named: target) != nil, "\(entry.name) reports as \(target)") }
            #expect(!entry.ancestors(in: vocabulary).contains(entry.name))
        }
    }

    @Test func canonicalNamesOfTheEvaluationAreTagNames() {
        let names = ["Acute Myeloid Leukemia", "Chronic Myeloid Leukemia", "Acute Lymphoblastic Leukemia", "Chronic Lymphocytic Leukemia",
                     "Myelodysplastic Syndromes", "Multiple Myeloma", "Lymphoma", "Leukemia", "Breast Cancer", "Alzheimer Disease",
                     "Diabetes Mellitus", "COVID-19", "Aplastic Anemia", "Myeloproliferative Neoplasms", "Graft-versus-Host Disease",
                     "Heart Failure", "Parkinson Disease", "Tuberculosis", "Rheumatoid Arthritis", "Angiomyolipoma"]
        for name in names {
            #expect(vocabulary.entry(named: name)?.name == name)
            #expect(vocabulary.reportedName(of: name) == name)
        }
    }

    @Test func subtypesRollUpToTheCanonicalParent() {
        #expect(vocabulary.reportedName(of: "Acute Promyelocytic Leukemia") == "Acute Myeloid Leukemia")
        #expect(vocabulary.reportedName(of: "Diffuse Large B-Cell Lymphoma") == "Lymphoma")
        #expect(vocabulary.reportedName(of: "Follicular Lymphoma") == "Lymphoma")
        #expect(vocabulary.reportedName(of: "Hodgkin Lymphoma") == "Lymphoma")
        #expect(vocabulary.reportedName(of: "B-Cell Acute Lymphoblastic Leukemia") == "Acute Lymphoblastic Leukemia")
        #expect(vocabulary.reportedName(of: "Small Lymphocytic Lymphoma") == "Chronic Lymphocytic Leukemia")
        #expect(vocabulary.reportedName(of: "Polycythemia Vera") == "Myeloproliferative Neoplasms")
    }

    @Test func treeRunsFromAMLUpToHematologicNeoplasms() {
        #expect(vocabulary.ancestors(of: "Acute Myeloid Leukemia") == ["Myeloid Leukemia", "Leukemia", "Hematologic Neoplasms", "Neoplasms"])
        #expect(vocabulary.descendants(of: "Leukemia").contains("Chronic Myeloid Leukemia"))
        #expect(!vocabulary.descendants(of: "Acute Myeloid Leukemia").contains("Chronic Myeloid Leukemia"))
    }

    @Test func namesSynonymsAndAbbreviationsResolve() {
        #expect(vocabulary.resolve("CML").map(\.name) == ["Chronic Myeloid Leukemia"])
        #expect(vocabulary.resolve("cml").map(\.name) == ["Chronic Myeloid Leukemia"])
        #expect(vocabulary.resolve("chronic myelogenous leukaemia").map(\.name) == ["Chronic Myeloid Leukemia"])
        #expect(vocabulary.resolve("AML").map(\.name) == ["Acute Myeloid Leukemia"])
        #expect(vocabulary.resolve("Leukemia, Myeloid, Acute").map(\.name) == ["Acute Myeloid Leukemia"])
        #expect(vocabulary.displayAbbreviation(of: "Chronic Myeloid Leukemia") == "CML")
        #expect(vocabulary.displayAbbreviation(of: "Leukemia") == nil)
    }

    @Test func aUserFileAddsAndOverridesEntries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("diseases.json")
        try Data("""
        {"diseases": [
          {"name": "Blastic Crisis", "synonyms": ["blast crisis"], "abbreviations": ["BC-CML"], "parents": ["Chronic Myeloid Leukemia"]},
          {"name": "Chronic Myeloid Leukemia", "synonyms": ["chronic myeloid leukemia", "LMC"], "abbreviations": ["CML"], "parents": ["Myeloid Leukemia"]}
        ]}
        """.utf8).write(to: file)
        let merged = try DiseaseVocabulary.load(userFile: file.path)
        #expect(merged.entries.count == vocabulary.entries.count + 1)
        #expect(merged.resolve("blast crisis").map(\.name) == ["Blastic Crisis"])
        #expect(merged.resolve("LMC").map(\.name) == ["Chronic Myeloid Leukemia"])
        #expect(merged.ancestors(of: "Blastic Crisis").first == "Chronic Myeloid Leukemia")

        // The XDG location is read when no file is named.
        let config = folder.appendingPathComponent("lectern")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: file, to: config.appendingPathComponent("diseases.json"))
        let fromXDG = try DiseaseVocabulary.load(userFile: nil, environment: ["XDG_CONFIG_HOME": folder.path])
        #expect(fromXDG.entry(named: "Blastic Crisis") != nil)
        #expect(try DiseaseVocabulary.load(userFile: nil, environment: ["XDG_CONFIG_HOME": "/nonexistent"]) == vocabulary)
    }

    @Test func aBadUserFileIsOneErrorNamingTheFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-bad-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"diseases": [{"synonyms": ["x"]}]}"#.utf8).write(to: file)
        #expect {
            try DiseaseVocabulary.load(userFile: file.path)
        } throws: { error in
            let text = String(describing: error)
            return text.hasPrefix(file.path) && text.contains("name") && !text.contains("\n")
        }
        try Data(#"{"diseases": [{"name": "X", "parents": ["Nowhere"]}]}"#.utf8).write(to: file)
        #expect(throws: DiseaseVocabularyError.unknownParent(path: file.path, disease: "X", parent: "Nowhere")) {
            try DiseaseVocabulary.load(userFile: file.path)
        }
        #expect(throws: DiseaseVocabularyError.unreadable(path: "/nonexistent/d.json", reason: "no such file")) {
            try DiseaseVocabulary.load(userFile: "/nonexistent/d.json")
        }
    }
}

extension DiseaseEntry {
    func ancestors(in vocabulary: DiseaseVocabulary) -> [String] { vocabulary.ancestors(of: name) }
}
