#!/usr/bin/env python3
"""The JAX peer for `bench/compare`: the model of bench/numpy_baseline.py (same seeded
float32 parameters, features and captions from its `problem`; T = 16, D = 512, W = 256,
V = 1004, H = 512 by default), written as a JAX user at their best would.

Code choices:
- Everything under jax.jit; compilation happens in the warm-up runs and is not timed;
  each timed run ends with block_until_ready. float32 throughout (JAX's default). XLA's
  CPU backend uses every core (both here).
- step (loss and all gradients): jax.value_and_grad of the loss; the input projection
  x·Wx + b of all T steps is one product, the time loop a lax.scan multiplying by Wh;
  the loss is the assignment's temporal_softmax_loss (log_softmax, <NULL> masked, summed,
  divided by N).
- sample (greedy): a lax.scan over the `--length` steps (embedding row, x·Wx, the cell,
  scores, argmax). Beam search: a lax.scan over all `--length` steps (no early stop, which
  a scan cannot take; a finished caption competes unchanged, as RecurrentDecoder.beamSearch),
  batched over images and beams with lax.top_k over each image's K·V candidates.
Prints one JSON object, as numpy_baseline.py.
"""
import os
import sys
from functools import partial

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
from jax import lax  # noqa: E402

from numpy_baseline import parse_args, problem, timed  # noqa: E402

END = 2


def cell_step(p, cell, xw, h, c):
    """One step from the input projection xw = x·Wx + b: the next h (and c for lstm)."""
    H = h.shape[1]
    if cell == "rnn":
        return jnp.tanh(xw + h @ p["Wh"]), c
    if cell == "lstm":
        a = xw + h @ p["Wh"]
        i, f, o = (jax.nn.sigmoid(a[:, k * H:(k + 1) * H]) for k in range(3))
        c = f * c + i * jnp.tanh(a[:, 3 * H:])
        return o * jnp.tanh(c), c
    hp = h @ p["Wh"] + p["bh"]
    r = jax.nn.sigmoid(xw[:, :H] + hp[:, :H])
    z = jax.nn.sigmoid(xw[:, H:2 * H] + hp[:, H:2 * H])
    n = jnp.tanh(xw[:, 2 * H:] + r * hp[:, 2 * H:])
    return (1 - z) * n + z * h, c


def initial_state(p, features):
    h = features @ p["W_proj"] + p["b_proj"]
    return h, jnp.zeros_like(h)


@partial(jax.jit, static_argnums=1)
def loss_and_gradients(p, cell, features, captions):
    def loss(p):
        captions_in, captions_out = captions[:, :-1], captions[:, 1:]
        N = captions.shape[0]
        xw = p["W_embed"][captions_in] @ p["Wx"] + p["b"]  # (N, T, kH)

        def body(carry, xw_t):
            h, c = cell_step(p, cell, xw_t, *carry)
            return (h, c), h
        _, hs = lax.scan(body, initial_state(p, features), jnp.swapaxes(xw, 0, 1))
        scores = jnp.swapaxes(hs, 0, 1) @ p["W_vocab"] + p["b_vocab"]
        logp = jax.nn.log_softmax(scores)
        nll = -jnp.take_along_axis(logp, captions_out[..., None], -1)[..., 0]
        return jnp.sum(nll * (captions_out != 0)) / N
    return jax.value_and_grad(loss)(p)


@partial(jax.jit, static_argnums=(1, 3))
def sample(p, cell, features, length):
    def body(carry, _):
        h, c, words = carry
        h, c = cell_step(p, cell, p["W_embed"][words] @ p["Wx"] + p["b"], h, c)
        words = jnp.argmax(h @ p["W_vocab"] + p["b_vocab"], 1)
        return (h, c, words), words
    h, c = initial_state(p, features)
    words = jnp.ones(features.shape[0], dtype=jnp.int32)
    _, captions = lax.scan(body, (h, c, words), None, length=length)
    return captions.T


@partial(jax.jit, static_argnums=(1, 3, 4))
def beam_search(p, cell, features, K, length):
    N, V = features.shape[0], p["W_vocab"].shape[1]
    h, c = initial_state(p, features)
    h, c = jnp.repeat(h, K, 0), jnp.repeat(c, K, 0)
    score = jnp.full((N, K), -jnp.inf).at[:, 0].set(0)  # one open beam to start with
    words = jnp.ones(N * K, dtype=jnp.int32)
    finished = jnp.zeros(N * K, dtype=bool)
    history = jnp.zeros((N * K, length), dtype=jnp.int32)
    rows = (jnp.arange(N) * K)[:, None]
    itself = jnp.full((V,), -jnp.inf).at[END].set(0)

    def body(carry, t):
        h, c, score, words, finished, history = carry
        h, c = cell_step(p, cell, p["W_embed"][words] @ p["Wx"] + p["b"], h, c)
        logp = jax.nn.log_softmax(h @ p["W_vocab"] + p["b_vocab"])
        logp = jnp.where(finished[:, None], itself, logp)
        score, top = lax.top_k((score.reshape(N * K, 1) + logp).reshape(N, K * V), K)
        parent = (rows + top // V).reshape(-1)
        words = jnp.where(finished[parent], END, (top % V).reshape(-1)).astype(jnp.int32)
        h, c, history = h[parent], c[parent], history[parent]
        finished = finished[parent] | (words == END)
        return (h, c, score, words, finished, history.at[:, t].set(words)), None
    carry, _ = lax.scan(body, (h, c, score, words, finished, history), jnp.arange(length))
    score, history = carry[2], carry[5]
    best = jnp.argmax(score, 1)
    return history[jnp.arange(N) * K + best], score.max(1)


def main():
    a = parse_args()
    arrays, features, captions = problem(a)
    p = {name: jnp.asarray(value) for name, value in arrays.items()}
    features, captions = jnp.asarray(features), jnp.asarray(captions)
    if a.what == "step":
        def work():
            return jax.block_until_ready(loss_and_gradients(p, a.cell, features, captions))
    elif a.what == "sample":
        def work():
            return jax.block_until_ready(sample(p, a.cell, features, a.length))
    else:
        def work():
            return jax.block_until_ready(beam_search(p, a.cell, features, a.width, a.length))
    timed(a, work, warmups=2, peer="jax", version=jax.__version__,
          devices=str(jax.devices()))


if __name__ == "__main__":
    main()
