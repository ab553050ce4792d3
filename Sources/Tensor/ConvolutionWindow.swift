/// The window of a 2-D convolution or pooling layer, sliding over the last two axes of an
/// `(N, C, H, W)` batch: its height and width (HH, WW), its stride and the zero padding
/// added on every side (the original's `conv_param = {'stride': …, 'pad': …}`).
package struct ConvolutionWindow: Sendable, Hashable {
    /// HH and WW, the window's size in pixels.
    package let height: Int, width: Int
    /// The step between two window positions, in both directions.
    package let stride: Int
    /// Zero pixels added on each of the four sides before the window slides.
    package let padding: Int

    /// A window; stops with a shape error unless the sizes and the stride are positive
    /// and the padding is not negative.
    package init(height: Int, width: Int, stride: Int = 1, padding: Int = 0) {
        guard height > 0, width > 0, stride > 0, padding >= 0 else {
            shapeFailure(
                "a convolution window needs a positive size and stride and a padding >= 0; "
                    + "got \(height)×\(width), stride \(stride), padding \(padding)")
        }
        (self.height, self.width, self.stride, self.padding) = (height, width, stride, padding)
    }

    /// (H', W'), the number of window positions over an image of `height` × `width`:
    /// 1 + (H + 2·pad − HH) / stride, rounded down (the original's `H_out`).
    ///
    /// Stops with a shape error, naming `operation`, if the padded image is smaller than
    /// the window.
    package func outputSize(height: Int, width: Int, operation: String) -> (Int, Int) {
        let (paddedHeight, paddedWidth) = (height + 2 * padding, width + 2 * padding)
        guard paddedHeight >= self.height, paddedWidth >= self.width else {
            shapeFailure(
                "\(operation): a \(self.height)×\(self.width) window does not fit an image of "
                    + "\(height)×\(width) with padding \(padding)")
        }
        return (
            1 + (paddedHeight - self.height) / stride, 1 + (paddedWidth - self.width) / stride
        )
    }

    /// The output positions `o` whose input coordinate `o·stride − padding + offset` lies
    /// inside `0 ..< size`: the columns (or rows) a window tap reads real pixels for.
    func validOutputs(offset: Int, size: Int, outputs: Int) -> Range<Int> {
        // o·s ≥ pad − offset  and  o·s ≤ size − 1 + pad − offset.
        let first = max(0, ceilingDivision(padding - offset, stride))
        let last = min(outputs - 1, floorDivision(size - 1 + padding - offset, stride))
        return first <= last ? first..<(last + 1) : first..<first
    }
}

private func floorDivision(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

private func ceilingDivision(_ a: Int, _ b: Int) -> Int {
    -floorDivision(-a, b)
}
