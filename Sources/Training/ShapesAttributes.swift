/// The colour of a shape in the Shapes data set; `rawValue` is its caption word.
public enum ShapeColour: String, CaseIterable, Sendable, Codable, Hashable {
    case red, green, blue, yellow, purple, orange

    /// An sRGB hex colour for drawing (`#rrggbb`).
    public var hex: String {
        switch self {
        case .red: return "#d62728"
        case .green: return "#2ca02c"
        case .blue: return "#1f77b4"
        case .yellow: return "#f5c518"
        case .purple: return "#9467bd"
        case .orange: return "#ff7f0e"
        }
    }
}

/// The kind of a shape in the Shapes data set; `rawValue` is its caption word.
public enum ShapeKind: String, CaseIterable, Sendable, Codable, Hashable {
    case circle, square, triangle, star, diamond
}

/// The size of a shape; `rawValue` is its caption word, `radius` its drawn size.
public enum ShapeSize: String, CaseIterable, Sendable, Codable, Hashable {
    case small, large

    /// The nominal radius as a fraction of the canvas side: 0.07 (small), 0.12 (large).
    public var radius: Double { self == .small ? 0.07 : 0.12 }
}

/// Where a shape sits in the scene; at most one shape per position.
public enum ShapePosition: String, CaseIterable, Sendable, Codable, Hashable {
    case left, right, top, bottom

    /// The caption phrase: "on the left", "on the right", "at the top", "at the bottom".
    public var phrase: [String] {
        switch self {
        case .left, .right: return ["on", "the", rawValue]
        case .top, .bottom: return ["at", "the", rawValue]
        }
    }

    /// The nominal centre in canvas coordinates, (0, 0) top-left to (1, 1) bottom-right.
    public var nominalCenter: (x: Double, y: Double) {
        switch self {
        case .left: return (0.25, 0.5)
        case .right: return (0.75, 0.5)
        case .top: return (0.5, 0.25)
        case .bottom: return (0.5, 0.75)
        }
    }
}
