// Written by `swift run grader fixtures regenerate`; do not edit.
// Compiled into the grader so that it notices a built-in fixture file changed since
// the build (see FixtureIntegrity.swift).

/// The SHA-256 of each file in Fixtures/Data, by file name, when it was generated.
package enum BuiltInFixtureDigests {
    package static let sha256: [String: String] = [
        "captioning_gru.json": "fd9b2f528ea9e93d5fe6405fc4500800f88850252797da43e4ce979b0b52309a",
        "captioning_lstm.json": "5b87467e4dedd550f65a5f7406a70c9932f8cdacb6d2a5116c42dde771b20160",
        "captioning_rnn.json": "a9cde249f33f54cabc343b373f6278e0411436ab203a05cb2496d467c0ecbfaf",
        "gru.json": "bd784e935b2ea8348651a3c245252e5076648ad4f94660bef4eede4f688783d1",
        "gru_step.json": "deda5d1a4bda3197222b244172109b60a896a38fc8836141b6f82874f516c58d",
        "lstm.json": "0f71f16c7003cecdfb8dbb1cc44152a76ca562274465edd7b544de939c1b7737",
        "lstm_step.json": "f1a9e3dc6b943a6a7c9d59df8f85d55af1e4557ea8b23b34d35d04e38fc448a1",
        "rnn.json": "9ecfc84afdee422d874b26ea7e2f95ce5dcfefc164468f9be6caaac491e430c4",
        "rnn_step.json": "d81f84b0e9903d6b3ad6f1985e8a89ae88d7ceace20fddcefdbbe01e7ecf5f30",
        "word_embedding.json": "969f3700ee3a31d0ce2566efbd33e83ec9a7bd275d266f9c8f04c6c5589893ea",
    ]
}
