import time

from twoway.demo.voice import COSTLIEST, load_demo_voice
from twoway.voice.models import Kudos, Post


def test_demo_voice_has_about_80_posts_with_the_costliest_first_by_money(world, login):
    started = time.perf_counter()
    load_demo_voice(world.org, seed=3)
    assert time.perf_counter() - started < 10
    load_demo_voice(world.org, seed=3)  # idempotent
    posts = Post.objects.filter(organisation=world.org)
    assert 75 <= posts.count() <= 90
    assert posts.filter(merged_into__isnull=False).count() == 3
    assert posts.filter(status="declined").exists() and posts.filter(status="done").exists()
    assert Kudos.objects.filter(post__isnull=False).exists()
    page = login(world.agent).get("/o/acme/voice/?sort=money").content.decode()
    first = page.index('<ul class="posts"')
    assert page.index(COSTLIEST[0][:20], first) < page.index("Refunds need", first)
