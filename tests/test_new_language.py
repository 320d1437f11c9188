"""Adding a language is data only: locales/xx.yml, data/nlu/xx/ and its code in data/languages.yml.

In a temporary copy of the project, a tiny throwaway Italian is added that way, the model is
trained, the servers started, and Faro answers in Italian. No Python file and no domain.yml change.
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

from bot.language import ROOT
from bot.rest_client import send
from bot.servers import train_command
from tests.conftest import free_port

pytestmark = pytest.mark.model

COPIED = ["actions", "bot", "data", "locales", "config.yml", "domain.yml", "endpoints.yml", "credentials.yml"]

ITALIAN_EXAMPLES = {
    "greet": ["ciao", "ciao ragazzi", "buongiorno", "ehi ciao come va", "salve", "buonasera a tutti"],
    "risk_job_offer": [
        "mi hanno offerto un lavoro a milano con il viaggio pagato",
        "un tizio su instagram mi offre un lavoro facile con tanti soldi",
        "lavoro come modella a roma, pagano tutto loro, è vero?",
        "mi danno 3000 euro al mese per pulire case senza documenti",
        "offerta di lavoro in germania, biglietto pagato e casa gratis",
    ],
}


def italian_locale() -> str:
    """The English texts marked as Italian: enough to see which locale answered."""
    english = yaml.safe_load((ROOT / "locales" / "en.yml").read_text(encoding="utf-8"))
    for entry in english["responses"].values():
        entry["text"] = "[it] " + entry["text"]
    return yaml.safe_dump(english, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def project_with_italian(tmp_path_factory):
    copy = tmp_path_factory.mktemp("project")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy / name)

    (copy / "locales" / "it.yml").write_text(italian_locale(), encoding="utf-8")
    (copy / "data" / "nlu" / "it").mkdir()
    nlu = {
        "version": "3.1",
        "nlu": [{"intent": i, "examples": "".join(f"- {e}\n" for e in ex)} for i, ex in ITALIAN_EXAMPLES.items()],
    }
    (copy / "data" / "nlu" / "it" / "basics.yml").write_text(yaml.safe_dump(nlu, allow_unicode=True), encoding="utf-8")
    languages = yaml.safe_load((copy / "data" / "languages.yml").read_text(encoding="utf-8"))
    languages["supported"].append("it")
    languages["also_detected"].remove("it")
    (copy / "data" / "languages.yml").write_text(yaml.safe_dump(languages), encoding="utf-8")

    env = {**os.environ, "PYTHONPATH": str(copy), "FARO_ACTION_URL": "http://127.0.0.1:1/webhook"}
    subprocess.run(
        train_command(),
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
        server.wait(timeout=60)
