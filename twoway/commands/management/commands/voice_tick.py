"""`twoway voice_tick`: rank every organisation's voice board again and send the weekly kudos
digests, once or every N seconds (the first board view of a day does the same by itself)."""

from __future__ import annotations

from twoway.commands.ticking import TickCommand
from twoway.org.models import Organisation
from twoway.voice.tasks import voice_daily


class Command(TickCommand):
    help = "Rank the voice boards again (hot scores age) and send the weekly kudos digests."

    def tick(self) -> str:
        organisations = Organisation.objects.values_list("pk", flat=True)
        changed = sum(voice_daily.call(pk) for pk in organisations)
        return f"voice_tick ok: {changed} post(s) ranked again"
