import Benchmarks
import Foundation
import Tensor

// `swift run captioning train|sample|bench|help`.
AllocatorSettings.keepFreedBlocksForReuse()
let words = Array(CommandLine.arguments.dropFirst())
do {
    switch words.first ?? "help" {
    case "train":
        try TrainCommand(arguments: Arguments(Array(words.dropFirst()), switches: TrainCommand.switches,
                                              options: TrainCommand.options)).run()
    case "sample":
        try SampleCommand(arguments: Arguments(Array(words.dropFirst()),
                                               switches: SampleCommand.switches,
                                               options: SampleCommand.options)).run()
    case "bench":
        exit(BenchmarkCommand.run(arguments: Array(words.dropFirst())))
    case "help", "--help", "-h":
        say(Usage.text)
    default:
        throw UsageError("unknown command \"\(words[0])\"\n\n" + Usage.text)
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
