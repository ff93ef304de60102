"""Comment analytics: sentiment per comment, themes across comments, themes across waves."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest
from scipy.stats import fisher_exact

from twoway.insights.text import (
    NO_THEME,
    ThemeModel,
    score_sentiment,
    sentiment_label,
    theme_trends,
)
from twoway.insights.text import sentiment as sentiment_module

# Labelled comments written for these tests (redacted, as twoway stores them): four subjects a
# contact center hears about, fifteen comments each in varied wording; a second wave about the
# same subjects in other words; and a new subject for a third wave.

SCHEDULES = [
    "My shift schedule changes every week and I can't plan anything at home",
    "Please publish the rota earlier, two days notice for weekend shifts is not enough",
    "Shift swaps take forever to get approved by workforce management",
    "The new schedule puts me on late shifts three nights in a row",
    "I never know my schedule for next week until Friday",
    "Split shifts are killing me, four hours on, three off, four on again",
    "Can we get fixed schedules? Rotating shifts every week is exhausting",
    "Weekend rota is unfair, the same people always get Saturday shifts",
    "Overtime shifts get added to my schedule without asking",
    "Shift start times moved again without notice",
    "Requesting a shift swap through the portal never works",
    "I would like more say in which shifts I work",
    "The schedule for the holidays still is not published",
    "Early shifts at 6am are hard with the bus times, could the schedule allow a later start",
    "Schedule adherence targets ignore that shifts change constantly",
]
TOOLS = [
    "The CRM freezes several times a day and I lose my notes",
    "We have to log into five different systems to answer one question",
    "The new ticketing system is slow and crashes when I attach a file",
    "Knowledge base search never finds the right article",
    "My softphone drops when the VPN reconnects",
    "The CRM system and the billing system show different balances",
    "Screens take ages to load, the systems are too slow for our handle time targets",
    "Password resets for every system each month waste so much time",
    "The knowledge base articles are outdated and contradict the system",
    "The desktop app crashes whenever the CRM updates",
    "Too many tools, too many windows, the system should be one screen",
    "Ticketing tool loses the case history after a transfer",
    "The VPN and the softphone keep disconnecting from home",
    "Please fix the CRM search, it times out on long names",
    "Systems outage again this morning and no workaround from IT",
]
PAY = [
    "Our pay has not gone up in two years while prices keep rising",
    "The bonus scheme is impossible to reach with the new targets",
    "Pay is lower than the center across the road",
    "Overtime pay arrives a month late on the payslip",
    "Night shift allowance was cut and nobody explained the pay change",
    "I can't live on this salary, a pay rise is overdue",
    "Bonus payments are calculated wrong every quarter",
    "Sales commission rules changed and my pay dropped",
    "Salary bands are not transparent, new hires earn more than us",
    "The pay increase this year does not cover inflation",
    "My payslip was wrong again, missing hours and bonus",
    "We deserve a salary review, the pay is too low for this workload",
    "Holiday pay is calculated without the commission",
    "The quarterly bonus disappeared without warning",
    "Pay rise promised in March still not in my salary",
]
COACHING = [
    "My team lead gives great coaching after every call review",
    "I get no feedback from my supervisor, only scores",
    "One to one coaching sessions keep getting cancelled",
    "Coaching feels like criticism, not development",
    "The team lead listens to calls with me and explains what to improve, very helpful",
    "I would like more coaching on handling angry callers",
    "Feedback sessions are rushed, five minutes with the supervisor is not coaching",
    "My supervisor is supportive and always makes time for feedback",
    "Quality feedback arrives weeks after the call, too late to learn",
    "New team leads need training on how to give feedback",
    "Weekly coaching with my team lead helped me reach my targets",
    "The supervisor only gives negative feedback in front of others",
    "Coaching should be about development, not just quality scores",
    "I appreciate the feedback from my team lead on difficult calls",
    "Side by side coaching with the supervisor was the best part of this month",
]
LABELLED = {"schedules": SCHEDULES, "tools": TOOLS, "pay": PAY, "coaching": COACHING}

NEXT_WAVE = {
    "schedules": [
        "Schedule published late again, I had to cancel plans for the weekend shift",
        "Swapping shifts should be easier, workforce management takes days",
        "Late shifts every night this week, the schedule is brutal",
        "Rotating schedule makes childcare impossible",
        "Give us our schedule two weeks ahead please",
        "Shift patterns changed without consultation",
        "The weekend shifts are not shared fairly",
        "Too many split shifts on my schedule",
        "Shift swap requests are ignored",
        "Fixed shifts would help my health",
        "My schedule keeps changing at short notice",
        "The new rota has me on every Saturday shift",
    ],
    "tools": [
        "The CRM crashed twice today during calls",
        "Knowledge base is hard to search and out of date",
        "Softphone keeps dropping on the VPN",
        "Logging into all these systems every morning takes twenty minutes",
        "The ticketing system is painfully slow",
        "The billing system and CRM disagree again",
        "Another system outage, no updates from IT",
        "Screens freeze in the CRM when I open the case history",
        "Our systems need to be integrated into one tool",
        "The desktop app is slow after the update",
        "VPN disconnects cut my calls from home",
        "The CRM search is useless for long names",
    ],
    "pay": [
        "The pay rise does not match inflation",
        "Bonus targets moved and the bonus is out of reach",
        "My payslip is missing overtime pay again",
        "Salary is below what other centers offer",
        "Commission changes cut my pay",
        "We need a proper salary review",
        "Night allowance cut, pay is lower than before",
        "Bonus was calculated wrong this quarter",
        "Pay is not enough for the cost of living",
        "The salary bands should be published",
        "Holiday pay still ignores commission",
        "Still waiting for the promised pay rise",
    ],
    "coaching": [
        "My team lead coaching this week was excellent",
        "No feedback from the supervisor for a month",
        "Coaching sessions cancelled again",
        "Feedback is only about scores, no development",
        "The supervisor gave helpful feedback on a difficult call",
        "I want more coaching on complaints",
        "Team lead feedback is rushed",
        "Good coaching from my team lead helped my confidence",
        "Quality feedback comes too late to be useful",
        "Supervisors need coaching skills training",
        "Side by side coaching is really useful",
        "Feedback given in public by the supervisor is humiliating",
    ],
}

NEW_SUBJECT = [
    "The car park is full by 8am and there is nowhere to park",
    "Parking fees went up and the car park is half closed",
    "Can we get parking spaces for the early shift",
    "No parking left after 9, I am late because I circle the car park",
    "The car park lights are broken, it feels unsafe at night",
    "Parking permits should go to people who live far away",
    "Please reopen the north car park, parking is a daily fight",
    "Street parking near the office is now paid",
    "The car park barrier is broken again",
    "I spend twenty minutes finding parking every morning",
    "Parking for night staff should be free",
    "More parking spaces or a shuttle from the car park please",
]


def flatten(groups: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    texts = [text for comments in groups.values() for text in comments]
    labels = [label for label, comments in groups.items() for _ in comments]
    return texts, labels


def majority_theme(theme_ids: np.ndarray, labels: list[str], label: str) -> int:
    """The theme most comments of one label were assigned to."""
    of_label = [int(i) for i, lab in zip(theme_ids, labels, strict=True) if lab == label]
    return Counter(of_label).most_common(1)[0][0]


def purity(theme_ids: np.ndarray, labels: list[str]) -> float:
    """Manning, Raghavan & Schütze, Introduction to IR (2008), 16.3; unassigned count against."""
    pairs = Counter(zip(theme_ids.tolist(), labels, strict=True))
    best: dict[int, int] = {}
    for (theme, _), count in pairs.items():
        if theme != NO_THEME:
            best[theme] = max(best.get(theme, 0), count)
    return sum(best.values()) / len(labels)


def small_model(n_themes: int = 4) -> ThemeModel:
    # Fifteen comments a subject: a term must appear in 2 comments, not the default 5.
    return ThemeModel(n_themes=n_themes, min_df=2)


# -- themes -----------------------------------------------------------------------------------


def test_labelled_subjects_land_in_separate_themes() -> None:
    texts, labels = flatten(LABELLED)
    theme_ids = small_model().fit_transform(texts)
    majorities = [majority_theme(theme_ids, labels, label) for label in LABELLED]
    assert NO_THEME not in majorities
    assert len(set(majorities)) == len(LABELLED)
    assert purity(theme_ids, labels) >= 0.8


def test_themes_are_labelled_by_their_subject_words() -> None:
    texts, labels = flatten(LABELLED)
    model = small_model()
    theme_ids = model.fit_transform(texts)
    terms = {theme.id: theme.terms for theme in model.themes()}
    assert "pay" in terms[majority_theme(theme_ids, labels, "pay")]
    assert "shift" in terms[majority_theme(theme_ids, labels, "schedules")]
    assert "coaching" in terms[majority_theme(theme_ids, labels, "coaching")]


def test_same_seed_gives_same_themes() -> None:
    texts, _ = flatten(LABELLED)
    first, second = small_model(), small_model()
    assert first.fit_transform(texts).tolist() == second.fit_transform(texts).tolist()
    assert first.themes() == second.themes()
    assert first.to_dict() == second.to_dict()


def test_next_wave_about_the_same_subjects_keeps_theme_ids() -> None:
    texts, labels = flatten(LABELLED)
    model = small_model()
    first_ids = model.fit_transform(texts)
    next_texts, next_labels = flatten(NEXT_WAVE)
    next_ids = model.update_transform(next_texts)
    for label in LABELLED:
        assert majority_theme(next_ids, next_labels, label) == majority_theme(
            first_ids, labels, label
        )
    assert model.retired_ids_ == []


def test_a_new_subject_gets_a_new_theme_id() -> None:
    texts, _ = flatten(LABELLED)
    model = small_model().fit(texts)
    known = {theme.id for theme in model.themes()}
    next_texts, next_labels = flatten({**NEXT_WAVE, "parking": NEW_SUBJECT})
    next_ids = model.update_transform(next_texts)
    parking = majority_theme(next_ids, next_labels, "parking")
    assert parking not in known
    assert parking >= max(known) + 1
    parking_ids = next_ids[np.asarray(next_labels) == "parking"]
    assert np.mean(parking_ids == parking) >= 0.8
    assert "parking" in next(t.terms for t in model.themes() if t.id == parking)


def test_a_subject_nobody_mentions_any_more_is_retired() -> None:
    texts, labels = flatten(LABELLED)
    model = small_model()
    pay = majority_theme(model.fit_transform(texts), labels, "pay")
    without_pay = {label: NEXT_WAVE[label] for label in ("schedules", "tools", "coaching")}
    model.update(flatten(without_pay)[0])
    assert pay in model.retired_ids_
    assert pay not in {theme.id for theme in model.themes()}
    # A retired id is never handed out again, even to a theme about the same subject.
    model.update(flatten(NEXT_WAVE)[0])
    assert pay not in {theme.id for theme in model.themes()}


def test_redaction_placeholders_never_become_theme_terms() -> None:
    placeholders = ["[name]", "[e-mail]", "[phone]", "[employee ID]"]
    texts, _ = flatten(LABELLED)
    # Every comment carries placeholders, far more often than any real word.
    redacted = [
        f"{placeholders[i % 4]} {text} {placeholders[(i + 1) % 4]}" for i, text in enumerate(texts)
    ]
    model = small_model()
    model.fit(redacted)
    words = {word for term in model.vocabulary_ for word in term.split()}
    assert words.isdisjoint({"name", "mail", "phone", "employee", "id"})


def test_comments_without_theme_words_get_no_theme() -> None:
    texts, _ = flatten(LABELLED)
    model = small_model().fit(texts)
    assert model.transform(["ok", "[name]", "", "the and of"]).tolist() == [NO_THEME] * 4


def test_too_few_comments_to_learn_from_gives_no_themes() -> None:
    model = ThemeModel().fit(["fine", "all good"])
    assert model.themes() == []
    assert model.transform(["fine"]).tolist() == [NO_THEME]


def test_stored_model_assigns_comments_as_the_original() -> None:
    texts, _ = flatten(LABELLED)
    model = small_model().fit(texts)
    stored = ThemeModel.from_dict(json.loads(json.dumps(model.to_dict())))
    next_texts, _ = flatten(NEXT_WAVE)
    assert stored.transform(next_texts).tolist() == model.transform(next_texts).tolist()
    assert stored.themes() == model.themes()
    assert (
        stored.update_transform(next_texts).tolist() == model.update_transform(next_texts).tolist()
    )


def test_stored_model_of_another_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="not a stored theme model"):
        ThemeModel.from_dict({"format": "something else"})


def test_unfitted_model_says_so() -> None:
    with pytest.raises(ValueError, match="not fitted"):
        ThemeModel().transform(["the system is slow"])


# -- trends -----------------------------------------------------------------------------------


def test_theme_trends_count_and_share_every_comment() -> None:
    previous = [1] * 10 + [2] * 30 + [NO_THEME] * 60
    current = [1] * 40 + [2] * 30 + [NO_THEME] * 30
    trends = {t.theme_id: t for t in theme_trends(previous, current)}
    assert set(trends) == {1, 2}
    rising = trends[1]
    assert (rising.previous_count, rising.current_count) == (10, 40)
    assert rising.previous_share == pytest.approx(0.10)
    assert rising.current_share == pytest.approx(0.40)
    assert rising.change == pytest.approx(0.30)
    assert rising.direction == "rising"
    assert trends[2].direction == "steady"


def test_theme_trend_p_is_fishers_exact_test() -> None:
    # Fisher's lady tasting tea (The Design of Experiments, 1935): 3 of 4 against 1 of 4,
    # two-sided p = 34/70 = 0.4857.
    trend = theme_trends([7, 7, 7, 0], [7, 0, 0, 0])[0]
    assert trend.p == pytest.approx(34 / 70)
    assert trend.p == pytest.approx(fisher_exact([[3, 1], [1, 3]]).pvalue)
    assert trend.direction == "steady"  # a 50-point fall in 4 comments is not news


def test_a_theme_that_falls_away_is_falling() -> None:
    trends = {t.theme_id: t for t in theme_trends([5] * 300 + [6] * 700, [5] * 100 + [6] * 900)}
    assert trends[5].direction == "falling"
    assert trends[6].direction == "rising"


# -- sentiment --------------------------------------------------------------------------------


def test_vader_scores_match_its_published_examples() -> None:
    # vaderSentiment README (Hutto & Gilbert), "Code examples": compound 0.8316 and -0.7424.
    scores = score_sentiment(
        ["VADER is smart, handsome, and funny.", "VADER is not smart, handsome, nor funny."]
    )
    assert scores.compound.tolist() == pytest.approx([0.8316, -0.7424])
    assert scores.label.tolist() == ["positive", "negative"]
    assert scores.language.tolist() == ["en", "en"]


def test_clear_comments_get_the_sign_a_reader_expects() -> None:
    scores = score_sentiment(
        [
            "I love my team lead, the coaching is great",
            "The new schedule is terrible and I am exhausted",
            "Mi supervisor es muy bueno y me ayuda mucho",
            "Estoy agotado, el sistema es horrible y nadie nos ayuda",
            "The meeting is on Tuesday",
        ]
    )
    assert scores.label.tolist() == ["positive", "negative", "positive", "negative", "neutral"]
    assert scores.language.tolist() == ["en", "en", "es", "es", "en"]


def test_spanish_negation_and_boosters_work_as_in_vader() -> None:
    good, very_good, not_good = score_sentiment(
        ["el horario es bueno", "el horario es muy bueno", "el horario no es bueno"]
    ).compound
    assert very_good > good > 0 > not_good


def test_labels_use_the_vader_cut_offs() -> None:
    labels = sentiment_label([-0.5, -0.05, -0.049, 0.0, 0.049, 0.05, 1.0])
    assert labels.tolist() == [
        "negative",
        "negative",
        "neutral",
        "neutral",
        "neutral",
        "positive",
        "positive",
    ]


def test_placeholders_do_not_change_sentiment() -> None:
    with_placeholder, without = score_sentiment(["[name] is great", "is great"]).compound
    assert with_placeholder == without


def test_scores_come_back_in_input_order_with_repeats_and_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = ["great", "awful", "great", "meh", "awful", "good job"] * 5
    serial = score_sentiment(texts)
    monkeypatch.setattr(sentiment_module, "_POOL_MINIMUM", 0)
    parallel = score_sentiment(texts, n_jobs=2)
    assert parallel.compound.tolist() == serial.compound.tolist()
    assert serial.compound[0] == serial.compound[2] > 0 > serial.compound[1]
