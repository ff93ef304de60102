"""A crash of the whole server halfway through intake loses no acknowledged answer and stores
none twice: the production server (`twoway serve`, gunicorn) on its own SQLite file, answers
posted from several threads, the server's process group killed with SIGKILL mid-stream and
started again, and the database read back afterwards. bench/intake_load.py runs the same
under load on SQLite and PostgreSQL; this is its bounded form for the suite."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest

PEOPLE = 120
SETUP = """
import datetime, json
from django.utils import timezone
from twoway.demo import load_roster
from twoway.surveys.models import Item
from twoway.surveys.services import CampaignSpec, create_campaign, install_builtin
from twoway.surveys.services import launch_campaign
from twoway.surveys.tokens import invitation_token
org, _ = load_roster("crash", "Crash Test Center", people=PEOPLE, seed=3)
template = install_builtin(org)
now, hour, day = timezone.now(), datetime.timedelta(hours=1), datetime.timedelta(days=1)
spec = CampaignSpec(template, "Crash", now - hour, now + day, ["en"], 5, [], ["agent"])
campaign = create_campaign(org, spec)
launch_campaign(campaign)
print(json.dumps({
    "campaign": campaign.pk,
    "tokens": [invitation_token(campaign.pk, i.person_id) for i in campaign.invitations.all()],
    "fields": {f"item-{i.code}": "4" for i in Item.objects.filter(template=template)
               if i.is_rating},
}))
"""
STORED = """
import json
from django.db.models import Sum
from twoway.surveys.holding import flush_held
from twoway.surveys.models import AnswerCount, Invitation, Item, Response
flush_held(CAMPAIGN, force=True)  # what a worker had not written yet, as the tick would
claimed = Invitation.objects.filter(campaign=CAMPAIGN, responded=True)
print(json.dumps({
    "responses": Response.objects.filter(campaign=CAMPAIGN).count(),
    "claimed": claimed.count(),
    "counted": AnswerCount.objects.filter(campaign=CAMPAIGN).aggregate(s=Sum("count"))["s"],
    "items": sum(1 for i in Item.objects.filter(template__campaigns=CAMPAIGN) if i.is_rating),
}))
"""

pytestmark = [
    pytest.mark.own_database,
    pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGKILL"),
]


def twoway(env, *args, script=None):
    command = [sys.executable, "-m", "twoway.cli", *args] + (["-c", script] if script else [])
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


class Server:
    """`twoway serve --no-worker` on a loopback port: no tasks worker, so held answers wait for
    the flush, the widest window a crash can hit."""

    def __init__(self, env):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.env = env
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "twoway.cli", "serve", "--no-worker", "--workers", "2",
             "--port", str(self.port)],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        for _ in range(200):
            try:
                self.request("GET", "/k/")
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("the server did not start")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            answer = connection.getresponse()
            return answer.status, answer.getheader("Location") or "", answer.read().decode()
        finally:
            connection.close()


def submit(server, token, fields) -> bool:
    """Post a whole questionnaire; True when the server said "thank you" (the acknowledgement)."""
    path = f"/s/{token}/"
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", path)
        page = connection.getresponse()
        cookie = (page.getheader("Set-Cookie") or "").split(";")[0]
        html = page.read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        body = urlencode({"csrfmiddlewaretoken": csrf, **fields})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": f"http://127.0.0.1:{server.port}{path}",
        }
        connection.request("POST", path, body=body, headers=headers)
        answer = connection.getresponse()
        answer.read()
        return answer.status == 302 and "/thanks/" in (answer.getheader("Location") or "")
    except (OSError, http.client.HTTPException, AttributeError):
        return False  # the server died under us: not acknowledged
    finally:
        connection.close()


@pytest.fixture
def center(tmp_path):
    env = dict(os.environ, TWOWAY_DATA_DIR=str(tmp_path))
    env.pop("TEST_DATABASE_URL", None)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/crash.sqlite3"
    twoway(env, "migrate", "-v0")
    setup = json.loads(twoway(env, "shell", script=SETUP.replace("PEOPLE", str(PEOPLE))))
    server = Server(env)
    server.start()
    yield env, server, setup
    server.stop()


def test_a_server_killed_mid_intake_keeps_every_acknowledged_answer_once(center):
    env, server, setup = center
    tokens, fields = setup["tokens"], setup["fields"]
    first, second = tokens[: len(tokens) // 2], tokens[len(tokens) // 2 :]
    acknowledged: dict[str, bool] = {}

    def answer(token):
        acknowledged[token] = submit(server, token, fields)

    def kill_when_some_are_in():
        deadline = time.monotonic() + 60
        while sum(acknowledged.values()) < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()

    killer = threading.Thread(target=kill_when_some_are_in)
    killer.start()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(answer, first))
    killer.join(timeout=60)
    lost_in_flight = len(first) - sum(acknowledged.values())
    server.start()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(answer, second))
    # Someone whose answer was acknowledged before the crash cannot answer again after it.
    again = next(token for token in first if acknowledged[token])
    assert not submit(server, again, fields)

    stored = json.loads(
        twoway(env, "shell", script=STORED.replace("CAMPAIGN", str(setup["campaign"])))
    )
    acked = sum(acknowledged.values())
    assert lost_in_flight > 0  # the kill did land mid-stream
    assert all(acknowledged[token] for token in second)  # the restarted server takes answers
    assert acked <= stored["responses"] <= stored["claimed"]
    assert stored["counted"] == stored["responses"] * stored["items"]  # no half-stored answer
