#!/usr/bin/env python3
"""Cheap learnability check: bag-of-words logistic regression (standard library only).

Reports, per domain, test accuracy when training on the first 64 training rows, on
10 seeded random balanced 64-row subsets (mean), and on all 300 rows; then the
accuracy of a model trained on one domain and tested on every domain's test split.
A clear gap between 64 and 300 rows means the sets are not trivially learnable from
a handful of examples; a drop across domains shows the domain gap.

Finally, a proxy for what pre-training can teach: the same classifier trained only on
corpus paragraphs, labelled by their closing verdict ("Overall, it was good." and
similar, which is removed from the text), then tested on each labelled test split.

Usage: python3 datasets/tools/bow_check.py
"""

import csv
import math
import os
import random
import re

DATASETS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOMAINS = ["films", "restaurants", "gadgets"]
SEED = 7


def load(domain, split):
    with open(os.path.join(DATASETS, "sentiment", domain, split + ".csv"), newline="") as handle:
        return [(row["text"], 1 if row["label"] == "positive" else 0) for row in csv.DictReader(handle)]


def tokens(text):
    return re.findall(r"[a-z']+", text.lower())


def train(rows, epochs=300, learning_rate=0.5, l2=1e-3):
    """Full-batch gradient descent on the logistic loss; returns (weights, bias)."""
    vocabulary = sorted({w for text, _ in rows for w in tokens(text)})
    index = {w: i for i, w in enumerate(vocabulary)}
    features = [sorted({index[w] for w in tokens(text)}) for text, _ in rows]
    weights = [0.0] * len(vocabulary)
    bias = 0.0
    for _ in range(epochs):
        gradient = [0.0] * len(vocabulary)
        bias_gradient = 0.0
        for active, (_, label) in zip(features, rows):
            score = bias + sum(weights[i] for i in active)
            error = 1.0 / (1.0 + math.exp(-score)) - label
            for i in active:
                gradient[i] += error
            bias_gradient += error
        n = len(rows)
        for i in range(len(weights)):
            weights[i] -= learning_rate * (gradient[i] / n + l2 * weights[i])
        bias -= learning_rate * bias_gradient / n
    return {w: weights[i] for w, i in index.items()}, bias


def accuracy(model, rows):
    weights, bias = model
    correct = 0
    for text, label in rows:
        score = bias + sum(weights.get(w, 0.0) for w in set(tokens(text)))
        correct += int((score > 0) == (label == 1))
    return correct / len(rows)


def balanced_subset(rows, size, rng):
    positives = [r for r in rows if r[1] == 1]
    negatives = [r for r in rows if r[1] == 0]
    return rng.sample(positives, size // 2) + rng.sample(negatives, size // 2)


VERDICT = re.compile(r"\s*(Overall, it was|In short:|All in all, it was|My verdict:) ([a-z ]+)\.$")
POSITIVE_WORDS = {"good", "great", "very good", "excellent", "really good", "wonderful"}
NEGATIVE_WORDS = {"bad", "terrible", "awful", "very bad", "pretty bad", "dreadful"}


def corpus_verdict_rows():
    """Corpus paragraphs that end in a verdict, as (text without verdict, label)."""
    rows = []
    with open(os.path.join(DATASETS, "corpus", "train.txt")) as handle:
        for paragraph in handle.read().split("\n\n"):
            match = VERDICT.search(paragraph.strip())
            if not match:
                continue
            word = match.group(2)
            if word in POSITIVE_WORDS or word in NEGATIVE_WORDS:
                rows.append((paragraph[:match.start()], 1 if word in POSITIVE_WORDS else 0))
    return rows


def main():
    rng = random.Random(SEED)
    full_models = {}
    print("In-domain test accuracy (bag of words, logistic regression)")
    for domain in DOMAINS:
        train_rows, test_rows = load(domain, "train"), load(domain, "test")
        first64 = accuracy(train(train_rows[:64]), test_rows)
        subsets = [accuracy(train(balanced_subset(train_rows, 64, rng)), test_rows) for _ in range(10)]
        full_models[domain] = train(train_rows)
        full = accuracy(full_models[domain], test_rows)
        print(f"  {domain:12s} first 64: {first64:.1%}   random 64 (mean of 10): {sum(subsets) / 10:.1%} "
              f"(min {min(subsets):.1%}, max {max(subsets):.1%})   all 300: {full:.1%}")
    print("Cross-domain test accuracy (rows: trained on 300 rows of; columns: tested on)")
    print("  " + " " * 12 + "".join(f"{d:>13s}" for d in DOMAINS))
    for source in DOMAINS:
        cells = "".join(f"{accuracy(full_models[source], load(target, 'test')):13.1%}" for target in DOMAINS)
        print(f"  {source:12s}{cells}")
    rows = corpus_verdict_rows()
    model = train(rows, epochs=150)
    cells = "  ".join(f"{d} {accuracy(model, load(d, 'test')):.1%}" for d in DOMAINS)
    print(f"Trained on {len(rows)} corpus paragraphs labelled by their verdict, tested on: {cells}")


if __name__ == "__main__":
    main()
