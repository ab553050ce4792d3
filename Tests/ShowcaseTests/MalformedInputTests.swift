import Foundation
import XCTest

@testable import Showcase

/// The hand-made malformed inputs in `Fuzz/Regressions/` (written by
/// `Fuzz/make-regressions.py`): each used to trap a reader or make it read outside its
/// bytes, and is now refused with a typed error naming the file and what is wrong.
final class MalformedInputTests: XCTestCase {
    /// The kit's Fuzz folder, found from this file's place in the sources.
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    func regression(_ path: String) throws -> Data {
        try Data(contentsOf: Self.fuzz.appendingPathComponent("Regressions/\(path)"))
    }

    /// Asserts `body` throws a NumPy `.malformed` error whose reason mentions every part.
    func assertMalformed(
        _ body: @autoclosure () throws -> Any, _ parts: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard case NumPyError.malformed(let name, let reason) = error else {
                return XCTFail("not a .malformed NumPyError: \(error)", file: file, line: line)
            }
            XCTAssertTrue(name.hasPrefix("input"), name, file: file, line: line)
            for part in parts {
                XCTAssertTrue(
                    reason.contains(part), "\"\(part)\" not in: \(reason)",
                    file: file, line: line)
            }
        }
    }

    // MARK: npz

    func testZIP64ExtraFieldsAreUsed() throws {
        let data = try Data(contentsOf: Self.fuzz.appendingPathComponent("Corpus/npz/zip64.npz"))
        let archive = try NPZArchive(data: data, file: "zip64.npz")
        XCTAssertEqual(archive.names, ["a"])
        XCTAssertEqual(try archive.array(named: "a").floats(), [1.5, -2, 0.25])
    }

    func testNPZSizesAboveIntMaxAreRefused() throws {
        assertMalformed(
            try NPZArchive(
                data: regression("npz/zip64-size-above-int-max.npz"),
                file: "input.npz"),
            ["a.npy", "size", "9223372036854775808", "more than this machine"])
        assertMalformed(
            try NPZArchive(
                data: regression("npz/zip64-record-offset-above-int-max.npz"), file: "input.npz"),
            ["ZIP64 record's offset", "more than this machine"])
    }

    func testZIP64ExtraFieldIsReadWithinItsBounds() throws {
        assertMalformed(
            try NPZArchive(
                data: regression("npz/zip64-extra-out-of-bounds.npz"),
                file: "input.npz"),
            ["a.npy", "ZIP64 extra field (0 bytes) lacks the 64-bit size"])
        assertMalformed(
            try NPZArchive(
                data: regression("npz/extra-field-past-its-entry.npz"),
                file: "input.npz"),
            ["a.npy", "200 bytes", "runs past the entry's extra fields"])
    }

    func testALocalHeaderOffsetNearIntMaxIsRefused() throws {
        let archive = try NPZArchive(
            data: regression("npz/local-offset-near-int-max.npz"),
            file: "input.npz")
        assertMalformed(try archive.array(named: "a"), ["local header", "overflows"])
    }

    func testTruncatedArchivesAreRefusedAtEveryLength() throws {
        let data = try Data(contentsOf: Self.fuzz.appendingPathComponent("Corpus/npz/zip64.npz"))
        for length in 0..<data.count {
            XCTAssertThrowsError(
                try NPZArchive(data: data.prefix(length), file: "input.npz")
                    .array(named: "a"), "\(length) bytes")
        }
    }

    // MARK: npy

    func testNPYShapesWhoseSizeOverflowsAreRefused() throws {
        for name in ["shape-product-overflows", "byte-count-overflows", "zero-after-overflow"] {
            assertMalformed(
                try NPYReader.parse(regression("npy/\(name).npy"), file: "input.npy"),
                ["the shape (", "larger than any file can be"])
        }
    }

    func testOtherMalformedNPYFilesAreRefusedNamingTheProblem() throws {
        let cases: [(String, String)] = [
            ("shape-not-an-integer", "shape entry 'x'"),
            ("truncated-data", "needs 16 bytes"),
            ("unknown-dtype", "dtype '<c8'"),
            ("fortran-order", "fortran_order is True"),
        ]
        for (name, part) in cases {
            XCTAssertThrowsError(
                try NPYReader.parse(
                    regression("npy/\(name).npy"),
                    file: "input.npy"), name
            ) { error in
                XCTAssertTrue(
                    "\(error)".contains(part) && "\(error)".contains("input.npy"),
                    "\(name): \(error)")
            }
        }
    }

    func testUInt64ElementsAboveIntMaxAreRefusedNotWrapped() throws {
        let array = try NPYReader.parse(
            regression("npy/uint64-above-int-max.npy"), file: "input.npy")
        XCTAssertEqual(array.dtype, .uint64)
        XCTAssertThrowsError(try array.integers(file: "input.npy")) { error in
            XCTAssertEqual(
                error as? NumPyError,
                .unsupported(
                    file: "input.npy",
                    reason: "element 1 is 9223372036854775808, larger than an Int "
                        + "can hold"))
        }
    }

    // MARK: checkpoints

    func testCheckpointsWithImpossibleShapesOrHeadersAreRefused() throws {
        let cases: [(String, String)] = [
            (
                "shape-product-overflows",
                "W_embed has the shape [4294967296, 4294967296], "
                    + "larger than any checkpoint can hold"
            ),
            ("parameter-listed-twice", "the parameter W_embed is listed twice"),
            ("header-length-above-int-max", "the file ends inside its header (truncated)"),
        ]
        for (name, reason) in cases {
            XCTAssertThrowsError(
                try Checkpoint(
                    data: regression("checkpoint/\(name).ckpt"),
                    file: "input.ckpt"), name
            ) { error in
                XCTAssertEqual(
                    error as? CheckpointError,
                    .corrupt(file: "input.ckpt", reason: reason), name)
            }
        }
    }

    /// Sampling and resuming build a model from a checkpoint's configuration: one whose
    /// sizes disagree with its arrays is refused, naming the first parameter that differs.
    func testACheckpointWhoseConfigurationDisagreesWithItsArraysIsRefused() throws {
        XCTAssertThrowsError(
            try Checkpoint(
                data: regression("checkpoint/configuration-disagrees-with-arrays.ckpt"),
                file: "input.ckpt")
        ) { error in
            guard case CheckpointError.corrupt(_, let reason) = error else {
                return XCTFail("\(error)")
            }
            for part in ["W_proj has shape [", "hidden 1000000", "needs [", ", 1000000]"] {
                XCTAssertTrue(reason.contains(part), "\"\(part)\" not in: \(reason)")
            }
        }
        for seed in ["gru-adam", "gru-sgd"] {
            let data = try Data(
                contentsOf: Self.fuzz.appendingPathComponent(
                    "Corpus/checkpoint/\(seed).ckpt"))
            let checkpoint = try Checkpoint(data: data, file: seed)
            XCTAssertEqual(checkpoint.params.count, 9, seed)
            XCTAssertEqual(checkpoint.optimizer?.isEmpty, false, seed)
        }
    }

    // MARK: vocabularies

    func testVocabulariesWhoseIndicesDoNotMatchTheirWordsAreRefused() throws {
        let cases: [(String, String)] = [
            ("index-past-the-end", "word_to_idx[\"a\"] = 2, but idx_to_word[2] is nothing"),
            ("negative-index", "word_to_idx[\"<NULL>\"] = -1, but idx_to_word[-1] is nothing"),
            ("index-of-another-word", "word_to_idx[\"<NULL>\"] = 1, but idx_to_word[1] is \"a\""),
            ("empty", "idx_to_word is empty"),
        ]
        for (name, part) in cases {
            XCTAssertThrowsError(
                try COCOLoader.parseVocabulary(
                    regression("vocabulary/\(name).json"), file: "input.json"), name
            ) { error in
                guard case DataLoadingError.malformed(let file, let reason) = error else {
                    return XCTFail("\(name): \(error)")
                }
                XCTAssertEqual(file, "input.json")
                XCTAssertTrue(reason.contains(part), "\(name): \(reason)")
            }
        }
        let seed = try Data(
            contentsOf: Self.fuzz.appendingPathComponent(
                "Corpus/vocabulary/coco_tiny.json"))
        let (words, indices) = try COCOLoader.parseVocabulary(seed, file: "coco_tiny.json")
        XCTAssertEqual(indices.count, words.count)
    }
}
