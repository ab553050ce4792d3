/// Stops the program with a message that names the operation and the shapes involved.
///
/// Shape errors in learner code are programming errors, as in NumPy, so they trap
/// rather than throw (learner code then reads like the NumPy it mirrors, with no `try`).
/// The grader runs each check in its own process, so a trap fails that one check and the
/// message below, with the learner's file and line from the crash report, is shown.
public func shapeFailure(_ message: String) -> Never {
    fatalError("Tensor shape error: " + message)
}

extension Array where Element == Int {
    /// `(3, 4)`: a shape written the way NumPy prints it.
    public var shapeDescription: String {
        count == 1 ? "(\(self[0]),)" : "(" + map(String.init).joined(separator: ", ") + ")"
    }
}
