import Foundation
import Grading

#if canImport(Instructor)
import Instructor
#endif

#if canImport(Instructor)
/// Running a course: releases, the autograder's grading of one submission, a class batch.
extension GraderCommand {
    func releaseStudent(_ folder: URL) -> Int32 {
        do {
            let files = try StudentRelease.write(into: folder, force: options.force)
            print(
                "wrote a student kit of \(files.count) files into \(folder.path): no Reference, "
                    + "Solutions, mistake catalogue, fixture generator or hidden fixtures")
            print("learners run: swift run grader   and   swift test")
            return 0
        } catch {
            return fail("\(error)")
        }
    }

    func releaseAutograder(_ folder: URL) -> Int32 {
        do {
            let zip = try AutograderRelease.write(
                into: folder, hiddenFixtures: options.fixtures,
                course: options.course, force: options.force)
            print("wrote the autograder into \(folder.path); upload \(zip.path) to Gradescope")
            return 0
        } catch {
            return fail("\(error)")
        }
    }

    /// The learner work tree: `--tree`, or one inside this kit's build folder.
    private func workTree(_ index: Int = 0) throws -> LearnerWorkTree {
        let folder =
            options.tree
            ?? KitLayout.root.appendingPathComponent(
                ".build/learner-tree\(index == 0 ? "" : "-\(index)")")
        return try LearnerWorkTree(at: folder)
    }

    /// Grades a submission's exercises (`autograde` declares no `--impl`).
    func autograde() -> Int32 {
        do {
            let tree = try workTree()
            if options.prepare {
                try tree.install(
                    submission: FileManager.default.temporaryDirectory
                        .appendingPathComponent("no-submission-\(UUID().uuidString)"))
                _ = try tree.build(registry: registry) {
                    FileHandle.standardError.write(Data($0.utf8))
                }
                print("the learner work tree in \(tree.folder.path) is built")
                return 0
            }
            guard let submission = options.submission else {
                return fail("autograde needs --submission DIR (or --prepare)")
            }
            var status: Int32 = 2
            guard let inputs = gradingInputs(status: &status) else { return status }
            let (results, _) = try grade(submission: submission, in: tree, inputs, width: nil)
            return report(results, inputs)
        } catch {
            return fail("\(error)")
        }
    }

    /// Installs, builds and grades one submission in a work tree; returns the results and
    /// the exercise files taken from it.
    private func grade(
        submission: URL, in tree: LearnerWorkTree, _ inputs: GradingInputs,
        width: Int?, worker: Int = 0, buildLock: NSLock = NSLock()
    ) throws
        -> ([CheckResult], [String])
    {
        let taken = try tree.install(submission: submission)
        // A build uses every core already: the batch's workers take turns.
        let failing = try buildLock.withLock { try tree.build(registry: registry) }
        let results = try runChecks(inputs, program: tree.executable, width: width, worker: worker)
        return (CompileFailures.apply(failing, to: results), taken)
    }

    func batch(_ folder: URL) -> Int32 {
        guard let csv = options.output else {
            return fail("batch needs --output grades.csv")
        }
        var status: Int32 = 2
        guard let inputs = gradingInputs(status: &status) else { return status }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("rnncaptioning-batch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            let (entries, refused) = try SubmissionFolder.entries(in: folder, scratch: scratch)
            refused.forEach { FileHandle.standardError.write(Data("grader: skipped \($0)\n".utf8)) }
            let reports = csv.deletingPathExtension().appendingPathExtension("reports")
            try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
            let workers = max(1, min(entries.count, ProcessInfo.processInfo.activeProcessorCount))
            let trees = try (0..<workers).map { try workTree($0 + 1) }
            let rows = ResultSlots<[CheckResult]>(count: entries.count)
            let next = WorkCounter()
            let buildLock = NSLock()
            // One submission per core, each graded one check at a time.
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while let index = next.take(below: entries.count) {
                    let entry = entries[index]
                    let results: [CheckResult]
                    do {
                        results = try grade(
                            submission: entry.folder, in: trees[worker], inputs,
                            width: 1, worker: worker, buildLock: buildLock
                        ).0
                    } catch {
                        results = inputs.checks.map {
                            CheckResult(
                                name: $0.name, originalName: $0.originalName, status: .fail,
                                message: "not graded: \(error)")
                        }
                    }
                    let file = reports.appendingPathComponent("\(entry.name).json")
                    let report = GradescopeReport(
                        results, settings: inputs.settings,
                        executionTime: 0)
                    try? Data(encodedJSON(report).utf8).write(to: file)
                    let done = rows.set(index, results)
                    FileHandle.standardError.write(
                        Data(
                            "[\(done)/\(entries.count)] \(entry.name): \(Summary(results).scoreLine)\n"
                                .utf8))
                }
            }
            let table = GradeTable(
                checks: inputs.checks.map(\.name),
                rows: zip(entries.map(\.name), rows.values).map { ($0, $1) },
                settings: inputs.settings)
            try Data(table.csv.utf8).write(to: csv, options: .atomic)
            print(
                "graded \(entries.count) submissions into \(csv.path) (reports in \(reports.path))"
                    + (refused.isEmpty ? "" : "; skipped \(refused.count), named above"))
            return refused.isEmpty ? 0 : 1
        } catch {
            return fail("\(error)")
        }
    }
}

#else
extension GraderCommand {
    func releaseStudent(_ folder: URL) -> Int32 { notInStudentKit("release student") }
    func releaseAutograder(_ folder: URL) -> Int32 { notInStudentKit("release autograder") }
    func autograde() -> Int32 { notInStudentKit("autograde") }
    func batch(_ folder: URL) -> Int32 { notInStudentKit("batch") }
}
#endif
