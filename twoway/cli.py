"""The `twoway` console command.

Every command of ours lives in `twoway/commands/`. Those over the pure libraries (`staffing`,
`case`, `gap`, `conversation`) run without Django: each is `twoway/commands/<name>.py` and exposes
`run(argv) -> int`. The others are Django management commands in
`twoway/commands/management/commands/` (`serve`, `demo`, `org`, `roster`, `check`,
`pulse_tick`, `api_token`), beside Django's own (`migrate`, `createsuperuser`, ...).
"""

from __future__ import annotations

import importlib
import os
import sys

PURE_COMMANDS = {
    "staffing": "twoway.commands.staffing",
    "case": "twoway.commands.case",
    "gap": "twoway.commands.gap",
    "conversation": "twoway.commands.conversation",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in PURE_COMMANDS:
        module = importlib.import_module(PURE_COMMANDS[argv[1]])
        return int(module.run(argv[2:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["twoway", *argv[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
