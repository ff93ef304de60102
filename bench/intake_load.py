"""Load benchmark: response intake through the production server on SQLite (WAL).

Sets up a fresh database with an open Alignment Diagnostic for a generated contact center,
starts `twoway serve` (gunicorn) on a loopback port, and drives personal-link submissions
with wrk (Debian's package; a Lua script posts a complete questionnaire per invitation).
Afterwards it checks that every accepted submission is stored exactly once: responses,
claimed invitations and answer counts must agree. The load is bounded in time and in
requests (one per invitation) and goes to 127.0.0.1 only.

    .venv/bin/python bench/intake_load.py            # 20 s, 8 connections (target >= 250/s)
    .venv/bin/python bench/intake_load.py --quick    # 5 s
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = r"""
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local body_template = io.open(os.getenv("BODY")):read("*a")
local cookie = os.getenv("COOKIE")
local counter = 0
local threads = tonumber(os.getenv("THREADS"))
-- thread_id is a global: setup() sets it in each thread's own Lua state.
thread_id = 0
local next_id = 0
function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
end
function request()
  local index = thread_id + counter * threads + 1
  counter = counter + 1
  if index > #tokens then
    wrk.thread:stop()
    return wrk.format("GET", "/k/")
  end
  local path = "/s/" .. tokens[index] .. "/"
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
    ["Referer"] = "http://127.0.0.1" .. path,
  }, body_template)
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict, people: int, folder: Path) -> dict:
    """Migrate, load a roster and an open campaign; write the tokens and a form body."""
    script = f"""
import json, urllib.parse
from twoway.demo import load_roster
from twoway.surveys.tokens import invitation_token
from twoway.surveys.models import Item
from twoway.demo.diagnostic import *  # noqa
from twoway.surveys.services import install_builtin
from twoway.surveys.services import CampaignSpec, create_campaign, launch_campaign
from django.utils import timezone
import datetime
org, _ = load_roster("load", "Load Test Center", people={people}, seed=5)
template = install_builtin(org)
now = timezone.now()
hour, day = datetime.timedelta(hours=1), datetime.timedelta(days=1)
spec = CampaignSpec(template, "Load", now - hour, now + day, ["en"], 5, [], ["agent"])
campaign = create_campaign(org, spec)
launch_campaign(campaign)
tokens = [invitation_token(campaign.pk, i.person_id) for i in campaign.invitations.order_by("?")]
open("{folder}/tokens.txt", "w").write("\\n".join(tokens))
fields = {{f"item-{{i.code}}": "4" for i in Item.objects.filter(template=template) if i.is_rating}}
fields["item-open-biggest-obstacle"] = "The CRM freezes when I open a second case."
print(json.dumps({{"campaign": campaign.pk, "fields": fields, "invited": len(tokens)}}))
"""
    subprocess.run([sys.executable, "-m", "twoway.cli", "migrate", "-v0"], env=env, check=True)
    out = subprocess.run(
        [sys.executable, "-m", "twoway.cli", "shell", "-c", script],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def csrf_pair(base: str, token: str) -> tuple[str, str]:
    with urllib.request.urlopen(f"{base}/s/{token}/") as page:
        cookie = page.headers["Set-Cookie"].split(";")[0]
        html = page.read().decode()
    value = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie, value


def verify(env: dict, campaign: int) -> dict:
    script = f"""
import json
from django.db.models import Sum
from twoway.surveys.holding import flush_held
from twoway.surveys.models import AnswerCount, HeldResponse, Invitation, Item, Response
held = HeldResponse.objects.filter(campaign={campaign}).count()
flush_held({campaign}, force=True)  # the last batch, as the tick would
items = sum(1 for i in Item.objects.filter(template__campaigns={campaign}) if i.is_rating)
print(json.dumps({{
  "responses": Response.objects.filter(campaign={campaign}).count(),
  "claimed": Invitation.objects.filter(campaign={campaign}, responded=True).count(),
  "counted": AnswerCount.objects.filter(campaign={campaign}).aggregate(s=Sum("count"))["s"] or 0,
  "items": items,
  "held_at_end": held,
}}))
"""
    out = subprocess.run(
        [sys.executable, "-m", "twoway.cli", "shell", "-c", script],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description="intake load benchmark")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--connections", type=int, default=8)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        print("skipped: wrk is not installed (apt-get install -y wrk)")
        return
    seconds = options.seconds or (5 if options.quick else 20)
    threads = 2
    folder = Path(tempfile.mkdtemp(prefix="twoway-load-"))
    env = dict(
        os.environ, TWOWAY_DATA_DIR=str(folder), DATABASE_URL=f"sqlite:///{folder}/load.sqlite3"
    )
    env.pop("TEST_DATABASE_URL", None)
    setup = prepare(env, people=2_500 if options.quick else 9_000, folder=folder)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "twoway.cli", "serve", "--port", str(port), "--no-worker"],
        env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/k/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        tokens = (folder / "tokens.txt").read_text().split()
        cookie, csrf = csrf_pair(base, tokens[-1])
        (folder / "tokens.txt").write_text("\n".join(tokens[:-1]))
        body = "&".join(f"{k}={v.replace(' ', '+')}" for k, v in setup["fields"].items())
        (folder / "body.txt").write_text(f"csrfmiddlewaretoken={csrf}&{body}")
        (folder / "load.lua").write_text(LUA)
        wrk_env = dict(
            env,
            TOKENS=str(folder / "tokens.txt"),
            BODY=str(folder / "body.txt"),
            COOKIE=cookie,
            THREADS=str(threads),
        )
        done = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(options.connections), "-d", f"{seconds}s",
             "--timeout", "10s", "-s", str(folder / "load.lua"), base],
            env=wrk_env, capture_output=True, text=True,
        )  # fmt: skip
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
        log.close()
    print(done.stdout)
    errors = [line for line in (folder / "server.log").read_text().splitlines() if "Error" in line]
    if errors:
        print("server errors (first 5):", *errors[:5], sep="\n  ")
    stored = verify(env, setup["campaign"])
    requests = int(re.search(r"(\d+) requests in", done.stdout).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    print(f"submissions per second (wrk): {rate:.0f}")
    print(f"requests {requests}, non-2xx/3xx {non_2xx.group(1) if non_2xx else 0}")
    print(f"stored responses {stored['responses']}, claimed invitations {stored['claimed']}")
    expected = stored["responses"] * stored["items"]
    print(f"answer counts {stored['counted']} (expected {expected})")
    consistent = stored["responses"] == stored["claimed"] and stored["counted"] == expected
    print("no lost or duplicated response: " + ("yes" if consistent else "NO"))
    shutil.rmtree(folder, ignore_errors=True)
    if not consistent:
        sys.exit(1)


if __name__ == "__main__":
    main()
