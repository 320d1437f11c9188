"""The NGO kit end to end, on a temporary copy of the project: `python -m bot lang new it` →
`lang check it` lists the gaps → the gaps are filled → `lang check it` passes → train → Faro
answers in Italian. No Python file and no domain.yml change.

The gaps are filled with stand-ins (the English material, its texts marked "[it] "): what is tested
here is the kit. The real proof that a language can be added with YAML only is Arabic (locales/ar.yml).
"""

import filecmp
import os
import shutil
import signal
import subprocess
import sys
import uuid

import pytest
import yaml

from bot.kit.language import PATTERN_SECTIONS, UNTRANSLATED
from bot.language import ROOT
from bot.rest_client import send
from bot.servers import train_command
from tests.conftest import free_port

pytestmark = pytest.mark.model

COPIED = [
    "actions",
    "bot",
    "data",
    "locales",
    "tests/nlu",
    "tests/safety",
    "tests/checker",
    "tests/conversations",
    "config.yml",
    "domain.yml",
    "endpoints.yml",
    "credentials.yml",
]


def kit(copy, *args):
    env = {**os.environ, "PYTHONPATH": str(copy)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=copy, env=env, capture_output=True, text=True, timeout=300
    )


def fill_in_the_gaps(copy):
    """What a translator does, with stand-ins: every text translated (here: marked [it]), the
    pattern lists, the training examples and the held-out sets written."""
    locale_path = copy / "locales" / "it.yml"
    locale = yaml.safe_load(locale_path.read_text(encoding="utf-8"))
    english = yaml.safe_load((copy / "locales" / "en.yml").read_text(encoding="utf-8"))

    def translate(value):
        if isinstance(value, str):
            return "[it] " + value.removeprefix(UNTRANSLATED)
        if isinstance(value, list):
            return [translate(v) for v in value]
        return {k: v if k == "buttons" and isinstance(v, str) else translate(v) for k, v in value.items()}

    for section in ("responses", "labels", "sessions"):
        locale[section] = translate(locale[section])
    for section in PATTERN_SECTIONS:
        locale[section] = english[section]
    locale_path.write_text(yaml.safe_dump(locale, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in (copy / "data" / "nlu" / "it").glob("*.yml"):
        shutil.copy(copy / "data" / "nlu" / "en" / path.name, path)
    shutil.copy(copy / "tests" / "nlu" / "en.yml", copy / "tests" / "nlu" / "it.yml")
    for kind in ("emergency", "ordinary"):
        shutil.copy(copy / "tests" / "safety" / f"{kind}_en.yml", copy / "tests" / "safety" / f"{kind}_it.yml")
    shutil.copy(copy / "tests" / "checker" / "en.yml", copy / "tests" / "checker" / "it.yml")
    shutil.copy(copy / "tests" / "conversations" / "en.yml", copy / "tests" / "conversations" / "it.yml")


@pytest.fixture(scope="module")
def project_with_italian(tmp_path_factory):
    copy = tmp_path_factory.mktemp("project")
    for name in COPIED:
        source, target = ROOT / name, copy / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)

    created = kit(copy, "lang", "new", "it")
    assert created.returncode == 0, created.stderr
    assert "locales/it.yml" in created.stdout and "data/nlu/it/basics.yml" in created.stdout
    gaps = kit(copy, "lang", "check", "it")
    assert gaps.returncode == 1
    assert "responses.utter_welcome.text: untranslated" in gaps.stdout
    assert "greet: 0 training examples, at least 20 needed" in gaps.stdout
    assert "emergency_patterns.violence: no patterns yet" in gaps.stdout
    fill_in_the_gaps(copy)
    done = kit(copy, "lang", "check", "it")
    assert done.returncode == 0, done.stdout
    assert "0 error(s)" in done.stdout

    env = {**os.environ, "PYTHONPATH": str(copy), "FARO_ACTION_URL": "http://127.0.0.1:1/webhook"}
    subprocess.run(train_command(), cwd=copy, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The sign classifier of "check a message", as `make train` trains it.
    subprocess.run(
        [sys.executable, "-m", "bot.sign_classifier"],
        cwd=copy,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return copy


def test_no_python_file_and_no_domain_change_was_needed(project_with_italian):
    for directory in ("bot", "actions"):
        comparison = filecmp.dircmp(ROOT / directory, project_with_italian / directory, ignore=["__pycache__"])
        assert comparison.diff_files == [] and comparison.left_only == [] and comparison.right_only == []
    assert filecmp.cmp(ROOT / "domain.yml", project_with_italian / "domain.yml", shallow=False)


def test_the_new_language_is_spoken(project_with_italian):
    action_port, rasa_port = free_port(), free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(project_with_italian),
        "FARO_ACTION_PORT": str(action_port),
        "FARO_RASA_PORT": str(rasa_port),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from bot.servers import running_servers; import time\n"
            "with running_servers():\n    print('ready', flush=True)\n    time.sleep(600)",
        ],
        cwd=project_with_italian,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        assert server.stdout.readline().strip() == "ready"
        url = f"http://127.0.0.1:{rasa_port}"
        sender = "it-" + uuid.uuid4().hex[:8]
        welcome = send(url, sender, "/greet", {"language_code": "it-IT"})
        assert welcome[0]["text"].startswith("[it] ")
        titles = [b["title"] for b in send(url, sender, "/choose_language")[0]["buttons"]]
        assert "Italiano" in titles

        reply = send(
            url, "it-" + uuid.uuid4().hex[:8], "ciao, mi hanno offerto un lavoro a Napoli con il viaggio pagato"
        )
        assert reply[0]["text"].startswith("[it] ")
    finally:
        server.send_signal(signal.SIGINT)  # lets running_servers stop both servers
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            # A slow stop on a busy machine is not what this test is about: end the whole group.
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
