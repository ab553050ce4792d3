import Foundation

/// `grader fixtures regenerate` and `grader fixtures verify`.
public enum FixtureMaintenance {
    /// Writes every built-in fixture into `directory`; returns the files written.
    /// Files other than the generated ones are left alone.
    public static func regenerate(into directory: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [String] = []
        for (name, file) in FixtureGenerator.all().sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent(name)
            let data = Data(FixtureWriter.text(of: file).utf8)
            // Atomic, so an interrupted run never leaves half a file.
            try data.write(to: url, options: .atomic)
            written.append(url.path)
        }
        return written
    }

    /// Compares the files in `directory` with what Reference generates now; returns one
    /// line per drifted, missing or unreadable file (empty when everything matches).
    public static func verify(directory: URL) -> [String] {
        var problems: [String] = []
        for (name, file) in FixtureGenerator.all().sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent(name)
            guard let data = try? Data(contentsOf: url) else {
                problems.append("\(url.path): missing")
                continue
            }
            if data != Data(FixtureWriter.text(of: file).utf8) {
                let stored = try? FixtureStore.read(url)
                problems.append("\(url.path): differs from what Reference generates now"
                    + (stored == nil ? " (and cannot be read)" : ""))
            }
        }
        return problems
    }
}
