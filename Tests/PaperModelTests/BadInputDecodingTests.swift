import Foundation
import Testing
@testable import PaperModel

/// Bytes that are not clean UTF-8: replaced where invalid, UTF-16 recognised, binary refused.
struct BadInputDecodingTests {
    private func decoded(_ bytes: [UInt8]) -> Result<String, IngestProblem> {
        TextDecoding.decode(Data(bytes))
    }

    @Test func invalidUTF8IsReplacedAndTheRestKept() throws {
        let bytes = Array("Leukemia stroma ".utf8) + [0xFF, 0xC3, 0x28, 0xE2, 0x82] + Array(" niche é end\n".utf8)
        let text = try decoded(bytes).get()
        #expect(text.hasPrefix("Leukemia stroma "))
        #expect(text.hasSuffix(" niche é end\n"))
        #expect(text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == 3)
        #expect(text.contains("\u{FFFD}("))
    }

    @Test(arguments: [(true, true), (false, true), (true, false), (false, false)])
    func utf16IsDecodedWithOrWithoutAByteOrderMark(bigEndian: Bool, withMark: Bool) throws {
        let original = "Leucémie aiguë — 白血病 𝛼-catenin\nsecond line"
        var bytes: [UInt8] = withMark ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in original.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        #expect(TextDecoding.detectEncoding(bytes) == .success(bigEndian ? .utf16BE : .utf16LE))
        #expect(try decoded(bytes).get() == original)
    }

    @Test func utf16WithAnUnpairedSurrogateAndAnOddLastByteKeepsTheRest() throws {
        // "A", lone high surrogate, "B", then one stray byte.
        let bytes: [UInt8] = [0xFF, 0xFE, 0x41, 0x00, 0x3D, 0xD8, 0x42, 0x00, 0x43]
        #expect(try decoded(bytes).get() == "A\u{FFFD}B\u{FFFD}")
    }

    @Test func aUTF8ByteOrderMarkIsDropped() throws {
        #expect(try decoded([0xEF, 0xBB, 0xBF] + Array("Title".utf8)).get() == "Title")
    }

    @Test func decodingInPiecesOfAnySizeGivesTheSameText() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("α β 白 🧬 ".utf8) + [0xF0, 0x9F, 0xFF, 0xE2, 0x82, 0x41, 0xC3]
            + Array(String(repeating: "é𝛼x", count: 3000).utf8) + [0xF0, 0x9F, 0xA7]
        let whole = try TextDecoding.decode(Data(bytes)).get()
        #expect(whole.hasPrefix("α β 白 🧬 "))
        #expect(whole.hasSuffix("é𝛼x\u{FFFD}"))
        for piece in [1, 2, 3, 5, 7, 4096, 8191, 8193] {
            var decoder = TextDecoding.StreamingDecoder(expectedSize: bytes.count)
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + piece, bytes.count)
                let problem = bytes[offset..<end].withUnsafeBytes { decoder.feed($0) }
                #expect(problem == nil)
                offset = end
            }
            #expect(try decoder.finish().get() == whole, "pieces of \(piece) bytes")
        }
    }

    @Test func anEmptyOrBlankFileIsEmpty() {
        #expect(decoded([]) == .failure(.empty))
        #expect(decoded(Array(" \n\t\r\n".utf8)) == .failure(.empty))
        #expect(decoded([0xEF, 0xBB, 0xBF, 0x0A]) == .failure(.empty))
        #expect(decoded([0xFF, 0xFE]) == .failure(.empty))
    }

    @Test func binaryHeadersAreRefused() {
        var random = SystemRandomNumberGenerator()
        let noise = (0..<4000).map { _ in UInt8.random(in: 0...255, using: &random) }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]
        let gzip: [UInt8] = [0x1F, 0x8B, 0x08, 0x00]
        for header in [png, elf, gzip, []] {
            #expect(decoded(header + noise) == .failure(.binary))
        }
        // High bytes without a single NUL or control byte: mostly invalid UTF-8, still binary.
        let highNoise = (0..<4000).map { _ in UInt8.random(in: 0x80...0xFF, using: &random) }
        #expect(decoded(highNoise) == .failure(.binary))
        // A few bytes with NULs in even places are not UTF-16 text.
        #expect(decoded([0x00, 0x01, 0x02, 0x03, 0x00]) == .failure(.binary))
        #expect(decoded([0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00, 0x05]) == .failure(.binary))
    }

    @Test func aStrayNULOrEscapeInATextFileDoesNotMakeItBinary() throws {
        let line = "Exosome crosstalk between leukemia cells and bone marrow stromal cells\n"
        let bytes = Array(line.utf8) + [0x00] + Array(String(repeating: line, count: 3).utf8) + [0x1B] + Array("[31m red".utf8)
        let text = try decoded(bytes).get()
        #expect(text.hasPrefix(line + "\u{0}"))
        #expect(text.hasSuffix("\u{1B}[31m red"))
    }

    @Test func aFileWithNoNewlineIsKeptWhole() throws {
        #expect(try decoded(Array("TY  - JOUR\nTI  - Last line without a newline".utf8)).get()
            == "TY  - JOUR\nTI  - Last line without a newline")
    }
}
