#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sanitizer linked into this process, if any: builds made by `scripts/sanitize`
/// (`swift build --sanitize=address|thread`) have one in every executable, and the grader
/// adapts the few things that cannot work unchanged under it.
public enum SanitizerRuntime: Sendable {
    case address, thread

    /// The runtime linked into this process, found through the entry point it exports to
    /// the dynamic symbol table.
    public static let linked: SanitizerRuntime? = {
        #if os(Linux)
        let everywhere: UnsafeMutableRawPointer? = nil  // RTLD_DEFAULT
        #else
        let everywhere = RTLD_DEFAULT
        #endif
        if dlsym(everywhere, "__asan_init") != nil { return .address }
        if dlsym(everywhere, "__tsan_init") != nil { return .thread }
        return nil
    }()

    /// How many times slower than a plain build code runs under this sanitizer, as a
    /// factor for time limits that were set for plain builds: about 2-3 under
    /// AddressSanitizer and 5-15 under ThreadSanitizer (their documentation's figures);
    /// the upper ends, so a correct but instrumented run is never stopped as "too slow".
    public var slowdown: Double {
        switch self {
        case .address: 3
        case .thread: 15
        }
    }

    /// The factor for this process's default time limits: 1 in a plain build.
    public static var timeLimitFactor: Double { linked?.slowdown ?? 1 }
}
