import Exercises
import Given
import Reference
import Solutions
import Tensor
import Training

/// The implementations a model can be built from, by the name `--impl` takes.
enum Implementations {
    static let names = ["reference", "solutions", "exercises"]

    /// The implementation called `name`.
    static func named(_ name: String) throws -> any Assignment {
        switch name {
        case "reference": return ReferenceAssignment()
        case "solutions": return Solutions.LearnerAssignment()
        case "exercises": return Exercises.LearnerAssignment()
        default:
            throw CLIError(
                "--impl must be one of \(names.joined(separator: ", ")), got \"\(name)\"")
        }
    }

    /// Whether `assignment` can already train: builds a tiny model and runs its loss once.
    static func canTrain(_ assignment: any Assignment, cellType: CellType) -> Bool {
        let words = ["<NULL>": 0, "<START>": 1, "<END>": 2, "x": 3]
        do {
            let model = try assignment.captioningModel(
                wordToIdx: words, inputDim: 3, wordvecDim: 2, hiddenDim: 2, cellType: cellType,
                seed: 0, scalar: Float.self)
            _ = try model.loss(
                features: Tensor<Float>.zeros(1, 3),
                captions: Tensor([[1, 3, 2]]))
            return true
        } catch {
            return false
        }
    }
}

/// Turns `NotImplemented` from a learner's stub into the message the CLI prints.
func explained(_ error: any Error) -> String {
    if let stub = error as? NotImplemented {
        return "not implemented yet: \(stub.function). Write it in Exercises/ (see "
            + "`swift run grader`), or train with --impl reference."
    }
    return "\(error)"
}
