/// Why a checkpoint could not be written, read or used; every message names the file.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// The file is missing or unreadable, or could not be written.
    case io(file: String, reason: String)
    /// The bytes are not a checkpoint of this format, or are damaged or truncated.
    case corrupt(file: String, reason: String)
    /// The checkpoint belongs to a different model configuration than the one asked for.
    case mismatch(file: String, differences: [String])

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .io(let file, let reason): return "\(file): \(reason)"
        case .corrupt(let file, let reason):
            return "\(file): not a usable checkpoint: \(reason)"
        case .mismatch(let file, let differences):
            return "\(file) was saved with a different configuration: "
                + differences.joined(separator: "; ")
                + ". Drop those options (the checkpoint's settings are used) or start a new run."
        }
    }
}
