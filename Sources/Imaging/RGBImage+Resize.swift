extension RGBImage {
    /// The largest side ``resized(to:)`` makes: far above what an encoder takes, and it
    /// keeps the result's bytes (3 × side²) under 64 MiB.
    public static let maximumResizedSide = 4096

    /// The image scaled to `size` × `size` pixels (a non-square image is stretched), by
    /// area averaging: each new pixel is the mean of the old pixels it covers, weighted
    /// by how much of each it covers. The mean colour is kept (up to rounding) whether
    /// the image shrinks or grows, and shrinking does not alias thin lines away.
    ///
    /// `size` must be in `1...maximumResizedSide`.
    public func resized(to size: Int) -> RGBImage {
        resized(width: size, height: size)
    }

    /// The image scaled to `width` × `height` pixels by area averaging (see
    /// ``resized(to:)``); each must be in `1...maximumResizedSide`.
    public func resized(width newWidth: Int, height newHeight: Int) -> RGBImage {
        let range = 1...Self.maximumResizedSide
        precondition(
            range.contains(newWidth) && range.contains(newHeight),
            "cannot resize to \(newWidth)×\(newHeight): each side must be in \(range)")
        if newWidth == width && newHeight == height { return self }
        let columns = Self.weights(from: width, to: newWidth)
        let rows = Self.weights(from: height, to: newHeight)
        // Rows first, into Doubles (height × newWidth × 3), then columns; each pass
        // divides by its own total weight, so the result is a weighted mean.
        var horizontal = [Double](repeating: 0, count: height * newWidth * 3)
        for y in 0..<height {
            for (x, taps) in columns.enumerated() {
                var sum = (0.0, 0.0, 0.0)
                for tap in taps {
                    let offset = 3 * (y * width + tap.index)
                    sum.0 += tap.weight * Double(pixels[offset])
                    sum.1 += tap.weight * Double(pixels[offset + 1])
                    sum.2 += tap.weight * Double(pixels[offset + 2])
                }
                let target = 3 * (y * newWidth + x)
                (horizontal[target], horizontal[target + 1], horizontal[target + 2]) = sum
            }
        }
        var result = [UInt8](repeating: 0, count: newHeight * newWidth * 3)
        for (y, taps) in rows.enumerated() {
            for x in 0..<newWidth {
                for channel in 0..<3 {
                    var sum = 0.0
                    for tap in taps {
                        sum += tap.weight * horizontal[3 * (tap.index * newWidth + x) + channel]
                    }
                    result[3 * (y * newWidth + x) + channel] = UInt8(
                        max(0, min(255, sum.rounded())))
                }
            }
        }
        return RGBImage(checkedWidth: newWidth, height: newHeight, pixels: result)
    }

    /// For each of `newCount` new pixels along one axis, the old pixels it covers and
    /// the fraction of it each covers (the fractions sum to 1).
    private static func weights(
        from count: Int, to newCount: Int
    ) -> [[(index: Int, weight: Double)]] {
        let scale = Double(count) / Double(newCount)
        return (0..<newCount).map { i in
            let start = Double(i) * scale
            let end = Double(i + 1) * scale
            var taps: [(index: Int, weight: Double)] = []
            var j = Int(start.rounded(.down))
            while j < count, Double(j) < end {
                let overlap = min(Double(j + 1), end) - max(Double(j), start)
                if overlap > 0 { taps.append((j, overlap / scale)) }
                j += 1
            }
            return taps
        }
    }
}
