"""Server-side script-run timing for the load test: one JSON line per page run when
$MATERNITY_TIMING_LOG names a file (off otherwise). Measured inside the server, so the numbers are the
server's own work, not a browser's."""

from __future__ import annotations

import json
import os
import threading
import time

ENV = "MATERNITY_TIMING_LOG"
_LOCK = threading.Lock()


def log_path() -> str | None:
    """The timing log file, or None when timing is off."""
    return os.environ.get(ENV) or None


def record(page: str, seconds: float, outcome: str, session: str = "") -> None:
    """Append one line {t, page, seconds, outcome, session} (one write per line, under a lock)."""
    path = log_path()
    if not path:
        return
    line = json.dumps(
        {"t": time.time(), "page": page, "seconds": round(seconds, 4), "outcome": outcome, "session": session}
    )
    with _LOCK, open(path, "a", encoding="utf-8") as out:
        out.write(line + "\n")
