import Foundation
import Grading

/// The grader's entry point: parse the command line, then grade, list, or maintain fixtures.
let arguments = Array(CommandLine.arguments.dropFirst())
let options: Options
do {
    options = try Options(arguments)
} catch {
    FileHandle.standardError.write(Data("grader: \(error)\n".utf8))
    exit(2)
}
exit(GraderCommand(options: options).run())
