extension Diagnosis {
    /// A crash, hang or thrown error, with a hint from what the message says happened.
    static func crash(check: String, message: String) -> (diagnosis: Diagnosis, hint: String?) {
        let diagnosis = Diagnosis(.crash, array: check, summary: String(message.prefix(200)))
        return (diagnosis, crashHint(message))
    }

    /// The likely cause of a crash, from the runtime's message (see `CrashReport`) or the
    /// grader's own words for a timeout or a killed process.
    static func crashHint(_ message: String) -> String? {
        let text = message.lowercased()
        if text.contains("index out of range") || text.contains("out of bounds") {
            return "An index went past the end of an array: check loop bounds (0..<T, not "
                + "0...T), the axis you index (N before T), and word indices below V."
        }
        if text.contains("shape") || text.contains("broadcast") || text.contains("incompatible")
            || text.contains("dimension")
        {
            return "Two arrays' shapes do not fit: print the shapes of the operands of the "
                + "failing line (x is (N, D), Wx (D, H), h (N, T, H)) and check which is "
                + "transposed or sliced on the wrong axis."
        }
        if text.contains("division by zero") || text.contains("divide by zero") {
            return "An integer division by zero: a count (N, T, or the number of unmasked "
                + "words) was 0 where you divided by it."
        }
        if text.contains("notimplemented") || text.contains("not implemented") {
            return "A function this one calls is still a stub: write it first (the report "
                + "lists it as TODO)."
        }
        if text.contains("did not finish within") || text.contains("timed out") {
            return "Check that every loop ends (for t in 0..<T) and that nothing recomputes "
                + "the whole sequence at every step."
        }
        if text.contains("memory fault") || text.contains("recursion") || text.contains("stack") {
            return "A memory fault is usually endless recursion (a function calling itself "
                + "instead of the step function) or a stack overflow."
        }
        if text.contains("out of memory") || text.contains("killed") {
            return "Something allocates without bound: look for an array growing inside a loop."
        }
        if text.contains("unexpectedly found nil") || text.contains("unwrapping") {
            return "A force unwrap (!) met nil: a dictionary lookup (grads[\"W\"], "
                + "wordToIdx[\"<START>\"]) or a cache that was never filled."
        }
        if text.contains("overflow") {
            return "An arithmetic overflow: an index computed from too large a number, or an "
                + "Int product that overflows."
        }
        if text.hasPrefix("threw") {
            return "Your code threw an error the check did not expect: its message above says "
                + "which input it rejected."
        }
        return nil
    }
}
