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

    /// A shape with the given attributes and geometry.
    public init(
        colour: ShapeColour, kind: ShapeKind, size: ShapeSize, position: ShapePosition,
        centerX: Double, centerY: Double, radius: Double
    ) {
        (self.colour, self.kind, self.size, self.position) = (colour, kind, size, position)
        (self.centerX, self.centerY, self.radius) = (centerX, centerY, radius)
    }

    /// The noun phrase of this object: "a small red circle".
    public var nounPhrase: [String] {
        ["a", size.rawValue, colour.rawValue, kind.rawValue]
    }

    /// The caption phrase of this object alone in a scene: "a small red circle on the left".
    public var phrase: [String] { nounPhrase + position.phrase }
}

/// A scene of the Shapes data set: one shape at any position, or two shapes on opposite
/// sides (left and right, or top and bottom), listed in the canonical order left, right,
/// top, bottom.
public struct ShapesScene: Sendable, Codable, Hashable {
    /// The shapes, in canonical position order.
    public var objects: [ShapeObject]

    /// A scene of `objects`, which should be in canonical position order.
    public init(objects: [ShapeObject]) {
        self.objects = objects
    }

    /// The true captions (words only, no `<START>`/`<END>`), canonical first.
    ///
    /// One object: "a small red circle on the left" (7 words). Two objects A, B in
    /// canonical order, side by side: "A left of B", variant "B right of A" (10 words, the
    /// relation words of CLEVR's questions); one above the other: "A above B", variant
    /// "B below A" (9 words).
    public var captions: [[String]] {
        switch objects.count {
        case 1:
            return [objects[0].phrase]
        case 2:
            let (a, b) = (objects[0], objects[1])
            let (first, second) = (a.nounPhrase, b.nounPhrase)
            if a.position == .left || a.position == .right {
                return [first + ["left", "of"] + second, second + ["right", "of"] + first]
            }
            return [first + ["above"] + second, second + ["below"] + first]
        default:
            return [objects.flatMap(\.phrase)]
        }
    }

    /// The canonical caption as text: "a small red circle left of a large blue square".
    public var description: String { captions[0].joined(separator: " ") }

    /// The attributes without geometry, in canonical order: equal for two scenes exactly
    /// when their captions are the same.
    public var attributes: [ShapeAttributes] {
        objects.map {
            ShapeAttributes(
                colour: $0.colour, kind: $0.kind, size: $0.size,
                position: $0.position)
        }
    }
}

/// The captioned attributes of one shape (no geometry).
public struct ShapeAttributes: Sendable, Codable, Hashable {
    /// The colour, kind, size and position words.
    public var colour: ShapeColour, kind: ShapeKind, size: ShapeSize, position: ShapePosition
}
