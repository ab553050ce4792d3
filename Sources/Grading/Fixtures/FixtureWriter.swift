import Foundation

/// Writes fixture files as stable, readable JSON: keys sorted, one array per line, and
/// every Double in Swift's shortest round-trip form, so regenerating gives identical bytes.
public enum FixtureWriter {
    /// The JSON text of a fixture file, ending in a newline.
    public static func text(of file: FixtureFile) -> String {
        var out = "{\n"
        out += "  \"format\": \(quoted(file.format)),\n"
        out += "  \"version\": \(file.version),\n"
        out += "  \"fixture\": \(quoted(file.fixture)),\n"
        // Written only when set, so files without it keep their bytes.
        if let hidden = file.hidden { out += "  \"hidden\": \(hidden),\n" }
        out += "  \"cases\": [\n"
        out += file.cases.map(text(of:)).joined(separator: ",\n")
        out += "\n  ]\n}\n"
        return out
    }

    private static func text(of fixtureCase: FixtureCase) -> String {
        var fields = [
            "      \"name\": \(quoted(fixtureCase.name))",
            "      \"description\": \(quoted(fixtureCase.description))",
            "      \"inputs\": \(table(fixtureCase.inputs))",
            "      \"outputs\": \(table(fixtureCase.outputs))",
        ]
        if let settings = fixtureCase.settings {
            let items = settings.sorted { $0.key < $1.key }
                .map { "\(quoted($0.key)): \(quoted($0.value))" }
            fields.append("      \"settings\": {" + items.joined(separator: ", ") + "}")
        }
        if let hidden = fixtureCase.hidden { fields.append("      \"hidden\": \(hidden)") }
        return "    {\n" + fields.joined(separator: ",\n") + "\n    }"
    }

    private static func table(_ arrays: [String: FixtureArray]) -> String {
        guard !arrays.isEmpty else { return "{}" }
        let lines = arrays.sorted { $0.key < $1.key }.map { key, array -> String in
            let values = array.data.map { array.dtype == "int64" ? "\(Int($0))" : number($0) }
            return "        \(quoted(key)): {\"dtype\": \(quoted(array.dtype)), \"shape\": "
                + "[\(array.shape.map(String.init).joined(separator: ", "))], \"data\": ["
                + values.joined(separator: ", ") + "]}"
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n      }"
    }

    private static func number(_ value: Double) -> String {
        precondition(value.isFinite, "fixtures hold finite numbers only")
        return "\(value)"
    }

    private static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(text), let json = String(data: data, encoding: .utf8)
        else { return "\"\"" }
        return json
    }
}
