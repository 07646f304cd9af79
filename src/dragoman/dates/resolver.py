"""Resolve news date expressions ("in early March", "last week", "in 2017") to dates.

Absolute dates are parsed with python-dateutil; the relative phrasing of news is handled by
our own rules, always relative to the publication date and never invented when it is missing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil import parser as date_parser
from spacy.tokens import Span, Token

from dragoman.nlp import sentence_of
from dragoman.schemas import EventDate

HISTORICAL_DAYS = 365
"""An event that ended more than a year before publication is background history."""

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
UNITS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "several": 3, "few": 3, "a few": 3,
}  # fmt: skip
EARLY_LATE = re.compile(r"^(?:early|late) (?=(?:this|last|yesterday|today))")
TIME_OF_DAY = re.compile(r" (?:morning|afternoon|evening|night)$")

_YEAR = r"(1[89]\d\d|20\d\d)"


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _range(start: dt.date, end: dt.date) -> str:
    return f"{_iso(start)}/{_iso(end)}"


def _month_before(publication: dt.date, month: int) -> int:
    """The year of the latest ``month`` not after publication (March 2021 for an Oct 2021 text)."""
    return publication.year if month <= publication.month else publication.year - 1


def resolve_expression(text: str, publication: dt.date | None) -> EventDate | None:
    """An ``EventDate`` for a date expression, or None when it says nothing usable."""
    phrase = re.sub(r"\s+", " ", text.strip().lower())
    phrase = re.sub(
        r"^(in|on|at|during|since|from|by|until|of|over|around|about|between)\s+", "", phrase
    )
    phrase = re.sub(r"^the\s+", "", phrase)
    result = _absolute(phrase, publication) or (
        _relative(phrase, publication) if publication else None
    )
    if result is None:
        return None
    value, precision = result
    historical = False
    if publication is not None:
        historical = (publication - _end_of(value)).days > HISTORICAL_DAYS
    return EventDate(
        value=value,
        precision=precision,
        text=text.strip(),
        from_publication=False,
        historical=historical,
    )


def _end_of(value: str) -> dt.date:
    """The last day a date value covers."""
    last = value.split("/")[-1]
    parts = [int(p) for p in last.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], 12, 31)


def _season(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    end_year = year + 1 if last < first else year
    return dt.date(year, first, 1), dt.date(end_year, last, calendar.monthrange(end_year, last)[1])


def _absolute(phrase: str, publication: dt.date | None) -> tuple[str, str] | None:
    if match := re.fullmatch(rf"(?:early|mid|late|mid-)?\s*-?{_YEAR}s?", phrase):
        if phrase.endswith("s") and not phrase.endswith("'s"):
            decade = int(match.group(1))
            return _range(dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31)), "range"
        return match.group(1), "year"
    if match := re.fullmatch(rf"{_YEAR}\s*(?:-|–|to|and)\s*{_YEAR}", phrase):
        start, end = int(match.group(1)), int(match.group(2))
        return _range(dt.date(start, 1, 1), dt.date(end, 12, 31)), "range"
    if match := re.fullmatch(r"(spring|summer|autumn|fall|winter) (?:of )?" + _YEAR, phrase):
        first, last = SEASONS[match.group(1)]
        return _range(*_season(int(match.group(2)), first, last)), "range"
    month_pattern = "|".join(sorted(MONTHS, key=len, reverse=True))
    if match := re.fullmatch(
        rf"(?:early|mid|late|mid-|the end of|the beginning of|end of"
        rf"|beginning of|the start of|start of|the middle of)?\s*-?"
        rf"({month_pattern})\.?,?\s*(?:of\s+)?{_YEAR}?",
        phrase,
    ):
        month = MONTHS[match.group(1)]
        if match.group(2):
            return _month_value(int(match.group(2)), month), "month"
        if publication is None:
            return None
        return _month_value(_month_before(publication, month), month), "month"
    if re.search(r"\d", phrase) and re.search(month_pattern, phrase):
        parsed = _parse_day(phrase, publication.year if publication else 2000)
        if parsed is None:
            return None
        if not re.search(_YEAR, phrase):
            if publication is None:
                return None
            if parsed > publication:
                parsed = parsed.replace(year=parsed.year - 1)
        return _iso(parsed), "day"
    return None


def _parse_day(phrase: str, year: int) -> dt.date | None:
    """dateutil's reading of a day; without a year, the nearest earlier year where it exists
    (``Feb. 29``)."""
    for candidate in range(year, year - 8, -1):
        try:
            return date_parser.parse(
                phrase, default=dt.datetime(candidate, 1, 1), fuzzy=True
            ).date()
        except (ValueError, OverflowError):
            continue
    return None


def _relative(phrase: str, publication: dt.date) -> tuple[str, str] | None:
    day = publication
    phrase = EARLY_LATE.sub("", phrase)
    if phrase not in ("last night", "this morning", "this evening"):
        phrase = TIME_OF_DAY.sub("", phrase)
    simple = {
        "today": 0,
        "yesterday": 1,
        "tonight": 0,
        "this morning": 0,
        "this evening": 0,
        "last night": 1,
        "the day before yesterday": 2,
        "day before yesterday": 2,
    }
    if phrase in simple:
        return _iso(day - dt.timedelta(days=simple[phrase])), "day"
    weekday = re.fullmatch(
        r"(?:last |this |on |early |late )?(monday|tuesday|wednesday|thursday|"
        r"friday|saturday|sunday)(?: morning| evening| night| afternoon)?",
        phrase,
    )
    if weekday:
        delta = (day.weekday() - WEEKDAYS[weekday.group(1)]) % 7
        if phrase.startswith("last") and delta == 0:
            delta = 7
        return _iso(day - dt.timedelta(days=delta)), "day"
    if phrase in ("last week", "previous week"):
        monday = day - dt.timedelta(days=day.weekday() + 7)
        return _range(monday, monday + dt.timedelta(days=6)), "range"
    if phrase in ("this week", "earlier this week"):
        monday = day - dt.timedelta(days=day.weekday())
        return _range(monday, day), "range"
    if phrase in ("last month", "previous month"):
        last = day.replace(day=1) - dt.timedelta(days=1)
        return _month_value(last.year, last.month), "month"
    if phrase in ("this month", "earlier this month"):
        return _month_value(day.year, day.month), "month"
    if phrase in ("last year", "previous year"):
        return str(day.year - 1), "year"
    if phrase in ("this year", "earlier this year"):
        return str(day.year), "year"
    season = re.fullmatch(r"(last|this|past) (spring|summer|autumn|fall|winter)", phrase)
    if season:
        first, last = SEASONS[season.group(2)]
        year = day.year if first <= day.month else day.year - 1
        start, end = _season(year, first, last)
        if season.group(1) != "this" and end >= day:
            start, end = _season(year - 1, first, last)
        return _range(start, end), "range"
    span = re.fullmatch(
        r"(?:over |in |during |for )?(?:the )?(?:past|last|recent|previous)"
        r"(?: (\w+))? (day|week|month|year|decade)s?",
        phrase,
    )
    if span:
        count_word = span.group(1) or ("several" if phrase.endswith("s") else "one")
        count = NUMBER_WORDS.get(count_word, int(count_word) if count_word.isdigit() else 3)
        start = day - dt.timedelta(days=UNITS[span.group(2)] * count)
        return _range(start, day), "range"
    ago = re.fullmatch(r"(\w+) (day|week|month|year)s? ago", phrase)
    if ago:
        count = NUMBER_WORDS.get(ago.group(1), int(ago.group(1)) if ago.group(1).isdigit() else 0)
        if count:
            when = day - dt.timedelta(days=UNITS[ago.group(2)] * count)
            precision = {"day": "day", "week": "day", "month": "month", "year": "year"}[
                ago.group(2)
            ]
            value = {
                "day": _iso(when),
                "month": _month_value(when.year, when.month),
                "year": str(when.year),
            }[precision]
            return value, precision
    return None


class DateResolver:
    """Finds the date words that govern an event and resolves them."""

    def event_date(self, trigger: Token, sent: Span, publication: dt.date | None) -> EventDate:
        candidates = self._candidates(trigger, sent)
        for expression in candidates:
            resolved = resolve_expression(expression, publication)
            if resolved is not None:
                return resolved
        if publication is None:
            # "last week" with no publication date: keep the words, invent nothing.
            text = candidates[0] if candidates else None
            return EventDate(None, None, text, from_publication=text is None)
        return EventDate(_iso(publication), "day", None, from_publication=True)

    @staticmethod
    def _candidates(trigger: Token, sent: Span) -> list[str]:
        """Date entities nearest the trigger in the tree first, then in the sentence."""
        doc = sent.doc
        by_sentence = doc.user_data.get("dragoman_dates")
        if by_sentence is None:  # Span.ents walks the whole document: group them once
            by_sentence = doc.user_data["dragoman_dates"] = {}
            for ent in doc.ents:
                if ent.label_ == "DATE":
                    by_sentence.setdefault(sentence_of(ent[0]).start, []).append(ent)
        dates = by_sentence.get(sent.start, [])
        if not dates:
            return []
        ancestors = {trigger.i, *(t.i for t in trigger.ancestors)}

        def distance(ent: Span) -> tuple[int, int]:
            root = ent.root
            steps = 0
            node = root
            while node.i not in ancestors and node.head != node and steps < 12:
                node, steps = node.head, steps + 1
            own = node.i == trigger.i
            return (0 if own else 1, steps + abs(root.i - trigger.i) // 8)

        ranked = sorted(dates, key=distance)
        return [ent.text for ent in ranked]
