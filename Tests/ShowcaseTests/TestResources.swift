import Foundation

/// The committed test files (written by `Resources/generate.py` with NumPy).
enum TestResources {
    static func url(_ name: String) -> URL {
        guard let folder = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
            fatalError("the ShowcaseTests resources are missing")
        }
        return folder.appendingPathComponent(name)
    }

    static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }
}
