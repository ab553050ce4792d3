import Tensor

/// The two caption splits of a captioning data set (`split='train'` / `'val'`).
public enum DataSplit: String, CaseIterable, Sendable, Codable {
    case train, val
}

/// A captioning data set, the original's `data` dict from `load_coco_data`.
///
/// Caption rows point at feature rows through the image index arrays, so one image
/// has several captions: row i of `trainCaptions` describes `trainFeatures[trainImageIdxs[i]]`.
public struct CaptioningData<S: TensorScalar>: Sendable {
    /// `train_features`: one feature vector per training image, `(N_train_images, D)`.
    public var trainFeatures: Tensor<S>
    /// `train_captions`: word indices `(N_train_captions, T + 1)`, `<START>` … `<END>` `<NULL>`….
    public var trainCaptions: Tensor<Int>
    /// `train_image_idxs`: the feature row of each training caption, `(N_train_captions,)`.
    public var trainImageIdxs: Tensor<Int>
    /// `val_features`: `(N_val_images, D)`.
    public var valFeatures: Tensor<S>
    /// `val_captions`: `(N_val_captions, T + 1)`.
    public var valCaptions: Tensor<Int>
    /// `val_image_idxs`: `(N_val_captions,)`.
    public var valImageIdxs: Tensor<Int>
    /// `word_to_idx`: token -> index, `<NULL>` = 0, `<START>` = 1, `<END>` = 2, `<UNK>` = 3.
    public var wordToIdx: [String: Int]
    /// `idx_to_word`: index -> token; `idxToWord[wordToIdx[w]] == w`.
    public var idxToWord: [String]

    /// Assembles a data set, checking that shapes agree and indices are in range.
    ///
    /// - Throws: `TrainingError.invalidArgument` naming the first inconsistency.
    public init(
        trainFeatures: Tensor<S>, trainCaptions: Tensor<Int>, trainImageIdxs: Tensor<Int>,
        valFeatures: Tensor<S>, valCaptions: Tensor<Int>, valImageIdxs: Tensor<Int>,
        wordToIdx: [String: Int], idxToWord: [String]
    ) throws {
        for (name, f, c, i) in [
            ("train", trainFeatures, trainCaptions, trainImageIdxs),
            ("val", valFeatures, valCaptions, valImageIdxs),
        ] {
            guard f.rank == 2, c.rank == 2, i.rank == 1, i.shape[0] == c.shape[0] else {
                throw TrainingError.invalidArgument(
                    "\(name): features \(f.shape.shapeDescription)"
                        + ", captions \(c.shape.shapeDescription) and image indices "
                        + "\(i.shape.shapeDescription) do not fit together")
            }
            if let bad = i.scalars.first(where: { $0 < 0 || $0 >= f.shape[0] }) {
                throw TrainingError.invalidArgument(
                    "\(name) image index \(bad) is outside the "
                        + "\(f.shape[0]) feature rows")
            }
            if let bad = c.scalars.first(where: { $0 < 0 || $0 >= idxToWord.count }) {
                throw TrainingError.invalidArgument(
                    "\(name) caption word index \(bad) is "
                        + "outside the vocabulary of \(idxToWord.count) words")
            }
        }
        for (word, index) in wordToIdx
        where index < 0 || index >= idxToWord.count
            || idxToWord[index] != word
        {
            throw TrainingError.invalidArgument(
                "word_to_idx[\"\(word)\"] = \(index) does not "
                    + "match idx_to_word")
        }
        self.trainFeatures = trainFeatures
        self.trainCaptions = trainCaptions
        self.trainImageIdxs = trainImageIdxs
        self.valFeatures = valFeatures
        self.valCaptions = valCaptions
        self.valImageIdxs = valImageIdxs
        self.wordToIdx = wordToIdx
        self.idxToWord = idxToWord
    }

    /// The number of training captions, `data['train_captions'].shape[0]` (what the solver
    /// calls `num_train`).
    public var trainCount: Int { trainCaptions.shape[0] }

    /// The captions, their image indices and the feature table of `split`.
    public func arrays(
        for split: DataSplit
    )
        -> (captions: Tensor<Int>, imageIdxs: Tensor<Int>, features: Tensor<S>)
    {
        switch split {
        case .train: return (trainCaptions, trainImageIdxs, trainFeatures)
        case .val: return (valCaptions, valImageIdxs, valFeatures)
        }
    }

    /// The same data with features converted to another scalar type (`astype`).
    public func converted<T: TensorScalar>(to _: T.Type = T.self) -> CaptioningData<T> {
        CaptioningData<T>(
            unchecked: Tensor<T>(converting: trainFeatures), trainCaptions,
            trainImageIdxs, Tensor<T>(converting: valFeatures), valCaptions,
            valImageIdxs, wordToIdx, idxToWord)
    }

    /// Internal: assembles already-checked arrays.
    init(
        unchecked trainFeatures: Tensor<S>, _ trainCaptions: Tensor<Int>,
        _ trainImageIdxs: Tensor<Int>, _ valFeatures: Tensor<S>, _ valCaptions: Tensor<Int>,
        _ valImageIdxs: Tensor<Int>, _ wordToIdx: [String: Int], _ idxToWord: [String]
    ) {
        self.trainFeatures = trainFeatures
        self.trainCaptions = trainCaptions
        self.trainImageIdxs = trainImageIdxs
        self.valFeatures = valFeatures
        self.valCaptions = valCaptions
        self.valImageIdxs = valImageIdxs
        self.wordToIdx = wordToIdx
        self.idxToWord = idxToWord
    }
}
