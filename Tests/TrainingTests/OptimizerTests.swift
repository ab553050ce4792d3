import Tensor
import Training
import XCTest

/// The notebook's optimizer checks (FullyConnectedNets.ipynb; same `optim.py` API as a3),
/// compared with the published 8-decimal expected arrays copied from
/// shared/cs231n/notebook_checks.json.
final class OptimizerTests: XCTestCase {
    let (n, d) = (4, 5)
    var w: Tensor<Double> { Tensor.linspace(from: -0.4, through: 0.6, count: n * d).reshaped(n, d) }
    var dw: Tensor<Double> {
        Tensor.linspace(from: -0.6, through: 0.4, count: n * d).reshaped(n, d)
    }

    func testSGDMomentumMatchesPublishedValues() throws {
        var state = OptimizerState<Double>(
            rule: .sgdMomentum,
            configuration: .init(learningRate: 1e-3))
        state.velocity = Tensor.linspace(from: 0.6, through: 0.9, count: n * d).reshaped(n, d)
        let (nextW, next) = state.updated(w, gradient: dw)
        let expectedNextW = Tensor<Double>([
            [0.1406, 0.20738947, 0.27417895, 0.34096842, 0.40775789],
            [0.47454737, 0.54133684, 0.60812632, 0.67491579, 0.74170526],
            [0.80849474, 0.87528421, 0.94207368, 1.00886316, 1.07565263],
            [1.14244211, 1.20923158, 1.27602105, 1.34281053, 1.4096],
        ])
        let expectedVelocity = Tensor<Double>([
            [0.5406, 0.55475789, 0.56891579, 0.58307368, 0.59723158],
            [0.61138947, 0.62554737, 0.63970526, 0.65386316, 0.66802105],
            [0.68217895, 0.69633684, 0.71049474, 0.72465263, 0.73881053],
            [0.75296842, 0.76712632, 0.78128421, 0.79544211, 0.8096],
        ])
        XCTAssertLessThan(published(relativeError(nextW, expectedNextW), "expectedNextW"), 1e-6)
        XCTAssertLessThan(
            published(
                relativeError(try XCTUnwrap(next.velocity), expectedVelocity), "expectedVelocity"),
            1e-6)
        XCTAssertEqual(next.momentum, 0.9)
    }

    func testRMSPropMatchesPublishedValues() throws {
        var state = OptimizerState<Double>(rule: .rmsprop, configuration: .init(learningRate: 1e-2))
        state.cache = Tensor.linspace(from: 0.6, through: 0.9, count: n * d).reshaped(n, d)
        let (nextW, next) = state.updated(w, gradient: dw)
        let expectedNextW = Tensor<Double>([
            [-0.39223849, -0.34037513, -0.28849239, -0.23659121, -0.18467247],
            [-0.132737, -0.08078555, -0.02881884, 0.02316247, 0.07515774],
            [0.12716641, 0.17918792, 0.23122175, 0.28326742, 0.33532447],
            [0.38739248, 0.43947102, 0.49155973, 0.54365823, 0.59576619],
        ])
        let expectedCache = Tensor<Double>([
            [0.5976, 0.6126277, 0.6277108, 0.64284931, 0.65804321],
            [0.67329252, 0.68859723, 0.70395734, 0.71937285, 0.73484377],
            [0.75037008, 0.7659518, 0.78158892, 0.79728144, 0.81302936],
            [0.82883269, 0.84469141, 0.86060554, 0.87657507, 0.8926],
        ])
        XCTAssertLessThan(published(relativeError(nextW, expectedNextW), "expectedNextW"), 1e-6)
        XCTAssertLessThan(
            published(relativeError(try XCTUnwrap(next.cache), expectedCache), "expectedCache"),
            1e-6)
    }

    func testAdamMatchesPublishedValues() throws {
        var state = OptimizerState<Double>(rule: .adam, configuration: .init(learningRate: 1e-2))
        state.m = Tensor.linspace(from: 0.6, through: 0.9, count: n * d).reshaped(n, d)
        state.v = Tensor.linspace(from: 0.7, through: 0.5, count: n * d).reshaped(n, d)
        state.t = 5
        let (nextW, next) = state.updated(w, gradient: dw)
        let expectedNextW = Tensor<Double>([
            [-0.40094747, -0.34836187, -0.29577703, -0.24319299, -0.19060977],
            [-0.1380274, -0.08544591, -0.03286534, 0.01971428, 0.0722929],
            [0.1248705, 0.17744702, 0.23002243, 0.28259667, 0.33516969],
            [0.38774145, 0.44031188, 0.49288093, 0.54544852, 0.59801459],
        ])
        let expectedV = Tensor<Double>([
            [0.69966, 0.68908382, 0.67851319, 0.66794809, 0.65738853],
            [0.64683452, 0.63628604, 0.6257431, 0.61520571, 0.60467385],
            [0.59414753, 0.58362676, 0.57311152, 0.56260183, 0.55209767],
            [0.54159906, 0.53110598, 0.52061845, 0.51013645, 0.49966],
        ])
        let expectedM = Tensor<Double>([
            [0.48, 0.49947368, 0.51894737, 0.53842105, 0.55789474],
            [0.57736842, 0.59684211, 0.61631579, 0.63578947, 0.65526316],
            [0.67473684, 0.69421053, 0.71368421, 0.73315789, 0.75263158],
            [0.77210526, 0.79157895, 0.81105263, 0.83052632, 0.85],
        ])
        XCTAssertLessThan(published(relativeError(nextW, expectedNextW), "expectedNextW"), 1e-6)
        XCTAssertLessThan(
            published(relativeError(try XCTUnwrap(next.v), expectedV), "expectedV"), 1e-6)
        XCTAssertLessThan(
            published(relativeError(try XCTUnwrap(next.m), expectedM), "expectedM"), 1e-6)
        XCTAssertEqual(next.t, 6)
    }

    func testDefaultsFollowOptimPy() {
        let sgd = OptimizerState<Float>(rule: .sgd)
        XCTAssertEqual(sgd.learningRate, 1e-2)
        let momentum = OptimizerState<Float>(rule: .sgdMomentum)
        XCTAssertEqual(momentum.learningRate, 1e-2)
        XCTAssertEqual(momentum.momentum, 0.9)
        XCTAssertNil(momentum.velocity)
        let rms = OptimizerState<Float>(rule: .rmsprop)
        XCTAssertEqual(rms.learningRate, 1e-2)
        XCTAssertEqual(rms.decayRate, 0.99)
        XCTAssertEqual(rms.epsilon, 1e-8)
        let adam = OptimizerState<Float>(rule: .adam)
        XCTAssertEqual(adam.learningRate, 1e-3)
        XCTAssertEqual(adam.beta1, 0.9)
        XCTAssertEqual(adam.beta2, 0.999)
        XCTAssertEqual(adam.epsilon, 1e-8)
        XCTAssertEqual(adam.t, 0)
    }

    func testSGDAndZeroInitialisedSlots() {
        var weights = Tensor<Double>([1, 2, 3])
        let grad = Tensor<Double>([1, -1, 0.5])
        var sgd = OptimizerState<Double>(rule: .sgd)
        sgd.update(&weights, gradient: grad)
        XCTAssertLessThan(relativeError(weights, Tensor<Double>([0.99, 2.01, 2.995])), 1e-15)

        // First momentum step from zero velocity: v = -lr dw.
        var momentum = OptimizerState<Double>(rule: .sgdMomentum)
        var w2 = Tensor<Double>([1, 2, 3])
        momentum.update(&w2, gradient: grad)
        XCTAssertEqual(momentum.velocity, Tensor<Double>([-0.01, 0.01, -0.005]))

        // First Adam step from zeros moves every weight by about lr against the gradient sign.
        var adam = OptimizerState<Float>(rule: .adam)
        var w3 = Tensor<Float>([1, 2, 3])
        adam.update(&w3, gradient: Tensor<Float>([1, -1, 0.5]))
        XCTAssertEqual(adam.t, 1)
        XCTAssertEqual(w3[flat: 0], 1 - 1e-3, accuracy: 1e-6)
        XCTAssertEqual(w3[flat: 1], 2 + 1e-3, accuracy: 1e-6)
    }

    /// The one-pass Adam kernel works on 16 lanes with a zero-padded tail; for any length
    /// it must compute exactly the original's expressions, element by element.
    func testAdamEqualsTheOriginalExpressionsForAnyLength() throws {
        for count in [1, 15, 16, 17, 40] {
            var generator = SeededGenerator(seed: UInt64(count))
            let w = Tensor<Float>.randomNormal(shape: [count], using: &generator)
            let dw = Tensor<Float>.randomNormal(shape: [count], using: &generator)
            var state = OptimizerState<Float>(rule: .adam, configuration: .init(learningRate: 1e-2))
            state.m = Tensor<Float>.randomNormal(shape: [count], using: &generator)
            state.v = Tensor<Float>.randomNormal(shape: [count], using: &generator).squared()
            state.t = 3
            let (m, v) = (try XCTUnwrap(state.m), try XCTUnwrap(state.v))
            let (nextW, next) = state.updated(w, gradient: dw)

            let (b1, b2) = (Float(state.beta1), Float(state.beta2))
            let alpha = Float(
                1e-2 * (1 - Double.pow(state.beta2, 4)).squareRoot()
                    / (1 - Double.pow(state.beta1, 4)))
            let expectedM = m * b1 + dw * (1 - b1)
            let expectedV = v * b2 + (dw * dw) * (1 - b2)
            let expectedW = w - expectedM * alpha / (expectedV.squareRoot() + Float(state.epsilon))
            XCTAssertEqual(next.m, expectedM, "m, \(count) elements")
            XCTAssertEqual(next.v, expectedV, "v, \(count) elements")
            XCTAssertEqual(nextW, expectedW, "w, \(count) elements")
        }
    }

    func testUpdateRuleNames() throws {
        XCTAssertEqual(try UpdateRule(named: "sgd_momentum"), .sgdMomentum)
        XCTAssertEqual(try UpdateRule(named: "sgdMomentum"), .sgdMomentum)
        XCTAssertEqual(try UpdateRule(named: "adam"), .adam)
        XCTAssertEqual(
            UpdateRule.allCases.map(\.rawValue), ["sgd", "sgd_momentum", "rmsprop", "adam"])
        XCTAssertThrowsError(try UpdateRule(named: "adagrad")) { error in
            XCTAssertEqual(error as? TrainingError, .unknownUpdateRule("adagrad"))
            XCTAssertTrue("\(error)".contains("sgd_momentum"))
        }
    }
}

/// Prints a published check's relative error with its threshold, and returns it.
private func published(_ error: Double, _ label: String, function: String = #function) -> Double {
    print("\(function) \(label): relative error \(error) (threshold 1e-6)")
    return error
}
