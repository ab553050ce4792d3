/// The grader's command line, declared once: `grader` parses with it and prints its help
/// from it.
///
/// A student kit's grader has no answers, so it has fewer commands (no fixture
/// maintenance, releases, autograding or mistake catalogue) and no `--impl`: its help lists
/// only what it has.
public enum GraderInterface {
    /// Which grader: the instructor's (everything) or a student kit's.
    public enum Edition: Sendable, CaseIterable {
        /// Everything: grading, the mistake catalogue, fixtures, releases, autograding.
        case instructor
        /// Grading and `list` only.
        case student
    }

    /// The program's name, as errors and help show it.
    public static let program = "grader"

    /// The whole command line of `edition`'s grader.
    public static func declaration(_ edition: Edition) -> CommandDeclaration {
        let instructor = edition == .instructor
        return CommandDeclaration(
            program,
            summary: "checks your image-captioning layers (CS231n \"Image Captioning with RNNs\").",
            options: (instructor ? [implementation] : []) + grading,
            positionals: [filter],
            subcommands: [list] + (instructor ? instructorCommands : []),
            details: instructor ? instructorDetails : studentDetails)
    }

    // ── Options ────────────────────────────────────────────────────────────────────────

    static let implementation = OptionDeclaration.value(
        "--impl", "--implementation", placeholder: "exercises|solutions|reference",
        help: "what to grade; also mistake:ID, survival:ID, variation:ID, hostile:ID",
        default: "exercises")
    static let fixtures = OptionDeclaration.value(
        "--fixtures", placeholder: "DIR",
        help: "also use the fixture files in DIR; a file named like a built-in one replaces it, "
            + "others add cases")
    static let format = OptionDeclaration.choice(
        "--format", of: ["text", "json", "gradescope"], help: "report format", default: "text")
    static let output = OptionDeclaration.value(
        "--output", "-o", placeholder: "FILE",
        help: "write the report to FILE instead of standard output (an existing file that is "
            + "not a grader report needs --force)")
    static let forceOutput = OptionDeclaration.flag(
        "--force", help: "overwrite --output's FILE even if it is not a grader report")
    static let timeout = OptionDeclaration.value(
        "--timeout", placeholder: "SECONDS", kind: .number(.positive),
        help: "time limit of every check", default: "per check")
    static let course = OptionDeclaration.value(
        "--course", placeholder: "FILE",
        help: "the course's settings (JSON): points and visibility of each check in the "
            + "gradescope report, per-check time limits (--timeout overrides them); see README")
    static let budget = OptionDeclaration.value(
        "--budget", placeholder: "SECONDS", kind: .number(.positive),
        help: "time limit of the whole run; checks that would start later are reported NOT RUN",
        default: "600; longer in a sanitized build")
    static let learnerUser = OptionDeclaration.value(
        "--learner-user", placeholder: "USER",
        help: "when run as root: the user learner code runs as (a name or a numeric id)",
        default: "an id no account has, one per grader and batch worker")

    /// What every grading run takes.
    static let grading = [
        fixtures, format, output, forceOutput, timeout, course, budget,
        learnerUser,
    ]

    static let filter = PositionalDeclaration(
        "FILTER", .any,
        help: "selects checks whose name (ours or the original's) starts with it, or else "
            + "contains it: rnn_step, rnnStepBackward, lstm, captioning, overfit (default: every "
            + "check; `grader list` shows them)")

    // ── Commands ───────────────────────────────────────────────────────────────────────

    static let list = CommandDeclaration(
        "list", summary: "every check, with its name in the original assignment and what it checks")

    static let mistakes = CommandDeclaration(
        "mistakes",
        summary: "the built-in wrong implementations and their ids (grade one as the "
            + "implementation mistake:ID)")

    static let fixtureCommands = CommandDeclaration(
        "fixtures", summary: "maintain the fixture files the checks compare with",
        subcommands: [
            CommandDeclaration(
                "regenerate", summary: "rewrite the fixtures from Reference",
                options: [
                    .value(
                        "--into", placeholder: "DIR", help: "write them into DIR",
                        default: "the built-in fixture folder"),
                    .flag("--force", help: "overwrite files in DIR that are not fixture files"),
                ]),
            CommandDeclaration(
                "verify", summary: "report drift between the fixtures and Reference",
                options: [
                    .value(
                        "--fixtures", placeholder: "DIR", help: "the fixture folder to verify",
                        default: "the built-in one, also held to the digests built in")
                ]),
            CommandDeclaration(
                "generate", summary: "new hidden cases from a seed, into a folder to grade with",
                options: [
                    .value(
                        "--seed", placeholder: "S", kind: .integer(0...UInt64.max),
                        help: "the seed the cases are drawn from", required: true),
                    .value(
                        "--into", placeholder: "DIR", help: "the folder to write them into",
                        required: true),
                    .value(
                        "--cases", placeholder: "K", kind: .integer(1...100),
                        help: "cases per fixture set", default: "3"),
                    .flag("--force", help: "overwrite files in DIR that are not fixture files"),
                ]),
        ],
        needsSubcommand: true)

    static let release = CommandDeclaration(
        "release", summary: "write what a course hands out",
        subcommands: [
            CommandDeclaration(
                "student",
                summary: "the kit learners get: no Reference, Solutions, mistake catalogue, "
                    + "fixture generator or hidden fixtures",
                options: [.flag("--force", help: "write into a DIR that is not empty")],
                positionals: [PositionalDeclaration("DIR", help: "the folder to write it into")]),
            CommandDeclaration(
                "autograder", summary: "a Gradescope autograder (autograder.zip and its parts)",
                options: [
                    .value(
                        "--fixtures", placeholder: "HIDDEN",
                        help: "hidden fixtures the autograder grades with too"),
                    .value(
                        "--course", placeholder: "FILE",
                        help: "the course's settings (JSON) the autograder grades with"),
                    .flag("--force", help: "write into a DIR that is not empty"),
                ],
                positionals: [PositionalDeclaration("DIR", help: "the folder to write it into")]),
        ],
        needsSubcommand: true)

    static let autograde = CommandDeclaration(
        "autograde",
        summary: "grade one submission as the autograder does (or, with --prepare, build the "
            + "learner work tree once)",
        options: [
            .value(
                "--submission", placeholder: "DIR",
                help: "the upload to take the exercise files from (needed unless --prepare)"),
            .value(
                "--tree", placeholder: "DIR", help: "the learner work tree",
                default: "in .build"),
            .flag("--prepare", help: "only build the work tree (setup.sh does)"),
        ] + grading,
        positionals: [filter])

    static let batch = CommandDeclaration(
        "batch", summary: "grade every submission in a folder into a CSV",
        options: [
            .value(
                "--output", "-o", placeholder: "FILE",
                help: "the grades' CSV; each submission's Gradescope report goes into a "
                    + "folder beside it (FILE's name, ending .reports)",
                required: true),
            .flag("--force", help: "overwrite --output's FILE even if it is not a grade table"),
            fixtures, course, timeout, budget, learnerUser,
        ],
        positionals: [
            PositionalDeclaration(
                "SUBMISSIONS",
                help: "a folder with one folder or archive per "
                    + "submission"),
            filter,
        ])

    static let instructorCommands = [mistakes, fixtureCommands, release, autograde, batch]

    // ── Paragraphs after the options ───────────────────────────────────────────────────

    static let examples = """
        EXAMPLES
          swift run grader                          grade Exercises/, every check
          swift run grader rnn_step                 just the rnn_step checks
        """

    static let studentDetails =
        examples + """

              swift run grader --format json            the report as JSON

            Exit status: 0 when every selected check passed, 1 otherwise, 2 for bad usage.
            Your code runs in a separate process that only computes; this grader makes every
            comparison and writes the report.
            """

    static let instructorDetails =
        examples + """

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
