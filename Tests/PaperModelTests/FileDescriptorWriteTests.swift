import Foundation
import Testing
@testable import PaperModel

@Suite struct FileDescriptorWriteTests {
    @Test func everyByteReachesTheFile() throws {
        let path = NSTemporaryDirectory() + "lectern-fdwrite-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(path) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        // Larger than a pipe's or a single write's usual chunk, with every byte value.
        let bytes = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let code = bytes.withUnsafeBytes { FileDescriptorWrite.all(fd, $0) }
        close(fd)
        #expect(code == 0)
        #expect(FileManager.default.contents(atPath: path) == Data(bytes))
    }

    @Test func aFailedWriteGivesItsErrno() {
        let bytes: [UInt8] = Array("text".utf8)
        #expect(bytes.withUnsafeBytes { FileDescriptorWrite.all(-1, $0) } == EBADF)
        let readOnly = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(readOnly) }
        #expect(bytes.withUnsafeBytes { FileDescriptorWrite.all(readOnly, $0) } == EBADF)
        #expect([UInt8]().withUnsafeBytes { FileDescriptorWrite.all(-1, $0) } == 0)
    }
}
