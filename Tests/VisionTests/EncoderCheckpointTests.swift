import Foundation
import Imaging
import Showcase
import Tensor
import Training
import Vision
import XCTest

/// The encoder checkpoint: bit-exact round trip, damaged files refused with a message,
/// and the fingerprint a captioner records.
final class EncoderCheckpointTests: XCTestCase {
    static let architecture = EncoderArchitecture(imageSize: 8, channels: [2], featureDim: 3)

    func sample() throws -> EncoderCheckpoint {
        let model = try AttributeModel<Float>(architecture: Self.architecture, seed: 4)
        return EncoderCheckpoint(
            architecture: Self.architecture, training: EncoderTrainingSettings(epochs: 2),
            dataSeed: 0, lossHistory: [3, 2.5],
            accuracy: AttributeAccuracy(occupancy: 1, colour: 0.5, kind: 0.25, size: 1, scenes: 0),
            params: model.params)
    }

    func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("encoder-test-\(UUID().uuidString).ckpt")
    }

    func testRoundTripIsBitExact() throws {
        let original = try sample()
        let url = temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try original.write(to: url)
        let loaded = try EncoderCheckpoint(contentsOf: url)
        XCTAssertEqual(loaded, original)
        XCTAssertEqual(loaded.fingerprint, original.fingerprint)
        XCTAssertEqual(
            Set(try loaded.encoder().params.keys), Set(Self.architecture.parameterShapes.keys))
    }

    func testTheFingerprintFollowsTheParameters() throws {
        var changed = try sample()
        changed.params["W_fc"]?[flat: 0] += 1
        XCTAssertNotEqual(changed.fingerprint, try sample().fingerprint)
    }

    func testDamagedFilesAreRefused() throws {
        let bytes = try sample().encoded()
        func message(_ data: Data) -> String {
            do {
                _ = try EncoderCheckpoint(data: data, file: "enc.ckpt")
                return "accepted"
            } catch { return "\(error)" }
        }
        XCTAssertTrue(message(bytes.prefix(bytes.count - 3)).contains("truncated or padded"))
        var flipped = bytes
        flipped[bytes.count - 1] ^= 1
        XCTAssertTrue(message(flipped).contains("CRC-32 does not match"))
        XCTAssertTrue(
            message(Data("RNNCKPT1xxxxxxxx".utf8)).contains("captioning model's checkpoint"))
        XCTAssertTrue(message(Data("hello".utf8)).contains("not an encoder checkpoint"))
        // A header that claims another architecture than its arrays.
        guard let range = bytes.range(of: Data("\"featureDim\" : 3".utf8)) else {
            return XCTFail("no featureDim in the header")
        }
        var other = bytes
        other[range.upperBound - 1] = UInt8(ascii: "4")
        XCTAssertTrue(message(other).contains("needs [4, 60]"), message(other))
        for reason in [message(flipped), message(Data("hello".utf8))] {
            XCTAssertTrue(reason.hasPrefix("enc.ckpt: "), reason)
        }
    }

    /// A run configuration without features (every checkpoint before pixels) keeps its
    /// identity; pixel features add the encoder's fingerprint to it.
    func testRunConfigurationRecordsTheEncoder() throws {
        let old = RunConfiguration()
        let json = try JSONEncoder().encode(old)
        XCTAssertFalse(String(decoding: json, as: UTF8.self).contains("features"))
        XCTAssertEqual(try JSONDecoder().decode(RunConfiguration.self, from: json), old)
        XCTAssertEqual(
            old.modelIdentity.map(\.0), ["cell", "hidden", "wordvec", "input dim", "data"])
        var pixels = old
        pixels.features = "pixels"
        pixels.encoder = EncoderReference(path: "/tmp/e.ckpt", fingerprint: 0xAB)
        XCTAssertEqual(pixels.modelIdentity.last?.1, "000000ab")
        var other = pixels
        other.encoder?.fingerprint = 0xAC
        let checkpoint = Checkpoint(
            configuration: pixels, vocabulary: ["<NULL>"], epoch: 0, lossHistory: [], params: [:])
        XCTAssertThrowsError(try checkpoint.requireCompatible(with: other, file: "m.ckpt")) {
            XCTAssertTrue("\($0)".contains("encoder is 000000ab there, 000000ac here"), "\($0)")
        }
    }
}
