import Foundation
import PaperModel

/// The saved-state file parser on any bytes: a damaged file is an error, never a crash, and what
/// it reads is written back to a file that reads back the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let library = try? Library.decode(Data(Fuzz.bytes(data, size)), path: "saved.json") else { return 0 }
    let written = library.encoded()
    let reread: Library
    do { reread = try Library.decode(written, path: "saved.json") } catch {
        Fuzz.require(false, "a library Lectern wrote does not read back: \(error)")
        return 0
    }
    Fuzz.require(reread.encoded() == written, "writing, reading and writing again changed the file")
    return 0
}
