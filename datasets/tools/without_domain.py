#!/usr/bin/env python3
"""Write the corpus without the paragraphs of one review domain, for measuring what
reading a domain gives a model that has never seen it.

A paragraph is left out when it contains, case-insensitively, any of the domain's
sentiment clauses from banks.py (positive, negative, mild, sarcastic) or any of its
product or place names. Hand-written prose and the other domains' reviews stay, so the
verdicts ("Overall, it was good.") stay too. Nothing in datasets/ changes: the result
goes to OUT/train.txt and OUT/validation.txt, which the lab loads as one text
(data load nog OUT). Deterministic: the same corpus gives the same files.

Usage: python3 datasets/tools/without_domain.py gadgets /tmp/nogadgets
"""

import os
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.dirname(TOOLS)
sys.path.insert(0, TOOLS)
import banks  # noqa: E402


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in banks.LABELLED_DOMAINS:
        sys.exit("usage: without_domain.py films|restaurants|gadgets OUT_FOLDER")
    domain, out = sys.argv[1], sys.argv[2]
    bank = banks.LABELLED_DOMAINS[domain]
    marks = [c.lower() for key in ("pos", "neg", "mild_pos", "mild_neg", "sarcasm") for c in bank[key]]
    marks += [name.lower() for name in bank["names"]]
    os.makedirs(out, exist_ok=True)
    for part in ("train", "validation"):
        with open(os.path.join(DATASETS, "corpus", part + ".txt")) as f:
            paragraphs = f.read().split("\n\n")
        kept = [p for p in paragraphs if not any(mark in p.lower() for mark in marks)]
        with open(os.path.join(out, part + ".txt"), "w") as f:
            f.write("\n\n".join(kept))
        print(f"{part}: kept {len(kept)} of {len(paragraphs)} paragraphs ({sum(map(len, kept))} characters)")


if __name__ == "__main__":
    main()
