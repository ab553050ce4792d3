import Reference

/// Every grader check, in the order the assignment introduces the functions.
public enum CheckCatalog {
    public static let all: [Check] =
        RecurrentLayerChecks.all + GRUChecks.all + CellType.allCases.flatMap(ModelChecks.all(for:))
            + OverfitChecks.all

    /// The checks whose names match any of the filters (all of them when none is given).
    public static func select(_ filters: [String]) -> [Check] {
        filters.isEmpty ? all : all.filter { check in filters.contains(where: check.matches) }
    }

    /// The check with exactly this name (ours or the original's).
    public static func named(_ name: String) -> Check? {
        all.first { $0.name == name || $0.originalName == name }
    }
}
