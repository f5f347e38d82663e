import PaperModel

/// RISReader on any text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Fuzz.reader(RISReader.self, data, size, pathExtension: "ris")
    return 0
}
