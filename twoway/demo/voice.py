"""The demo's frontline voice: about 80 posts over the last two months, votes, answers, merged
duplicates, and kudos for the pulse's recovery.

Posts go through `twoway.voice.services.create_post` (redaction, unit labels of k people,
pricing) and answers and merges through the services too. Votes are written in bulk with the
shape `cast_vote` gives them (one keyed-hash ballot per person and post, the day only), then
counted and ranked once: some 1,500 votes one by one would take most of the demo's time.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from twoway.followups.models import Action
from twoway.org.models import LEADER_ROLES, Organisation, Person, Role
from twoway.voice.identity import VOTE, person_key
from twoway.voice.kudos import give_kudos
from twoway.voice.models import Ballot, Post
from twoway.voice.ranking import refresh_rankings
from twoway.voice.services import change_status, create_post, merge_posts

DAYS = 60
# The costliest workaround, first on the board by money: re-keying on one contact in three.
COSTLIEST = (
    "We re-key the customer's details from the old CRM into the new desktop",
    "The new desktop does not pull the account from the old CRM, so on about one call in "
    "three we copy name, address and plan across by hand while the customer waits.",
    "The desktop should fetch the account when the call arrives",
    "Copy each field from the old CRM window, field by field",
    1.5,
    0.33,
    "contact",
    420,
    "tools",
)
WORKAROUNDS = [
    (
        "Refunds need a supervisor's code, so we wait or call back",
        "Supervisors are in meetings; the customer waits on hold or we promise a callback.",
        "A supervisor approves each refund in the tool",
        "Put the customer on hold and chase a supervisor",
        4,
        2,
        "shift",
        150,
        "process",
    ),
    (
        "I keep my own notes file because the knowledge base search finds nothing",
        "",
        "Search the knowledge base during the call",
        "A personal document of answers, shared by chat",
        2,
        5,
        "shift",
        260,
        "knowledge",
    ),
    (
        "The softphone logs me out after lunch and I lose ten minutes logging back in",
        "",
        "Stay logged in all shift",
        "Log in again through three screens",
        10,
        1,
        "shift",
        300,
        "tools",
    ),
    (
        "Address changes go by e-mail to the back office because the form rejects accents",
        "",
        "Change the address in the form",
        "E-mail the back office and tell the customer to wait a week",
        3,
        4,
        "week",
        120,
        "tools",
    ),
    (
        "El VPN se corta y repito la verificación del cliente",
        "Desde casa, la conexión cae una o dos veces por turno.",
        "Trabajar conectados todo el turno",
        "Volver a conectar y verificar al cliente otra vez",
        5,
        1.5,
        "shift",
        90,
        "home",
    ),
    (
        "We print the schedule because the rota page does not open on the phone",
        "",
        "Check the rota in the app",
        "Print it or ask the team lead",
        5,
        2,
        "week",
        200,
        "schedule",
    ),
    (
        "Transfers to billing drop, so we give customers the direct number instead",
        "",
        "Warm transfer to billing",
        "Read out the billing number and ask them to call again",
        1,
        3,
        "shift",
        330,
        "process",
    ),
    (
        "Para cambiar un plan abrimos cuatro pantallas distintas",
        "",
        "Cambiar el plan en una pantalla",
        "Copiar los datos entre cuatro pantallas",
        2,
        6,
        "shift",
        80,
        "tools",
    ),
]
IDEAS = [
    ("A shared calendar for shift swaps instead of the paper sheet", "schedule"),
    ("Five quiet minutes after an abusive call", "customers"),
    ("Put the top ten answers on the desktop's first screen", "knowledge"),
    ("Monthly call-listening with the product team", "customers"),
    ("Un canal de chat por equipo para dudas rápidas", "knowledge"),
    ("Let us see our own quality scores the same week", "process"),
    ("A second monitor for everyone working from home", "home"),
    ("Practise the new desktop in a sandbox before going live", "knowledge"),
    ("Rotate the complaints queue so nobody takes it all week", "schedule"),
    ("Callback slots customers can pick themselves", "customers"),
    ("Resúmenes de los cambios de política en una sola página", "process"),
    ("A buddy for every new starter for the first month", "knowledge"),
]
BLOCKERS = [
    ("Headsets lose their connection in the afternoon", "tools"),
    ("Policy changes reach us after customers read them online", "process"),
    ("The chat queue and the phone queue both ring at once", "tools"),
    ("Los auriculares se desconectan por la tarde", "tools"),
    ("Training is scheduled on our days off", "schedule"),
    ("Home internet allowance does not cover the speed we need", "home"),
]
LEADER_NEEDS = [
    (
        "Coaching time for team leads of home-based teams",
        "We have no protected time to coach people we never see in person.",
    ),
    (
        "A dashboard of my team's contacts that does not need the analyst",
        "Today I wait a week for a spreadsheet.",
    ),
    (
        "Budget for a quarterly team day for the work-at-home site",
        "People have never met their team in person.",
    ),
]
# Rewordings merged into the post they repeat (title of the kept post, reworded title).
DUPLICATES = [
    ("Headsets lose their connection in the afternoon", "Our headsets cut out after three o'clock"),
    (
        "A shared calendar for shift swaps instead of the paper sheet",
        "Swap shifts online, not on the sheet by the door",
    ),
    (
        "I keep my own notes file because the knowledge base search finds nothing",
        "Knowledge base search is useless so we keep our own answers",
    ),
]
ANSWERS = {
    COSTLIEST[0]: (
        "in_progress",
        "The desktop team is building the account lookup; two teams pilot it next month.",
    ),
    "Refunds need a supervisor's code, so we wait or call back": (
        "planned",
        "From next quarter agents approve refunds up to $50 themselves.",
    ),
    "The softphone logs me out after lunch and I lose ten minutes logging back in": (
        "done",
        "The session timeout is now the length of a shift. Thank you for the reports.",
    ),
    "Five quiet minutes after an abusive call": (
        "done",
        "Any agent can now take five minutes off the queue after an abusive call: "
        "press Pause, reason Recovery.",
    ),
    "A second monitor for everyone working from home": (
        "declined",
        "Not this year's budget; we will look again in January and lend monitors to those who ask.",
    ),
    "Put the top ten answers on the desktop's first screen": (
        "review",
        "The knowledge team is collecting the top questions from the last month.",
    ),
    "Training is scheduled on our days off": (
        "done",
        "Training now sits inside shifts; the planning team blocks the time first.",
    ),
    "Practise the new desktop in a sandbox before going live": (
        "done",
        "The sandbox is open: every team gets two hours in it before its go-live.",
    ),
}
KUDOS = [
    "Thanks for slowing the desktop rollout: the pulse is back up and calls feel calmer.",
    "The floor walker on our go-live day saved the week.",
    "Covered three shift swaps so I could see my daughter's play.",
    "Shared the refund workaround with the whole team before the fix came.",
    "Great coaching during the new desktop weeks: our scores recovered first.",
]


def load_demo_voice(organisation: Organisation, seed: int = 7) -> None:
    """About 80 posts, votes, answers, merges and kudos (once)."""
    if Post.objects.filter(organisation=organisation).exists():
        return
    rng = random.Random(seed)
    people = list(
        Person.objects.filter(organisation=organisation, is_active=True).select_related("unit")
    )
    agents = [p for p in people if p.role == Role.AGENT]
    leaders = [p for p in people if p.role in LEADER_ROLES and p.role != Role.EXECUTIVE]
    posts = _posts(organisation, agents, leaders, rng)
    _votes(organisation, posts, agents + leaders, rng)
    _answers_and_merges(organisation, posts)
    _kudos(organisation, agents, posts, rng)


def _post(organisation, person, data, rng) -> Post:
    data = {"body": "", "theme": "other", **data, "is_leader": person.role in LEADER_ROLES}
    post = create_post(organisation, person, data, signed=rng.random() < 0.15).post
    post.created_on = timezone.localdate() - datetime.timedelta(days=rng.randrange(1, DAYS))
    post.save(update_fields=["created_on"])
    return post


def _workaround(row) -> dict:
    title, body, official, instead, minutes, often, per, people, theme = row
    return {
        "kind": "workaround",
        "title": title,
        "body": body,
        "official_way": official,
        "instead": instead,
        "minutes_lost": float(minutes),
        "how_often": float(often),
        "per": per,
        "people_affected": people,
        "theme": theme,
    }


def _posts(organisation, agents, leaders, rng) -> dict[str, Post]:
    posts = {COSTLIEST[0]: _post(organisation, rng.choice(agents), _workaround(COSTLIEST), rng)}
    for row in WORKAROUNDS:
        posts[row[0]] = _post(organisation, rng.choice(agents), _workaround(row), rng)
    for kind, rows in (("idea", IDEAS), ("blocker", BLOCKERS)):
        for title, theme in rows:
            posts[title] = _post(
                organisation,
                rng.choice(agents),
                {"kind": kind, "title": title, "theme": theme},
                rng,
            )
    for title, body in LEADER_NEEDS:
        data = {"kind": "leader_need", "title": title, "body": body, "theme": "home"}
        posts[title] = _post(organisation, rng.choice(leaders), data, rng)
    for _kept, title in DUPLICATES:
        posts[title] = _post(
            organisation,
            rng.choice(agents),
            {"kind": "blocker", "title": title, "theme": "tools"},
            rng,
        )
    # Many small ones, as a real board has: the same few systems, each with its own problem.
    systems = [
        "the new desktop",
        "the softphone",
        "the knowledge base",
        "the billing screen",
        "the VPN",
        "the chat tool",
        "the rota app",
        "the CRM",
    ]
    problems = [
        "is slow for the first hour of the shift",
        "freezes when a customer has two accounts",
        "shows the wrong plan after an upgrade",
        "needs a restart after every update",
        "loses the notes when the call drops",
        "times out during long verifications",
    ]
    pairs = [(s, p) for s in systems for p in problems]
    rng.shuffle(pairs)
    for system, problem in pairs[:45]:
        title = f"{system[0].upper()}{system[1:]} {problem}"
        posts[title] = _post(
            organisation,
            rng.choice(agents),
            {"kind": "blocker", "title": title, "theme": "tools"},
            rng,
        )
    return posts


def _votes(organisation, posts: dict[str, Post], voters, rng) -> None:
    """Ballots with the shape `cast_vote` writes; the costliest and the answered draw most."""
    ballots = []
    popular = {COSTLIEST[0], *ANSWERS, *(kept for kept, _ in DUPLICATES)}
    for title, post in posts.items():
        n = rng.randint(25, 60) if title in popular else rng.randint(0, 14)
        for person in rng.sample(voters, min(n, len(voters))):
            value = 1 if rng.random() < 0.88 else -1
            age = (timezone.localdate() - post.created_on).days
            minutes = (
                round(rng.uniform(1, 2.5), 1)
                if value == 1 and post.is_workaround and rng.random() < 0.5
                else None
            )
            ballots.append(
                Ballot(
                    post=post,
                    voter=person_key(organisation.pk, person.pk, VOTE),
                    value=value,
                    minutes=minutes,
                    cast_on=post.created_on + datetime.timedelta(days=rng.randint(0, age)),
                )
            )
    Ballot.objects.bulk_create(ballots, batch_size=2000)
    for post in posts.values():
        post.up_votes = sum(1 for b in ballots if b.post is post and b.value == 1)
        post.down_votes = sum(1 for b in ballots if b.post is post and b.value == -1)
    Post.objects.bulk_update(list(posts.values()), ["up_votes", "down_votes"])
    refresh_rankings(organisation.pk)


def _answers_and_merges(organisation, posts: dict[str, Post]) -> None:
    action = Action.objects.filter(organisation=organisation, published_at__isnull=False).first()
    for title, (status, text) in ANSWERS.items():
        post = posts[title]
        post.refresh_from_db()
        linked = action if status == "done" and "sandbox" in title else None
        change_status(post, status, text, None, action=linked)
    for kept, duplicate in DUPLICATES:
        merge_posts(posts[duplicate], posts[kept], None)


def _kudos(organisation, agents, posts, rng) -> None:
    done = posts["Practise the new desktop in a sandbox before going live"]
    done.refresh_from_db()
    for i, message in enumerate(KUDOS):
        giver = rng.choice(agents)
        data = {
            "to_person": None if i % 2 == 0 else rng.choice(agents),
            "to_unit": giver.unit,
            "message": message,
            "post": done if i == 0 else None,
        }
        give_kudos(organisation, giver, data)
