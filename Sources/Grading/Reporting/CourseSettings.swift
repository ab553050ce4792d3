import Foundation

/// A course's grading settings, read from the JSON file given with `grader --course FILE`:
/// what each check is worth on Gradescope, who sees which test and when, and per-check
/// time limits. Every key is optional; without a file the grader uses `CourseSettings()`.
///
/// ```json
/// {"points": {"rnnStepForward": 2, "overfitLSTM": 10},
///  "defaultPoints": 1, "overfitPoints": 5,
///  "visibility": {"overfitGRU": "after_due_date"}, "defaultVisibility": "visible",
///  "stdoutVisibility": "hidden",
///  "timeouts": {"overfitLSTM": 120}}
/// ```
///
/// - `points`: the points of single checks, by our name (`grader list` shows them).
/// - `defaultPoints` (default 1): every other layer and model check.
/// - `overfitPoints` (default 5): every other overfit check. Training a whole model is
///   more work than one layer, and a grade should not hinge on, say, `rnnStepForward`
///   weighing as much as the LSTM overfit run.
/// - `visibility`, `defaultVisibility` (default `visible`): when learners see a test on
///   Gradescope: `visible`, `hidden` (instructors only), `after_due_date` or
///   `after_published`.
/// - `stdoutVisibility` (default `hidden`): the same for the grader's standard output.
/// - `timeouts`: time limits in seconds, by check; `--timeout` overrides all of them.
///
/// Points are non-negative, time limits positive, and both finite. A file with an unknown
/// key, an unknown check name, a bad number, a value of the wrong type or an unknown
/// visibility is refused with a `CourseSettingsError` naming the file and the key: a typo
/// must never grade a course with the defaults unnoticed.
public struct CourseSettings: Equatable, Sendable {
    /// Gradescope's visibility of a test or of the autograder's standard output.
    public enum Visibility: String, CaseIterable, Codable, Sendable {
        /// Learners see it at once.
        case visible
        /// Only instructors see it.
        case hidden
        /// Learners see it once the due date has passed.
        case afterDueDate = "after_due_date"
        /// Learners see it once the grades are published.
        case afterPublished = "after_published"
    }

    /// Points of single checks, by check name; the others get a default.
    public private(set) var points: [String: Double] = [:]
    /// Points of a layer or model check that `points` does not name.
    public private(set) var defaultPoints = 1.0
    /// Points of an overfit check that `points` does not name.
    public private(set) var overfitPoints = 5.0
    /// Visibility of single tests, by check name; the others get `defaultVisibility`.
    public private(set) var visibility: [String: Visibility] = [:]
    /// Visibility of a test that `visibility` does not name.
    public private(set) var defaultVisibility = Visibility.visible
    /// Visibility of the grader's standard output on Gradescope.
    public private(set) var stdoutVisibility = Visibility.hidden
    /// Time limits in seconds, by check name; the others keep their own.
    public private(set) var timeouts: [String: Double] = [:]

    /// The defaults: 1 point per layer or model check, 5 per overfit check, every test
    /// visible, standard output hidden, each check's own time limit.
    public init() {}

    /// Reads and validates the settings file at `url`.
    public init(contentsOf url: URL) throws(CourseSettingsError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CourseSettingsError(
                file: url.path, key: nil,
                reason: .unreadable(error.localizedDescription))
        }
        try self.init(json: data, file: url.path)
    }

    /// Parses and validates settings from JSON text; `file` names it in errors.
    public init(json: Data, file: String) throws(CourseSettingsError) {
        func refuse(_ key: String?, _ reason: CourseSettingsError.Reason) -> CourseSettingsError {
            CourseSettingsError(file: file, key: key, reason: reason)
        }
        // Parsed as plain JSON values, not with Codable, so that unknown keys are seen
        // (Codable ignores them) and every refusal can name its key.
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: json) else {
            throw refuse(nil, .notJSON)
        }
        guard case .object(let entries) = root else {
            throw refuse(nil, .wrongType(expected: "an object"))
        }
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "points":
                points = try Self.perCheck(value, key: key, refuse) {
                    name, value throws(CourseSettingsError) in
                    try Self.points(value, key: "\(key).\(name)", refuse)
                }
            case "defaultPoints": defaultPoints = try Self.points(value, key: key, refuse)
            case "overfitPoints": overfitPoints = try Self.points(value, key: key, refuse)
            case "visibility":
                visibility = try Self.perCheck(value, key: key, refuse) {
                    name, value throws(CourseSettingsError) in
                    try Self.visibility(value, key: "\(key).\(name)", refuse)
                }
            case "defaultVisibility":
                defaultVisibility = try Self.visibility(value, key: key, refuse)
            case "stdoutVisibility": stdoutVisibility = try Self.visibility(value, key: key, refuse)
            case "timeouts":
                timeouts = try Self.perCheck(value, key: key, refuse) {
                    name, value throws(CourseSettingsError) in
                    try Self.seconds(value, key: "\(key).\(name)", refuse)
                }
            default:
                throw refuse(key, .unknownKey(known: Self.keys))
            }
        }
    }

    /// The keys a settings file may have.
    public static let keys = [
        "points", "defaultPoints", "overfitPoints", "visibility",
        "defaultVisibility", "stdoutVisibility", "timeouts",
    ]

    /// What the check named `check` is worth.
    public func points(for check: String) -> Double {
        points[check] ?? (Self.overfitChecks.contains(check) ? overfitPoints : defaultPoints)
    }

    /// When learners see the test of the check named `check`.
    public func visibility(for check: String) -> Visibility {
        visibility[check] ?? defaultVisibility
    }

    private static let checkNames = Set(CheckCatalog.all.map(\.name))
    private static let overfitChecks = Set(OverfitChecks.all.map(\.name))

    private typealias Refuse = (String?, CourseSettingsError.Reason) -> CourseSettingsError

    /// An object whose keys are check names, each value read by `read`.
    private static func perCheck<Value>(
        _ value: JSONValue, key: String, _ refuse: Refuse,
        _ read: (String, JSONValue) throws(CourseSettingsError) -> Value
    ) throws(CourseSettingsError) -> [String: Value] {
        guard case .object(let entries) = value else {
            throw refuse(key, .wrongType(expected: "an object keyed by check names"))
        }
        var result: [String: Value] = [:]
        for (name, entry) in entries.sorted(by: { $0.key < $1.key }) {
            guard checkNames.contains(name) else { throw refuse("\(key).\(name)", .unknownCheck) }
            result[name] = try read(name, entry)
        }
        return result
    }

    private static func number(
        _ value: JSONValue, key: String,
        _ refuse: Refuse
    ) throws(CourseSettingsError) -> Double {
        switch value {
        case .number(let number) where number.isFinite: return number
        case .number, .unrepresentableNumber: throw refuse(key, .notFinite)
        default: throw refuse(key, .wrongType(expected: "a number"))
        }
    }

    private static func points(
        _ value: JSONValue, key: String,
        _ refuse: Refuse
    ) throws(CourseSettingsError) -> Double {
        let points = try number(value, key: key, refuse)
        guard points >= 0 else { throw refuse(key, .negative(points)) }
        return points
    }

    private static func seconds(
        _ value: JSONValue, key: String,
        _ refuse: Refuse
    ) throws(CourseSettingsError) -> Double {
        let seconds = try number(value, key: key, refuse)
        guard seconds > 0 else { throw refuse(key, .notPositive(seconds)) }
        return seconds
    }

    private static func visibility(
        _ value: JSONValue, key: String,
        _ refuse: Refuse
    ) throws(CourseSettingsError) -> Visibility {
        guard case .string(let text) = value else {
            throw refuse(key, .wrongType(expected: "a string"))
        }
        guard let visibility = Visibility(rawValue: text) else {
            throw refuse(key, .unknownVisibility(text))
        }
        return visibility
    }
}

/// Why a course settings file was refused, naming the file and the key.
public struct CourseSettingsError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What is wrong with the value (or the file).
    public enum Reason: Equatable, Sendable {
        /// The file could not be read; the system's message.
        case unreadable(String)
        /// The file is not valid JSON.
        case notJSON
        /// The key is not one of `known`.
        case unknownKey(known: [String])
        /// The key names no grader check.
        case unknownCheck
        /// The value has the wrong JSON type.
        case wrongType(expected: String)
        /// Points below zero.
        case negative(Double)
        /// A time limit of zero seconds or less.
        case notPositive(Double)
        /// A number too large to be represented.
        case notFinite
        /// A visibility Gradescope does not know.
        case unknownVisibility(String)
    }

    /// The settings file's path.
    public let file: String
    /// The refused key, `points.rnnStepForward` for a nested one; nil for the whole file.
    public let key: String?
    /// What is wrong.
    public let reason: Reason

    /// `course settings course.json: "points.rnnStepFoward": no check has this name …`
    public var description: String {
        let subject = key.map { "course settings \(file): \"\($0)\"" } ?? "course settings \(file)"
        return "\(subject): \(explanation)"
    }

    private var explanation: String {
        switch reason {
        case .unreadable(let message): "cannot be read: \(message)"
        case .notJSON: "is not valid JSON"
        case .unknownKey(let known): "unknown key; the keys are " + known.joined(separator: ", ")
        case .unknownCheck: "no check has this name (`grader list` shows every check's name)"
        case .wrongType(let expected): "expected \(expected)"
        case .negative(let value): "points cannot be negative, got \(value)"
        case .notPositive(let value):
            "a time limit must be a positive number of seconds, got \(value)"
        case .notFinite: "expected a finite number"
        case .unknownVisibility(let text):
            "unknown visibility \"\(text)\"; use "
                + CourseSettings.Visibility.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }
}

/// A JSON value as the settings file holds it, keeping booleans apart from numbers.
private indirect enum JSONValue: Decodable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    /// A number Double cannot hold (`1e400`), which the decoder refuses.
    case unrepresentableNumber

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            // Well-formed JSON that is none of the above can only be an out-of-range number
            // (malformed text fails before any value is decoded).
            self = .unrepresentableNumber
        }
    }
}
