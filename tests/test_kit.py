"""The NGO kit on a temporary copy of the project: `lang new` scaffolds a language, `lang check`
finds what is missing or wrong with file and line, `helplines check` guards data/helplines.yml."""

import datetime as dt
import shutil

import pytest
import yaml

from bot.kit.helplines_check import check_helplines
from bot.kit.language import UNTRANSLATED, KitError, language_name, new_language
from bot.kit.language_check import check_language
from bot.language import ROOT
from tests.conftest import SUPPORTED

COPIED = ["locales", "data", "tests/nlu", "tests/safety", "tests/checker", "tests/conversations"]


@pytest.fixture
def project(tmp_path):
    for name in COPIED:
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def messages(report):
    return [str(finding) for finding in report.findings]


def test_babel_checks_the_code_and_names_the_language():
    assert language_name("ar") == "العربية"
    assert language_name("ti") == "ትግርኛ"
    for wrong in ("zz", "EN", "english", "", "fr_FR"):
        with pytest.raises(KitError):
            language_name(wrong)


def test_new_language_creates_its_files_from_english_and_registers_it(project):
    created = new_language("it", project)
    assert {p.relative_to(project).as_posix() for p in created} >= {
        "locales/it.yml",
        "data/nlu/it/basics.yml",
        "tests/nlu/it.yml",
        "tests/safety/emergency_it.yml",
        "tests/checker/it.yml",
        "data/safety_dev/it.yml",
        "tests/conversations/it.yml",
    }
    english = yaml.safe_load((project / "locales" / "en.yml").read_text(encoding="utf-8"))
    italian = yaml.safe_load((project / "locales" / "it.yml").read_text(encoding="utf-8"))
    assert italian["responses"]["utter_welcome"]["text"] == UNTRANSLATED + english["responses"]["utter_welcome"]["text"]
    assert italian["responses"]["utter_menu"]["buttons"]["ask_helpline"].startswith(UNTRANSLATED)
    assert italian["responses"]["utter_session_menu"]["buttons"] == "session_modules"  # generated, not a text
    assert italian["sessions"]["fake_jobs"]["intro"][0].startswith(UNTRANSLATED)
    assert set(italian["emergency_patterns"]) == set(english["emergency_patterns"])
    assert all(patterns == [] for patterns in italian["emergency_patterns"].values())
    # English examples are shown as comments only: nothing to train on yet.
    nlu = (project / "data" / "nlu" / "it" / "basics.yml").read_text(encoding="utf-8")
    assert "#   hi" in nlu
    assert all(not block["examples"] for block in yaml.safe_load(nlu)["nlu"])
    languages = (project / "data" / "languages.yml").read_text(encoding="utf-8")
    assert "supported: [en, fr, es, de, it]" in languages or "it]" in languages.split("supported:")[1].split("\n")[0]
    assert languages.startswith("# The languages Faro speaks")  # comments kept
    with pytest.raises(KitError, match="already has files"):
        new_language("it", project)


def test_check_lists_every_gap_of_a_new_language_with_its_line(project):
    new_language("it", project)
    report = check_language("it", project)
    found = messages(report)
    locale_lines = (project / "locales" / "it.yml").read_text(encoding="utf-8").splitlines()
    welcome = next(i for i, line in enumerate(locale_lines, 1) if line.strip() == "utter_welcome:") + 1
    assert f"locales/it.yml:{welcome}: error: responses.utter_welcome.text: untranslated" in "\n".join(found)
    assert any("sessions.fake_jobs.intro[0]: untranslated" in f for f in found)
    assert any(f.endswith("error: emergency_patterns.violence: no patterns yet") for f in found)
    assert any(f.endswith("error: warning_sign_patterns.easy_money: no patterns yet") for f in found)
    assert any("data/nlu/it/basics.yml" in f and "greet: 0 training examples, at least 20 needed" in f for f in found)
    assert any("emergency: 0 training examples, at least 30 needed" in f for f in found)
    assert any("tests/nlu/it.yml" in f and "greet: 0 held-out examples, at least 8 needed" in f for f in found)
    assert any("tests/safety/emergency_it.yml:1: error: 0 emergency messages, at least 30 needed" in f for f in found)
    assert any("tests/conversations/it.yml" in f and "greeting: untranslated" in f for f in found)
    assert any("country: '' is not a country of data/helplines.yml" in f for f in found)
    assert report.errors and not report.warnings


@pytest.mark.parametrize("language", SUPPORTED)
def test_every_supported_language_passes_the_check(language):
    assert [str(f) for f in check_language(language).errors] == []


def break_french(project, edit):
    path = project / "locales" / "fr.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(edit(text), encoding="utf-8")
    return text


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_check_finds_missing_extra_and_wrong_texts_in_a_broken_locale(project):
    def edit(text):
        locale = yaml.safe_load(text)
        del locale["responses"]["utter_thank"]  # missing
        locale["responses"]["utter_unused"] = {"text": "Bonjour"}  # extra
        locale["responses"]["utter_goodbye"]["text"] = "Au revoir ! En danger, appelle le {numero}."  # variable
        locale["responses"]["utter_deny"]["text"] = " "  # empty
        locale["responses"]["utter_bot_challenge"]["text"] = yaml.safe_load(
            (project / "locales" / "en.yml").read_text(encoding="utf-8")
        )["responses"]["utter_bot_challenge"]["text"]  # left in English
        locale["responses"]["utter_privacy"]["text"] = " ".join(["mot"] * 30) + "."  # a long sentence
        locale["responses"]["utter_menu"]["buttons"] = "countries"  # generated set changed
        locale["emergency_patterns"]["violence"].append("(frappe|tape")  # does not compile
        locale["emergency_patterns"]["confinement"] = []  # no patterns
        del locale["sessions"]["fake_jobs"]["scenarios"]["salon_job"]["feedback"]["real"]  # incomplete module
        locale["sessions"]["fake_jobs"]["title"] = "Un titre beaucoup trop long pour un bouton de Telegram"
        return yaml.safe_dump(locale, allow_unicode=True, sort_keys=False, width=1000)

    break_french(project, edit)
    text = (project / "locales" / "fr.yml").read_text(encoding="utf-8")
    report = check_language("fr", project)
    found = "\n".join(messages(report))
    assert "error: responses.utter_thank.text: missing (English: \"You're welcome." in found
    assert f"fr.yml:{line_of(text, 'text: Bonjour')}: error: responses.utter_unused.text: not in English" in found
    assert f"fr.yml:{line_of(text, '{numero}')}: error: responses.utter_goodbye.text: variables differ" in found
    assert "(English has {emergency_number})" in found
    assert "error: responses.utter_deny.text: empty" in found
    assert "warning: responses.utter_bot_challenge.text: the same as in English" in found
    assert "warning: responses.utter_privacy.text: a sentence of 30 words" in found
    assert "error: responses.utter_menu.buttons: must stay 'session_modules'" not in found
    assert "error: responses.utter_menu.buttons" in found
    assert "error: emergency_patterns.violence: " in found and "(frappe|tape" in found
    assert "error: emergency_patterns.confinement: no patterns yet" in found
    assert "error: sessions.fake_jobs.scenarios.salon_job.feedback.real: missing" in found
    assert "error: sessions.fake_jobs.title: 54 characters, at most 40" in found


def test_a_locale_that_is_not_valid_yaml_is_reported_at_its_line(project):
    original = break_french(project, lambda text: text.replace("responses:\n", "responses:\n  utter_x: [oops\n", 1))
    report = check_language("fr", project)
    assert [f.level for f in report.findings] == ["error"]
    assert "not valid YAML" in str(report.findings[0])
    assert report.findings[0].line > line_of(original, "responses:")


def test_training_examples_under_two_intents_and_held_out_examples_seen_in_training_are_errors(project):
    path = project / "data" / "nlu" / "fr" / "basics.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("- intent: goodbye\n  examples: |\n", "- intent: goodbye\n  examples: |\n    - salut\n", 1)
    )
    heldout = project / "tests" / "nlu" / "fr.yml"
    heldout.write_text(heldout.read_text(encoding="utf-8") + "- intent: greet\n  examples: |\n    - salut\n")
    found = "\n".join(messages(check_language("fr", project)))
    assert (
        "goodbye: 'salut' is also an example of greet" in found
        or "greet: 'salut' is also an example of goodbye" in found
    )
    assert "tests/nlu/fr.yml" in found and "'salut' is also a training example" in found


# --- helplines ----------------------------------------------------------------------------------


def test_the_helplines_file_has_no_errors():
    assert [str(f) for f in check_helplines().errors] == []


def helplines_with(tmp_path, country):
    data = {
        "europe": {"emergency": [{"number": "112", "source": "https://x.eu", "checked": dt.date(2026, 1, 1)}]},
        "countries": {"FR": country},
    }  # fmt: skip
    path = tmp_path / "helplines.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_helplines_check_finds_what_would_put_a_wrong_number_in_front_of_a_child(tmp_path):
    good = {"source": "https://www.example.fr", "checked": dt.date(2026, 10, 1), "verified": True}
    country = {
        "emergency": [{"number": "112", **good}, {"number": "17", "kind": "police"}],
        "services": [
            {"name": "Sans source", "kind": "child_helpline", "phone": "119"},
            {"name": "Vieux", "kind": "child_helpline", "phone": "119", **good, "checked": dt.date(2024, 1, 1)},
            {"name": "Futur", "kind": "child_helpline", "phone": "119", **good, "checked": dt.date(2027, 1, 1)},
            {"name": "Faux", "kind": "child_helpline", "phone": "12 34", **good},
            {"name": "Trop long", "kind": "trafficking", "phone": "01 23 45 67 89 01 23", **good},
            {"name": "Format", "kind": "trafficking", "phone": "0142345678", **good},
            {"name": "Genre", "kind": "helpdesk", "url": "https://x.fr", **good},
            {"name": "Champ", "kind": "victims", "url": "https://x.fr", "email": "a@b.fr", **good},
            {"name": "Injoignable", "kind": "victims", **good},
            {"name": "Heures", "kind": "victims", "url": "https://x.fr", "hours": "9-17", **good},
        ],
    }
    report = check_helplines(helplines_with(tmp_path, country), today=dt.date(2026, 11, 22))
    errors, warnings = "\n".join(map(str, report.errors)), "\n".join(map(str, report.warnings))
    assert "countries.FR: emergency number '17': source must be the https:// address" in errors
    assert "'Sans source': source is missing" in errors and "'Sans source': checked is missing" in errors
    assert "'Vieux': checked 2024-01-01, more than 12 months ago" in warnings
    assert "'Futur': checked 2027-01-01 is in the future" in errors
    assert "'Faux': '12 34' is not in libphonenumber's list for FR: check it at its source" in warnings
    assert "'Trop long': '01 23 45 67 89 01 23' is not a possible phone number in FR" in errors
    assert "'Format': write '0142345678' as '01 42 34 56 78'" in warnings
    assert "'Genre': kind 'helpdesk' is not one of" in errors
    assert "'Champ': unknown field(s) email" in errors
    assert "'Injoignable': no phone, sms, whatsapp or url" in errors
    assert "'Heures': hours must be" in errors


def test_helplines_check_wants_iso_codes_and_a_verified_emergency_number(tmp_path):
    path = helplines_with(tmp_path, {"emergency": [], "services": []})
    text = path.read_text(encoding="utf-8").replace("  FR:", "  France:")
    path.write_text(text + "  DE:\n    emergency: []\n", encoding="utf-8")
    errors = "\n".join(map(str, check_helplines(path, today=dt.date(2026, 11, 22)).errors))
    assert "France: not an ISO 3166 country code" in errors
    assert "DE: no verified general emergency number" in errors


def test_lang_patterns_shows_misses_false_alarms_and_alarms_in_other_languages(project):
    from bot.kit.patterns_try import try_patterns

    dev = project / "data" / "safety_dev" / "fr.yml"
    data = yaml.safe_load(dev.read_text(encoding="utf-8"))
    data["emergency"].append({"text": "j aime les frites et le foot le dimanche", "category": "confinement"})
    dev.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    english_dev = project / "data" / "safety_dev" / "en.yml"
    english = yaml.safe_load(english_dev.read_text(encoding="utf-8"))
    english["ordinary"].append("au secours il me frappe")  # a French cry for help in the English ordinary set
    english_dev.write_text(yaml.safe_dump(english, allow_unicode=True), encoding="utf-8")
    shown = try_patterns("fr", project)
    assert "MISSED: j aime les frites et le foot le dimanche" in shown
    assert "ALARM IN en: au secours il me frappe" in shown
    assert "easy_money" in shown and "precision" in shown


def test_lang_patterns_says_which_alarms_a_not_now_marker_softens(project):
    from bot.kit.patterns_try import try_patterns

    dev = project / "data" / "safety_dev" / "fr.yml"
    data = yaml.safe_load(dev.read_text(encoding="utf-8"))
    data["ordinary"] = ["il me frappe dans le jeu video mdr", "il me frappe"]
    data["emergency"] = [{"text": "il me frappe mdr", "category": "violence"}]
    dev.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    shown = try_patterns("fr", project)
    assert "ARE YOU SAFE? (joke, story): il me frappe dans le jeu video mdr" in shown
    assert "FALSE ALARM: il me frappe   <-" in shown
    assert 'EMERGENCY ONLY ASKED "are you safe?" (joke): il me frappe mdr' in shown


def test_check_finds_a_misspelt_sign_in_the_labelled_development_messages(project):
    path = project / "data" / "checker_dev" / "fr.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["messages"][3]["signs"] = ["easy_money", "easymoney"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    found = "\n".join(messages(check_language("fr", project)))
    line = 1 + next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines()) if "easymoney" in text)
    assert "unknown sign 'easymoney'" in found
    assert f"checker_dev/fr.yml:{line}: error: unknown sign 'easymoney'" in found
    assert "unknown sign 'easy_money'" not in found
