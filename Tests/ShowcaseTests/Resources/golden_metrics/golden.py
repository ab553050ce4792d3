# Scores corpus.json with the COCO caption evaluation code and prints golden.json.
# The scorers are not committed; check them out first (see README.md):
#   python3 golden.py /tmp/pycoco REPOSITORY COMMIT > golden.json
# where /tmp/pycoco/pycocoevalcap/{cider,rouge}/*.py are that commit's files.
import datetime, hashlib, json, os, platform, sys

import numpy as np

root, repository, commit = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, root)
from pycocoevalcap.cider.cider import Cider
from pycocoevalcap.rouge.rouge import Rouge

files = ["cider/cider.py", "cider/cider_scorer.py", "rouge/rouge.py"]


def sha1(path):
    with open(os.path.join(root, "pycocoevalcap", path), "rb") as f:
        return hashlib.sha1(f.read()).hexdigest()


def scores(scorer, images):
    # Keys 0…n-1 in corpus order; the scorers walk gts.keys() in insertion order.
    gts = {i: image["references"] for i, image in enumerate(images)}
    res = {i: [image["candidate"]] for i, image in enumerate(images)}
    corpus, per_image = scorer.compute_score(gts, res)
    return {"corpus": float(corpus), "images": [float(s) for s in per_image]}


with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus.json")) as f:
    corpora = json.load(f)["corpora"]
golden = {
    "provenance": {
        "repository": repository,
        "commit": commit,
        "files": {path: "sha1 " + sha1(path) for path in files},
        "scorers": "Cider() (n = 4, sigma = 6.0: CIDEr-D) and Rouge() (beta = 1.2), "
        "compute_score(gts, res) on the pre-tokenized captions, without PTBTokenizer",
        "command": "python3 golden.py /tmp/pycoco " + repository + " " + commit,
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "numpy": np.__version__,
    },
    "corpora": [
        {
            "name": corpus["name"],
            "CIDEr-D": scores(Cider(), corpus["images"]),
            "ROUGE-L": scores(Rouge(), corpus["images"]),
        }
        for corpus in corpora
    ],
}
json.dump(golden, sys.stdout, indent=2)
print()
