import Foundation

/// Where the kit's parts are, and how the halves of the trust line are copied out of it
/// (a student kit, a learner work tree, an autograder bundle).
public enum KitLayout {
    /// The kit's root folder (where Package.swift is), from this source file's place.
    public static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The untouched stub of an exercise file (`LSTM.swift`), kept apart from Exercises/
    /// so a file that does not compile can be graded as its stub.
    package static func stub(_ name: String) -> URL {
        root.appendingPathComponent("Sources/Grading/Stubs/\(name).stub")
    }

    /// The exercise files a submission provides, as they are named in Exercises/.
    public static let exerciseFiles = [
        "VanillaRNN.swift", "WordEmbedding.swift", "LSTM.swift",
        "CaptioningRNN.swift", "GRU.swift",
    ]

    /// The folders of the given half and the learner process: all a learner's code may
    /// be built with.
    package static let learnerFolders = [
        "Sources/CAtomics", "Sources/CPUFeatures", "Sources/CPUCheck", "Sources/CKernels",
        "Sources/Tensor", "Sources/Given", "Sources/Training",
        "Sources/LearnerProcess", "Sources/learner-process", "Exercises",
    ]

    /// The manifest's targets for the learner's half: the given modules, Exercises and the
    /// learner process (the same in a student kit and in an autograder's work tree).
    package static let learnerTargets = """
                // The thread pool's atomics; the check that the build suits this machine's CPU.
                .target(name: "CAtomics"),
                .target(name: "CPUFeatures", cSettings: cpuLevel),
                .target(name: "CPUCheck", dependencies: ["CPUFeatures"]),
                // The matrix product's AVX-512 and AVX2 code, chosen for the CPU at run time.
                .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3"])]),
                // What your code may use: the n-d array, the original's given code, the solver.
                .target(name: "Tensor", dependencies: ["CAtomics", "CKernels", "CPUFeatures"],
                        swiftSettings: optimised),
                .target(name: "Given", dependencies: ["Tensor"], swiftSettings: optimised),
                .target(name: "Training", dependencies: ["Tensor", "Given"], swiftSettings: optimised),
                // Your code.
                .target(name: "Exercises", dependencies: ["Tensor", "Given"], path: "Exercises"),
                // The process that runs your code for the grader.
                .target(name: "LearnerProcess", dependencies: ["Tensor", "Given", "Training"],
                        swiftSettings: optimised),
                .executableTarget(name: "learner-process",
                                  dependencies: ["LearnerProcess", "Exercises", "CPUCheck"]),
        """

    /// What a student kit adds: the grader without its instructor parts and its command
    /// line, the visible fixtures (inside Sources/Grading), the Tensor tests.
    package static let studentFolders = [
        "Sources/Grading", "Sources/grader",
        "Sources/CommandLineOptions", "Tests/TensorTests",
        "Tests/ScenarioSupport",
    ]

    /// The files of the kit that are not build output, run folders or version control.
    package static func kitFiles() throws -> [String] {
        let skipped: Set = [".build", ".git", ".swiftpm", "runs"]
        var files: [String] = []
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: root.path) else {
            throw ReleaseError("cannot read the kit at \(root.path)")
        }
        while let path = walker.nextObject() as? String {
            let first = path.split(separator: "/").first.map(String.init) ?? path
            if skipped.contains(first) || first.hasPrefix(".build") {
                walker.skipDescendants()
                continue
            }
            var isFolder: ObjCBool = false
            if manager.fileExists(
                atPath: root.appendingPathComponent(path).path,
                isDirectory: &isFolder), !isFolder.boolValue
            {
                files.append(path)
            }
        }
        return files.sorted()
    }

    /// Copies the kit files under `folders` (relative paths) into `target`, keeping links
    /// as the files they point to.
    package static func copy(_ folders: [String], into target: URL) throws {
        let files = try kitFiles().filter { path in folders.contains { path.hasPrefix($0 + "/") } }
        for path in files {
            let destination = target.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            let source = root.appendingPathComponent(path).resolvingSymlinksInPath()
            try Data(contentsOf: source).write(to: destination)
        }
    }

    /// The head of the kit's Package.swift: the comments and the build settings before
    /// `let package`, so a generated manifest builds exactly as the kit does.
    package static func manifestHead() throws -> String {
        let text = try String(
            contentsOf: root.appendingPathComponent("Package.swift"),
            encoding: .utf8)
        guard let range = text.range(of: "let package = Package(") else {
            throw ReleaseError("the kit's Package.swift has no `let package = Package(`")
        }
        return String(text[..<range.lowerBound])
    }

    /// Refuses to write into a folder that has files in it, unless `force`.
    package static func prepare(_ folder: URL, force: Bool) throws {
        let manager = FileManager.default
        if let contents = try? manager.contentsOfDirectory(atPath: folder.path), !contents.isEmpty {
            guard force else {
                throw ReleaseError(
                    "\(folder.path) is not empty; pass --force to write into it "
                        + "(its files may be overwritten)")
            }
        }
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
    }
}

/// Why a release or an autograding step could not be made.
public struct ReleaseError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
