import Foundation
import Tensor
import Training

/// What the encoder learns to see: for each of the four positions of a Shapes scene,
/// whether a shape is there and, if so, its colour, kind and size, as the indices of
/// ``ShapeColour``, ``ShapeKind`` and ``ShapeSize`` cases.
///
/// The scores these targets are compared with have 15 columns per position (2 for
/// "empty / occupied", 6 colours, 5 kinds, 2 sizes), positions in `ShapePosition.allCases`
/// order: 60 in all.
public struct AttributeTargets: Sendable, Equatable {
    /// The number of choices of each group within one position's columns.
    public static let groupSizes = [
        2, ShapeColour.allCases.count, ShapeKind.allCases.count, ShapeSize.allCases.count,
    ]
    /// Columns per position.
    public static let columnsPerPosition = groupSizes.reduce(0, +)
    /// All score columns.
    public static let scoreCount = ShapePosition.allCases.count * columnsPerPosition

    /// Per scene and position, the chosen index of each group; colour, kind and size are
    /// 0 (and not scored) when the position is empty.
    public let choices: [[[Int]]]

    /// The targets of `scenes`, in order.
    public init(_ scenes: [ShapesScene]) {
        choices = scenes.map { scene in
            ShapePosition.allCases.map { position in
                guard let object = scene.objects.first(where: { $0.position == position }) else {
                    return [0, 0, 0, 0]
                }
                return [
                    1, ShapeColour.allCases.firstIndex(of: object.colour) ?? 0,
                    ShapeKind.allCases.firstIndex(of: object.kind) ?? 0,
                    ShapeSize.allCases.firstIndex(of: object.size) ?? 0,
                ]
            }
        }
    }

    private init(choices: [[[Int]]]) { self.choices = choices }

    /// The targets of the scenes at `indices` (a minibatch), in that order.
    public func rows(_ indices: [Int]) -> AttributeTargets {
        AttributeTargets(choices: indices.map { choices[$0] })
    }

    /// The number of scenes.
    public var count: Int { choices.count }

    /// The loss of `scores` `(N, 60)` against these targets and its gradient: per scene
    /// and position, the softmax cross-entropy of "occupied", plus, where a shape is,
    /// those of its colour, kind and size; summed over positions, averaged over scenes.
    public func loss<S: TensorScalar>(scores: Tensor<S>) -> (loss: S, dScores: Tensor<S>) {
        checkScores(scores, operation: "AttributeTargets.loss")
        let n = choices.count
        var dScores = [S](repeating: 0, count: scores.count)
        var total = 0.0
        for scene in 0..<n {
            for (position, chosen) in choices[scene].enumerated() {
                var column = scene * Self.scoreCount + position * Self.columnsPerPosition
                let groups = chosen[0] == 1 ? Self.groupSizes.count : 1
                for group in 0..<groups {
                    let size = Self.groupSizes[group]
                    let logits = (0..<size).map { Double(scores.scalars[column + $0]) }
                    let top = logits.max() ?? 0
                    let exps = logits.map { Foundation.exp($0 - top) }
                    let sum = exps.reduce(0, +)
                    total -= logits[chosen[group]] - top - Foundation.log(sum)
                    for k in 0..<size {
                        let p = exps[k] / sum - (k == chosen[group] ? 1 : 0)
                        dScores[column + k] = S(p / Double(n))
                    }
                    column += size
                }
            }
        }
        return (S(total / Double(max(n, 1))), Tensor(shape: scores.shape, scalars: dScores))
    }

    /// How often `scores` pick the right answer: of every scored group (occupancy at every
    /// position; colour, kind and size where a shape is), and of whole scenes (every group
    /// right: exactly the scene's caption).
    public func accuracy<S: TensorScalar>(scores: Tensor<S>) -> AttributeAccuracy {
        checkScores(scores, operation: "AttributeTargets.accuracy")
        var right = [Int](repeating: 0, count: Self.groupSizes.count)
        var scored = [Int](repeating: 0, count: Self.groupSizes.count)
        var wholeScenes = 0
        for (scene, positions) in choices.enumerated() {
            var allRight = true
            for (position, chosen) in positions.enumerated() {
                var column = scene * Self.scoreCount + position * Self.columnsPerPosition
                for group in 0..<Self.groupSizes.count {
                    let size = Self.groupSizes[group]
                    defer { column += size }
                    if group > 0 && chosen[0] == 0 { continue }
                    scored[group] += 1
                    if argmax(scores, column, size) == chosen[group] {
                        right[group] += 1
                    } else {
                        allRight = false
                    }
                }
            }
            if allRight { wholeScenes += 1 }
        }
        func fraction(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
        return AttributeAccuracy(
            occupancy: fraction(right[0], scored[0]), colour: fraction(right[1], scored[1]),
            kind: fraction(right[2], scored[2]), size: fraction(right[3], scored[3]),
            scenes: fraction(wholeScenes, choices.count))
    }

    private func argmax<S: TensorScalar>(_ scores: Tensor<S>, _ start: Int, _ size: Int) -> Int {
        var best = 0
        for k in 1..<size where scores.scalars[start + k] > scores.scalars[start + best] {
            best = k
        }
        return best
    }

    private func checkScores<S: TensorScalar>(_ scores: Tensor<S>, operation: String) {
        guard scores.shape == [choices.count, Self.scoreCount] else {
            shapeFailure(
                "\(operation): scores must be (\(choices.count), \(Self.scoreCount)), got "
                    + scores.shape.shapeDescription)
        }
    }
}

/// The fractions of attributes an encoder's scores get right (0 to 1).
public struct AttributeAccuracy: Sendable, Codable, Equatable {
    /// "Is there a shape at this position?", over every position of every scene.
    public var occupancy: Double
    /// Colour, kind and size, over the shapes that are there.
    public var colour: Double, kind: Double, size: Double
    /// Scenes with every attribute right (and no shape seen where there is none).
    public var scenes: Double

    /// Fractions as given.
    public init(occupancy: Double, colour: Double, kind: Double, size: Double, scenes: Double) {
        (self.occupancy, self.colour, self.kind, self.size) = (occupancy, colour, kind, size)
        self.scenes = scenes
    }

    /// One line: "occupancy 1.000  colour 0.990  kind 0.950  size 0.980  scenes 0.900".
    public var summary: String {
        [
            ("occupancy", occupancy), ("colour", colour), ("kind", kind), ("size", size),
            ("scenes", scenes),
        ]
        .map { "\($0.0) \(String(format: "%.3f", $0.1))" }.joined(separator: "  ")
    }
}
