"""Benchmark comment analytics: sentiment and themes for 100,000 comments, then a new wave.

    .venv/bin/python bench/text.py          # 100,000 comments, then a wave of 2,000
    .venv/bin/python bench/text.py --quick  # 5,000 comments, then a wave of 500

Target (issue 12, was 60 s in issue 4): sentiment and themes for 100,000 comments in under
20 s on 2 cores on the default path (VADER, TF-IDF and NMF), and a new wave of 2,000
comments in a few seconds after.
The comments are generated from templates about twelve subjects a contact center hears about,
in English and (about one in seven) Spanish, some with redaction placeholders. Prints the time
of each step, the themes found with their sizes, how pure they are against the subject each
comment was generated from, and the rising and falling themes between the two waves.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twoway.insights.text import NO_THEME, ThemeModel, score_sentiment, theme_trends

# Each subject: English templates, Spanish templates, and words to fill "{a}" and "{b}".
SUBJECTS: dict[str, tuple[list[str], list[str], list[str], list[str]]] = {
    "schedules": (
        [
            "my {a} changes every week and I can't plan my life",
            "{a} published too late, I need more notice for {b}",
            "the {a} swap process is slow, workforce takes days to approve",
            "too many {b} on my {a}, it is exhausting",
            "please give us fixed {a} instead of rotating {b}",
        ],
        ["el {a} cambia cada semana y no puedo organizarme", "necesito saber mi {a} antes"],
        ["schedule", "shift", "rota", "shift pattern"],
        ["weekend shifts", "late shifts", "split shifts", "early starts", "night shifts"],
    ),
    "tools": (
        [
            "the {a} freezes and I lose my notes",
            "{a} is so slow, it kills our handle time",
            "we need one screen, not the {a} plus the {b}",
            "the {a} crashed again during a call with a customer",
            "login to the {a} and the {b} takes ages every morning",
        ],
        ["el {a} se cae todo el rato", "el {a} es muy lento y perdemos tiempo"],
        ["CRM", "ticketing system", "softphone", "knowledge base", "billing system"],
        ["VPN", "CRM", "knowledge base", "desktop app"],
    ),
    "pay": (
        [
            "our {a} has not gone up in years",
            "the {a} is too low for this workload",
            "{b} was wrong on my payslip again",
            "I deserve a {a} review, {b} keeps getting cut",
            "the {b} scheme changed and my {a} dropped",
        ],
        ["el {a} es muy bajo para este trabajo", "el {a} no sube desde hace años"],
        ["pay", "salary", "wage"],
        ["bonus", "overtime pay", "commission", "night allowance"],
    ),
    "coaching": (
        [
            "my team lead gives great {a} after call reviews",
            "no {a} from my supervisor, only {b}",
            "{a} sessions keep getting cancelled",
            "I would like more {a} on difficult calls",
            "the {a} from my team lead really helps",
        ],
        ["mi supervisor no me da {a}", "el {a} de mi supervisor me ayuda mucho"],
        ["coaching", "feedback", "one to one"],
        ["quality scores", "scores", "criticism"],
    ),
    "workload": (
        [
            "call volume is crazy, back to back calls all day",
            "the queue never empties, we are understaffed",
            "no time between calls, {a} is too high",
            "targets for {a} are unrealistic with this volume",
            "we need more agents on the {b} queue",
        ],
        ["hay demasiadas llamadas en cola", "no hay tiempo entre llamadas"],
        ["occupancy", "handle time", "utilisation"],
        ["billing", "sales", "support", "retention"],
    ),
    "breaks": (
        [
            "I can't take my {a} when the queue is long",
            "{a} get moved or cancelled all the time",
            "we need longer {a}, fifteen minutes is not enough",
            "the {b} is too far for a short {a}",
        ],
        ["no puedo tomar mi descanso", "los descansos son muy cortos"],
        ["break", "lunch break", "breaks"],
        ["break room", "canteen", "kitchen"],
    ),
    "training": (
        [
            "the {a} for the new product was too short",
            "we got no {a} before the launch",
            "{a} is all slides, we need practice with real {b}",
            "new starters are thrown on the phones without {a}",
        ],
        ["la formacion fue muy corta", "necesitamos mas formacion"],
        ["training", "induction", "product training"],
        ["scenarios", "systems", "calls"],
    ),
    "communication": (
        [
            "management never explains why the {a} changes",
            "we hear about {a} changes from customers first",
            "the {b} emails are confusing and contradict each other",
            "nobody tells us about the {a} until the day it starts",
        ],
        ["nadie nos explica los cambios", "la comunicacion de la direccion es mala"],
        ["process", "policy", "procedure"],
        ["management", "weekly update", "policy"],
    ),
    "remote": (
        [
            "please keep {a}, the commute is two hours",
            "{a} days were cut without reason",
            "my {b} at home is not good enough for calls",
            "hybrid work works, let us keep {a}",
        ],
        ["quiero seguir con teletrabajo", "el teletrabajo funciona bien"],
        ["working from home", "remote work", "home working"],
        ["headset", "internet", "chair"],
    ),
    "abuse": (
        [
            "customers shout at us and we can't end the call",
            "abusive customers should be transferred to a {a}",
            "after an abusive call I need a minute, not the next call",
            "we need a {b} for abusive callers",
        ],
        ["los clientes nos gritan", "necesitamos apoyo con clientes agresivos"],
        ["supervisor", "specialist team"],
        ["policy", "script", "process"],
    ),
    "recognition": (
        [
            "nobody says thank you when we hit {a}",
            "{a} should be recognised, not just errors",
            "the {b} awards feel random",
            "good work goes unnoticed, only mistakes get attention",
        ],
        ["nadie reconoce el buen trabajo", "nunca nos dan las gracias"],
        ["targets", "good customer feedback", "good calls"],
        ["employee of the month", "team"],
    ),
    "parking": (
        [
            "the car park is full by eight",
            "parking fees went up again",
            "we need more {a} for the {b}",
            "I am late because there is no {a}",
        ],
        ["no hay aparcamiento", "el parking es muy caro"],
        ["parking", "parking spaces"],
        ["early shift", "night shift"],
    ),
}
OPENERS = [
    "",
    "",
    "",
    "",
    "honestly ",
    "to be honest ",
    "again, ",
    "[name] said ",
    "as I told [name], ",
    "I think ",
    "for months now ",
    "same as last week: ",
    "not sure anyone reads this but ",
]
WHEN = [
    "this week",
    "since the update",
    "every monday",
    "for three months",
    "since [name] left",
    "on every late shift",
    "since the new process",
    "all month",
    "twice today",
    "every day",
    "since january",
    "after the merger",
    "during peak",
    "on weekends",
    "since the rollout",
]
WHO = [
    "my colleagues",
    "the whole team",
    "new starters",
    "everyone on my floor",
    "the night team",
    "people with kids",
    "senior agents",
    "the sales team",
    "half my team",
    "we all",
]
FEELINGS = [
    "it is really frustrating",
    "I am tired of it",
    "it makes me want to quit",
    "it is fine",
    "it is getting better",
    "it is stressful",
    "nobody seems to care",
    "it is a joke",
    "I am happy about that",
    "it is very demotivating",
    "thanks for asking",
    "it is ok I guess",
    "I love this team",
    "it is driving people away",
    "we feel ignored",
    "it hurts morale",
]
DETAILS = [
    "{who} feel the same {when}",
    "it has been like this {when}",
    "{who} complain about it",
    "{feeling}",
    "{feeling}, {when}",
    "{who} said so in the huddle",
    "{feeling} and {who} agree",
    "it got worse {when}",
    "I raised it with [name] {when}",
    "{who} are looking for other jobs",
]
CLOSERS = ["", "", "", " please fix it", " thanks", "!", " :(", " :)", "...", " asap"]


def comment(rng: random.Random, subject: str) -> str:
    """One comment: a sentence about the subject, often a detail, sometimes a second subject."""
    english, spanish, fills_a, fills_b = SUBJECTS[subject]
    if rng.random() < 0.15:
        text = rng.choice(spanish).format(a=rng.choice(fills_a), b=rng.choice(fills_b))
        return text + rng.choice(["", ".", " por favor", ", estamos cansados", ", gracias"])
    parts = [rng.choice(OPENERS) + _sentence(rng, english, fills_a, fills_b)]
    if rng.random() < 0.6:
        parts.append(
            rng.choice(DETAILS).format(
                who=rng.choice(WHO), when=rng.choice(WHEN), feeling=rng.choice(FEELINGS)
            )
        )
    if rng.random() < 0.15:
        other = SUBJECTS[rng.choice(list(SUBJECTS))]
        parts.append("also " + _sentence(rng, other[0], other[2], other[3]))
    return ". ".join(parts) + rng.choice(CLOSERS)


def _sentence(rng: random.Random, templates: list[str], a: list[str], b: list[str]) -> str:
    return rng.choice(templates).format(a=rng.choice(a), b=rng.choice(b))


def wave(rng: random.Random, size: int, weights: dict[str, float]) -> tuple[list[str], list[str]]:
    subjects = rng.choices(list(weights), weights=list(weights.values()), k=size)
    return [comment(rng, s) for s in subjects], subjects


def purity(theme_ids: np.ndarray, subjects: list[str]) -> float:
    """Share of comments in their theme's majority subject (unassigned count as impure)."""
    pairs = Counter(zip(theme_ids.tolist(), subjects, strict=True))
    best: dict[int, int] = {}
    for (theme, _), count in pairs.items():
        if theme != NO_THEME:
            best[theme] = max(best.get(theme, 0), count)
    return sum(best.values()) / len(subjects)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    size, next_size = (5_000, 500) if args.quick else (100_000, 2_000)
    rng = random.Random(4)
    first_weights = dict.fromkeys(SUBJECTS, 1.0) | {"parking": 0.0}
    texts, subjects = wave(rng, size, first_weights)
    words = sum(len(t.split()) for t in texts)
    print(f"comments: {size:,} ({words:,} words, {len(set(texts)):,} distinct)")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    started = time.perf_counter()
    sentiment = score_sentiment(texts, n_jobs=2)
    sentiment_s = time.perf_counter() - started
    started = time.perf_counter()
    model = ThemeModel(n_themes=12)
    theme_ids = model.fit_transform(texts)
    themes_s = time.perf_counter() - started
    labels = Counter(sentiment.label.tolist())
    print(f"sentiment: {sentiment_s:.1f} s  ({dict(sorted(labels.items()))})")
    print(f"themes:    {themes_s:.1f} s  ({len(model.vocabulary_):,} terms)")
    print(f"total:     {sentiment_s + themes_s:.1f} s  (target: under 20 s)")
    print(f"purity against generated subjects: {purity(theme_ids, subjects):.2f}")
    sizes = Counter(theme_ids.tolist())
    for theme in model.themes():
        print(f"  theme {theme.id:>2} {sizes[theme.id]:>7,}  {theme.label}")
    print(f"  no theme {sizes[NO_THEME]:>6,}")

    # The next wave: pay and workload louder, breaks quieter, and parking new.
    next_weights = first_weights | {"pay": 3.0, "workload": 2.0, "breaks": 0.2, "parking": 2.0}
    next_texts, next_subjects = wave(rng, next_size, next_weights)
    started = time.perf_counter()
    score_sentiment(next_texts)
    next_ids = model.update_transform(next_texts)
    update_s = time.perf_counter() - started
    print(f"next wave of {next_size:,}: sentiment + update {update_s:.2f} s")
    print(f"purity of the next wave: {purity(next_ids, next_subjects):.2f}")
    print(f"retired ids: {model.retired_ids_}")
    labels_by_id = {theme.id: theme.label for theme in model.themes()}
    for trend in theme_trends(theme_ids, next_ids):
        label = labels_by_id.get(trend.theme_id, "(retired)")
        print(
            f"  theme {trend.theme_id:>2} {trend.direction:<8} {trend.previous_share:6.1%} -> "
            f"{trend.current_share:6.1%} ({trend.current_count:,})  {label}"
        )


if __name__ == "__main__":
    main()
