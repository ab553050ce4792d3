import Foundation
import Training

/// Draws a Shapes scene as an inline SVG, from its geometry and colours.
public enum SceneSVG {
    /// An SVG of `scene`, `size` pixels square, on a light background.
    public static func svg(_ scene: ShapesScene, size: Int = 120) -> String {
        let s = Double(size)
        var body = "<rect width=\"\(size)\" height=\"\(size)\" fill=\"#f7f7f2\" stroke=\"#ccc\"/>"
        for object in scene.objects {
            let (x, y, r) = (object.centerX * s, object.centerY * s, object.radius * s)
            let fill = "fill=\"\(object.colour.hex)\""
            switch object.kind {
            case .circle:
                body += "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\" \(fill)/>"
            case .square:
                body +=
                    "<rect x=\"\(f(x - r))\" y=\"\(f(y - r))\" width=\"\(f(2 * r))\" "
                    + "height=\"\(f(2 * r))\" \(fill)/>"
            case .triangle:
                body += polygon([(x, y - r), (x + r, y + r), (x - r, y + r)], fill)
            case .diamond:
                body += polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill)
            case .star:
                let points = (0..<10).map { k -> (Double, Double) in
                    let angle = Double(k) * Double.pi / 5 - Double.pi / 2
                    let radius = k.isMultiple(of: 2) ? r : r * 0.45
                    return (x + radius * cos(angle), y + radius * sin(angle))
                }
                body += polygon(points, fill)
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(size)\" height=\"\(size)\" "
            + "viewBox=\"0 0 \(size) \(size)\" role=\"img\" aria-label=\"\(scene.description)\">"
            + body + "</svg>"
    }

    static func polygon(_ points: [(Double, Double)], _ fill: String) -> String {
        "<polygon points=\"" + points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
            + "\" \(fill)/>"
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
