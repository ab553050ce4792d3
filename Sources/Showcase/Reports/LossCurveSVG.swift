import Foundation

/// Draws a loss history as an inline SVG line chart: every iteration's loss (light) and
/// its moving average (dark), with axes labelled by iteration and loss.
public enum LossCurveSVG {
    /// An SVG chart of `losses`, `width` × `height` pixels.
    public static func svg(_ losses: [Double], width: Int = 720, height: Int = 300) -> String {
        let (left, right, top, bottom) = (56.0, 16.0, 16.0, 36.0)
        let plotW = Double(width) - left - right
        let plotH = Double(height) - top - bottom
        let finite = losses.filter(\.isFinite)
        guard finite.count >= 2, let high = finite.max() else {
            return "<p>(not enough iterations to draw a loss curve)</p>"
        }
        let ceiling = high > 0 ? high * 1.05 : 1
        func point(_ i: Int, _ loss: Double) -> String {
            let x = left + plotW * Double(i) / Double(losses.count - 1)
            let y = top + plotH * (1 - min(max(loss, 0), ceiling) / ceiling)
            return String(format: "%.1f,%.1f", x, y)
        }
        // At most ~1000 points per line.
        let stride = max(1, losses.count / 1000)
        let raw = Swift.stride(from: 0, to: losses.count, by: stride)
            .filter { losses[$0].isFinite }.map { point($0, losses[$0]) }
        let window = max(1, losses.count / 50)
        var smooth: [String] = []
        var sum = 0.0
        for (i, loss) in losses.enumerated() {
            sum += loss.isFinite ? loss : 0
            if i >= window { sum -= losses[i - window].isFinite ? losses[i - window] : 0 }
            if i % stride == 0 || i == losses.count - 1 {
                smooth.append(point(i, sum / Double(min(i + 1, window))))
            }
        }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">"
        svg +=
            "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotW)\" height=\"\(plotH)\" "
            + "fill=\"#fff\" stroke=\"#999\"/>"
        for k in 0...4 {
            let value = ceiling * Double(k) / 4
            let y = top + plotH * (1 - Double(k) / 4)
            svg += String(
                format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                    + "stroke=\"#eee\"/>", left, left + plotW, y, y)
            svg += String(
                format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.3g</text>",
                left - 6, y + 4, value)
        }
        for k in 0...4 {
            let iteration = (losses.count - 1) * k / 4
            let x = left + plotW * Double(k) / 4
            svg += String(
                format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>",
                x, top + plotH + 16, iteration + 1)
        }
        svg +=
            "<text x=\"\(left + plotW / 2)\" y=\"\(Double(height) - 4)\" "
            + "text-anchor=\"middle\">iteration</text>"
        svg +=
            "<polyline fill=\"none\" stroke=\"#9ecae1\" stroke-width=\"1\" points=\""
            + raw.joined(separator: " ") + "\"/>"
        svg +=
            "<polyline fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\" points=\""
            + smooth.joined(separator: " ") + "\"/>"
        return svg + "</svg>"
    }
}
