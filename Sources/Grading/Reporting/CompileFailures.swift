/// Marks the checks that need an exercise file that did not compile: graded with the stub
/// in its place, they would read TODO; they read "does not compile" with the first error.
public enum CompileFailures {
    /// The exercise files each check needs (a model check needs its cell's layer file, the
    /// word embedding and the model).
    package static func files(of check: String) -> [String] {
        let model = ["CaptioningRNN.swift", "WordEmbedding.swift"]
        let lower = check.lowercased()
        if lower.hasPrefix("rnn") { return ["VanillaRNN.swift"] }
        if lower.hasPrefix("wordembedding") { return ["WordEmbedding.swift"] }
        if lower.hasPrefix("lstm") { return ["LSTM.swift"] }
        if lower.hasPrefix("gru") { return ["GRU.swift"] }
        let cell =
            lower.hasSuffix("lstm")
            ? "LSTM.swift"
            : lower.hasSuffix("gru")
                ? "GRU.swift"
                : "VanillaRNN.swift"
        return model + [cell]
    }

    /// `results` with every TODO whose check needs a failing file turned into a failure
    /// naming the file and its first error.
    public static func apply(
        _ failing: [String: String], to results: [CheckResult]
    )
        -> [CheckResult]
    {
        guard !failing.isEmpty else { return results }
        return results.map { result in
            guard result.status == .todo,
                let file = files(of: result.name).first(where: { failing[$0] != nil }),
                let error = failing[file]
            else { return result }
            var marked = result
            marked.status = .fail
            marked.message =
                "Exercises/\(file) does not compile, so it was graded as the stub: "
                + String(error.prefix(300))
            marked.hint =
                "Fix the first compiler error (swift build shows them all); the other "
                + "files were graded as they are."
            return marked
        }
    }
}
