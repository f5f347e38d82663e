import PaperModel

/// PubMedXMLReader on any text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Fuzz.reader(PubMedXMLReader.self, data, size, pathExtension: "xml")
    return 0
}
