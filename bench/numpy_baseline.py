#!/usr/bin/env python3
"""The NumPy baseline for `bench/compare`: the CS231n captioning code a learner writes
(rnn_layers.py and CaptioningRNN, loops over time calling the step functions, as the
assignment asks), float32 throughout, timed the same way as `captioning bench`.

Code choices: the learner's code as the assignment has it (per-step products, the
mask-indexed sigmoid, np.add.at for the embedding gradient); a gru step (PyTorch's
formulation, as Sources/Reference/GRU.swift) for sampling only; beam search batched over
all images and beams (top-k with argpartition over the K·V candidates of each image; a
finished caption competes unchanged, as `RecurrentDecoder.beamSearch` does). The workload
(`problem`), the options (`parse_args`) and the timing (`timed`) are shared with the
PyTorch and JAX peers (bench/torch_peer.py, bench/jax_peer.py).

Optional tooling: NumPy is needed only here, never to build, test or grade the kit.
Prints one JSON object: {"median_ms": ..., ...}.
"""
import argparse
import json
import time

import numpy as np

F = np.float32


def sigmoid(x):
    # The assignment's numerically stable sigmoid (mask-indexed).
    pos = x >= 0
    neg = ~pos
    z = np.zeros_like(x)
    z[pos] = np.exp(-x[pos])
    z[neg] = np.exp(x[neg])
    top = np.ones_like(x)
    top[neg] = z[neg]
    return top / (1 + z)


def affine_forward(x, w, b):
    return x.reshape(x.shape[0], -1).dot(w) + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return dout.dot(w.T).reshape(x.shape), x.reshape(x.shape[0], -1).T.dot(dout), dout.sum(0)


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh) + b)
    return next_h, (x, prev_h, Wx, Wh, next_h)


def rnn_step_backward(dnext_h, cache):
    x, prev_h, Wx, Wh, next_h = cache
    da = dnext_h * (1 - next_h ** 2)
    return da.dot(Wx.T), da.dot(Wh.T), x.T.dot(da), prev_h.T.dot(da), da.sum(0)


def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]), dtype=F)
    caches, prev = [], h0
    for t in range(T):
        prev, c = rnn_step_forward(x[:, t, :], prev, Wx, Wh, b)
        h[:, t, :] = prev
        caches.append(c)
    return h, caches


def rnn_backward(dh, caches):
    N, T, H = dh.shape
    x0, _, Wx, Wh, _ = caches[0]
    dx = np.zeros((N, T, x0.shape[1]), dtype=F)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(H, dtype=F)
    dprev = np.zeros((N, H), dtype=F)
    for t in reversed(range(T)):
        dxt, dprev, dwx, dwh, dbt = rnn_step_backward(dh[:, t, :] + dprev, caches[t])
        dx[:, t, :] = dxt
        dWx += dwx
        dWh += dwh
        db += dbt
    return dx, dprev, dWx, dWh, db


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    H = prev_h.shape[1]
    a = x.dot(Wx) + prev_h.dot(Wh) + b
    i, f, o, g = sigmoid(a[:, :H]), sigmoid(a[:, H:2*H]), sigmoid(a[:, 2*H:3*H]), np.tanh(a[:, 3*H:])
    next_c = f * prev_c + i * g
    tc = np.tanh(next_c)
    return o * tc, next_c, (x, prev_h, prev_c, Wx, Wh, i, f, o, g, tc)


def lstm_step_backward(dnext_h, dnext_c, cache):
    x, prev_h, prev_c, Wx, Wh, i, f, o, g, tc = cache
    dc = dnext_c + dnext_h * o * (1 - tc ** 2)
    da = np.hstack((dc * g * i * (1 - i), dc * prev_c * f * (1 - f),
                    dnext_h * tc * o * (1 - o), dc * i * (1 - g ** 2)))
    return da.dot(Wx.T), da.dot(Wh.T), dc * f, x.T.dot(da), prev_h.T.dot(da), da.sum(0)


def lstm_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    H = h0.shape[1]
    h = np.zeros((N, T, H), dtype=F)
    prev_h, prev_c, caches = h0, np.zeros((N, H), dtype=F), []
    for t in range(T):
        prev_h, prev_c, c = lstm_step_forward(x[:, t, :], prev_h, prev_c, Wx, Wh, b)
        h[:, t, :] = prev_h
        caches.append(c)
    return h, caches


def lstm_backward(dh, caches):
    N, T, H = dh.shape
    Wx, Wh = caches[0][3], caches[0][4]
    dx = np.zeros((N, T, Wx.shape[0]), dtype=F)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(4 * H, dtype=F)
    dprev_h, dprev_c = np.zeros((N, H), dtype=F), np.zeros((N, H), dtype=F)
    for t in reversed(range(T)):
        dxt, dprev_h, dprev_c, dwx, dwh, dbt = lstm_step_backward(dh[:, t, :] + dprev_h,
                                                                  dprev_c, caches[t])
        dx[:, t, :] = dxt
        dWx += dwx
        dWh += dwh
        db += dbt
    return dx, dprev_h, dWx, dWh, db


def temporal_affine_forward(x, w, b):
    N, T, D = x.shape
    return x.reshape(N * T, D).dot(w).reshape(N, T, -1) + b, (x, w)


def temporal_affine_backward(dout, cache):
    x, w = cache
    N, T, D = x.shape
    M = w.shape[1]
    return (dout.reshape(N * T, M).dot(w.T).reshape(N, T, D),
            dout.reshape(N * T, M).T.dot(x.reshape(N * T, D)).T, dout.sum(axis=(0, 1)))


def temporal_softmax_loss(x, y, mask):
    N, T, V = x.shape
    x_flat, y_flat, mask_flat = x.reshape(N * T, V), y.reshape(N * T), mask.reshape(N * T)
    probs = np.exp(x_flat - np.max(x_flat, axis=1, keepdims=True))
    probs /= np.sum(probs, axis=1, keepdims=True)
    loss = -np.sum(mask_flat * np.log(probs[np.arange(N * T), y_flat])) / N
    dx_flat = probs.copy()
    dx_flat[np.arange(N * T), y_flat] -= 1
    dx_flat /= N
    dx_flat *= mask_flat[:, None]
    return loss, dx_flat.reshape(N, T, V)


def loss(p, cell, features, captions):
    ci, co = captions[:, :-1], captions[:, 1:]
    mask = co != 0
    h0, pc = affine_forward(features, p["W_proj"], p["b_proj"])
    x = p["W_embed"][ci]
    fwd, bwd = (rnn_forward, rnn_backward) if cell == "rnn" else (lstm_forward, lstm_backward)
    h, hc = fwd(x, h0, p["Wx"], p["Wh"], p["b"])
    scores, sc = temporal_affine_forward(h, p["W_vocab"], p["b_vocab"])
    value, dscores = temporal_softmax_loss(scores, co, mask)
    g = {}
    dh, g["W_vocab"], g["b_vocab"] = temporal_affine_backward(dscores, sc)
    dx, dh0, g["Wx"], g["Wh"], g["b"] = bwd(dh, hc)
    dW = np.zeros_like(p["W_embed"])
    np.add.at(dW, ci, dx)
    g["W_embed"] = dW
    _, g["W_proj"], g["b_proj"] = affine_backward(dh0, pc)
    return value, g


def gru_step_forward(x, prev_h, Wx, Wh, b, bh):
    H = prev_h.shape[1]
    xp, hp = x.dot(Wx) + b, prev_h.dot(Wh) + bh
    r = sigmoid(xp[:, :H] + hp[:, :H])
    z = sigmoid(xp[:, H:2*H] + hp[:, H:2*H])
    n = np.tanh(xp[:, 2*H:] + r * hp[:, 2*H:])
    return (1 - z) * n + z * prev_h


def cell_step(p, cell, x, h, c):
    if cell == "rnn":
        return rnn_step_forward(x, h, p["Wx"], p["Wh"], p["b"])[0], c
    if cell == "lstm":
        h, c, _ = lstm_step_forward(x, h, c, p["Wx"], p["Wh"], p["b"])
        return h, c
    return gru_step_forward(x, h, p["Wx"], p["Wh"], p["b"], p["bh"]), c


def sample(p, cell, features, max_length):
    N = features.shape[0]
    captions = np.zeros((N, max_length), dtype=np.int32)
    h, _ = affine_forward(features, p["W_proj"], p["b_proj"])
    c = np.zeros_like(h)
    words = np.ones(N, dtype=np.int32)
    for t in range(max_length):
        x = p["W_embed"][words]
        h, c = cell_step(p, cell, x, h, c)
        scores, _ = affine_forward(h, p["W_vocab"], p["b_vocab"])
        words = scores.argmax(1)
        captions[:, t] = words
    return captions


def beam_search(p, cell, features, width, max_length, end=2):
    """The best caption of each image by beam search: (N, max_length) words and scores."""
    N, K, V = features.shape[0], width, p["W_vocab"].shape[1]
    h0, _ = affine_forward(features, p["W_proj"], p["b_proj"])
    h = np.repeat(h0, K, axis=0)
    c = np.zeros_like(h)
    score = np.full((N, K), -np.inf, dtype=F)
    score[:, 0] = 0  # one open beam to start with, as ours
    words = np.ones(N * K, dtype=np.int64)
    finished = np.zeros(N * K, dtype=bool)
    history = np.zeros((N * K, max_length), dtype=np.int64)
    rows = np.arange(N)[:, None] * K
    for t in range(max_length):
        h, c = cell_step(p, cell, p["W_embed"][words], h, c)
        s = h.dot(p["W_vocab"]) + p["b_vocab"]
        s = s - s.max(1, keepdims=True)
        logp = s - np.log(np.exp(s).sum(1, keepdims=True))
        logp[finished] = -np.inf  # a finished caption's one candidate: itself
        logp[finished, end] = 0
        cand = (score.reshape(N * K, 1) + logp).reshape(N, K * V)
        top = np.argpartition(-cand, K, axis=1)[:, :K]
        score = np.take_along_axis(cand, top, 1)
        parent = (rows + top // V).reshape(-1)
        words = (top % V).reshape(-1)
        h, c, history = h[parent], c[parent], history[parent]
        words = np.where(finished[parent], end, words)
        finished = finished[parent] | (words == end)
        history[:, t] = words
        if finished.all():
            break
    best = score.argmax(1)
    return history[np.arange(N) * K + best], score.max(1)


def parse_args(cells=("rnn", "lstm", "gru")):
    """The options every peer takes (the same names as `captioning bench`)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--cell", default="rnn", choices=list(cells))
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--hidden", type=int, default=512)
    ap.add_argument("--wordvec", type=int, default=256)
    ap.add_argument("--vocab", type=int, default=1004)
    ap.add_argument("--input", type=int, default=512)
    ap.add_argument("--timesteps", type=int, default=16)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--what", default="step", choices=["step", "sample", "beam"])
    ap.add_argument("--length", type=int, default=30)
    ap.add_argument("--width", "--beam", dest="width", type=int, default=5)
    return ap.parse_args()


def problem(a):
    """Seeded float32 parameters (a dict of NumPy arrays), features and COCO-like captions:
    <START>, 8 to T-1 words, <END>, then <NULL> padding."""
    rng = np.random.RandomState(1)
    k = {"rnn": 1, "lstm": 4, "gru": 3}[a.cell]
    N, T, D, W, H, V = a.batch, a.timesteps, a.input, a.wordvec, a.hidden, a.vocab
    p = {"W_embed": rng.randn(V, W) / 100, "W_proj": rng.randn(D, H) / np.sqrt(D),
         "b_proj": np.zeros(H), "Wx": rng.randn(W, k * H) / np.sqrt(W),
         "Wh": rng.randn(H, k * H) / np.sqrt(H), "b": np.zeros(k * H),
         "W_vocab": rng.randn(H, V) / np.sqrt(H), "b_vocab": np.zeros(V)}
    if a.cell == "gru":
        p["bh"] = np.zeros(k * H)
    p = {n: v.astype(F) for n, v in p.items()}
    features = rng.randn(N, D).astype(F)
    captions = rng.randint(4, V, size=(N, T + 1)).astype(np.int32)
    captions[:, 0] = 1
    for row in range(N):
        length = 8 + rng.randint(max(1, T - 8))
        captions[row, length] = 2
        captions[row, length + 1:] = 0
    return p, features, captions


def fingerprint(what, out):
    """What the peers must agree on: the loss of a step, the words of greedy sampling (a
    checksum), the mean best score of beam search. The parameters are the same seeded
    arrays in every peer, so these agree up to float32 rounding."""
    if what == "step":
        return float(out[0])
    if what == "sample":
        words = np.asarray(out, dtype=np.int64)
        return int((words * (np.arange(words.size) % 9973 + 1).reshape(words.shape)).sum())
    return float(np.asarray(out[1], dtype=np.float64).mean())


def timed(a, work, warmups=1, **extra):
    """Runs `work` `warmups` times, then `a.steps` timed times; prints the JSON line with
    the median and the result's fingerprint."""
    out = None
    for _ in range(warmups):
        out = work()
    times = []
    for _ in range(a.steps):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1e3)
    print(json.dumps({"what": a.what, "cell": a.cell, "batch": a.batch, "hidden": a.hidden,
                      "median_ms": sorted(times)[len(times) // 2],
                      "fingerprint": fingerprint(a.what, out), **extra}))


def main():
    a = parse_args()
    if a.cell == "gru" and a.what == "step":
        raise SystemExit("numpy_baseline.py: the gru is here for sampling only")
    p, features, captions = problem(a)
    if a.what == "step":
        work = lambda: loss(p, a.cell, features, captions)  # noqa: E731
    elif a.what == "sample":
        work = lambda: sample(p, a.cell, features, a.length)  # noqa: E731
    else:
        work = lambda: beam_search(p, a.cell, features, a.width, a.length)  # noqa: E731
    timed(a, work, peer="numpy", version=np.__version__)


if __name__ == "__main__":
    main()
