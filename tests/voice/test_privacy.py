"""Unlinkability from the outside: no page, API answer or export names an anonymous author or
a voter, carries a ballot's keyed hash, a time finer than the day, or an order by arrival."""

import csv
import io

import openpyxl
import pytest
from django.test import Client

from tests.voice.conftest import WORKAROUND
from twoway.api.models import ApiToken
from twoway.voice.identity import VOTE, person_key
from twoway.voice.models import Ballot, Post

ANA = ("Ana", "E011", "ana@acme.example")


@pytest.fixture
def board(world, login, post_as, votes):
    """Ana posts anonymously through the page; five people vote; Ben signs one of his."""
    login(world.agent).post("/o/acme/voice/new/", WORKAROUND)
    anonymous = Post.objects.get()
    votes(anonymous, ["Ana", "Ben", "Cruz", "Dan", "Eva"], minutes=2)
    signed = post_as("Ben's own idea", person=world.people["Ben"], signed=True).post
    return anonymous, signed


def outputs(world, login, client, anonymous):
    """Everything a director and an admin can read about the board."""
    _token, key = ApiToken.issue(world.admin, "test")
    admin = login(world.admin)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    pages = ["/o/acme/voice/?status=all", f"/o/acme/voice/p/{anonymous.code}/",
             "/o/acme/voice/export.csv", "/o/acme/voice/moderation/"]  # fmt: skip
    texts = [admin.get(url).content.decode() for url in pages]
    for url in (
        "/api/orgs/acme/voice/posts?status=all",
        f"/api/orgs/acme/voice/posts/{anonymous.code}",
    ):
        texts.append(client.get(url, **bearer).content.decode())
    book = openpyxl.load_workbook(io.BytesIO(admin.get("/o/acme/voice/export.xlsx").content))
    texts.append(" ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row))
    return texts


def test_no_output_names_the_anonymous_author_or_carries_a_voters_hash(world, login, client, board):
    anonymous, _signed = board
    voter_hashes = set(Ballot.objects.values_list("voter", flat=True))
    assert person_key(world.org.pk, world.people["Ana"].pk, VOTE) in voter_hashes
    for text in outputs(world, login, client, anonymous):
        for marker in (*ANA, str(anonymous.receipt_hash)):
            assert marker not in text
        assert not any(h in text for h in voter_hashes)
        assert "Ben Example" in text or "Ben's own idea" not in text  # signed: named by choice


def test_the_api_gives_posts_answers_and_counts_with_the_pages_suppression(world, client, board):
    anonymous, signed = board
    _token, key = ApiToken.issue(world.team_lead, "test")
    response = client.get(
        "/api/orgs/acme/voice/posts?sort=votes", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 200
    by_code = {p["code"]: p for p in response.json()}
    assert by_code[anonymous.code]["up_votes"] == 5 and by_code[anonymous.code]["signed_by"] is None
    assert by_code[signed.code]["up_votes"] is None and by_code[signed.code]["votes_suppressed"]
    assert by_code[signed.code]["signed_by"] == "Ben Example"
    assert set(by_code[anonymous.code]) >= {"status", "answers", "cost_per_year", "unit", "lens"}
    assert (
        client.get("/api/orgs/globex/voice/posts", HTTP_AUTHORIZATION=f"Bearer {key}").status_code
        == 404
    )
    assert Client().get("/api/orgs/acme/voice/posts").status_code == 401


def test_the_export_suppresses_counts_under_k_and_neutralises_formulas(world, login, post_as):
    post_as('=HYPERLINK("http://evil.example","click")', body="+SUM(A1:A9)")
    post_as("@cmd", body="-2+3")
    post_as("\tTabbed", body="\rReturned")
    client = login(world.director)
    rows = list(csv.reader(io.StringIO(client.get("/o/acme/voice/export.csv").content.decode())))
    header, data = rows[0], rows[1:]
    title, text, up = header.index("title"), header.index("text"), header.index("up_votes")
    for row in data:
        assert not row[title].startswith(("=", "+", "-", "@", "\t", "\r"))
        assert not row[text].startswith(("=", "+", "-", "@", "\t", "\r"))
        assert row[up] == "" and row[header.index("votes_suppressed")] == "True"
    book = openpyxl.load_workbook(io.BytesIO(client.get("/o/acme/voice/export.xlsx").content))
    sheet_rows = list(book.active.iter_rows(min_row=2))
    assert not any(c.data_type == "f" for row in sheet_rows for c in row)
    titles = [row[title].value for row in sheet_rows]
    assert any(t.startswith("'=HYPERLINK(") for t in titles) and "'@cmd" in titles


def test_exports_are_for_leaders_only(world, login):
    assert login(world.agent).get("/o/acme/voice/export.csv").status_code == 404
    assert login(world.outsider).get("/o/acme/voice/export.csv").status_code == 404
    assert login(world.director).get("/o/acme/voice/export.pdf").status_code == 404


def test_posts_and_ballots_keep_the_day_only():
    """No column of a post or a ballot holds a time finer than the day."""
    for model in (Post, Ballot):
        kinds = {
            f.get_internal_type()
            for f in model._meta.get_fields()
            if hasattr(f, "get_internal_type")
        }
        assert "DateTimeField" not in kinds


def test_post_links_do_not_tell_the_order_posts_came_in(world, post_as):
    codes = [post_as(f"Idea {i}").post.code for i in range(10)]
    assert codes != sorted(codes) or len(set(codes)) < 10  # random codes, not counters
    assert all(len(c) == 10 and c.isalnum() for c in codes)
