#!/usr/bin/env python3
"""Check every rule TuneLab's datasets must follow; exit 1 on any violation.

Rules checked:
  corpus     ASCII subset only, fewer than 80 distinct symbols, >= 200 KB in total,
             paragraphs separated by single blank lines, >= 60 KB hand-written,
             >= 40% opinionated (generated) text, frequent "Overall, it was good/bad." verdicts
  sentiment  header "text,label", labels positive/negative, 300/100/100 rows per domain,
             exact 50/50 balance per split, 6-30 words, ASCII subset, RFC-4180 minimal
             quoting with LF line ends, no duplicate sentence anywhere (case-insensitive),
             no sentence contained verbatim in the corpus (case-insensitive),
             >= 15 polarity-flipping words used with opposite labels in two domains,
             enough negation and contrast sentences per domain

Usage: python3 datasets/tools/verify.py
"""

import csv
import io
import os
import re
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.dirname(TOOLS)
sys.path.insert(0, TOOLS)
import banks  # noqa: E402

ALLOWED = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \n.,;:!?'\"-()")
DOMAINS = ["films", "restaurants", "gadgets"]
SPLITS = {"train": 300, "validation": 100, "test": 100}
NEGATION = re.compile(r"\b(not|never|no|nothing|nobody|nowhere)\b|n't\b", re.IGNORECASE)
CONTRAST = re.compile(r"\b(but|although|even though|while|yet|however|still)\b", re.IGNORECASE)

failures = []


def fail(message):
    failures.append(message)
    print("FAIL  " + message)


def ok(message):
    print("ok    " + message)


def check_characters(name, text):
    bad = sorted(set(text) - ALLOWED)
    if bad:
        line = next(i + 1 for i, row in enumerate(text.split("\n")) if set(row) - ALLOWED)
        fail(f"{name}:{line}: characters outside the allowed set: {bad!r}")
        return False
    return True


# MARK: - Corpus

def read_passage_paragraphs():
    folder = os.path.join(TOOLS, "passages")
    paragraphs = set()
    for name in sorted(os.listdir(folder)):
        if name.endswith(".txt"):
            with open(os.path.join(folder, name), encoding="ascii") as handle:
                for block in handle.read().split("\n\n"):
                    lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
                    if lines:
                        paragraphs.add(" ".join(lines))
    return paragraphs


def check_corpus():
    texts = {}
    for split in ("train", "validation"):
        path = os.path.join(DATASETS, "corpus", split + ".txt")
        if not os.path.exists(path):
            fail(f"{path}: missing")
            continue
        with open(path, "rb") as handle:
            raw = handle.read()
        try:
            text = raw.decode("ascii")
        except UnicodeDecodeError as error:
            fail(f"{path}: not ASCII at byte {error.start}")
            continue
        check_characters(path, text)
        if "\n\n\n" in text or text.startswith("\n") or not text.endswith("\n") or text.endswith("\n\n"):
            fail(f"{path}: paragraphs must be separated by exactly one blank line")
        if re.search(r" \n|\n ", text):
            fail(f"{path}: a line starts or ends with a space")
        texts[split] = text
        ok(f"corpus/{split}.txt: {len(raw)} bytes, {text.count(chr(10))} lines, {len(text.split(chr(10) + chr(10)))} paragraphs")
    if len(texts) != 2:
        return ""
    whole = texts["train"] + texts["validation"]
    symbols = sorted(set(whole))
    if len(symbols) >= 80:
        fail(f"corpus: {len(symbols)} distinct symbols, must be under 80")
    else:
        ok(f"corpus: {len(symbols)} distinct symbols (limit 79)")
    if len(whole) < 200_000:
        fail(f"corpus: {len(whole)} bytes in total, need at least 200000")
    else:
        ok(f"corpus: {len(whole)} bytes in total (need 200000)")

    handwritten = read_passage_paragraphs()
    paragraphs = [p for t in texts.values() for p in t.strip("\n").split("\n\n")]
    hand_bytes = sum(len(p) for p in paragraphs if p in handwritten)
    opinion_bytes = sum(len(p) for p in paragraphs if p not in handwritten)
    missing = [p for p in handwritten if p not in set(paragraphs)]
    if missing:
        fail(f"corpus: {len(missing)} hand-written paragraphs are missing from the corpus")
    if hand_bytes < 60_000:
        fail(f"corpus: only {hand_bytes} bytes of hand-written prose, need 60000")
    else:
        ok(f"corpus: {hand_bytes} bytes of hand-written prose in {len(handwritten)} paragraphs")
    share = opinion_bytes / (hand_bytes + opinion_bytes)
    if share < 0.40:
        fail(f"corpus: opinionated share {share:.1%}, need at least 40%")
    else:
        ok(f"corpus: opinionated (generated) share {share:.1%} of paragraph bytes")
    good = whole.count("Overall, it was good.")
    bad = whole.count("Overall, it was bad.")
    if good < 100 or bad < 100:
        fail(f"corpus: too few verdicts (good {good}, bad {bad}); need 100 of each")
    else:
        ok(f"corpus: 'Overall, it was good.' x{good}, 'Overall, it was bad.' x{bad}")
    return whole


# MARK: - Sentiment sets

def check_csv(domain, split, path):
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as error:
        fail(f"{path}: not ASCII at byte {error.start}")
        return []
    if "\r" in text:
        fail(f"{path}: use LF line ends")
    lines = text.split("\n")
    if lines[0] != "text,label":
        fail(f"{path}:1: header must be 'text,label', found {lines[0]!r}")
    rows = list(csv.reader(io.StringIO(text)))
    body = rows[1:]
    # Re-serialising with minimal quoting must reproduce the file byte for byte.
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n").writerows(rows)
    if buffer.getvalue() != text:
        fail(f"{path}: quoting is not RFC-4180 minimal quoting")
    result = []
    for number, row in enumerate(body, start=2):
        where = f"{path}:{number}"
        if len(row) != 2:
            fail(f"{where}: expected 2 fields, found {len(row)}")
            continue
        sentence, label = row
        if label not in ("positive", "negative"):
            fail(f"{where}: label must be positive or negative, found {label!r}")
        words = len(sentence.split())
        if not 6 <= words <= 30:
            fail(f"{where}: {words} words, must be 6 to 30")
        if re.search(r"[.!?]\s", sentence) or not sentence.endswith((".", "!", "?")):
            fail(f"{where}: must be exactly one sentence ending in . ! or ?")
        if set(sentence) - (ALLOWED - {"\n"}):
            fail(f"{where}: characters outside the allowed set: {sorted(set(sentence) - ALLOWED)!r}")
        result.append((sentence, label))
    head = result[:64]
    if sum(1 for _, label in head if label == "positive") * 2 != len(head):
        fail(f"{path}: the first 64 rows are not half positive")
    expected = SPLITS[split]
    positives = sum(1 for _, label in result if label == "positive")
    if len(result) != expected or positives * 2 != expected:
        fail(f"{path}: {len(result)} rows ({positives} positive), need {expected} rows, half positive")
    else:
        ok(f"sentiment/{domain}/{split}.csv: {len(raw)} bytes, {len(result)} rows, "
           f"{positives} positive / {len(result) - positives} negative")
    return result


def check_sentiment(corpus):
    everything = {}
    for domain in DOMAINS:
        for split in SPLITS:
            path = os.path.join(DATASETS, "sentiment", domain, split + ".csv")
            if not os.path.exists(path):
                fail(f"{path}: missing")
                continue
            everything[(domain, split)] = check_csv(domain, split, path)

    # Duplicates within and across splits and domains.
    seen = {}
    duplicates = 0
    for key, rows in everything.items():
        for sentence, _ in rows:
            folded = sentence.lower()
            if folded in seen:
                duplicates += 1
                fail(f"duplicate sentence in {key} and {seen[folded]}: {sentence!r}")
            seen[folded] = key
    if duplicates == 0:
        ok(f"no duplicate among {len(seen)} labelled sentences")

    # Leakage into the corpus.
    lowered = corpus.lower()
    leaks = [s for s in seen if s in lowered]
    for sentence in leaks[:10]:
        fail(f"labelled sentence appears verbatim in the corpus: {sentence!r}")
    if corpus and not leaks:
        ok("no labelled sentence appears verbatim in the corpus (case-insensitive substring test)")

    # Polarity-flipping words.
    usage = {}
    for (domain, _), rows in everything.items():
        for sentence, label in rows:
            for word in set(re.findall(r"[a-z]+", sentence.lower())):
                usage.setdefault(word, set()).add((domain, label))
    flipping = []
    for word in banks.FLIPPING_WORDS:
        uses = usage.get(word, set())
        positive_domains = {d for d, l in uses if l == "positive"}
        negative_domains = {d for d, l in uses if l == "negative"}
        if any(p != n for p in positive_domains for n in negative_domains):
            flipping.append(word)
        else:
            print(f"note  flipping word {word!r} lacks opposite labels in two domains: {sorted(uses)}")
    if len(flipping) < 15:
        fail(f"only {len(flipping)} polarity-flipping words are used with opposite labels across domains")
    else:
        ok(f"{len(flipping)} polarity-flipping words used with opposite labels in two domains: {', '.join(flipping)}")

    # Negation, contrast and vocabulary per domain.
    for domain in DOMAINS:
        rows = [r for split in SPLITS for r in everything.get((domain, split), [])]
        # A fixed template opening ("I was not expecting it, but ...") is neither a
        # negation nor a contrast of the review itself; leave it out of the counts.
        cores = [s.replace("I was not expecting it, but ", "") for s, _ in rows]
        negations = sum(1 for s in cores if NEGATION.search(s))
        contrasts = sum(1 for s in cores if CONTRAST.search(s))
        vocabulary = {w for s, _ in rows for w in re.findall(r"[a-z]+", s.lower())}
        first64 = everything.get((domain, "train"), [])[:64]
        covered = {w for s, _ in first64 for w in re.findall(r"[a-z]+", s.lower())}
        test_words = {w for s, _ in everything.get((domain, "test"), []) for w in re.findall(r"[a-z]+", s.lower())}
        if negations < 30 or contrasts < 60:
            fail(f"{domain}: {negations} negation and {contrasts} contrast sentences; need 30 and 60")
        else:
            ok(f"{domain}: {negations} sentences with negation, {contrasts} with contrast, "
               f"{len(vocabulary)} distinct words; the first 64 train rows cover "
               f"{len(covered & test_words)}/{len(test_words)} test-split words")
    vocabularies = {d: {w for split in SPLITS for s, _ in everything.get((d, split), [])
                        for w in re.findall(r"[a-z]+", s.lower())} for d in DOMAINS}
    for i, a in enumerate(DOMAINS):
        for b in DOMAINS[i + 1:]:
            shared = len(vocabularies[a] & vocabularies[b]) / len(vocabularies[a] | vocabularies[b])
            print(f"info  vocabulary overlap (Jaccard) {a} vs {b}: {shared:.2f}")


def main():
    corpus = check_corpus()
    check_sentiment(corpus)
    if failures:
        print(f"\n{len(failures)} violation(s)")
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
