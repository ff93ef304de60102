"""Load benchmark: response intake through the production server, then through a crash.

For each database (SQLite in WAL mode, and PostgreSQL when `--postgres URL` or
`TWOWAY_BENCH_POSTGRES` names a server), sets up a fresh database with an open Alignment
Diagnostic for a generated contact center, starts `twoway serve` (gunicorn and its tasks
worker) on a loopback port, and drives personal-link submissions with wrk (Debian's package; a
Lua script posts a complete questionnaire per invitation and counts the success pages, the
redirects to "thank you"). Two runs per database:

- steady: `--seconds` of load;
- crash: the same, with the whole server (gunicorn, its workers and the tasks worker) killed
  with SIGKILL halfway through while wrk keeps sending, then started again, and the second
  half of the load sent to it (the seconds reported are those under load, not the restart).

Afterwards the held answers are flushed, as the tick would, and the run is checked: every
acknowledged submission is stored (responses >= success pages) and none twice (responses <=
claimed invitations, one claim per invitation). Without a crash responses and claims agree
exactly, and the responses wrk never read (in flight at its deadline) are at most one per
connection; through a crash, a submission in flight at the kill may be claimed and never
acknowledged.
The load is bounded in time and in requests (one per invitation) and goes to 127.0.0.1 only;
wrk shares the machine's cores with the server.

    .venv/bin/python bench/intake_load.py              # 60 s per run (target >= 500/s)
    .venv/bin/python bench/intake_load.py --quick      # 8 s per run, fewer people
    .venv/bin/python bench/intake_load.py --postgres postgresql://twoway:twoway@127.0.0.1/twoway
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TARGET = 500
LUA = r"""
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local body_template = io.open(os.getenv("BODY")):read("*a")
local cookie = os.getenv("COOKIE")
local counter = 0
local threads = tonumber(os.getenv("THREADS"))
local all_threads = {}
-- thread_id and acked are globals: setup() sets thread_id in each thread's own Lua state.
thread_id = 0
acked = 0
local next_id = 0
function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  table.insert(all_threads, thread)
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
function response(status, headers, body)
  -- A success page: the redirect to the signed "thank you" page.
  if status == 302 and string.find(headers["Location"] or "", "/thanks/") then
    acked = acked + 1
  end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(all_threads) do total = total + thread:get("acked") end
  io.write(string.format("acknowledged: %d\n", total))
end
"""


@dataclass
class Run:
    database: str
    crash: bool
    seconds: float
    acknowledged: int
    responses: int
    claimed: int
    counted: int
    expected_counted: int
    socket_errors: str
    invitations: int = 0

    @property
    def rate(self) -> float:
        return self.acknowledged / self.seconds

    connections: int = 0

    @property
    def intact(self) -> bool:
        """Every acknowledged answer stored, none twice, none half. wrk stops at its deadline
        without reading the answers still in flight, at most one per connection: those are
        stored and not counted as acknowledged."""
        counts_agree = self.counted == self.expected_counted
        if self.crash:
            return self.acknowledged <= self.responses <= self.claimed and counts_agree
        in_flight = self.responses - self.acknowledged
        unread_ok = 0 <= in_flight <= self.connections
        return self.responses == self.claimed and unread_ok and counts_agree


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict, *args: str, script: str | None = None) -> str:
    command = [sys.executable, "-m", "twoway.cli", *args]
    if script is not None:
        command += ["-c", script]
    done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def prepare(env: dict, people: int, folder: Path) -> dict:
    """Migrate, load a roster and an open campaign; write the tokens and a form body."""
    script = f"""
import datetime, json
from django.utils import timezone
from twoway.demo import load_roster
from twoway.surveys.models import Item
from twoway.surveys.services import CampaignSpec, create_campaign, install_builtin
from twoway.surveys.services import launch_campaign
from twoway.surveys.tokens import invitation_token
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
print(json.dumps({{"campaign": campaign.pk, "fields": fields}}))
"""
    manage(env, "migrate", "-v0")
    return json.loads(manage(env, "shell", script=script).strip().splitlines()[-1])


def start_server(env: dict, port: int, log) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "twoway.cli", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
    )  # fmt: skip
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/k/", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start; see its log")


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
from twoway.surveys.models import AnswerCount, Invitation, Item, Response
flush_held({campaign}, force=True)  # what the worker had not written yet, as the tick would
items = sum(1 for i in Item.objects.filter(template__campaigns={campaign}) if i.is_rating)
print(json.dumps({{
  "responses": Response.objects.filter(campaign={campaign}).count(),
  "claimed": Invitation.objects.filter(campaign={campaign}, responded=True).count(),
  "invitations": Invitation.objects.filter(campaign={campaign}).count(),
  "counted": AnswerCount.objects.filter(campaign={campaign}).aggregate(s=Sum("count"))["s"] or 0,
  "items": items,
}}))
"""
    return json.loads(manage(env, "shell", script=script).strip().splitlines()[-1])


def kill(server: subprocess.Popen) -> None:
    """SIGKILL to gunicorn, its workers and the tasks worker: no chance to finish anything."""
    os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=20)


@dataclass
class Load:
    acknowledged: int
    seconds: float
    socket_errors: str


def drive(folder: Path, env: dict, base: str, tokens: list[str], seconds: float, connections: int):
    """wrk for `seconds` over `tokens` (one submission each, in order); what it saw."""
    (folder / "tokens.txt").write_text("\n".join(tokens))
    threads = 2
    wrk_env = dict(env, TOKENS=str(folder / "tokens.txt"), THREADS=str(threads))
    done = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s",
         "--timeout", "10s", "-s", str(folder / "load.lua"), base],
        env=wrk_env, capture_output=True, text=True,
    )  # fmt: skip
    if "requests in" not in done.stdout:
        raise SystemExit(f"wrk failed:\n{done.stdout}\n{done.stderr}")
    socket_errors = re.search(r"Socket errors: (.*)", done.stdout)
    return Load(
        acknowledged=int(re.search(r"acknowledged: (\d+)", done.stdout).group(1)),
        seconds=wrk_seconds(done.stdout),
        socket_errors=socket_errors.group(1) if socket_errors else "none",
    )


def load_run(env: dict, database: str, people: int, seconds: int, connections: int, crash: bool):
    """Steady: one wrk run. Crash: a wrk run killed under at its middle (the server's whole
    process group, SIGKILL, while wrk keeps sending), then the server started again and a second
    wrk run over invitations nobody used yet: the downtime does not burn invitations."""
    folder = Path(env["TWOWAY_DATA_DIR"])
    setup = prepare(env, people, folder)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (folder / "server.log").open("w")
    servers = [start_server(env, port, log)]
    try:
        tokens = (folder / "tokens.txt").read_text().split()
        cookie, csrf = csrf_pair(base, tokens.pop())
        body = "&".join(f"{k}={v.replace(' ', '+')}" for k, v in setup["fields"].items())
        (folder / "body.txt").write_text(f"csrfmiddlewaretoken={csrf}&{body}")
        (folder / "load.lua").write_text(LUA)
        env = dict(env, BODY=str(folder / "body.txt"), COOKIE=cookie)
        if not crash:
            loads = [drive(folder, env, base, tokens, seconds, connections)]
        else:
            half = seconds / 2
            killer = threading.Timer(half, lambda: kill(servers[-1]))
            killer.start()
            first = drive(folder, env, base, tokens[: len(tokens) // 2], half + 2, connections)
            killer.join()
            servers.append(start_server(env, port, log))
            second = drive(folder, env, base, tokens[len(tokens) // 2 :], half, connections)
            loads = [first, second]
    finally:
        time.sleep(0.5)
        for server in servers:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
        log.close()
    errors = [line for line in (folder / "server.log").read_text().splitlines() if "Error" in line]
    if errors:
        print("  server errors (first 5):", *errors[:5], sep="\n    ")
    stored = verify(env, setup["campaign"])
    return Run(
        database=database,
        crash=crash,
        seconds=sum(load.seconds for load in loads),
        acknowledged=sum(load.acknowledged for load in loads),
        responses=stored["responses"],
        claimed=stored["claimed"],
        counted=stored["counted"],
        expected_counted=stored["responses"] * stored["items"],
        socket_errors="; ".join(load.socket_errors for load in loads),
        connections=connections,
        invitations=stored["invitations"],
    )


def wrk_seconds(output: str) -> float:
    """The run's length as wrk prints it: "in 8.00s", "in 1.00m"."""
    value, unit = re.search(r"requests in ([\d.]+)(ms|s|m|h)\b", output).groups()
    return float(value) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]


def postgres_database(url: str, name: str) -> str:
    """A fresh database `name` on the server of `url` (dropped first if left over)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_postgres_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_runs(options, database: str, people: int, seconds: int) -> list[Run]:
    runs = []
    for crash in (False, True):
        folder = Path(tempfile.mkdtemp(prefix="twoway-load-"))
        env = dict(os.environ, TWOWAY_DATA_DIR=str(folder))
        env.pop("TEST_DATABASE_URL", None)
        name = f"twoway_bench_{os.getpid()}"
        if database == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{folder}/load.sqlite3"
        else:
            env["DATABASE_URL"] = postgres_database(options.postgres, name)
        try:
            run = load_run(env, database, people, seconds, options.connections, crash)
        finally:
            if database != "sqlite":
                drop_postgres_database(options.postgres, name)
            shutil.rmtree(folder, ignore_errors=True)
        report(run)
        runs.append(run)
    return runs


def report(run: Run) -> None:
    kind = "crash (kill -9 halfway, restarted)" if run.crash else "steady"
    print(f"{run.database}, {kind}, {run.seconds:.1f} s:")
    print(f"  acknowledged submissions per second: {run.rate:.0f} (target >= {TARGET})")
    if run.claimed >= run.invitations - 1:  # one token fetched the form for the CSRF cookie
        print("  every invitation was used before the end: the server is faster than this")
    print(
        f"  success pages {run.acknowledged}, stored responses {run.responses}, "
        f"claimed invitations {run.claimed}, wrk socket errors: {run.socket_errors}"
    )
    print(f"  answer counts {run.counted} (expected {run.expected_counted})")
    verdict = "yes" if run.intact else "NO"
    print(f"  every acknowledged answer stored exactly once: {verdict}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="intake load benchmark")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--postgres", default=os.environ.get("TWOWAY_BENCH_POSTGRES"))
    options = parser.parse_args()
    if not shutil.which("wrk"):
        print("skipped: wrk is not installed (apt-get install -y wrk)")
        return
    seconds = options.seconds or (8 if options.quick else 60)
    # Enough invitations for the run at well above the target rate.
    people = max(3_000, int(seconds * 1_000 * 1.15))
    databases = ["sqlite"] + (["postgresql"] if options.postgres else [])
    if not options.postgres:
        print("PostgreSQL: skipped (give --postgres URL or set TWOWAY_BENCH_POSTGRES)")
    runs = [run for db in databases for run in database_runs(options, db, people, seconds)]
    if not all(run.intact for run in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
