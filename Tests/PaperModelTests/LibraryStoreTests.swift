import Foundation
import Testing
@testable import PaperModel

/// A fresh folder per test, removed afterwards.
final class TempFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-library-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit {
        chmod(url.path, 0o755)
        try? FileManager.default.removeItem(at: url)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

@Suite struct LibraryStoreTests {
    static func paper(_ n: Int) -> Paper {
        Paper(title: "Synthetic paper \(n) on stromal exosomes", authors: ["Mei Tanaka", "Lars Öberg"], year: 2020,
              doi: "10.5555/lectern.\(n)", source: PaperSource(path: "/papers/\(n).txt", format: .page))
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func changesAreWrittenAtOnceAndReadBack() throws {
        let folder = try TempFolder()
        let path = folder.path("state/saved.json")
        let store = LibraryStore(path: path)
        #expect(store.problem == nil)
        try store.setSaved(true, for: Self.paper(1))
        try store.setTags(["review"], for: Self.paper(1))
        try store.setNote("check the methods", for: Self.paper(1))
        try store.setRead(true, for: Self.paper(2))
        #expect(store.pending.isEmpty)

        let again = LibraryStore(path: path)
        #expect(again.library == store.library)
        let entry = try #require(again.library.entries[Self.paper(1).id])
        #expect(entry.isSaved)
        #expect(entry.title == "Synthetic paper 1 on stromal exosomes")
        #expect(entry.doi == "10.5555/lectern.1")
        #expect(entry.firstAuthor == "Mei Tanaka")
        #expect(entry.tags == ["review"])
        #expect(entry.note == "check the methods")
        #expect(again.snapshot.isRead(Self.paper(2).id))
        #expect(!again.snapshot.isSaved(Self.paper(2).id))
    }

    @Test func eachWriteKeepsThePreviousFileAsBackupAndLeavesNoTempFiles() throws {
        let folder = try TempFolder()
        let path = folder.path("saved.json")
        let store = LibraryStore(path: path)
        try store.setSaved(true, for: Self.paper(1))
        #expect(!FileManager.default.fileExists(atPath: path + ".bak"))
        let first = try #require(Self.bytes(path))
        // What a writer killed mid-write leaves behind is cleared by the next write.
        try Data("partial".utf8).write(to: URL(fileURLWithPath: folder.path(".saved.json.4242.17.tmp")))
        try Data("partial".utf8).write(to: URL(fileURLWithPath: folder.path(".saved.json.bak.4242.tmp")))
        try Data("keep".utf8).write(to: URL(fileURLWithPath: folder.path("notes.tmp")))
        try store.setSaved(true, for: Self.paper(2))
        #expect(Self.bytes(path + ".bak") == first)
        let backup = try Library.decode(first, path: path)
        #expect(backup.isSaved(Self.paper(1).id) && !backup.isSaved(Self.paper(2).id))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
        #expect(names == ["notes.tmp", "saved.json", "saved.json.bak", "saved.json.lock"])
    }

    @Test func twoStoresOnOneFileMergeInsteadOfOverwriting() throws {
        let folder = try TempFolder()
        let path = folder.path("saved.json")
        let a = LibraryStore(path: path)
        let b = LibraryStore(path: path)
        try a.setSaved(true, for: Self.paper(1))
        // b has not seen a's save; its own changes must not undo it.
        try b.setSaved(true, for: Self.paper(2))
        try b.setRead(true, for: Self.paper(1))
        try a.setTags(["x"], for: Self.paper(3))
        let final = LibraryStore(path: path).library
        #expect(final.isSaved(Self.paper(1).id))
        #expect(final.isRead(Self.paper(1).id))
        #expect(final.isSaved(Self.paper(2).id))
        #expect(final.tags(of: Self.paper(3).id) == ["x"])
        // a sees b's changes after its next write, and on reload.
        #expect(a.library == final)
        b.reload()
        #expect(b.library == final)
    }

    @Test func reloadIfChangedSeesAnotherWriterAndOnlyThen() throws {
        let folder = try TempFolder()
        let path = folder.path("saved.json")
        let browser = LibraryStore(path: path)
        #expect(!browser.reloadIfChanged())
        let cli = LibraryStore(path: path)
        try cli.setSaved(true, for: Self.paper(4))
        #expect(browser.reloadIfChanged())
        #expect(browser.snapshot.isSaved(Self.paper(4).id))
        #expect(!browser.reloadIfChanged())
        try browser.setRead(true, for: Self.paper(4))
        #expect(!browser.reloadIfChanged())

        // A file damaged while the browser runs: it turns read-only once, and does not re-read it each time.
        try Data("oops".utf8).write(to: URL(fileURLWithPath: path))
        #expect(browser.reloadIfChanged())
        #expect(browser.isReadOnly)
        #expect(browser.problem?.summary.hasPrefix("saved.json is damaged") == true)
        #expect(!browser.reloadIfChanged())
        #expect(throws: LibraryError.self) { try browser.setSaved(true, for: Self.paper(5)) }
        #expect(Self.bytes(path) == Data("oops".utf8))
    }

    @Test func anUnsaveInOneStoreIsNotUndoneByAnotherStoresStaleView() throws {
        let folder = try TempFolder()
        let path = folder.path("saved.json")
        let a = LibraryStore(path: path)
        try a.setSaved(true, for: Self.paper(1))
        let b = LibraryStore(path: path)
        try a.setSaved(false, for: Self.paper(1))
        try b.setSaved(true, for: Self.paper(2))
        let final = LibraryStore(path: path).library
        #expect(!final.isSaved(Self.paper(1).id))
        #expect(final.isSaved(Self.paper(2).id))
    }

    @Test func aDamagedFileIsNeverWrittenAndChangesWaitInMemory() throws {
        let folder = try TempFolder()
        let path = folder.path("saved.json")
        let garbage = Data("{\"version\": 1, \"entries\": {\"doi:10.1/a\": {\"savedAt\": \"2026-".utf8)
        try garbage.write(to: URL(fileURLWithPath: path))
        let store = LibraryStore(path: path)
        #expect(store.isReadOnly)
        guard case .corrupt(let named, _, let backup) = store.problem else { Issue.record("\(String(describing: store.problem))"); return }
        #expect(named == path)
        #expect(backup == nil)
        #expect(throws: LibraryError.self) { try store.setSaved(true, for: Self.paper(1)) }
        #expect(Self.bytes(path) == garbage)
        #expect(!FileManager.default.fileExists(atPath: path + ".bak"))
        // The change shows in this session even though it is not written.
        #expect(store.snapshot.isSaved(Self.paper(1).id))
        #expect(store.pending.count == 1)

        // Once the file is fixed, the next change writes both.
        try Data("{\"version\": 1, \"entries\": {}}".utf8).write(to: URL(fileURLWithPath: path))
        try store.setSaved(true, for: Self.paper(2))
        #expect(store.problem == nil)
        #expect(!store.isReadOnly)
        let written = LibraryStore(path: path).library
        #expect(written.isSaved(Self.paper(1).id) && written.isSaved(Self.paper(2).id))
    }

    @Test func aDamagedFileOffersTheBackup() throws {
        let folder = try TempFolder()
        let path = folder.path("saved.json")
        let store = LibraryStore(path: path)
        try store.setSaved(true, for: Self.paper(1))
        try store.setSaved(true, for: Self.paper(2))
        try Data("\u{0}\u{0}\u{0}".utf8).write(to: URL(fileURLWithPath: path))
        let reopened = LibraryStore(path: path)
        #expect(reopened.problem?.description.contains(path + ".bak") == true)
        #expect(reopened.problem?.description.contains("mv ") == true)
        #expect(try Library.decode(#require(Self.bytes(path + ".bak")), path: path).isSaved(Self.paper(1).id))
    }

    @Test func aNewerVersionIsLeftByteForByte() throws {
        let folder = try TempFolder()
        let path = folder.path("saved.json")
        let newer = Data("{\n  \"version\" : 7,\n  \"entries\" : {},\n  \"collections\" : []\n}\n".utf8)
        try newer.write(to: URL(fileURLWithPath: path))
        let store = LibraryStore(path: path)
        #expect(store.problem == .newerVersion(path: path, found: 7, supported: 1, backup: nil))
        do {
            try store.setRead(true, for: Self.paper(1))
            Issue.record("wrote over a newer file")
        } catch {
            #expect(error == .newerVersion(path: path, found: 7, supported: 1, backup: nil))
        }
        #expect(Self.bytes(path) == newer)
    }

    /// The folder cannot be created (a file stands where it should be): this works the same for root,
    /// for whom permission bits do not stop writes.
    @Test func aFailedWriteKeepsChangesAndRetriesThemWithTheNextChange() throws {
        let folder = try TempFolder()
        let blocker = folder.path("data")
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: blocker))
        let path = blocker + "/lectern/saved.json"
        let store = LibraryStore(path: path)
        #expect(store.problem == nil)
        do {
            try store.setSaved(true, for: Self.paper(1))
            Issue.record("wrote under a file")
        } catch {
            guard case .writeFailed(let named, let reason, let pending) = error else { Issue.record("\(error)"); return }
            #expect(named == path)
            #expect(reason.contains(blocker))
            #expect(pending == 1)
            #expect(error.description.contains("kept in memory"))
        }
        #expect(throws: LibraryError.self) { try store.setNote("later", for: Self.paper(1)) }
        #expect(store.pending.count == 2)
        #expect(store.snapshot.isSaved(Self.paper(1).id))
        #expect(!store.isReadOnly)

        try FileManager.default.removeItem(atPath: blocker)
        try store.setSaved(true, for: Self.paper(2))
        #expect(store.pending.isEmpty)
        #expect(store.problem == nil)
        let written = LibraryStore(path: path).library
        #expect(written.isSaved(Self.paper(1).id))
        #expect(written.note(of: Self.paper(1).id) == "later")
        #expect(written.isSaved(Self.paper(2).id))
    }

    @Test(.enabled(if: getuid() != 0, "root writes through permission bits; the test above covers the failure for root"))
    func aReadOnlyFolderKeepsTheOldFile() throws {
        let folder = try TempFolder()
        let path = folder.path("saved.json")
        let store = LibraryStore(path: path)
        try store.setSaved(true, for: Self.paper(1))
        let before = Self.bytes(path)
        chmod(folder.url.path, 0o555)
        defer { chmod(folder.url.path, 0o755) }
        #expect(throws: LibraryError.self) { try store.setSaved(true, for: Self.paper(2)) }
        guard case .writeFailed = store.problem else { Issue.record("\(String(describing: store.problem))"); return }
        #expect(Self.bytes(path) == before)
        chmod(folder.url.path, 0o755)
        try store.setRead(true, for: Self.paper(2))
        #expect(LibraryStore(path: path).library.isSaved(Self.paper(2).id))
    }

    @Test func aSymlinkedFileStaysALinkAndItsTargetIsWritten() throws {
        let folder = try TempFolder()
        try FileManager.default.createDirectory(atPath: folder.path("real"), withIntermediateDirectories: true)
        let target = folder.path("real/saved.json")
        let link = folder.path("saved.json")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try LibraryStore(path: link).setSaved(true, for: Self.paper(1))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(LibraryStore(path: target).library.isSaved(Self.paper(1).id))
    }

    @Test func thePermissionsOfTheFileAreKept() throws {
        let folder = try TempFolder()
        let path = folder.path("saved.json")
        try LibraryStore(path: path).setSaved(true, for: Self.paper(1))
        chmod(path, 0o600)
        try LibraryStore(path: path).setSaved(true, for: Self.paper(2))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func theClockGoingBackDoesNotLoseALaterChange() throws {
        let folder = try TempFolder()
        let path = folder.path("saved.json")
        nonisolated(unsafe) var now = Date(timeIntervalSince1970: 1_800_000_000)
        let store = LibraryStore(path: path, clock: { now })
        try store.setNote("first", for: Self.paper(1))
        now = now.addingTimeInterval(-3600)
        try store.setNote("second", for: Self.paper(1))
        #expect(LibraryStore(path: path).library.note(of: Self.paper(1).id) == "second")
    }
}
