import Tensor

/// The recurrent cell a `CaptioningRNN` uses (`cell_type` in the original).
public enum CellType: String, CaseIterable, Sendable, Codable {
    case rnn, lstm
    /// A gated recurrent unit (not in the original): gates r, z, n and a second bias `bh`.
    case gru

    /// Parses a cell type name; throws `CaptioningError.unknownCellType` otherwise.
    public init(named name: String) throws {
        guard let cell = CellType(rawValue: name.lowercased()) else {
            throw CaptioningError.unknownCellType(name)
        }
        self = cell
    }

    /// How many H-wide blocks Wx, Wh and b have: 1 for rnn, 4 for lstm (gates i, f, o, g),
    /// 3 for gru (gates r, z, n; its hidden-side bias bh has 3H too).
    public var gateCount: Int {
        switch self {
        case .rnn: return 1
        case .lstm: return 4
        case .gru: return 3
        }
    }

    /// The shape of every parameter of a `CaptioningRNN` with this cell: W_embed (V, W),
    /// W_proj (D, H), b_proj (H,), Wx (W, kH), Wh (H, kH), b (kH,), W_vocab (H, V),
    /// b_vocab (V,), with k the gate count, and for a gru bh (kH,).
    public func parameterShapes(
        vocabSize v: Int, inputDim d: Int, wordvecDim w: Int,
        hiddenDim h: Int
    ) -> [String: [Int]] {
        let k = gateCount
        var shapes = [
            "W_embed": [v, w], "W_proj": [d, h], "b_proj": [h], "Wx": [w, k * h],
            "Wh": [h, k * h], "b": [k * h], "W_vocab": [h, v], "b_vocab": [v],
        ]
        if self == .gru { shapes["bh"] = [k * h] }
        return shapes
    }

    /// The parameters of a `CaptioningRNN` with this cell, in the original's order:
    /// W_embed, W_proj, b_proj, Wx, Wh, b, W_vocab, b_vocab, and for a gru `bh` after `b`.
    public var parameterNames: [String] {
        self == .gru
            ? ["W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "bh", "W_vocab", "b_vocab"]
            : ["W_embed", "W_proj", "b_proj", "Wx", "Wh", "b", "W_vocab", "b_vocab"]
    }
}
