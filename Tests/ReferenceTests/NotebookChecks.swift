import Foundation
import Tensor
import XCTest

/// The published checks of the original notebooks (`shared/cs231n/notebook_checks.json`,
/// copied beside this file): their inputs, expected values and thresholds.
/// Immutable after loading, so sharing it between tests is safe.
struct NotebookChecks: @unchecked Sendable {
    private let checks: [String: [String: Any]]

    /// Parsed with JSONDecoder: on Linux, JSONSerialization rounds some doubles in the
    /// last digit, which would change the notebook's inputs.
    private enum JSONValue: Decodable {
        case number(Double), bool(Bool), string(String), array([JSONValue])
        case object([String: JSONValue]), null

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .null
            } else if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if let d = try? c.decode(Double.self) {
                self = .number(d)
            } else if let s = try? c.decode(String.self) {
                self = .string(s)
            } else if let a = try? c.decode([JSONValue].self) {
                self = .array(a)
            } else {
                self = .object(try c.decode([String: JSONValue].self))
            }
        }

        var any: Any {
            switch self {
            case .number(let d): return d
            case .bool(let b): return b
            case .string(let s): return s
            case .array(let a): return a.map(\.any)
            case .object(let o): return o.mapValues(\.any)
            case .null: return NSNull()
            }
        }
    }

    static let shared: NotebookChecks = {
        guard let url = Bundle.module.url(forResource: "notebook_checks", withExtension: "json"),
            let data = try? Data(contentsOf: url),
            let root = (try? JSONDecoder().decode(JSONValue.self, from: data))?.any
                as? [String: Any],
            let list = root["checks"] as? [[String: Any]]
        else {
            fatalError("notebook_checks.json is missing or unreadable in the test bundle")
        }
        var byName: [String: [String: Any]] = [:]
        for check in list { byName[check["name"] as! String] = check }
        return NotebookChecks(checks: byName)
    }()

    func check(_ name: String) -> [String: Any] {
        guard let check = checks[name] else { fatalError("no notebook check named \(name)") }
        return check
    }

    /// An input array of a check as a Double tensor.
    func input(_ check: String, _ key: String) -> Tensor<Double> {
        tensor(from: (self.check(check)["inputs"] as! [String: Any])[key]!)
    }

    /// An integer input array of a check.
    func integerInput(_ check: String, _ key: String) -> Tensor<Int> {
        let t = input(check, key)
        return Tensor<Int>(truncating: t)
    }

    /// A published expected array.
    func expected(_ check: String, _ key: String) -> Tensor<Double> {
        tensor(from: (self.check(check)["expected"] as! [String: Any])[key]!)
    }

    /// The numeric-gradient threshold the notebook states for a gradient (or for all).
    func gradientThreshold(_ check: String, _ key: String) -> Double {
        let threshold = self.check(check)["threshold"] as! [String: Any]
        if let perKey = threshold["numeric"] as? [String: Double] { return perKey[key]! }
        return threshold["numeric"] as! Double
    }
}

/// Converts nested JSON arrays of numbers (or booleans) to a Double tensor.
func tensor(from json: Any) -> Tensor<Double> {
    var shape: [Int] = []
    var probe: Any = json
    while let array = probe as? [Any] {
        shape.append(array.count)
        guard let first = array.first else { break }
        probe = first
    }
    var values: [Double] = []
    func flatten(_ value: Any) {
        if let array = value as? [Any] {
            array.forEach(flatten)
        } else if let number = value as? Double {
            values.append(number)
        } else if let flag = value as? Bool {
            values.append(flag ? 1 : 0)
        }
    }
    flatten(json)
    return Tensor(shape: shape, scalars: values)
}

/// Asserts `relativeError(actual, expected) < threshold` and reports the error.
func assertClose(
    _ actual: Tensor<Double>, _ expected: Tensor<Double>, below threshold: Double,
    _ label: String, file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.shape, expected.shape, "\(label): shape", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    let error = relativeError(actual, expected)
    print("\(label): relative error \(error) (threshold \(threshold))")
    XCTAssertLessThan(
        error, threshold, "\(label): relative error \(error) (threshold \(threshold))",
        file: file, line: line)
}
