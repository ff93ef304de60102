"""Benchmark comment redaction: a roster of 20,000 people, 100,000 comments.

    .venv/bin/python bench/redact.py          # 20,000 people, 100,000 comments
    .venv/bin/python bench/redact.py --quick  # small smoke run

Target (issue 3): the `Redactor` is built once for the roster, then redacts 100,000 comments in
seconds. Prints the time to build, the time to redact, comments per second and how many
placeholders of each kind were written (a sanity check that it did redact).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twoway.insights.redact import PLACEHOLDERS, Redactor

SYLLABLES = (
    "ba be bi bo da de di do fa fe ga gi ka la le li lo ma me mi mo na ne ni no ra re ri ro "
    "sa se si so ta te ti to va ve vi za zo"
)
COMMENT_WORDS = (
    "the system was down again and we had to use the old tool for every call which takes "
    "forever customers wait on hold while I look up the account in three places my team lead "
    "is great but the process changes every week nobody explains why the new policy about "
    "refunds makes no sense to the customer el sistema se cae cada día y los clientes esperan "
    "demasiado tiempo tengo que usar tres herramientas para una sola llamada"
)
WORDS = COMMENT_WORDS.split()


def made_up_name(rng: random.Random) -> str:
    syllables = SYLLABLES.split()
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()


def roster(rng: random.Random, people: int) -> tuple[list[str], list[str]]:
    first = [made_up_name(rng) for _ in range(people // 10)]
    last = [made_up_name(rng) for _ in range(people // 3)]
    names = [f"{rng.choice(first)} {rng.choice(last)}" for _ in range(people)]
    return names, [f"E{100000 + i}" for i in range(people)]


def comment(rng: random.Random, names: list[str], ids: list[str]) -> str:
    words = rng.choices(WORDS, k=rng.randint(10, 40))
    extra = rng.random()
    if extra < 0.2:
        words.insert(rng.randrange(len(words)), rng.choice(names))
    elif extra < 0.25:
        words.append(f"call me on +34 6{rng.randint(10_000_000, 99_999_999)}")
    elif extra < 0.3:
        words.append(f"write to someone{rng.randint(1, 999)}@example.com")
    elif extra < 0.33:
        words.append(f"my id is {rng.choice(ids)}")
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    people, comments = (2_000, 10_000) if args.quick else (20_000, 100_000)
    rng = random.Random(1)
    names, ids = roster(rng, people)
    texts = [comment(rng, names, ids) for _ in range(comments)]

    started = time.perf_counter()
    redactor = Redactor(names=names, employee_ids=ids)
    built = time.perf_counter() - started
    started = time.perf_counter()
    out = [redactor.redact(text) for text in texts]
    applied = time.perf_counter() - started

    words = sum(len(text.split()) for text in texts)
    print(f"roster: {people:,} people; comments: {comments:,} ({words:,} words)")
    print(f"build Redactor: {built:.3f} s")
    print(f"redact: {applied:.2f} s ({comments / applied:,.0f} comments/s)")
    for kind, placeholder in PLACEHOLDERS.items():
        print(f"  {kind}: {sum(text.count(placeholder) for text in out):,} placeholders")
    # Hostile input: long runs that tempt a regular expression into backtracking.
    worst = 0.0
    for text in ("1-" * 50_000, "1 " * 50_000, "a." * 50_000 + "@", "(1)" * 30_000):
        started = time.perf_counter()
        redactor.redact(text)
        worst = max(worst, time.perf_counter() - started)
    print(f"slowest hostile 100,000-character comment: {worst:.2f} s")


if __name__ == "__main__":
    main()
