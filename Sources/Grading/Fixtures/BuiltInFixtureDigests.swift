// Written by `swift run grader fixtures regenerate`; do not edit.
// Compiled into the grader so that it notices a built-in fixture file changed since
// the build (see FixtureIntegrity.swift).

/// The SHA-256 of each file in Fixtures/Data, by file name, when it was generated.
package enum BuiltInFixtureDigests {
    package static let sha256: [String: String] = [
        "captioning_gru.json": "fd9ecdd45af952555b0b4d9cbed77ba31212d4d7524006073eb1c66e4f24ee4c",
        "captioning_lstm.json": "996d140d65382d6c8cee03c4b12839a50f78b05ff4fe4b89cc6852394b2c7a06",
        "captioning_rnn.json": "3b72bd125585e4833d7bfd23081d55d3bfac4a9a137b4ca716d7cc0657cadf3f",
        "gru.json": "bd784e935b2ea8348651a3c245252e5076648ad4f94660bef4eede4f688783d1",
        "gru_step.json": "deda5d1a4bda3197222b244172109b60a896a38fc8836141b6f82874f516c58d",
        "lstm.json": "5460cdda3750a3430b2d18577665a820b9e7a70f437c084f5bc0eee4aaf6a385",
        "lstm_step.json": "779f756ce616cdcd2cc775a2b7b487642325045189931e3d2787c1e57ad70f55",
        "rnn.json": "9ecfc84afdee422d874b26ea7e2f95ce5dcfefc164468f9be6caaac491e430c4",
        "rnn_step.json": "d81f84b0e9903d6b3ad6f1985e8a89ae88d7ceace20fddcefdbbe01e7ecf5f30",
        "word_embedding.json": "969f3700ee3a31d0ce2566efbd33e83ec9a7bd275d266f9c8f04c6c5589893ea",
    ]
}
