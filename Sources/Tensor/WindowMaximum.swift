// The loops of max pooling (Sources/Vision/MaxPooling.swift). As array code in the layer,
// with bounds checks and appends, the forward pass took 17 % of an encoder training step
// (perf, batch 50 of 64×64 images); here it walks each plane with pointers.

extension Tensor where Element: TensorScalar {
    /// The largest element of every window over the last two axes of this `(N, C, H, W)`
    /// batch (no padding), `(N, C, H', W')`, and for each the flat index into this tensor
    /// of the element it came from (the first in row-major order on a tie).
    ///
    /// Stops with a shape error unless the tensor has rank 4, the window has no padding
    /// and it fits the image.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    package func windowMaxima(window: ConvolutionWindow) -> (values: Tensor, sources: [Int]) {
        let g = ImageGeometry(shape, window: window, operation: "windowMaxima")
        guard window.padding == 0 else {
            shapeFailure("windowMaxima: pooling windows take no padding, got \(window.padding)")
        }
        let (values, sources) = maxima(scalars, g)
        return (
            Tensor(
                uncheckedShape: [g.images, g.channels, g.outputHeight, g.outputWidth],
                scalars: values),
            sources
        )
    }

    /// The adjoint of ``windowMaxima(window:)``'s selection: a tensor of `shape` with
    /// each of these values added at its flat index in `sources` (zeros elsewhere).
    ///
    /// Stops with a shape error unless there is one source per value and every source
    /// lies inside `shape`.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    package func scattered(to sources: [Int], shape: [Int]) -> Tensor {
        let total = shape.reduce(1, *)
        guard sources.count == count else {
            shapeFailure(
                "scattered(to:shape:): \(count) values but \(sources.count) sources")
        }
        if let bad = sources.first(where: { $0 < 0 || $0 >= total }) {
            shapeFailure(
                "scattered(to:shape:): source \(bad) is outside a tensor of shape "
                    + shape.shapeDescription)
        }
        var result = [Element](repeating: 0, count: total)
        for (value, source) in zip(scalars, sources) { result[source] += value }
        return Tensor(shape: shape, scalars: result)
    }
}

@_specialize(where S == Float)
@_specialize(where S == Double)
private func maxima<S: TensorScalar>(_ x: [S], _ g: ImageGeometry) -> ([S], [Int]) {
    let count = g.images * g.channels * g.positions
    var sources = [Int](repeating: 0, count: count)
    let (w, planeSize) = (g.window, g.height * g.width)
    let values = x.withUnsafeBufferPointer { input in
        sources.withUnsafeMutableBufferPointer { sources in
            [S](unsafeUninitializedCapacity: count) { output, initialized in
                guard let x = input.baseAddress, let out = output.baseAddress,
                    let from = sources.baseAddress
                else { return initialized = 0 }
                var k = 0
                for plane in 0..<(g.images * g.channels) {
                    let base = plane * planeSize
                    for y in 0..<g.outputHeight {
                        for column in 0..<g.outputWidth {
                            let corner = base + y * w.stride * g.width + column * w.stride
                            var (best, largest) = (corner, x[corner])
                            for i in 0..<w.height {
                                let row = corner + i * g.width
                                for j in 0..<w.width {
                                    // Selects, not branches: on real activations the
                                    // comparison is a coin toss, and mispredicted branches
                                    // made this loop 2/3 as costly as all the products.
                                    let value = x[row + j]
                                    let larger = value > largest
                                    best = larger ? row + j : best
                                    largest = larger ? value : largest
                                }
                            }
                            (out + k).initialize(to: largest)
                            from[k] = best
                            k += 1
                        }
                    }
                }
                initialized = count
            }
        }
    }
    return (values, sources)
}
