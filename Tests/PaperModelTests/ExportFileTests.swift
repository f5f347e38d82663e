import Foundation
import Testing
@testable import PaperModel

@Suite struct ExportFileTests {
    let paper = Paper(title: "Stromal exosomes in chronic myeloid leukemia", authors: ["Ada Ortega"], year: 2019,
                      doi: "10.5555/lectern.export.1", source: PaperSource(path: "a.txt", format: .page))

    @Test func writesANewFileAndNeverOverwritesAnEarlierExport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let moment = Date(timeIntervalSince1970: 1_700_000_000)
        let first = try ExportFile.writeNew([paper], format: .bibtex, in: folder, now: moment)
        let second = try ExportFile.writeNew([paper], format: .bibtex, in: folder, now: moment)
        #expect(first != second)
        #expect(first.lastPathComponent.hasPrefix("lectern-saved-"))
        #expect(first.pathExtension == "bib")
        #expect(second.lastPathComponent.hasSuffix("-2.bib"))
        let text = try String(contentsOf: first, encoding: .utf8)
        #expect(text.contains("10.5555/lectern.export.1"))
        #expect(try String(contentsOf: second, encoding: .utf8) == text)
    }

    @Test func anUnwritableFolderIsAnErrorNamingThePath() {
        let folder = URL(fileURLWithPath: "/nonexistent/lectern-export-folder")
        #expect(throws: ExportFile.WriteError.self) {
            try ExportFile.writeNew([paper], format: .ris, in: folder)
        }
    }
}
