import Foundation
import Grading

/// `grader release student DIR`: a learner's kit with no answer in it.
///
/// It holds the given half (Tensor, Given, Training), the learner process, the Exercises
/// stubs, the grader without its instructor parts (no Reference, no fixture generator, no
/// mistake catalogue), the visible built-in fixtures and the Tensor tests; its own
/// Package.swift and a learner's README.
package enum StudentRelease {
    /// Writes the kit into `folder`; returns the files written.
    package static func write(into folder: URL, force: Bool) throws -> [String] {
        try KitLayout.prepare(folder, force: force)
        try KitLayout.copy(KitLayout.learnerFolders + KitLayout.studentFolders, into: folder)
        try manifest().write(
            to: folder.appendingPathComponent("Package.swift"), atomically: true,
            encoding: .utf8)
        try readme().write(
            to: folder.appendingPathComponent("README.md"), atomically: true,
            encoding: .utf8)
        try ".build/\n.swiftpm/\nPackage.resolved\n".write(
            to: folder.appendingPathComponent(".gitignore"), atomically: true, encoding: .utf8)
        let manager = FileManager.default
        let walker = manager.enumerator(atPath: folder.path)
        return (walker?.allObjects ?? []).compactMap { $0 as? String }.filter { path in
            var isFolder: ObjCBool = false
            return manager.fileExists(
                atPath: folder.appendingPathComponent(path).path,
                isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
    }

    /// The kit's manifest: the instructor kit's build settings, the learner's targets.
    static func manifest() throws -> String {
        try KitLayout.manifestHead() + """
            let package = Package(
                name: "RNNCaptioning",
                platforms: supportedPlatforms,
                products: [
                    .executable(name: "grader", targets: ["grader"]),
                    .executable(name: "learner-process", targets: ["learner-process"]),
                ],
                targets: [
            \(KitLayout.learnerTargets)
                    // The grader: it compares what your code computed with the fixtures.
                    .target(name: "Grading", dependencies: ["Tensor", "Given", "Training", "LearnerProcess",
                                                            "CPUCheck"],
                            exclude: ["Fixtures/Data", "Fixtures/README.md", "Stubs"], swiftSettings: optimised),
                    .target(name: "CommandLineOptions"),
                    .executableTarget(name: "grader", dependencies: ["Grading", "Tensor", "CommandLineOptions", "CPUCheck"]),
                    .target(name: "ScenarioSupport", path: "Tests/ScenarioSupport"),
                    .testTarget(name: "TensorTests", dependencies: ["Tensor", "ScenarioSupport"]),
                ]
            )

            """
    }

    /// The learner's README: the two commands first, then the kit README's learner section.
    static func readme() throws -> String {
        let text = try String(
            contentsOf: KitLayout.root.appendingPathComponent("README.md"),
            encoding: .utf8)
        var learnerPart = ""
        if let start = text.range(of: "## For learners"),
            let end = text.range(of: "## For instructors", range: start.upperBound..<text.endIndex)
        {
            learnerPart = String(text[start.lowerBound..<end.lowerBound])
        }
        // Links into the instructor's README do not exist here.
        learnerPart = learnerPart.replacingOccurrences(
            of: " (see\n[Who computes, who decides](#who-computes-who-decides))", with: "")
        return """
            # RNNCaptioning: Image Captioning with RNNs

            The CS231n assignment "Image Captioning with RNNs" in Swift. You write the layers in
            `Exercises/`; the grader checks them. Swift toolchain only, works offline.

                swift run grader        # grade your layers in Exercises/: PASS / FAIL / TODO per check
                swift test              # run the kit's own tests (the Tensor library)

            Your code runs in a separate process (`learner-process`) that computes; the grader
            compares what it computed with the fixtures and decides. Hidden tests in your course
            run the same checks on cases you have not seen.

            \(learnerPart)
            """
    }
}
