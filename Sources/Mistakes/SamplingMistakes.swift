/// Mistakes in `CaptioningRNN.sample` that only cases with the special tokens away from
/// 0, 1, 2, greedy samples containing `<START>` or `<NULL>`, or a vocabulary without
/// `<START>` can catch.
enum SamplingMistakes {
    static let all: [Mistake] = [
        Mistake(
            "sample-start-hard-coded-one",
            "sample starts every caption from word 1 instead of word_to_idx[\"<START>\"]",
            catchBy: CaptioningMistakes.checks("Sample"), diagnosis: .wrongSampleTokens,
            ModelMistake(.startHardCodedOne)),
        Mistake(
            "sample-never-emits-start-or-null",
            "sample takes the argmax over the words only, never choosing <START> or <NULL> "
                + "though the model scores them highest",
            catchBy: CaptioningMistakes.checks("Sample"), diagnosis: .wrongSampleTokens,
            ModelMistake(.neverEmitsStartOrNull)),
        Mistake(
            "sample-does-not-throw-without-start",
            "sample starts from <NULL> when the vocabulary has no <START> instead of "
                + "throwing CaptioningError.missingToken(\"<START>\")",
            catchBy: CaptioningMistakes.checks("Sample"), diagnosis: .missingThrow,
            ModelMistake(.noThrowWithoutStart)),
    ]
}
