extension Tensor where Element: Numeric {
    /// A tensor of zeros: `Tensor<Double>.zeros(3, 4)`, like `np.zeros((3, 4))`.
    public static func zeros(_ shape: Int...) -> Tensor { zeros(shape: shape) }

    /// A tensor of zeros with the given shape.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public static func zeros(shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// A tensor of zeros with the shape of `other`, like `np.zeros_like`.
    public static func zeros<E>(like other: Tensor<E>) -> Tensor { zeros(shape: other.shape) }

    /// A tensor of ones with the given shape.
    public static func ones(_ shape: Int...) -> Tensor { Tensor(repeating: 1, shape: shape) }
}

extension Tensor where Element: TensorScalar {
    /// `count` evenly spaced values from `start` through `end`, both included: NumPy's
    /// `np.linspace(start, end, num=count)`, computed the way NumPy does so notebook
    /// recipes such as `linspace(-0.4, 0.7, num=N*D).reshape(N, D)` match to the last bit.
    public static func linspace(from start: Element, through end: Element, count: Int) -> Tensor {
        guard count >= 0 else { shapeFailure("linspace needs count >= 0, got \(count)") }
        guard count > 1 else { return Tensor([Element](repeating: start, count: count)) }
        let divisions = Element(count - 1)
        let step = (end - start) / divisions
        var values = (0..<count).map { start + Element($0) * step }
        values[count - 1] = end
        return Tensor(values)
    }

    /// Samples from the standard normal distribution, like `np.random.randn(*shape)`,
    /// drawn from `generator` in row-major order.
    @_specialize(where Element == Float)
    @_specialize(where Element == Double)
    public static func randomNormal(
        shape: [Int], using generator: inout SeededGenerator
    ) -> Tensor {
        var result = Tensor.zeros(shape: shape)
        result.replaceScalars { values in
            for i in values.indices { values[i] = Element(generator.nextNormal()) }
        }
        return result
    }

    /// Samples uniformly from [low, high), like `np.random.uniform(low, high, shape)`.
    public static func randomUniform(
        shape: [Int], low: Element = 0, high: Element = 1, using generator: inout SeededGenerator
    ) -> Tensor {
        var result = Tensor.zeros(shape: shape)
        result.replaceScalars { values in
            for i in values.indices {
                values[i] = low + (high - low) * Element(generator.nextUnit())
            }
        }
        return result
    }
}

extension Tensor where Element == Int {
    /// Uniform integers in 0 ..< upperBound, like `np.random.randint(upperBound, size=shape)`.
    public static func randomIntegers(
        below upperBound: Int, shape: [Int], using generator: inout SeededGenerator
    ) -> Tensor {
        var result = Tensor(repeating: 0, shape: shape)
        result.replaceScalars { values in
            for i in values.indices { values[i] = generator.nextInt(below: upperBound) }
        }
        return result
    }

    /// The integers 0 ..< count, like `np.arange(count)`.
    public static func arange(_ count: Int) -> Tensor { Tensor(Array(0..<count)) }
}

extension Tensor where Element: TensorScalar {
    /// One-hot rows: for indices of shape `s`, a tensor of shape `s + [depth]` with 1 at
    /// each index's position and 0 elsewhere.
    public static func oneHot(_ indices: Tensor<Int>, depth: Int) -> Tensor {
        var result = Tensor.zeros(shape: indices.shape + [depth])
        result.replaceScalars { values in
            for (position, index) in indices.scalars.enumerated() {
                guard index >= 0 && index < depth else {
                    shapeFailure(
                        "oneHot: index \(index) at position \(position) is out of range "
                            + "0..<\(depth)")
                }
                values[position * depth + index] = 1
            }
        }
        return result
    }
}
