"""The scorecard: each question scored 0-100 from the evidence, by plain averages."""

from __future__ import annotations

from twoway.insights.scorecard import Evidence, scorecard


def lines(**evidence):
    return {line.dimension: line for line in scorecard(Evidence(**evidence))}


def test_no_evidence_gives_no_score_except_nothing_to_correct():
    got = lines()
    assert [
        got[d].score for d in ("bought_in", "championed", "communicated", "managed", "measured")
    ] == [None] * 5
    assert (got["improved"].score, got["improved"].reason) == (100, "nothing_to_correct")


def test_scores_are_averages_of_shares():
    got = lines(
        desire_mean=3.0,  # (3 - 1) / 4 = 0.5
        pulse_index=70.0,  # 0.7 -> bought in 60
        teams_with_champion=0.75,
        audiences_covered=0.5,
        got_it_share=0.9,  # communicated 70
        phases_on_time=1,
        phases_started=2,  # managed 50
        units_fresh=1.0,
        units_on_target=0.4,  # measured 70
        episodes=2,
        episodes_corrected=1,
        corrections_that_moved=1,
        corrections_judged=1,  # improved: (0.5 + 1.0) / 2 = 75
    )
    assert {d: line.score for d, line in got.items()} == {
        "bought_in": 60,
        "championed": 75,
        "communicated": 70,
        "managed": 50,
        "measured": 70,
        "improved": 75,
    }
    assert got["communicated"].reason == "coverage_and_acknowledgements"
