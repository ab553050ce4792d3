import Given
import Tensor

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The main loop of a learner process: confine itself as the grader says, then answer
/// requests until the grader closes the pipe.
public enum LearnerServer {
    /// The largest request a learner process accepts (the overfit data is the largest).
    static let requestLimit = 1 << 30

    /// Runs the server for the implementation named by `--impl NAME` (default `exercises`).
    public static func run(implementation: (String) -> (any Assignment)?) -> Never {
        // Training steps free and reallocate megabytes: keeping freed blocks saves faulting
        // the memory in again at every step (the overfit checks run 100 steps).
        AllocatorSettings.keepFreedBlocksForReuse()
        let arguments = CommandLine.arguments.dropFirst()
        var name = "exercises"
        if let flag = arguments.firstIndex(of: "--impl"),
            arguments.index(after: flag) < arguments.endIndex
        {
            name = arguments[arguments.index(after: flag)]
        }
        guard fcntl(Framing.requestDescriptor, F_GETFD) != -1,
            fcntl(Framing.replyDescriptor, F_GETFD) != -1
        else {
            complain("This program runs learner code for the grader; use `swift run grader`.\n")
            exit(2)
        }
        guard let assignment = implementation(name) else {
            complain("unknown implementation \(name)\n")
            exit(2)
        }
        guard let setupFrame = Framing.read(from: Framing.requestDescriptor, limit: 1 << 20),
            let confinement = try? Confinement(decoding: setupFrame)
        else { exit(3) }
        let unhidden: [String]
        do {
            unhidden = try confinement.apply()
        } catch {
            complain("learner process: \(error)\n")
            exit(3)
        }
        var ready = WireWriter()
        ready.write(unhidden)
        guard Framing.write(ready.bytes, to: Framing.replyDescriptor) else { exit(0) }
        while let frame = Framing.read(from: Framing.requestDescriptor, limit: requestLimit) {
            guard let request = try? LearnerRequest(decoding: frame) else { exit(3) }
            let reply = LearnerComputation.reply(to: request, with: assignment)
            guard Framing.write(reply.encoded(), to: Framing.replyDescriptor) else { exit(0) }
        }
        exit(0)
    }

    /// Writes a line to standard error (the grader shows it when the process fails).
    private static func complain(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
