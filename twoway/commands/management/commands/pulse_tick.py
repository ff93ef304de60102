"""`twoway pulse_tick`: open the pulse waves that are due, once or every N seconds."""

from __future__ import annotations

from twoway.commands.ticking import TickCommand
from twoway.identity.retention import delete_all_old_comment_text
from twoway.pulse.tasks import run_pulse_schedules


class Command(TickCommand):
    help = "Open due pulse waves and send their invitations (idempotent)."

    def tick(self) -> str:
        # .call() runs the task here: the tick itself is cheap and must not wait in a queue.
        opened = run_pulse_schedules.call()
        # Comment text past each organisation's retention setting (twoway.identity).
        cleared = delete_all_old_comment_text()
        return (
            f"pulse_tick ok: {opened} wave(s) opened\n"
            f"retention ok: text of {cleared} comment(s) deleted"
        )
