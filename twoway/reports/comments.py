"""Picking a few representative comments, deterministically.

Comments arrive already redacted and only for groups that pass the threshold; this module only
chooses which ones to quote: those that share the most words with the item, of a readable
length, never the same comment twice in one report, and always the same ones for the same input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

QUOTED = 3
LONGEST = 320  # characters; longer comments are cut at a word boundary
IDEAL_LENGTH = 140
STEM = 4  # compare words by their first letters: "tools" and "tool", "procesos" and "proceso"

STOPWORDS = {
    # English
    "about", "after", "also", "been", "being", "could", "does", "doing", "from", "good",
    "have", "nice", "really", "things",
    "here", "into", "just", "more", "most", "much", "need", "only", "other", "over", "same",
    "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this",
    "very", "want", "were", "what", "when", "where", "which", "while", "will", "with", "would",
    "your", "ours",
    # Spanish
    "algo", "cada", "como", "cuando", "desde", "donde", "este", "esta", "esto", "estos",
    "hace", "hacer", "hasta", "mucho", "muy", "nada", "nuestro", "nuestra", "nuestros",
    "para", "pero", "porque", "puede", "sobre", "tambien", "tenemos", "tiene", "todo",
    "todos", "tienen", "nosotros",
}  # fmt: skip


def pick_comments(
    comments: Iterable[str], topic: str, *, used: set[str], limit: int = QUOTED
) -> list[str]:
    """Up to `limit` comments about `topic` (an item's wording), best first.

    Only comments sharing a word with the topic qualify (a comment about the coffee is no
    evidence of a gap about tools). Ranked by words shared, then by closeness to a readable
    length, then alphabetically, so the choice never depends on input order. Adds the picks to
    `used`, so one report never quotes a comment twice.
    """
    topic_stems = _stems(topic)
    shared = {c.strip(): len(_stems(c) & topic_stems) for c in comments if c and c.strip()}
    candidates = sorted(
        (c for c, n in shared.items() if n and c not in used),
        key=lambda c: (-shared[c], abs(len(c) - IDEAL_LENGTH), c),
    )
    picked = candidates[:limit]
    used.update(picked)
    return [_shorten(c) for c in picked]


def _stems(text: str) -> set[str]:
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    words = re.findall(r"[a-z]{4,}", plain)
    return {w[:STEM] for w in words if w not in STOPWORDS}


def _shorten(comment: str) -> str:
    if len(comment) <= LONGEST:
        return comment
    cut = comment[:LONGEST].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + " …"
