"""Shared fixtures. Tests marked ``model`` need the trained model (``make train``)."""

from __future__ import annotations

import functools
import socket
from pathlib import Path

import pytest
import yaml

from bot.language import ROOT, load_settings

SUPPORTED = load_settings().supported


@functools.cache
def conversation(language: str) -> dict:
    """What the end-to-end tests say in a language (tests/conversations/<language>.yml)."""
    path = Path(__file__).parent / "conversations" / f"{language}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def rasa_server(model_path, tmp_path_factory):
    """Both servers, started once for every end-to-end test: (Rasa URL, path of their log)."""
    from bot.servers import Servers, ServerSettings

    log_path = tmp_path_factory.mktemp("logs") / "servers.log"
    settings = ServerSettings(model=model_path, action_port=free_port(), rasa_port=free_port())
    with log_path.open("w") as log:
        servers = Servers(settings, log)
        servers.start()
        try:
            servers.wait_until_ready()
            yield settings.rasa_url, log_path
        finally:
            servers.stop()
