import Foundation
import Instructor
import XCTest

/// `grader batch`'s reading of a folder of submissions: folders and zips are graded,
/// anything else is refused by name with the reason, never dropped silently.
final class SubmissionFolderTests: XCTestCase {
    func testFoldersAreGradedAndEverythingElseIsRefusedByName() throws {
        let manager = FileManager.default
        let root = manager.temporaryDirectory
            .appendingPathComponent("submission-folder-\(UUID().uuidString)")
        let (folder, scratch) = (
            root.appendingPathComponent("submissions"), root.appendingPathComponent("scratch")
        )
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        try manager.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: root) }
        try manager.createDirectory(
            at: folder.appendingPathComponent("alice"), withIntermediateDirectories: false)
        try Data("hello".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        // A link to nothing: listed by the folder, but there is nothing to grade.
        try manager.createSymbolicLink(
            atPath: folder.appendingPathComponent("bob").path,
            withDestinationPath: root.appendingPathComponent("missing").path)

        let (entries, refused) = try SubmissionFolder.entries(in: folder, scratch: scratch)

        XCTAssertEqual(entries.map(\.name), ["alice"])
        XCTAssertEqual(
            refused,
            ["bob: no longer there, or a link to nothing", "notes.txt: not a folder or a .zip"])
    }
}
