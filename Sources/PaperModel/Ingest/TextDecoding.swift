import Foundation

/// Bytes to text: UTF-8 (invalid bytes replaced), UTF-16 with a byte-order mark; binary refused.
public enum TextDecoding {
    public static func decode(_ data: Data) -> Result<String, IngestProblem> {
        if data.isEmpty { return .failure(.empty) }
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: data, encoding: .utf16) else { return .failure(.unreadable("invalid UTF-16")) }
            return .success(text)
        }
        if looksBinary(data) { return .failure(.binary) }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.allSatisfy(\.isWhitespace) { return .failure(.empty) }
        return .success(text)
    }

    /// NUL bytes, or many control bytes, in the first 8 KB mark a file as binary.
    static func looksBinary(_ data: Data) -> Bool {
        let head = data.prefix(8192)
        var control = 0
        for byte in head {
            if byte == 0 { return true }
            if byte < 0x09 || (byte > 0x0D && byte < 0x20) { control += 1 }
        }
        return control * 20 > head.count
    }
}
