"""Results, through the pages, the PDF and the API: only after closing, only from k, groups and
declared groups of at least k, and nobody's own votes, group or position anywhere."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from tests.conversations.conftest import build_crowd, close, open_conversation
from twoway.api.models import ApiToken, hash_key
from twoway.conversations.models import Participant, Vote
from twoway.conversations.services import cast_vote, voter_key


def results_url(world):
    return f"/o/acme/conversations/{world.conversation.pk}/results/"


def api_results(world):
    return f"/api/orgs/acme/conversations/{world.conversation.pk}/results"


def test_results_wait_for_the_close(world, crowd, login):
    response = login(world.director).get(results_url(world))
    assert response.status_code == 409
    assert "Results appear when the conversation closes." in response.content.decode()
    assert login(world.director).get(api_results(world)).status_code == 409


def test_a_conversation_with_one_participant_says_not_enough_people_yet(world, conversation, login):
    statement = conversation.statements.first()
    cast_vote(conversation, world.people["Ana"], statement.pk, 1)
    close(conversation)
    response = login(world.director).get(results_url(world))
    assert response.status_code == 409
    assert "Not enough people yet" in response.content.decode()


def test_the_results_show_groups_of_at_least_k_as_regions(world, crowd, login):
    close(world.conversation)
    html = login(world.director).get(results_url(world)).content.decode()
    sizes = [int(n) for n in re.findall(r"Group [A-E] · (\d+) people", html)]
    assert len(sizes) == 3 and min(sizes) >= world.conversation.k
    assert html.count("<ellipse") == 3  # a region per group, never a dot per person
    assert "<circle" not in html


def test_what_divides_leaders_and_agents_is_listed(world, crowd, login):
    close(world.conversation)
    html = login(world.director).get(results_url(world)).content.decode()
    divides = html.split("What divides leaders and agents")[1].split("</section>")[0]
    assert "The first agent should be able to solve the problem without a transfer" in divides
    leaders = html.split("What sets leaders apart")[1].split("</ul>")[0]
    assert "The first agent should be able to solve the problem without a transfer" in leaders


def test_no_page_or_answer_names_a_participant_or_their_key(world, crowd, login):
    close(world.conversation)
    client = login(world.director)
    keys = [voter_key(world.conversation, p) for p in world.crowd[:5]]
    ids = [str(p) for p in Participant.objects.values_list("pk", flat=True)[:20]]
    for url in (results_url(world), api_results(world)):
        text = client.get(url).content.decode()
        assert not any(key in text for key in keys)
        assert not any(re.search(rf"\b{pid}\b", text) for pid in ids)
        assert "Agent00" not in text and "C000" not in text


def test_the_api_gives_the_same_groups_and_never_a_position_per_person(world, crowd, login):
    close(world.conversation)
    data = login(world.director).get(api_results(world)).json()
    assert [g["id"] for g in data["groups"]] == ["A", "B", "C"]
    assert all(g["size"] >= data["k"] for g in data["groups"])
    assert set(data["groups"][0]) == {"id", "size", "centre", "ellipse", "statements"}
    assert "participants_positions" not in data and "labels" not in str(data.keys())


def test_voter_keys_are_erased_once_the_conversation_closes(world, crowd, login):
    close(world.conversation)
    login(world.director).get(results_url(world))
    assert not Participant.objects.filter(voter_key__isnull=False).exists()
    assert Vote.objects.count() == len(world.crowd) * 10  # the votes themselves stay


def test_a_handful_of_leaders_shows_neither_lens_nor_what_divides(world, login):
    world.conversation = open_conversation(world)
    build_crowd(world, world.conversation, leads=(1, 1, 1))
    close(world.conversation)
    html = login(world.director).get(results_url(world)).content.decode()
    assert "Leaders: hidden (too few to show)" in html
    assert "Frontline: hidden (too few to show)" in html  # everyone minus 3 would tell
    assert "No statement divides leaders and the frontline beyond chance" in html


def test_agents_of_the_audience_read_the_results_but_not_unit_by_unit(world, crowd, login):
    close(world.conversation)
    html = login(world.agent).get(results_url(world)).content.decode()
    assert "Opinion groups" in html
    assert "Participants by unit" not in html


def test_outsiders_get_404(world, crowd, login):
    close(world.conversation)
    assert login(world.outsider).get(results_url(world)).status_code == 404
    assert login(world.outsider).get(api_results(world)).status_code == 404


def test_the_pdf_is_the_same_report(world, crowd, login, tmp_path):
    close(world.conversation)
    response = login(world.director).get(results_url(world).replace("results/", "results.pdf"))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    assert "first contact" in text
    assert "What divides leaders and agents" in text


def test_the_results_page_reads_a_bounded_number_of_queries(
    world, crowd, login, django_assert_max_num_queries
):
    close(world.conversation)
    client = login(world.director)
    client.get(results_url(world))  # computes and stores the final result once
    with django_assert_max_num_queries(20):
        client.get(results_url(world))


def test_the_list_and_the_conversation_page_read_a_bounded_number_of_queries(
    world, crowd, login, django_assert_max_num_queries
):
    client = login(world.director)
    with django_assert_max_num_queries(15):
        client.get("/o/acme/conversations/")
    with django_assert_max_num_queries(25):
        client.get(f"/o/acme/conversations/{world.conversation.pk}/")


@pytest.fixture
def token(world):
    key = "test-token-conversations"
    ApiToken.objects.create(user=world.agent, key_hash=hash_key(key), name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_takes_a_vote_with_a_token(world, conversation, client, token):
    base = f"/api/orgs/acme/conversations/{conversation.pk}"
    listed = client.get("/api/orgs/acme/conversations", **token).json()
    assert [c["id"] for c in listed] == [conversation.pk]
    statement = client.get(f"{base}/next", **token).json()
    posted = client.post(
        f"{base}/votes", {"statement": statement["id"], "vote": 1}, "application/json", **token
    )
    assert posted.status_code == 200 and posted.json()["counted"] is True
    again = client.post(
        f"{base}/votes", {"statement": statement["id"], "vote": 1}, "application/json", **token
    )
    assert again.status_code == 409
    bad = client.post(
        f"{base}/votes", {"statement": statement["id"], "vote": 3}, "application/json", **token
    )
    assert bad.status_code == 422
    (error,) = bad.json()["detail"]
    assert error["loc"] == ["body", "vote"] and "agree (1)" in error["msg"]
    unknown = client.post(f"{base}/votes", {"statement": 0, "vote": 1}, "application/json", **token)
    assert unknown.status_code == 404
    for other in conversation.statements.exclude(pk=statement["id"]):
        client.post(
            f"{base}/votes", {"statement": other.pk, "vote": 0}, "application/json", **token
        )
    assert client.get(f"{base}/next", **token).status_code == 204


def test_the_api_is_documented_in_openapi(world, login):
    schema = login(world.admin).get("/api/openapi.json").json()
    assert "/api/orgs/{slug}/conversations/{conversation_id}/votes" in schema["paths"]


def test_stored_results_hold_no_nan_for_postgresqls_json():
    from twoway.conversations.services import json_safe

    assert json_safe({"a": [1.0, float("nan")], "b": {"c": float("inf")}}) == {
        "a": [1.0, None],
        "b": {"c": None},
    }
