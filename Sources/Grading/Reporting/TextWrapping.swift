/// Lines of at most `width` characters: the text's words, the first line after `first`,
/// the others after `rest` (a word longer than a line is cut).
func wrapped(_ text: String, first: String, rest: String, width: Int = TextReport.width) -> [String]
{
    var lines: [String] = []
    var line = first
    var lineHasWord = false
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            while !word.isEmpty {
                let room = width - line.count - (lineHasWord ? 1 : 0)
                if word.count <= room {
                    line += (lineHasWord ? " " : "") + word
                    lineHasWord = true
                    word = ""
                } else if lineHasWord {
                    lines.append(line)
                    (line, lineHasWord) = (rest, false)
                } else {
                    // Longer than a whole line: cut it.
                    let cut = max(1, room)
                    lines.append(line + word.prefix(cut))
                    word = word.dropFirst(cut)
                    line = rest
                }
            }
        }
        lines.append(line)
        (line, lineHasWord) = (rest, false)
    }
    return lines.map {
        $0.hasSuffix(" ") ? String($0.reversed().drop { $0 == " " }.reversed()) : $0
    }
}
