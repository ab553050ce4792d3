import CPUCheck
import CommandLineOptions
import Foundation
import Grading
import Tensor

// The grader's entry point: parse the command line, then grade, list, or maintain fixtures.
// First, before any code compiled for the package's CPU level runs (CPUCheck).
CPUCheck.exitIfBuiltForAnotherCPU(program: "grader")
AllocatorSettings.keepFreedBlocksForReuse()
ProcessReaper.prepareGrader()
let parsed = CommandLineProgram.parseOrExit(
    Array(CommandLine.arguments.dropFirst()),
    for: GraderInterface.declaration(Options.edition))
let options: Options
do {
    options = try Options(parsed)
} catch {
    exit(CommandLineProgram.usageError(error))
}
exit(GraderCommand(options: options).run())
