import Training

/// Which points a shape of each kind covers, in the shape's own units: the centre at
/// (0, 0), the radius 1, y growing downwards (as in canvas coordinates). The outlines
/// are the report's SVG drawings' (Sources/Showcase/Reports/SceneSVG.swift), so an image
/// and its SVG show the same shapes.
enum ShapeOutline {
    /// Whether the point (u, v) lies inside a shape of `kind`.
    static func contains(_ kind: ShapeKind, u: Double, v: Double) -> Bool {
        switch kind {
        case .circle: return u * u + v * v <= 1
        case .square: return abs(u) <= 1 && abs(v) <= 1
        // Apex (0, -1), base corners (±1, 1): the half-width grows from 0 to 1 down it.
        case .triangle: return v <= 1 && abs(u) <= (v + 1) / 2
        case .diamond: return abs(u) + abs(v) <= 1
        case .star: return insidePolygon(starVertices, u: u, v: v)
        }
    }

    /// The five-pointed star: ten vertices alternating between radius 1 (the points, the
    /// first straight up) and 0.45, every 36°. The sines and cosines of multiples of 18°
    /// are written with √5 (sin 18° = (√5 − 1)/4, cos 36° = (√5 + 1)/4), and IEEE square
    /// roots are exact to the last bit everywhere, so the outline, and every rendered
    /// pixel with it, is the same on every platform; `cos` and `sin` from the C library
    /// may differ in the last bit between systems.
    static let starVertices: [(u: Double, v: Double)] = {
        let root5 = Double(5).squareRoot()
        let sin18 = (root5 - 1) / 4
        let cos36 = (root5 + 1) / 4
        let cos18 = ((10 + 2 * root5) / 16).squareRoot()
        let sin36 = ((10 - 2 * root5) / 16).squareRoot()
        // Unit vectors at -90°, -54°, -18°, 18°, 54°, 90°, 126°, 162°, 198°, 234°.
        let directions: [(Double, Double)] = [
            (0, -1), (sin36, -cos36), (cos18, -sin18), (cos18, sin18), (sin36, cos36),
            (0, 1), (-sin36, cos36), (-cos18, sin18), (-cos18, -sin18), (-sin36, -cos36),
        ]
        return directions.enumerated().map { k, direction in
            let radius = k.isMultiple(of: 2) ? 1 : 0.45
            return (radius * direction.0, radius * direction.1)
        }
    }()

    /// The even-odd rule: a ray from (u, v) to the right crosses the outline an odd
    /// number of times exactly when the point is inside.
    private static func insidePolygon(
        _ vertices: [(u: Double, v: Double)], u: Double, v: Double
    ) -> Bool {
        var inside = false
        var previous = vertices[vertices.count - 1]
        for vertex in vertices {
            if (vertex.v > v) != (previous.v > v) {
                let crossing =
                    vertex.u + (v - vertex.v) * (previous.u - vertex.u) / (previous.v - vertex.v)
                if u < crossing { inside.toggle() }
            }
            previous = vertex
        }
        return inside
    }
}
