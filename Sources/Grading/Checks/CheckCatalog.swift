import Given

/// Every grader check, in the order the assignment introduces the functions.
public enum CheckCatalog {
    public static let all: [Check] =
        RecurrentLayerChecks.all + GRUChecks.all + CellType.allCases.flatMap(ModelChecks.all(for:))
        + OverfitChecks.all

    /// The checks selected by the filters (all of them when none is given). A filter
    /// selects the checks whose name starts with it (`rnn` selects the vanilla RNN layers,
    /// not `CaptioningRNN`); a filter that starts no name selects the names containing it
    /// (`loss`, `gradients`).
    public static func select(_ filters: [String]) -> [Check] {
        guard !filters.isEmpty else { return all }
        let chosen = filters.map { filter -> [Check] in
            let byPrefix = all.filter { $0.matches(prefix: filter) }
            return byPrefix.isEmpty ? all.filter { $0.matches(filter) } : byPrefix
        }
        return all.filter { check in chosen.contains { $0.contains { $0.name == check.name } } }
    }

    /// The check with exactly this name (ours or the original's).
    public static func named(_ name: String) -> Check? {
        all.first { $0.name == name || $0.originalName == name }
    }
}
