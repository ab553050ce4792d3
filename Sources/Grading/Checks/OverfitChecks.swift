/// The small-data overfit tests (filled in once the Training module lands).
enum OverfitChecks {
    static let all: [Check] = []
}
