import Foundation

/// `captioning bench`: parses the options, pins the thread count, runs, prints.
public enum BenchmarkCommand {
    /// Runs the benchmark for the command-line `arguments` (after `bench`); returns the
    /// exit status.
    public static func run(arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(BenchmarkOptions.help)
            return 0
        }
        let options: BenchmarkOptions
        do {
            options = try BenchmarkOptions(arguments: arguments)
        } catch {
            FileHandle.standardError.write(Data("captioning bench: \(error)\n".utf8))
            return 2
        }
        if let threads = options.threads {
            // Read once, when the first large product starts the thread pool.
            setenv("RNNCAPTIONING_THREADS", "\(threads)", 1)
        }
        do {
            let r = try TrainingStepBenchmark.run(options)
            if options.json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(r), as: UTF8.self))
            } else {
                print(
                    String(
                        format: "%@ %@ N=%d H=%d W=%d V=%d T=%d threads=%d: median %.2f ms, "
                            + "%.1f GFLOP/s; sgemm peak %.1f GFLOP/s, FLOP limit %.2f ms (%.0f%% of peak)",
                        r.what, r.cell, r.batch, r.hidden, r.wordvec, r.vocab, r.timesteps,
                        r.threads,
                        r.medianMilliseconds, r.gflops, r.sgemmPeakGflops, r.flopLimitMilliseconds,
                        100 * r.gflops / r.sgemmPeakGflops))
                if let extra = r.peakExtraResidentBytes, let needed = r.activationAndGradientBytes {
                    print(
                        String(
                            format: "memory: peak %.1f MB above start; activations and "
                                + "gradients %.1f MB; ratio %.2f", Double(extra) / 1e6,
                            Double(needed) / 1e6,
                            Double(extra) / Double(needed)))
                }
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("captioning bench: \(error)\n".utf8))
            return 1
        }
    }
}
