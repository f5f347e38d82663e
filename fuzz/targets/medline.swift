import PaperModel

/// MedlineReader on any text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Fuzz.reader(MedlineReader.self, data, size, pathExtension: "nbib")
    return 0
}
