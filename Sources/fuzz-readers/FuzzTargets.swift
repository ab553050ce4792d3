import CommandLineOptions
import Foundation
import Grading
import Imaging
import Showcase

/// The readers that take untrusted bytes, by the name the fuzzer and the replay tool use.
///
/// Each target runs one input through a reader and, when the reader accepts it, through
/// what callers do with the result (converting arrays, building tensors), so that a value
/// the reader let through but cannot be used shows up as a crash too. Rejecting the input
/// with an error is the expected outcome for almost every input; only a trap, a sanitizer
/// report or a hang is a finding.
///
/// To fuzz another reader (the command-line arguments, say), add one entry here and a seed
/// folder `Fuzz/Corpus/<name>/`; the entry points and `Fuzz/run` need no change.
enum FuzzTargets {
    /// Every target, by name.
    static let all: [String: @Sendable (Data) -> Void] = [
        "npy": npy,
        "npz": npz,
        "checkpoint": checkpoint,
        "encoder": encoderCheckpoint,
        "fixture": fixture,
        "vocabulary": vocabulary,
        "arguments": arguments,
        "png": png,
    ]

    /// The names, sorted, for messages.
    static var names: String { all.keys.sorted().joined(separator: ", ") }

    static func npy(_ data: Data) {
        guard let array = try? NPYReader.parse(data, file: "input.npy") else { return }
        use(array)
    }

    static func npz(_ data: Data) {
        guard let archive = try? NPZArchive(data: data, file: "input.npz") else { return }
        for name in archive.names {
            if let array = try? archive.array(named: name) { use(array) }
        }
    }

    static func checkpoint(_ data: Data) {
        guard let checkpoint = try? Checkpoint(data: data, file: "input.ckpt") else { return }
        _ = checkpoint.wordToIdx
        _ = try? checkpoint.encoded()
    }

    /// The image encoder's checkpoint (`captioning encoder train`), as `captioning caption`
    /// and `--features pixels` use it: the encoder built from it, its fingerprint, and the
    /// file written back.
    static func encoderCheckpoint(_ data: Data) {
        guard let checkpoint = try? EncoderCheckpoint(data: data, file: "input.ckpt") else {
            return
        }
        _ = checkpoint.fingerprint
        _ = try? checkpoint.encoder()
        _ = try? checkpoint.encoded()
    }

    static func fixture(_ data: Data) {
        guard let file = try? FixtureStore.decode(data, file: "input.json") else { return }
        for fixtureCase in file.cases {
            for key in fixtureCase.inputs.keys {
                _ = try? fixtureCase.tensor(key, in: "input.json")
                _ = try? fixtureCase.integers(key, in: "input.json")
            }
            for key in fixtureCase.outputs.keys {
                _ = try? fixtureCase.expected(key, in: "input.json")
                _ = try? fixtureCase.expectedIntegers(key, in: "input.json")
            }
        }
        _ = try? FixtureStore.instructorFile(from: data, file: "input.json")
    }

    static func vocabulary(_ data: Data) {
        guard let (words, indices) = try? COCOLoader.parseVocabulary(data, file: "input.json")
        else { return }
        // What the loader's callers do: look every index up.
        for (word, index) in indices where words[index] != word {
            fatalError("parseVocabulary accepted word_to_idx[\(word)] = \(index), not its word")
        }
    }

    /// The PNG reader (and its inflate), as callers use it and again without checksums
    /// (a mutated byte almost always breaks a chunk's CRC, which would stop every such
    /// input before inflate, the filters and the colour conversion). An accepted image is
    /// also resized, as a caller feeding an encoder does, and must come back unchanged
    /// through the writer and the reader.
    static func png(_ data: Data) {
        let bytes = [UInt8](data)
        for verifying in [true, false] {
            guard let image = try? RGBImage(pngData: bytes, verifyingChecksums: verifying)
            else { continue }
            _ = image.resized(to: 8)
            guard (try? RGBImage(pngData: image.pngData())) == image else {
                fatalError(
                    "a \(image.width)×\(image.height) image read from a PNG does not survive "
                        + "being written and read again")
            }
        }
    }

    /// The command lines of both executables (the instructor's and the student kit's grader,
    /// `captioning` with `bench`): the input is split at NUL bytes into words and parsed
    /// with each declaration; a usage error is the expected outcome. An accepted command line
    /// has its values read back as the commands do, and every command's help is generated.
    static func arguments(_ data: Data) {
        let words = data.split(separator: 0, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        let declarations =
            GraderInterface.Edition.allCases.map(GraderInterface.declaration)
            + [CaptioningInterface.declaration]
        for declaration in declarations {
            guard let parsed = try? declaration.parse(words) else { continue }
            _ = String(describing: parsed)
            _ = parsed.help
        }
    }

    /// Converts the elements as the data loaders do.
    private static func use(_ array: NumPyArray) {
        _ = array.doubles()
        _ = array.floats()
        _ = try? array.integers(file: "input")
        _ = array.booleans()
    }
}
