#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages between the grader and a learner process travel as frames on a pipe: a
/// little-endian UInt32 length, then that many bytes.
public enum Framing {
    /// The file descriptor a learner process reads requests from.
    public static let requestDescriptor: Int32 = 3
    /// The file descriptor a learner process writes replies to.
    public static let replyDescriptor: Int32 = 4

    /// Writes one frame; false when the other end is gone.
    @discardableResult
    public static func write(_ payload: [UInt8], to fd: Int32) -> Bool {
        var length = UInt32(truncatingIfNeeded: payload.count).littleEndian
        let header = withUnsafeBytes(of: &length) { Array($0) }
        return writeAll(header, fd) && writeAll(payload, fd)
    }

    /// Reads one frame of at most `limit` bytes; nil at the end of the stream, on an error
    /// or for an oversized frame.
    public static func read(from fd: Int32, limit: Int) -> [UInt8]? {
        guard let header = readExactly(4, from: fd) else { return nil }
        let length = self.length(ofHeader: header)
        guard length <= limit else { return nil }
        return readExactly(length, from: fd)
    }

    /// The payload length a frame's 4-byte header gives.
    public static func length(ofHeader header: [UInt8]) -> Int {
        header.reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    private static func writeAll(_ bytes: [UInt8], _ fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                systemWrite(fd, buffer.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Reads exactly `count` bytes; nil at the end of the stream or on an error. Before
    /// each read, `ready` may wait for data (the grader waits with a deadline) and returns
    /// false to give up.
    public static func readExactly(
        _ count: Int, from fd: Int32, ready: () -> Bool = { true }
    )
        -> [UInt8]?
    {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            guard ready() else { return nil }
            let got = bytes.withUnsafeMutableBytes { buffer in
                systemRead(fd, buffer.baseAddress.map { $0 + offset }, count - offset)
            }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return nil }
            offset += got
        }
        return bytes
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int {
    write(fd, p, n)
}

@inline(__always)
private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int {
    read(fd, p, n)
}
