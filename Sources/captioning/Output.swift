import Foundation

/// Writes a line to standard output unbuffered, so it interleaves correctly with the
/// progress bar's writes when output goes to a pipe or a file.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
