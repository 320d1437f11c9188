"""Start, watch and stop Faro's two servers: the action server and the Rasa server.

Used by ``make serve`` and ``make chat`` (``python -m bot serve|chat``), by the end-to-end tests and
by the benchmark, so that all of them run the bot the same way.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from bot.language import ROOT

logger = logging.getLogger(__name__)

DEFAULT_MODEL = ROOT / "models" / "faro.tar.gz"


def train_command(config: Path | str = "config.yml", out: Path | str = "models", name: str = "faro") -> list[str]:
    """The `rasa train` command line, run from the project folder (as `make train` runs it)."""
    return [
        sys.executable, "-m", "rasa", "train",
        "--data", "data/nlu", "data/rules", "data/stories",
        "--domain", "domain.yml", "--config", str(config),
        "--out", str(out), "--fixed-model-name", name,
    ]  # fmt: skip


def _port(variable: str, default: int) -> int:
    return int(os.environ.get(variable) or default)


@dataclass
class ServerSettings:
    model: Path = DEFAULT_MODEL
    action_port: int = field(default_factory=lambda: _port("FARO_ACTION_PORT", 5055))
    rasa_port: int = field(default_factory=lambda: _port("FARO_RASA_PORT", 5005))
    endpoints: Path = ROOT / "endpoints.yml"
    credentials: Path = ROOT / "credentials.yml"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"


class Servers:
    """The action server and the Rasa server as child processes."""

    def __init__(self, settings: ServerSettings | None = None, log: IO | None = None) -> None:
        self.settings = settings or ServerSettings()
        self.log = log
        self.processes: list[subprocess.Popen] = []

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env["FARO_ACTION_URL"] = f"{self.settings.action_url}/webhook"
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        env.setdefault("RASA_TELEMETRY_ENABLED", "false")
        env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
        return env

    def start(self) -> None:
        if not self.settings.model.exists():
            raise FileNotFoundError(f"no trained model at {self.settings.model}: run `make train`")
        out = self.log if self.log is not None else None
        python = sys.executable
        self.processes.append(
            subprocess.Popen(
                [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.settings.action_port)],
                cwd=ROOT,
                env=self._environment(),
                stdout=out,
                stderr=subprocess.STDOUT if out else None,
            )
        )
        self.processes.append(
            subprocess.Popen(
                [
                    python,
                    "-m",
                    "rasa",
                    "run",
                    "--enable-api",
                    "--model",
                    str(self.settings.model),
                    "--port",
                    str(self.settings.rasa_port),
                    "--endpoints",
                    str(self.settings.endpoints),
                    "--credentials",
                    str(self.settings.credentials),
                ],
                cwd=ROOT,
                env=self._environment(),
                stdout=out,
                stderr=subprocess.STDOUT if out else None,
            )
        )

    def wait_until_ready(self, timeout: float = 240.0) -> None:
        """Wait until Rasa has loaded its model and the action server answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"a server stopped while starting (exit code {process.returncode})")
            if _model_loaded(self.settings.rasa_url) and _answers(f"{self.settings.action_url}/health"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"servers not ready after {timeout:.0f} s")

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    def wait(self) -> int:
        """Run in the foreground until one server stops or Ctrl-C; then stop both."""
        try:
            while all(p.poll() is None for p in self.processes):
                time.sleep(0.5)
            return next(p.returncode for p in self.processes if p.returncode is not None)
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop()


@contextlib.contextmanager
def running_servers(settings: ServerSettings | None = None, log: IO | None = None) -> Iterator[Servers]:
    servers = Servers(settings, log)
    servers.start()
    try:
        servers.wait_until_ready()
        yield servers
    finally:
        servers.stop()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _model_loaded(rasa_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{rasa_url}/status", timeout=2) as response:
            return bool(json.load(response).get("model_file"))
    except (urllib.error.URLError, OSError, ValueError):
        return False
