/// Mistakes in `CaptioningRNN.loss` that the built-in cases once let through (a mask
/// hard-coded for `<NULL>` = 0, a zeroed `<NULL>` row of `dW_embed`) or whose wrong
/// gradient has a telling pattern (a scale factor, a sign, a transpose, rows).
enum ModelGradientMistakes {
    static let all: [Mistake] = [
        Mistake(
            "mask-hard-coded-null-zero",
            "loss builds the mask as captions_out != 0, right only while <NULL> is word 0",
            catchBy: CaptioningMistakes.checks("Loss", "Gradients"), diagnosis: .elementwise,
            ModelMistake(.maskHardCodedZero)),
        Mistake(
            "dscores-divided-by-n-again",
            "loss divides dscores by N after temporal_softmax_loss, which already averaged "
                + "over the batch: every gradient N times too small, the loss right",
            catchBy: CaptioningMistakes.checks("Gradients"), diagnosis: .scaleFactor,
            ModelMistake(.dScoresDividedByNAgain)),
        Mistake(
            "dscores-divided-by-t",
            "loss divides dscores by T (\"average over the time steps\") but not the loss: "
                + "every gradient T times too small",
            catchBy: CaptioningMistakes.checks("Gradients"), diagnosis: .scaleFactor,
            ModelMistake(.dScoresDividedByT)),
        Mistake(
            "w-embed-null-row-zeroed",
            "loss zeroes the <NULL> row of dW_embed (\"padding needs no gradient\"), though "
                + "a <NULL> inside a caption feeds an unmasked target",
            catchBy: CaptioningMistakes.checks("Gradients"), diagnosis: .wrongRows,
            ModelMistake(.nullRowOfEmbeddingGradientZeroed)),
        Mistake(
            "w-embed-gradient-assigned",
            "loss writes dW_embed[captions_in] = dx itself (NumPy assignment): a word that "
                + "occurs twice keeps one gradient",
            catchBy: CaptioningMistakes.checks("Gradients"), diagnosis: .wrongRows,
            ModelMistake(.embeddingGradientAssigned)),
        Mistake(
            "b-vocab-gradient-sign-flipped",
            "loss returns −db for b_vocab (the softmax gradient taken as y − p)",
            catchBy: CaptioningMistakes.checks("Gradients"), diagnosis: .signFlip,
            ModelMistake(.vocabularyBiasGradientNegated)),
        Mistake(
            "w-proj-gradient-transposed",
            "loss computes dW_proj = dh0ᵀ · features, (H, D) instead of (D, H)",
            catchBy: CaptioningMistakes.checks("Gradients"), diagnosis: .transposed,
            ModelMistake(.projectionGradientTransposed)),
    ]
}
