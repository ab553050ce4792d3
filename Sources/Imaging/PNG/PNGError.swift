/// Why bytes could not be read as a PNG image: what kind of problem, and a message
/// naming what is wrong and where (which chunk, which row, which deflate block).
public struct PNGError: Error, Equatable, CustomStringConvertible {
    /// The kinds of problem, for callers and tests that branch on them.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// The bytes do not start with the PNG signature.
        case notPNG
        /// The bytes end before the image does (inside a chunk, before IEND, or inside
        /// the compressed image data).
        case truncated
        /// A chunk's CRC-32 does not match its type and data: the file is damaged.
        case badChecksum
        /// The structure breaks the PNG specification (chunk order, header values,
        /// filter types, palette indices, the amount of image data).
        case malformed
        /// A valid PNG this reader does not decode (a bit depth other than 8, interlacing,
        /// an unknown critical chunk).
        case unsupported
        /// The image is larger than the reader's bounds.
        case tooLarge
        /// The zlib or deflate stream inside the IDAT chunks is invalid.
        case corruptData
        /// The file could not be read at all.
        case unreadable
    }

    /// What kind of problem this is.
    public let kind: Kind
    /// What is wrong, in words ("the IHDR chunk's CRC is 0x…, its contents give 0x…").
    public let reason: String
    /// The file the bytes came from, when known.
    public var file: String?

    /// An error of `kind` with `reason`, not yet tied to a file.
    public init(_ kind: Kind, _ reason: String, file: String? = nil) {
        (self.kind, self.reason, self.file) = (kind, reason, file)
    }

    /// The same error, naming `file`.
    public func inFile(_ file: String) -> PNGError {
        PNGError(kind, reason, file: file)
    }

    /// The message shown to the user: the file (if known), then a summary and the reason.
    public var description: String {
        let summary: String
        switch kind {
        case .notPNG: summary = "not a PNG file"
        case .truncated: summary = "truncated PNG"
        case .badChecksum: summary = "damaged PNG (bad checksum)"
        case .malformed: summary = "malformed PNG"
        case .unsupported: summary = "unsupported PNG"
        case .tooLarge: summary = "PNG image too large"
        case .corruptData: summary = "corrupt PNG image data"
        case .unreadable: summary = "cannot read the file"
        }
        return (file.map { "\($0): " } ?? "") + summary + ": " + reason
    }
}
