import Tensor
import XCTest

/// `argmaxOfRows(plus:)` is `(scores + bias).argmax(alongAxis: 1)`: the same index for
/// every row, ties (first wins), signed zeros, infinities and NaNs (first NaN) included.
final class RowArgmaxTests: XCTestCase {
    /// Values drawn from a small set, so rows have many ties, with the special values mixed
    /// in at random positions.
    func scores<S: TensorScalar & BinaryFloatingPoint>(
        _: S.Type, rows: Int, columns: Int, special: [S], seed: UInt64
    ) -> Tensor<S> {
        var generator = SeededGenerator(seed: seed)
        let values = (0..<(rows * columns)).map { _ -> S in
            if !special.isEmpty, generator.nextInt(below: 8) == 0 {
                return special[generator.nextInt(below: special.count)]
            }
            return S(generator.nextInt(below: 5)) - 2
        }
        return Tensor(shape: [rows, columns], scalars: values)
    }

    func check<S: TensorScalar & BinaryFloatingPoint>(_ type: S.Type, special: [S]) {
        // Widths below, at and around the 16-lane blocks; 1004 is the COCO vocabulary.
        for (index, columns) in [1, 3, 15, 16, 17, 31, 32, 33, 64, 100, 1004].enumerated() {
            for rows in [1, 5, 130] {
                let seed = UInt64(index * 1000 + rows)
                let x = scores(type, rows: rows, columns: columns, special: special, seed: seed)
                let bias = scores(type, rows: 1, columns: columns, special: [], seed: seed + 7)
                    .reshaped(to: [columns])
                XCTAssertEqual(
                    x.argmaxOfRows(plus: bias),
                    (x + bias).argmax(alongAxis: 1).scalars,
                    "\(S.self) \(rows)×\(columns), special \(special)")
            }
        }
    }

    func testFloatMatchesArgmaxOfTheSum() {
        check(Float.self, special: [])
        check(Float.self, special: [-0.0, 0.0, .infinity, -.infinity])
        check(Float.self, special: [.nan, -.infinity, 7])
    }

    func testDoubleMatchesArgmaxOfTheSum() {
        check(Double.self, special: [])
        check(Double.self, special: [-0.0, .infinity, .nan])
    }

    /// The first maximum of a long row is found wherever it lies: in every lane and block,
    /// and in the tail past the last full block.
    func testFirstMaximumAtEveryPosition() {
        let columns = 37
        for position in 0..<columns {
            for later in (position + 1)..<(columns + 1) {
                var values = [Float](repeating: -1, count: columns)
                values[position] = 3
                if later < columns { values[later] = 3 }
                let x = Tensor(shape: [1, columns], scalars: values)
                XCTAssertEqual(
                    x.argmaxOfRows(plus: .zeros(columns)), [position],
                    "maximum at \(position) and \(later)")
            }
        }
    }
}
