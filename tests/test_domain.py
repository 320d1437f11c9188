"""domain.yml lists exactly the utter_* actions that rules and stories use, and every text any
action sends exists in the locales (so the validator passes without two copies of any text)."""

import re

import yaml

from bot.language import ROOT

ACTIONS_DIR = ROOT / "actions"


def locale_keys():
    return set(yaml.safe_load((ROOT / "locales" / "en.yml").read_text(encoding="utf-8"))["responses"])


def dialogue_actions():
    used = set()
    for path in list((ROOT / "data").glob("rules/*.yml")) + list((ROOT / "data").glob("stories/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in (data.get("rules") or []) + (data.get("stories") or []):
            used |= {step["action"] for step in block["steps"] if "action" in step}
    return used


def test_domain_responses_are_the_utter_actions_of_rules_and_stories():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    utter_actions = {a for a in dialogue_actions() if a.startswith("utter_")}
    assert set(domain["responses"]) == utter_actions


def test_domain_responses_hold_no_text():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    texts = {variation["text"] for variations in domain["responses"].values() for variation in variations}
    assert len(texts) == 1, "responses in domain.yml must all point at the one placeholder"


def test_every_response_of_rules_stories_and_actions_exists_in_the_locales():
    sent_by_actions = set()
    for path in ACTIONS_DIR.glob("*.py"):
        sent_by_actions |= set(re.findall(r'response="(utter_\w+)"', path.read_text(encoding="utf-8")))
    needed = {a for a in dialogue_actions() if a.startswith("utter_")} | sent_by_actions
    assert needed - locale_keys() == set()


def test_every_locale_text_is_used():
    sent_by_actions = set()
    for path in ACTIONS_DIR.glob("*.py"):
        sent_by_actions |= set(re.findall(r'response="(utter_\w+)"', path.read_text(encoding="utf-8")))
    assert locale_keys() - dialogue_actions() - sent_by_actions == set()
