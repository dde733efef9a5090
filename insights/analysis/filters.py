"""The shared filters every analysis page applies, as plain data (no Streamlit).

`Filters.params()` gives the bound parameters of the `filtered_narratives(...)` table macro that
every filtered query reads from; `to_query()` / `from_query()` keep a view shareable as a URL.
An empty selection means "all".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from insights.vocab import CARE_STAGES, COLLECTORS, ETHNIC_GROUPS, NOT_STATED

LOCALITIES = ("Dartford", "Gravesham", "Swanley", "Other", "Unknown")
DEPRIVATION = ("Core20", "Not Core20", "Unknown")
ETHNIC_GROUP_CHOICES = (*ETHNIC_GROUPS, NOT_STATED)

#: URL key for each field, and the allowed values of list fields.
_URL = {
    "start": "from",
    "end": "to",
    "localities": "area",
    "care_stages": "stage",
    "collectors": "by",
    "ethnic_groups": "eth",
    "deprivation": "imd",
}
_ALLOWED = {
    "localities": LOCALITIES,
    "care_stages": CARE_STAGES,
    "collectors": COLLECTORS,
    "ethnic_groups": ETHNIC_GROUP_CHOICES,
    "deprivation": DEPRIVATION,
}


@dataclass(frozen=True)
class Filters:
    """A filter selection. Dates are inclusive; None means open-ended."""

    start: dt.date | None = None
    end: dt.date | None = None
    localities: tuple[str, ...] = field(default_factory=tuple)
    care_stages: tuple[str, ...] = field(default_factory=tuple)
    collectors: tuple[str, ...] = field(default_factory=tuple)
    ethnic_groups: tuple[str, ...] = field(default_factory=tuple)
    deprivation: tuple[str, ...] = field(default_factory=tuple)

    def params(self) -> dict:
        """Bound parameters for queries that read `filtered_narratives(...)`."""
        return {
            "start": self.start or dt.date(1900, 1, 1),
            "end": self.end or dt.date(2999, 12, 31),
            "localities": list(self.localities),
            "care_stages": list(self.care_stages),
            "collectors": list(self.collectors),
            "ethnic_groups": list(self.ethnic_groups),
            "deprivation": list(self.deprivation),
        }

    def is_default(self) -> bool:
        """True when nothing is filtered."""
        return self == Filters()

    def to_query(self) -> dict[str, str | list[str]]:
        """URL query parameters (only what is set)."""
        out: dict[str, str | list[str]] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, ()):
                continue
            out[_URL[f.name]] = value.isoformat() if isinstance(value, dt.date) else list(value)
        return out

    @classmethod
    def from_query(cls, query: dict[str, str | list[str]]) -> Filters:
        """Read filters from URL query parameters, ignoring anything unknown or malformed."""
        kwargs: dict = {}
        for name, key in _URL.items():
            raw = query.get(key)
            if raw is None:
                continue
            values = [raw] if isinstance(raw, str) else list(raw)
            if name in ("start", "end"):
                try:
                    kwargs[name] = dt.date.fromisoformat(values[0])
                except (ValueError, IndexError):
                    continue
            else:
                allowed = _ALLOWED[name]
                kwargs[name] = tuple(v for v in allowed if v in values)
        return cls(**kwargs)

    def describe(self) -> str:
        """Plain-English summary of the selection, for captions and exports."""
        parts = []
        if self.start or self.end:
            start = f"{self.start:%d %b %Y}" if self.start else "the start"
            end = f"{self.end:%d %b %Y}" if self.end else "now"
            parts.append(f"{start} to {end}")
        labels = {
            "localities": "area",
            "care_stages": "care stage",
            "collectors": "collected by",
            "ethnic_groups": "ethnic group",
            "deprivation": "deprivation",
        }
        for name, label in labels.items():
            value = getattr(self, name)
            if value:
                parts.append(f"{label}: {', '.join(value)}")
        return "; ".join(parts) if parts else "all narratives"
