import Foundation

/// A training progress display: on a terminal, one line redrawn in place
/// (`[=====>    ] 120/300 loss 12.345 8.3 it/s ETA 0:21`); otherwise (a pipe or a file)
/// a plain line every `plainEvery` iterations and at the end.
public final class ProgressBar {
    /// Whether output goes to a terminal (`isatty(1)`).
    public let interactive: Bool
    private let total: Int
    private let plainEvery: Int
    private let started = Date()
    private var lastDraw = Date.distantPast
    private let write: (String) -> Void

    /// A bar for `total` iterations. `interactive` defaults to whether stdout is a terminal.
    public init(
        total: Int, interactive: Bool = isatty(STDOUT_FILENO) != 0, plainEvery: Int? = nil,
        write: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
    ) {
        self.total = max(total, 1)
        self.interactive = interactive
        self.plainEvery = plainEvery ?? max(1, total / 20)
        self.write = write
    }

    /// Shows iteration `done` (1-based) of the total with its loss and epoch.
    public func update(done: Int, loss: Double, epoch: Int) {
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let stats = String(
            format: "%d/%d  epoch %d  loss %.4f  %.1f it/s  ETA %@", done, total,
            epoch, loss, rate, Self.clock(eta))
        if interactive {
            let now = Date()
            guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            let width = 28
            let filled = width * done / total
            let bar =
                String(repeating: "=", count: filled) + (filled < width ? ">" : "")
                + String(repeating: " ", count: max(0, width - filled - 1))
            write("\r[\(bar)] \(stats)\u{1B}[K" + (done == total ? "\n" : ""))
        } else if done % plainEvery == 0 || done == total || done == 1 {
            write("iteration \(stats)\n")
        }
    }

    /// `m:ss` (or `h:mm:ss`).
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String(format: "%d:%02d", s / 60, s % 60)
    }
}
