#!/usr/bin/env python3
"""The PyTorch (CPU) peer for `bench/compare`: the model of bench/numpy_baseline.py (same
seeded float32 parameters, features and captions from its `problem`; T = 16, D = 512,
W = 256, V = 1004, H = 512 by default), written as a PyTorch user at their best would.

Code choices:
- torch.set_num_threads(2): both cores, as ours uses.
- step (loss and all gradients): autograd (torch.autograd.grad of the loss with respect
  to every parameter); the input projection x·Wx + b of all T steps is one product before
  the time loop, which then multiplies by Wh only; the loss is the assignment's
  temporal_softmax_loss (cross-entropy of the words after <START>, <NULL> masked, summed,
  divided by N). With --fused the time loop is torch.nn.RNN/LSTM/GRU instead (weights
  copied in, LSTM gates reordered to PyTorch's i, f, g, o).
- sample (greedy, `--length` words) and beam: torch.inference_mode(), the same cell code
  one step at a time (the embedding row, then x·Wx, as the learner's sample does); beam
  search batched over all images and beams with topk over each image's K·V candidates, a
  finished caption competing unchanged (as RecurrentDecoder.beamSearch); it stops when
  every kept caption has finished.
Prints one JSON object, as numpy_baseline.py.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
import torch.nn.functional as Fn  # noqa: E402

from numpy_baseline import parse_args, problem, timed  # noqa: E402

END = 2


def cell_step(p, cell, xw, h, c):
    """One step from the input projection xw = x·Wx + b: the next h (and c for lstm)."""
    H = h.shape[1]
    if cell == "rnn":
        return torch.tanh(torch.addmm(xw, h, p["Wh"])), c
    if cell == "lstm":
        a = torch.addmm(xw, h, p["Wh"])
        ifo = torch.sigmoid(a[:, :3 * H])
        i, f, o = ifo[:, :H], ifo[:, H:2 * H], ifo[:, 2 * H:]
        c = f * c + i * torch.tanh(a[:, 3 * H:])
        return o * torch.tanh(c), c
    hp = torch.addmm(p["bh"], h, p["Wh"])
    rz = torch.sigmoid(xw[:, :2 * H] + hp[:, :2 * H])
    r, z = rz[:, :H], rz[:, H:]
    n = torch.tanh(xw[:, 2 * H:] + r * hp[:, 2 * H:])
    return n + z * (h - n), c


def masked_loss(scores, captions_out, mask, N):
    nll = Fn.cross_entropy(scores, captions_out.reshape(-1), reduction="none")
    return (nll * mask.reshape(-1)).sum() / N


def loss(p, cell, features, captions_in, captions_out, mask):
    N, T = captions_in.shape
    h = torch.addmm(p["b_proj"], features, p["W_proj"])
    c = torch.zeros_like(h)
    x = p["W_embed"][captions_in].reshape(N * T, -1)
    xw = torch.addmm(p["b"], x, p["Wx"]).reshape(N, T, -1)
    hs = []
    for t in range(T):
        h, c = cell_step(p, cell, xw[:, t], h, c)
        hs.append(h)
    hs = torch.stack(hs, 1).reshape(N * T, -1)
    return masked_loss(torch.addmm(p["b_vocab"], hs, p["W_vocab"]), captions_out, mask, N)


def fused_module(p, cell):
    """torch.nn.RNN/LSTM/GRU sharing our weights (views: gradients flow back to p)."""
    W, kH = p["Wx"].shape
    H = kH // {"rnn": 1, "lstm": 4, "gru": 3}[cell]
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](
        W, H, batch_first=True)
    order = [0, 1, 3, 2] if cell == "lstm" else list(range(kH // H))  # ours: i, f, o, g

    def blocks(t, dim):
        return torch.cat([t.narrow(dim, k * H, H) for k in order], dim)
    del module.weight_ih_l0, module.weight_hh_l0, module.bias_ih_l0, module.bias_hh_l0
    module.weight_ih_l0 = blocks(p["Wx"], 1).t()
    module.weight_hh_l0 = blocks(p["Wh"], 1).t()
    module.bias_ih_l0 = blocks(p["b"], 0)
    module.bias_hh_l0 = blocks(p["bh"], 0) if cell == "gru" else torch.zeros_like(p["b"])
    return module


def fused_loss(p, cell, features, captions_in, captions_out, mask):
    N, T = captions_in.shape
    h0 = torch.addmm(p["b_proj"], features, p["W_proj"])[None]
    module = fused_module(p, cell)  # rebuilt each step: the reordered weights are in the graph
    state = (h0, torch.zeros_like(h0)) if cell == "lstm" else h0
    hs, _ = module(p["W_embed"][captions_in], state)
    hs = hs.reshape(N * T, -1)
    return masked_loss(torch.addmm(p["b_vocab"], hs, p["W_vocab"]), captions_out, mask, N)


def sample(p, cell, features, length):
    N = features.shape[0]
    h = torch.addmm(p["b_proj"], features, p["W_proj"])
    c = torch.zeros_like(h)
    words = torch.ones(N, dtype=torch.long)
    captions = []
    for _ in range(length):
        xw = torch.addmm(p["b"], p["W_embed"][words], p["Wx"])
        h, c = cell_step(p, cell, xw, h, c)
        words = torch.addmm(p["b_vocab"], h, p["W_vocab"]).argmax(1)
        captions.append(words)
    return torch.stack(captions, 1)


def beam_search(p, cell, features, K, length):
    N, V = features.shape[0], p["W_vocab"].shape[1]
    h = torch.addmm(p["b_proj"], features, p["W_proj"]).repeat_interleave(K, 0)
    c = torch.zeros_like(h)
    score = torch.full((N, K), float("-inf"))
    score[:, 0] = 0  # one open beam to start with
    words = torch.ones(N * K, dtype=torch.long)
    finished = torch.zeros(N * K, dtype=torch.bool)
    history = torch.zeros(N * K, length, dtype=torch.long)
    rows = torch.arange(N)[:, None] * K
    itself = torch.full((V,), float("-inf"))
    itself[END] = 0
    for t in range(length):
        h, c = cell_step(p, cell, torch.addmm(p["b"], p["W_embed"][words], p["Wx"]), h, c)
        logp = torch.log_softmax(torch.addmm(p["b_vocab"], h, p["W_vocab"]), 1)
        logp = torch.where(finished[:, None], itself, logp)
        score, top = (score.reshape(N * K, 1) + logp).reshape(N, K * V).topk(K, 1)
        parent = (rows + top // V).reshape(-1)
        words = torch.where(finished[parent], END, (top % V).reshape(-1))
        h, c, history = h[parent], c[parent], history[parent]
        finished = finished[parent] | (words == END)
        history[:, t] = words
        if bool(finished.all()):
            break
    best = score.argmax(1)
    return history[torch.arange(N) * K + best], score.max(1).values


def main():
    import argparse
    extra = argparse.ArgumentParser(add_help=False)
    extra.add_argument("--fused", action="store_true")
    known, rest = extra.parse_known_args()
    sys.argv = [sys.argv[0]] + rest
    a = parse_args()
    torch.set_num_threads(2)
    arrays, features, captions = problem(a)
    p = {name: torch.from_numpy(value) for name, value in arrays.items()}
    features = torch.from_numpy(features)
    captions = torch.from_numpy(captions).long()
    if a.what == "step":
        captions_in, captions_out = captions[:, :-1], captions[:, 1:]
        mask = (captions_out != 0).float()
        for value in p.values():
            value.requires_grad_(True)
        parameters = list(p.values())
        f = fused_loss if known.fused else loss

        def work():
            value = f(p, a.cell, features, captions_in, captions_out, mask)
            return value.detach(), torch.autograd.grad(value, parameters)
    elif a.what == "sample":
        def work():
            with torch.inference_mode():
                return sample(p, a.cell, features, a.length)
    else:
        def work():
            with torch.inference_mode():
                return beam_search(p, a.cell, features, a.width, a.length)
    timed(a, work, warmups=2, peer="torch", version=torch.__version__,
          fused=known.fused and a.what == "step", threads=torch.get_num_threads())


if __name__ == "__main__":
    main()
