import Tensor

extension CaptioningData {
    /// `sample_coco_minibatch`: `batchSize` caption rows of `split` drawn uniformly WITH
    /// replacement (`np.random.choice(split_size, batch_size)`), with their images.
    ///
    /// - Returns: captions `(batchSize, T + 1)`, features `(batchSize, D)` and the feature
    ///   row of each caption `(batchSize,)` (the original returns the image URLs there).
    /// - Throws: `TrainingError` if `batchSize < 1` or the split is empty.
    public func sampleMinibatch(
        batchSize: Int, split: DataSplit = .train,
        using generator: inout SeededGenerator
    ) throws
        -> (captions: Tensor<Int>, features: Tensor<S>, imageIndices: Tensor<Int>)
    {
        guard batchSize > 0 else {
            throw TrainingError.invalidArgument("batch_size must be positive, got \(batchSize)")
        }
        let (captions, imageIdxs, features) = arrays(for: split)
        let size = captions.shape[0]
        guard size > 0 else { throw TrainingError.emptySplit(split.rawValue) }
        let mask = (0..<batchSize).map { _ in generator.nextInt(below: size) }
        let rows = mask.map { imageIdxs.scalars[$0] }
        return (captions.gatheringRows(mask), features.gatheringRows(rows), Tensor(rows))
    }

    /// `load_coco_data(max_train=...)`: keeps `maxTrain` training caption rows drawn
    /// uniformly WITH replacement (`np.random.randint(num_train, size=max_train)`), with
    /// their image indices; features and the val split are kept whole.
    ///
    /// - Throws: `TrainingError` if `maxTrain < 1` or there are no training captions.
    public func subsetTrain(
        maxTrain: Int, using generator: inout SeededGenerator
    ) throws
        -> CaptioningData
    {
        guard maxTrain > 0 else {
            throw TrainingError.invalidArgument("max_train must be positive, got \(maxTrain)")
        }
        guard trainCount > 0 else { throw TrainingError.emptySplit(DataSplit.train.rawValue) }
        let mask = (0..<maxTrain).map { _ in generator.nextInt(below: trainCount) }
        var subset = self
        subset.trainCaptions = trainCaptions.gatheringRows(mask)
        subset.trainImageIdxs = trainImageIdxs.gatheringRows(mask)
        return subset
    }
}
