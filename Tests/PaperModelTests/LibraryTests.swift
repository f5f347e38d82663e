import Foundation
import Testing
@testable import PaperModel

@Suite struct LibraryTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000.123)

    static func ref(_ n: Int) -> LibraryPaperRef {
        LibraryPaperRef(id: PaperID(rawValue: "doi:10.5555/test.\(n)"), title: "Paper number \(n)", doi: "10.5555/test.\(n)",
                        pmid: nil, firstAuthor: "Ana Núñez")
    }

    @Test func timesKeepTheirMillisecondsThroughTheFile() {
        #expect(LibraryTime.format(Self.t0) == "2026-09-21T14:13:20.123Z")
        #expect(LibraryTime.parse("2026-09-21T14:13:20.123Z") == Self.t0)
        #expect(LibraryTime.parse("2026-09-21T14:13:20Z") == Date(timeIntervalSince1970: 1_790_000_000))
        #expect(LibraryTime.format(Date(timeIntervalSince1970: 1_790_000_000.007)) == "2026-09-21T14:13:20.007Z")
        #expect(LibraryTime.parse("yesterday") == nil)
        #expect(LibraryTime.day(Self.t0) == "2026-09-21")
        #expect(LibraryTime.parse("2026-09-21T16:13:20.5+02:00") == Date(timeIntervalSince1970: 1_790_000_000.5))
        #expect(LibraryTime.parse("2026-13-21T14:13:20Z") == nil)
        #expect(LibraryTime.format(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
    }

    /// Found by fuzzing: a fraction of a hundred digits overflowed while it was read.
    @Test func aVeryLongFractionOfASecondIsReadToTheMillisecond() {
        let long = "2026-09-21T14:13:20.123" + String(repeating: "9", count: 120) + "Z"
        #expect(LibraryTime.parse(long) == Date(timeIntervalSince1970: 1_790_000_000.124))
        #expect(LibraryTime.parse("2026-09-21T14:13:20.12x4Z") == nil)
    }

    @Test func timesAgreeWithFoundationAcrossCenturies() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let millis = Int64.random(in: -2_000_000_000_000...8_000_000_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            let text = LibraryTime.format(date)
            let foundation = date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            #expect(text.prefix(19) == foundation.prefix(19), "\(millis)")
            #expect(LibraryTime.parse(text) == LibraryTime.stamp(date), "\(text)")
        }
    }

    @Test func roundTripKeepsEveryField() throws {
        var library = Library()
        library.apply(LibraryChange(.saved(true), paper: Self.ref(1), at: Self.t0))
        library.apply(LibraryChange(.read(true), paper: Self.ref(1), at: Self.t0.addingTimeInterval(1)))
        library.apply(LibraryChange(.note("Fig. 2 — the “key” result\nsecond line"), paper: Self.ref(1), at: Self.t0.addingTimeInterval(2)))
        library.apply(LibraryChange(.tags(["review", " CML ", "review", ""]), paper: Self.ref(1), at: Self.t0.addingTimeInterval(3)))
        library.apply(LibraryChange(.read(true), paper: Self.ref(2), at: Self.t0))
        let data = library.encoded()
        let back = try Library.decode(data, path: "saved.json")
        #expect(back == library)
        let entry = try #require(back.entries[PaperID(rawValue: "doi:10.5555/test.1")])
        #expect(entry.title == "Paper number 1")
        #expect(entry.firstAuthor == "Ana Núñez")
        #expect(entry.savedAt == Self.t0)
        #expect(entry.readAt == Self.t0.addingTimeInterval(1))
        #expect(entry.note == "Fig. 2 — the “key” result\nsecond line")
        #expect(entry.tags == ["review", "CML"])
        #expect(entry.updatedAt == Self.t0.addingTimeInterval(3))
        #expect(back.isSaved(PaperID(rawValue: "doi:10.5555/test.1")))
        #expect(!back.isSaved(PaperID(rawValue: "doi:10.5555/test.2")))
        #expect(back.isRead(PaperID(rawValue: "doi:10.5555/test.2")))
    }

    @Test func fileIsPrettyWithSortedKeysAndAVersion() throws {
        var library = Library()
        library.apply(LibraryChange(.saved(true), paper: Self.ref(2), at: Self.t0))
        library.apply(LibraryChange(.saved(true), paper: Self.ref(1), at: Self.t0))
        let text = String(decoding: library.encoded(), as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("  \"version\" : 1"))
        let first = try #require(lines.firstIndex { $0.contains("doi:10.5555/test.1") })
        let second = try #require(lines.firstIndex { $0.contains("doi:10.5555/test.2") })
        #expect(first < second)
        let keys = lines.compactMap { line -> String? in
            guard line.hasPrefix("      \""), let end = line.dropFirst(7).firstIndex(of: "\"") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 7)..<end])
        }
        #expect(Array(keys.prefix(10)) == ["doi", "firstAuthor", "note", "pmid", "read", "readAt", "savedAt", "tags", "title", "updatedAt"])
        #expect(text.contains("\"savedAt\" : \"2026-09-21T14:13:20.123Z\""))
        #expect(text.contains("\"doi\" : \"10.5555/test.1\""))
    }

    @Test func theFileTextIsExactlyThis() {
        #expect(String(decoding: Library().encoded(), as: UTF8.self) == "{\n  \"entries\" : {},\n  \"version\" : 1\n}\n")
        var library = Library()
        library.apply(LibraryChange(.saved(true), paper: LibraryPaperRef(id: PaperID(rawValue: "pmid:42"), title: "A \"quoted\" title/with slash", pmid: "42"), at: Self.t0))
        library.apply(LibraryChange(.tags(["a", "b"]), paper: LibraryPaperRef(id: PaperID(rawValue: "pmid:42")), at: Self.t0))
        library.apply(LibraryChange(.read(true), paper: LibraryPaperRef(id: PaperID(rawValue: "pmid:7"), title: "Seven"), at: Self.t0))
        let expected = """
        {
          "entries" : {
            "pmid:42" : {
              "doi" : null,
              "firstAuthor" : null,
              "note" : null,
              "pmid" : "42",
              "read" : false,
              "readAt" : null,
              "savedAt" : "2026-09-21T14:13:20.123Z",
              "tags" : [
                "a",
                "b"
              ],
              "title" : "A \\"quoted\\" title/with slash",
              "updatedAt" : "2026-09-21T14:13:20.123Z"
            },
            "pmid:7" : {
              "doi" : null,
              "firstAuthor" : null,
              "note" : null,
              "pmid" : null,
              "read" : true,
              "readAt" : "2026-09-21T14:13:20.123Z",
              "savedAt" : null,
              "tags" : [],
              "title" : "Seven",
              "updatedAt" : "2026-09-21T14:13:20.123Z"
            }
          },
          "version" : 1
        }

        """
        #expect(String(decoding: library.encoded(), as: UTF8.self) == expected)
    }

    @Test func awkwardTextSurvivesTheFile() throws {
        var library = Library()
        let note = "tab\there \"quote\" back\\slash\nnew line \u{1} bell\u{7} é 漢字 🧬 \u{2028} end"
        let ref = LibraryPaperRef(id: PaperID(rawValue: "title:00ff"), title: "Ünïcode — \u{0}zero", firstAuthor: "O'Brien, Ç.")
        library.apply(LibraryChange(.note(note), paper: ref, at: Self.t0))
        library.apply(LibraryChange(.tags(["x/y", "\"q\""]), paper: ref, at: Self.t0))
        let data = library.encoded()
        #expect(try JSONSerialization.jsonObject(with: data) is [String: Any])
        let back = try Library.decode(data, path: "s.json")
        #expect(back == library)
        #expect(back.note(of: ref.id) == note.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func theNewestChangeToAnEntryWins() {
        var library = Library()
        let later = Self.t0.addingTimeInterval(60)
        let applied1 = library.apply(LibraryChange(.note("new"), paper: Self.ref(1), at: later))
        #expect(applied1)
        let applied2 = library.apply(LibraryChange(.note("old"), paper: Self.ref(1), at: Self.t0))
        #expect(!applied2)
        #expect(library.note(of: Self.ref(1).id) == "new")
        let applied3 = library.apply(LibraryChange(.note("same time"), paper: Self.ref(1), at: later))
        #expect(applied3)
        #expect(library.note(of: Self.ref(1).id) == "same time")
    }

    @Test func aRemovalWinsOverAnOlderSaveAndLeavesATombstone() {
        var library = Library()
        library.apply(LibraryChange(.saved(true), paper: Self.ref(1), at: Self.t0))
        library.apply(LibraryChange(.saved(false), paper: Self.ref(1), at: Self.t0.addingTimeInterval(10)))
        let entry = library.entries[Self.ref(1).id]
        #expect(entry?.isTombstone == true)
        // A save made before the removal, arriving late from another process, does not bring it back.
        let applied4 = library.apply(LibraryChange(.saved(true), paper: Self.ref(1), at: Self.t0.addingTimeInterval(5)))
        #expect(!applied4)
        #expect(!library.isSaved(Self.ref(1).id))
        // A save made after it does.
        let applied5 = library.apply(LibraryChange(.saved(true), paper: Self.ref(1), at: Self.t0.addingTimeInterval(20)))
        #expect(applied5)
        #expect(library.entries[Self.ref(1).id]?.savedAt == Self.t0.addingTimeInterval(20))
    }

    @Test func savingAgainKeepsTheFirstSaveTimeAndAddTagsAddsOnly() {
        var library = Library()
        library.apply(LibraryChange(.saved(true), paper: Self.ref(1), at: Self.t0))
        library.apply(LibraryChange(.tags(["a", "b"]), paper: Self.ref(1), at: Self.t0))
        library.apply(LibraryChange(.saved(true), paper: Self.ref(1), at: Self.t0.addingTimeInterval(9)))
        library.apply(LibraryChange(.addTags(["B", "c"]), paper: Self.ref(1), at: Self.t0.addingTimeInterval(9)))
        #expect(library.entries[Self.ref(1).id]?.savedAt == Self.t0)
        #expect(library.tags(of: Self.ref(1).id) == ["a", "b", "c"])
    }

    @Test func aChangeByIDAloneKeepsTheCopiedTitle() {
        var library = Library()
        library.apply(LibraryChange(.saved(true), paper: Self.ref(1), at: Self.t0))
        library.apply(LibraryChange(.read(true), paper: LibraryPaperRef(id: Self.ref(1).id), at: Self.t0))
        #expect(library.entries[Self.ref(1).id]?.title == "Paper number 1")
        #expect(library.entries[Self.ref(1).id]?.firstAuthor == "Ana Núñez")
    }

    @Test func oldTombstonesAreDroppedRecentOnesKept() {
        var library = Library()
        library.apply(LibraryChange(.saved(true), paper: Self.ref(1), at: Self.t0))
        library.apply(LibraryChange(.saved(false), paper: Self.ref(1), at: Self.t0))
        library.apply(LibraryChange(.saved(false), paper: Self.ref(2), at: Self.t0.addingTimeInterval(100)))
        library.apply(LibraryChange(.saved(true), paper: Self.ref(3), at: Self.t0))
        library.dropTombstones(before: Self.t0.addingTimeInterval(50))
        #expect(Set(library.entries.keys) == [Self.ref(2).id, Self.ref(3).id])
    }

    @Test func savedEntriesComeNewestFirst() {
        var library = Library()
        library.apply(LibraryChange(.saved(true), paper: Self.ref(1), at: Self.t0))
        library.apply(LibraryChange(.saved(true), paper: Self.ref(2), at: Self.t0.addingTimeInterval(5)))
        library.apply(LibraryChange(.read(true), paper: Self.ref(3), at: Self.t0.addingTimeInterval(9)))
        #expect(library.savedEntries.map(\.id) == [Self.ref(2).id, Self.ref(1).id])
    }

    @Test func resolveAcceptsIDsDOIsAndPMIDs() {
        var library = Library()
        library.apply(LibraryChange(.saved(true), paper: Self.ref(7), at: Self.t0))
        let pmidRef = LibraryPaperRef(id: PaperID(rawValue: "pmid:24657904"), title: "A PubMed paper", pmid: "24657904")
        library.apply(LibraryChange(.saved(true), paper: pmidRef, at: Self.t0))
        let doiPaperWithPMID = LibraryPaperRef(id: PaperID(rawValue: "doi:10.1/x"), title: "X", doi: "10.1/X", pmid: "111")
        library.apply(LibraryChange(.saved(true), paper: doiPaperWithPMID, at: Self.t0))
        #expect(library.resolve("doi:10.5555/test.7") == Self.ref(7).id)
        #expect(library.resolve("10.5555/TEST.7") == Self.ref(7).id)
        #expect(library.resolve("https://doi.org/10.5555/test.7") == Self.ref(7).id)
        #expect(library.resolve("24657904") == pmidRef.id)
        #expect(library.resolve("pmid:24657904") == pmidRef.id)
        #expect(library.resolve("111") == doiPaperWithPMID.id)
        #expect(library.resolve("10.5555/test.8") == nil)
        #expect(library.resolve("review") == nil)
        #expect(Library.idForm("10.5555/New.1") == PaperID(rawValue: "doi:10.5555/new.1"))
        #expect(Library.idForm("pmid:42") == PaperID(rawValue: "pmid:42"))
        #expect(Library.idForm("42") == nil)
    }

    @Test func textThatIsNotJSONIsDamagedAndNamesTheFile() {
        #expect(throws: LibraryError.self) { try Library.decode(Data("{\"version\": 1, \"entries\": {".utf8), path: "/x/saved.json") }
        do {
            _ = try Library.decode(Data("not json".utf8), path: "/x/saved.json", backup: "/x/saved.json.bak")
            Issue.record("decoded garbage")
        } catch {
            guard case .corrupt(let path, let detail, let backup) = error else { Issue.record("\(error)"); return }
            #expect(path == "/x/saved.json")
            #expect(detail.contains("not valid JSON"))
            #expect(backup == "/x/saved.json.bak")
            #expect(error.description.contains("/x/saved.json.bak"))
            #expect(error.description.contains("left untouched"))
        }
    }

    @Test func aNewerVersionIsRefusedWithBothVersions() {
        do {
            _ = try Library.decode(Data("{\"version\": 2, \"entries\": {}, \"folders\": []}".utf8), path: "s.json")
            Issue.record("decoded a newer file")
        } catch {
            #expect(error == .newerVersion(path: "s.json", found: 2, supported: 1, backup: nil))
            #expect(error.description.contains("version 2"))
        }
    }

    @Test func structuralProblemsSayWhere() {
        func detail(_ json: String) -> String? {
            do {
                _ = try Library.decode(Data(json.utf8), path: "s.json")
                return nil
            } catch {
                if case .corrupt(_, let detail, _) = error { return detail }
                return "\(error)"
            }
        }
        #expect(detail("[1, 2]") == "it is not a JSON object")
        #expect(detail("{\"entries\": {}}") == "it has no \"version\" number")
        #expect(detail("{\"version\": \"one\", \"entries\": {}}") == "it has no \"version\" number")
        let badDate = detail("{\"version\": 1, \"entries\": {\"doi:10.1/a\": {\"updatedAt\": \"soon\"}}}")
        #expect(badDate?.contains("doi:10.1/a") == true)
        #expect(badDate?.contains("soon") == true)
        let noStamp = detail("{\"version\": 1, \"entries\": {\"doi:10.1/a\": {\"title\": \"A\"}}}")
        #expect(noStamp?.contains("updatedAt") == true)
        // A minimal hand-written entry loads.
        let minimal = try? Library.decode(Data("{\"version\": 1, \"entries\": {\"pmid:5\": {\"savedAt\": \"2026-01-02T03:04:05Z\", \"updatedAt\": \"2026-01-02T03:04:05Z\"}}}".utf8), path: "s.json")
        #expect(minimal?.isSaved(PaperID(rawValue: "pmid:5")) == true)
        #expect(minimal?.tags(of: PaperID(rawValue: "pmid:5")) == [])
    }

    @Test func locationFollowsOptionThenEnvironmentThenXDGThenHome() {
        #expect(LibraryLocation.path(explicit: "/a/s.json", environment: ["LECTERN_STATE": "/b/s.json"]) == "/a/s.json")
        #expect(LibraryLocation.path(environment: ["LECTERN_STATE": "/b/s.json", "XDG_DATA_HOME": "/x"]) == "/b/s.json")
        #expect(LibraryLocation.path(environment: ["LECTERN_STATE": "", "XDG_DATA_HOME": "/x", "HOME": "/h"]) == "/x/lectern/saved.json")
        #expect(LibraryLocation.path(environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"]) == "/h/.local/share/lectern/saved.json")
        #expect(LibraryLocation.path(environment: ["HOME": "/h"]) == "/h/.local/share/lectern/saved.json")
    }
}
