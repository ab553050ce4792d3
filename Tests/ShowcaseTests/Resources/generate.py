# Regenerates the NumPy test files (run once; the outputs are committed):
#   cd Tests/ShowcaseTests/Resources && python3 generate.py
import json, os
import numpy as np
np.save("float32_2x3.npy", np.array([[1.5, -2.25, 3.0], [0.0, 1e-3, -7.125]], dtype=np.float32))
np.save("float64_3.npy", np.array([0.1, -2.5, 1e300], dtype=np.float64))
np.save("int32_2x2.npy", np.array([[1, -2], [2147483647, -2147483648]], dtype=np.int32))
np.save("int64_4.npy", np.array([0, -1, 2**40, -(2**40)], dtype=np.int64))
np.save("bool_5.npy", np.array([True, False, True, True, False]))
np.save("scalar_0d.npy", np.array(3.5, dtype=np.float64))
np.save("float32_2x3x4.npy", np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 4)
np.save("fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
with open("version2_int32.npy", "wb") as f:
    np.lib.format.write_array(f, np.array([7, 8, 9], dtype=np.int32), version=(2, 0))
np.savez("arrays.npz", a=np.array([1.0, 2.0], dtype=np.float32),
         b=np.array([[1, 2], [3, 4]], dtype=np.int64))
np.savez_compressed("compressed.npz", a=np.zeros(10, dtype=np.float32))
# A tiny COCO-style folder (5 words, 3 train images, 2 val images), as .npy files.
vocab = ["<NULL>", "<START>", "<END>", "<UNK>", "a", "cat", "dog"]
os.makedirs("coco_tiny", exist_ok=True)
caps = lambda rows: np.array(rows, dtype=np.int32)
arrays = dict(
    train_captions=caps([[1, 4, 5, 2, 0], [1, 4, 6, 2, 0], [1, 5, 2, 0, 0], [1, 4, 5, 2, 0]]),
    train_image_idxs=np.array([0, 1, 2, 0], dtype=np.int32),
    train_features=np.arange(12, dtype=np.float32).reshape(3, 4),
    val_captions=caps([[1, 4, 6, 2, 0], [1, 6, 2, 0, 0]]),
    val_image_idxs=np.array([0, 1], dtype=np.int32),
    val_features=-np.arange(8, dtype=np.float32).reshape(2, 4))
for name, value in arrays.items():
    np.save(f"coco_tiny/{name}.npy", value)
vocab_json = {"idx_to_word": vocab, "word_to_idx": {w: i for i, w in enumerate(vocab)}}
for folder in ["coco_tiny", "coco_tiny_npz"]:
    os.makedirs(folder, exist_ok=True)
    with open(f"{folder}/coco2014_vocab.json", "w") as f:
        json.dump(vocab_json, f)
np.savez("coco_tiny_npz/coco_captioning.npz", **arrays)
# Compressed archives: np.savez_compressed (ZIP64, deflate), and one deflated member
# written by zipfile without ZIP64, whose central-directory sizes the tests patch.
np.savez_compressed(
    "compressed_arrays.npz",
    a=(np.sin(np.arange(1200)) * 100).astype(np.float32).reshape(4, 300),
    b=np.arange(-5, 5, dtype=np.int64),
    c=np.array([True, False, False, True]))
import io, zipfile
member = io.BytesIO()
np.save(member, np.arange(64, dtype=np.float64))
with zipfile.ZipFile("deflated_member.npz", "w", compression=zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("a.npy", date_time=(2026, 11, 30, 0, 0, 0)), member.getvalue(),
               compress_type=zipfile.ZIP_DEFLATED)
