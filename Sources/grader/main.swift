import CPUCheck
import Foundation
import Grading
import Tensor

/// The grader's entry point: parse the command line, then grade, list, or maintain fixtures.
// First, before any code compiled for the package's CPU level runs (CPUCheck).
CPUCheck.exitIfBuiltForAnotherCPU(program: "grader")
AllocatorSettings.keepFreedBlocksForReuse()
ProcessReaper.prepareGrader()
let arguments = Array(CommandLine.arguments.dropFirst())
let options: Options
do {
    options = try Options(arguments)
} catch {
    FileHandle.standardError.write(Data("grader: \(error)\n".utf8))
    exit(2)
}
exit(GraderCommand(options: options).run())
