"""The coverage matrix of a communication plan: for every impacted audience (a phase's unit
and an impacted role) the touches planned and sent per channel, and the flags the research
warns about (`twoway.insights.coverage`): nothing before go-live, fewer than 3 touches (5 for
a large change), one channel only.

A message reaches an audience when it names the audience's unit or a unit above it (or names
no unit: then it goes to its phase's units) and names its role (or no role).
"""

from __future__ import annotations

from dataclasses import dataclass

from twoway.insights.coverage import Coverage, Touch, coverage

from .models import Channel, Initiative, Message
from .phases import PhasePlan
from .units import UnitTree


@dataclass
class AudienceRow:
    phase_name: str
    unit_id: int
    path: str
    role: str | None  # None: everyone in the unit
    channels: dict[str, tuple[int, int]]  # channel -> (planned, sent)
    coverage: Coverage


def coverage_matrix(
    initiative: Initiative, plan: PhasePlan, tree: UnitTree, messages: list[Message], large: bool
) -> list[AudienceRow]:
    roles: list[str | None] = list(initiative.impacted_roles or {}) or [None]
    rows = []
    for phase in plan.phases:
        mine = [m for m in messages if m.phase_id == phase.pk]
        for unit_id in sorted(plan.units[phase.pk], key=lambda pk: tree.path(pk).casefold()):
            above = set(tree.ancestors(unit_id))
            for role in roles:
                reaching = [m for m in mine if _reaches(m, above, role)]
                rows.append(_row(phase.name, unit_id, tree.short(unit_id), role, reaching, large))
    return rows


def _reaches(message: Message, above: set[int], role: str | None) -> bool:
    units = {u.pk for u in message.units.all()}
    if units and not units & above:
        return False
    return not message.roles or role is None or role in message.roles


def _row(phase_name, unit_id, path, role, messages, large) -> AudienceRow:
    channels = {c: (0, 0) for c in Channel.values}
    for m in messages:
        planned, sent = channels[m.channel]
        channels[m.channel] = (planned + 1, sent + (m.state == Message.State.SENT))
    touches = [Touch(m.channel, m.offset_days, m.state == Message.State.SENT) for m in messages]
    return AudienceRow(phase_name, unit_id, path, role, channels, coverage(touches, large))
