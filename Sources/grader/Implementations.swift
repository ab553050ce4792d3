import Exercises
import Reference
import Solutions

/// The implementations the grader can grade, by the name `--impl` takes.
enum Implementations {
    static let names = ["exercises", "solutions", "reference"]

    /// The implementation and the folder its crash locations are reported in.
    static func named(_ name: String) -> (assignment: any Assignment, folder: String) {
        switch name {
        case "solutions": return (Solutions.LearnerAssignment(), "Solutions")
        case "reference": return (ReferenceAssignment(), "Reference")
        default: return (Exercises.LearnerAssignment(), "Exercises")
        }
    }
}
