/// CRC-32 (IEEE 802.3, as ZIP and PNG use), for checking PNG chunks, `.npz` members and
/// checkpoints.
public enum CRC32 {
    /// The byte-at-a-time table of the reflected polynomial 0xEDB88320.
    private static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of `bytes`.
    ///
    /// The loop runs over the bytes' contiguous storage in a function that is not generic
    /// (a copy first, for a collection without such storage): the generic loop it
    /// replaces was left unspecialised in debug builds, which compile each file apart, and
    /// took about 190 ns a byte (0.56 s for 3 MB; a checkpoint's payload or a large PNG)
    /// against about 2 ns.
    public static func checksum<C: Collection<UInt8>>(_ bytes: C) -> UInt32 {
        if let crc = bytes.withContiguousStorageIfAvailable({
            checksum(contiguous: UnsafeRawBufferPointer($0))
        }) {
            return crc
        }
        return Array(bytes).withUnsafeBytes { checksum(contiguous: $0) }
    }

    /// The CRC-32 of the bytes in `buffer` (which knows its bounds: iterating it is checked).
    private static func checksum(contiguous buffer: UnsafeRawBufferPointer) -> UInt32 {
        let table = Self.table
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in buffer { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
