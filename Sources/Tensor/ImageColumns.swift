// im2col and col2im (the original assignment's `im2col_cython` / `col2im_cython` in
// cs231n/im2col_cython.pyx, used by `conv_forward_im2col` in fast_layers.py): they turn a
// convolution into one matrix product with the kit's fast kernels (MatrixProduct.swift).
//
// Layout: the columns of a batch are one matrix of C·HH·WW rows and N·H'·W' columns. Row
// (c, i, j) holds, for every image and output position, the input pixel window tap (i, j)
// of channel c sees (0 in the padding); column n·H'·W' + y·W' + x is image n's output
// position (y, x). So `w.reshaped(F, C·HH·WW).matmul(columns)` is the whole batch's
// convolution as one product, (F, N·H'·W'). With a bias row (all ones) appended, the
// biases ride along as one more column of W: the product adds them, and the weight
// gradient's product gives their gradient too. (Measured: adding a (F, 1) bias by
// broadcasting and summing its gradient along an axis took 17 % of an encoder training
// step, the extra row of the product almost nothing.)

extension Tensor where Element: TensorScalar {
    /// im2col: the windows of this `(N, C, H, W)` batch as a `(C·HH·WW, N·H'·W')` matrix
    /// (layout above), with one more row of ones at the end if `biasRow`.
    ///
    /// Stops with a shape error unless the tensor has rank 4 and the window fits.
    package func imageColumns(window: ConvolutionWindow, biasRow: Bool = false) -> Tensor {
        let image = ImageGeometry(shape, window: window, operation: "imageColumns")
        return Tensor(
            uncheckedShape: [image.rows + (biasRow ? 1 : 0), image.columns],
            scalars: imageToColumns(scalars, image, biasRow: biasRow))
    }

    /// col2im: the adjoint of ``imageColumns(window:)``. Every entry of this
    /// `(C·HH·WW, N·H'·W')` matrix is added to the pixel of an `imageShape` batch it was
    /// read from (entries that came from the padding are dropped), so overlapping windows
    /// sum their gradients.
    ///
    /// Stops with a shape error unless `imageShape` is `(N, C, H, W)`, the window fits and
    /// this matrix has the shape `imageColumns` gives for it.
    package func columnsToImages(shape imageShape: [Int], window: ConvolutionWindow) -> Tensor {
        let image = ImageGeometry(imageShape, window: window, operation: "columnsToImages")
        guard shape == [image.rows, image.columns] else {
            shapeFailure(
                "columnsToImages: columns of shape \(shape.shapeDescription) do not come from "
                    + "images \(imageShape.shapeDescription) with a \(window.height)×"
                    + "\(window.width) window (stride \(window.stride), padding "
                    + "\(window.padding)), which give (\(image.rows), \(image.columns))")
        }
        return Tensor(uncheckedShape: imageShape, scalars: columnsToImage(scalars, image))
    }
}

/// The sizes of one im2col layout, checked once by the public entry points.
struct ImageGeometry {
    let images, channels, height, width: Int
    let window: ConvolutionWindow
    let outputHeight, outputWidth: Int

    init(_ shape: [Int], window: ConvolutionWindow, operation: String) {
        guard shape.count == 4 else {
            shapeFailure(
                "\(operation): images must be (N, C, H, W), got shape \(shape.shapeDescription)")
        }
        (images, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        self.window = window
        (outputHeight, outputWidth) = window.outputSize(
            height: height, width: width, operation: operation)
    }

    /// H'·W', the output positions per image.
    var positions: Int { outputHeight * outputWidth }
    /// C·HH·WW.
    var rows: Int { channels * window.height * window.width }
    /// N·H'·W'.
    var columns: Int { images * positions }

    /// Whether a pass over `elements` values is worth splitting across two threads.
    /// (Chosen, not tuned: below ~64 K values the fork costs more than it saves.)
    func isParallel(elements: Int) -> Bool { elements >= 1 << 16 }
}

/// im2col's loop. Parallel over the images (each half writes its own columns); every
/// column is written exactly once.
@_specialize(where S == Float)
@_specialize(where S == Double)
private func imageToColumns<S: TensorScalar>(
    _ x: [S], _ g: ImageGeometry, biasRow: Bool
) -> [S] {
    let windows = g.rows * g.columns
    let total = windows + (biasRow ? g.columns : 0)
    return x.withUnsafeBufferPointer { source in
        [S](unsafeUninitializedCapacity: total) { target, initialized in
            if let input = source.baseAddress, let output = target.baseAddress {
                let (pin, pout) = (SharedReadPointer(base: input), SharedPointer(base: output))
                forEachHalf(of: g.images, parallelFrom: g.isParallel(elements: total) ? 2 : .max) {
                    copyWindows(from: pin.base, to: pout.base, g, images: $0)
                }
                (output + windows).initialize(repeating: 1, count: total - windows)
            }
            initialized = total
        }
    }
}

/// Fills the columns of `images` (a range of the batch).
@inline(__always)
private func copyWindows<S: TensorScalar>(
    from x: UnsafePointer<S>, to columns: UnsafeMutablePointer<S>, _ g: ImageGeometry,
    images: Range<Int>
) {
    let w = g.window
    for row in 0..<g.rows {
        let (channel, tap) = row.quotientAndRemainder(dividingBy: w.height * w.width)
        let (i, j) = tap.quotientAndRemainder(dividingBy: w.width)
        let valid = w.validOutputs(offset: j, size: g.width, outputs: g.outputWidth)
        for image in images {
            let plane = x + (image * g.channels + channel) * g.height * g.width
            var out = columns + row * g.columns + image * g.positions
            for y in 0..<g.outputHeight {
                let inputRow = y * w.stride - w.padding + i
                if inputRow < 0 || inputRow >= g.height {
                    out.initialize(repeating: 0, count: g.outputWidth)
                } else {
                    // Pixel (inputRow, column·stride − pad + j): in the plane for `valid`.
                    let start = inputRow * g.width - w.padding + j
                    out.initialize(repeating: 0, count: valid.lowerBound)
                    if w.stride == 1 {
                        (out + valid.lowerBound).initialize(
                            from: plane + start + valid.lowerBound, count: valid.count)
                    } else {
                        for column in valid {
                            (out + column).initialize(to: plane[start + column * w.stride])
                        }
                    }
                    (out + valid.upperBound).initialize(
                        repeating: 0, count: g.outputWidth - valid.upperBound)
                }
                out += g.outputWidth
            }
        }
    }
}

/// col2im's loop. Parallel over the images (each half adds into its own images only), and
/// every pixel sums its taps in the same order whatever the split, so results never
/// depend on the thread count.
@_specialize(where S == Float)
@_specialize(where S == Double)
private func columnsToImage<S: TensorScalar>(_ columns: [S], _ g: ImageGeometry) -> [S] {
    let total = g.images * g.channels * g.height * g.width
    var result = [S](repeating: 0, count: total)
    columns.withUnsafeBufferPointer { source in
        result.withUnsafeMutableBufferPointer { target in
            guard let input = source.baseAddress, let output = target.baseAddress else { return }
            let (pin, pout) = (SharedReadPointer(base: input), SharedPointer(base: output))
            forEachHalf(
                of: g.images, parallelFrom: g.isParallel(elements: g.rows * g.columns) ? 2 : .max
            ) { addWindows(from: pin.base, to: pout.base, g, images: $0) }
        }
    }
    return result
}

/// Adds the columns of `images` back onto their pixels.
@inline(__always)
private func addWindows<S: TensorScalar>(
    from columns: UnsafePointer<S>, to x: UnsafeMutablePointer<S>, _ g: ImageGeometry,
    images: Range<Int>
) {
    let w = g.window
    for image in images {
        for row in 0..<g.rows {
            let (channel, tap) = row.quotientAndRemainder(dividingBy: w.height * w.width)
            let (i, j) = tap.quotientAndRemainder(dividingBy: w.width)
            let valid = w.validOutputs(offset: j, size: g.width, outputs: g.outputWidth)
            let plane = x + (image * g.channels + channel) * g.height * g.width
            var source = columns + row * g.columns + image * g.positions
            for y in 0..<g.outputHeight {
                let inputRow = y * w.stride - w.padding + i
                if inputRow >= 0 && inputRow < g.height {
                    let start = inputRow * g.width - w.padding + j
                    for column in valid { plane[start + column * w.stride] += source[column] }
                }
                source += g.outputWidth
            }
        }
    }
}
