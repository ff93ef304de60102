"""Votes: one per person per post, a budget of active votes, counts shown from k, merges that
never count a person twice."""

import pytest

from tests.factories import make_account
from twoway.voice.models import Ballot, Post, VoiceSettings
from twoway.voice.services import VoiceError, merge_posts


def vote_url(post):
    return f"/o/acme/voice/p/{post.code}/vote/"


def test_one_vote_per_person_and_a_second_is_refused_on_the_field(world, login, post_as):
    post = post_as().post
    client = login(world.agent)
    assert client.post(vote_url(post), {"value": "1", "minutes": "3"}).status_code == 302
    response = client.post(vote_url(post), {"value": "-1"})
    assert response.status_code == 400
    assert "You have already voted on this post" in response.content.decode()
    post.refresh_from_db()
    assert (post.up_votes, post.down_votes) == (1, 0)


def test_a_vote_past_the_budget_is_refused_and_taking_one_back_frees_it(world, login, post_as):
    VoiceSettings.objects.create(organisation=world.org, vote_budget=2)
    posts = [post_as(f"Idea number {i}").post for i in range(3)]
    client = login(world.agent)
    for post in posts[:2]:
        client.post(vote_url(post), {"value": "1"})
    response = client.post(vote_url(posts[2]), {"value": "1"})
    assert response.status_code == 400 and "used all 2 of your votes" in response.content.decode()
    assert Ballot.objects.count() == 2
    client.post(f"/o/acme/voice/p/{posts[0].code}/unvote/")
    assert client.post(vote_url(posts[2]), {"value": "1"}).status_code == 302
    assert "You have 0 votes left" in client.get("/o/acme/voice/").content.decode()


def test_votes_on_closed_posts_leave_the_budget(world, login, post_as, votes):
    VoiceSettings.objects.create(organisation=world.org, vote_budget=1)
    first, second = post_as("First idea").post, post_as("Second idea").post
    votes(first, ["Ana"])
    Post.objects.filter(pk=first.pk).update(status="done")
    assert login(world.agent).post(vote_url(second), {"value": "1"}).status_code == 302


def test_bad_votes_are_refused_on_their_field(world, login, post_as):
    post = post_as(kind="workaround").post
    client = login(world.agent)
    cases = [
        ({"value": "7"}, "Select a valid choice"),
        ({"value": "1", "minutes": "-2"}, "greater than or equal to 0.1"),
        ({"value": "1", "minutes": "9000"}, "less than or equal to 480"),
    ]
    for data, text in cases:
        response = client.post(vote_url(post), data)
        assert response.status_code == 400 and text in response.content.decode()
    assert not Ballot.objects.exists()


def test_counts_under_k_read_fewer_than_k_on_the_page(world, login, post_as, votes):
    post = post_as().post
    votes(post, ["Ana", "Ben", "Cruz", "Dan"])
    page = login(world.team_lead).get(f"/o/acme/voice/p/{post.code}/").content.decode()
    assert "fewer than 5 “me too”" in page and "4 “me too”" not in page
    votes(post, ["Eva"])
    page = login(world.team_lead).get(f"/o/acme/voice/p/{post.code}/").content.decode()
    assert "5 “me too”" in page


def test_a_merge_carries_votes_without_counting_anyone_twice(world, post_as, votes):
    keep = votes(post_as("Headsets drop calls").post, ["Ana", "Ben"])
    duplicate = votes(post_as("Our headsets cut out").post, ["Ben", "Cruz", "Dan"])
    votes(duplicate, ["Eva"], value=-1)
    carried = merge_posts(duplicate, keep, world.admin)
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    # Ben voted on both: he is counted once. Cruz and Dan come across, and Eva's "not for me".
    assert carried == 3
    assert (keep.up_votes, keep.down_votes) == (4, 1)
    assert (duplicate.up_votes, duplicate.down_votes, duplicate.status) == (0, 0, "duplicate")
    assert duplicate.merged_into == keep
    assert Ballot.objects.filter(post=keep).count() == 5


def test_merging_into_itself_across_organisations_or_twice_is_refused(world, post_as, login):
    post, other = post_as("One").post, post_as("Two").post
    with pytest.raises(VoiceError, match="into itself"):
        merge_posts(post, post, world.admin)
    client = login(world.admin)
    response = client.post(f"/o/acme/voice/p/{post.code}/merge/", {"target": post.code})
    assert (
        response.status_code == 400 and "cannot be merged into itself" in response.content.decode()
    )
    stranger = make_account("gina", world.other_org, person=world.stranger)
    foreign = post_as("Elsewhere", person=world.stranger).post
    response = client.post(f"/o/acme/voice/p/{post.code}/merge/", {"target": foreign.code})
    assert (
        response.status_code == 400 and "No post of this organisation" in response.content.decode()
    )
    merge_posts(post, other, world.admin)
    with pytest.raises(VoiceError):
        merge_posts(other, post, world.admin)  # post is a duplicate now
    assert stranger  # the other tenant's account exists and saw nothing of this


def test_only_moderators_merge(world, login, post_as):
    post, other = post_as("One").post, post_as("Two").post
    response = login(world.team_lead).post(
        f"/o/acme/voice/p/{post.code}/merge/", {"target": other.code}
    )
    assert response.status_code == 404
