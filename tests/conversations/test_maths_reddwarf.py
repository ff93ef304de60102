"""The opinion maths against red-dwarf (PyPI `red-dwarf`, MPL-2.0), an independent Python
reimplementation of Pol.is's pipeline, run on the same votes as a test-only oracle.

Where twoway departs from Pol.is on purpose (base clusters, groups of at least k, one edge case
of representative statements) the comparison feeds red-dwarf's own groups to twoway's functions,
so each formula is compared on identical inputs; docs/method-conversations.md lists the
departures.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from twoway.insights.opinion import (
    choose_groups,
    consensus_statements,
    count_votes,
    group_informed_consensus,
    priorities,
    project,
    repness_measures,
    representative_statements,
    votes_from_arrays,
)
from twoway.insights.opinion.synthetic import synthetic_conversation

reddwarf = pytest.importorskip("reddwarf.implementations.base", reason="red-dwarf is a dev extra")


def red_dwarf_run(conversation, **options):
    votes = [
        {"participant_id": int(p), "statement_id": int(s), "vote": int(v)}
        for p, s, v in zip(
            conversation.participant, conversation.statement, conversation.vote, strict=True
        )
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return reddwarf.run_pipeline(votes=votes, random_state=0, **options)


@pytest.fixture(scope="module", params=[(400, 40, 0.5, 5), (300, 60, 0.25, 11)])
def shared(request):
    people, statements, density, seed = request.param
    conversation = synthetic_conversation(people, statements, density=density, seed=seed)
    votes = votes_from_arrays(conversation.participant, conversation.statement, conversation.vote)
    return conversation, votes, red_dwarf_run(conversation)


def test_projection_equals_red_dwarf_up_to_the_sign_of_each_axis(shared):
    _, votes, theirs = shared
    ours = project(votes)
    reference = np.array([theirs.participant_projections[p] for p in votes.participants])
    for axis in range(2):
        sign = np.sign(ours.coords[:, axis] @ reference[:, axis])
        np.testing.assert_allclose(ours.coords[:, axis], sign * reference[:, axis], atol=1e-9)
        np.testing.assert_allclose(
            ours.components[axis], sign * theirs.reducer.components_[axis], atol=1e-9
        )
    np.testing.assert_allclose(ours.means, theirs.reducer.mean_, atol=1e-12)


def test_statement_extremity_and_priority_equal_red_dwarf(shared):
    _, votes, theirs = shared
    ours = project(votes)
    everyone = count_votes(votes, np.zeros(votes.n_participants, dtype=int), 1)
    frame = theirs.statements_df
    np.testing.assert_allclose(ours.extremity, frame["extremity"].to_numpy(float), atol=1e-9)
    # red-dwarf counts the priority's votes over the participants it clusters (7 votes or more).
    clustered = theirs.participants_df["to_cluster"].to_numpy()
    counted = count_votes(votes, np.where(clustered, 0, -1), 1)
    ours_priority = priorities(
        counted.agree[0], counted.disagree[0], counted.seen[0], ours.extremity
    )
    np.testing.assert_allclose(ours_priority, frame["priority"].to_numpy(float), rtol=1e-9)
    assert everyone.seen.sum() == votes.n_votes


def test_representative_statements_equal_red_dwarf_for_its_groups(shared):
    _, votes, theirs = shared
    labels = theirs.participants_df["cluster_id"].to_numpy(dtype=float, na_value=-1).astype(int)
    counts = count_votes(votes, labels, labels.max() + 1)
    ours = representative_statements(repness_measures(counts))
    for group, entries in enumerate(ours):
        expected = theirs.repness[group]
        assert [(votes.statements[e["column"]], e["direction"]) for e in entries] == [
            (x["tid"], x["repful-for"]) for x in expected
        ]
        for mine, reference in zip(entries, expected, strict=True):
            assert mine["n_success"] == reference["n-success"]
            assert mine["n_trials"] == reference["n-trials"]
            assert mine["p_success"] == pytest.approx(reference["p-success"], abs=1e-12)
            assert mine["p_test"] == pytest.approx(reference["p-test"], abs=1e-9)
            assert mine["repness"] == pytest.approx(reference["repness"], abs=1e-12)
            assert mine["repness_test"] == pytest.approx(reference["repness-test"], abs=1e-9)


def test_group_informed_consensus_equals_red_dwarf(shared):
    _, votes, theirs = shared
    labels = theirs.participants_df["cluster_id"].to_numpy(dtype=float, na_value=-1).astype(int)
    agree, disagree = group_informed_consensus(count_votes(votes, labels, labels.max() + 1))
    frame = theirs.statements_df
    np.testing.assert_allclose(agree, frame["group-aware-consensus-agree"].to_numpy(float))
    np.testing.assert_allclose(disagree, frame["group-aware-consensus-disagree"].to_numpy(float))


def test_consensus_over_everyone_equals_red_dwarf(shared):
    _, votes, theirs = shared
    everyone = count_votes(votes, np.zeros(votes.n_participants, dtype=int), 1)
    ours = consensus_statements(everyone)
    for direction in ("agree", "disagree"):
        assert [votes.statements[c] for c in ours[direction]] == [
            x["tid"] for x in theirs.consensus[direction]
        ]


def test_groups_are_red_dwarfs_on_clearly_separated_opinions():
    # Base clusters and weighted silhouette (Pol.is) against red-dwarf's direct k-means on every
    # participant: on three clear opinion groups both find the same three groups; a few people
    # on the borders may fall either way, since a base cluster moves its members together.
    conversation = synthetic_conversation(600, 50, density=0.6, groups=3, seed=21)
    votes = votes_from_arrays(conversation.participant, conversation.statement, conversation.vote)
    theirs = red_dwarf_run(conversation)
    coords = project(votes).coords
    ours = choose_groups(coords, np.ones(votes.n_participants, dtype=bool), min_group_size=5)
    reference = theirs.participants_df["cluster_id"].to_numpy(dtype=int)
    assert ours.count == 3
    assert adjusted_rand_score(reference, ours.labels) > 0.95
    truth = adjusted_rand_score(conversation.group, ours.labels)
    assert truth > 0.95
    assert truth >= adjusted_rand_score(conversation.group, reference) - 0.03
