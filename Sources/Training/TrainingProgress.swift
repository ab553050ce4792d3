/// What the solver reports after each iteration (for a progress bar or live plot).
public struct TrainingProgress<S: Sendable>: Sendable {
    /// The 0-based iteration just finished (`t`); the original prints `t + 1`.
    public var iteration: Int
    /// `num_iterations`: the total number of iterations of this run.
    public var iterationCount: Int
    /// The number of epochs completed so far (`epoch`), after this iteration's epoch end.
    public var epoch: Int
    /// The minibatch loss of this iteration (`loss_history[-1]`).
    public var loss: S
    /// The learning rate this iteration's update used (of the first parameter by name).
    public var learningRate: Double
}
