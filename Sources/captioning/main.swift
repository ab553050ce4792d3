import Benchmarks
import CPUCheck
import CommandLineOptions
import Foundation
import Tensor

// `swift run captioning train|sample|draw|encoder|caption|bench|help`.
// First, before any code compiled for the package's CPU level runs (this target itself is
// compiled without it: its commands are glue, the numeric work is in the modules).
CPUCheck.exitIfBuiltForAnotherCPU(program: "captioning")
AllocatorSettings.keepFreedBlocksForReuse()
let parsed = CommandLineProgram.parseOrExit(
    Array(CommandLine.arguments.dropFirst()),
    for: CaptioningInterface.declaration)
do {
    switch parsed.subcommand.first {
    case "train": try TrainCommand(arguments: parsed).run()
    case "sample": try SampleCommand(arguments: parsed).run()
    case "draw": try DrawCommand(arguments: parsed).run()
    case "encoder" where parsed.subcommand.last == "train":
        try EncoderTrainCommand(arguments: parsed).run()
    case "encoder": try EncoderBenchCommand(arguments: parsed).run()
    case "caption": try CaptionCommand(arguments: parsed).run()
    // The same words again (already accepted above): BenchmarkCommand is the bench's own
    // entry point, with its own help and exit statuses.
    case "bench": exit(BenchmarkCommand.run(arguments: Array(CommandLine.arguments.dropFirst(2))))
    default:
        say(HelpText(CaptioningInterface.declaration, path: [CaptioningInterface.program]).text)
    }
} catch let error as UsageError {
    exit(CommandLineProgram.usageError(error))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
