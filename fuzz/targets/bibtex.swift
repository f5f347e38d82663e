import PaperModel

/// BibTeXReader on any text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Fuzz.reader(BibTeXReader.self, data, size, pathExtension: "bib")
    return 0
}
