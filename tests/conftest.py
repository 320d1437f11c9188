"""Shared fixtures. Tests marked ``model`` need the trained model (``make train``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.language import ROOT, load_settings

SUPPORTED = load_settings().supported


def read_examples(path: Path) -> dict[str, list[str]]:
    """{intent: [examples]} from a Rasa NLU YAML file."""
    examples: dict[str, list[str]] = {}
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or ():
        lines = [
            line.strip()[2:].strip() for line in str(block["examples"]).splitlines() if line.strip().startswith("- ")
        ]
        examples.setdefault(block["intent"], []).extend(lines)
    return examples


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def model_path() -> Path:
    path = ROOT / "models" / "faro.tar.gz"
    if not path.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    return path
