"""GDELT 2.0 event table layout, so dragoman events load into tools built for GDELT.

Input is the JSONL event record (``Event.to_dict()``) plus optional store fields (``num_mentions``,
``num_sources``, ``num_articles``, ``source_url``, ``date_added``, ``global_id``).
Where dragoman knows less than GDELT, or differently, we write what we know and say so:

- ``AvgTone`` is empty: we do not measure tone, and 0 would claim a neutral one.
- ``IsRootEvent`` is 1: we do not know paragraph boundaries, so no event is demoted.
- ``Actor1Geo``/``Actor2Geo`` are the actor's country at country level (geo type 1, the GeoNames
  centroid of ``places.tsv``), empty (type 0) for actors with no country or only a region.
- ``ActionGeo`` is the event location. Below country level ``FeatureID`` is the GeoNames id (GDELT
  writes GNS/GNIS ids) and ``ADM1Code``/``ADM2Code`` are empty; regions without a country cannot be
  expressed and are written as type 0; regions within a country are type 5 (a world state).
- ``FractionDate`` follows GDELT's own arithmetic, year + ((month - 1) * 30 + day) / 365, which is
  what its files contain (2020-11-13 -> 2020.8575), not the day of the year.
- Month, year and range dates use their first day; events without a date have empty date fields.
- Actor codes are split in 3-letter chunks as GDELT splits ``IGOUNOGOV`` (type IGO, known group
  UNO); dragoman's Muslim code ``MUS`` is written as CAMEO's ``MOS``. Two-digit CAMEO codes get
  GDELT's trailing zero (``04`` -> ``040``). Coordinates have six significant digits, as most of
  GDELT's do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, TextIO

from dragoman.resources import data_path, read_tsv

_ACTOR_FIELDS = tuple(
    "Code Name CountryCode KnownGroupCode EthnicCode Religion1Code Religion2Code "
    "Type1Code Type2Code Type3Code".split()
)
_GEO_FIELDS = tuple("Type FullName CountryCode ADM1Code ADM2Code Lat Long FeatureID".split())

# fmt: off
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"{actor}{field}" for actor in ("Actor1", "Actor2") for field in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{geo}_{field}" for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo") for field in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
# fmt: on
"""The 61 columns of a GDELT 2.0 ``*.export.CSV`` file, in GDELT's order."""

# CAMEO actor type codes (CAMEO codebook: agents and organisation types) and dragoman's sectors;
# a chunk of an actor code found here is a type, as GDELT splits ``AFGINSTAL`` into INS + TAL.
_TYPES = frozenset(
    "COP GOV INS JUD MIL OPP REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB LEG MED "
    "REF MOD RAD PKO UIS IGO IMG INT MNC NGM NGO SET JRN PTY REL SOC PRM PRE".split()
)
# CAMEO religion codes; dragoman writes Muslim as MUS where CAMEO and GDELT write MOS.
_RELIGIONS = {code: code for code in "MOS SHI SUN SFI CHR CTH ORT PRO JEW BUD HIN SIK".split()}
_RELIGIONS["MUS"] = "MOS"
_US = "USA"


@cache
def iso3_to_fips() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4, the country codes of GDELT's geo columns."""
    rows = read_tsv(data_path("dragoman.export", "fips.tsv"))
    return {row["iso3"]: row["fips"] for row in rows if row["fips"]}


@cache
def _countries() -> dict[str, tuple[str, float, float]]:
    """ISO3 -> (name, centroid lat, centroid lon), for country-level geo blocks."""
    names = {row["iso3"]: row["name"] for row in read_tsv(data_path("dragoman.export", "fips.tsv"))}
    return {
        row["country"]: (
            names.get(row["country"], row["name"]),
            float(row["lat"]),
            float(row["lon"]),
        )
        for row in read_tsv(data_path("dragoman.places", "places.tsv"))
        if row["precision"] == "country" and row["country"]
    }


def _number(value: float) -> str:
    """Coordinates as GDELT writes them: six significant digits, always a decimal point."""
    text = f"{value:.6g}"
    if "e" in text:
        text = f"{value:.5f}".rstrip("0")
    return text if "." in text else text + ".0"


def _first_day(value: str) -> date:
    start = next(part for part in value.split("/") if part)
    parts = [int(part) for part in start.split("-")]
    return date(parts[0], *[*parts[1:], 1, 1][:2])


def _date_fields(record: Mapping[str, Any]) -> list[str]:
    value = (record.get("date") or {}).get("value")
    if not value:
        return [""] * 4
    try:
        day = _first_day(value)
    except (ValueError, StopIteration):
        raise ValueError(
            f"event {record['event_id']}: date {value!r} is not YYYY[-MM[-DD]] or a START/END range"
        ) from None
    fraction = round(day.year + ((day.month - 1) * 30 + day.day) / 365, 4)
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), str(fraction)]


def _actor_fields(actor: Mapping[str, Any] | None) -> list[str]:
    """Split a CAMEO-style actor code into GDELT's country, group, religion and type columns."""
    if not actor:
        return [""] * len(_ACTOR_FIELDS)
    code = actor.get("code") or ""
    country = actor.get("country") or ""
    country = country if len(country) == 3 else ""
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if chunks and chunks[0] == country:
        chunks = chunks[1:]
    known, ethnic, religions, types = "", "", [], []
    for chunk in (c for c in chunks if len(c) == 3):
        if chunk in _TYPES:
            types.append(chunk)
        elif chunk in _RELIGIONS:
            religions.append(_RELIGIONS[chunk])
        elif chunk.islower():
            ethnic = ethnic or chunk
        else:
            known = known or chunk
    sector = actor.get("sector")
    if sector and sector not in types:
        types.append(sector)
    name = (actor.get("name") or actor.get("text") or "").upper()
    return [code, name, country, known, ethnic, *_pad(religions, 2), *_pad(types, 3)]


def _pad(codes: list[str], width: int) -> list[str]:
    return [*codes, *[""] * width][:width]


def _geo(
    kind: int,
    name: str = "",
    fips: str = "",
    adm1: str = "",
    lat: float | None = None,
    lon: float | None = None,
    feature: object = "",
) -> list[str]:
    if kind == 0:
        return ["0"] + [""] * (len(_GEO_FIELDS) - 1)
    coords = [_number(float(x)) if x is not None else "" for x in (lat, lon)]
    return [str(kind), name, fips, adm1, "", *coords, str(feature if feature is not None else "")]


def _country_geo(iso3: str | None) -> list[str]:
    fips, country = iso3_to_fips().get(iso3 or ""), _countries().get(iso3 or "")
    if not fips or not country:
        return _geo(0)
    return _geo(1, country[0], fips, fips, country[1], country[2], fips)


def _action_geo(location: Mapping[str, Any] | None) -> list[str]:
    if not location:
        return _geo(0)
    iso3, precision = location.get("country"), location.get("precision")
    fips = iso3_to_fips().get(iso3 or "")
    if not fips:
        return _geo(0)
    if precision == "country":
        return _geo(1, location["name"], fips, fips, location.get("lat"), location.get("lon"), fips)
    kinds = {"admin1": 2, "city": 3} if iso3 == _US else {"admin1": 5, "city": 4}
    kind = kinds.get(precision or "", 5)
    country_name = _countries().get(iso3 or "", ("",))[0]
    full_name = ", ".join(part for part in (location.get("name"), country_name) if part)
    lat, lon, geonames_id = location.get("lat"), location.get("lon"), location.get("geonames_id")
    return _geo(kind, full_name, fips, "", lat, lon, geonames_id)


def _global_id(record: Mapping[str, Any]) -> int:
    """A stable positive integer id: the store's, else one derived from ``event_id``."""
    if record.get("global_id") is not None:
        return int(record["global_id"])
    event_id = str(record["event_id"])
    try:
        return int(event_id[:15], 16) or 1
    except ValueError:
        return int(hashlib.sha1(event_id.encode()).hexdigest()[:15], 16) or 1


def _date_added(value: str | None) -> str:
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%d%H%M%S")


def _clean(value: str) -> str:
    """GDELT files have no quoting, so a tab or newline inside a field would break the row."""
    return " ".join(value.split()) if any(c in value for c in "\t\r\n") else value


def gdelt_row(record: Mapping[str, Any]) -> list[str]:
    """One event record as the 61 string fields of a GDELT 2.0 events row."""
    cameo = record["cameo"]
    code = cameo["code"] if len(cameo["code"]) > 2 else cameo["code"] + "0"
    goldstein = cameo.get("goldstein")
    row = [
        str(_global_id(record)),
        *_date_fields(record),
        *_actor_fields(record.get("source")),
        *_actor_fields(record.get("target")),
        "1",
        code,
        code[:3],
        cameo.get("root") or code[:2],
        str(cameo["quad_class"]),
        f"{float(goldstein):.1f}" if goldstein is not None else "",
        *(
            str(int(record.get(key) or 1))
            for key in ("num_mentions", "num_sources", "num_articles")
        ),
        "",
        *_country_geo((record.get("source") or {}).get("country")),
        *_country_geo((record.get("target") or {}).get("country")),
        *_action_geo(record.get("location")),
        _date_added(record.get("date_added")),
        record.get("source_url") or str(record["article_id"]),
    ]
    return [_clean(value) for value in row]


def write_gdelt(records: Iterable[Mapping[str, Any]], stream: TextIO, header: bool = False) -> int:
    """Write tab-separated GDELT rows, headerless like GDELT's own files; returns the row count."""
    if header:
        stream.write("\t".join(GDELT_COLUMNS) + "\n")
    count = 0
    for record in records:
        stream.write("\t".join(gdelt_row(record)) + "\n")
        count += 1
    return count
