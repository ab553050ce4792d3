import Foundation
import Tensor

/// One array in a fixture file: its shape, element type and row-major values.
///
/// ```json
/// {"dtype": "float64", "shape": [2, 3], "data": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]}
/// ```
/// `dtype` is `float64` or `int64`; integers are written as JSON integers.
public struct FixtureArray: Codable, Equatable, Sendable {
    public var dtype: String
    public var shape: [Int]
    public var data: [Double]

    public init(_ tensor: Tensor<Double>) {
        (dtype, shape, data) = ("float64", tensor.shape, tensor.scalars)
    }

    public init(_ tensor: Tensor<Int>) {
        (dtype, shape, data) = ("int64", tensor.shape, tensor.scalars.map(Double.init))
    }

    /// A scalar stored as a rank-0 array.
    public init(scalar: Double) { (dtype, shape, data) = ("float64", [], [scalar]) }
}

/// One case of a check: named inputs and the outputs Reference computed from them.
public struct FixtureCase: Codable, Equatable, Sendable {
    /// A short name, unique within its file (`notebook`, `random-d7-h5`).
    public var name: String
    /// What the case is for, in a sentence (which mistake its shapes expose).
    public var description: String
    public var inputs: [String: FixtureArray]
    public var outputs: [String: FixtureArray]
    /// Optional settings, such as `maxLength` for sampling or `cellType`.
    public var settings: [String: String]?
    /// True for a case learners must never see: reports call it "hidden case k of n" and
    /// show none of its values. A whole file can be marked hidden too.
    public var hidden: Bool?

    /// Whether the case is hidden (by itself or by its file).
    public var isHidden: Bool { hidden == true }

    public init(
        name: String, description: String, inputs: [String: FixtureArray],
        outputs: [String: FixtureArray], settings: [String: String]? = nil,
        hidden: Bool? = nil
    ) {
        (self.name, self.description, self.inputs, self.outputs, self.settings, self.hidden) =
            (name, description, inputs, outputs, settings, hidden)
    }
}

/// A fixture file: every case of one layer or model, as generated from Reference.
///
/// Files are JSON with `format` = "rnncaptioning-fixture" and `version` = 1; see
/// `Sources/Grading/Fixtures/README.md` for the schema and an example.
public struct FixtureFile: Codable, Equatable, Sendable {
    public static let formatName = "rnncaptioning-fixture"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    /// The fixture set this file belongs to (`rnn_step`, `lstm`, `captioning_rnn`, ...).
    public var fixture: String
    public var cases: [FixtureCase]
    /// True when every case of the file is hidden (an instructor's hidden tests).
    public var hidden: Bool?

    public init(fixture: String, cases: [FixtureCase]) {
        (format, version, self.fixture, self.cases) =
            (Self.formatName, Self.currentVersion, fixture, cases)
    }
}

/// Why a fixture could not be used, naming the file (and the case and array) at fault.
public struct FixtureError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let problem: String

    public init(file: String, problem: String) { (self.file, self.problem) = (file, problem) }

    public var description: String { "fixture \(file): \(problem)" }
}

extension FixtureCase {
    /// The named input as a Double tensor; throws naming the case and the array.
    public func tensor(_ key: String, in file: String) throws -> Tensor<Double> {
        try array(key, in: inputs, kind: "input", file: file).asDouble(file: file, label: key)
    }

    /// The named integer input (word indices, captions).
    public func integers(_ key: String, in file: String) throws -> Tensor<Int> {
        try array(key, in: inputs, kind: "input", file: file).asInt(file: file, label: key)
    }

    /// The named expected output as a Double tensor.
    public func expected(_ key: String, in file: String) throws -> Tensor<Double> {
        try array(key, in: outputs, kind: "output", file: file).asDouble(file: file, label: key)
    }

    /// The named expected integer output.
    public func expectedIntegers(_ key: String, in file: String) throws -> Tensor<Int> {
        try array(key, in: outputs, kind: "output", file: file).asInt(file: file, label: key)
    }

    private func array(
        _ key: String, in table: [String: FixtureArray], kind: String,
        file: String
    ) throws -> FixtureArray {
        guard let value = table[key] else {
            throw FixtureError(file: file, problem: "case \"\(name)\" has no \(kind) \"\(key)\"")
        }
        return value
    }
}

extension FixtureArray {
    /// Throws unless the shape's sizes are non-negative and their product, computed
    /// without overflow (a file can claim any shape), is the number of values.
    func validated(file: String, label: String) throws {
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard size >= 0, !overflow else {
                throw FixtureError(
                    file: file,
                    problem: "array \"\(label)\" has shape \(shape), "
                        + "which no array can have")
            }
            count = product
        }
        guard count == data.count else {
            throw FixtureError(
                file: file,
                problem: "array \"\(label)\" has shape \(shape) but "
                    + "\(data.count) values")
        }
    }

    func asDouble(file: String, label: String) throws -> Tensor<Double> {
        try validated(file: file, label: label)
        guard data.allSatisfy(\.isFinite) else {
            throw FixtureError(file: file, problem: "array \"\(label)\" has a non-finite value")
        }
        return Tensor(shape: shape, scalars: data)
    }

    func asInt(file: String, label: String) throws -> Tensor<Int> {
        try validated(file: file, label: label)
        guard data.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e15 }) else {
            throw FixtureError(file: file, problem: "array \"\(label)\" must hold integers")
        }
        return Tensor(shape: shape, scalars: data.map { Int($0) })
    }
}
