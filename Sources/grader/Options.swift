import CommandLineOptions
import Foundation
import Grading

/// The grader's command line, read from its declaration (`GraderInterface`).
struct Options {
    enum Command: Equatable {
        case grade
        case list
        /// The instructors' catalogue of wrong implementations.
        case mistakes
        case regenerateFixtures
        case verifyFixtures
        /// A learner's kit with no answers in it, written into the folder.
        case releaseStudent(URL)
        /// A Gradescope autograder, written into the folder.
        case releaseAutograder(URL)
        /// One submission (`--submission DIR`), as the autograder grades it; or, with
        /// `--prepare`, the learner work tree built once.
        case autograde
        /// Every submission in the folder, into a CSV (`--output`).
        case batch(URL)
        case generateFixtures
    }

    enum Format: String { case text, json, gradescope }

    /// This grader's commands: a student kit's grader has no answers, so fewer of them.
    static var edition: GraderInterface.Edition {
        #if canImport(Instructor)
        return .instructor
        #else
        return .student
        #endif
    }

    var command = Command.grade
    var filters: [String] = []
    var implementation = "exercises"
    var fixtures: URL?
    var format = Format.text
    var output: URL?
    var timeout: Double?
    /// The course's settings file (points, visibility, time limits).
    var course: URL?
    /// The whole run's time limit, in seconds.
    var budget = CheckRunner.defaultBudget
    /// As root: the user learner processes run as (a name or a numeric id).
    var learnerUser: String?
    var force = false
    var into: URL?
    /// `autograde`: the submission's folder, the work tree, or only preparing the tree.
    var submission: URL?
    var tree: URL?
    var prepare = false
    /// `fixtures generate`: the seed of the hidden cases, and how many per fixture set.
    var seed: UInt64?
    var caseCount: Int?

    /// The options of a parsed command line; refuses an implementation this grader does
    /// not have.
    init(_ parsed: ParsedArguments) throws(UsageError) {
        func url(_ name: String) -> URL? { parsed.value(name).map { URL(fileURLWithPath: $0) } }
        if let name = parsed.value("--impl") {
            implementation = name.lowercased()
            guard Implementations.folder(of: implementation) != nil else {
                throw UsageError(Implementations.unknown(implementation), command: parsed.command)
            }
        }
        fixtures = url("--fixtures")
        format = parsed.value("--format").flatMap(Format.init(rawValue:)) ?? .text
        output = url("--output")
        timeout = parsed.number("--timeout")
        course = url("--course")
        budget = parsed.number("--budget") ?? budget
        learnerUser = parsed.value("--learner-user")
        submission = url("--submission")
        tree = url("--tree")
        prepare = parsed.flag("--prepare")
        force = parsed.flag("--force")
        into = url("--into")
        seed = parsed.unsigned("--seed")
        caseCount = parsed.integer("--cases")
        let positionals = parsed.positionals
        switch parsed.subcommand {
        case []: (command, filters) = (.grade, positionals)
        case ["list"]: command = .list
        case ["mistakes"]: command = .mistakes
        case ["fixtures", "regenerate"]: command = .regenerateFixtures
        case ["fixtures", "verify"]: command = .verifyFixtures
        case ["fixtures", "generate"]: command = .generateFixtures
        case ["autograde"]: (command, filters) = (.autograde, positionals)
        case ["release", "student"], ["release", "autograder"], ["batch"]:
            // The declaration requires the folder; this guard only keeps a missing one
            // from trapping.
            guard let folder = positionals.first.map({ URL(fileURLWithPath: $0) }) else {
                throw UsageError("a folder is needed", command: parsed.command)
            }
            switch parsed.subcommand.last {
            case "student": command = .releaseStudent(folder)
            case "autograder": command = .releaseAutograder(folder)
            default: (command, filters) = (.batch(folder), Array(positionals.dropFirst()))
            }
        default:
            throw UsageError(
                "`\(parsed.command.joined(separator: " "))` is declared but not "
                    + "carried out by this grader", command: parsed.command)
        }
    }
}
