import XCTest

@testable import Tensor

/// `PackedMatrix` must give exactly what the unpacked products give, for both element
/// types, both orientations and sizes around the panel (32 Float, 16 Double columns) and
/// k-block (256) edges, on one thread and split over two.
final class PackedMatrixTests: XCTestCase {
    /// (rows of A, K, P): tiny (plain loop), skinny (m ≤ 32), edges, several k blocks, and
    /// products large enough to be split along n and along m.
    private let sizes: [(Int, Int, Int)] = [
        (1, 1, 1), (2, 4, 3), (5, 3, 7), (8, 16, 32), (9, 17, 33), (25, 512, 40),
        (31, 300, 47), (100, 513, 64), (100, 512, 2048), (600, 130, 70), (64, 20, 2100),
    ]

    private func check<S: TensorScalar>(_ type: S.Type, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for (m, k, p) in sizes {
            let a = Tensor<S>.randomNormal(shape: [m, k], using: &generator)
            let b = Tensor<S>.randomNormal(shape: [k, p], using: &generator)
            let bt = Tensor<S>.randomNormal(shape: [p, k], using: &generator)
            let packed = PackedMatrix(b), packedTransposed = PackedMatrix(transposing: bt)
            XCTAssertEqual(packed.shape, [k, p])
            XCTAssertEqual(packedTransposed.shape, [k, p])
            XCTAssertEqual(a.matmul(packed), a.matmul(b), "\(S.self) \(m)×\(k)·\(k)×\(p)")
            XCTAssertEqual(
                a.matmul(packedTransposed), a.matmulTransposed(bt),
                "\(S.self) \(m)×\(k)·(\(p)×\(k))ᵀ")
            // A packed matrix is reusable: a second product with other rows reads it again.
            let other = Tensor<S>.randomNormal(shape: [m, k], using: &generator)
            XCTAssertEqual(other.matmul(packed), other.matmul(b))
        }
    }

    /// `PackedMatrix(transposingForPanels:)` (the recurrences' Whᵀ) reads its panels in
    /// every product: each element summed in order, as `matmul` of the transpose formed
    /// (not the dot products of `matmulTransposed`, which a few rows would take).
    func testPanelsForEveryProductEqualTheProductWithTheTransposeFormed() {
        var generator = SeededGenerator(seed: 14)
        for (m, k, p) in sizes + [(25, 2048, 512), (32, 1536, 40), (3, 600, 70)] {
            let a = Tensor<Float>.randomNormal(shape: [m, k], using: &generator)
            let bt = Tensor<Float>.randomNormal(shape: [p, k], using: &generator)
            let product = a.matmul(PackedMatrix(transposingForPanels: bt))
            let expected = a.matmul(bt.transposed())
            XCTAssertEqual(
                product.scalars.map(\.bitPattern), expected.scalars.map(\.bitPattern),
                "\(m)×\(k)·(\(p)×\(k))ᵀ")
            let double = Tensor<Double>(converting: a).matmul(
                PackedMatrix(transposingForPanels: Tensor<Double>(converting: bt)))
            XCTAssertEqual(
                double,
                Tensor<Double>(converting: a).matmulTransposed(
                    Tensor<Double>(converting: bt)))
        }
    }

    func testDoublePackedProductsEqualTheUnpackedOnes() { check(Double.self, seed: 11) }

    func testFloatPackedProductsEqualTheUnpackedOnes() { check(Float.self, seed: 12) }

    func testLeadingAxesAreKept() {
        var generator = SeededGenerator(seed: 13)
        let x = Tensor<Float>.randomNormal(shape: [4, 6, 40], using: &generator)
        let w = Tensor<Float>.randomNormal(shape: [40, 50], using: &generator)
        let product = x.matmul(PackedMatrix(w))
        XCTAssertEqual(product.shape, [4, 6, 50])
        XCTAssertEqual(product, x.matmul(w))
    }

    func testPackingDoesNotDependOnTheThreadSplit() {
        // The same product computed alone and while the pool is busy (so run alone):
        // results never depend on timing.
        var generator = SeededGenerator(seed: 14)
        let a = Tensor<Float>.randomNormal(shape: [100, 512], using: &generator)
        let w = Tensor<Float>.randomNormal(shape: [512, 700], using: &generator)
        let packed = PackedMatrix(transposing: w.transposed())
        let expected = a.matmul(w)
        let results = Locked<[Tensor<Float>]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let product = a.matmul(packed)
            results.withLock { $0.append(product) }
        }
        let products = results.withLock { $0 }
        XCTAssertEqual(products.count, 4)
        for product in products { XCTAssertEqual(product, expected) }
    }
}
