"""A shared location gives the country for helplines, offline."""

import pytest

from bot.helplines import load_helplines
from bot.location import country_at

# A point well inside each country of the helpline data (a capital or a large city).
PLACES = {
    "FR": (48.8566, 2.3522), "ES": (40.4168, -3.7038), "DE": (52.52, 13.405), "GB": (51.5074, -0.1278),
    "BE": (50.8503, 4.3517), "CH": (46.948, 7.4474), "AT": (48.2082, 16.3738), "IT": (41.9028, 12.4964),
    "IE": (53.3498, -6.2603), "NL": (52.3676, 4.9041), "GR": (37.9838, 23.7275), "PT": (38.7223, -9.1393),
    "LU": (49.6116, 6.1319), "US": (40.7128, -74.006), "CA": (45.4215, -75.6972),
}  # fmt: skip


def test_every_country_of_the_helpline_data_has_a_test_point():
    assert set(PLACES) == set(load_helplines().countries)


@pytest.mark.parametrize("code", sorted(PLACES))
def test_a_location_gives_its_country(code):
    assert country_at(*PLACES[code]) == code


@pytest.mark.parametrize(
    "latitude, longitude", [(0.0, -30.0), (91, 0), (0, 181), ("x", 2), (None, None), (float("nan"), 1.0)]
)
def test_open_sea_and_bad_coordinates_give_no_country(latitude, longitude):
    assert country_at(latitude, longitude) is None
