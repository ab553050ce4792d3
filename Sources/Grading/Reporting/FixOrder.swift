/// What a report does with the results as a whole: a failing check whose prerequisite
/// also fails says so first, a crash gets a diagnosis and a hint, and the failures are
/// put in the order to fix them.
public enum FixOrder {
    /// The results with every failing check whose prerequisites fail (or are TODO) saying
    /// "fix … first", and every crash diagnosed. Applying it twice changes nothing.
    public static func annotated(_ results: [CheckResult]) -> [CheckResult] {
        let status = Dictionary(
            results.map { ($0.name, $0.status) }, uniquingKeysWith: { a, _ in a })
        let originals = Dictionary(
            results.map { ($0.name, $0.originalName) },
            uniquingKeysWith: { a, _ in a })
        return results.map { result in
            guard result.status == .fail else { return result }
            var result = result
            if result.diagnosis == nil, let message = result.message, isCrash(message) {
                let crash = Diagnosis.crash(check: result.name, message: message)
                result.diagnosis = crash.diagnosis
                result.hint = result.hint ?? crash.hint
            }
            guard result.diagnosis?.kind != .fixPrerequisiteFirst else { return result }
            let failing = Prerequisites.of(result.name).filter {
                status[$0.check] == .fail || status[$0.check] == .todo
            }
            guard let first = failing.first else { return result }
            let names = failing.map { name in
                originals[name.check].map { "\(name.check) (\($0))" } ?? name.check
            }
            let earlier = result.diagnosis?.summary
            result.diagnosis = Diagnosis(
                .fixPrerequisiteFirst, array: result.name,
                summary: "fix \(Diagnosis.listed(names, limit: 3)) first: \(first.reason)",
                detail: earlier.map { "meanwhile: \($0)" })
            result.hint =
                "Once \(first.check) passes, run this check again."
                + (result.hint.map { " If it still fails: \($0)" } ?? "")
            return result
        }
    }

    /// The failing checks in the order to fix them: layers before the model, the model's
    /// loss and sampling before its gradients, those before the overfit runs; within the
    /// layers forward before backward and step before sequence. Each comes with the
    /// failing checks it waits for.
    public static func ordered(_ results: [CheckResult]) -> [(result: CheckResult, after: [String])]
    {
        let failing = Set(results.filter { $0.status == .fail }.map(\.name))
        let catalogue = CheckCatalog.all.map(\.name)
        func key(_ name: String) -> [Int] {
            let tier =
                name.hasPrefix("overfit")
                ? 3
                : name.hasPrefix("captioningGradients")
                    ? 2
                    : name.hasPrefix("captioning") ? 1 : 0
            let backward = name.hasSuffix("Backward") ? 1 : 0
            let sequence = tier == 0 && !name.contains("Step") ? 1 : 0
            return [tier, backward, sequence, catalogue.firstIndex(of: name) ?? catalogue.count]
        }
        return results.filter { $0.status == .fail }
            .sorted { key($0.name).lexicographicallyPrecedes(key($1.name)) }
            .map { result in
                (result, Prerequisites.of(result.name).map(\.check).filter(failing.contains))
            }
    }

    /// Whether a message is the grader's account of a crash, hang or thrown error.
    static func isCrash(_ message: String) -> Bool {
        [
            "crashed", "did not finish within", "was killed", "aborted", "exited with status",
            "was stopped by signal", "threw ",
        ].contains { message.hasPrefix($0) || message.contains($0) }
    }
}
