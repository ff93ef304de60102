"""`twoway report_emails`: send the weekly report e-mails due today, once or every N seconds."""

from __future__ import annotations

from twoway.commands.ticking import TickCommand
from twoway.workspace.tasks import send_report_emails


class Command(TickCommand):
    help = "Send the report e-mails due today that have not gone out yet (idempotent)."

    def tick(self) -> str:
        return f"report_emails ok: {send_report_emails.call()} e-mail(s) sent"
