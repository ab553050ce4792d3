import Foundation

/// The element types the `.npy` reader understands, by NumPy's `descr` code.
public enum NumPyDType: String, Sendable, CaseIterable {
    /// `<f4`: little-endian float32.
    case float32 = "f4"
    /// `<f8`: little-endian float64.
    case float64 = "f8"
    /// `<i1`, `<i2`, `<i4`, `<i8`: little-endian signed integers.
    case int8 = "i1", int16 = "i2", int32 = "i4", int64 = "i8"
    /// `|u1`, `<u2`, `<u4`, `<u8`: little-endian unsigned integers.
    case uint8 = "u1", uint16 = "u2", uint32 = "u4", uint64 = "u8"
    /// `|b1`: booleans, one byte each.
    case bool = "b1"

    /// The size of one element in bytes.
    public var byteCount: Int {
        switch self {
        case .int8, .uint8, .bool: return 1
        case .int16, .uint16: return 2
        case .float32, .int32, .uint32: return 4
        case .float64, .int64, .uint64: return 8
        }
    }

    /// Whether the elements are floating-point numbers.
    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }
}

/// One array read from a `.npy` file (or an `.npz` member): its dtype, C-order shape and
/// raw little-endian bytes, with accessors that convert the elements.
public struct NumPyArray: Sendable {
    /// The element type.
    public let dtype: NumPyDType
    /// The shape; `[]` for a 0-d array (one element).
    public let shape: [Int]
    /// The elements' bytes in C (row-major) order, little-endian.
    public let data: Data

    /// The number of elements (1 for a 0-d array).
    public var count: Int { shape.reduce(1, *) }

    /// Wraps already-checked bytes.
    init(dtype: NumPyDType, shape: [Int], data: Data) {
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// The elements as `Double` (exact for floats and integers up to 2^53).
    public func doubles() -> [Double] {
        data.withUnsafeBytes { raw in
            (0..<count).map { i -> Double in
                let o = i * dtype.byteCount
                switch dtype {
                case .float32: return Double(Float(bitPattern: raw.loadLE(UInt32.self, at: o)))
                case .float64: return Double(bitPattern: raw.loadLE(UInt64.self, at: o))
                case .int8: return Double(Int8(bitPattern: raw[o]))
                case .uint8, .bool: return Double(raw[o])
                case .int16: return Double(Int16(bitPattern: raw.loadLE(UInt16.self, at: o)))
                case .uint16: return Double(raw.loadLE(UInt16.self, at: o))
                case .int32: return Double(Int32(bitPattern: raw.loadLE(UInt32.self, at: o)))
                case .uint32: return Double(raw.loadLE(UInt32.self, at: o))
                case .int64: return Double(Int64(bitPattern: raw.loadLE(UInt64.self, at: o)))
                case .uint64: return Double(raw.loadLE(UInt64.self, at: o))
                }
            }
        }
    }

    /// The elements as `Float`; float32 data is returned bit for bit.
    public func floats() -> [Float] {
        guard dtype == .float32 else { return doubles().map { Float($0) } }
        return data.withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: raw.loadLE(UInt32.self, at: $0 * 4)) }
        }
    }

    /// The elements as `Int`.
    ///
    /// - Throws: `NumPyError.unsupported` for floating-point data, and for a uint64 element
    ///   above `Int.max`, naming `file` and its position (it would otherwise wrap around to
    ///   a negative index).
    public func integers(file: String) throws -> [Int] {
        guard !dtype.isFloatingPoint else {
            throw NumPyError.unsupported(
                file: file,
                reason: "expected integers, found "
                    + "\(dtype == .float32 ? "float32" : "float64") data")
        }
        return try data.withUnsafeBytes { raw in
            try (0..<count).map { i -> Int in
                let o = i * dtype.byteCount
                switch dtype {
                case .int8: return Int(Int8(bitPattern: raw[o]))
                case .uint8, .bool: return Int(raw[o])
                case .int16: return Int(Int16(bitPattern: raw.loadLE(UInt16.self, at: o)))
                case .uint16: return Int(raw.loadLE(UInt16.self, at: o))
                case .int32: return Int(Int32(bitPattern: raw.loadLE(UInt32.self, at: o)))
                case .uint32: return Int(raw.loadLE(UInt32.self, at: o))
                case .int64: return Int(Int64(bitPattern: raw.loadLE(UInt64.self, at: o)))
                case .uint64:
                    let value = raw.loadLE(UInt64.self, at: o)
                    guard let exact = Int(exactly: value) else {
                        throw NumPyError.unsupported(
                            file: file,
                            reason: "element \(i) is "
                                + "\(value), larger than an Int can hold")
                    }
                    return exact
                case .float32, .float64: return 0
                }
            }
        }
    }

    /// The elements as `Bool` (non-zero is `true`).
    public func booleans() -> [Bool] {
        doubles().map { $0 != 0 }
    }
}

extension UnsafeRawBufferPointer {
    /// An unaligned little-endian load.
    func loadLE<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
