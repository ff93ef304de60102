"""Every write of change initiatives, shared by the web, the API, the command line, the tasks
and the demo. Each runs in one transaction with its audit entry (`twoway.org.services.audit`);
a write that changes a figure bumps the initiative's `version`, so stored figures know.

Bad input raises `ChangeError(field, message)`: the web puts it on the field, the command line
names the flag.

The writes live in four modules (base, initiatives, plan, record); this package re-exports
them, so callers import from `twoway.change.services`.
"""

from .base import KIND, RESERVED_KEYS, ChangeError, bump
from .initiatives import (
    check_target,
    create_initiative,
    set_characteristics,
    set_owner_ratings,
    set_status,
    set_vision,
    update_initiative,
    update_settings,
)
from .plan import (
    add_message,
    add_phase,
    check_phase_dates,
    check_units,
    move_phase,
    replan_messages,
)
from .record import (
    AlreadyAnswered,
    add_champion,
    broadcast_win,
    clear_alerts,
    import_adoption,
    log_decision,
    log_win,
    record_ack,
    remove_champion,
)

__all__ = [
    "KIND",
    "RESERVED_KEYS",
    "AlreadyAnswered",
    "ChangeError",
    "add_champion",
    "add_message",
    "add_phase",
    "broadcast_win",
    "bump",
    "check_phase_dates",
    "check_target",
    "check_units",
    "clear_alerts",
    "create_initiative",
    "import_adoption",
    "log_decision",
    "log_win",
    "move_phase",
    "record_ack",
    "remove_champion",
    "replan_messages",
    "set_characteristics",
    "set_owner_ratings",
    "set_status",
    "set_vision",
    "update_initiative",
    "update_settings",
]
