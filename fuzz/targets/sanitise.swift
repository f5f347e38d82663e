import PaperModel

/// TextSanitizer on any text: nothing a terminal would obey is left, a second pass changes
/// nothing, and clean text is returned unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = Fuzz.text(data, size)
    let line = TextSanitizer.line(text)
    let paragraphs = TextSanitizer.paragraphs(text)
    let path = TextSanitizer.path(text)
    Fuzz.require(!Fuzz.hasControl(line), "line() left a control character")
    Fuzz.require(!Fuzz.hasControl(paragraphs, allowingNewlines: true), "paragraphs() left a control character")
    Fuzz.require(!Fuzz.hasControl(path), "path() left a control character")
    Fuzz.require(TextSanitizer.line(line) == line, "line() is not idempotent")
    Fuzz.require(TextSanitizer.paragraphs(paragraphs) == paragraphs, "paragraphs() is not idempotent")
    Fuzz.require(path.unicodeScalars.count == text.unicodeScalars.count, "path() changed the length")
    if !TextSanitizer.needsCleaning(text) { Fuzz.require(line == text && paragraphs == text, "clean text was changed") }
    return 0
}
