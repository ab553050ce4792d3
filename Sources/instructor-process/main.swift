// The instructor's process: runs Solutions, Reference or a catalogued mistake for
// `grader --impl …`, exactly as the learner process runs Exercises. Learners never need it.
import CPUCheck
import Given
import Hostile
import LearnerProcess
import Mistakes
import Reference
import Solutions

// First, before any code compiled for the package's CPU level runs (see learner-process).
CPUCheck.exitIfBuiltForAnotherCPU(program: "instructor-process")
LearnerServer.run { name -> (any Assignment)? in
    switch name {
    case "solutions": return Solutions.LearnerAssignment()
    case "reference": return ReferenceAssignment()
    default:
        let (kind, id) = (name.prefix { $0 != ":" }, String(name.drop { $0 != ":" }.dropFirst()))
        switch kind {
        case "mistake": return MistakeCatalogue.mistake(id)?.implementation
        case "variation": return MistakeCatalogue.variations.first { $0.id == id }?.implementation
        case "survival": return MistakeCatalogue.survivalCase(id)?.implementation
        case "hostile": return HostileCatalogue.submission(id)?.implementation
        default: return nil
        }
    }
}
