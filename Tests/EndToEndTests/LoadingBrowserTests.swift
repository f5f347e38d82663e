import Foundation
import Testing

/// The browser on a MEDLINE file large enough to take a while to read, in tmux: the progress line
/// comes at once with a record count, keys are answered while the papers load, the final count
/// comes at the end, and `q` while loading leaves at once with the terminal as it was.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed: the terminal tests need it (make deps installs it)"))
struct LoadingBrowserTests {
    static let records = 8000

    /// A scratch folder with about 28 MB of invented MEDLINE records in it, removed with the test.
    final class Corpus {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-loading-\(UUID().uuidString)")
        var file: String { folder.appendingPathComponent("export.nbib").path }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

        init() throws {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try LoadingBrowserTests.medline().write(toFile: file, atomically: false, encoding: .utf8)
        }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    static func medline() -> String {
        let topics = ["acute myeloid leukemia (AML)", "chronic myeloid leukaemia", "multiple myeloma", "follicular lymphoma"]
        let words = ["stromal", "niche", "exosome", "relapse", "marrow", "vesicle", "cohort", "signalling", "survival", "imaging"]
        var text = ""
        text.reserveCapacity(records * 3200)
        for n in 0..<records {
            let topic = topics[n % topics.count]
            var abstract = "We studied \(topic) in an invented cohort \(n)."
            for k in 0..<320 { abstract += " " + words[(n + k * 7) % words.count] }
            var lines = ["PMID- \(30_000_000 + n)", "OWN - NLM", "STAT- MEDLINE", "DP  - \(1995 + n % 30) Mar",
                         "TI  - Synthetic record \(n): \(words[n % 10]) and \(words[(n / 10) % 10]) in \(topic)"]
            // The abstract as MEDLINE wraps it: continuation lines of six spaces.
            var line = "AB  -"
            for word in abstract.split(separator: " ") {
                if line.count + word.count + 1 > 80 { lines.append(line); line = "     " }
                line += " " + word
            }
            lines.append(line)
            for a in 0..<5 {
                lines += ["FAU - Moreau\(a), Ada \(n % 97)", "AU  - Moreau\(a) A", "AD  - Synthetic Institute \(a), Nowhere."]
            }
            lines += ["LA  - eng", "PT  - Journal Article", "TA  - Synth J \(n % 40)", "JT  - Journal of Synthetic Studies \(n % 40)",
                      "VI  - \(n % 50)", "IP  - \(n % 12)", "PG  - \(n % 900)-\(n % 900 + 9)",
                      "LID - 10.5555/synth.\(n) [doi]", "MH  - Humans", "MH  - \(topic.capitalized)", "OT  - \(words[n % 10])", ""]
            text += lines.joined(separator: "\n") + "\n"
        }
        return text
    }

    /// The status line: the last line with something on it.
    static func status(_ screen: String) -> String {
        screen.components(separatedBy: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? ""
    }

    /// The records count of the progress line, when it shows one above zero.
    static func recordsRead(_ screen: String) -> Int? {
        let words = status(screen).split(separator: " ")
        guard let index = words.firstIndex(of: "records"), index > 0,
              let count = Int(words[index - 1].replacingOccurrences(of: ",", with: "")), count > 0 else { return nil }
        return count
    }

    static func loading(_ screen: String) -> Bool { status(screen).contains(" records") && status(screen).contains("Reading") }

    @Test func theProgressLineComesAtOnceKeysAnswerWhileLoadingAndTheFinalCountComes() throws {
        let corpus = try Corpus()
        let file = corpus.file
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0) > 20_000_000)
        let script = "\(shellQuoted(LecternBinary.path)) \(shellQuoted(file)); echo lectern-exited; sleep 600"
        let tmux = try TmuxSession(width: 120, height: 40, command: "sh -c \(shellQuoted(script))", environment: ["LECTERN_CACHE": "off"])
        let first = try tmux.waitFor("the progress line", timeout: 10) { Self.status($0).hasPrefix(" Reading") || Self.status($0).hasPrefix(" Listing") }
        #expect(first.contains("Lectern") && first.contains("reading…"))
        // Papers stream in: the records count grows, and the list shows them.
        let streaming = try tmux.waitFor("papers in the list while loading", timeout: 60) { Self.recordsRead($0) != nil && $0.contains("┃▶ ●") }
        let status = Self.status(streaming)
        #expect(status.contains("%") && status.contains("1 file") && status.contains("MB/s"), "progress line: \(status)")
        let lines = streaming.components(separatedBy: "\n")
        #expect(lines[2].contains("┃▶ ● ") && lines[2].contains("Synthetic record 0:"), "the first paper is selected: \(lines[2])")
        // j moves the selection while the rest loads.
        try tmux.send("j")
        let moved = try tmux.waitFor("the selection to move") { $0.components(separatedBy: "\n")[3].contains("┃▶ ● ") }
        #expect(moved.components(separatedBy: "\n")[3].contains("Synthetic record 1:"))
        #expect(Self.loading(moved), "still loading when j was answered: \(Self.status(moved))")
        // ? opens the help over the list, Esc closes it, still while loading.
        try tmux.send("?")
        let help = try tmux.waitFor("the help") { $0.contains("Keys  (Esc closes)") }
        #expect(Self.loading(help), "still loading when ? was answered: \(Self.status(help))")
        try tmux.send("Escape")
        try tmux.waitFor("the help to close") { !$0.contains("Keys  (Esc closes)") }
        // The end: the final count, and the selection still on record 1.
        let done = try tmux.waitFor("the whole corpus", timeout: 240) { Self.status($0).contains("\(Self.records) papers") }
        #expect(Self.status(done).contains("read \(LoadingBrowserTests.grouped(Self.records)) papers from 1 file in "))
        #expect(done.components(separatedBy: "\n")[0].contains("\(Self.records) papers"))
        #expect(done.components(separatedBy: "\n")[3].contains("┃▶ ● ") && done.contains("Synthetic record 1:"))
        try tmux.send("q")
        try tmux.waitFor("the shell after q") { $0.contains("lectern-exited") }
    }

    @Test func qWhileLoadingQuitsAtOnceWithTheTerminalAsItWas() throws {
        let corpus = try Corpus()
        let file = corpus.file
        let before = corpus.path("before"), after = corpus.path("after"), status = corpus.path("status")
        let script = "stty -a > \(shellQuoted(before)); \(shellQuoted(LecternBinary.path)) \(shellQuoted(file)); "
            + "echo \"status=$?\" > \(shellQuoted(status)); stty -a > \(shellQuoted(after)); echo lectern-exited; sleep 600"
        let tmux = try TmuxSession(width: 100, height: 30, command: "sh -c \(shellQuoted(script))", environment: ["LECTERN_CACHE": "off"])
        try tmux.waitFor("records read", timeout: 60) { Self.recordsRead($0) != nil }
        let sent = Date()
        try tmux.send("q")
        let screen = try tmux.waitFor("the shell after q", timeout: 5) { $0.contains("lectern-exited") }
        let seconds = Date().timeIntervalSince(sent)
        #expect(seconds < 2, "q took \(seconds) s to leave")
        #expect(!screen.contains("Reading"), "the browser's screen is gone")
        #expect(tmux.waitForFile(status) == "status=0\n")
        let modes = try #require(tmux.waitForFile(after))
        #expect(modes == (try String(contentsOfFile: before, encoding: .utf8)))
        let words = Set(modes.split(whereSeparator: { " ;\n".contains($0) }).map(String.init))
        #expect(words.isSuperset(of: ["echo", "icanon", "isig", "icrnl", "opost", "onlcr"]), "cooked mode with echo:\n\(modes)")
    }

    /// Ctrl-Z while the papers load stops the whole browser in cooked mode; `fg` brings it back
    /// redrawn, still loading, and the load goes on to the end.
    @Test func ctrlZWhileLoadingStopsAndFgRedraws() throws {
        let corpus = try Corpus()
        let before = corpus.path("before"), stopped = corpus.path("stopped"), after = corpus.path("after")
        let q = shellQuoted
        let script = "set -m; stty -a > \(q(before)); \(q(LecternBinary.path)) \(q(corpus.file)); "
            + "stty -a > \(q(stopped)); clear; echo stopped-and-cleared; fg; "
            + "stty -a > \(q(after)); echo lectern-exited; sleep 600"
        let tmux = try TmuxSession(width: 100, height: 30, command: "sh -c \(shellQuoted(script))", environment: ["LECTERN_CACHE": "off"])
        try tmux.waitFor("records read", timeout: 60) { Self.recordsRead($0) != nil }
        try tmux.send("C-z")
        let modes = try #require(tmux.waitForFile(stopped))
        #expect(modes == (try String(contentsOfFile: before, encoding: .utf8)), "modes while stopped differ")
        let back = try tmux.waitFor("the browser redrawn after fg") { !$0.contains("stopped-and-cleared") && $0.contains("Lectern") && Self.status($0).hasPrefix(" ") }
        #expect(back.contains("Papers"))
        try tmux.waitFor("the whole corpus", timeout: 240) { Self.status($0).contains("\(Self.records) papers") }
        try tmux.send("q")
        try tmux.waitFor("the shell after q") { $0.contains("lectern-exited") }
        #expect(tmux.waitForFile(after) == (try String(contentsOfFile: before, encoding: .utf8)))
    }

    static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
