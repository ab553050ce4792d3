import Foundation
import Given
import Reference
import Tensor
import XCTest

@testable import Showcase

final class CheckpointTests: XCTestCase {
    func sample() throws -> Checkpoint {
        let vocabulary = ["<NULL>", "<START>", "<END>", "<UNK>", "cat"]
        let model = try CaptioningRNN<Float>(
            wordToIdx: Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) }),
            inputDim: 6, wordvecDim: 3, hiddenDim: 4, cellType: .lstm, seed: 9)
        var params = model.params
        params["b"]?[flat: 0] = .nan  // odd values survive too
        params["b"]?[flat: 1] = -0.0
        params["b"]?[flat: 2] = .leastNonzeroMagnitude
        let configuration = RunConfiguration(
            cellType: "lstm", hiddenDim: 4, wordvecDim: 3,
            inputDim: 6, data: "shapes", seed: 9, epochs: 3)
        return Checkpoint(
            configuration: configuration, vocabulary: vocabulary, epoch: 2,
            lossHistory: [3.5, 2.25, 1.125], bleu: [0.9, 0.8, 0.7, 0.6], params: params)
    }

    func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("checkpoint-test-\(UUID().uuidString).ckpt")
    }

    func testRoundTripIsBitExact() throws {
        let original = try sample()
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try original.write(to: url)
        let loaded = try Checkpoint(contentsOf: url)
        XCTAssertEqual(loaded.configuration, original.configuration)
        XCTAssertEqual(loaded.vocabulary, original.vocabulary)
        XCTAssertEqual(loaded.epoch, 2)
        XCTAssertEqual(loaded.lossHistory, original.lossHistory)
        XCTAssertEqual(loaded.bleu, original.bleu)
        XCTAssertEqual(Set(loaded.params.keys), Set(original.params.keys))
        for (name, tensor) in original.params {
            XCTAssertEqual(loaded.params[name]?.shape, tensor.shape, name)
            XCTAssertEqual(
                loaded.params[name]?.scalars.map(\.bitPattern), tensor.scalars.map(\.bitPattern),
                name)
        }
        // Overwriting goes through a rename and leaves no temporary file behind.
        try original.write(to: url)
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: url.deletingLastPathComponent().path
        )
        .filter { $0.contains(url.lastPathComponent) && $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [])
    }

    func testTruncatedAndDamagedFilesAreRefused() throws {
        let bytes = try sample().encoded()
        for cut in [0, 5, 12, 40, bytes.count - 1] {
            XCTAssertThrowsError(try Checkpoint(data: bytes.prefix(cut), file: "cut.ckpt")) {
                XCTAssertTrue("\($0)".contains("cut.ckpt"), "\($0)")
            }
        }
        var flipped = bytes
        flipped[bytes.count - 7] ^= 0x10
        XCTAssertThrowsError(try Checkpoint(data: flipped, file: "flipped.ckpt")) {
            XCTAssertTrue("\($0)".contains("CRC"), "\($0)")
        }
        var header = bytes
        header[20] = 0x7B  // '{' inside the JSON
        XCTAssertThrowsError(try Checkpoint(data: header, file: "header.ckpt"))
        XCTAssertThrowsError(try Checkpoint(contentsOf: URL(fileURLWithPath: "/no/such.ckpt"))) {
            XCTAssertTrue("\($0)".contains("/no/such.ckpt"), "\($0)")
        }
    }

    func testDifferentConfigurationIsRefused() throws {
        let checkpoint = try sample()
        var other = checkpoint.configuration
        XCTAssertNoThrow(try checkpoint.requireCompatible(with: other, file: "a.ckpt"))
        other.cellType = "rnn"
        other.hiddenDim = 8
        XCTAssertThrowsError(try checkpoint.requireCompatible(with: other, file: "a.ckpt")) {
            error in
            let text = "\(error)"
            XCTAssertTrue(
                text.contains("a.ckpt") && text.contains("cell is lstm there, rnn here")
                    && text.contains("hidden is 4 there, 8 here"), text)
        }
    }
}
