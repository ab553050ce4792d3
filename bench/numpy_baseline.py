#!/usr/bin/env python3
"""The NumPy baseline for `bench/compare`: the CS231n captioning code a learner writes
(rnn_layers.py and CaptioningRNN, loops over time calling the step functions, as the
assignment asks), float32 throughout, timed the same way as `captioning bench`.

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


def sample(p, cell, features, max_length):
    N = features.shape[0]
    captions = np.zeros((N, max_length), dtype=np.int32)
    h, _ = affine_forward(features, p["W_proj"], p["b_proj"])
    c = np.zeros_like(h)
    words = np.ones(N, dtype=np.int32)
    for t in range(max_length):
        x = p["W_embed"][words]
        if cell == "rnn":
            h, _ = rnn_step_forward(x, h, p["Wx"], p["Wh"], p["b"])
        else:
            h, c, _ = lstm_step_forward(x, h, c, p["Wx"], p["Wh"], p["b"])
        scores, _ = affine_forward(h, p["W_vocab"], p["b_vocab"])
        words = scores.argmax(1)
        captions[:, t] = words
    return captions


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cell", default="rnn", choices=["rnn", "lstm"])
    ap.add_argument("--batch", type=int, default=100)
    ap.add_argument("--hidden", type=int, default=512)
    ap.add_argument("--wordvec", type=int, default=256)
    ap.add_argument("--vocab", type=int, default=1004)
    ap.add_argument("--input", type=int, default=512)
    ap.add_argument("--timesteps", type=int, default=16)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--what", default="step", choices=["step", "sample"])
    ap.add_argument("--length", type=int, default=30)
    a = ap.parse_args()
    rng = np.random.RandomState(1)
    k = 1 if a.cell == "rnn" else 4
    N, T, D, W, H, V = a.batch, a.timesteps, a.input, a.wordvec, a.hidden, a.vocab
    p = {"W_embed": rng.randn(V, W) / 100, "W_proj": rng.randn(D, H) / np.sqrt(D),
         "b_proj": np.zeros(H), "Wx": rng.randn(W, k * H) / np.sqrt(W),
         "Wh": rng.randn(H, k * H) / np.sqrt(H), "b": np.zeros(k * H),
         "W_vocab": rng.randn(H, V) / np.sqrt(H), "b_vocab": np.zeros(V)}
    p = {n: v.astype(F) for n, v in p.items()}
    features = rng.randn(N, D).astype(F)
    captions = rng.randint(4, V, size=(N, T + 1)).astype(np.int32)
    captions[:, 0] = 1
    for row in range(N):
        length = 8 + rng.randint(max(1, T - 8))
        captions[row, length] = 2
        captions[row, length + 1:] = 0
    work = (lambda: loss(p, a.cell, features, captions)) if a.what == "step" else \
        (lambda: sample(p, a.cell, features, a.length))
    work()
    times = []
    for _ in range(a.steps):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1e3)
    print(json.dumps({"what": a.what, "cell": a.cell, "batch": N, "hidden": H,
                      "median_ms": sorted(times)[len(times) // 2]}))


if __name__ == "__main__":
    main()
