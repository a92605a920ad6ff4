#!/usr/bin/env python3
"""Build TuneLab's datasets deterministically (standard library only).

Writes, relative to the datasets/ folder:
  corpus/train.txt, corpus/validation.txt              pre-training corpus
  sentiment/<domain>/{train,validation,test}.csv       labelled review sentences

Inputs are the project's own phrase banks (banks.py) and hand-written passages
(passages/*.txt). Every random choice comes from one seeded random.Random, so running
this script twice gives byte-identical files.

Usage: python3 datasets/tools/build.py
"""

import csv
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import banks  # noqa: E402

SEED = 20261127
TOOLS = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.dirname(TOOLS)

SPLIT_SIZES = {"train": 300, "validation": 100, "test": 100}
MIN_WORDS, MAX_WORDS = 6, 30
BALANCED_BLOCK = 64            # every block of 64 rows in a split is half positive
CORPUS_TARGET_BYTES = 290_000   # train + validation together
VALIDATION_EVERY = 11           # every 11th paragraph (after shuffling) goes to validation

# MARK: - Sentence templates shared by the labelled sets and the corpus

# {c} is a clause of the sentence's polarity; {when} is a domain time phrase.
SINGLE = [
    "{c}.", "Honestly, {c}.", "I have to say that {c}.", "If you ask me, {c}.",
    "We both agreed that {c}.", "What stood out most was that {c}.",
    "My main impression is that {c}.", "{c}, at least in my experience.",
    "{when}, {c}.", "To be honest, {c}.", "I noticed right away that {c}.",
    "{c}, and that says a lot.", "For what it is worth, {c}.",
    "My partner and I both felt that {c}.", "It is simple: {c}.", "{c}!",
    "I was not expecting it, but {c}.", "Let me put it plainly: {c}.",
]
# {c1} and {c2} share the sentence's polarity.
DOUBLE = [
    "{c1}, and {c2}.", "{c1}; {c2}.", "{c1}, and on top of that {c2}.",
    "{c1}, while {c2}.", "First, {c1}, and second, {c2}.", "{c1}, plus {c2}.",
    "{when}, {c1} and {c2}.",
]
# {t} is a recommendation tail of the sentence's polarity.
TAIL = [
    "{c}, so {t}.", "{c}; {t}.", "{T}, because {c}.", "{c}; in fact, {t}.",
]
# {m} is a mild clause of the OPPOSITE polarity; the label follows {c}.
CONTRAST = [
    "{m}, but {c}.", "Although {m}, {c}.", "{c}, even though {m}.",
    "{m}; still, {c}.", "Sure, {m}, yet {c}.", "{m}, however {c}.",
    "While {m}, {c}.", "{m}, but in the end {c}.",
]
# A conceded point before the main ones in a corpus paragraph ({m} is a mild clause).
CONCESSION = ["To be fair, {m}.", "Granted, {m}.", "{m}, I admit.", "Yes, {m}.", "I will grant that {m}."]
# Extra templates that only the corpus uses, for variety.
CORPUS_SINGLE = [
    "The first thing I noticed was that {c}.", "I should mention that {c}.",
    "{c}, which surprised me.", "Then again, {c}.", "On top of everything, {c}.",
    "As for the details, {c}.", "Another thing: {c}.", "I also felt that {c}.",
    "It is worth saying that {c}.", "My friend pointed out that {c}.",
]

POSITIVE_VERDICTS = (
    ["Overall, it was good."] * 14 + ["Overall, it was great."] * 3
    + ["Overall, it was very good.", "Overall, it was excellent.", "In short: good.",
       "All in all, it was good.", "Overall, it was really good.", "In short: great.",
       "Overall, it was wonderful.", "My verdict: good."]
)
NEGATIVE_VERDICTS = (
    ["Overall, it was bad."] * 14 + ["Overall, it was terrible."] * 3
    + ["Overall, it was awful.", "Overall, it was very bad.", "In short: bad.",
       "All in all, it was bad.", "Overall, it was pretty bad.", "In short: awful.",
       "Overall, it was dreadful.", "My verdict: bad."]
)


def capitalize(text):
    return text[0].upper() + text[1:]


class Deck:
    """Draws items in shuffled rounds so every item is used before any repeats."""

    def __init__(self, items, rng):
        self.items = list(items)
        self.rng = rng
        self.pile = []

    def draw(self):
        if not self.pile:
            self.pile = self.items[:]
            self.rng.shuffle(self.pile)
        return self.pile.pop()

    def draw_other_than(self, avoid):
        for _ in range(10):
            item = self.draw()
            if item != avoid:
                return item
        return item


class SentenceMaker:
    """Builds one review sentence of a given polarity for one domain."""

    def __init__(self, bank, rng, extra_single=()):
        self.bank = bank
        self.rng = rng
        self.single = SINGLE + list(extra_single)
        self.decks = {key: Deck(bank[key], rng) for key in bank
                      if key in ("pos", "neg", "mild_pos", "mild_neg", "pos_tail", "neg_tail", "when")}

    def clause(self, polarity):
        return self.decks[polarity].draw()

    def make(self, polarity):
        rng = self.rng
        has_mild = "mild_pos" in self.decks
        has_tail = "pos_tail" in self.decks
        roll = rng.random()
        c = self.clause(polarity)
        if roll < 0.40 or (roll >= 0.55 and not has_mild and not has_tail):
            template = rng.choice(self.single)
            # "I have to say that I laughed ..." reads badly; keep "that" before other subjects.
            while c.startswith("I ") and "that {c}" in template:
                template = rng.choice(self.single)
            when = capitalize(self.decks["when"].draw()) if "when" in self.decks else "In the end"
            return capitalize(template.format(c=c, when=when))
        if roll < 0.55:
            c2 = self.decks[polarity].draw_other_than(c)
            template = rng.choice(DOUBLE)
            when = capitalize(self.decks["when"].draw()) if "when" in self.decks else "In the end"
            return capitalize(template.format(c1=c, c2=c2, when=when))
        if roll < 0.72 and has_tail:
            tail = self.decks[polarity + "_tail"].draw()
            template = rng.choice(TAIL)
            return capitalize(template.format(c=c, t=tail, T=capitalize(tail)))
        opposite = "mild_neg" if polarity == "pos" else "mild_pos"
        m = self.decks[opposite].draw()
        template = rng.choice(CONTRAST)
        return capitalize(template.format(c=c, m=m))


def word_count(sentence):
    return len(sentence.split())


# MARK: - Labelled sentiment sets

def build_sentiment(rng):
    """Returns {domain: {split: [(text, label)]}} with unique sentences everywhere."""
    seen = set()
    result = {}
    per_label = {split: size // 2 for split, size in SPLIT_SIZES.items()}
    total_per_label = sum(per_label.values())
    for domain, bank in banks.LABELLED_DOMAINS.items():
        maker = SentenceMaker(bank, rng)
        by_label = {}
        for polarity, label in (("pos", "positive"), ("neg", "negative")):
            sentences = []
            if polarity == "neg":
                # Sarcasm is used sparingly: a few sentences per domain, all negative.
                for text in bank["sarcasm"]:
                    if text.lower() not in seen:
                        seen.add(text.lower())
                        sentences.append(text)
            attempts = 0
            while len(sentences) < total_per_label:
                attempts += 1
                if attempts > 100_000:
                    raise SystemExit(f"build.py: could not make enough unique {domain} {label} sentences")
                text = maker.make(polarity)
                if not (MIN_WORDS <= word_count(text) <= MAX_WORDS):
                    continue
                if text.lower() in seen:
                    continue
                seen.add(text.lower())
                sentences.append(text)
            rng.shuffle(sentences)
            by_label[label] = sentences
        splits = {}
        offset = 0
        for split in ("train", "validation", "test"):
            n = per_label[split]
            positives = [(t, "positive") for t in by_label["positive"][offset:offset + n]]
            negatives = [(t, "negative") for t in by_label["negative"][offset:offset + n]]
            # Order rows in shuffled blocks of 64 (32 of each label), so that the first
            # 64 rows a lesson takes from train.csv are exactly balanced too.
            rows = []
            for start in range(0, n, BALANCED_BLOCK // 2):
                block = positives[start:start + BALANCED_BLOCK // 2] + negatives[start:start + BALANCED_BLOCK // 2]
                rng.shuffle(block)
                rows += block
            splits[split] = rows
            offset += n
        result[domain] = splits
    return result


# MARK: - Pre-training corpus

def read_passages():
    """Hand-written passages as {file name: [paragraph, ...]} in file order.

    Blank lines separate paragraphs; the lines of one paragraph are joined with spaces.
    """
    folder = os.path.join(TOOLS, "passages")
    files = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(folder, name), encoding="ascii") as handle:
            blocks = handle.read().split("\n\n")
        paragraphs = []
        for block in blocks:
            lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
            if lines:
                paragraphs.append(" ".join(lines))
        files[name] = paragraphs
    return files


class LeakGuard:
    """Rejects corpus sentences that contain any labelled sentence verbatim."""

    def __init__(self, labelled_texts):
        self.needles = [t.lower() for t in labelled_texts]

    def is_clean(self, text):
        lowered = text.lower()
        return not any(needle in lowered for needle in self.needles)


def opinion_paragraph(domain, bank, maker, rng, guard):
    """One opinionated corpus paragraph with a consistent verdict."""
    polarity = "pos" if rng.random() < 0.5 else "neg"
    verdicts = POSITIVE_VERDICTS if polarity == "pos" else NEGATIVE_VERDICTS

    def sentence(pol):
        for _ in range(50):
            text = maker.make(pol)
            if guard.is_clean(text):
                return text
        raise SystemExit(f"build.py: corpus sentence kept colliding with labelled data ({domain})")

    shape = rng.random()
    parts = []
    if shape < 0.70:
        # The lesson's zero-shot shape: one review sentence, then the verdict.
        parts.append(sentence(polarity))
    else:
        parts.append(rng.choice(bank["intros"]).format(name=rng.choice(bank["names"])))
        count = rng.randint(2, 4)
        for index in range(count):
            # Occasionally concede a point of the other polarity before the main ones.
            if index == 0 and "mild_pos" in bank and rng.random() < 0.3:
                mild = rng.choice(bank["mild_neg"] if polarity == "pos" else bank["mild_pos"])
                parts.append(capitalize(rng.choice(CONCESSION).format(m=mild)))
            else:
                parts.append(sentence(polarity))
    if rng.random() < 0.97:
        parts.append(rng.choice(verdicts))
    return " ".join(parts)


def insert_blocks(rng, paragraphs, blocks):
    """Places each block of consecutive paragraphs at a random paragraph boundary."""
    result = list(paragraphs)
    for block in blocks:
        position = rng.randint(0, len(result))
        result[position:position] = block
    return result


def build_corpus(rng, sentiment):
    labelled = [text for splits in sentiment.values() for rows in splits.values() for text, _ in rows]
    guard = LeakGuard(labelled)
    passages = read_passages()
    handwritten = [p for paragraphs in passages.values() for p in paragraphs]
    for paragraph in handwritten:
        if not guard.is_clean(paragraph):
            raise SystemExit("build.py: a hand-written passage contains a labelled sentence: " + paragraph[:60])

    makers = {}
    all_domains = dict(banks.LABELLED_DOMAINS)
    all_domains.update(banks.CORPUS_ONLY_DOMAINS)
    for domain, bank in all_domains.items():
        makers[domain] = SentenceMaker(bank, rng, extra_single=CORPUS_SINGLE)
    weighted_domains = (["films", "restaurants", "gadgets"] * 9) + ["books", "hotels", "trips"] * 2

    generated = []
    seen = set(handwritten)
    total = sum(len(p) + 2 for p in handwritten)
    while total < CORPUS_TARGET_BYTES:
        domain = rng.choice(weighted_domains)
        paragraph = opinion_paragraph(domain, all_domains[domain], makers[domain], rng, guard)
        if paragraph in seen:
            continue
        seen.add(paragraph)
        generated.append(paragraph)
        total += len(paragraph) + 2

    # Generated paragraphs are independent: shuffle them and send every 11th to validation.
    rng.shuffle(generated)
    train = [p for i, p in enumerate(generated) if i % VALIDATION_EVERY != VALIDATION_EVERY - 1]
    validation = [p for i, p in enumerate(generated) if i % VALIDATION_EVERY == VALIDATION_EVERY - 1]
    # Hand-written passages keep their paragraph order (stories and conversations span
    # several paragraphs): the last tenth of each file goes to validation, the rest to
    # train, each part as one contiguous block at a random position.
    train_blocks, validation_blocks = [], []
    for name, paragraphs in passages.items():
        cut = len(paragraphs) - max(1, round(len(paragraphs) / VALIDATION_EVERY))
        train_blocks.append(paragraphs[:cut])
        validation_blocks.append(paragraphs[cut:])
    train = insert_blocks(rng, train, train_blocks)
    validation = insert_blocks(rng, validation, validation_blocks)
    stats = {
        "handwritten_bytes": sum(len(p) + 2 for p in handwritten),
        "handwritten_paragraphs": len(handwritten),
        "opinion_bytes": sum(len(p) + 2 for p in generated),
        "opinion_paragraphs": len(generated),
    }
    return train, validation, stats


# MARK: - Writing

def write_text(path, paragraphs):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="ascii", newline="\n") as handle:
        handle.write("\n\n".join(paragraphs) + "\n")


def write_csv(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="ascii", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(["text", "label"])
        writer.writerows(rows)


def main():
    rng = random.Random(SEED)
    sentiment = build_sentiment(rng)
    train, validation, stats = build_corpus(rng, sentiment)
    write_text(os.path.join(DATASETS, "corpus", "train.txt"), train)
    write_text(os.path.join(DATASETS, "corpus", "validation.txt"), validation)
    for domain, splits in sentiment.items():
        for split, rows in splits.items():
            write_csv(os.path.join(DATASETS, "sentiment", domain, split + ".csv"), rows)
    print(f"hand-written passages: {stats['handwritten_paragraphs']} paragraphs, {stats['handwritten_bytes']} bytes")
    print(f"generated opinion paragraphs: {stats['opinion_paragraphs']}, {stats['opinion_bytes']} bytes")
    print(f"corpus: {len(train)} train paragraphs, {len(validation)} validation paragraphs")


if __name__ == "__main__":
    main()
