import PaperModel

/// CSLJSONReader on any text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Fuzz.reader(CSLJSONReader.self, data, size, pathExtension: "json")
    return 0
}
