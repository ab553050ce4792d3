import Given

/// Which checks a check depends on, and what that means for a report: a backward is
/// checked against the learner's own forward, a sequence runs the learner's step, the
/// model is built from the learner's layers, and the overfit run trains that model.
public enum Prerequisites {
    /// The layers a model of `cell` is built from: (step, sequence) pairs and the embedding.
    static func layers(_ cell: CellType) -> (step: String, sequence: String) {
        switch cell {
        case .rnn: return ("rnnStep", "rnn")
        case .lstm: return ("lstmStep", "lstm")
        case .gru: return ("gruStep", "gru")
        }
    }

    /// The checks `name` depends on, most direct first, with why.
    public static func of(_ name: String) -> [(check: String, reason: String)] {
        for cell in CellType.allCases {
            let (step, sequence) = layers(cell)
            let suffix = cell.displayName
            let forwards = [step + "Forward", sequence + "Forward", "wordEmbeddingForward"]
            let backwards = [step + "Backward", sequence + "Backward", "wordEmbeddingBackward"]
            let model = "the model is built from your layers"
            switch name {
            case "captioningLoss" + suffix:
                return forwards.map { ($0, model) }
            case "captioningSample" + suffix:
                return [step + "Forward", "wordEmbeddingForward"].map { ($0, model) }
            case "captioningGradients" + suffix:
                return [
                    ("captioningLoss" + suffix, "these gradients are checked against your loss")
                ]
                    + (forwards + backwards).map { ($0, model) }
            case "overfit" + suffix:
                return ["captioningLoss" + suffix, "captioningGradients" + suffix]
                    .map { ($0, "the overfit run trains your model") }
            default:
                break
            }
        }
        let layers = RecurrentLayerChecks.layers + [GRUChecks.gruStep, GRUChecks.gru]
        guard let spec = layers.first(where: { $0.forwardName == name || $0.backwardName == name })
        else { return [] }
        let stepSpec = layers.first { $0.forwardName == stripped(spec.forwardName) + "StepForward" }
        if name == spec.backwardName {
            var result = [(spec.forwardName, "this backward is checked against your forward")]
            if let stepSpec {
                result.append((stepSpec.backwardName, "\(spec.originalBackward) runs your step"))
            }
            return result
        }
        if let stepSpec {
            return [(stepSpec.forwardName, "\(spec.originalForward) runs your step")]
        }
        return []
    }

    /// `rnnStepForward` → `rnnStep`.
    private static func stripped(_ name: String) -> String {
        name.replacingOccurrences(of: "Forward", with: "")
    }
}
