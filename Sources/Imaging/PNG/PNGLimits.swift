/// The bounds the PNG reader holds every image to, so that no input, however crafted, makes
/// it allocate without limit.
public enum PNGLimits {
    /// The largest width or height read: 8192 pixels.
    public static let maximumSide = 8192
    /// The most bytes of filtered image data (rows of samples, each with its filter byte)
    /// read: 64 MiB, a 4096 × 4096 RGBA image.
    public static let maximumImageBytes = 64 << 20
    /// The largest PNG file read: 128 MiB, room for the largest image in stored
    /// (uncompressed) blocks with its chunks around it.
    public static let maximumFileBytes = 128 << 20
}
