"""The analysis shows nothing of fewer than k people: groups, declared groups, statement figures,
and nothing a subtraction of the figures shown could reveal."""

from __future__ import annotations

import json

import numpy as np

from twoway.insights.opinion import analyse, votes_from_arrays
from twoway.insights.opinion.privacy import CellTable, Partition
from twoway.insights.opinion.synthetic import synthetic_conversation


def conversation_votes(people=240, statements=30, seed=8, **options):
    conversation = synthetic_conversation(people, statements, density=0.6, seed=seed, **options)
    names = [f"person-{p}" for p in conversation.participant]
    votes = votes_from_arrays(names, conversation.statement, conversation.vote)
    lens = dict(zip(names, [conversation.lens[p] for p in conversation.participant], strict=True))
    return votes, [lens[p] for p in votes.participants]


def statements_shown(result):
    found = set()
    for entries in result["repness"].values():
        found |= {e["statement"] for e in entries}
    for direction in ("agree", "disagree"):
        found |= {e["statement"] for e in result["consensus"][direction]}
    found |= {e["statement"] for e in result["divides"]}
    return found


def test_fewer_participants_than_k_give_no_result_at_all():
    votes = votes_from_arrays(["a", "b", "c", "d"], ["s"] * 4, [1, 1, -1, 0])
    result = analyse(votes, k=5)
    assert result["enough"] is False
    assert result["participants"] is None
    assert result["groups"] == [] and result["repness"] == {}


def test_every_group_holds_at_least_k_participants():
    votes, _ = conversation_votes(people=150)
    for k in (5, 30, 60):
        result = analyse(votes, k=k)
        assert all(group["size"] >= k for group in result["groups"])
    assert analyse(votes, k=80)["groups"] == []  # two groups of 80 cannot be formed from 150


def test_no_participant_appears_in_the_result():
    votes, lens = conversation_votes()
    text = json.dumps(analyse(votes, k=5, declared={"lens": lens}))
    assert "person-" not in text


def test_a_handful_of_leaders_is_not_shown_and_neither_is_the_frontline_that_reveals_it():
    votes, _ = conversation_votes(people=120)
    lens = ["leader" if i < 3 else "frontline" for i in range(votes.n_participants)]
    result = analyse(votes, k=5, declared={"lens": lens})
    sizes = {g["id"]: g["size"] for g in result["declared"]["lens"]["groups"]}
    # 3 leaders are under k; 117 frontline shown beside the 120 in all would reveal them.
    assert sizes == {"frontline": None, "leader": None}
    assert result["declared"]["lens"]["repness"] == {}
    assert result["divides"] == []


def test_a_statement_few_people_voted_on_appears_nowhere():
    votes, lens = conversation_votes(people=200, statements=20)
    participants = [*votes.participants[:3]]
    rows = np.concatenate([votes.rows, np.arange(3)])
    extra = votes_from_arrays(
        [votes.participants[r] for r in rows],
        [*[votes.statements[c] for c in votes.cols], "rare", "rare", "rare"],
        np.concatenate([votes.values, [1, 1, 1]]),
    )
    assert len(participants) == 3
    result = analyse(extra, k=5, declared={"lens": lens})
    assert "rare" not in statements_shown(result)


def test_the_cell_table_hides_a_cell_that_the_others_would_reveal():
    # 10 people in group A (7 leaders, 3 frontline) and 10 in B (all frontline). Shown alone,
    # the leaders (7) and A (10) look safe, but with no leader in B (an empty cell, which a
    # careful reader assumes), A minus the leaders is the 3 frontline people of A.
    groups = Partition(
        "group", ["A", "B", "ungrouped"], np.array([0] * 10 + [1] * 10), [True, True, False]
    )
    lens_codes = np.array([0] * 7 + [1] * 13)
    lens = Partition("lens", ["leader", "frontline", ""], lens_codes, [True, True, False])
    table = CellTable([groups, lens])
    shown = table.shown(table.atom_counts_of_participants(), k=5)[:, 0]
    visible = {name: bool(shown[table.cell_of[name]]) for name in table.cell_of}
    assert not (visible[("group", "A")] and visible[("lens", "leader")])
    assert shown[0]  # everyone (20) is shown
