/// NumPy's broadcasting rule: align shapes at their last axis; sizes must be equal or 1.
func broadcastShape(_ a: [Int], _ b: [Int], operation: @autoclosure () -> String) -> [Int] {
    let rank = max(a.count, b.count)
    let pa = Array(repeating: 1, count: rank - a.count) + a
    let pb = Array(repeating: 1, count: rank - b.count) + b
    return (0..<rank).map { axis in
        let (x, y) = (pa[axis], pb[axis])
        if x == y || y == 1 { return x }
        if x == 1 { return y }
        shapeFailure(
            "\(operation()): shapes \(a.shapeDescription) and \(b.shapeDescription) "
                + "cannot be broadcast together (axis \(axis): \(x) vs \(y))")
    }
}

/// Row-major strides of `shape` seen inside the broadcast `target` shape; a broadcast axis
/// gets stride 0, so one element is reused along it.
func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let padded = Array(repeating: 1, count: target.count - shape.count) + shape
    var strides = Array(repeating: 0, count: target.count)
    var step = 1
    for axis in (0..<target.count).reversed() {
        strides[axis] = padded[axis] == 1 && target[axis] != 1 ? 0 : step
        step *= padded[axis]
    }
    return strides
}

/// How two operands line up, from cheapest to most general.
enum BroadcastPlan {
    /// Same number of elements in the same order.
    case same
    /// The right operand repeats every `period` elements of the left (a bias row).
    case rightRepeats(period: Int)
    /// The left operand repeats every `period` elements of the right.
    case leftRepeats(period: Int)
    /// Any other NumPy broadcast: walk the output with per-operand strides.
    case general(left: [Int], right: [Int])

    init(_ a: [Int], _ b: [Int], result: [Int]) {
        func stripped(_ s: [Int]) -> [Int] { Array(s.drop { $0 == 1 }) }
        let (sa, sb, sr) = (stripped(a), stripped(b), stripped(result))
        let countA = a.reduce(1, *), countB = b.reduce(1, *)
        if sa == sr && sb == sr {
            self = .same
        } else if sa == sr && (sb.isEmpty || sr.hasSuffix(sb)) {
            self = .rightRepeats(period: countB)
        } else if sb == sr && (sa.isEmpty || sr.hasSuffix(sa)) {
            self = .leftRepeats(period: countA)
        } else {
            self = .general(
                left: broadcastStrides(a, to: result),
                right: broadcastStrides(b, to: result))
        }
    }
}

extension Array where Element == Int {
    func hasSuffix(_ suffix: [Int]) -> Bool {
        suffix.count <= count && Array(self[(count - suffix.count)...]) == suffix
    }
}

/// Calls `body(outputIndex, leftIndex, rightIndex)` for every element of a general broadcast.
@inline(__always)
func forEachBroadcastIndex(
    shape: [Int], left: [Int], right: [Int], _ body: (Int, Int, Int) -> Void
) {
    let total = shape.reduce(1, *)
    guard total > 0 else { return }
    let rank = shape.count
    var counter = Array(repeating: 0, count: rank)
    var l = 0, r = 0
    for o in 0..<total {
        body(o, l, r)
        var axis = rank - 1
        while axis >= 0 {
            counter[axis] += 1
            l += left[axis]
            r += right[axis]
            if counter[axis] < shape[axis] { break }
            l -= left[axis] * shape[axis]
            r -= right[axis] * shape[axis]
            counter[axis] = 0
            axis -= 1
        }
    }
}
