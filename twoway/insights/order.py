"""An order for lists of anonymous texts that carries no information about who wrote them.

Comments shown in arrival order, or in any order computed from their database ids, can be turned
back into arrival order; joined with who was seen answering when, that names an author. Sorting
by a keyed hash of the text itself gives an order that is stable between page views (paging
works) and depends on nothing but the words: the same texts always come in the same order,
whoever wrote them and whenever. The key (the server's secret) keeps the order from being
predicted, so it does not drift into alphabetical or length order either.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def content_key(text: str, key: bytes) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def unlinkable_order(items: Iterable[T], key: bytes, text: Callable[[T], str] = str) -> list[T]:
    """`items` sorted by a keyed hash of their text (`text(item)`), ties by the text itself."""
    return sorted(items, key=lambda item: (content_key(text(item), key), text(item)))
