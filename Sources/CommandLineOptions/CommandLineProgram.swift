import Foundation

/// What both programs do with a command line before their work: help and usage errors.
public enum CommandLineProgram {
    /// Parses `arguments` for `declaration`. On `-h`/`--help` prints the chosen command's
    /// help and exits 0; on a usage error writes one line to standard error and exits 2.
    public static func parseOrExit(
        _ arguments: [String],
        for declaration: CommandDeclaration
    ) -> ParsedArguments {
        do {
            let parsed = try declaration.parse(arguments)
            if parsed.wantsHelp {
                print(parsed.help)
                exit(0)
            }
            return parsed
        } catch {
            exit(usageError(error))
        }
    }

    /// Writes `program: problem (see `program … --help`)` to standard error; returns the
    /// usage exit status, 2.
    public static func usageError(_ error: UsageError) -> Int32 {
        let program = error.command.first ?? "error"
        FileHandle.standardError.write(Data("\(program): \(error)\n".utf8))
        return UsageError.exitStatus
    }
}
