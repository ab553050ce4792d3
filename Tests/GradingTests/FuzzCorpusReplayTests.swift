import Foundation
import Grading
import XCTest

/// Every committed fuzzing input, the seeds and the regressions, replayed through the
/// `fuzz-readers` program of this build: the same targets libFuzzer drives (`Fuzz/run`),
/// here without the fuzzer, so a reader that traps on any of them fails the test suite.
final class FuzzCorpusReplayTests: XCTestCase {
    func testEveryCommittedInputIsReadOrRefusedWithoutACrash() throws {
        let replay = try graderURL().deletingLastPathComponent().appendingPathComponent(
            "fuzz-readers")
        let fuzz = KitLayout.root.appendingPathComponent("Fuzz")
        let targets = try FileManager.default.contentsOfDirectory(
            atPath: fuzz.appendingPathComponent("Corpus").path
        ).sorted()
        XCTAssertEqual(
            targets,
            ["arguments", "checkpoint", "encoder", "fixture", "npy", "npz", "png", "vocabulary"])
        for target in targets {
            let folders = ["Corpus", "Regressions"].map {
                fuzz.appendingPathComponent("\($0)/\(target)").path
            }
            .filter { FileManager.default.fileExists(atPath: $0) }
            let expected = try folders.reduce(0) {
                $0 + (try FileManager.default.contentsOfDirectory(atPath: $1).count)
            }
            let process = Process()
            process.executableURL = replay
            process.arguments = [target] + folders
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(
                decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "\(target): \(text)")
            XCTAssertEqual(text, "\(target): \(expected) inputs replayed, no crash\n")
        }
    }

    /// Fixture files with impossible shapes or integers are refused by the decoder with a
    /// message naming the array, instead of trapping while counting its elements.
    func testMalformedFixtureArraysAreRefusedNamingThem() throws {
        let folder = KitLayout.root.appendingPathComponent("Fuzz/Regressions/fixture")
        let overflow = try Data(
            contentsOf: folder.appendingPathComponent("shape-product-overflows.json"))
        XCTAssertThrowsError(try FixtureStore.decode(overflow, file: "input.json")) { error in
            XCTAssertEqual(
                "\(error)",
                "fixture input.json: array \"c.x\" has shape "
                    + "[4294967296, 4294967296, 0], which no array can have")
        }
        let integer = try Data(
            contentsOf: folder.appendingPathComponent("integer-out-of-range.json"))
        let file = try FixtureStore.decode(integer, file: "input.json")
        XCTAssertThrowsError(try file.cases[0].integers("x", in: "input.json")) { error in
            XCTAssertEqual("\(error)", "fixture input.json: array \"x\" must hold integers")
        }
    }
}
