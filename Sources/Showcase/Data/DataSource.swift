import Foundation
import Tensor
import Training

/// A loaded data set with what the report can draw of it.
public struct LoadedData: Sendable {
    /// The arrays and vocabulary.
    public var data: CaptioningData<Float>
    /// The validation scenes (Shapes only): scene i is feature row i of `valFeatures`.
    public var valScenes: [ShapesScene]?
    /// `shapes` or the folder's path.
    public var name: String

    /// Loads `source`: `shapes` for the built-in set (always generated with its default
    /// settings, so runs with different model seeds share the data), or a folder of COCO
    /// arrays (see `COCOLoader`).
    public static func load(_ source: String) throws -> LoadedData {
        if source == "shapes" {
            let shapes = try ShapesDataset()
            return LoadedData(data: shapes.data, valScenes: shapes.valScenes, name: "shapes")
        }
        let data = try COCOLoader.load(directory: URL(fileURLWithPath: source))
        return LoadedData(data: data, valScenes: nil, name: source)
    }
}
