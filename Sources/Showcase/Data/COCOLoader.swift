import Foundation
import Tensor
import Training

/// Loads the original COCO captioning data exported to NumPy files.
///
/// Layout of the folder (the names of `load_coco_data`'s dict keys):
///
///     DIR/train_captions.npy     int32 (N_train, 17)   <START> words <END> <NULL>…
///     DIR/train_image_idxs.npy   int32 (N_train,)      feature row of each caption
///     DIR/train_features.npy     float32 (M_train, 512)
///     DIR/val_captions.npy       int32 (N_val, 17)
///     DIR/val_image_idxs.npy     int32 (N_val,)
///     DIR/val_features.npy       float32 (M_val, 512)
///     DIR/coco2014_vocab.json    {"idx_to_word": [...], "word_to_idx": {...}} as shipped
///
/// Instead of the six `.npy` files the folder may hold one `np.savez` or
/// `np.savez_compressed` archive (any `*.npz`) with members of those six names. Any
/// integer or float dtype is accepted.
public enum COCOLoader {
    /// The six array names.
    public static let arrayNames = [
        "train_captions", "train_image_idxs", "train_features",
        "val_captions", "val_image_idxs", "val_features",
    ]
    /// The vocabulary file name.
    public static let vocabularyFile = "coco2014_vocab.json"

    /// Loads the folder at `directory`.
    ///
    /// - Throws: `DataLoadingError` or `NumPyError` naming the file and what is wrong.
    public static func load(directory: URL) throws -> CaptioningData<Float> {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw DataLoadingError.missing(
                file: directory.path,
                what: "a folder with the COCO "
                    + "arrays (see README: \"COCO data\") or use --data shapes")
        }
        let archives = ((try? manager.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".npz") }.sorted()
            .map { directory.appendingPathComponent($0) }
        let opened = try archives.map { try NPZArchive(contentsOf: $0) }
        func array(_ name: String) throws -> NumPyArray {
            let file = directory.appendingPathComponent("\(name).npy")
            if manager.fileExists(atPath: file.path) { return try NPYReader.read(contentsOf: file) }
            if let archive = opened.first(where: { $0.contains(name) }) {
                return try archive.array(named: name)
            }
            throw DataLoadingError.missing(
                file: file.path,
                what: "the array \(name) (as \(name).npy "
                    + "or as a member of an .npz archive in \(directory.path))")
        }
        func captions(_ name: String) throws -> Tensor<Int> {
            let a = try array(name)
            guard a.shape.count == 2 else {
                throw DataLoadingError.wrongShape(array: name, expected: "(N, 17)", found: a.shape)
            }
            return Tensor(shape: a.shape, scalars: try a.integers(file: name))
        }
        func indices(_ name: String) throws -> Tensor<Int> {
            let a = try array(name)
            guard a.shape.count == 1 else {
                throw DataLoadingError.wrongShape(array: name, expected: "(N,)", found: a.shape)
            }
            return Tensor(shape: a.shape, scalars: try a.integers(file: name))
        }
        func features(_ name: String) throws -> Tensor<Float> {
            let a = try array(name)
            guard a.shape.count == 2 else {
                throw DataLoadingError.wrongShape(array: name, expected: "(M, D)", found: a.shape)
            }
            return Tensor(shape: a.shape, scalars: a.floats())
        }
        let vocabulary = try loadVocabulary(directory.appendingPathComponent(vocabularyFile))
        do {
            return try CaptioningData(
                trainFeatures: features("train_features"),
                trainCaptions: captions("train_captions"),
                trainImageIdxs: indices("train_image_idxs"), valFeatures: features("val_features"),
                valCaptions: captions("val_captions"), valImageIdxs: indices("val_image_idxs"),
                wordToIdx: vocabulary.wordToIdx, idxToWord: vocabulary.idxToWord)
        } catch let error as TrainingError {
            throw DataLoadingError.inconsistent(folder: directory.path, reason: error.description)
        }
    }

    /// Reads `coco2014_vocab.json`: `idx_to_word` (a list) and `word_to_idx` (a dict).
    ///
    /// - Throws: `DataLoadingError.missing` for a missing file, `.malformed` (see
    ///   `parseVocabulary`).
    public static func loadVocabulary(
        _ url: URL
    ) throws
        -> (idxToWord: [String], wordToIdx: [String: Int])
    {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DataLoadingError.missing(
                file: url.path,
                what: "the vocabulary JSON "
                    + "(copy coco2014_vocab.json from the course's coco_captioning folder)")
        }
        return try parseVocabulary(data, file: url.path)
    }

    /// Parses the bytes of a vocabulary JSON file; `file` names it in error messages.
    ///
    /// `word_to_idx`, when present, must be the inverse of `idx_to_word`: every index in
    /// `0 ..< idx_to_word.count` and naming its own word, so that no later lookup can go
    /// out of range.
    ///
    /// - Throws: `DataLoadingError.malformed` naming the file and the first bad entry.
    public static func parseVocabulary(
        _ data: Data, file: String
    ) throws
        -> (idxToWord: [String], wordToIdx: [String: Int])
    {
        // The JSON keys of the original's data files, spelled as they are.
        // swift-format-ignore: AlwaysUseLowerCamelCase
        struct Vocabulary: Decodable {
            var idx_to_word: [String]
            var word_to_idx: [String: Int]?
        }
        let vocabulary: Vocabulary
        do {
            vocabulary = try JSONDecoder().decode(Vocabulary.self, from: data)
        } catch {
            throw DataLoadingError.malformed(
                file: file,
                reason: "expected a JSON object with "
                    + "\"idx_to_word\" (a list of words) and \"word_to_idx\": \(error)")
        }
        let words = vocabulary.idx_to_word
        guard !words.isEmpty else {
            throw DataLoadingError.malformed(file: file, reason: "idx_to_word is empty")
        }
        guard let wordToIdx = vocabulary.word_to_idx else {
            return (
                words,
                Dictionary(
                    words.enumerated().map { ($1, $0) },
                    uniquingKeysWith: { a, _ in a })
            )
        }
        for (word, index) in wordToIdx.sorted(by: { $0.key < $1.key })
        where !words.indices.contains(index) || words[index] != word {
            let found = words.indices.contains(index) ? "\"\(words[index])\"" : "nothing"
            throw DataLoadingError.malformed(
                file: file,
                reason: "word_to_idx[\"\(word)\"] = "
                    + "\(index), but idx_to_word[\(index)] is \(found) (idx_to_word has "
                    + "\(words.count) words)")
        }
        return (words, wordToIdx)
    }
}

/// Why a data set could not be loaded.
public enum DataLoadingError: Error, Equatable, CustomStringConvertible {
    /// A file or folder is missing; says what was expected there.
    case missing(file: String, what: String)
    /// A file is present but not in the expected form.
    case malformed(file: String, reason: String)
    /// An array has the wrong number of dimensions.
    case wrongShape(array: String, expected: String, found: [Int])
    /// The arrays do not fit together (indices out of range, lengths differ).
    case inconsistent(folder: String, reason: String)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case .missing(let file, let what): return "\(file) not found: expected \(what)"
        case .malformed(let file, let reason): return "\(file): \(reason)"
        case .wrongShape(let array, let expected, let found):
            return "\(array) should have shape \(expected) but has shape "
                + NPYReader.shapeText(found)
        case .inconsistent(let folder, let reason): return "\(folder): \(reason)"
        }
    }
}
