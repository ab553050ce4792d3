import Tensor
import Training

/// Draws Shapes scenes as RGB pixels: every shape of its kind, colour and size at its
/// centre, anti-aliased, on a light background, with mild seeded noise.
///
/// The noise keeps pixels from being a lookup table of the scene's attributes: each image
/// gets its own background tint (±6 per channel), each shape its own colour jitter (±10
/// per channel), and each pixel's channels Gaussian-like noise (σ = 3 levels). An image is
/// a pure function of the renderer's seed, the scene and the noise seed, computed with
/// exactly rounded IEEE operations only (no C-library `sin`, `cos` or `log`, which may
/// differ between systems in the last bit), so other platforms should give the same
/// bytes (checked on Linux x86-64 only).
public struct ShapesRenderer: Sendable {
    /// The largest image side a renderer draws.
    public static let maximumSize = 4096
    /// The background before its tint: the report's SVG background, #f7f7f2.
    public static let background = RGB(red: 0xF7, green: 0xF7, blue: 0xF2)
    /// Samples per pixel along each axis (4 × 4 = 16 per pixel) for the edges'
    /// anti-aliasing: a pixel takes each shape's colour in proportion to the samples
    /// inside it.
    public static let samplesPerAxis = 4

    /// The width and height of every image, in pixels.
    public let size: Int
    /// Mixed into every image's noise: two renderers with different seeds draw the same
    /// scene with different noise.
    public let seed: UInt64

    /// A renderer of `size` × `size` images (`size` in `1...maximumSize`).
    public init(size: Int = 64, seed: UInt64) {
        precondition(
            (1...Self.maximumSize).contains(size),
            "a Shapes image must be 1 to \(Self.maximumSize) pixels wide, got \(size)")
        (self.size, self.seed) = (size, seed)
    }

    /// The image of `scene`, its noise drawn from `noiseSeed` (and the renderer's seed).
    /// Shapes are drawn in the scene's order; a shape partly off the canvas is clipped.
    public func render(_ scene: ShapesScene, noiseSeed: UInt64) -> RGBImage {
        var generator = SeededGenerator(seed: Self.mix(seed, noiseSeed))
        let side = Double(size)
        let tint = (0..<3).map { _ in jitter(6, using: &generator) }
        let base = [Self.background.red, Self.background.green, Self.background.blue]
        var canvas = [Double](repeating: 0, count: size * size * 3)
        for pixel in 0..<(size * size) {
            for channel in 0..<3 {
                canvas[3 * pixel + channel] = Double(base[channel]) + tint[channel]
            }
        }
        let n = Self.samplesPerAxis
        for object in scene.objects {
            let colour = RGB(hex: object.colour.hex) ?? RGB(red: 0, green: 0, blue: 0)
            let paint = [colour.red, colour.green, colour.blue].map {
                Double($0) + jitter(10, using: &generator)
            }
            let radius = object.radius
            guard radius > 0, radius.isFinite, object.centerX.isFinite, object.centerY.isFinite
            else { continue }
            // Only the pixels of the shape's bounding box can be covered.
            let box = { (centre: Double) -> Range<Int> in
                let low = Int(max(0, min(side, ((centre - radius) * side).rounded(.down))))
                let high = Int(max(0, min(side, ((centre + radius) * side).rounded(.up))))
                return low..<max(low, high)
            }
            for y in box(object.centerY) {
                for x in box(object.centerX) {
                    var inside = 0
                    for sy in 0..<n {
                        let v =
                            ((Double(y) + (Double(sy) + 0.5) / Double(n)) / side
                                - object.centerY) / radius
                        for sx in 0..<n {
                            let u =
                                ((Double(x) + (Double(sx) + 0.5) / Double(n)) / side
                                    - object.centerX) / radius
                            if ShapeOutline.contains(object.kind, u: u, v: v) { inside += 1 }
                        }
                    }
                    guard inside > 0 else { continue }
                    let coverage = Double(inside) / Double(n * n)
                    let offset = 3 * (y * size + x)
                    for channel in 0..<3 {
                        canvas[offset + channel] +=
                            coverage * (paint[channel] - canvas[offset + channel])
                    }
                }
            }
        }
        var pixels = [UInt8](repeating: 0, count: canvas.count)
        for index in canvas.indices {
            let value = canvas[index] + 3 * Self.gaussianLike(using: &generator)
            pixels[index] = UInt8(max(0, min(255, value.rounded())))
        }
        return RGBImage(checkedWidth: size, height: size, pixels: pixels)
    }

    /// A uniform value in [-amplitude, amplitude).
    private func jitter(_ amplitude: Double, using generator: inout SeededGenerator) -> Double {
        (generator.nextUnit() * 2 - 1) * amplitude
    }

    /// Mean 0, variance 1, bell-shaped: the sum of four uniforms (Irwin–Hall), centred
    /// and scaled. Exact IEEE arithmetic only, unlike Box–Muller's `log` and `cos`, so the
    /// noise is the same bits on every platform. The four uniforms are the four 16-bit
    /// quarters of one 64-bit draw (steps of 1/65536 are far below a pixel level):
    /// a quarter of the generator calls, which were most of an image's time.
    private static func gaussianLike(using generator: inout SeededGenerator) -> Double {
        let bits = generator.next()
        let sum =
            Double(bits & 0xFFFF) + Double(bits >> 16 & 0xFFFF) + Double(bits >> 32 & 0xFFFF)
            + Double(bits >> 48) + 2  // + 4 × ½: each quarter's centre in its step
        // The sum of four uniforms on [0, 1) has mean 2 and variance 4/12.
        return (sum / 65_536 - 2) * Double(3).squareRoot()
    }

    /// One generator seed from the renderer's and the image's: the renderer's seed is
    /// scrambled first (SplitMix64's finaliser), so nearby renderer seeds and nearby
    /// noise seeds do not give overlapping streams.
    static func mix(_ seed: UInt64, _ noiseSeed: UInt64) -> UInt64 {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) ^ noiseSeed
    }
}
