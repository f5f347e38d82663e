import Foundation
import PaperModel

/// TextDecoding on any bytes: decoding in pieces gives the same text as decoding at once, and
/// clean UTF-8 text comes back byte for byte.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Fuzz.bytes(data, size)
    let whole = TextDecoding.decode(Data(bytes))
    // Cut the input into pieces whose sizes come from its own bytes.
    var decoder = TextDecoding.StreamingDecoder(expectedSize: size)
    var offset = 0, step = 0
    var split: Result<String, IngestProblem>? = nil
    while offset < size {
        let piece = 1 + Int(bytes[(offset + step) % size]) % 17 * (step % 3 == 0 ? 600 : 1)
        let end = min(size, offset + piece)
        if let problem = decoder.feed(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[offset..<end]))) { split = .failure(problem); break }
        offset = end
        step += 1
    }
    let pieces = split ?? decoder.finish()
    Fuzz.require(pieces == whole, "decoding in pieces differs from decoding at once")
    if case .success(let text) = whole {
        Fuzz.require(!text.isEmpty, "decoded text is empty but not reported as empty")
        if case .success(.utf8) = TextDecoding.detectEncoding(bytes),
           !bytes.starts(with: [0xEF, 0xBB, 0xBF]), String(validating: bytes, as: UTF8.self) != nil {
            Fuzz.require(Array(text.utf8) == Array(bytes), "valid UTF-8 was not kept byte for byte")
        }
    }
    return 0
}
