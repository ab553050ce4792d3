/// One 8-bit sRGB colour: a pixel of an ``RGBImage``.
public struct RGB: Sendable, Hashable, CustomStringConvertible {
    /// The red, green and blue intensities, 0 (none) to 255 (full).
    public var red: UInt8, green: UInt8, blue: UInt8

    /// The colour with these intensities.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        (self.red, self.green, self.blue) = (red, green, blue)
    }

    /// The colour of a `#rrggbb` hex string (as `ShapeColour.hex` gives), or nil if
    /// `hex` is not one.
    public init?(hex: String) {
        let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
        guard digits.count == 6, digits.allSatisfy(\.isHexDigit),
            let value = UInt32(digits, radix: 16)
        else { return nil }
        self.init(
            red: UInt8(truncatingIfNeeded: value >> 16),
            green: UInt8(truncatingIfNeeded: value >> 8), blue: UInt8(truncatingIfNeeded: value))
    }

    /// `#rrggbb`.
    public var description: String {
        "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
