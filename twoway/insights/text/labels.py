"""Theme labels a reader may see: only words that at least k people wrote, in the comments that
reader may read.

A theme model learns from every comment of a wave, all units together, and names each theme by
its heaviest terms. Shown to the leader of one team, such a label could carry a word that only
one person in that team wrote, or that only people outside the team wrote (telling the team
lead what another team talks about). So a label is made again for each reader from the theme's
ranked terms, keeping a term only when at least k distinct people wrote it in the comments the
reader may read.

People are unlinkable across waves, so "distinct people" is bounded from below: a person writes
at most one comment per open question per wave, so the comments of one (wave, question) that use
a term come from that many different people. A term is kept when, in some (wave, question), at
least k comments use it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence


def writers_per_term(
    comments: Iterable[tuple[str, Hashable]], analyzer: Callable[[str], list[str]]
) -> dict[str, int]:
    """For each term, the most comments of any one group (a wave and a question) using it: a
    lower bound on the distinct people who wrote it."""
    by_group: dict[Hashable, Counter[str]] = defaultdict(Counter)
    for text, group in comments:
        by_group[group].update(set(analyzer(text)))
    best: dict[str, int] = {}
    for counts in by_group.values():
        for term, n in counts.items():
            if n > best.get(term, 0):
                best[term] = n
    return best


def visible_labels(
    ranked_terms: Mapping[int, Sequence[str]],
    writers: Mapping[str, int],
    k: int,
    top: int = 3,
) -> dict[int, str]:
    """A label per theme from its ranked terms that at least k people wrote ("" when none).

    A term whose words the label already holds is skipped ("card" after "new card").
    """
    labels = {}
    for theme_id, terms in ranked_terms.items():
        chosen: list[str] = []
        words: set[str] = set()
        for term in terms:
            if len(chosen) == top:
                break
            term_words = set(term.split())
            if writers.get(term, 0) < k or term_words <= words:
                continue
            chosen.append(term)
            words |= term_words
        labels[theme_id] = ", ".join(chosen)
    return labels
