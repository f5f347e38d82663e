import PaperModel

/// PageReader on any text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Fuzz.reader(PageReader.self, data, size, pathExtension: "txt")
    return 0
}
