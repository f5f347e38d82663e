import Foundation

/// Writing to an open file descriptor, for the places that manage the descriptor themselves (the
/// saved-state file, the corpus cache, standard output).
public enum FileDescriptorWrite {
    /// Writes every byte, going on after a short write and after a signal interrupts the call.
    /// Returns 0, or the errno of the write that failed.
    @discardableResult
    public static func all(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard var next = bytes.baseAddress else { return 0 }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, next, left)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            next += n
            left -= n
        }
        return 0
    }
}
