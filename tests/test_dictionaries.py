"""PETRARCH/TABARI dictionaries import into files our own loaders read."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from dragoman.actors.kb import ActorKB
from dragoman.dictionaries import (
    ImportResult,
    guess_kind,
    import_actors,
    import_agents,
    import_dictionary,
    import_verbs,
    parse_date_range,
    title_name,
)
from dragoman.events.lexicon import Lexicon
from dragoman.resources import DataFileError, data_path, read_tsv

PHOENIX = Path(__file__).resolve().parents[2] / "shared" / "data" / "phoenix"
needs_phoenix = pytest.mark.skipif(
    not PHOENIX.is_dir(), reason="the Phoenix PETRARCH dictionaries are not available"
)
CAMEO_CODES = {row["code"] for row in read_tsv(data_path("dragoman.events", "cameo.tsv"))}


def write(tmp_path: Path, text: str, name: str = "dict.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the real Phoenix dictionaries ----------------------------------------------------------
@pytest.fixture(scope="module")
def international() -> ImportResult:
    return import_actors(PHOENIX / "Phoenix.International.actors.txt")


@pytest.fixture(scope="module")
def countries() -> ImportResult:
    return import_actors(PHOENIX / "Phoenix.Countries.actors.txt")


@pytest.fixture(scope="module")
def agents() -> ImportResult:
    return import_agents(PHOENIX / "Phoenix.agents.txt")


@pytest.fixture(scope="module")
def verbs() -> ImportResult:
    return import_verbs(PHOENIX / "CAMEO.2.0.txt")


@needs_phoenix
def test_international_actors_give_organisations_and_dated_people(international):
    assert len(international.rows) > 5000
    assert len(international.people) > 300
    un = next(row for row in international.rows if row["name"] == "Un")  # UN_ [IGOUNO]
    assert un == {
        "code": "IGOUNO",
        "name": "Un",
        "aliases": "UN",  # kept in capitals: our matching is case-sensitive
        "country": "",
        "sector": "IGO",
        "kind": "imported",
    }
    ban = [row for row in international.people if row["id"] == "secretary-general-ban-ki-moon"]
    assert len(ban) == 1  # [KORGOVBUS 2004017-20061201] has a 7-digit date: skipped
    assert ban[0]["name"] == "Secretary-General Ban Ki-Moon"
    assert "Ban Ki-Moon" in ban[0]["aliases"].split("|")
    assert (ban[0]["country"], ban[0]["sector"], ban[0]["start"], ban[0]["end"]) == (
        "IGOUNO",
        "IGO",
        "2007-01-01",
        "",
    )
    assert ban[0]["role"] == "Imported role (IGOUNO)"
    assert international.reasons["bad date"] >= 1
    assert international.reasons["duplicate"] > 1000  # the file lists many entries twice


@needs_phoenix
def test_country_actors_keep_states_and_people_in_office(countries):
    assert len(countries.people) > 20000
    by_code = {row["code"]: row for row in countries.rows}
    assert by_code["AFG"]["country"] == "AFG" and by_code["AFG"]["sector"] == ""
    assert "Kabul" in by_code["AFG"]["aliases"].split("|")
    # ARMENIA_ is USRARM, then ARMUNR, then ARM: the state keeps its current code only.
    assert by_code["ARM"]["name"] == "Armenia"
    assert not any(row["name"] == "Armenia" for row in countries.people)
    # LEONID_BREZHNEV_ and its synonyms are written as name lines without '+'.
    brezhnev = [row for row in countries.people if row["id"] == "leonid-brezhnev"]
    assert [(row["role"], row["start"], row["end"]) for row in brezhnev] == [
        ("Imported role (RUSELI)", "1924-01-01", "1964-10-14"),
        ("Imported role (RUSGOV)", "1964-10-14", "1982-11-10"),
        ("Imported role (RUSGOV)", "1977-06-16", "1982-11-10"),
    ]
    assert "Leonid Ilyich Brezhnev" in brezhnev[0]["aliases"].split("|")
    assert brezhnev[1]["country"] == "RUS" and brezhnev[1]["sector"] == "GOV"


@needs_phoenix
def test_military_and_non_state_actors():
    result = import_actors(PHOENIX / "Phoenix.MilNonState.actors.txt")
    assert len(result.rows) > 900
    assert all(row["sector"] and row["kind"] == "imported" for row in result.rows)


@needs_phoenix
def test_agents_expand_macros_stems_and_plurals(agents):
    sectors = {row["phrase"]: row["sector"] for row in agents.rows}
    assert len(agents.rows) > 1000
    assert len(sectors) == len(agents.rows)  # no duplicates
    assert sectors["farmer"] == "AGR"
    # CATTLE!PERSON! with !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
    assert {"cattleman", "cattlemen", "cattlewoman", "cattleperson"} <= set(sectors)
    assert sectors["foreign minister"] == sectors["foreign ministry"] == "GOV"  # FOREIGN_!MINIST!
    assert sectors["defence minister"] == "GOV"  # DEFENCE_MINIST [~GOVMIL]: the bare stem
    assert sectors["chambers of commerce"] == "BUS"  # the irregular plural in {...}
    assert "islamic extremist" not in sectors  # written without a code
    assert agents.reasons["agent without a code"] == 1
    assert all(row["role"] == "" and row["person"] == "no" for row in agents.rows)


@needs_phoenix
def test_verbs_convert_what_our_patterns_can_say(verbs):
    codes = {row["pattern"]: row["code"] for row in verbs.rows}
    assert len(verbs.rows) > 1000
    assert len(codes) == len(verbs.rows)  # no pattern twice, nor under two codes
    assert set(codes.values()) <= CAMEO_CODES
    assert codes["rush to"] == "042"  # - * (TO) [042:043] in the ACCELERATE block
    assert codes["rush aid"] == "070"  # - * AID [070]
    assert codes["appear in court"] == "173"  # - * (IN COURT) [173]
    assert codes["ask"] == "020"  # ASK [020]
    assert "accelerate" not in codes  # its block code is [---]: no event
    for reason in ("synset", "noun phrase in braces", "pattern under two codes"):
        assert verbs.reasons[reason] > 0


@needs_phoenix
def test_the_kind_is_guessed_from_content():
    assert guess_kind(PHOENIX / "Phoenix.Countries.actors.txt") == "actors"
    assert guess_kind(PHOENIX / "Phoenix.agents.txt") == "agents"
    assert guess_kind(PHOENIX / "CAMEO.2.0.txt") == "verbs"


@needs_phoenix
def test_written_actor_files_load_and_resolve_people_by_date(international, tmp_path):
    written = international.write(tmp_path / "international.tsv")
    assert [path.name for path in written] == ["international.tsv", "international.people.tsv"]
    assert written[0].read_text(encoding="utf-8").startswith("# Imported by dragoman")
    kb = ActorKB()
    for path in written:
        kb.load_user_file(path)
    assert kb.organisations["IGOUNO:Un"].sector == "IGO"
    assert "UN" in kb.surfaces
    ban = kb.find_person("Ban Ki-moon", dt.date(2010, 6, 1))
    assert ban is not None and ban.id == "secretary-general-ban-ki-moon"
    assert ban.office_on(dt.date(2010, 6, 1)).country == "IGOUNO"
    assert ban.office_on(dt.date(2005, 6, 1)) is None


@needs_phoenix
def test_written_agents_and_verbs_load(agents, verbs, tmp_path):
    agents.write(tmp_path / "agents.tsv")
    kb = ActorKB()
    kb.load_user_file(tmp_path / "agents.tsv")
    assert kb.agent_for("farmers").sector == "AGR"

    verbs.write(tmp_path / "verbs.yaml")
    lexicon = Lexicon.bundled(extra_files=[tmp_path / "verbs.yaml"])
    rush_to = [p for p in lexicon.verbs["rush"] if p.text == "rush to"]
    assert rush_to[0].code == "042" and rush_to[0].target_prep == "to"
    sanctions = [p for p in lexicon.verbs["impose"] if p.text == "impose sanctions"]
    assert sanctions[0].code == "163" and sanctions[0].objects == frozenset({"sanctions"})


# -- small dictionaries written here --------------------------------------------------------
@pytest.mark.parametrize(
    ("spec", "start", "end"),
    [
        ("010120-050120", "2001-01-20", "2005-01-20"),
        ("450101-20010101", "1945-01-01", "2001-01-01"),  # two- and four-digit years mixed
        ("301231-310101", None, None),  # 2030 to 1931: ends before it starts
        (">300101", "2030-01-01", None),  # 00-30 are 20xx ...
        (">310101", "1931-01-01", None),  # ... 31-99 are 19xx
        ("> 20110101", "2011-01-01", None),
        ("<061231", "1900-01-01", "2006-12-31"),
        ("2004017-20061201", None, None),  # seven digits
        ("1920030320-20060520", None, None),
        ("20121204", None, None),  # a date without < > or -
        ("990231-000101", None, None),  # 31 February
    ],
)
def test_date_ranges(spec, start, end):
    if start is None:
        with pytest.raises(ValueError):
            parse_date_range(spec)
        return
    first, last = parse_date_range(spec)
    assert first.isoformat() == start
    assert (last.isoformat() if last else None) == end


def test_names_become_title_case():
    assert title_name("SECRETARY-GENERAL_BAN_KI-MOON") == "Secretary-General Ban Ki-Moon"
    assert title_name("U.N._SECURITY_COUNCIL_") == "U.N. Security Council"
    assert title_name("ISLAMIC_REPUBLIC_OF_AFGHANISTAN") == "Islamic Republic of Afghanistan"
    assert title_name("UNITED_NATIONS_CHILDREN'S_FUND_") == "United Nations Children's Fund"
    assert title_name("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_") == "Aden Abyan Islamic Army (AAIA)"


def test_actor_entries_in_every_layout(tmp_path):
    path = write(
        tmp_path,
        "# comment\n"
        "UNITED_NATIONS_ [IGOUNO]  # trailing comment\n"
        "+UN_\n"
        "IRAQ_\n"
        "+BAGHDAD\n"
        "\t[IRQ <20030320]\n"
        "\t[IRQOCC 20030320-20060520]\n"
        "\t[IRQ >20060520]\n"
        "LEONID_BREZHNEV_\n"
        "SECRETARY_BREZHNEV\n"
        "\t[RUSGOV 641014-821110]\n"
        "\t[ELI]\n"
        "JANE_DOE_ [USAGOV 010101-0202] [USAGOVLEG >050101]\n"
        "NOBODY_\n"
        "\n"
        "HEZBOLLAH_ [LBNREBHEZ] [---]\n",
    )
    result = import_actors(path)
    assert [(row["code"], row["name"], row["aliases"]) for row in result.rows] == [
        ("IGOUNO", "United Nations", "Un|UN"),
        ("IRQ", "Iraq", "Baghdad|IRAQ"),
        ("LBNREBHEZ", "Hezbollah", ""),
    ]
    assert (result.rows[2]["country"], result.rows[2]["sector"]) == ("LBN", "REB")
    assert [(row["id"], row["aliases"], row["start"], row["end"]) for row in result.people] == [
        ("leonid-brezhnev", "Secretary Brezhnev", "1964-10-14", "1982-11-10"),
        ("jane-doe", "", "2005-01-01", ""),
    ]
    assert result.people[1]["sector"] == "GOV"  # USAGOVLEG: letters 4-6
    assert result.reasons == Counter(
        {
            "earlier code of a state": 2,
            "undated code beside dated ones": 1,
            "bad date": 1,
            "entry without a name or code": 1,
        }
    )
    assert result.skipped == 5


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("# people\n+SYNONYM_WITHOUT_ENTRY\n", "dict.txt:2:"),
        ("UN_ [IGOUNO\n", "dict.txt:1:"),
        ("ALPHA_ [IGOUNO]\n\t[igo uno]\n", "dict.txt:2:"),
    ],
)
def test_malformed_actor_lines_name_their_line(tmp_path, text, where):
    with pytest.raises(DataFileError, match=where):
        import_actors(write(tmp_path, text))


def test_agents_macros_plurals_and_codes(tmp_path):
    path = write(
        tmp_path,
        "!PERSON! = MAN, WOMAN\n"
        "!MINIST! = MINISTER, MINISTRY\n"
        "CONGRESS!PERSON! [~LEG]\n"
        "DEFENCE_MINIST [~GOVMIL]\n"
        "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVJUD]\n"
        "POLICE {} [~COP]\n"
        "HUMAN_RIGHTS_BODY  [NGO~]  # code before the tilde\n"
        "POLICE [~COP]\n"
        "LOST_AGENT\n",
    )
    result = import_agents(path)
    assert [(row["phrase"], row["sector"]) for row in result.rows] == [
        ("congressman", "LEG"),
        ("congresswoman", "LEG"),
        ("defence minister", "GOV"),
        ("defence ministry", "GOV"),
        ("attorney general", "GOV"),
        ("attorneys general", "GOV"),
        ("police", "COP"),
        ("human rights body", "NGO"),
    ]
    assert result.reasons == Counter({"duplicate": 1, "agent without a code": 1})
    result.write(tmp_path / "agents.tsv")
    kb = ActorKB()
    kb.load_user_file(tmp_path / "agents.tsv")
    assert kb.agent_for("congressmen").sector == "LEG"


def test_agent_with_undefined_macro_names_its_line(tmp_path):
    with pytest.raises(DataFileError, match=r"dict\.txt:2: undefined substitution set !PERSON!"):
        import_agents(write(tmp_path, "# agents\nFISHER!PERSON! [~AGR]\n"))


VERBS = """\
&WEAPON
+GUN
+ROCKET

--- ACCUSE [112] ---
ACCUSE
BLAME {BLAMES BLAMED BLAMING }  # irregular forms are ignored
CHARGE [1121]
+LASH_OUT {+LASHED_OUT +LASHES_OUT} [111]
RE_+ACCUSE
- * (OF) [112]
- * AGAINST [173]
- * (OF) [111]
- * &WEAPON [190]
- * {WAR CRIMES} [1121]
- * + (OF) $ [112]
- * WAR * PEACE [112]
- * WAR CRIMES [112]
- * (OF) [112]
- * (FOR) [:173]
- * CORRUPTION [999]
---  CLOSE   [---]  ---
CLOSE
- EMBASSY * [161]

~ a (a b ATTACK) SAY = a b 015
"""


def test_verb_patterns(tmp_path):
    result = import_verbs(write(tmp_path, VERBS, "verbs.txt"))
    assert [(row["pattern"], row["code"]) for row in result.rows] == [
        ("accuse", "112"),
        ("blame", "112"),
        ("charge", "1121"),
        ("lash out", "111"),
        ("accuse of", "112"),
        ("blame of", "112"),
        ("charge of", "112"),
        ("accuse against", "173"),
        ("blame against", "173"),
        ("charge against", "173"),
        ("close embassy", "161"),
    ]
    assert result.reasons == Counter(
        {
            "multi-word verb not led by its verb": 1,
            "pattern under two codes": 3,  # - * (OF) [111]: the first code wins
            "synset": 1,
            "noun phrase in braces": 1,
            "source/target marker": 1,
            "several gaps": 1,
            "more than one object": 1,
            "duplicate": 3,
            "code for the target's side only": 3,
            "code not in cameo.tsv": 3,
            "null code (no event)": 1,
            "verb transformation": 1,
        }
    )
    path = tmp_path / "imported.yaml"
    result.write(path)
    lexicon = Lexicon.bundled(extra_files=[path])
    closes = [p for p in lexicon.verbs["close"] if p.text == "close embassy"]
    assert closes[0].code == "161" and closes[0].objects == frozenset({"embassy"})


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("SAY\n", "verbs.txt:1: verb or pattern before the first '---' block"),
        ("--- SAY [010] ---\nSAY\n- * WITHOUT CODE\n", "verbs.txt:3: a pattern needs"),
    ],
)
def test_malformed_verb_lines_name_their_line(tmp_path, text, where):
    with pytest.raises(DataFileError, match=where):
        import_verbs(write(tmp_path, text, "verbs.txt"))


def test_import_dictionary_picks_the_importer(tmp_path):
    verbs = write(tmp_path, VERBS, "verbs.txt")
    agents = write(tmp_path, "FARMER [~AGR]\n", "agents.txt")
    actors = write(tmp_path, "UN_ [IGOUNO]\n", "actors.txt")
    assert import_dictionary(verbs).kind == "verbs"
    assert import_dictionary(agents).rows[0]["phrase"] == "farmer"
    assert import_dictionary(actors).rows[0]["code"] == "IGOUNO"
    assert import_dictionary(actors, "agents").rows[0] == {
        "phrase": "un",
        "sector": "IGO",
        "role": "",
        "person": "no",
    }  # an explicit kind wins over the guess
    with pytest.raises(ValueError, match="unknown dictionary kind"):
        import_dictionary(actors, "issues")
    with pytest.raises(DataFileError, match="not a PETRARCH"):
        import_dictionary(write(tmp_path, "just some text\n", "notes.txt"))


@pytest.mark.skipif(not PHOENIX.exists(), reason="needs ../shared/data/phoenix")
def test_cli_import_then_code_with_the_imported_verbs(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "verbs.yaml"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dragoman",
            "dict",
            "import",
            str(PHOENIX / "CAMEO.2.0.txt"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "skipped" in done.stderr and out.exists()
    story = tmp_path / "s.txt"
    story.write_text("Iran condemned Israel on Monday.")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dragoman",
            "code",
            str(story),
            "--lexicon",
            str(out),
            "--date",
            "2020-01-06",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert '"code": "IRN"' in done.stdout
