import Foundation

// One program, two entry points (see Fuzz/README.md):
//
// - built with `-sanitize=fuzzer -DFUZZING` (Fuzz/run does), libFuzzer drives the target
//   named by the first argument or by FUZZ_TARGET through `LLVMFuzzerTestOneInput`;
// - in a normal build it replays files through the same targets: the committed corpora
//   and crash regressions become inputs every build can run.
//
// SwiftPM links an executable module on Linux with `main` defined as `<module>_main`
// (`fuzz_readers_main` here), so the fuzzing build defines that symbol itself and hands
// control to libFuzzer's driver (`LLVMFuzzerRunDriver`) instead of relying on the `main`
// inside libFuzzer, which the linker never pulls in.

/// The target libFuzzer drives: read once, from FUZZ_TARGET (set from the first argument
/// before the first input), and never changed.
let fuzzedTarget: @Sendable (Data) -> Void = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.all[name] else {
        FileHandle.standardError.write(
            Data(
                ("fuzz-readers: name a target (\(FuzzTargets.names)) "
                    + "as the first argument or in FUZZ_TARGET\n").utf8))
        exit(2)
    }
    return target
}()

#if FUZZING
/// libFuzzer's callback: one input, run through the chosen target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    fuzzedTarget(start.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The program's entry: takes a leading target name off the arguments, then runs libFuzzer.
@_cdecl("fuzz_readers_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var vector = argv
    if count > 1, let first = vector[1], FuzzTargets.all[String(cString: first)] != nil {
        setenv("FUZZ_TARGET", first, 1)
        // argv[1] is dropped by moving argv[0] into its place.
        vector[1] = vector[0]
        vector += 1
        count -= 1
    }
    _ = fuzzedTarget  // refuses a missing target before libFuzzer starts
    return runFuzzerDriver(&count, &vector, fuzzOneInput)
}
#else
/// `fuzz-readers TARGET FILE_OR_FOLDER…`: runs every file through the target and says
/// what the reader made of it; exits 0 when none crashed (a crash ends the process).
@main
struct ReplayCommand {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTargets.all[name],
            arguments.count > 1
        else {
            FileHandle.standardError.write(
                Data(
                    ("usage: fuzz-readers TARGET FILE_OR_FOLDER...\n"
                        + "targets: \(FuzzTargets.names)\n").utf8))
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("fuzz-readers: cannot read \(file)\n".utf8))
                    exit(1)
                }
                target(data)
                count += 1
            }
        }
        print("\(name): \(count) input\(count == 1 ? "" : "s") replayed, no crash")
    }

    /// The file itself, or the files in a folder (not recursively), sorted.
    static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder),
            isFolder.boolValue
        else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(path)/\($0)" }
    }
}
#endif
