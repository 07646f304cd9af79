"""The actor knowledge base: countries, organisations, role words and people with dated offices.

Loaded once from the package's data files (and any user files) into lookup tables that the
resolver compiles into phrase tables.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dragoman.actors.names import name_key, name_tokens, similar_parts
from dragoman.resources import DataFileError, bundled_files, data_path, read_tsv, split_list

PACKAGE = "dragoman.actors"


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    kind: str  # state | territory | region


@dataclass(frozen=True, slots=True)
class Organisation:
    code: str
    name: str
    country: str | None
    sector: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class Agent:
    phrase: str
    sector: str
    role: str | None
    person: bool


@dataclass(frozen=True, slots=True)
class Office:
    country: str
    sector: str
    role: str
    start: dt.date
    end: dt.date | None
    approx: bool

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(slots=True)
class Person:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)

    def office_on(self, day: dt.date | None) -> Office | None:
        """The office held on ``day``; with no date, the latest office."""
        if not self.offices:
            return None
        if day is None:
            return max(self.offices, key=lambda office: (office.end is None, office.start))
        current = [office for office in self.offices if office.holds_on(day)]
        if current:
            # Heads of government outrank their concurrent portfolios.
            return min(current, key=lambda office: _ROLE_RANK.get(office.role, 9))
        return None

    def home_country(self) -> str:
        return self.offices[-1].country if self.offices else ""


_ROLE_RANK = {"President": 0, "King": 0, "Emir": 0, "Supreme Leader": 0, "Prime Minister": 1}


@dataclass(frozen=True, slots=True)
class Surface:
    """What a proper-name string in text may stand for."""

    kind: str  # country | demonym | capital | metonym | organisation | person
    code: str
    entry_id: str


def parse_kb_date(value: str, *, end: bool = False) -> dt.date | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; partial dates cover their whole month or year."""
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not match:
        raise DataFileError(f"bad date {value!r}")
    year, month, day = match.groups()
    if day:
        return dt.date(int(year), int(month), int(day))
    if month:
        if not end:
            return dt.date(int(year), int(month), 1)
        next_month = dt.date(int(year) + int(month) // 12, int(month) % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)
    return dt.date(int(year), 12, 31) if end else dt.date(int(year), 1, 1)


def plural_forms(phrase: str) -> list[str]:
    """Regular plurals of a phrase's last word: ``interior minister`` -> ``interior ministers``."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith(("s", "x", "ch", "sh")):
        plural = last + "es"
    elif last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        plural = last[:-1] + "ies"
    elif last.endswith("man"):
        plural = last[:-3] + "men"
    else:
        plural = last + "s"
    return [f"{head} {plural}".strip()]


class ActorKB:
    """Every fact the resolver knows about actors, indexed for lookup."""

    def __init__(self) -> None:
        self.countries: dict[str, Country] = {}
        self.organisations: dict[str, Organisation] = {}
        """Keyed by ``code:name``: state bodies share a code (the Pentagon and CENTCOM are
        both ``USAMIL``)."""
        self.agents: dict[str, Agent] = {}
        self.people: dict[str, Person] = {}
        self.surfaces: dict[str, list[Surface]] = defaultdict(list)
        self._people_by_key: dict[str, set[str]] = defaultdict(set)
        self._people_by_surname: dict[str, set[str]] = defaultdict(set)
        self._surnames_by_length: dict[int, set[str]] = defaultdict(set)
        self._role_phrases: dict[str, tuple[str, ...]] | None = None
        self._organisation_countries: dict[str, str | None] = {}
        self.name_heads: frozenset[str] = frozenset()
        """Capitalised head nouns that make "Benin Bronzes" or "Oslo Accords" a thing's name."""
        self.group_heads: frozenset[str] = frozenset()
        """Nouns for a body of people that a role word makes an actor ("rebel splinter group")."""
        self._fuzzy_cache: dict[str, list[tuple[str, set[str]]]] = {}
        """One edit apart means lengths at most one apart: only those are compared."""

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def bundled(cls, extra_files: Iterable[Path] = ()) -> ActorKB:
        kb = cls()
        kb.load_countries(data_path(PACKAGE, "countries.tsv"))
        kb.load_organisations(data_path(PACKAGE, "organisations.tsv"))
        kb.load_agents(data_path(PACKAGE, "agents.tsv"))
        kb.load_name_heads(data_path(PACKAGE, "name_heads.tsv"))
        kb.load_group_heads(data_path(PACKAGE, "group_heads.tsv"))
        for path in bundled_files(PACKAGE, "people*.tsv"):
            kb.load_people(path)
        for path in extra_files:
            kb.load_user_file(Path(path))
        return kb

    def load_user_file(self, path: Path) -> None:
        """A user's TSV, recognised by its header: countries, organisations, agents or people."""
        header = next(iter(read_tsv(path)), None)
        if header is None:
            return
        columns = set(header)
        if {"id", "start"} <= columns:
            self.load_people(path)
        elif "phrase" in columns:
            self.load_agents(path)
        elif "demonyms" in columns:
            self.load_countries(path)
        elif {"code", "sector"} <= columns:
            self.load_organisations(path)
        else:
            raise DataFileError(f"{path}: unknown actor file layout (columns {sorted(columns)})")

    def _add_surface(self, text: str, surface: Surface) -> None:
        text = text.strip()
        if text.lower().startswith("the "):
            text = text[4:]
        if text and surface not in self.surfaces[text]:
            self.surfaces[text].append(surface)

    def load_countries(self, path: Path) -> None:
        for row in read_tsv(path):
            country = Country(row["code"], row["name"], row.get("kind") or "state")
            self.countries[country.code] = country
            for text in [country.name, *split_list(row.get("aliases"))]:
                self._add_surface(text, Surface("country", country.code, country.code))
            for text in split_list(row.get("demonyms")):
                self._add_surface(text, Surface("demonym", country.code, country.code))
            for text in split_list(row.get("capitals")):
                self._add_surface(text, Surface("capital", country.code, country.code))
            for text in split_list(row.get("metonyms")):
                self._add_surface(text, Surface("metonym", country.code, country.code))

    def load_organisations(self, path: Path) -> None:
        for row in read_tsv(path):
            org = Organisation(
                row["code"],
                row["name"],
                row.get("country") or None,
                row.get("sector") or None,
                row.get("kind") or "organisation",
            )
            entry_id = f"{org.code}:{org.name}"
            self.organisations[entry_id] = org
            self._organisation_countries.setdefault(org.code, org.country)
            for text in [org.name, *split_list(row.get("aliases"))]:
                self._add_surface(text, Surface("organisation", org.code, entry_id))

    def load_agents(self, path: Path) -> None:
        for row in read_tsv(path):
            phrase = row["phrase"].lower()
            agent = Agent(
                phrase,
                row["sector"],
                row.get("role") or None,
                (row.get("person") or "").lower() == "yes",
            )
            self.agents.setdefault(phrase, agent)
            for plural in plural_forms(phrase):
                self.agents.setdefault(plural, agent)

    def load_name_heads(self, path: Path) -> None:
        self.name_heads = self.name_heads | {row["word"].lower() for row in read_tsv(path)}

    def load_group_heads(self, path: Path) -> None:
        self.group_heads = self.group_heads | {row["word"].lower() for row in read_tsv(path)}

    def load_people(self, path: Path) -> None:
        for row in read_tsv(path):
            person = self.people.get(row["id"])
            if person is None:
                person = self.people[row["id"]] = Person(row["id"], row["name"])
            for alias in split_list(row.get("aliases")):
                if alias not in person.aliases:
                    person.aliases.append(alias)
            try:
                start = parse_kb_date(row["start"])
                end = parse_kb_date(row.get("end", ""), end=True)
            except DataFileError as error:
                raise DataFileError(f"{path.name}: {row['id']}: {error}") from error
            if start is None:
                raise DataFileError(f"{path.name}: {row['id']}: missing start date")
            person.offices.append(
                Office(
                    row["country"],
                    row.get("sector") or "GOV",
                    row["role"],
                    start,
                    end,
                    (row.get("approx") or "") == "yes",
                )
            )
            for text in [person.name, *person.aliases]:
                self._add_surface(text, Surface("person", row["country"], person.id))
                key = name_key(text)
                if key:
                    self._people_by_key[key].add(person.id)
                    surname = key.split()[-1]
                    self._people_by_surname[surname].add(person.id)
                    self._surnames_by_length[len(surname)].add(surname)
        for person in self.people.values():
            person.offices.sort(key=lambda office: office.start)

    # -- lookups -------------------------------------------------------------------------
    def find_person(self, text: str, day: dt.date | None) -> Person | None:
        """The KB person a name refers to, if exactly one fits. A full name may differ by
        spelling; a surname alone must match exactly and, with a date, name someone then in
        office ("Hussein" alone is nobody; "Kadhimi" in 2021 is the prime minister)."""
        parts = name_tokens(text)
        if not parts:
            return None
        candidates = self._people_by_key.get(" ".join(parts), set())
        if not candidates and len(parts) == 1:
            candidates = self._people_by_surname.get(parts[0], set())
            if day is not None:
                candidates = {
                    pid for pid in candidates if self.people[pid].office_on(day) is not None
                }
        elif not candidates:
            surname_ids = {pid for _, ids in self._fuzzy_surnames(parts[-1]) for pid in ids}
            candidates = {
                pid
                for pid in surname_ids
                if any(
                    self._given_names_agree(parts, name_tokens(alias))
                    for alias in [self.people[pid].name, *self.people[pid].aliases]
                )
            }
        return self._pick(candidates, day)

    def _fuzzy_surnames(self, surname: str) -> list[tuple[str, set[str]]]:
        exact = self._people_by_surname.get(surname)
        if exact:
            return [(surname, exact)]
        if surname not in self._fuzzy_cache:
            self._fuzzy_cache[surname] = self._near_surnames(surname)
        return self._fuzzy_cache[surname]

    def _near_surnames(self, surname: str) -> list[tuple[str, set[str]]]:
        nearby = (
            key
            for length in (len(surname) - 1, len(surname), len(surname) + 1)
            for key in self._surnames_by_length.get(length, ())
        )
        return [
            (key, self._people_by_surname[key]) for key in nearby if similar_parts(key, surname)
        ]

    @staticmethod
    def _given_names_agree(parts: list[str], known: list[str]) -> bool:
        if not known or not similar_parts(parts[-1], known[-1]):
            return False
        return similar_parts(parts[0], known[0])

    def _pick(self, ids: set[str], day: dt.date | None) -> Person | None:
        if not ids:
            return None
        people = [self.people[pid] for pid in sorted(ids)]
        if len(people) == 1:
            return people[0]
        if day is not None:
            in_office = [p for p in people if p.office_on(day) is not None]
            if len(in_office) == 1:
                return in_office[0]
        return None

    def phrases_for_role(self, role: str | None) -> tuple[str, ...]:
        """Every personal role phrase naming an office ("the minister", "interior minister")."""
        if role is None:
            return ()
        if self._role_phrases is None:
            index: dict[str, list[str]] = defaultdict(list)
            for phrase, agent in self.agents.items():
                if agent.person and agent.role:
                    index[agent.role].append(phrase)
            self._role_phrases = {key: tuple(value) for key, value in index.items()}
        return self._role_phrases.get(role, ())

    def agent_for(self, phrase: str) -> Agent | None:
        return self.agents.get(phrase.lower())

    def is_region(self, code: str | None) -> bool:
        country = self.countries.get(code or "")
        return country is not None and country.kind == "region"

    def organisation_country(self, code: str) -> str | None:
        """The home country of the organisation with this code (a Hamas leader's is PSE)."""
        return self._organisation_countries.get(code)

    def country_name(self, code: str) -> str:
        country = self.countries.get(code)
        return country.name if country else code
