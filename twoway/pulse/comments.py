"""Pulse comments: sentiment and themes per closed wave, and what a unit's leader may read.

Analysis (`analyse_wave`): every comment of a closed wave gets a sentiment score and label
(`twoway.insights.text.score_sentiment`) and a theme id from the schedule's theme model, which
is learned on the first analysed wave and updated on each later one so that ids stay stable
(`ThemeModel.fit_transform` / `update_transform`). The model, the analysed wave numbers and
the latest label of every id are kept as JSON in a `surveys.ThemeState` per schedule. The
model learns from the whole wave (all units); what a page shows of a theme is made for the
reader (`theme_labels`): only words that at least k people wrote in the comments that reader
may read, and only themes found in them (`readable_themes`).

Reading (`readable_waves`, `theme_table`, `comment_page`): a unit's comments of a wave are read
only where the diagnostic's audit shows the unit's respondents cell
(`twoway.surveys.results.comment_units`); theme counts come from those comment sets only.
Comments are shown redacted, in an order that depends on their words only, with their wave
number and nothing that dates them more finely.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone

from twoway.insights.order import unlinkable_order
from twoway.insights.text import NO_THEME, ThemeModel, ThemeTrend, score_sentiment, theme_trends
from twoway.insights.text.labels import visible_labels, writers_per_term
from twoway.org.models import Unit
from twoway.surveys.hot import organisation_redactor
from twoway.surveys.models import Comment, ThemeState
from twoway.surveys.results import CampaignResults, comment_units, stored_records, unit_key

from .models import PulseSchedule, PulseWave

log = logging.getLogger(__name__)
N_THEMES = 10
# A wave smaller than this learns together with the latest earlier waves' comments.
POOL_MIN = 500


def state_key(schedule: PulseSchedule) -> str:
    return f"pulse-themes:{schedule.pk}"


def _closed_waves(schedule: PulseSchedule) -> QuerySet[PulseWave]:
    return (
        PulseWave.objects.filter(
            schedule=schedule, campaign__launched=True, campaign__closes_at__lte=timezone.now()
        )
        .select_related("campaign__organisation")
        .order_by("number")
    )


def theme_state(schedule: PulseSchedule) -> dict:
    """The stored state of a schedule's themes: {"waves": [...], "labels": {...}, "model"}."""
    state = ThemeState.objects.filter(
        organisation_id=schedule.organisation_id, key=state_key(schedule)
    ).first()
    return state.data if state else {}


# -- analysis -------------------------------------------------------------------------------


def analyse_wave(wave: PulseWave) -> bool:
    """Score and theme a closed wave's comments; False when not closed or already analysed.

    Waves should be analysed in order of number (`analyse_pending` does): a wave older than
    the latest analysed one is themed by the current model without teaching it.
    """
    if wave.campaign.status != wave.campaign.Status.CLOSED:
        return False
    schedule = wave.schedule
    with transaction.atomic():
        # The row lock makes concurrent ticks take turns; the second finds the wave done.
        state, _ = ThemeState.objects.select_for_update().get_or_create(
            organisation_id=schedule.organisation_id, key=state_key(schedule)
        )
        data = state.data or {}
        done = set(data.get("waves", []))
        if wave.number in done:
            return False
        comments = list(Comment.objects.filter(campaign=wave.campaign).order_by("pk"))
        if comments:
            late = bool(done) and wave.number < max(done)
            earlier = [] if late else _earlier_texts(wave, done, POOL_MIN - len(comments))
            _score(comments, data, late, earlier)
            Comment.objects.bulk_update(
                comments, ["sentiment", "sentiment_label", "theme"], batch_size=1000
            )
        data["waves"] = sorted(done | {wave.number})
        state.data = data
        state.save()
    log.info("pulse %s: wave %s comments analysed (%s)", schedule.pk, wave.number, len(comments))
    return True


def _earlier_texts(wave: PulseWave, done: set[int], wanted: int) -> list[str]:
    """Up to `wanted` comments of the latest analysed waves before `wave`, to learn with."""
    if wanted <= 0 or not done:
        return []
    texts: list[str] = []
    earlier = PulseWave.objects.filter(
        schedule_id=wave.schedule_id, number__in=done, number__lt=wave.number
    ).order_by("-number")
    for campaign_id in earlier.values_list("campaign_id", flat=True):
        texts += Comment.objects.filter(campaign_id=campaign_id).values_list("redacted", flat=True)
        if len(texts) >= wanted:
            break
    return texts


def _score(comments: list[Comment], data: dict, late: bool, earlier: list[str]) -> None:
    """Set sentiment and theme on each comment; teach the stored model unless `late`.

    The model learns from this wave's comments plus `earlier` ones: a theme must gather
    `min_theme_comments` comments in what it learns from, and a small wave would otherwise
    retire a subject that merely had a quiet week (its id is never given back). Assignments
    of earlier waves stay as they were.
    """
    texts = [c.redacted for c in comments]
    # A wave of 20,000 distinct comments or more is scored in one process per core.
    scores = score_sentiment(texts, n_jobs=os.cpu_count() or 1)
    stored = data.get("model")
    if stored is None:
        model = ThemeModel(N_THEMES)
        ids = model.fit_transform(texts)
    elif late:
        model = ThemeModel.from_dict(stored)
        ids = model.transform(texts)
    else:
        model = ThemeModel.from_dict(stored)
        ids = model.update_transform([*earlier, *texts])[len(earlier) :]
    for comment, compound, label, theme in zip(
        comments, scores.compound, scores.label, ids, strict=True
    ):
        comment.sentiment = float(compound)
        comment.sentiment_label = str(label)
        comment.theme = None if theme == NO_THEME else int(theme)
    if not late:
        data["model"] = model.to_dict()
        labels = data.setdefault("labels", {})
        labels.update({str(t.id): t.label for t in model.themes()})


def analyse_pending(schedule: PulseSchedule) -> int:
    """Analyse the schedule's closed waves not analysed yet, in order; returns how many."""
    done = set(theme_state(schedule).get("waves", []))
    waves = [w for w in _closed_waves(schedule) if w.number not in done]
    return sum(analyse_wave(w) for w in waves)


def analyse_closed_waves() -> int:
    """For the tick: analyse every schedule's closed, not yet analysed waves (idempotent)."""
    schedules = PulseSchedule.objects.select_related("organisation")
    return sum(analyse_pending(schedule) for schedule in schedules)


def analyse_all(schedule: PulseSchedule) -> int:
    """For the demo: analyse all of a schedule's closed waves (those done are skipped)."""
    return analyse_pending(schedule)


# -- reading --------------------------------------------------------------------------------


def readable_waves(schedule: PulseSchedule, unit: Unit) -> tuple[list[PulseWave], int]:
    """Closed waves whose comments of `unit` pass the audit, and how many closed waves hid them.

    The audit is the diagnostic's (`comment_units` on the wave's stored results): the unit's
    respondents cell is shown, so comment lists never come from fewer than k people, nor
    differ from another shown list by fewer than k.
    """
    key = unit_key(unit.path)
    waves = list(_closed_waves(schedule))
    readable = []
    for wave in waves:
        results = CampaignResults(
            wave.campaign, "now", None, stored_records(wave.campaign, "now", None)
        )
        if key in comment_units(results):
            readable.append(wave)
    return readable, len(waves) - len(readable)


def _unit_comments(unit: Unit, waves: list[PulseWave]) -> QuerySet[Comment]:
    return Comment.objects.filter(
        campaign_id__in=[w.campaign_id for w in waves], unit__path__startswith=unit.path
    )


@dataclass
class ThemeRow:
    id: int
    label: str
    counts: list[int]  # per shown wave, oldest first
    trend: ThemeTrend | None = None


@dataclass
class ThemeTable:
    waves: list[PulseWave]  # analysed, readable waves shown, oldest first
    totals: list[int]  # comments per shown wave
    rows: list[ThemeRow] = field(default_factory=list)

    @property
    def compared(self) -> tuple[PulseWave, PulseWave] | None:
        """The two latest shown waves with comments, which the trend compares."""
        with_comments = [w for w, n in zip(self.waves, self.totals, strict=True) if n]
        return (with_comments[-2], with_comments[-1]) if len(with_comments) >= 2 else None

    def rising(self) -> list[ThemeRow]:
        return [r for r in self.rows if r.trend and r.trend.direction == "rising"]

    def falling(self) -> list[ThemeRow]:
        return [r for r in self.rows if r.trend and r.trend.direction == "falling"]


def theme_table(
    schedule: PulseSchedule, unit: Unit, waves: list[PulseWave], last: int = 8
) -> ThemeTable:
    """Theme counts of the unit's readable, analysed waves (the `last` few), with trends."""
    state = theme_state(schedule)
    analysed = set(state.get("waves", []))
    shown = [w for w in waves if w.number in analysed][-last:]
    rows = (
        _unit_comments(unit, shown)
        .values("campaign_id", "theme")
        .annotate(n=Count("pk"))
        .order_by()
    )
    column = {w.campaign_id: i for i, w in enumerate(shown)}
    totals = [0] * len(shown)
    by_theme: dict[int, list[int]] = {}
    for row in rows:
        i = column[row["campaign_id"]]
        totals[i] += row["n"]
        if row["theme"] is not None:
            by_theme.setdefault(row["theme"], [0] * len(shown))[i] += row["n"]
    labels = theme_labels(schedule, unit, waves)
    table = ThemeTable(shown, totals)
    table.rows = [ThemeRow(i, labels.get(i, ""), c) for i, c in sorted(by_theme.items())]
    _add_trends(table)
    return table


def readable_label(terms: str) -> str:
    """A theme's visible terms read as a label: "card, card new, great" becomes "card new ·
    great". A word already inside a longer phrase of the label is dropped; nothing is added,
    so the label still holds only words that k or more people wrote."""
    parts = [part.strip() for part in terms.split(",") if part.strip()]
    kept = []
    for part in parts:
        words = part.split()
        inside = any(part != other and _contains(other.split(), words) for other in parts)
        if not inside and part not in kept:
            kept.append(part)
    return " · ".join(kept)


def _contains(longer: list[str], words: list[str]) -> bool:
    size = len(words)
    return any(longer[i : i + size] == words for i in range(len(longer) - size + 1))


def theme_labels(schedule: PulseSchedule, unit: Unit, waves: list[PulseWave]) -> dict[int, str]:
    """Labels of the themes in the unit's readable comments, made of words that at least k
    people wrote in those comments (`insights.text.labels`), read as a phrase
    (`readable_label`); "" for a theme with none."""
    stored = theme_state(schedule).get("model")
    if stored is None or not waves:
        return {}
    model = ThemeModel.from_dict(stored)
    comments = _unit_comments(unit, waves).values_list("redacted", "campaign_id", "item_id")
    analyzer = model.analyzer()
    writers = writers_per_term(((text, (c, i)) for text, c, i in comments), analyzer)
    present = set(_unit_comments(unit, waves).exclude(theme=None).values_list("theme", flat=True))
    ranked = {t: terms for t, terms in model.ranked_terms().items() if t in present}
    labels = visible_labels(ranked, writers, schedule.k)
    return {theme: readable_label(label) for theme, label in labels.items()}


def readable_themes(unit: Unit, waves: list[PulseWave]) -> set[int]:
    """Theme ids found in the unit's readable comments: the only ones its pages accept."""
    return set(_unit_comments(unit, waves).exclude(theme=None).values_list("theme", flat=True))


def _add_trends(table: ThemeTable) -> None:
    """Rising and falling themes between the two latest shown waves that have comments."""
    pair = table.compared
    if pair is None:
        return
    before, after = (table.waves.index(w) for w in pair)

    def ids(i: int) -> np.ndarray:
        # Per-comment theme ids rebuilt from the counts, the form `theme_trends` reads.
        themed = [np.full(r.counts[i], r.id) for r in table.rows]
        rest = np.full(table.totals[i] - sum(r.counts[i] for r in table.rows), NO_THEME)
        return np.concatenate([*themed, rest]).astype(np.int64)

    trends = {t.theme_id: t for t in theme_trends(ids(before), ids(after))}
    for row in table.rows:
        row.trend = trends.get(row.id)
    table.rows.sort(key=lambda r: (-abs(r.trend.change) if r.trend else 0.0, r.id))


SENTIMENTS = ("positive", "neutral", "negative")
PAGE_SIZE = 50


@dataclass(frozen=True)
class CommentFilter:
    """What a reader narrows a comment list to; all optional."""

    theme: int | None = None
    query: str = ""
    sentiment: str = ""  # one of SENTIMENTS
    wave: int | None = None  # a readable wave's number


@dataclass
class CommentPage:
    comments: list[dict]
    total: int  # comments matching the filter
    page: int  # 1-based
    pages: int

    @property
    def first(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1 if self.total else 0

    @property
    def last(self) -> int:
        return self.first + len(self.comments) - 1 if self.comments else 0


def comment_page(
    unit: Unit,
    waves: list[PulseWave],
    theme: int | None = None,
    query: str = "",
    limit: int | None = 200,
    *,
    sentiment: str = "",
    wave: int | None = None,
) -> tuple[list[dict], int]:
    """The unit's readable comments (redacted text and wave number), filtered, and their count.

    Newest wave first; within a wave, in an order that depends on the words only (a keyed hash
    of the text, `insights.order`): never arrival or ids, which could tie a comment to when
    someone was seen answering. Paging slices that order, so pages never reorder anything.
    """
    if wave is not None:
        waves = [w for w in waves if w.number == wave]
    # Comments whose text retention deleted still count in themes; there is nothing to list.
    comments = _unit_comments(unit, waves).exclude(redacted="")
    if theme is not None:
        comments = comments.filter(theme=theme)
    if query:
        comments = comments.filter(redacted__icontains=query)
    if sentiment in SENTIMENTS:
        comments = comments.filter(sentiment_label=sentiment)
    rows = list(
        comments.annotate(wave_number=F("campaign__pulse_wave__number")).values(
            "redacted", "wave_number", "theme", "sentiment_label"
        )
    )
    key = settings.SECRET_KEY.encode()
    redactor = organisation_redactor(unit.organisation_id)  # today's roster, as intake did
    by_wave: dict[int, list[dict]] = {}
    for row in rows:
        row["redacted"] = redactor.redact(row["redacted"])
        by_wave.setdefault(row["wave_number"], []).append(row)
    ordered = [
        row
        for number in sorted(by_wave, reverse=True)
        for row in unlinkable_order(by_wave[number], key, text=lambda r: r["redacted"])
    ]
    return ordered[:limit], len(rows)


def filtered_page(
    unit: Unit, waves: list[PulseWave], wanted: CommentFilter, page: int = 1
) -> CommentPage:
    """One page of PAGE_SIZE comments under a filter, and how many pages there are."""
    ordered, total = comment_page(
        unit, waves, wanted.theme, wanted.query, limit=None,
        sentiment=wanted.sentiment, wave=wanted.wave,
    )  # fmt: skip
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    start = (page - 1) * PAGE_SIZE
    return CommentPage(ordered[start : start + PAGE_SIZE], total, page, pages)


def top_theme_label(unit: Unit) -> str:
    """The most written-about theme of the unit's latest readable wave, for the huddle page.

    Empty when no wave's comments pass the audit for this unit (so never under k).
    """
    schedule = (
        PulseSchedule.objects.filter(organisation_id=unit.organisation_id).order_by("-pk").first()
    )
    if schedule is None:
        return ""
    waves, _hidden = readable_waves(schedule, unit)
    table = theme_table(schedule, unit, waves, last=1)
    named = [row for row in table.rows if row.label]
    if not named:
        return ""
    return max(named, key=lambda row: (row.counts[-1], -row.id)).label
