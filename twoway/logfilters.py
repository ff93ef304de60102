"""Logging filters: keep invitation tokens out of every log line.

Django logs 4xx responses with their path ("Conflict: /s/<token>/"). A token in a log, with a
timestamp, would tie a person's invitation to a moment of activity; the privacy model allows
no log line that helps join an invitation to anything.
"""

from __future__ import annotations

import logging
import re

TOKEN_PATH = re.compile(r"/s/[^/\s]+/")


class MaskInvitationTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/s/" in message:
            record.msg = TOKEN_PATH.sub("/s/<token>/", message)
            record.args = ()
        return True
