import Foundation
import Grading

/// `grader release autograder DIR [--fixtures HIDDEN] [--course FILE]`: a Gradescope
/// autograder.
///
/// DIR gets `setup.sh`, `run_autograder`, `kit/` (the whole kit, answers included: the
/// grader needs them and Gradescope never shows the autograder to students),
/// `hidden-fixtures/`, `course.json` and `autograder.zip` holding all of them, as
/// Gradescope unpacks it into `/autograder/source`.
package enum AutograderRelease {
    /// Writes the autograder; returns the archive's path. `course` (points, visibility,
    /// time limits) travels in the bundle as `course.json`.
    package static func write(
        into folder: URL, hiddenFixtures: URL?, course: URL? = nil,
        force: Bool
    ) throws -> URL {
        if let course {
            // Refused here, not on Gradescope in front of the class.
            _ = try CourseSettings(contentsOf: course)
        }
        if let hiddenFixtures {
            // Refused files stop the release, naming each: hidden tests never vanish.
            let store = try FixtureStore(custom: hiddenFixtures)
            if !store.problems.isEmpty {
                throw ReleaseError(
                    store.problems.values.map(\.description).sorted()
                        .joined(separator: "\n"))
            }
        }
        try KitLayout.prepare(folder, force: force)
        let kitFiles = try KitLayout.kitFiles()
        var archive = ZipWriter()
        func put(_ name: String, _ data: Data, mode: UInt16) throws {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true)
            try data.write(to: url)
            chmod(url.path, mode_t(mode))
            try archive.add(name, data, mode: mode)
        }
        try put("setup.sh", Data(setupScript.utf8), mode: 0o755)
        try put("run_autograder", Data(runScript.utf8), mode: 0o755)
        for path in kitFiles {
            let source = KitLayout.root.appendingPathComponent(path).resolvingSymlinksInPath()
            let executable = FileManager.default.isExecutableFile(atPath: source.path)
            try put("kit/" + path, try Data(contentsOf: source), mode: executable ? 0o755 : 0o644)
        }
        if let hiddenFixtures {
            let names = try FileManager.default.contentsOfDirectory(atPath: hiddenFixtures.path)
                .filter { $0.hasSuffix(".json") }.sorted()
            for name in names {
                try put(
                    "hidden-fixtures/" + name,
                    try Data(contentsOf: hiddenFixtures.appendingPathComponent(name)), mode: 0o644)
            }
        }
        if let course {
            try put("course.json", try Data(contentsOf: course), mode: 0o644)
        }
        let zip = folder.appendingPathComponent("autograder.zip")
        try archive.data.write(to: zip, options: .atomic)
        return zip
    }

    /// Gradescope runs it once, as root, when it builds the autograder's image.
    static let setupScript = #"""
        #!/usr/bin/env bash
        # RNNCaptioning autograder: installs the Swift toolchain (unless swift is already
        # there) and builds the grader and a learner work tree once.
        set -euo pipefail
        here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
        if ! command -v swift > /dev/null 2>&1; then
            export DEBIAN_FRONTEND=noninteractive
            apt-get update
            apt-get install -y --no-install-recommends ca-certificates curl binutils git \
                gnupg2 libc6-dev libcurl4-openssl-dev libedit2 libpython3-dev libsqlite3-0 \
                libxml2-dev libz3-dev pkg-config tzdata zlib1g-dev "libstdc++-*-dev" \
                "libgcc-*-dev" || true
            . /etc/os-release
            version=6.0.3
            platform="${ID}${VERSION_ID//./}"
            curl -fsSL -o /tmp/swift.tar.gz \
                "https://download.swift.org/swift-${version}-release/${platform}/swift-${version}-RELEASE/swift-${version}-RELEASE-${ID}${VERSION_ID}.tar.gz"
            mkdir -p /opt/swift
            tar xzf /tmp/swift.tar.gz -C /opt/swift --strip-components=1
            ln -sf /opt/swift/usr/bin/* /usr/local/bin/
        fi
        cd "$here/kit"
        # Built once here and run on other hosts: the default, portable CPU level (x86-64-v3),
        # never this host's own (RNNCAPTIONING_NATIVE=1).
        unset RNNCAPTIONING_NATIVE
        swift build --product grader
        .build/debug/grader autograde --prepare
        # Learner code runs as an unprivileged user; where mount namespaces are refused,
        # only these permissions keep the kit, the answers and the hidden tests from it.
        chmod -R go-rwx "$here"
        """#

    /// Gradescope runs it for every submission, as root.
    static let runScript = #"""
        #!/usr/bin/env bash
        # RNNCaptioning autograder: takes only the exercise files out of the submission,
        # builds them in a clean work tree and grades them with the trusted grader.
        set -uo pipefail
        root="${AUTOGRADER_ROOT:-/autograder}"
        here="$root/source"
        mkdir -p "$root/results"
        extra=()
        if [ -d "$here/hidden-fixtures" ]; then extra+=(--fixtures "$here/hidden-fixtures"); fi
        if [ -f "$here/course.json" ]; then extra+=(--course "$here/course.json"); fi
        cd "$here/kit"
        # The learner work tree is rebuilt here for each submission: the same CPU level as
        # setup.sh built the rest with.
        unset RNNCAPTIONING_NATIVE
        .build/debug/grader autograde --submission "$root/submission" --format gradescope \
            --output "$root/results/results.json" --force "${extra[@]}"
        status=$?
        # Gradescope needs valid JSON whatever happened.
        if [ ! -s "$root/results/results.json" ]; then
            printf '{"score": 0, "output": "The autograder failed (status %s): please tell your instructor."}\n' \
                "$status" > "$root/results/results.json"
        fi
        exit 0
        """#
}
