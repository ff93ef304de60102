"""The board: sorts and filters, units under k left out, and a query count that does not grow
with the posts."""

import datetime

import pytest

from twoway.voice.board import SORTS
from twoway.voice.models import Post
from twoway.voice.ranking import refresh_rankings

BOARD = "/o/acme/voice/"
FILTERS = ["", "?kind=workaround", "?status=all&theme=other", "?status=done", "?unit={lisbon}"]


def many(post_as, world, n):
    names = ["Ana", "Ben", "Cruz", "Dan", "Eva", "Fay", "Gus"]
    return [
        post_as(f"Post number {i}", person=world.people[names[i % 7]], kind="workaround").post
        for i in range(n)
    ]


@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("query", FILTERS)
def test_the_first_page_of_any_sort_and_filter_costs_the_same_queries(
    world, login, post_as, votes, django_assert_max_num_queries, sort, query
):
    client = login(world.agent)
    query = query.format(lisbon=world.lisbon.pk)
    url = f"{BOARD}{query}{'&' if '?' in query else '?'}sort={sort}"
    many(post_as, world, 3)
    client.get(url)  # the day's ranking runs once, on the first view
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    posts = many(post_as, world, 40)
    votes(posts[0], ["Ben", "Cruz"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_money_puts_the_costliest_workaround_first(world, login, post_as):
    post_as("Small one", kind="workaround", minutes_lost=0.5)
    big = post_as("Big one", kind="workaround", minutes_lost=30.0, people_affected=200).post
    post_as("An idea, no money")
    page = login(world.agent).get(f"{BOARD}?sort=money").content.decode()
    assert page.index("Big one") < page.index("Small one") and "An idea, no money" not in page
    priced = [p.cost_per_year for p in Post.objects.filter(hours_per_year__isnull=False)]
    assert big.cost_per_year == max(priced)


def test_hot_and_confidence_order_the_board(world, login, post_as, votes):
    loved = votes(post_as("Loved").post, ["Ana", "Ben", "Cruz", "Dan"])
    split = votes(post_as("Split").post, ["Ana", "Ben", "Cruz", "Dan", "Eva"])
    votes(split, ["Fay", "Gus"], value=-1)
    client = login(world.agent)
    # confidence: Loved 4 x 1 x 100 = 400; Split 3 x 5/7 x 100 = 214.
    page = client.get(f"{BOARD}?sort=confidence").content.decode()
    assert page.index("Loved") < page.index("Split")
    # hot (posted today, a one-day window): Loved 4, Split 5 - 2 = 3.
    page = client.get(f"{BOARD}?sort=hot").content.decode()
    assert page.index("Loved") < page.index("Split")
    assert loved.hot == 4 and split.hot == 3


def test_hot_fades_as_votes_age(world, post_as, votes):
    post = votes(post_as("Old news").post, ["Ana", "Ben"])
    Post.objects.filter(pk=post.pk).update(created_on=post.created_on - datetime.timedelta(days=60))
    later = post.created_on + datetime.timedelta(days=40)
    refresh_rankings(world.org.pk, today=later)
    post.refresh_from_db()
    assert post.hot == 0 and post.confidence == 200  # still 2 up, 0 down in all


def test_units_under_k_are_not_filters_and_answer_404(world, login):
    client = login(world.agent)
    page = client.get(BOARD).content.decode()
    assert f'value="{world.lisbon.pk}"' in page  # 8 people
    assert f'value="{world.team1.pk}"' not in page  # 4 people, under k = 5
    assert client.get(f"{BOARD}?unit={world.team1.pk}").status_code == 404


def test_new_sorts_by_day_then_at_random_never_by_arrival(world, login, post_as):
    posts = [post_as(f"Same day {i:02d} post").post for i in range(12)]
    expected = [p.title for p in sorted(posts, key=lambda p: (p.shuffle, p.pk))]
    page = login(world.agent).get(f"{BOARD}?sort=new").content.decode()
    shown = sorted(expected, key=page.index)
    assert shown == expected
    assert shown != [p.title for p in posts] or len({p.shuffle for p in posts}) == 1


def test_a_bad_page_or_sort_falls_back_quietly(world, login):
    client = login(world.agent)
    for query in ("?page=x", "?page=-4", "?sort=evil", "?status=%00", "?page=999999999"):
        assert client.get(f"{BOARD}{query}").status_code == 200
