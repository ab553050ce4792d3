/// Why a NumPy file (`.npy` or `.npz`) could not be read; every message names the file.
public enum NumPyError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be read.
    case unreadable(file: String, reason: String)
    /// The bytes are not a valid `.npy` / `.npz` file; the reason says what is wrong.
    case malformed(file: String, reason: String)
    /// A valid file the reader does not support (a dtype, Fortran order, compression).
    case unsupported(file: String, reason: String)
    /// An `.npz` archive lacks the array the caller asked for.
    case missingMember(file: String, member: String, available: [String])

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "\(file): cannot read the file: \(reason)"
        case .malformed(let file, let reason): return "\(file): not a valid NumPy file: \(reason)"
        case .unsupported(let file, let reason): return "\(file): unsupported: \(reason)"
        case .missingMember(let file, let member, let available):
            return "\(file): has no array named \"\(member)\" (it has: "
                + available.joined(separator: ", ") + ")"
        }
    }
}
