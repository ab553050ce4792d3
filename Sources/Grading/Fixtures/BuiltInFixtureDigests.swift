// swift-format-ignore-file
// (generated: scripts/format leaves it as written)
// Written by `swift run grader fixtures regenerate`; do not edit.
// Compiled into the grader so that it notices a built-in fixture file changed since
// the build (see FixtureIntegrity.swift).

/// The SHA-256 of each file in Fixtures/Data, by file name, when it was generated.
package enum BuiltInFixtureDigests {
    package static let sha256: [String: String] = [
        "captioning_gru.json": "1554def6e7195a8ac2a84266227f3fe998b09fb37a5f1f9796b0136d788a319d",
        "captioning_lstm.json": "77fc93d33803014c0b6b82484d502b948ce813dd8bfffac0534dbde2de5f6f23",
        "captioning_rnn.json": "33151fd73e92048b0dd70507236af9818451d58da2c650c88ccc28239ab7d561",
        "gru.json": "bd784e935b2ea8348651a3c245252e5076648ad4f94660bef4eede4f688783d1",
        "gru_step.json": "deda5d1a4bda3197222b244172109b60a896a38fc8836141b6f82874f516c58d",
        "lstm.json": "0f71f16c7003cecdfb8dbb1cc44152a76ca562274465edd7b544de939c1b7737",
        "lstm_step.json": "f1a9e3dc6b943a6a7c9d59df8f85d55af1e4557ea8b23b34d35d04e38fc448a1",
        "rnn.json": "9ecfc84afdee422d874b26ea7e2f95ce5dcfefc164468f9be6caaac491e430c4",
        "rnn_step.json": "d81f84b0e9903d6b3ad6f1985e8a89ae88d7ceace20fddcefdbbe01e7ecf5f30",
        "word_embedding.json": "969f3700ee3a31d0ce2566efbd33e83ec9a7bd275d266f9c8f04c6c5589893ea",
    ]
}
