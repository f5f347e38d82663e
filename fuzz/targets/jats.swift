import PaperModel

/// JATSReader on any text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Fuzz.reader(JATSReader.self, data, size, pathExtension: "xml")
    return 0
}
