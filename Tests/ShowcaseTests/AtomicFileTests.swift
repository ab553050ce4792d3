import Foundation
import Showcase
import XCTest

final class AtomicFileTests: XCTestCase {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("atomic-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    private func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    func testWritesAndReplacesLeavingNoTemporaryFile() throws {
        let folder = try folder()
        let file = folder.appendingPathComponent("report.html")
        try AtomicFile.write(Data("first".utf8), to: file)
        XCTAssertEqual(try Data(contentsOf: file), Data("first".utf8))
        try AtomicFile.write(Data("second, longer".utf8), to: file)
        XCTAssertEqual(try Data(contentsOf: file), Data("second, longer".utf8))
        XCTAssertEqual(try names(in: folder), ["report.html"])
    }

    func testAFailedRenameLeavesTheTargetAndNoTemporaryFile() throws {
        // A non-empty folder where the file should go: the write succeeds, the rename fails.
        let folder = try folder()
        let target = folder.appendingPathComponent("checkpoint.ckpt")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: target.appendingPathComponent("inside"))
        XCTAssertThrowsError(try AtomicFile.write(Data("new".utf8), to: target))
        XCTAssertEqual(try names(in: folder), ["checkpoint.ckpt"])
        XCTAssertEqual(try names(in: target), ["inside"])
    }

    func testAMissingFolderIsAnError() throws {
        let missing = try folder().appendingPathComponent("no-such-folder")
            .appendingPathComponent("file")
        XCTAssertThrowsError(try AtomicFile.write(Data("x".utf8), to: missing))
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: missing.deletingLastPathComponent().path))
    }
}
