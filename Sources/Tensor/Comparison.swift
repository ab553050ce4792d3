extension Tensor where Element: Equatable {
    /// Element-wise `!=` against one value: `captionsOut .!= null` is the mask
    /// `captions_out != self._null`.
    @_specialize(where Element == Int)
    public static func .!= (lhs: Tensor, rhs: Element) -> Tensor<Bool> {
        Tensor<Bool>(shape: lhs.shape, scalars: lhs.scalars.map { $0 != rhs })
    }

    /// Element-wise `==` against one value.
    @_specialize(where Element == Int)
    public static func .== (lhs: Tensor, rhs: Element) -> Tensor<Bool> {
        Tensor<Bool>(shape: lhs.shape, scalars: lhs.scalars.map { $0 == rhs })
    }
}

extension Tensor where Element: TensorScalar {
    /// A 0/1 tensor from a mask, so a mask can multiply: `Tensor<Double>(mask)`.
    public init(_ mask: Tensor<Bool>) {
        self.init(shape: mask.shape, scalars: mask.scalars.map { $0 ? 1 : 0 })
    }

    /// Converts each element to another floating-point type (`np.astype`).
    ///
    /// Specialised: generic, every element went through witness tables (perf: as long as
    /// drawing the values, in a model's initial Double → Float parameters).
    @_specialize(where Element == Float, Other == Double)
    @_specialize(where Element == Double, Other == Float)
    public init<Other: TensorScalar>(converting other: Tensor<Other>) {
        self.init(shape: other.shape, scalars: other.scalars.map { Element($0) })
    }
}

extension Tensor where Element == Int {
    /// Converts each element of a floating-point tensor to an integer, rounding toward zero.
    public init<Other: TensorScalar>(truncating other: Tensor<Other>) {
        self.init(shape: other.shape, scalars: other.scalars.map { Int($0) })
    }
}
