"""Import PETRARCH/TABARI dictionaries into dragoman's actor tables and event lexicon.

Teams moving from PETRARCH bring years of dictionary work with them. This turns `.actors`,
`.agents` and verb dictionaries into files our own loaders read (``ActorKB.load_user_file``,
``Lexicon.load_patterns``). What our formats cannot express is skipped and counted by reason,
never guessed at.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from dragoman.events.lexicon import PREPOSITIONS
from dragoman.resources import DataFileError, data_path, read_tsv
from dragoman.text import ascii_fold

ORGANISATION_COLUMNS = ("code", "name", "aliases", "country", "sector", "kind")
PEOPLE_COLUMNS = ("id", "name", "aliases", "country", "sector", "role", "start", "end", "approx")
AGENT_COLUMNS = ("phrase", "sector", "role", "person")

FORMER_STATES = frozenset("CSK DDR FRY KRJ KSV SCG SRP SUN TMP USR YUG".split())
"""CAMEO codes of former or unrecognised states, absent from our ISO-based countries.tsv."""

_LOWER_IN_NAMES = frozenset("a an and at by de for in of on the to".split())
_FUNCTION_WORDS = frozenset("a an the and or but not that this his her its their".split())
_UNEXPRESSIBLE = (
    ("*", "several gaps"),
    ("&", "synset"),
    ("{}", "noun phrase in braces"),
    ("$+^%", "source/target marker"),
)
_WORD = re.compile(r"[a-z][a-z'-]*")
_BRACKETS = re.compile(r"\[([^\]]*)\]")
_ACTOR_CODE = re.compile(r"(?P<code>[A-Z0-9]+|---)\s*(?P<dates>.*)")
_MACRO_DEF = re.compile(r"!([A-Z0-9]+)!\s*=\s*(.+)")
_MACRO = re.compile(r"!([A-Z0-9]+)!")
_BLOCK = re.compile(r"---\s+\S+\s*(?:\[(?P<code>[^\]]*)\])?.*")
_VERB = re.compile(r"(?P<verb>[^\s{\[;]+)\s*(?:\{[^}]*\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*(?:;.*)?")
_PATTERN = re.compile(r"-(?P<pre>[^*\[]*)\*(?P<post>[^\[]*)\[(?P<code>[^\]]*)\]")


@dataclass
class ImportResult:
    """Rows converted from one dictionary file, and what could not be converted, by reason.

    ``rows`` are organisations (actors), agents, or ``{"code", "pattern"}`` (verbs); an actors
    import also fills ``people`` from entries whose codes carry dates.
    """

    kind: str  # actors | agents | verbs
    source: str
    rows: list[dict[str, str]] = field(default_factory=list)
    people: list[dict[str, str]] = field(default_factory=list)
    reasons: Counter[str] = field(default_factory=Counter)

    @property
    def skipped(self) -> int:
        return sum(self.reasons.values())

    def skip(self, reason: str, count: int = 1) -> None:
        if count > 0:
            self.reasons[reason] += count

    def write(self, path: Path | str, people_path: Path | str | None = None) -> list[Path]:
        """Write our TSV or YAML; people from an actors file go to ``<stem>.people.tsv``."""
        path = Path(path)
        note = f"# Imported by dragoman.dictionaries from the PETRARCH file {self.source}"
        if self.kind == "verbs":
            codes: dict[str, dict[str, list[str]]] = {}
            for row in sorted(self.rows, key=lambda row: row["code"]):
                codes.setdefault(row["code"], {"verbs": []})["verbs"].append(row["pattern"])
            document = {"root": "imported", "codes": codes}
            body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
            path.write_text(f"{note}\n{body}", encoding="utf-8")
            return [path]
        columns = ORGANISATION_COLUMNS if self.kind == "actors" else AGENT_COLUMNS
        written = [_write_tsv(path, columns, self.rows, note)]
        if self.people:
            people_path = Path(people_path or path.with_name(f"{path.stem}.people.tsv"))
            written.append(_write_tsv(people_path, PEOPLE_COLUMNS, self.people, note))
        return written


def _write_tsv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]], note: str) -> Path:
    lines = [note, "\t".join(columns)]
    lines += ["\t".join(row.get(column, "") for column in columns) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered non-blank lines without ``#`` comments (PETRARCH allows them anywhere)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(f"{path.name}: not UTF-8 text ({error})") from error
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("<!"):
            yield number, line


@functools.cache
def _known_codes(package: str, name: str) -> frozenset[str]:
    return frozenset(row["code"] for row in read_tsv(data_path(package, name)))


def _country_codes() -> frozenset[str]:
    return _known_codes("dragoman.actors", "countries.tsv") | FORMER_STATES


# -- actors ------------------------------------------------------------------------------
def parse_petrarch_date(text: str) -> dt.date:
    """``yymmdd`` (years 00-30 are 20xx, as in TABARI) or ``yyyymmdd``; else ValueError."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ValueError(f"bad date {text!r}")
    if len(text) == 6:
        year = int(text[:2])
        text = f"{year + (2000 if year <= 30 else 1900)}{text[2:]}"
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def parse_date_range(spec: str) -> tuple[dt.date, dt.date | None]:
    """``yymmdd-yymmdd``, ``>date`` (open-ended) or ``<date`` (from 1900); else ValueError."""
    spec = spec.replace(" ", "")
    if spec.startswith(">"):
        return parse_petrarch_date(spec[1:]), None
    if spec.startswith("<"):
        return dt.date(1900, 1, 1), parse_petrarch_date(spec[1:])
    first, dash, last = spec.partition("-")
    if not dash:
        raise ValueError(f"bad date range {spec!r}")
    start, end = parse_petrarch_date(first), parse_petrarch_date(last)
    if end < start:
        raise ValueError(f"date range {spec!r} ends before it starts")
    return start, end


def title_name(name: str) -> str:
    """``SECRETARY-GENERAL_BAN_KI-MOON`` -> ``Secretary-General Ban Ki-Moon``; ``U.N.`` stays."""
    words = []
    for index, word in enumerate(name.replace("_", " ").replace("|", " ").split()):
        if re.fullmatch(r"([A-Z]\.)+|\([A-Z]+\)", word):  # initials, (ACRONYM)
            words.append(word)
        elif index and word.lower() in _LOWER_IN_NAMES:
            words.append(word.lower())
        else:
            capital = re.sub(r"(^['(]?|[-/])([a-z])", lambda m: m[1] + m[2].upper(), word.lower())
            words.append(capital)
    return " ".join(words)


@dataclass
class _Entry:
    names: list[str]
    codes: list[tuple[str, str]]  # (code, date restriction or "")


def _read_codes(text: str, where: str) -> list[tuple[str, str]]:
    if text.count("[") != text.count("]"):
        raise DataFileError(f"{where}: unbalanced brackets in {text!r}")
    codes = []
    for body in _BRACKETS.findall(text):
        match = _ACTOR_CODE.fullmatch(body.strip())
        if match is None:
            raise DataFileError(f"{where}: bad actor code [{body}]")
        codes.append((match["code"], match["dates"].strip()))
    return codes


def _actor_entries(path: Path) -> Iterator[_Entry]:
    """Entries of a .actors file. A name line continues an entry that has no code yet: the
    files list synonyms that way too (``LEONID_BREZHNEV_``, ``LEONID_ILYICH_BREZHNEV``)."""
    entry: _Entry | None = None
    previous = 0
    for number, line in _lines(path):
        where = f"{path.name}:{number}"
        name, bracket, rest = line.partition("[")
        codes = _read_codes(bracket + rest, where)
        if entry is None and line[0] in "[+":
            raise DataFileError(f"{where}: {line[0]!r} line before the first actor entry")
        uncoded = entry is not None and not entry.codes and entry.names[0].isupper()
        if entry is not None and (
            line[0] in "[+" or (uncoded and name.isupper() and number == previous + 1)
        ):
            entry.names.append(name.lstrip("+"))
            entry.codes += codes
        else:
            if entry is not None:
                yield entry
            entry = _Entry([name], codes)
        previous = number
    if entry is not None:
        yield entry


def _split_code(code: str) -> tuple[str | None, str]:
    """``KORGOVBUS`` -> (KOR, GOV); ``IGOUNO`` -> (None, IGO): (country, sector) of a code."""
    if code[:3] in _country_codes():
        return code[:3], code[3:6]
    return None, code[:3]


def import_actors(path: Path | str) -> ImportResult:
    """Undated entries become organisation rows, entries with dated codes people rows."""
    path = Path(path)
    result = ImportResult("actors", path.name)
    for entry in _actor_entries(path):
        _convert_actor(entry, result)
    for rows in (result.rows, result.people):
        unique = list({tuple(row.values()): row for row in rows}.values())
        result.skip("duplicate", len(rows) - len(unique))
        rows[:] = unique
    return result


def _convert_actor(entry: _Entry, result: ImportResult) -> None:
    names = list(dict.fromkeys(title for name in entry.names if (title := title_name(name))))
    codes = [(code, dates) for code, dates in entry.codes if code != "---"]
    if not names or not codes:
        result.skip("entry without a name or code")
        return
    dated = [(code, dates) for code, dates in codes if dates]
    states = [(code, dates) for code, dates in dated if code in _country_codes()]
    if states:
        # A state whose code changed (ARMENIA: USRARM, then ARM): keep the current code.
        current = [code for code, dates in states if dates.startswith(">")] or [states[-1][0]]
        result.skip("earlier code of a state", len(codes) - 1)
        codes, dated = [(current[-1], "")], []
    if not dated:
        # News writes acronyms in capitals and our matching is case-sensitive: keep UN, IAEA.
        words = [name.strip().strip("_") for name in entry.names]
        acronyms = [word for word in words if re.fullmatch(r"[A-Z]{2,6}", word)]
        aliases = "|".join(a for a in dict.fromkeys(names[1:] + acronyms) if a != names[0])
        for code, _ in codes:
            country, sector = _split_code(code)
            values = (code, names[0], aliases, country or "", sector, "imported")
            result.rows.append(dict(zip(ORGANISATION_COLUMNS, values, strict=True)))
        return
    result.skip("undated code beside dated ones", len(codes) - len(dated))
    person_id = "-".join(ascii_fold(names[0]).split())
    for code, dates in dated:
        try:
            start, end = parse_date_range(dates)
        except ValueError:
            result.skip("bad date")
            continue
        country, sector = _split_code(code)
        role, end_text = f"Imported role ({code})", end.isoformat() if end else ""
        values = (person_id, names[0], "|".join(names[1:]), country or code, sector or "GOV")
        row = dict(
            zip(PEOPLE_COLUMNS, (*values, role, start.isoformat(), end_text, ""), strict=True)
        )
        result.people.append(row)


# -- agents ------------------------------------------------------------------------------
def import_agents(path: Path | str) -> ImportResult:
    """Agent phrases with ``!MACRO!`` sets expanded; the sector is the code's first 3 letters."""
    path = Path(path)
    result = ImportResult("agents", path.name)
    macros: dict[str, list[str]] = {}
    seen: set[str] = set()
    for number, line in _lines(path):
        where = f"{path.name}:{number}"
        if line.startswith("!") and "=" in line:
            match = _MACRO_DEF.fullmatch(line)
            if match is None:
                raise DataFileError(f"{where}: bad substitution set {line!r}")
            macros[match[1]] = [value.strip() for value in match[2].split(",") if value.strip()]
            continue
        phrase, bracket, rest = line.partition("[")
        if not bracket:
            result.skip("agent without a code")
            continue
        code = re.match(r"\s*~?([A-Z]{3})", rest)  # lenient: PETRARCH reads [~ENV} too
        if code is None:
            raise DataFileError(f"{where}: bad agent code in {line!r}")
        sector = code[1]
        phrase, brace, plural = phrase.partition("{")
        plural, closed, _ = plural.partition("}")
        if brace and not closed:
            raise DataFileError(f"{where}: missing '}}' in {line!r}")
        for variant in (phrase, plural):
            for text in _expand(_mark_stems(variant, macros), macros, where):
                agent = " ".join(text.replace("_", " ").split()).lower()
                if agent in seen:
                    result.skip("duplicate")
                elif agent:
                    seen.add(agent)
                    result.rows.append(
                        {"phrase": agent, "sector": sector, "role": "", "person": "no"}
                    )
    return result


def _mark_stems(phrase: str, macros: dict[str, list[str]]) -> str:
    """``DEFENCE_MINIST`` -> ``DEFENCE_!MINIST!``: PETRARCH matched the bare stem as a prefix,
    which the words of the macro of that name spell out."""
    return re.sub(
        r"(?<![!A-Za-z0-9])([A-Z0-9]+)(?![!A-Za-z0-9])",
        lambda match: f"!{match[1]}!" if match[1] in macros else match[1],
        phrase,
    )


def _expand(phrase: str, macros: dict[str, list[str]], where: str) -> list[str]:
    match = _MACRO.search(phrase)
    if match is None:
        return [phrase]
    if match[1] not in macros:
        raise DataFileError(f"{where}: undefined substitution set !{match[1]}!")
    head, tail = phrase[: match.start()], phrase[match.end() :]
    return [
        text for value in macros[match[1]] for text in _expand(head + value + tail, macros, where)
    ]


# -- verbs -------------------------------------------------------------------------------
def import_verbs(path: Path | str) -> ImportResult:
    """Verb patterns our lexicon can express, under codes our cameo.tsv knows.

    A bare verb gives ``lemma``; a pattern applies to every single-word verb of its block, as in
    PETRARCH: ``- * (AGAINST)`` gives ``lemma against``, ``- * SANCTIONS`` or ``- SANCTIONS *``
    gives ``lemma sanctions``, ``- * AID (TO)`` gives ``lemma aid to``. The first code given to
    a pattern wins; ``[042:043]`` means 042 for the source's action.
    """
    path = Path(path)
    result = ImportResult("verbs", path.name)
    owner: dict[str, str] = {}
    block_code, in_synset, in_block = "---", False, False
    block_verbs: list[str] = []

    def add(pattern: str, raw_code: str) -> None:
        code = raw_code.split(":")[0].strip()
        if code == "---":
            result.skip("null code (no event)")
        elif not code:
            result.skip("code for the target's side only")
        elif code not in _known_codes("dragoman.events", "cameo.tsv"):
            result.skip("code not in cameo.tsv")
        elif pattern in owner:
            result.skip("duplicate" if owner[pattern] == code else "pattern under two codes")
        else:
            owner[pattern] = code
            result.rows.append({"code": code, "pattern": pattern})

    for number, line in _lines(path):
        where = f"{path.name}:{number}"
        if line.startswith("~"):
            result.skip("verb transformation")
        elif line.startswith("---"):
            match = _BLOCK.fullmatch(line)
            if match is None:
                raise DataFileError(f"{where}: bad block header {line!r}")
            block_code, block_verbs = match["code"] or "---", []
            in_synset, in_block = False, True
        elif line.startswith("&"):
            in_synset = True
        elif in_synset and line.startswith("+"):
            continue
        elif not in_block:
            raise DataFileError(f"{where}: verb or pattern before the first '---' block")
        elif line.startswith("-"):
            match = _PATTERN.match(line)
            if match is None:
                raise DataFileError(f"{where}: a pattern needs a '*' and a [code]: {line!r}")
            words, reason = _pattern_words(match["pre"], match["post"])
            if words is None:
                result.skip(reason)
                continue
            for lemma in block_verbs:
                add(" ".join([lemma, *words]), match["code"])
        else:
            match = _VERB.fullmatch(line)
            if match is None:
                raise DataFileError(f"{where}: cannot read verb line {line!r}")
            head, *rest = match["verb"].lower().split("_")
            words, reason = _pattern_words("", " ".join(rest))
            if rest and not head.startswith("+"):
                words, reason = None, "multi-word verb not led by its verb"
            lemma = head.lstrip("+")
            if words is None or not _WORD.fullmatch(lemma):
                result.skip(reason or "unreadable verb")
                continue
            if not rest:
                block_verbs.append(lemma)
            add(" ".join([lemma, *words]), match["code"] or block_code)
    return result


def _pattern_words(pre: str, post: str) -> tuple[list[str] | None, str]:
    """Words to follow the verb lemma, or None and why our syntax cannot say it."""
    text = f"{pre} {post}"
    for marks, reason in _UNEXPRESSIBLE:
        if any(mark in text for mark in marks):
            return None, reason
    if len(pre.split()) > 1 or "(" in pre:
        return None, "more than one word before the verb"
    words = [word.rstrip("_").lower() for word in re.sub(r"[()]", " ", text).split()]
    if not all(_WORD.fullmatch(word) for word in words):
        return None, "word we cannot express"
    if any(word in _FUNCTION_WORDS for word in words):
        return None, "function word"
    if sum(word not in PREPOSITIONS for word in words) > 1:
        return None, "more than one object"
    return words, ""


# -- choosing an importer ----------------------------------------------------------------
IMPORTERS: dict[str, Callable[[Path | str], ImportResult]] = {
    "actors": import_actors,
    "agents": import_agents,
    "verbs": import_verbs,
}


def guess_kind(path: Path | str) -> str:
    """``verbs`` (``--- NAME [code] ---`` blocks), ``agents`` (``[~SEC]``) or ``actors``."""
    path = Path(path)
    text = "\n".join(line for _, line in _lines(path))
    if re.search(r"^---\s+\S+.*---$", text, re.MULTILINE):
        return "verbs"
    if re.search(r"\[(?:~[A-Z0-9]+|[A-Z0-9]+~)\]", text):
        return "agents"
    if re.search(r"\[(?:[A-Z0-9]{3,}|---)(?:\s[^\]]*)?\]", text):
        return "actors"
    raise DataFileError(f"{path.name}: not a PETRARCH actors, agents or verbs dictionary")


def import_dictionary(path: Path | str, kind: str | None = None) -> ImportResult:
    """Import a PETRARCH dictionary; ``kind`` (actors, agents, verbs) is guessed when None."""
    kind = kind or guess_kind(path)
    if kind not in IMPORTERS:
        raise ValueError(f"unknown dictionary kind {kind!r}; expected one of {sorted(IMPORTERS)}")
    return IMPORTERS[kind](path)
