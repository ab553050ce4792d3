import Tensor

extension CaptioningData {
    /// `decode_captions` for one caption: the words of `indices` joined by single
    /// spaces, dropping `<NULL>`, keeping `<START>`, stopping after the first `<END>`.
    public func decodeCaption<C: Sequence<Int>>(_ indices: C) -> String {
        Training.decodeCaption(indices, idxToWord: idxToWord)
    }

    /// `decode_captions` for a batch: one string per row of `captions` `(N, T)`.
    public func decodeCaptions(_ captions: Tensor<Int>) -> [String] {
        Training.decodeCaptions(captions, idxToWord: idxToWord)
    }
}

/// `decode_captions(captions, idx_to_word)` for one caption: words joined by single
/// spaces, `<NULL>` dropped, `<START>` kept, stopping after appending the first `<END>`.
/// An index outside `idxToWord` is written `<UNK>`.
public func decodeCaption<C: Sequence<Int>>(_ indices: C, idxToWord: [String]) -> String {
    var words: [String] = []
    for index in indices {
        let word = idxToWord.indices.contains(index) ? idxToWord[index] : "<UNK>"
        if word != "<NULL>" { words.append(word) }
        if word == "<END>" { break }
    }
    return words.joined(separator: " ")
}

/// `decode_captions` for a batch: one string per row of `captions` `(N, T)`; a rank-1
/// tensor is decoded as one caption.
public func decodeCaptions(_ captions: Tensor<Int>, idxToWord: [String]) -> [String] {
    guard captions.rank == 2 else { return [decodeCaption(captions.scalars, idxToWord: idxToWord)] }
    let width = captions.shape[1]
    return (0..<captions.shape[0]).map { row in
        decodeCaption(captions.scalars[(row * width)..<((row + 1) * width)], idxToWord: idxToWord)
    }
}
