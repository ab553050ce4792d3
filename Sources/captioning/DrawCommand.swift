import CommandLineOptions
import Foundation
import Imaging
import Training

/// `captioning draw`: renders the scene a Shapes caption describes and writes it as PNG.
struct DrawCommand {
    /// The command line, parsed against `CaptioningInterface.draw`.
    let arguments: ParsedArguments

    func run() throws {
        let a = arguments
        guard let caption = a.positionals.first, let path = a.value("--output") else {
            throw UsageError("draw needs a CAPTION and --output FILE", command: a.command)
        }
        let scene: ShapesScene
        do {
            scene = try ShapesScene(caption: caption)
        } catch {
            throw UsageError(
                "the caption is not in the Shapes grammar: \(error)", command: a.command)
        }
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else {
                throw CLIError("\(url.path) is a folder; --output needs a file name")
            }
            guard a.flag("--force") else {
                throw CLIError(
                    "\(url.path) already exists; choose another --output or pass --force to "
                        + "overwrite it")
            }
        }
        // The declaration bounds --size to 1...4096, the renderer's range.
        let size = a.integer("--size") ?? 64
        let seed = a.unsigned("--seed") ?? 0
        let image = ShapesRenderer(size: size, seed: seed).render(scene, noiseSeed: 0)
        try RunFolder.writeAtomically(Data(image.pngData()), to: url)
        say("\(url.path): \(size)×\(size) PNG of \"\(scene.description)\"")
    }
}
