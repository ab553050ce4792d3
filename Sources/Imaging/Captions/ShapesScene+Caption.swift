import Training

extension ShapesScene {
    /// The scene a caption of the Shapes grammar describes, each shape at its position's
    /// nominal centre with its size's nominal radius: the inverse of ``captions``.
    ///
    /// The grammar is exactly the captions the data set makes (words separated by spaces,
    /// lowercase as ``ShapesScene/captions`` writes them; case is ignored):
    /// - one shape: `a SIZE COLOUR KIND on the left|right` or `… at the top|bottom`;
    /// - two shapes: `A left of B`, `A right of B`, `A above B`, `A below B`, where A and
    ///   B are `a SIZE COLOUR KIND`.
    ///
    /// - Throws: `ShapesCaptionError` naming the first word that does not fit and what
    ///   was expected there.
    public init(caption: String) throws(ShapesCaptionError) {
        try self.init(captionWords: caption.split(whereSeparator: \.isWhitespace).map(String.init))
    }

    /// The scene the caption `words` describe; see ``init(caption:)``.
    public init(captionWords words: [String]) throws(ShapesCaptionError) {
        var reader = CaptionReader(words: words.map { $0.lowercased() })
        let first = try reader.nounPhrase()
        let link = try reader.expect(
            ["on", "at", "left", "right", "above", "below"],
            "where the shape is (\"on the left\", \"at the top\", …) or how it relates to a "
                + "second shape (\"left of\", \"right of\", \"above\", \"below\")")
        let placed: [(Attributes, ShapePosition)]
        switch link {
        case "on", "at":
            try reader.expect(["the"], "\"the\"")
            let sides = link == "on" ? ["left", "right"] : ["top", "bottom"]
            let side = try reader.expect(sides, Self.listed(sides.map { "\"\($0)\"" }))
            placed = [
                (
                    first,
                    side == "left"
                        ? .left : side == "right" ? .right : side == "top" ? .top : .bottom
                )
            ]
        case "left", "right":
            try reader.expect(["of"], "\"of\"")
            let second = try reader.nounPhrase()
            placed =
                link == "left"
                ? [(first, .left), (second, .right)] : [(second, .left), (first, .right)]
        default:
            let second = try reader.nounPhrase()
            placed =
                link == "above"
                ? [(first, .top), (second, .bottom)] : [(second, .top), (first, .bottom)]
        }
        try reader.expectEnd()
        // `placed` is in canonical order (left, right, top, bottom) by construction.
        self.init(
            objects: placed.map { attributes, position in
                let centre = position.nominalCenter
                return ShapeObject(
                    colour: attributes.colour, kind: attributes.kind, size: attributes.size,
                    position: position, centerX: centre.x, centerY: centre.y,
                    radius: attributes.size.radius)
            })
    }

    /// A shape's words: its size, colour and kind.
    fileprivate typealias Attributes = (size: ShapeSize, colour: ShapeColour, kind: ShapeKind)

    /// `a, b or c`.
    fileprivate static func listed(_ words: [String]) -> String {
        guard let last = words.last, words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " or " + last
    }
}

/// Reads a caption's words one at a time against what the grammar allows next.
private struct CaptionReader {
    let words: [String]
    var position = 0

    /// The next word, which must be one of `allowed` (`expected` says so in the error).
    @discardableResult
    mutating func expect(
        _ allowed: [String], _ expected: String
    ) throws(ShapesCaptionError) -> String {
        guard position < words.count, allowed.contains(words[position]) else {
            throw ShapesCaptionError(
                position: position + 1, word: position < words.count ? words[position] : nil,
                previous: position > 0 ? words[position - 1] : nil, expected: expected)
        }
        position += 1
        return words[position - 1]
    }

    /// `a SIZE COLOUR KIND`.
    mutating func nounPhrase() throws(ShapesCaptionError) -> ShapesScene.Attributes {
        try expect(["a"], "\"a\" (each shape is \"a SIZE COLOUR SHAPE\")")
        let size = try value(ShapeSize.self, "a size")
        let colour = try value(ShapeColour.self, "a colour")
        let kind = try value(ShapeKind.self, "a shape")
        return (size, colour, kind)
    }

    /// A word naming one case of `T` (its raw value).
    mutating func value<T: CaseIterable & RawRepresentable<String>>(
        _: T.Type, _ what: String
    ) throws(ShapesCaptionError) -> T {
        let names = T.allCases.map(\.rawValue)
        let word = try expect(names, "\(what) (\(ShapesScene.listed(names)))")
        // `expect` accepted one of the raw values.
        return T(rawValue: word) ?? T.allCases[T.allCases.startIndex]
    }

    /// No more words.
    func expectEnd() throws(ShapesCaptionError) {
        guard position < words.count else { return }
        throw ShapesCaptionError(
            position: position + 1, word: words[position], previous: words[position - 1],
            expected: "the end of the caption (it is complete after \"\(words[position - 1])\")")
    }
}
