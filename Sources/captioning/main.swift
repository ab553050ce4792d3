import Benchmarks
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "bench":
    exit(BenchmarkCommand.run(arguments: Array(arguments.dropFirst())))
default:
    print("usage: captioning bench [options]   (captioning bench --help)")
    exit(arguments.isEmpty ? 0 : 2)
}
