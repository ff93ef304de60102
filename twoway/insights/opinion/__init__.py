"""Pol.is-style opinion analysis of agree / disagree / pass votes (pure: no Django import).

Start with `analyse(votes_from_arrays(participants, statements, values), k=5)`: the opinion map,
groups, representative statements, consensus and what divides two declared groups, with every
figure under k hidden. `priorities` and `choose_next` pick the next statement to show.
docs/method-conversations.md describes the method and where it differs from Pol.is.
"""

from twoway.insights.opinion.clusters import Groups, choose_groups, weighted_silhouette
from twoway.insights.opinion.consensus import (
    consensus_statements,
    group_informed_consensus,
    shared_ground,
)
from twoway.insights.opinion.counts import Counts, count_votes
from twoway.insights.opinion.divides import differences, two_proportion_test
from twoway.insights.opinion.pipeline import MIN_VOTES, analyse
from twoway.insights.opinion.priority import choose_next, priorities
from twoway.insights.opinion.projection import Projection, project
from twoway.insights.opinion.repness import Z_90, repness_measures, representative_statements
from twoway.insights.opinion.similar import similar_statements
from twoway.insights.opinion.votes import (
    AGREE,
    DISAGREE,
    PASS,
    Votes,
    VotesError,
    votes_from_arrays,
)

__all__ = [
    "AGREE",
    "DISAGREE",
    "MIN_VOTES",
    "PASS",
    "Z_90",
    "Counts",
    "Groups",
    "Projection",
    "Votes",
    "VotesError",
    "analyse",
    "choose_groups",
    "choose_next",
    "consensus_statements",
    "count_votes",
    "differences",
    "group_informed_consensus",
    "priorities",
    "project",
    "repness_measures",
    "representative_statements",
    "shared_ground",
    "similar_statements",
    "two_proportion_test",
    "votes_from_arrays",
    "weighted_silhouette",
]
