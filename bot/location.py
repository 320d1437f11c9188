"""A shared location → the country it is in, offline (no network, nothing kept).

The nearest of the GeoNames places with 1,000 inhabitants or more (shipped inside the
reverse_geocoder package, CC-BY GeoNames), looked up in memory. The Telegram front end turns a shared
location into a country with this and sends only the country to Rasa: coordinates never reach the
conversation's history.
"""

from __future__ import annotations

import functools
import math
import threading

# Farther than this from any town, the nearest town may be in another country (at sea, say).
MAX_DISTANCE_KM = 100.0
_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _geocoder():
    import reverse_geocoder

    with _lock:  # loading takes about half a second; do it once, on first use
        return reverse_geocoder.RGeocoder(mode=1, verbose=False)


def country_at(latitude: float, longitude: float) -> str | None:
    """ISO 3166 alpha-2 code of the country at these coordinates, or None if unsure or invalid."""
    try:
        latitude, longitude = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or math.isnan(latitude + longitude):
        return None
    [place] = _geocoder().query([(latitude, longitude)])
    if _distance_km(latitude, longitude, float(place["lat"]), float(place["lon"])) > MAX_DISTANCE_KM:
        return None
    return place["cc"] or None


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
