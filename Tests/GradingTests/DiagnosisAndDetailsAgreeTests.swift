import Foundation
import XCTest

/// The finding ("found: your loss is T = 12 times too small") and the numbers printed under
/// it must speak of the same fixture case: the message of a diagnosed failure is the
/// measurement the diagnosis was found in, whichever case was worst.
final class DiagnosisAndDetailsAgreeTests: XCTestCase {
    func testTheMessageIsTheMeasurementTheDiagnosisCameFrom() throws {
        // Mistakes whose pattern shows in several cases with different sizes (a factor of
        // T differs per case), so the worst case and the diagnosed one can differ.
        let runs = [
            ("loss-averaged-over-nt", "captioning_loss"),
            ("dscores-divided-by-t", "captioning_gradients"),
        ]
        var diagnosed = 0
        for (mistake, filter) in runs {
            let run = try grade([filter, "--impl", "mistake:\(mistake)", "--format", "json"])
            let report = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
                run.stdout + run.stderr)
            let checks = try XCTUnwrap(report["checks"] as? [[String: Any]])
            for check in checks {
                guard let diagnosis = check["diagnosis"] as? NSDictionary,
                    let message = check["message"] as? String,
                    let measurements = check["measurements"] as? [[String: Any]],
                    diagnosis["kind"] as? String != "fixPrerequisiteFirst"
                else { continue }
                let sources = measurements.filter {
                    ($0["diagnosis"] as? NSDictionary)?.isEqual(
                        to: diagnosis as! [AnyHashable: Any]) ?? false
                }
                XCTAssertFalse(sources.isEmpty, "\(mistake): no measurement has \(diagnosis)")
                XCTAssertTrue(
                    sources.contains { message.hasPrefix(($0["label"] as? String) ?? "\u{0}") },
                    "\(mistake) \(check["name"] ?? ""): the message \"\(message)\" is not the "
                        + "measurement the diagnosis \(diagnosis["summary"] ?? "") came from")
                diagnosed += 1
            }
        }
        XCTAssertGreaterThan(diagnosed, 0, "no diagnosed failure was checked")
    }
}
