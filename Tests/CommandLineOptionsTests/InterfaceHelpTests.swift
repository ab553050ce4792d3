import CommandLineOptions
import XCTest

/// The two programs' declarations and the help generated from them: every option declared
/// is in its command's help, and every option the help names is declared.
final class InterfaceHelpTests: XCTestCase {
    /// Every program's root declaration, by name.
    let programs: [(String, CommandDeclaration)] = [
        ("grader (instructor)", GraderInterface.declaration(.instructor)),
        ("grader (student)", GraderInterface.declaration(.student)),
        ("captioning", CaptioningInterface.declaration),
    ]

    /// The words of `text` spelled like options (`--impl`, `-o`), without a trailing `=…`.
    func optionWords(in text: String) -> Set<String> {
        var words = Set<String>()
        for word in text.split(whereSeparator: { " \n,()[]`|".contains($0) }) {
            // `--output's`, `--beam:` and `--seed=S` name --output, --beam and --seed.
            let name = word.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
            guard name.hasPrefix("-"), name.count > 1, name != "--",
                name.dropFirst(name.hasPrefix("--") ? 2 : 1).first?.isLetter == true
            else { continue }
            words.insert(String(name))
        }
        return words
    }

    func testEveryDeclaredOptionIsInTheHelpAndEveryOptionInTheHelpIsDeclared() throws {
        for (label, root) in programs {
            for (path, command) in root.allCommands {
                let help = HelpText(command, path: [root.name] + path).text
                let context = "\(label) \(path.joined(separator: " "))"
                let own = Set(command.options.flatMap(\.names) + CommandDeclaration.helpNames)
                // The commands below this one are listed with their usage lines and summaries.
                let below = Set(
                    command.allCommands.dropFirst()
                        .flatMap { $0.command.options.flatMap(\.names) })
                let named = optionWords(in: help)
                for name in own {
                    XCTAssertTrue(
                        named.contains(name), "\(context): \(name) is not in the help\n\(help)")
                }
                // Short words (`-c` in `swift run -c release`) may be other programs' options.
                for name in named where name.hasPrefix("--") {
                    XCTAssertTrue(
                        own.contains(name) || below.contains(name),
                        "\(context): the help names \(name), which is not declared\n\(help)")
                }
                // The free paragraphs may name only this command's own options.
                for name in optionWords(in: command.details) where name.hasPrefix("--") {
                    XCTAssertTrue(own.contains(name), "\(context): its details name \(name)")
                }
            }
        }
    }

    func testTheStudentGraderListsOnlyWhatItHas() {
        let student = HelpText(GraderInterface.declaration(.student), path: ["grader"]).text
        for absent in [
            "--impl", "grader mistakes", "grader fixtures", "grader release",
            "grader autograde", "grader batch", "hostile", "Instructors",
        ] {
            XCTAssertFalse(
                student.contains(absent), "the student help mentions \(absent)\n\(student)")
        }
        XCTAssertTrue(student.contains("grader list"), student)
        XCTAssertEqual(GraderInterface.declaration(.student).subcommands.map(\.name), ["list"])
        XCTAssertThrowsError(
            try GraderInterface.declaration(.student).parse(["--impl", "solutions"]))
        XCTAssertEqual(
            try GraderInterface.declaration(.instructor).parse(["fixtures", "verify"])
                .command, ["grader", "fixtures", "verify"])
    }

    func testTheGraderHelpShowsTheOriginalNamesAndInstructorNotes() {
        let help = HelpText(GraderInterface.declaration(.instructor), path: ["grader"]).text
        XCTAssertTrue(help.contains("--impl exercises|solutions|reference"), help)
        XCTAssertTrue(help.contains("Instructors: --impl mistake:ID"), help)
        XCTAssertTrue(help.contains("rnnStepBackward"), help)
        XCTAssertTrue(help.contains("grader fixtures generate --seed S --into DIR [options]"), help)
        XCTAssertTrue(help.contains("grader release autograder [options] DIR"), help)
    }

    /// Every command line the README, CI scripts and the autograder's scripts run.
    func testTheCommandLinesThatScriptsRunStillParse() throws {
        let grader = GraderInterface.declaration(.instructor)
        let lines: [[String]] = [
            [], ["rnn_step"], ["--impl", "solutions"], ["--impl", "reference"],
            ["fixtures", "regenerate"], ["fixtures", "verify"], ["--fixtures", "hidden/"],
            ["fixtures", "generate", "--seed", "7", "--into", "hidden/"],
            ["fixtures", "generate", "--seed", "11", "--into", "h", "--cases", "2"],
            ["fixtures", "regenerate", "--into", "d", "--force"],
            ["--format", "gradescope", "--output", "results.json"],
            ["--format", "gradescope", "--course", "course.json", "--output", "results.json"],
            ["--format", "json"], ["list"], ["mistakes"], ["--impl", "hostile:forge-report"],
            ["release", "student", "out/student"],
            ["release", "autograder", "out/ag", "--fixtures", "hidden/", "--course", "c.json"],
            [
                "batch", "submissions/", "--output", "grades.csv", "--fixtures", "hidden/",
                "--course", "c.json",
            ],
            ["autograde", "--prepare"],
            [
                "autograde", "--submission", "s", "--format", "gradescope", "--output", "r.json",
                "--force", "--fixtures", "h", "--course", "c.json",
            ],
            [
                "rnn_step", "word_embedding", "--impl", "survival:x", "--timeout", "3", "--format",
                "json", "--fixtures", "m",
            ],
            ["--budget", "2.5"], ["--learner-user", "nobody"],
        ]
        for line in lines {
            XCTAssertNoThrow(try grader.parse(line), "grader \(line)")
        }
        let captioning = CaptioningInterface.declaration
        for line: [String] in [
            ["train"], ["train", "--cell", "rnn"],
            ["sample", "--checkpoint", "m.ckpt", "--beam", "5"],
            [
                "train", "--data", "coco_npy", "--hidden", "512", "--wordvec", "256",
                "--batch-size",
                "100", "--max-train", "50000",
            ],
            ["train", "--resume", "m.ckpt", "--epochs", "30"],
            [
                "train", "--update-rule", "sgd_momentum", "--learning-rate", "5e-3", "--lr-decay",
                "1",
            ],
            ["bench", "--json", "--steps", "3", "--cell", "lstm"], ["bench", "--what", "sample"],
            ["help"],
        ] {
            XCTAssertNoThrow(try captioning.parse(line), "captioning \(line)")
        }
    }
}
