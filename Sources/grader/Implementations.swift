#if canImport(Mistakes)
import Hostile
import Mistakes
#endif

/// The implementations the grader can grade, by the name `--impl` takes.
///
/// Besides the three public ones, instructors can grade the built-in wrong
/// implementations: `mistake:<id>` and `survival:<id>` (`grader mistakes` lists them).
enum Implementations {
    /// The names shown in `--help`.
    static let names = ["exercises", "solutions", "reference"]

    /// The folder an implementation's crash locations are reported in, or nil for an
    /// unknown name. The implementation itself runs in a learner process, never here.
    static func folder(of name: String) -> String? {
        #if canImport(Mistakes)
        switch name {
        case "exercises": return "Exercises"
        case "solutions": return "Solutions"
        case "reference": return "Reference"
        default:
            let (kind, id) = (
                name.prefix { $0 != ":" }, String(name.drop { $0 != ":" }.dropFirst())
            )
            let known: Bool
            switch kind {
            case "mistake": known = MistakeCatalogue.mistake(id) != nil
            case "variation": known = MistakeCatalogue.variations.contains { $0.id == id }
            case "survival": known = MistakeCatalogue.survivalCase(id) != nil
            case "hostile": known = HostileCatalogue.submission(id) != nil
            default: known = false
            }
            return known ? (kind == "hostile" ? "Hostile" : "Mistakes") : nil
        }
        #else
        // A student kit grades its own exercises only.
        return name == "exercises" ? "Exercises" : nil
        #endif
    }

    /// Why `name` is not an implementation, for the usage error.
    static func unknown(_ name: String) -> String {
        if ["mistake:", "survival:", "variation:"].contains(where: name.hasPrefix) {
            return "unknown implementation \"\(name)\": `grader mistakes` lists the mistake:, "
                + "survival: and variation: ids"
        }
        return "unknown implementation \"\(name)\": use one of "
            + names.joined(separator: ", ")
    }

    /// The text of `grader mistakes`.
    static var catalogue: String {
        #if canImport(Mistakes)
        var lines = ["Wrong implementations (grade one with --impl mistake:ID):"]
        for mistake in MistakeCatalogue.all {
            // The first check is the mistake's own function: the diagnosis is asserted there.
            let own = mistake.failingChecks.first.map { [$0] } ?? []
            lines.append(
                "  \(mistake.id)\n      \(mistake.description)\n      caught by: "
                    + mistake.failingChecks.joined(separator: ", ")
                    + "\n      diagnosis: "
                    + (own + [mistake.diagnosis.rawValue]).joined(separator: " → "))
        }
        lines.append("")
        lines.append("Survival implementations (--impl survival:ID; each breaks rnnStep):")
        for survival in MistakeCatalogue.survival {
            lines.append("  \(survival.id)\n      \(survival.description)")
        }
        lines.append("")
        lines.append("Correct variations the grader must pass (--impl variation:ID):")
        for variation in MistakeCatalogue.variations {
            lines.append("  \(variation.id)\n      \(variation.description)")
        }
        return lines.joined(separator: "\n")
        #else
        return "The mistake catalogue is part of the instructor's kit, not the student kit."
        #endif
    }
}
