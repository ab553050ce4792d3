/// What each axis of an array means, for finding patterns in it: which axis is the batch
/// (N) or time (T), which holds the gate blocks of an LSTM or GRU weight, which rows are
/// words (the word embedding's gradient).
public struct ArrayLayout: Sendable, Equatable {
    /// The array's name as the learner knows it (`dWx`, `W_embed`).
    public var name: String
    /// The axis of the batch, if any.
    public var batchAxis: Int?
    /// The axis of time, if any.
    public var timeAxis: Int?
    /// The axis holding gate blocks side by side, and the blocks' names in order
    /// (`i, f, o, g` for an LSTM, `r, z, n` for a GRU).
    public var gateAxis: Int?
    /// The gate blocks' names along `gateAxis`, in order.
    public var gateNames: [String] = []
    /// The gates of the layer an activation (or its gradient) belongs to, when it is an
    /// LSTM's or a GRU's (`i, f, o, g`): a gate's factor may be missing from it.
    public var cellGates: [String] = []
    /// Axis 0 holds one row per word index (the word embedding and its gradient).
    public var wordRows = false
    /// How often each word index occurs in the inputs that reach this array (rows of
    /// words that repeat, occur once, or never), when known.
    public var wordCounts: [Int: Int] = [:]
    /// The words of the vocabulary by index, when known.
    public var words: [Int: String] = [:]
    /// The batch size N and the number of steps T behind the array (for naming a scale
    /// factor), when they are not an axis of the array itself (a loss, a weight gradient).
    public var batchSize: Int?
    /// T, when it is not an axis of the array (see `batchSize`).
    public var steps: Int?

    /// A layout with no known axes.
    public init(name: String) { self.name = name }

    /// N: the batch axis's size, or `batchSize`.
    func batch(_ shape: [Int]) -> Int? {
        batchAxis.flatMap { $0 < shape.count ? shape[$0] : nil } ?? batchSize
    }

    /// T: the time axis's size, or `steps`.
    func time(_ shape: [Int]) -> Int? {
        timeAxis.flatMap { $0 < shape.count ? shape[$0] : nil } ?? steps
    }

    /// `17 "cat"`, or `17` when the word is unknown.
    func word(_ index: Int) -> String {
        words[index].map { "\(index) \"\($0)\"" } ?? "\(index)"
    }

    /// The gate names of an LSTM's weights and biases, in the order Reference splits them.
    public static let lstmGates = ["i", "f", "o", "g"]
    /// The gate names of a GRU's weights and biases, in the order Reference splits them.
    public static let gruGates = ["r", "z", "n"]

    /// The layout of a layer's array from its key, rank and the layer's gates: rank-3
    /// activations are (N, T, ·); rank-2 ones (N, ·); weights (·, G·H) and biases (G·H)
    /// hold the gate blocks; the word embedding's `W` / `dW` and the model's `W_embed`
    /// have one row per word.
    public static func forKey(_ key: String, rank: Int, gates: [String]) -> ArrayLayout {
        var layout = ArrayLayout(name: key)
        let bare =
            key.hasPrefix("d") && key.count > 1 && key != "dout" ? String(key.dropFirst()) : key
        switch bare {
        case "Wx", "Wh":
            if !gates.isEmpty, rank == 2 { (layout.gateAxis, layout.gateNames) = (1, gates) }
        case "b", "bh":
            if !gates.isEmpty, rank == 1 { (layout.gateAxis, layout.gateNames) = (0, gates) }
        case "W", "W_embed":
            layout.wordRows = rank == 2
        case "W_proj", "b_proj", "W_vocab", "b_vocab", "loss":
            break
        default:
            layout.cellGates = gates
            if rank == 3 { (layout.batchAxis, layout.timeAxis) = (0, 1) }
            if rank == 2 { layout.batchAxis = 0 }
        }
        return layout
    }
}
