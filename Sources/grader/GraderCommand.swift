import Foundation
import Grading

/// Carries out one grader command and returns the exit status.
struct GraderCommand {
    let options: Options
    /// Every child this grader has running: learner processes and builds.
    let registry = LivePids()

    func run() -> Int32 {
        switch options.command {
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
        case .generateFixtures:
            return generate()
        case .grade:
            return grade()
        case .releaseStudent(let folder):
            return releaseStudent(folder)
        case .releaseAutograder(let folder):
            return releaseAutograder(folder)
        case .autograde:
            return autograde()
        case .batch(let folder):
            return batch(folder)
        }
    }

    func fail(_ message: String, status: Int32 = 2) -> Int32 {
        FileHandle.standardError.write(Data("grader: \(message)\n".utf8))
        return status
    }

    private func loadFixtures() throws -> FixtureStore {
        try FixtureStore(custom: options.fixtures)
    }

    /// What every grading run checks before anything runs: the selected checks, the
    /// fixtures (an instructor's folder included), the report path, the implementation.
    struct GradingInputs {
        let checks: [Check]
        let fixtures: FixtureStore
        /// Where crash locations are reported (`Exercises`).
        let folder: String
        /// `--course`, or the defaults.
        let settings: CourseSettings
        /// When the run started (the Gradescope report's execution time).
        let started = Date()
    }

    /// The run's inputs, or nil after saying what is wrong (`status` holds the exit code).
    func gradingInputs(status: inout Int32) -> GradingInputs? {
        // Refused before anything runs: a course must not be graded with input dropped.
        let settings: CourseSettings
        do {
            settings = try courseSettings()
        } catch {
            status = fail(error.description)
            return nil
        }
        let checks = CheckCatalog.select(options.filters)
        guard !checks.isEmpty else {
            status = fail(
                "no check matches \(options.filters.joined(separator: " ")); "
                    + "`swift run grader list` shows them all")
            return nil
        }
        if let fixtures = options.fixtures {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: fixtures.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                status = fail("the fixture folder \(fixtures.path) does not exist")
                return nil
            }
        }
        if let output = options.output, let problem = outputProblem(output) {
            status = fail(problem)
            return nil
        }
        guard let folder = Implementations.folder(of: options.implementation) else {
            status = fail(Implementations.unknown(options.implementation))
            return nil
        }
        do {
            return GradingInputs(
                checks: checks, fixtures: try loadFixtures(), folder: folder,
                settings: settings)
        } catch {
            status = fail("\(error)")
            return nil
        }
    }

    private func grade() -> Int32 {
        var status: Int32 = 2
        guard let inputs = gradingInputs(status: &status) else { return status }
        let program = LearnerSetup.program(for: options.implementation)
        guard
            LearnerBuild.bringUpToDate(
                program, graderExecutable: URL(fileURLWithPath: executablePath()))
        else {
            guard options.implementation == "exercises" else {
                return fail(
                    "\(program) does not compile (the compiler's messages are above)",
                    status: 1)
            }
            return gradeAroundCompileErrors(inputs)
        }
        do {
            return try report(runChecks(inputs), inputs)
        } catch {
            return fail("\(error)")
        }
    }

    /// Grades the exercise files that compile, each one that does not replaced by its stub
    /// (its checks say so), in a work tree of their own: the learner's files stay as they are.
    private func gradeAroundCompileErrors(_ inputs: GradingInputs) -> Int32 {
        FileHandle.standardError.write(
            Data(
                ("grader: your code does not compile (the compiler's "
                    + "messages are above). Grading the files that do, each file that does not replaced "
                    + "by its stub, in a build of their own (the first one takes about a minute)…\n")
                    .utf8))
        let buildFolder = LearnerBuild.buildFolder(of: URL(fileURLWithPath: executablePath()))
        do {
            let tree = try LearnerWorkTree(
                at: buildFolder.appendingPathComponent("learner-fallback"))
            try tree.install(submission: KitLayout.root.appendingPathComponent("Exercises"))
            let failing = try tree.build(registry: registry)
            let results = try runChecks(inputs, program: tree.executable)
            return report(CompileFailures.apply(failing, to: results), inputs)
        } catch {
            return fail("\(error)")
        }
    }

    /// Runs the checks against learner processes of `program` (default: the one built
    /// beside this grader), `width` at a time (default: one per core).
    func runChecks(
        _ inputs: GradingInputs, program: URL? = nil, width: Int? = nil,
        worker: Int = 0
    ) throws
        -> [CheckResult]
    {
        let (launch, cleanup) = try LearnerSetup.launch(
            implementation: options.implementation, folder: inputs.folder,
            graderExecutable: URL(fileURLWithPath: executablePath()),
            learnerUser: options.learnerUser,
            secrets: [options.fixtures, options.output?.deletingLastPathComponent()]
                .compactMap { $0 },
            builtElsewhere: program, worker: worker, registry: registry)
        defer { cleanup() }
        let runner = CheckRunner(
            launch: launch, fixtures: inputs.fixtures,
            timeoutOverride: options.timeout,
            timeouts: inputs.settings.timeouts, budget: options.budget,
            referenceLoss: InstructorParts.referenceLoss, width: width)
        let results = runner.run(inputs.checks)
        if !runner.gaps.all.isEmpty {
            FileHandle.standardError.write(
                Data(
                    ("grader: learner processes could not be kept "
                        + "from \(runner.gaps.all.joined(separator: ", ")) (no mount namespaces here); "
                        + "only Unix permissions protect them: make them unreadable and unwritable to "
                        + "others (chmod -R o-rwx)\n").utf8))
        }
        return results
    }

    /// The report of `results` in the chosen format.
    func rendered(_ results: [CheckResult], _ inputs: GradingInputs) -> String {
        let name = "\(options.implementation) (\(inputs.folder)/)"
        switch options.format {
        case .text:
            return TextReport.render(
                results, implementation: name,
                colors: options.output == nil && isatty(1) == 1)
        case .json:
            return encodedJSON(JSONReport(results, implementation: options.implementation))
        case .gradescope:
            return encodedJSON(
                GradescopeReport(
                    results, settings: inputs.settings,
                    executionTime: Date().timeIntervalSince(inputs.started)))
        }
    }

    /// Writes or prints the report; the exit status says whether everything passed.
    func report(_ results: [CheckResult], _ inputs: GradingInputs) -> Int32 {
        let report = rendered(results, inputs)
        if let output = options.output {
            do {
                try Data(report.utf8).write(to: output, options: .atomic)
            } catch {
                return fail(
                    "cannot write the report to \(output.path): \(error.localizedDescription)")
            }
            print(Summary(results).scoreLine)
        } else {
            print(report, terminator: "")
        }
        return Summary(results).failed == 0 ? 0 : 1
    }

    /// The settings of `--course`, or the defaults without it.
    private func courseSettings() throws(CourseSettingsError) -> CourseSettings {
        guard let file = options.course else { return CourseSettings() }
        return try CourseSettings(contentsOf: file)
    }

    /// Refuses to overwrite a file that is not an earlier grader report, unless --force.
    func outputProblem(_ output: URL) -> String? {
        let folder = output.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder),
            isFolder.boolValue
        else {
            return "cannot write the report \(output.path): its folder \(folder) does not exist"
        }
        guard FileManager.default.fileExists(atPath: output.path), !options.force else {
            return nil
        }
        let head = (try? String(contentsOf: output, encoding: .utf8))?.prefix(4096) ?? ""
        let isReport =
            head.contains("\"rnncaptioning-grade\"") || head.contains("\"max_score\"")
            || head.hasPrefix("Grading ") || head.hasPrefix("submission,")
        return isReport
            ? nil
            : "\(output.path) exists and is not a grader report; "
                + "pass --force to overwrite it"
    }

    /// This executable's path, to start the check children.
    func executablePath() -> String {
        #if os(Linux)
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(
            atPath: "/proc/self/exe")
        {
            return resolved
        }
        #endif
        return CommandLine.arguments[0]
    }
}
