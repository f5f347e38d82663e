import Foundation
import PaperModel

/// Properties every fuzz target checks. A broken property stops the run with a message;
/// libFuzzer then saves the input that broke it as crash-<hash>.
enum Fuzz {
    static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: data, count: size)
    }

    /// The input as text, exactly as a reader would get it after lenient UTF-8 decoding.
    static func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
        String(decoding: bytes(data, size), as: UTF8.self)
    }

    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("property broken: \(message())") }
    }

    static func hasControl(_ text: String, allowingNewlines: Bool = false) -> Bool {
        text.unicodeScalars.contains { TextSanitizer.isControl($0) && !(allowingNewlines && $0 == "\n") }
    }

    /// What ingest guarantees about every paper and warning whatever the input.
    static func checkOutcome(_ outcome: ReadOutcome) {
        for paper in outcome.papers {
            let clean = paper.sanitised()
            require(clean.isSanitised, "sanitised paper still holds a control character: \(clean.title.debugDescription)")
            require(clean.sanitised() == clean, "sanitising twice changed the paper")
            require(!clean.id.description.isEmpty, "empty paper id")
            let json = (try? PaperJSON.encoder().encode(PaperJSON(paper: clean))) ?? Data()
            require((try? JSONSerialization.jsonObject(with: json)) != nil, "list --json output for a paper does not parse")
        }
        for warning in outcome.warnings {
            require(!hasControl(warning.description), "warning holds a control character: \(warning.description.debugDescription)")
        }
    }

    /// One reader on any text: recognising and reading never crash, and the result checks out.
    static func reader(_ reader: any DocumentReader.Type, _ data: UnsafePointer<UInt8>, _ size: Int, pathExtension: String) {
        let text = text(data, size)
        _ = reader.recognises(text, pathExtension: pathExtension)
        checkOutcome(reader.read(text, path: "fuzz." + pathExtension))
    }
}
