import Foundation
import Grading

#if canImport(Instructor)
import Instructor
#endif

/// What only an instructor's grader can do, because it needs the answers (Reference):
/// a student kit's grader is built without the Instructor module and says so instead.
enum InstructorParts {
    #if canImport(Instructor)
    /// The overfit checks' trusted loss.
    static let referenceLoss: (any ReferenceLoss)? = ReferenceCaptioningLoss()
    #else
    static let referenceLoss: (any ReferenceLoss)? = nil
    #endif
}

#if canImport(Instructor)
extension GraderCommand {
    func verify() -> Int32 {
        let directory = options.fixtures ?? FixtureStore.builtInDirectory
        let drifted = FixtureMaintenance.verify(directory: directory)
        // The built-in folder is also held to the digests compiled into this grader.
        // …and the copy compiled into it to the folder (see FixtureEmbedding.swift).
        let modified =
            options.fixtures == nil
            ? FixtureMaintenance.verifyDigests() + FixtureEmbedding.differences(from: directory)
            : []
        (drifted + modified).forEach { print($0) }
        if !drifted.isEmpty {
            print(
                "\(drifted.count) fixture file(s) drifted: run `swift run grader fixtures regenerate`"
            )
        }
        if !modified.isEmpty {
            print(
                "\(modified.count) difference(s) between the built-in fixture files and the "
                    + "SHA-256 digests or the copy this grader was built with")
        }
        if drifted.isEmpty && modified.isEmpty {
            print(
                "fixtures in \(directory.path) match Reference"
                    + (options.fixtures == nil
                        ? " and the digests and copy this grader was built with"
                        : ""))
        }
        return drifted.isEmpty && modified.isEmpty ? 0 : 1
    }

    func regenerate() -> Int32 {
        let target = options.into ?? FixtureStore.builtInDirectory
        if options.into != nil, !options.force {
            for name in FixtureGenerator.all().keys {
                let url = target.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path),
                    (try? FixtureStore.read(url)) == nil
                {
                    return fail(
                        "\(url.path) exists and is not a fixture file; pass --force to "
                            + "overwrite it")
                }
            }
        }
        do {
            // Only the built-in folder has digests compiled into the grader.
            // …and only the built-in folder is compiled into it (FixtureEmbedding.swift).
            let digests = options.into == nil ? FixtureMaintenance.builtInDigestsFile : nil
            let embedded = options.into == nil ? FixtureMaintenance.builtInFilesFile : nil
            let written = try FixtureMaintenance.regenerate(
                into: target, digestsFile: digests,
                embeddedFile: embedded)
            written.forEach { print("wrote \($0)") }
            return 0
        } catch {
            return fail("cannot write fixtures into \(target.path): \(error.localizedDescription)")
        }
    }

    func generate() -> Int32 {
        guard let seed = options.seed, let target = options.into else {
            return fail("`grader fixtures generate` needs --seed S and --into DIR")
        }
        let count = options.caseCount ?? SeededFixtures.defaultCaseCount
        do {
            let written = try FixtureMaintenance.generate(
                seed: seed, count: count, into: target,
                force: options.force)
            written.forEach { print("wrote \($0)") }
            print("grade with them: swift run grader --fixtures \(target.path)")
            return 0
        } catch let error as FixtureMaintenance.GenerationError {
            return fail("\(error)")
        } catch {
            return fail("cannot write fixtures into \(target.path): \(error.localizedDescription)")
        }
    }
}
#else
extension GraderCommand {
    func verify() -> Int32 { notInStudentKit("fixtures verify") }

    func generate() -> Int32 { notInStudentKit("fixtures generate") }

    func regenerate() -> Int32 { notInStudentKit("fixtures regenerate") }

    func notInStudentKit(_ command: String) -> Int32 {
        fail("`grader \(command)` needs the answers, which a student kit does not have")
    }
}
#endif
