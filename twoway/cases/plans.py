"""Uploaded workload files, read with the library's plan reader."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from twoway.staffing import IntervalPlan, PlanFileError, read_plan

MAX_PLAN_BYTES = 5 * 1024 * 1024
# A week of 15-minute intervals for 30 queues; the page recomputes on every change.
MAX_PLAN_ROWS = 20_160


def read_uploaded_plan(upload, interval_seconds: float) -> IntervalPlan:
    """The plan in an uploaded CSV or XLSX file; PlanFileError names the row and column."""
    if upload.size > MAX_PLAN_BYTES:
        raise PlanFileError(
            _("the file is larger than %(mb)s MB") % {"mb": MAX_PLAN_BYTES // (1024 * 1024)}
        )
    # The reader works on paths and picks CSV or XLSX by the suffix, so keep the one given.
    suffix = Path(upload.name).suffix.lower()[:8]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"plan{suffix}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        plan = read_plan(path, interval_seconds)
    if len(plan) > MAX_PLAN_ROWS:
        raise PlanFileError(
            _("the file has %(rows)s intervals; a business case takes at most %(limit)s")
            % {"rows": len(plan), "limit": MAX_PLAN_ROWS}
        )
    return plan


def plan_error_message(error: PlanFileError, filename: str) -> str:
    """The reader's message, naming the uploaded file rather than our temporary copy."""
    return str(error).replace(f"plan{Path(filename).suffix.lower()[:8]}", filename)


def describe_plan(plan: IntervalPlan) -> dict[str, int]:
    """Intervals and queues, for the message after an upload."""
    return {"intervals": len(plan), "queues": len(set(plan.queue))}
