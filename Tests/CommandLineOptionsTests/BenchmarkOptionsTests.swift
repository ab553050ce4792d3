import Benchmarks
import CommandLineOptions
import XCTest

/// `captioning bench` reads both spellings and refuses what it used to misread.
final class BenchmarkOptionsTests: XCTestCase {
    func testBothSpellingsAreAccepted() throws {
        let options = try BenchmarkOptions(arguments: [
            "--cell=lstm", "--batch=25", "--hidden", "64",
            "--steps=3", "--what=sample", "--json",
        ])
        var expected = BenchmarkOptions()
        expected.cell = .lstm
        expected.batch = 25
        expected.hidden = 64
        expected.repetitions = 3
        expected.measure = .sample
        expected.json = true
        XCTAssertEqual(options, expected)
        XCTAssertEqual(try BenchmarkOptions(arguments: ["--repetitions=4"]).repetitions, 4)
        XCTAssertEqual(try BenchmarkOptions(arguments: ["--vocab=2"]).vocab, 4)
    }

    func testBadValuesAreRefusedByName() {
        for (words, named) in [
            (["--batch", "0"], "--batch"), (["--cell=cnn"], "--cell"),
            (["--what", "--json"], "--what"), (["--threads=x"], "--threads"),
            (["--bacth", "2"], "--batch"), (["--timesteps=6"], "--timesteps"),
        ] {
            XCTAssertThrowsError(try BenchmarkOptions(arguments: words), "\(words)") { error in
                XCTAssertTrue("\(error)".contains(named), "\(error)")
                XCTAssertTrue("\(error)".contains("captioning bench --help"), "\(error)")
            }
        }
    }

    func testTheHelpIsTheDeclarations() {
        XCTAssertTrue(
            BenchmarkOptions.help.contains("--repetitions)"),
            BenchmarkOptions.help)
    }
}
