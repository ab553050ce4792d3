import Tensor

/// Why a message between the grader and a learner process could not be decoded.
public struct WireError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// Appends values to a message in the compact little-endian form both processes share:
/// tensors go as a shape and their raw elements, so a large array costs one copy.
public struct WireWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ value: UInt8) { bytes.append(value) }

    public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    public mutating func write(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ value: String) {
        let utf8 = Array(value.utf8)
        write(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    public mutating func write(_ values: [String]) {
        write(values.count)
        values.forEach { write($0) }
    }

    public mutating func write(_ value: [String: Int]) {
        write(value.count)
        for (key, index) in value.sorted(by: { $0.key < $1.key }) {
            write(key)
            write(index)
        }
    }

    /// A tensor of any of the three element types the assignment uses.
    public mutating func write(_ tensor: WireTensor) {
        switch tensor {
        case .double(let t):
            write(UInt8(0))
            writeShape(t.shape)
            appendRaw(t)
        case .float(let t):
            write(UInt8(1))
            writeShape(t.shape)
            appendRaw(t)
        case .int(let t):
            write(UInt8(2))
            writeShape(t.shape)
            appendRaw(Tensor<Int64>(shape: t.shape, scalars: t.scalars.map { Int64($0) }))
        }
    }

    public mutating func write(_ tensors: [WireTensor]) {
        write(tensors.count)
        tensors.forEach { write($0) }
    }

    public mutating func write(_ tensors: [String: WireTensor]) {
        write(tensors.count)
        for (name, tensor) in tensors.sorted(by: { $0.key < $1.key }) {
            write(name)
            write(tensor)
        }
    }

    private mutating func writeShape(_ shape: [Int]) {
        write(shape.count)
        shape.forEach { write($0) }
    }

    /// Every platform Swift supports here is little-endian, so elements are copied as they are.
    private mutating func appendRaw<E>(_ tensor: Tensor<E>) {
        tensor.scalars.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
}

/// Reads what a `WireWriter` wrote, refusing anything malformed with a `WireError` (a
/// learner process may send anything, so every length is checked before it is used).
public struct WireReader {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { position == bytes.count }

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - position else {
            throw WireError(
                "the message ends early (wanted \(count) bytes at \(position) of "
                    + "\(bytes.count))")
        }
        defer { position += count }
        return bytes[position..<position + count]
    }

    public mutating func readByte() throws -> UInt8 { try take(1).first ?? 0 }

    public mutating func readBool() throws -> Bool { try readByte() != 0 }

    public mutating func readInt() throws -> Int {
        let raw = try take(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(Int64(bitPattern: raw))
    }

    public mutating func readDouble() throws -> Double {
        let raw = try take(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(bitPattern: raw)
    }

    public mutating func readString() throws -> String {
        String(decoding: try take(try readInt()), as: UTF8.self)
    }

    public mutating func readStrings() throws -> [String] {
        try (0..<readCount()).map { _ in try readString() }
    }

    public mutating func readVocabulary() throws -> [String: Int] {
        var result: [String: Int] = [:]
        for _ in 0..<(try readCount()) { result[try readString()] = try readInt() }
        return result
    }

    public mutating func readTensor() throws -> WireTensor {
        let kind = try readByte()
        let rank = try readCount()
        guard rank <= 8 else { throw WireError("a tensor of rank \(rank)") }
        let shape = try (0..<rank).map { _ in try readCount() }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= bytes.count else {
                throw WireError("a tensor of shape \(shape) does not fit in the message")
            }
            count = product
        }
        switch kind {
        case 0: return .double(Tensor(shape: shape, scalars: try raw(Double.self, count)))
        case 1: return .float(Tensor(shape: shape, scalars: try raw(Float.self, count)))
        case 2:
            return .int(Tensor(shape: shape, scalars: try raw(Int64.self, count).map { Int($0) }))
        default: throw WireError("unknown tensor element type \(kind)")
        }
    }

    public mutating func readTensors() throws -> [WireTensor] {
        try (0..<readCount()).map { _ in try readTensor() }
    }

    public mutating func readNamedTensors() throws -> [String: WireTensor] {
        var result: [String: WireTensor] = [:]
        for _ in 0..<(try readCount()) { result[try readString()] = try readTensor() }
        return result
    }

    /// A count or dimension: never negative, never more than the message could hold.
    public mutating func readCount() throws -> Int {
        let count = try readInt()
        guard count >= 0, count <= bytes.count else { throw WireError("a count of \(count)") }
        return count
    }

    private mutating func raw<E>(_ type: E.Type, _ count: Int) throws -> [E] {
        let slice = try take(count * MemoryLayout<E>.stride)
        return [E](unsafeUninitializedCapacity: count) { buffer, initialized in
            slice.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
            }
            initialized = count
        }
    }
}

/// A tensor on the wire: the assignment's arrays are Double (checks), Float (training) or
/// word indices.
public enum WireTensor: Sendable, Equatable {
    case double(Tensor<Double>)
    case float(Tensor<Float>)
    case int(Tensor<Int>)

    public var shape: [Int] {
        switch self {
        case .double(let t): return t.shape
        case .float(let t): return t.shape
        case .int(let t): return t.shape
        }
    }

    /// The values as Double (word indices converted).
    public var doubles: Tensor<Double> {
        switch self {
        case .double(let t): return t
        case .float(let t): return Tensor(shape: t.shape, scalars: t.scalars.map(Double.init))
        case .int(let t): return Tensor(shape: t.shape, scalars: t.scalars.map(Double.init))
        }
    }

    /// The word indices, or nil for a floating-point tensor.
    public var integers: Tensor<Int>? {
        if case .int(let t) = self { return t }
        return nil
    }

    /// The tensor in the precision `S`, converting if needed (nil for word indices).
    public func scalars<S: TensorScalar>(as type: S.Type) -> Tensor<S>? {
        switch self {
        case .double(let t): return Tensor<S>(converting: t)
        case .float(let t): return Tensor<S>(converting: t)
        case .int: return nil
        }
    }

    /// Wraps a Float or Double tensor.
    public init<S: TensorScalar>(_ tensor: Tensor<S>) {
        if let t = tensor as? Tensor<Double> {
            self = .double(t)
        } else if let t = tensor as? Tensor<Float> {
            self = .float(t)
        } else {
            self = .double(Tensor<Double>(converting: tensor))
        }
    }
}
