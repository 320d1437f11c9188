"""Findings of the NGO kit's checks, with the file and line a translator opens to fix each one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.language import ROOT

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    level: str
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        try:
            shown = self.path.resolve().relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.level}: {self.message}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    def error(self, path: Path, line: int, message: str) -> None:
        self.findings.append(Finding(ERROR, Path(path), line, message))

    def warning(self, path: Path, line: int, message: str) -> None:
        self.findings.append(Finding(WARNING, Path(path), line, message))

    def extend(self, other: Report) -> None:
        self.findings.extend(other.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == WARNING]

    def render(self, title: str) -> str:
        """Errors first, then warnings, then a count: what a translator reads."""
        lines = [title]
        for heading, found in (("Errors (must be fixed):", self.errors), ("Warnings (worth a look):", self.warnings)):
            if found:
                lines.append(heading)
                lines.extend(f"  {finding}" for finding in found)
        lines.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s).")
        return "\n".join(lines)


def yaml_with_lines(path: Path) -> tuple[Any, dict[tuple, int]]:
    """The parsed file, and the line (1-based) where each key or list item starts, by its path:
    ("responses", "utter_menu") -> 29, ("countries", "FR", "services", 0) -> 41."""
    text = Path(path).read_text(encoding="utf-8")
    lines: dict[tuple, int] = {}

    def walk(node: yaml.Node, where: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = (*where, key.value)
                lines[here] = key.start_mark.line + 1
                walk(value, here)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                here = (*where, index)
                lines[here] = item.start_mark.line + 1
                walk(item, here)

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, ())
    return yaml.safe_load(text), lines
