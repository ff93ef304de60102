"""The demo's follow-ups: leaders answer the pulse dip, and publish "you said, we did"."""

from __future__ import annotations

from twoway.followups.models import Action
from twoway.followups.services import create_action, publish_action
from twoway.org.models import Organisation
from twoway.pulse.bank import pulse_bank

DEMO_ACTIONS = [
    (
        "pace-manageable-now",
        "Slow the desktop rollout: two teams a week instead of six, with a floor walker each",
        "The pace of change is too fast; we learn the new desktop on live calls.",
        "We cut the rollout to two teams a week and put a floor walker with each team.",
    ),
    (
        "load-manageable-now",
        "Protect thirty minutes of offline time a week for practice on the new desktop",
        "There is no time to learn the new tools between calls.",
        "Every agent now has thirty minutes a week off the phones to practise, in the schedule.",
    ),
]


def load_demo_actions(organisation: Organisation) -> None:
    """The leaders' answers to the dip, published to everyone: the 'you said, we did' loop."""
    center = organisation.units.filter(depth=0).first()
    if center is None or Action.objects.filter(organisation=organisation).exists():
        return
    texts = {item["code"]: item["frontline"]["en"] for item in pulse_bank()["items"]}
    for code, what, you_said, we_did in DEMO_ACTIONS:
        # The label is what people read ("The pace of change ..."), the code stays a reference.
        label = texts.get(code, code)
        data = {
            "source_kind": "pulse_item",
            "source_ref": code,
            "source_label": label,
            "what": what,
        }
        action = create_action(center, data, actor=None)
        publish_action(action, you_said, we_did, actor=None)
