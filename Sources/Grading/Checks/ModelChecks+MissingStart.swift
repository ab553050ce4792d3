import Given
import LearnerProcess
import Tensor

/// The part of the sampling check that says "must throw": `sample` on a vocabulary
/// without `<START>` throws `CaptioningError.missingToken("<START>")` (the original's
/// `self._start = word_to_idx.get("<START>", None)` leaves nothing to start from), rather
/// than starting from an index it guessed.
extension ModelChecks {
    /// The error `sample` must throw when the vocabulary has no `<START>`.
    static let missingStart = CaptioningError.missingToken("<START>")

    /// One measurement (0: threw the right error) on the first sampling case with its
    /// `<START>` renamed to an ordinary word, so every index and parameter shape stays;
    /// throws a `CheckFailure` saying what happened instead.
    static func missingStartMeasurements(
        _ cell: CellType, context: CheckContext
    ) throws
        -> [Measurement]
    {
        guard
            let (c, file) = try context.cases(fixtureName(cell))
                .first(where: { $0.fixtureCase.outputs["captions"] != nil })
        else { return [] }
        var (spec, parameters) = try modelSetup(c, file, cell: cell)
        guard let start = spec.wordToIdx.removeValue(forKey: "<START>") else { return [] }
        var renamed = "start"
        while spec.wordToIdx[renamed] != nil { renamed += "_" }
        spec.wordToIdx[renamed] = start
        let reply = try context.learner.reply(
            to: .model(
                spec, parameters: parameters,
                .sample(
                    features: try c.tensor("features", in: file),
                    maxLength: 3)))
        let expected = "CaptioningError.missingToken(\"<START>\")"
        let hint =
            "Read the start index with guard let start = wordToIdx[\"<START>\"] (or the "
            + "model's startIndex) and throw \(expected) when it is nil, instead of falling "
            + "back to an index such as 1."
        let label = "sample throws \(expected) without <START> [\(c.name)]"
        switch reply {
        case .threw(let type, let message)
        where type == "CaptioningError" && message == missingStart.description:
            return [Measurement(label: label, error: 0, threshold: 1)]
        case .threw(let type, let message):
            throw CheckFailure(
                "sample must throw \(expected) when the vocabulary has no "
                    + "<START> [\(c.name)]; it threw \(type.prefix(80)): \(message.prefix(300))",
                hint: hint,
                diagnosis: missingThrow(
                    "sample threw \(type.prefix(40)) instead of "
                        + "missingToken(\"<START>\") without <START>"))
        case .notImplemented:
            _ = try reply.checked()
            return []
        default:
            throw CheckFailure(
                "sample must throw \(expected) when the vocabulary has no "
                    + "<START> [\(c.name)]; it returned captions instead", hint: hint,
                diagnosis: missingThrow(
                    "sample returned captions without <START>: it must "
                        + "throw missingToken"))
        }
    }

    /// The diagnosis of a `sample` that did not throw what it must: its one line says
    /// what it did instead.
    static func missingThrow(_ summary: String) -> Diagnosis {
        Diagnosis(
            .missingThrow, array: "sample", summary: summary,
            detail: "the vocabulary had no <START>; every index and shape was as usual")
    }
}
