"""What an analysis returns, and its table, JSON and CSV renderings."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Section:
    """One table of an analysis: a name (the JSON key), a title, columns and rows."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]


@dataclass
class Report:
    """An analysis result: one or more sections, notes for the reader, the filters used."""

    command: str
    sections: list[Section]
    notes: list[str] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The JSON document: every section's rows by name, with notes and filters."""
        out: dict[str, Any] = {"analysis": self.command, "filters": self.filters, "notes": self.notes}
        for section in self.sections:
            out[section.name] = section.rows
        return out

    def to_json(self) -> str:
        """:meth:`as_dict` as indented JSON."""
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def to_csv(self) -> str:
        """The first (main) section as CSV; lists are joined with ``; ``."""
        section = self.sections[0]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(section.columns)
        for row in section.rows:
            writer.writerow([cell_text(row.get(col)) for col in section.columns])
        return buffer.getvalue()


def cell_text(value: Any) -> str:
    """A cell as text: floats with 4 decimals, lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(v) for v in value)
    return str(value)
