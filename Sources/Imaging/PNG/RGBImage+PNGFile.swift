import Foundation

extension RGBImage {
    /// The image in the PNG file at `url`; every error names the file.
    ///
    /// - Throws: `PNGError` of kind `.unreadable` when the file cannot be read,
    ///   `.tooLarge` when it has more than `PNGLimits.maximumFileBytes` (checked before
    ///   reading it), or any error of ``init(pngData:)``.
    public init(contentsOfPNG url: URL) throws(PNGError) {
        let path = url.path
        let bytes: [UInt8]
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? NSNumber,
                size.int64Value > Int64(PNGLimits.maximumFileBytes)
            {
                throw PNGError(
                    .tooLarge,
                    "the file has \(size.int64Value) bytes; the reader takes at most "
                        + "\(PNGLimits.maximumFileBytes)", file: path)
            }
            bytes = [UInt8](try Data(contentsOf: url))
        } catch let error as PNGError {
            throw error
        } catch {
            throw PNGError(.unreadable, error.localizedDescription, file: path)
        }
        do {
            self = try RGBImage(pngData: bytes)
        } catch {
            throw error.inFile(path)
        }
    }
}
