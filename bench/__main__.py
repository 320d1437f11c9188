"""`make bench`: measures Faro beside a stock `rasa init` pipeline trained on the same data, in the
same run, and writes bench/results.md.

Figures: NLU accuracy and macro-F1 per language on the held-out split, language identification,
emergency recall, latency p50/p95 and throughput with 16 concurrent conversations through the
REST channel, training time and peak memory, RSS of each server, end-to-end test stories.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.language_id import measure as measure_language_id
from bot.evaluation import heldout, load_agent, score
from bot.language import ROOT, load_settings
from bot.nlg import ResponseRenderer
from bot.rest_client import send
from bot.safety import SafetyPatterns
from bot.servers import Servers, ServerSettings, train_command

WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.md"
STOCK_CONFIG = Path(__import__("rasa").__file__).parent / "cli" / "initial_project" / "config.yml"
CONCURRENCY = 16
LATENCY_MESSAGES = 200
THROUGHPUT_MESSAGES_EACH = 25


@dataclass
class Candidate:
    name: str
    config: Path
    model: Path = None
    train_seconds: float = 0.0
    train_rss_mb: float = 0.0
    nlu: dict = field(default_factory=dict)  # language -> IntentScores
    emergency_recall: float = 0.0
    latency_p50_ms: float = 0.0
    latency_p95_ms: float = 0.0
    throughput: float = 0.0
    rss_mb: dict = field(default_factory=dict)
    stories: tuple = (0, 0)
    safety: dict = field(default_factory=dict)  # language -> (recall, false alarms, n, n, "are you safe?" checks)
    safety_patterns: dict = field(default_factory=dict)  # language -> (recall, false alarms), patterns alone
    threshold_curve: list = field(default_factory=list)  # (threshold, caught, emergencies, worst language, alarms, n)
    danger_only: dict = field(
        default_factory=dict
    )  # language -> held-out emergencies only the danger classifier caught
    danger_threshold: float | None = None


def environment() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.setdefault("FARO_ACTION_URL", "http://127.0.0.1:5055/webhook")
    return env


def train(candidate: Candidate) -> None:
    """Train from scratch (no cache) and record the wall time and the peak RSS of the training."""
    WORK.mkdir(parents=True, exist_ok=True)
    name = candidate.name.split()[0].lower()
    command = [*train_command(candidate.config, WORK, name), "--force"]
    wrapper = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    start = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-c", wrapper, *command],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    candidate.train_seconds = time.perf_counter() - start
    candidate.train_rss_mb = int(output.stdout.strip().splitlines()[-1]) / 1024
    candidate.model = WORK / f"{name}.tar.gz"


def evaluate_nlu(candidate: Candidate) -> None:
    agent = load_agent(candidate.model)

    def intent(text: str) -> str:
        return asyncio.run(agent.parse_message(text))["intent"]["name"]

    def unsure(text: str) -> bool:
        """Only an unsure net (intent guess below its threshold, or the danger classifier): the answer
        asks "are you safe?" with the number."""
        parsed = asyncio.run(agent.parse_message(text))
        return parsed["intent"]["name"] == "emergency" and (parsed.get("danger") or {}).get("categories") == ["unsure"]

    for language in load_settings().supported:
        candidate.nlu[language] = score(heldout(language), intent)
        emergencies = [m["text"] for m in safety_set("emergency", language)]
        ordinary = safety_set("ordinary", language)
        checks = sum(unsure(t) for t in ordinary)
        candidate.safety[language] = (
            sum(intent(t) == "emergency" for t in emergencies) / len(emergencies),
            (sum(intent(t) == "emergency" for t in ordinary) - checks) / len(ordinary),
            len(emergencies),
            len(ordinary),
            checks / len(ordinary),
        )
        patterns = SafetyPatterns("emergency_patterns")
        candidate.safety_patterns[language] = (
            sum(bool(patterns.matches(t)) for t in emergencies) / len(emergencies),
            sum(bool(patterns.matches(t)) for t in ordinary) / len(ordinary),
        )
        if candidate.config == ROOT / "config.yml":
            parsed = [asyncio.run(agent.parse_message(t)) for t in emergencies]
            candidate.danger_only[language] = sum(only_the_danger_classifier(p) for p in parsed)
            candidate.danger_threshold = (parsed[0]["danger"].get("danger_classifier") or {}).get("threshold")
    if candidate.config == ROOT / "config.yml":
        candidate.threshold_curve = classifier_threshold_curve(agent)


def only_the_danger_classifier(parsed: dict) -> bool:
    """Caught by the yes/no danger classifier alone: no pattern, and not the intent classifier's guess."""
    danger = parsed.get("danger") or {}
    return danger.get("categories") == ["unsure"] and (danger.get("classifier") or {}).get("name") != "emergency"


def classifier_threshold_curve(agent) -> list[tuple[float, int, int, str, int, int]]:
    """The classifier's own "emergency" guess on the DEVELOPMENT messages (data/safety_dev/), by
    confidence: how config.yml's classifier_threshold was chosen, without looking at tests/. Per
    threshold: the dev emergencies the guess alone answers in full, and the language with the most
    full alarms on its dev ordinary messages (a pattern or the guess, without a "not now" marker)."""
    emergencies, ordinary = [], {}
    for language in load_settings().supported:
        dev = yaml.safe_load((ROOT / "data" / "safety_dev" / f"{language}.yml").read_text(encoding="utf-8"))
        emergencies += [m["text"] for m in dev["emergency"]]
        ordinary[language] = list(dev["ordinary"])

    def view(text: str) -> tuple[float, bool]:
        """The guess's confidence (0 if it is not "emergency") and whether a pattern alone alarms."""
        danger = asyncio.run(agent.parse_message(text))["danger"]
        classifier, calm = danger["classifier"], bool(danger.get("not_now"))
        confidence = (classifier["confidence"] or 0.0) if classifier["name"] == "emergency" and not calm else 0.0
        return confidence, bool(danger.get("patterns")) and not calm

    on_emergencies = [view(t)[0] for t in emergencies]
    on_ordinary = {language: [view(t) for t in texts] for language, texts in ordinary.items()}
    curve = []
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
        alarms = {
            language: sum(pattern or (c >= threshold and c > 0) for c, pattern in views)
            for language, views in on_ordinary.items()
        }
        worst = max(alarms, key=lambda language: alarms[language] / len(on_ordinary[language]))
        caught = sum(c >= threshold and c > 0 for c in on_emergencies)
        curve.append((threshold, caught, len(emergencies), worst, alarms[worst], len(on_ordinary[worst])))
    return curve


def safety_set(kind: str, language: str) -> list:
    return yaml.safe_load((ROOT / "tests" / "safety" / f"{kind}_{language}.yml").read_text(encoding="utf-8"))[
        "messages"
    ]


def checker_scores() -> list[tuple[str, int, tuple[float, float], tuple[float, float]]]:
    """Per warning sign over the labelled messages of every language: how many show it, and
    (precision, recall) of the patterns alone, then of the patterns with the sign classifier."""
    from collections import Counter

    from actions.checker import WARNING_SIGNS, warning_signs

    def patterns_alone(text: str) -> list[str]:
        return [match.label for match in WARNING_SIGNS.matches(text)]

    messages = [
        message
        for language in load_settings().supported
        for message in yaml.safe_load((ROOT / "tests" / "checker" / f"{language}.yml").read_text(encoding="utf-8"))[
            "messages"
        ]
    ]
    scores = []
    for find in (patterns_alone, warning_signs):
        found, expected, right = Counter(), Counter(), Counter()
        for message in messages:
            truth, guess = set(message["signs"]), set(find(message["text"]))
            expected.update(truth)
            found.update(guess)
            right.update(truth & guess)
        scores.append(
            {
                sign: (right[sign] / found[sign] if found[sign] else 1.0, right[sign] / expected[sign])
                for sign in expected
            }
        )
        counts = expected
    return [(sign, counts[sign], scores[0][sign], scores[1][sign]) for sign in sorted(counts)]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure_serving(candidate: Candidate) -> None:
    renderer = ResponseRenderer()
    messages = [e.text for language in load_settings().supported for e in heldout(language)]
    settings = ServerSettings(model=candidate.model, action_port=5155, rasa_port=5105)
    log = (WORK / f"{candidate.name.split()[0].lower()}-servers.log").open("w")
    servers = Servers(settings, log)
    servers.start()
    try:
        servers.wait_until_ready()
        url = settings.rasa_url
        for text in messages[:20]:  # warm-up
            send(url, "warmup", text)

        latencies = []
        for i, text in enumerate(messages[:: max(1, len(messages) // LATENCY_MESSAGES)][:LATENCY_MESSAGES]):
            start = time.perf_counter()
            send(url, f"latency-{i // 5}", text)
            latencies.append((time.perf_counter() - start) * 1000)
        latencies.sort()
        candidate.latency_p50_ms = statistics.median(latencies)
        candidate.latency_p95_ms = latencies[int(0.95 * (len(latencies) - 1))]

        def conversation(worker: int) -> None:
            sender = f"load-{worker}-{uuid.uuid4().hex[:6]}"
            for j in range(THROUGHPUT_MESSAGES_EACH):
                send(url, sender, messages[(worker * 37 + j * 11) % len(messages)])

        threads = [threading.Thread(target=conversation, args=(w,)) for w in range(CONCURRENCY)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        candidate.throughput = CONCURRENCY * THROUGHPUT_MESSAGES_EACH / (time.perf_counter() - start)

        candidate.emergency_recall = emergency_first_reply_recall(url, renderer)
        candidate.rss_mb = {
            "action server": rss_mb(servers.processes[0].pid),
            "Rasa server": rss_mb(servers.processes[1].pid),
        }
    finally:
        servers.stop()
        log.close()


def emergency_first_reply_recall(url: str, renderer: ResponseRenderer) -> float:
    """Held-out `emergency` examples whose first reply is an emergency answer in some language: the
    alarm, its self-harm words, or "are you safe?" for an unsure guess (all give the number first)."""
    categories = [*renderer.locales.data("en")["emergency_patterns"], "unsure"]
    keys = ["utter_emergency", *(f"utter_emergency_{category}" for category in categories)]
    emergency_replies = {
        message["text"]
        for language in load_settings().supported
        for key in keys
        if renderer.locales.has_response(key) and (message := renderer.render(key, language))
    }
    hits = total = 0
    for language in load_settings().supported:
        for example in heldout(language):
            if example.intent == "emergency":
                total += 1
                replies = send(url, "emergency-" + uuid.uuid4().hex[:8], example.text)
                hits += bool(replies) and replies[0].get("text") in emergency_replies
    return hits / total


def run_stories(candidate: Candidate) -> None:
    out = WORK / f"stories-{candidate.name.split()[0].lower()}"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            "test",
            "core",
            "--e2e",
            "--stories",
            "tests/stories",
            "--model",
            str(candidate.model),
            "--out",
            str(out),
            "--no-plot",
        ],
        cwd=ROOT,
        env=environment(),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    total = sum(
        len(yaml.safe_load(p.read_text(encoding="utf-8"))["stories"])
        for p in (ROOT / "tests" / "stories").glob("test_*.yml")
    )
    failed_text = (out / "failed_test_stories.yml").read_text(encoding="utf-8")
    failed = len(re.findall(r"^- story:", failed_text, flags=re.M))
    candidate.stories = (total - failed, total)


def ratio(ours: float, stock: float) -> str:
    return f"{ours / stock:.2f}×" if stock else "–"


def write_results(faro: Candidate, stock: Candidate, language_ids, messages: int, short: int) -> None:
    languages = load_settings().supported
    lines = [
        "# Faro benchmark",
        "",
        f"Written by `make bench` on {dt.date.today()} ({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}).",
        "Every figure of Faro's pipeline stands beside the same figure for the stock `rasa init` pipeline",
        "(Rasa's default config: DIET 100 epochs, ResponseSelector, TED, Memoization, Rules), trained on the",
        "same data in the same run. These machines are noisy: compare the ratios, not the absolute times.",
        "",
        "## NLU on the held-out split (tests/nlu/, never used for training)",
        "",
        "| language | messages | Faro accuracy | stock accuracy | Faro macro-F1 | stock macro-F1 |",
        "|---|---|---|---|---|---|",
    ]
    for language in languages:
        f, s = faro.nlu[language], stock.nlu[language]
        lines.append(
            f"| {language} | {f.count} | {f.accuracy:.3f} | {s.accuracy:.3f} | {f.macro_f1:.3f} | {s.macro_f1:.3f} |"
        )
    lines += [
        "",
        "`make test` fails below accuracy 0.92 or macro-F1 0.90 in any language (tests/test_nlu_heldout.py).",
        "",
        "## Conversations",
        "",
        "| figure | Faro | stock | Faro / stock |",
        "|---|---|---|---|",
        f"| emergency recall: held-out `emergency` messages whose first reply gives the emergency number (REST) | {faro.emergency_recall:.3f} | {stock.emergency_recall:.3f} | {ratio(faro.emergency_recall, stock.emergency_recall)} |",
        f"| test stories fully right end to end, NLU included (`rasa test core --e2e`) | {faro.stories[0]}/{faro.stories[1]} | {stock.stories[0]}/{stock.stories[1]} | |",
        f"| latency p50, one message at a time (ms) | {faro.latency_p50_ms:.0f} | {stock.latency_p50_ms:.0f} | {ratio(faro.latency_p50_ms, stock.latency_p50_ms)} |",
        f"| latency p95 (ms) | {faro.latency_p95_ms:.0f} | {stock.latency_p95_ms:.0f} | {ratio(faro.latency_p95_ms, stock.latency_p95_ms)} |",
        f"| throughput, {CONCURRENCY} concurrent conversations (messages/s) | {faro.throughput:.1f} | {stock.throughput:.1f} | {ratio(faro.throughput, stock.throughput)} |",
        f"| training time, no cache (s) | {faro.train_seconds:.0f} | {stock.train_seconds:.0f} | {ratio(faro.train_seconds, stock.train_seconds)} |",
        f"| training peak RSS (MB) | {faro.train_rss_mb:.0f} | {stock.train_rss_mb:.0f} | {ratio(faro.train_rss_mb, stock.train_rss_mb)} |",
    ]
    for server in faro.rss_mb:
        lines.append(
            f"| RSS of the {server} after the load (MB) | {faro.rss_mb[server]:.0f} | {stock.rss_mb[server]:.0f} | {ratio(faro.rss_mb[server], stock.rss_mb[server])} |"
        )
    lines += [
        "",
        "## Safety: emergencies (tests/safety/, patterns of every locale and both classifiers together)",
        "",
        '| language | emergency messages | Faro recall | stock recall | ordinary messages | Faro false alarms | Faro asks "are you safe?" | stock false alarms |',
        "|---|---|---|---|---|---|---|---|",
    ]
    for language in languages:
        f, s = faro.safety[language], stock.safety[language]
        lines.append(
            f"| {language} | {f[2]} | {f[0]:.3f} | {s[0]:.3f} | {f[3]} | {f[1]:.3f} | {f[4]:.3f} | {s[1]:.3f} |"
        )
    lines += [
        "",
        "The stock pipeline has no emergency patterns: its figures are the classifier's alone. A Faro false",
        "alarm is the emergency answer given to an ordinary message; \"asks 'are you safe?'\" counts the",
        "ordinary messages that only an unsure net took for danger (the intent classifier below its",
        "threshold, or the yes/no danger classifier): they get utter_emergency_unsure (the number, then",
        '"are you safe right now?"). Both together are the share of ordinary messages that get any',
        "emergency answer.",
        f"The danger classifier (bot/danger_classifier.py) answers from probability {faro.danger_threshold}, chosen",
        "when it is trained: it alone answers at most `danger_false_alarms` (config.yml) of the ordinary",
        "development messages it had not seen (5-fold).",
        "Held-out emergencies only it caught: "
        + ", ".join(f"{language} {faro.danger_only[language]}" for language in languages)
        + ".",
        "Faro's patterns alone (no classifier): "
        + ", ".join(
            f"{language} recall {faro.safety_patterns[language][0]:.3f}, false alarms {faro.safety_patterns[language][1]:.3f}"
            for language in languages
        )
        + ".",
        "",
        "How the classifier's own `emergency` guess is used (config.yml `classifier_threshold`), chosen on",
        "the development messages of data/safety_dev/ (never on tests/): below the threshold, without a",
        "pattern, the answer asks whether they are safe (with the number) instead of the full alarm. The",
        "threshold is the lowest at which no language's dev ordinary messages get more than 5 % full",
        'alarms (patterns and this guess together; a "not now" marker, `emergency_not_now` in the',
        'locales, turns a full alarm into the "are you safe?" answer).',
        "",
        "| threshold | dev emergencies the classifier alone answers in full | most full alarms on dev ordinary messages |",
        "|---|---|---|",
    ]
    for threshold, caught, emergencies, worst, alarms, ordinary in faro.threshold_curve:
        lines.append(
            f"| {threshold} | {caught}/{emergencies} ({caught / emergencies:.2f}) | {worst} {alarms}/{ordinary} ({alarms / ordinary:.3f}) |"
        )
    lines += [
        "",
        "## Check a message: warning signs over the labelled messages of every language (tests/checker/)",
        "",
        "Target: precision and recall ≥ 0.85 per sign here; `make test` fails below 0.80 (tests/test_checker.py).",
        "Faro answers with the patterns and the sign classifier together (bot/sign_classifier.py, taught by",
        "data/checker_dev/); the patterns alone are shown for comparison.",
        "",
        "| sign | messages with it | precision | recall | patterns alone: precision | patterns alone: recall |",
        "|---|---|---|---|---|---|",
    ]
    for sign, count, (pattern_precision, pattern_recall), (precision, recall) in checker_scores():
        lines.append(
            f"| {sign} | {count} | {precision:.2f} | {recall:.2f} | {pattern_precision:.2f} | {pattern_recall:.2f} |"
        )
    lines += [
        "",
        "Latency and throughput go through the REST channel (`POST /webhooks/rest/webhook`) with the action",
        "server and the locale NLG in the loop, as `make serve` runs them. Emergency recall in this table",
        "is over the held-out `emergency` intent examples; the safety table uses tests/safety/.",
        "",
        f"## Language identification ({messages} held-out messages, {short} of them 1–3 words)",
        "",
        "| detector | accuracy | accuracy on 1–3 words | wrong but confident |",
        "|---|---|---|---|",
    ]
    for item in language_ids:
        lines.append(f"| {item.name} | {item.accuracy:.3f} | {item.accuracy_short:.3f} | {item.confident_wrong:.3f} |")
    lines += [
        "",
        "A wrong but confident answer is what can switch a conversation's language, and only on a",
        "message of four words or more (bot/language.py); an unsure one keeps the current language.",
        "The vote of Faro's own vocabulary knows only the supported languages, so it cannot tell that a",
        "message is Italian or Arabic: Faro uses it for short messages and when langidentify is unsure.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    os.chdir(ROOT)
    faro = Candidate("Faro", ROOT / "config.yml")
    stock_config = WORK / "stock-config.yml"
    WORK.mkdir(parents=True, exist_ok=True)
    stock_config.write_text(STOCK_CONFIG.read_text().replace("placeholder_default", "faro-stock"), encoding="utf-8")
    stock = Candidate("Stock rasa init", stock_config)
    for candidate in (faro, stock):
        print(f"[bench] training {candidate.name}...", flush=True)
        train(candidate)
        print(f"[bench] held-out NLU of {candidate.name}...", flush=True)
        evaluate_nlu(candidate)
        print(f"[bench] serving {candidate.name}...", flush=True)
        measure_serving(candidate)
        print(f"[bench] test stories of {candidate.name}...", flush=True)
        run_stories(candidate)
    print("[bench] language identification...", flush=True)
    language_ids, messages, short = measure_language_id()
    write_results(faro, stock, language_ids, messages, short)
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
