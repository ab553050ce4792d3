import CommandLineOptions
import XCTest

/// The parser against a small declaration: spellings, refusals, numbers, subcommands.
final class ParserTests: XCTestCase {
    let tool = CommandDeclaration(
        "tool", summary: "a test tool",
        options: [
            .value("--output", "-o", placeholder: "FILE", help: "where to write"),
            .flag("--force", help: "overwrite"),
            .value("--cases", placeholder: "K", kind: .integer(1...100), help: "how many"),
            .value("--budget", placeholder: "SECONDS", kind: .number(.positive), help: "time"),
            .value("--rate", placeholder: "X", kind: .number(.nonNegative), help: "rate"),
            .choice("--format", of: ["text", "json"], help: "format"),
            .value("--tag", placeholder: "T", help: "a tag", repeatable: true),
        ],
        positionals: [PositionalDeclaration("FILTER", .any, help: "what to run")],
        subcommands: [
            CommandDeclaration(
                "make", summary: "make one",
                options: [
                    .value(
                        "--seed", placeholder: "S",
                        kind: .integer(0...UInt64.max), help: "seed",
                        required: true),
                    .flag("--force", help: "overwrite"),
                ],
                positionals: [PositionalDeclaration("DIR", help: "where")]),
            CommandDeclaration(
                "group", summary: "a group",
                subcommands: [
                    CommandDeclaration(
                        "leaf", summary: "a leaf",
                        options: [.flag("--force", help: "overwrite")])
                ], needsSubcommand: true),
        ])

    func parse(_ words: [String]) throws -> ParsedArguments {
        try tool.parse(words)
    }

    /// The problem of the usage error `words` must raise.
    func problem(_ words: [String], file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            let parsed = try tool.parse(words)
            XCTFail("\(words) was accepted: \(parsed)", file: file, line: line)
            return ""
        } catch {
            return error.problem
        }
    }

    func testBothSpellingsOfAValue() throws {
        XCTAssertEqual(try parse(["--output", "a.txt"]).value("--output"), "a.txt")
        XCTAssertEqual(try parse(["--output=a.txt"]).value("--output"), "a.txt")
        XCTAssertEqual(try parse(["-o", "a.txt"]).value("--output"), "a.txt")
        // Everything after the first `=` is the value.
        XCTAssertEqual(try parse(["--output=a=b"]).value("--output"), "a=b")
    }

    func testAValueThatLooksLikeAnOptionIsRefused() {
        let refused = problem(["--output", "--force"])
        XCTAssertTrue(refused.contains("--output needs a value, got the option --force"), refused)
        XCTAssertTrue(problem(["-o", "-x"]).contains("-o needs a value"))
        XCTAssertTrue(problem(["--output", "--"]).contains("needs a value"))
    }

    func testTheEqualsSpellingTakesAnyValue() throws {
        XCTAssertEqual(try parse(["--output=--force"]).value("--output"), "--force")
        XCTAssertFalse(try parse(["--output=--force"]).flag("--force"))
    }

    func testMissingAndEmptyValuesAreRefused() {
        XCTAssertEqual(problem(["--output"]), "--output needs a value (FILE)")
        XCTAssertEqual(problem(["--output="]), "--output needs a value (FILE)")
        XCTAssertEqual(problem(["--force=yes"]), "--force takes no value")
        XCTAssertEqual(problem(["--help=yes"]), "--help takes no value")
    }

    func testUnknownOptionsAreRefusedWithASuggestion() {
        XCTAssertEqual(
            problem(["--outptu", "x"]), "unknown option --outptu; did you mean --output?")
        XCTAssertEqual(problem(["--frce"]), "unknown option --frce; did you mean --force?")
        XCTAssertEqual(problem(["--zzzzzzzz"]), "unknown option --zzzzzzzz")
        // An option of another command says which.
        XCTAssertEqual(
            problem(["--seed", "1"]),
            "`tool` has no option --seed (it is an option of `tool make`)")
    }

    func testDuplicatesAreRefusedUnlessRepeatable() throws {
        XCTAssertEqual(problem(["--force", "--force"]), "--force is given twice")
        XCTAssertEqual(problem(["-o", "a", "--output=b"]), "--output is given twice")
        XCTAssertEqual(try parse(["--tag", "a", "--tag=b"]).allValues("--tag"), ["a", "b"])
    }

    func testNumbersAreCheckedAndTheOptionNamed() throws {
        XCTAssertEqual(try parse(["--cases", "7"]).integer("--cases"), 7)
        XCTAssertEqual(
            problem(["--cases", "0"]), "--cases needs a whole number from 1 to 100, got \"0\"")
        XCTAssertEqual(
            problem(["--cases=101"]), "--cases needs a whole number from 1 to 100, got \"101\"")
        XCTAssertEqual(
            problem(["--cases", "2.5"]), "--cases needs a whole number from 1 to 100, got \"2.5\"")
        // A negative number is a value, so the option refuses it by name.
        XCTAssertEqual(problem(["--budget", "-1"]), "--budget needs a positive number, got \"-1\"")
        for bad in ["0", "nan", "inf", "soon", "1e999"] {
            XCTAssertTrue(
                problem(["--budget", bad]).hasPrefix("--budget needs a positive number"), bad)
        }
        XCTAssertEqual(try parse(["--budget=2.5"]).number("--budget"), 2.5)
        XCTAssertEqual(try parse(["--rate", "0"]).number("--rate"), 0)
        XCTAssertEqual(problem(["--rate", "-0.5"]), "--rate needs a number ≥ 0, got \"-0.5\"")
        XCTAssertEqual(
            try parse(["make", "d", "--seed", "18446744073709551615"]).unsigned("--seed"),
            UInt64.max)
        XCTAssertTrue(
            problem(["make", "d", "--seed", "18446744073709551616"]).hasPrefix("--seed needs"))
    }

    func testChoicesIgnoreCaseAndGiveTheDeclaredWord() throws {
        XCTAssertEqual(try parse(["--format", "JSON"]).value("--format"), "json")
        XCTAssertEqual(problem(["--format=bad"]), "--format needs one of text or json, got \"bad\"")
    }

    func testPositionalsAndOptionsInAnyOrder() throws {
        let parsed = try parse(["rnn", "--force", "lstm", "-o", "x", "--", "--not-an-option"])
        XCTAssertEqual(parsed.positionals, ["rnn", "lstm", "--not-an-option"])
        XCTAssertTrue(parsed.flag("--force"))
        XCTAssertEqual(parsed.subcommand, [])
    }

    func testSubcommands() throws {
        let made = try parse(["make", "out", "--seed=3", "--force"])
        XCTAssertEqual(made.command, ["tool", "make"])
        XCTAssertEqual(made.positionals, ["out"])
        XCTAssertEqual(made.unsigned("--seed"), 3)
        // A subcommand's name after a positional argument is a positional argument.
        XCTAssertEqual(try parse(["rnn", "make"]).positionals, ["rnn", "make"])
        XCTAssertEqual(problem(["make", "out"]), "`tool make` needs --seed S")
        XCTAssertEqual(problem(["make", "--seed", "1"]), "`tool make` needs DIR")
        XCTAssertEqual(
            problem(["make", "a", "b", "--seed", "1"]),
            "unexpected argument \"b\": `tool make` takes DIR")
        XCTAssertEqual(problem(["group"]), "`tool group` needs a command: leaf")
        XCTAssertEqual(
            problem(["group", "laef"]),
            "unknown command \"laef\" for `tool group`; did you mean leaf?")
        XCTAssertEqual(try parse(["--force", "group", "leaf"]).command, ["tool", "group", "leaf"])
        XCTAssertEqual(
            problem(["-o", "x", "make", "d", "--seed", "1"]), "`tool make` has no option --output")
    }

    func testHelpOnEveryCommand() throws {
        for words in [
            ["--help"], ["-h"], ["make", "--help"], ["group", "-h"], ["group", "leaf", "-h"],
            ["make", "-h", "--bogus"],
        ] {
            let parsed = try parse(words)
            XCTAssertTrue(parsed.wantsHelp, "\(words)")
            XCTAssertTrue(
                parsed.help.hasPrefix(parsed.command.joined(separator: " ") + ": "),
                parsed.help)
        }
        let help = try parse(["make", "--help"]).help
        XCTAssertTrue(help.contains("tool make --seed S [options] DIR"), help)
        XCTAssertTrue(help.contains("--seed S"), help)
        XCTAssertFalse(help.contains("--output"), help)
    }

    func testAUsageErrorIsOneLineNamingTheCommandsHelp() {
        do {
            _ = try tool.parse(["make", "--seed", "x", "d"])
            XCTFail("accepted")
        } catch {
            XCTAssertEqual(
                error.description,
                "--seed needs a whole number ≥ 0, got \"x\" "
                    + "(see `tool make --help`)")
            XCTAssertFalse(error.description.contains("\n"))
        }
        XCTAssertEqual(UsageError.exitStatus, 2)
    }

    /// Arbitrary words never trap: every word list over a small alphabet of tricky pieces.
    func testNoInputTraps() {
        let pieces = [
            "--", "-", "-o", "--output", "--output=", "=", "--=", "make", "group", "leaf",
            "--seed", "--cases", "-1", "", "--tag", "--help", "x", "--force=", "é", "--é",
        ]
        var count = 0
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    _ = try? tool.parse([a, b, c])
                    count += 1
                }
            }
        }
        XCTAssertEqual(count, pieces.count * pieces.count * pieces.count)
    }
}
