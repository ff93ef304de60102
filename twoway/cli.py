"""The `twoway` console command.

Commands over the pure libraries (`staffing`, `case`, `gap`) run without Django: each lives in
`twoway/commands/<name>.py` and exposes `run(argv) -> int`. Everything else is a Django
management command (ours, such as `serve`, `demo`, `org`, `roster`, `check`, and Django's own,
such as `migrate` and `createsuperuser`).
"""

from __future__ import annotations

import importlib
import os
import sys

PURE_COMMANDS = {
    "staffing": "twoway.commands.staffing",
    "case": "twoway.commands.case",
    "gap": "twoway.commands.gap",
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
