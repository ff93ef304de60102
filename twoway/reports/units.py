"""Short, unambiguous names for unit paths ("Center/Site A/Team 7" -> "Site A / Team 7")."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

SEPARATOR = " / "


class UnitLabels:
    """Names each unit by the shortest end of its path that no other unit shares."""

    def __init__(self, paths: list[str], whole: str = "") -> None:
        self.paths = sorted({p for p in paths if p})
        self.whole = whole  # the name of "" when the report covers one unit's subtree
        self._labels = self._shortest_unique()

    def label(self, path: str) -> str:
        if not path:
            return self.whole or _("Whole organisation")
        return self._labels.get(path, path.replace("/", SEPARATOR))

    def first_broad_level(self, limit: int) -> list[str]:
        """Units of the shallowest level holding two or more units (at most `limit`), so a
        single top unit ("Center") does not just repeat the whole organisation."""
        by_depth: dict[int, list[str]] = {}
        for path in self.paths:
            by_depth.setdefault(path.count("/"), []).append(path)
        for depth in sorted(by_depth):
            if len(by_depth[depth]) >= 2:
                return by_depth[depth][:limit]
        return []

    def _shortest_unique(self) -> dict[str, str]:
        parts = {p: p.split("/") for p in self.paths}
        labels = {}
        for size in range(1, max((len(x) for x in parts.values()), default=0) + 1):
            ends = Counter(tuple(x[-size:]) for x in parts.values())
            for path, x in parts.items():
                if path not in labels and (ends[tuple(x[-size:])] == 1 or size >= len(x)):
                    labels[path] = SEPARATOR.join(x[-size:])
        return labels
