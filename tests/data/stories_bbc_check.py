#!/usr/bin/env python3
"""Checks tests/data/stories_bbc.tsv and stories_bbc_order.txt (the story-clustering gold set).

Usage: python3 tests/data/stories_bbc_check.py [--write-order]

Checks the format (path<TAB>event<TAB>half, '#' comments, one row per path), that
events never straddle the two halves, that each half holds >= 150 articles, that
the arrival order is the permutation drawn from the stated seed, and, when the
shared corpus is present at ../shared/corpus/bbc (relative to the repository
root), that every path exists and that every exact or near-duplicate pair with
both sides labelled sits in one event (and no labelled article lacks its
duplicate partner). --write-order rewrites the order file from the seed; the
halves are not redrawn (they are part of the labels).
"""
import collections
import os
import random
import sys

SEED = 20261206
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TSV = os.path.join(HERE, "stories_bbc.tsv")
ORDER = os.path.join(HERE, "stories_bbc_order.txt")
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "bbc")


def read_labels():
    rows = []
    with open(TSV, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if cols == ["path", "event", "half"]:
                continue
            if len(cols) != 3:
                sys.exit(f"{TSV}:{n}: expected 3 tab-separated columns, got {len(cols)}")
            rows.append((n, *cols))
    return rows


def drawn_order(paths):
    """The arrival order: paths sorted by name, then shuffled by random.Random(SEED)."""
    order = sorted(paths)
    random.Random(SEED).shuffle(order)
    return order


def main():
    rows = read_labels()
    errors = []
    event_of, half_of_event = {}, {}
    cats = {"business", "entertainment", "politics", "sport", "tech"}
    for n, path, event, half in rows:
        cat, _, name = path.partition("/")
        if cat not in cats or len(name) != 7 or not name.endswith(".txt") or not name[:3].isdigit():
            errors.append(f"line {n}: bad path {path!r}")
        if not event or not all(c.islower() or c.isdigit() or c == "-" for c in event):
            errors.append(f"line {n}: bad event slug {event!r}")
        if half not in ("tune", "report"):
            errors.append(f"line {n}: half must be tune or report, got {half!r}")
        if path in event_of:
            errors.append(f"line {n}: {path} labelled twice")
        event_of[path] = event
        if half_of_event.setdefault(event, half) != half:
            errors.append(f"line {n}: event {event} is split across halves")
    per_half = collections.Counter(h for _, _, _, h in rows)
    for h in ("tune", "report"):
        if per_half[h] < 150:
            errors.append(f"half {h} has {per_half[h]} articles (< 150)")

    order = drawn_order(event_of)
    if "--write-order" in sys.argv:
        with open(ORDER, "w", encoding="utf-8") as f:
            f.write("".join(p + "\n" for p in order))
    with open(ORDER, encoding="utf-8") as f:
        listed = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    if listed != order:
        errors.append(f"{ORDER} is not the order drawn with seed {SEED}")

    if os.path.isdir(CORPUS):
        for path in event_of:
            if not os.path.isfile(os.path.join(CORPUS, path)):
                errors.append(f"{path} is not in the corpus")
        pairs = []
        with open(os.path.join(CORPUS, "duplicates_near.tsv"), encoding="utf-8") as f:
            pairs += [tuple(l.split("\t")[:2]) for l in f.read().splitlines()[1:] if l]
        with open(os.path.join(CORPUS, "duplicates_exact.tsv"), encoding="utf-8") as f:
            for l in f.read().splitlines()[1:]:
                if l:
                    files = l.split("\t")[1].split(",")
                    pairs += [(files[0], b) for b in files[1:]]
        inside = 0
        for a, b in pairs:
            if (a in event_of) != (b in event_of):
                errors.append(f"duplicate pair {a} {b}: only one side is labelled")
            elif a in event_of:
                inside += 1
                if event_of[a] != event_of[b]:
                    errors.append(f"duplicate pair {a} {b} is in two events")
        print(f"duplicate pairs inside the set: {inside}")
    else:
        print(f"corpus checks skipped: {CORPUS} is absent")

    sizes = collections.Counter(event_of.values())
    for h in ("tune", "report"):
        evs = [e for e, hh in half_of_event.items() if hh == h]
        dist = collections.Counter(sizes[e] for e in evs)
        multi = sum(1 for e in evs if sizes[e] >= 2)
        print(f"{h}: {per_half[h]} articles, {len(evs)} events ({multi} of size >= 2), "
              f"sizes {dict(sorted(dist.items()))}")
    print(f"all: {len(event_of)} articles, {len(sizes)} events")
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
