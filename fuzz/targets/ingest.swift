import Foundation
import PaperModel

/// The whole of ingest on any bytes: decode, choose a reader by content, read, sanitise.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let extensions = ["txt", "ris", "bib", "nbib", "xml", "json", "html", ""]
    let ext = size > 0 ? extensions[Int(data[0]) % extensions.count] : "txt"
    let outcome = Ingest.read(data: Data(Fuzz.bytes(data, size)), path: "fuzz." + ext)
    for paper in outcome.papers {
        Fuzz.require(paper.isSanitised, "Ingest.read returned an unsanitised paper: \(paper.title.debugDescription)")
    }
    Fuzz.checkOutcome(outcome)
    Fuzz.require(!outcome.papers.isEmpty || !outcome.warnings.isEmpty, "no paper and no warning")
    return 0
}
