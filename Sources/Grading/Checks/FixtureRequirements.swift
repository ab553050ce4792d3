import Given

/// What a case of each fixture set must hold for the checks that read it, derived from
/// the checks' own definitions (`LayerSpec`, `ModelChecks`), so a new key in a check is a
/// new requirement here without a second list to keep in step.
///
/// The grader holds instructors' files (`--fixtures DIR`) to it before grading: a case
/// that lacks a key would otherwise fail a check with a message about the fixture, or,
/// for a model case without the outputs a check filters on, be skipped without a word.
public enum FixtureRequirements {
    /// The fixture sets the checks read, by name.
    public static var knownSets: Set<String> {
        Set(layers.map(\.fixture) + CellType.allCases.map(ModelChecks.fixtureName))
    }

    static var layers: [LayerSpec] {
        RecurrentLayerChecks.layers + [GRUChecks.gruStep, GRUChecks.gru]
    }

    /// Why `fixtureCase` cannot serve the set `fixture`, or nil when it can (or the set is
    /// unknown: that is the caller's to refuse).
    public static func problem(with fixtureCase: FixtureCase, in fixture: String) -> String? {
        if let spec = layers.first(where: { $0.fixture == fixture }) {
            return missing(
                in: fixtureCase, inputs: spec.inputs + spec.upstream,
                outputs: spec.outputs + spec.gradients)
        }
        if let cell = CellType.allCases.first(where: { ModelChecks.fixtureName($0) == fixture }) {
            return modelProblem(with: fixtureCase, cell: cell)
        }
        return nil
    }

    /// A model case is read by the loss check when it has `loss`, by the gradient check
    /// when it has any parameter's gradient (then it needs all of them), and by the
    /// sampling check when it has `captions`; it must be read by at least one.
    static func modelProblem(with fixtureCase: FixtureCase, cell: CellType) -> String? {
        let outputs = fixtureCase.outputs
        let parameters = cell.parameterNames
        let hasGradients = parameters.contains { outputs[$0] != nil }
        guard outputs["loss"] != nil || hasGradients || outputs["captions"] != nil else {
            return "case \"\(fixtureCase.name)\" has none of the outputs the model checks read "
                + "(loss, the parameters' gradients, captions), so no check would use it"
        }
        let needsCaptions = outputs["loss"] != nil || hasGradients
        if let problem = missing(
            in: fixtureCase,
            inputs: parameters + ["features"] + (needsCaptions ? ["captions"] : []),
            outputs: hasGradients ? parameters : [])
        {
            return problem
        }
        guard let vocabulary = fixtureCase.settings?["wordToIdx"] else {
            return "case \"\(fixtureCase.name)\" has no setting \"wordToIdx\" (the vocabulary, "
                + "\"<NULL>=0 <START>=1 <END>=2 cat=3\")"
        }
        do {
            _ = try ModelChecks.parseVocabulary(vocabulary, file: "")
        } catch let error as FixtureError {
            return "case \"\(fixtureCase.name)\": \(error.problem)"
        } catch {
            return "case \"\(fixtureCase.name)\": \(error)"
        }
        return nil
    }

    private static func missing(
        in fixtureCase: FixtureCase, inputs: [String],
        outputs: [String]
    ) -> String? {
        let lackedInputs = inputs.filter { fixtureCase.inputs[$0] == nil }
        let lackedOutputs = outputs.filter { fixtureCase.outputs[$0] == nil }
        guard !lackedInputs.isEmpty || !lackedOutputs.isEmpty else { return nil }
        let parts = [(lackedInputs, "input"), (lackedOutputs, "output")].compactMap { keys, kind in
            keys.isEmpty
                ? nil
                : "\(kind)\(keys.count == 1 ? "" : "s") "
                    + keys.map { "\"\($0)\"" }.joined(separator: ", ")
        }
        return "case \"\(fixtureCase.name)\" lacks the " + parts.joined(separator: " and ")
    }
}
