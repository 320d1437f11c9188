"""data/helplines.yml: every number has a source and the date it was checked."""

import datetime as dt
import re

import pytest

from bot.helplines import load_helplines

HELPLINES = load_helplines()
ENTRIES = [("europe", HELPLINES.europe)] + sorted(HELPLINES.countries.items())


@pytest.mark.parametrize("code, country", ENTRIES, ids=[code for code, _ in ENTRIES])
def test_every_number_has_a_source_and_a_check_date(code, country):
    for item in list(country.emergency) + list(country.services):
        assert item.source.startswith("https://"), item
        assert isinstance(item.checked, dt.date) and item.checked <= dt.date.today(), item


@pytest.mark.parametrize("code, country", sorted(HELPLINES.countries.items()))
def test_every_country_has_a_verified_emergency_number_and_service(code, country):
    assert country.emergency_number
    assert any(s.verified for s in country.services)


def test_country_codes_are_iso_alpha_2():
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in HELPLINES.countries)


@pytest.mark.parametrize(
    "hours",
    [
        "Mo–Sa 14–20",
        {"days": ["mon"], "from": "14:00", "to": "20:00"},
        {"days": ["mon", "sat"], "from": "2pm", "to": "20:00"},
    ],
)
def test_hours_must_be_24_7_or_days_and_times(tmp_path, hours):
    import yaml

    from bot.helplines import load_helplines as load

    data = {"europe": {"emergency": []}, "countries": {"XX": {"services": [
        {"name": "X", "kind": "child_helpline", "hours": hours, "source": "https://x", "checked": dt.date(2026, 1, 1)}
    ]}}}  # fmt: skip
    path = tmp_path / "helplines.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match="hours"):
        load.__wrapped__(path)
