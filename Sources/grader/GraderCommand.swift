import Foundation
import Grading

/// Carries out one grader command and returns the exit status.
struct GraderCommand {
    let options: Options

    func run() -> Int32 {
        switch options.command {
        case .help:
            print(Options.help)
            return 0
        case .list:
            for check in CheckCatalog.all {
                print("\(check.name)  (\(check.originalName))\n    \(check.summary)")
            }
            return 0
        case .mistakes:
            print(Implementations.catalogue)
            return 0
        case .regenerateFixtures:
            return regenerate()
        case .verifyFixtures:
            return verify()
        case .grade:
            return grade()
        }
    }

    func fail(_ message: String, status: Int32 = 2) -> Int32 {
        FileHandle.standardError.write(Data("grader: \(message)\n".utf8))
        return status
    }

    private func loadFixtures() throws -> FixtureStore {
        try FixtureStore(custom: options.fixtures)
    }

    private func grade() -> Int32 {
        let checks = CheckCatalog.select(options.filters)
        guard !checks.isEmpty else {
            return fail("no check matches \(options.filters.joined(separator: " ")); "
                + "`swift run grader list` shows them all")
        }
        if let fixtures = options.fixtures {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: fixtures.path, isDirectory: &isDirectory),
                  isDirectory.boolValue else {
                return fail("the fixture folder \(fixtures.path) does not exist")
            }
        }
        if let output = options.output, let problem = outputProblem(output) {
            return fail(problem)
        }
        guard let folder = Implementations.folder(of: options.implementation) else {
            return fail(Implementations.unknown(options.implementation))
        }
        let fixtures: FixtureStore
        do {
            fixtures = try loadFixtures()
        } catch {
            return fail("\(error)")
        }
        let program = options.implementation == "exercises" ? "learner-process" : "instructor-process"
        guard LearnerBuild.bringUpToDate(program, graderExecutable: URL(fileURLWithPath: executablePath())) else {
            return fail("your code does not compile (the compiler's messages are above); fix "
                + "the first error and run the grader again", status: 1)
        }
        let launch: LearnerLaunch
        let cleanup: () -> Void
        do {
            (launch, cleanup) = try LearnerSetup.launch(
                implementation: options.implementation, folder: folder,
                graderExecutable: URL(fileURLWithPath: executablePath()),
                learnerUser: options.learnerUser,
                secrets: [options.fixtures, options.output?.deletingLastPathComponent()]
                    .compactMap { $0 })
        } catch {
            return fail("\(error)")
        }
        defer { cleanup() }
        let runner = CheckRunner(launch: launch, fixtures: fixtures,
                                 timeoutOverride: options.timeout, budget: options.budget,
                                 referenceLoss: InstructorParts.referenceLoss)
        let results = runner.run(checks)
        if !runner.gaps.all.isEmpty {
            FileHandle.standardError.write(Data(("grader: learner processes could not be kept "
                + "from \(runner.gaps.all.joined(separator: ", ")) (no mount namespaces here); "
                + "only Unix permissions protect them: make them unreadable and unwritable to "
                + "others (chmod -R o-rwx)\n").utf8))
        }
        let name = "\(options.implementation) (\(folder)/)"
        let report: String
        switch options.format {
        case .text:
            report = TextReport.render(results, implementation: name,
                                       colors: options.output == nil && isatty(1) == 1)
        case .json:
            report = encodedJSON(JSONReport(results, implementation: options.implementation))
        case .gradescope:
            report = encodedJSON(GradescopeReport(results))
        }
        if let output = options.output {
            do {
                try Data(report.utf8).write(to: output, options: .atomic)
            } catch {
                return fail("cannot write the report to \(output.path): \(error.localizedDescription)")
            }
            print(Summary(results).scoreLine)
        } else {
            print(report, terminator: "")
        }
        return Summary(results).failed == 0 ? 0 : 1
    }

    /// Refuses to overwrite a file that is not an earlier grader report, unless --force.
    private func outputProblem(_ output: URL) -> String? {
        let folder = output.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder),
              isFolder.boolValue else {
            return "the report's folder \(folder) does not exist"
        }
        guard FileManager.default.fileExists(atPath: output.path), !options.force else { return nil }
        let head = (try? String(contentsOf: output, encoding: .utf8))?.prefix(4096) ?? ""
        let isReport = head.contains("\"rnncaptioning-grade\"") || head.contains("\"max_score\"")
            || head.hasPrefix("Grading ")
        return isReport ? nil : "\(output.path) exists and is not a grader report; "
            + "pass --force to overwrite it"
    }

    /// This executable's path, to start the check children.
    private func executablePath() -> String {
        #if os(Linux)
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        #endif
        return CommandLine.arguments[0]
    }
}
