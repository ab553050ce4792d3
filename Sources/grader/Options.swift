import Foundation

/// The grader's command line.
struct Options {
    enum Command: Equatable {
        case grade
        case list
        /// The instructors' catalogue of wrong implementations.
        case mistakes
        case help
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
    var budget = 600.0
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

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value(for flag: String) throws -> String {
            guard let next = rest.popFirst(), !next.hasPrefix("--") else {
                throw UsageError(description: "\(flag) needs a value (see grader --help)")
            }
            return next
        }
        func seconds(_ flag: String, _ text: String) throws -> Double {
            guard let value = Double(text), value > 0, value.isFinite else {
                throw UsageError(description: "\(flag) needs a positive number of seconds, got "
                    + "\"\(text)\"")
            }
            return value
        }
        var positional: [String] = []
        while let argument = rest.popFirst() {
            var (flag, inline) = (argument, String?.none)
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            func take() throws -> String { try inline ?? value(for: flag) }
            switch flag {
            case "--help", "-h": command = .help
            case "--impl", "--implementation":
                implementation = try take().lowercased()
                guard Implementations.folder(of: implementation) != nil else {
                    throw UsageError(description: Implementations.unknown(implementation))
                }
            case "--fixtures": fixtures = URL(fileURLWithPath: try take())
            case "--format":
                let name = try take()
                guard let parsed = Format(rawValue: name.lowercased()) else {
                    throw UsageError(description: "unknown format \"\(name)\": use text, json or "
                        + "gradescope")
                }
                format = parsed
            case "--output", "-o": output = URL(fileURLWithPath: try take())
            case "--timeout": timeout = try seconds(flag, try take())
            case "--course": course = URL(fileURLWithPath: try take())
            case "--budget": budget = try seconds(flag, try take())
            case "--learner-user": learnerUser = try take()
            case "--submission": submission = URL(fileURLWithPath: try take())
            case "--tree": tree = URL(fileURLWithPath: try take())
            case "--prepare": prepare = true
            case "--force": force = true
            case "--into": into = URL(fileURLWithPath: try take())
            case "--seed":
                let text = try take()
                guard let value = UInt64(text) else {
                    throw UsageError(description: "--seed needs a whole number from 0 to "
                        + "\(UInt64.max), got \"\(text)\"")
                }
                seed = value
            case "--cases":
                let text = try take()
                guard let value = Int(text), (1...100).contains(value) else {
                    throw UsageError(description: "--cases needs a whole number from 1 to 100, "
                        + "got \"\(text)\"")
                }
                caseCount = value
            default:
                if argument.hasPrefix("-") {
                    throw UsageError(description: "unknown option \(argument) (see grader --help)")
                }
                positional.append(argument)
            }
        }
        switch positional.first {
        case "list": command = command == .help ? .help : .list
        case "mistakes": command = command == .help ? .help : .mistakes
        case "fixtures":
            switch positional.dropFirst().first {
            case "regenerate": command = .regenerateFixtures
            case "verify": command = .verifyFixtures
            case "generate": command = .generateFixtures
            default:
                throw UsageError(description: "use `grader fixtures regenerate`, "
                    + "`grader fixtures verify` or `grader fixtures generate --seed S --into DIR`")
            }
        case "release":
            let kind = positional.dropFirst().first
            guard positional.count == 3, let folder = positional.last,
                  kind == "student" || kind == "autograder" else {
                throw UsageError(description: "use `grader release student DIR` or "
                    + "`grader release autograder DIR [--fixtures HIDDEN]`")
            }
            let url = URL(fileURLWithPath: folder)
            command = kind == "student" ? .releaseStudent(url) : .releaseAutograder(url)
        case "autograde":
            command = .autograde
            filters = Array(positional.dropFirst())
        case "batch":
            guard positional.count >= 2 else {
                throw UsageError(description: "use `grader batch SUBMISSIONS --output grades.csv`")
            }
            command = .batch(URL(fileURLWithPath: positional[1]))
            filters = Array(positional.dropFirst(2))
        default:
            filters = positional
        }
    }

    static let help = """
        grader: checks your image-captioning layers (CS231n "Image Captioning with RNNs").

        USAGE
          swift run grader [FILTER ...] [options]
          swift run grader list
          swift run grader fixtures regenerate [--into DIR] [--force]
          swift run grader fixtures verify [--fixtures DIR]
          swift run grader fixtures generate --seed S --into DIR [--cases K] [--force]
          swift run grader release student DIR [--force]
          swift run grader release autograder DIR [--fixtures HIDDEN] [--course FILE] [--force]
          swift run grader batch SUBMISSIONS [FILTER ...] --output grades.csv [--fixtures HIDDEN]
          swift run grader autograde [FILTER ...] --submission DIR [--fixtures HIDDEN] [--output FILE]

        FILTER selects checks whose name (ours or the original's) starts with it, or else
        contains it:
          rnn_step, rnnStepBackward, lstm, captioning, overfit

        OPTIONS
          --impl exercises|solutions|reference   what to grade (default: exercises)
          --fixtures DIR       also use the fixture files in DIR; a file named like a
                               built-in one replaces it, others add cases
          --format text|json|gradescope          report format (default: text)
          --output FILE        write the report to FILE instead of standard output
                               (an existing file that is not a grader report needs --force)
          --timeout SECONDS    time limit of every check (default: per check)
          --course FILE        the course's settings (JSON): points and visibility of
                               each check in the gradescope report, per-check time
                               limits (--timeout overrides them); see README
          --budget SECONDS     time limit of the whole run (default: 600); checks that
                               would start later are reported NOT RUN
          --learner-user USER  when run as root: the user learner code runs as
                               (default: an id no account has, one per grader and batch worker)
          --submission DIR     autograde: the upload to take the exercise files from
          --tree DIR           autograde: the learner work tree (default: in .build)
          --prepare            autograde: only build the work tree (setup.sh does)
          --seed S, --cases K  fixtures generate: K hidden cases (default 3) per
                               fixture set drawn from seed S, for --fixtures DIR
          -h, --help           this text

        EXAMPLES
          swift run grader                          grade Exercises/, every check
          swift run grader rnn_step                 just the rnn_step checks
          swift run grader --impl solutions         the instructor's solutions
          swift run grader --fixtures hidden/       grade against extra fixtures
          swift run grader --format gradescope --output results.json

        Exit status: 0 when every selected check passed, 1 otherwise, 2 for bad usage.
        Instructors: --impl mistake:ID or survival:ID grades a built-in wrong implementation
        (`grader mistakes` lists them), to see what the grader says about each; --impl
        hostile:ID grades a submission that attacks the grader (Sources/Hostile).
        Learner code runs in a separate process that only computes; this grader makes
        every comparison and writes the report.
        """
}
