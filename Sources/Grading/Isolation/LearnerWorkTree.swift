import Foundation

/// A package with the given half, the learner process and one submission's exercise files:
/// where a submission is built, apart from the kit, so nothing else it contains is used.
public struct LearnerWorkTree: Sendable {
    /// The tree's folder.
    public let folder: URL

    /// The learner program once built.
    public var executable: URL {
        folder.appendingPathComponent(".build/debug/learner-process")
    }

    /// Makes (or reuses) the tree at `folder`: the learner's half of the kit, stubs in
    /// Exercises, and a manifest with the learner's targets only.
    public init(at folder: URL) throws {
        self.folder = folder
        let manifest = folder.appendingPathComponent("Package.swift")
        guard !FileManager.default.fileExists(atPath: manifest.path) else { return }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try KitLayout.copy(KitLayout.learnerFolders, into: folder)
        try
            (KitLayout.manifestHead() + """
                let package = Package(
                    name: "LearnerWorkTree",
                    platforms: supportedPlatforms,
                    targets: [
                \(KitLayout.learnerTargets)
                    ]
                )

                """).write(to: manifest, atomically: true, encoding: .utf8)
    }

    /// Puts the stubs back, then the submission's exercise files over them. A file is found
    /// by its name anywhere in the upload (the shallowest wins); one that is missing stays
    /// a stub. Returns the exercise files taken from the submission.
    @discardableResult
    public func install(submission: URL) throws -> [String] {
        let exercises = folder.appendingPathComponent("Exercises")
        for name in KitLayout.exerciseFiles {
            try Data(contentsOf: KitLayout.stub(name)).write(
                to: exercises.appendingPathComponent(name))
        }
        let found = Self.exerciseFiles(in: submission)
        for (name, source) in found {
            try Data(contentsOf: source).write(to: exercises.appendingPathComponent(name))
        }
        return found.keys.sorted()
    }

    /// The exercise files in an upload, by name; links, hidden folders and files over
    /// 1 MB are ignored.
    package static func exerciseFiles(in submission: URL) -> [String: URL] {
        let manager = FileManager.default
        var found: [String: (depth: Int, url: URL)] = [:]
        guard
            let walker = manager.enumerator(
                at: submission,
                includingPropertiesForKeys: [
                    .isRegularFileKey, .isSymbolicLinkKey,
                    .fileSizeKey,
                ],
                options: [.skipsHiddenFiles])
        else { return [:] }
        for case let url as URL in walker {
            let name = url.lastPathComponent
            guard KitLayout.exerciseFiles.contains(name),
                let values = try? url.resourceValues(forKeys: [
                    .isRegularFileKey,
                    .isSymbolicLinkKey, .fileSizeKey,
                ]),
                values.isRegularFile == true, values.isSymbolicLink != true,
                (values.fileSize ?? 0) <= 1 << 20,
                !url.path.contains("/__MACOSX/")
            else { continue }
            let depth = url.pathComponents.count
            if found[name].map({ depth < $0.depth }) ?? true { found[name] = (depth, url) }
        }
        return found.mapValues(\.url)
    }

    /// Builds the learner program. A file that does not compile is replaced by its stub and
    /// the build tried again, so the other exercises are still graded; returns each such
    /// file with the compiler's first error (nil when even the stubs fail, which is the
    /// kit's fault, not the learner's).
    public func build(
        registry: LivePids, log: (String) -> Void = { _ in }
    ) throws
        -> [String: String]
    {
        var failing: [String: String] = [:]
        for _ in 0...KitLayout.exerciseFiles.count {
            let (status, output) = try swiftBuild(registry)
            if status == 0 { return failing }
            let errors = Self.firstErrors(in: output)
            let fresh = errors.filter { failing[$0.key] == nil }
            guard !fresh.isEmpty else {
                log(output)
                throw ReleaseError(
                    "the learner program does not build even with stubs for "
                        + (failing.isEmpty
                            ? "no file" : failing.keys.sorted().joined(separator: ", ")))
            }
            for (name, message) in fresh {
                failing[name] = message
                try Data(contentsOf: KitLayout.stub(name))
                    .write(to: folder.appendingPathComponent("Exercises/\(name)"))
            }
        }
        return failing
    }

    private func swiftBuild(_ registry: LivePids) throws -> (Int32, String) {
        let log = folder.appendingPathComponent(".build-log")
        let status = try Command.run(
            [
                "swift", "build", "--package-path", folder.path, "--product",
                "learner-process",
                "--explicit-target-dependency-import-check", "error",
            ],
            log: log, registry: registry)
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// The first compiler error of each exercise file: `Exercises/LSTM.swift:12:5: error: …`.
    package static func firstErrors(in output: String) -> [String: String] {
        var errors: [String: String] = [:]
        for line in output.split(separator: "\n") where line.contains(": error: ") {
            guard let range = line.range(of: "/Exercises/") else { continue }
            let rest = line[range.upperBound...]
            let name = String(rest.prefix { $0 != ":" })
            guard KitLayout.exerciseFiles.contains(name), errors[name] == nil else { continue }
            errors[name] = "Exercises/" + String(rest.prefix(300))
        }
        return errors
    }
}
