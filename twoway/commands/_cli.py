"""Helpers shared by the pure commands: argparse that returns exit codes, and error output."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn


class ArgumentParser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so `run(argv)` can return an exit code."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message}")


class UsageError(Exception):
    """Bad command-line input; the message is for the user and the exit code is 2."""


def fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2
