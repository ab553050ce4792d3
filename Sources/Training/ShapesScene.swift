/// One shape in a Shapes scene: its attributes (which the captions name) and its
/// geometry (for drawing, in canvas coordinates (0, 0) top-left to (1, 1) bottom-right).
public struct ShapeObject: Sendable, Codable, Hashable {
    /// The colour word ("red").
    public var colour: ShapeColour
    /// The shape word ("circle").
    public var kind: ShapeKind
    /// The size word ("small").
    public var size: ShapeSize
    /// The position phrase ("on the left").
    public var position: ShapePosition
    /// The centre: the position's nominal centre plus a small seeded jitter (±0.03).
    public var centerX: Double, centerY: Double
    /// The radius (half the bounding-box side) as a fraction of the canvas side.
    public var radius: Double

    /// The caption phrase of this object: "a small red circle on the left".
    public var phrase: [String] {
        ["a", size.rawValue, colour.rawValue, kind.rawValue] + position.phrase
    }
}

/// A scene of the Shapes data set: one or two shapes at distinct positions, listed in
/// the canonical order left, right, top, bottom.
public struct ShapesScene: Sendable, Codable, Hashable {
    /// The shapes, in canonical position order.
    public var objects: [ShapeObject]

    /// The true captions (words only, no `<START>`/`<END>`), canonical first:
    /// one object: "a small red circle on the left"; two objects A, B (canonical order):
    /// "A and B", "B and A".
    public var captions: [[String]] {
        switch objects.count {
        case 1:
            let o = objects[0]
            return [o.phrase]
        case 2:
            let (a, b) = (objects[0].phrase, objects[1].phrase)
            return [a + ["and"] + b, b + ["and"] + a]
        default:
            return [objects.flatMap(\.phrase)]
        }
    }

    /// The canonical caption as text: "a small red circle on the left and ...".
    public var description: String { captions[0].joined(separator: " ") }

    /// The attributes without geometry, in canonical order: equal for two scenes exactly
    /// when their captions are the same.
    public var attributes: [ShapeAttributes] {
        objects.map { ShapeAttributes(colour: $0.colour, kind: $0.kind, size: $0.size,
                                      position: $0.position) }
    }
}

/// The captioned attributes of one shape (no geometry).
public struct ShapeAttributes: Sendable, Codable, Hashable {
    /// The colour, kind, size and position words.
    public var colour: ShapeColour, kind: ShapeKind, size: ShapeSize, position: ShapePosition
}
