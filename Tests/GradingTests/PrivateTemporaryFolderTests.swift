import Foundation
import XCTest

@testable import Grading

/// A grader whose TMPDIR other users cannot enter (`mktemp -d` makes such folders) still
/// grades correct code: as root, its learner processes run as another user and need a
/// folder they can reach.
final class PrivateTemporaryFolderTests: XCTestCase {
    private func privateFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("private-tmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: false,
            attributes: [.posixPermissions: 0o700])
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    func testReachabilityFollowsEveryFolderOnThePath() throws {
        let folder = try privateFolder()
        XCTAssertFalse(LearnerTemporaryFolder.isReachableByOthers(folder.path))
        let inside = folder.appendingPathComponent("open")
        try FileManager.default.createDirectory(
            at: inside, withIntermediateDirectories: false,
            attributes: [.posixPermissions: 0o755])
        XCTAssertFalse(
            LearnerTemporaryFolder.isReachableByOthers(inside.path),
            "an open folder inside a private one is still out of reach")
        XCTAssertTrue(LearnerTemporaryFolder.isReachableByOthers("/tmp"))
    }

    func testCorrectCodePassesWithAPrivateTemporaryFolder() throws {
        let folder = try privateFolder()
        let run = try grade(
            ["rnn_step", "--impl", "solutions"],
            environment: ["TMPDIR": folder.path])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("2 passed, 0 failed"), run.stdout)
    }
}
