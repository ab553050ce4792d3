import Foundation

/// The floating-point element types a layer can be written for once: `Float` for
/// training, `Double` for numeric gradient checks.
///
/// The requirements are the scalar functions NumPy's ufuncs apply element-wise;
/// `SIMDScalar` lets generic kernels work on `SIMD16<S>` lanes.
public protocol TensorScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable,
    LosslessStringConvertible
where RawSignificand: FixedWidthInteger {
    /// The hyperbolic tangent.
    static func tanh(_ x: Self) -> Self
    /// The natural exponential, e^x.
    static func exp(_ x: Self) -> Self
    /// The natural logarithm.
    static func log(_ x: Self) -> Self
    /// `x` raised to the power `y`.
    static func pow(_ x: Self, _ y: Self) -> Self
}

extension Float: TensorScalar {
    @inlinable public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    @inlinable public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inlinable public static func log(_ x: Float) -> Float { Foundation.log(x) }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
}

extension Double: TensorScalar {
    @inlinable public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inlinable public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}
