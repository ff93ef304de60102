"""Similar posts: reworded duplicates are found in English and in Spanish; the cosine is the
one of scikit-learn's own TF-IDF (the reference) over the same terms."""

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from twoway.insights.similar import SimilarIndex, light_stem, post_terms

POSTS = {
    1: "The CRM freezes every time I save my call notes, so I type them in Notepad first",
    2: "Headsets lose their connection in the afternoon and we log back in",
    3: "We need a shared calendar for shift swaps instead of the paper sheet",
    4: "El sistema se congela cuando guardo las notas; las escribo antes en un documento",
    5: "Los auriculares pierden la conexión por la tarde y tenemos que volver a entrar",
    6: "Refund approvals wait for a supervisor who is often in meetings",
}


def index() -> SimilarIndex:
    return SimilarIndex().fit(list(POSTS), list(POSTS.values()))


def test_a_reworded_english_duplicate_is_the_best_match():
    matches = index().query("Saving notes makes the CRM freeze; I write notes in Notepad")
    assert matches[0].id == 1
    assert all(m.id not in (2, 3, 6) for m in matches)


def test_a_reworded_spanish_duplicate_is_the_best_match():
    matches = index().query("Cuando guardamos notas el sistema queda congelado")
    assert matches[0].id == 4
    assert index().query("auriculares sin conexión en la tarde")[0].id == 5


def test_an_unrelated_text_matches_nothing():
    assert index().query("The parking lot lights are broken") == []
    assert index().query("") == []
    assert SimilarIndex().fit([], []).query("anything") == []


def test_posts_added_after_the_fit_are_found_with_the_fitted_vocabulary():
    found = index().add([7], ["Supervisor approval for refunds takes hours"])
    ids = [m.id for m in found.query("refunds wait for supervisor approval")]
    assert ids[:2] == [6, 7] or ids[:2] == [7, 6]


def test_exclude_leaves_out_posts_and_limit_caps_the_answer():
    matches = index().query("notes CRM freezes", exclude=[1])
    assert 1 not in [m.id for m in matches]
    assert len(index().query("notes conexión tarde", limit=1)) <= 1


def test_scores_are_the_cosine_of_a_reference_tfidf_over_the_same_terms():
    texts = list(POSTS.values())
    query = "Saving notes makes the CRM freeze"
    reference = TfidfVectorizer(analyzer=post_terms, sublinear_tf=True).fit(texts)
    expected = cosine_similarity(reference.transform([query]), reference.transform(texts))[0]
    got = {
        m.id: m.score
        for m in SimilarIndex(min_score=0.0).fit(list(POSTS), texts).query(query, limit=len(texts))
    }
    for post_id, score in zip(POSTS, expected, strict=True):
        if score > 0:
            assert np.isclose(got[post_id], score, atol=1e-6)


def test_light_stem_joins_inflections_of_english_and_spanish():
    assert light_stem("saving") == light_stem("saved") == light_stem("save") == "sav"
    assert light_stem("guardando") == light_stem("guardo") == light_stem("guardar") == "guard"
    assert light_stem("notes") == light_stem("note")
    assert light_stem("crm") == "crm"  # too short to lose anything
