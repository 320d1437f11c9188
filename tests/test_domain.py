"""domain.yml lists exactly the utter_* actions that rules and stories use, and every text any
action sends exists in the locales (so the validator passes without two copies of any text)."""

import re

import yaml

from bot.language import ROOT

ACTIONS_DIR = ROOT / "actions"
TELEGRAM_DIR = ROOT / "bot" / "telegram"


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


def sent_by_code():
    """Responses custom actions send (response="utter_...") and the Telegram bot renders itself."""
    sent = set()
    for path in [*ACTIONS_DIR.glob("*.py"), *TELEGRAM_DIR.glob("*.py")]:
        sent |= set(re.findall(r'"(utter_\w+)"', path.read_text(encoding="utf-8")))
    return sent


def danger_variants(used):
    """utter_emergency_self_harm: the variant bot.nlg picks for a danger category."""
    categories = [*yaml.safe_load((ROOT / "locales" / "en.yml").read_text(encoding="utf-8"))["emergency_patterns"]]
    categories.append("unsure")  # bot.nlu_components.UNSURE: only the classifier, not sure
    return {f"{key}_{category}" for key in used for category in categories}


def test_every_response_of_rules_stories_and_actions_exists_in_the_locales():
    needed = {a for a in dialogue_actions() if a.startswith("utter_")} | sent_by_code()
    assert needed - locale_keys() == set()


def test_every_locale_text_is_used():
    used = dialogue_actions() | sent_by_code()
    assert locale_keys() - used - danger_variants(used) == set()
