/// Adler-32 (RFC 1950), the checksum that ends a zlib stream: of the uncompressed bytes.
public enum Adler32 {
    /// The largest number of bytes whose sums cannot overflow 32 bits before the modulo
    /// (zlib's NMAX).
    private static let run = 5552

    /// The Adler-32 of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var (a, b): (UInt32, UInt32) = (1, 0)
        var start = 0
        while start < bytes.count {
            let end = min(start + run, bytes.count)
            for index in start..<end {
                a &+= UInt32(bytes[index])
                b &+= a
            }
            a %= 65521
            b %= 65521
            start = end
        }
        return b << 16 | a
    }
}
