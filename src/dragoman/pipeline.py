"""Runs the stages over a stream of articles: nlp -> actors -> places -> events -> dates.

Places run before events (DESIGN.md lists them after): a place tells which country
"the police" belong to, and stands for its country where no actor is named.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from pathlib import Path

from spacy.tokens import Doc

from dragoman.actors import ActorKB, ActorResolver
from dragoman.dates import DateResolver
from dragoman.events import EventCoder, Lexicon
from dragoman.events.calibration import Calibration
from dragoman.nlp import load_nlp, sentence_of
from dragoman.places import Gazetteer, Geoparser
from dragoman.schemas import Article, ArticleResult, Event

ACTOR_TOPONYM_KINDS = frozenset({"country", "region"})
"""Country and capital names that act ("Doha opposed ...") rather than locate."""


class Pipeline:
    """Loads the model, knowledge base and lexicon once; then codes articles as a stream."""

    def __init__(
        self,
        model: str | None = None,
        *,
        actor_files: Iterable[Path] = (),
        lexicon_files: Iterable[Path] = (),
        batch_size: int = 32,
        workers: int = 1,
        semantic: bool = False,
        raw_confidence: bool = False,
    ) -> None:
        self.nlp = load_nlp(model)
        self.kb = ActorKB.bundled(actor_files)
        self.actors = ActorResolver(self.nlp, self.kb)
        self.lexicon = Lexicon.bundled(tuple(lexicon_files))
        self.coder = EventCoder(
            self.lexicon,
            self.kb.country_name,
            calibration=None if raw_confidence else Calibration.bundled(),
        )
        if semantic:  # the [semantic] extra: torch is imported only here
            from dragoman.events.semantic import SemanticMatcher

            self.coder.semantic = SemanticMatcher(self.lexicon)
        self.geoparser = Geoparser(Gazetteer())
        self.dates = DateResolver()
        self.batch_size = batch_size
        self.workers = workers if "fork" in multiprocessing.get_all_start_methods() else 1

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Code articles lazily, in input order. With several workers, forked copies of this
        pipeline (the knowledge base and lexicon shared copy-on-write) each run every stage on
        a batch; only a few batches are in flight at a time, so memory stays bounded."""
        if self.workers <= 1:
            yield from self._process_here(articles)
            return
        global _FORKED
        _FORKED = self
        # Small tasks keep both workers busy to the end; a bounded queue of tasks in flight
        # keeps memory flat and never waits for a whole window to drain.
        batches = _batched(iter(articles), min(self.batch_size, FORKED_TASK_ARTICLES))
        with multiprocessing.get_context("fork").Pool(self.workers) as pool:
            pending: deque[AsyncResult] = deque()
            for batch in batches:
                pending.append(pool.apply_async(_process_forked, (batch,)))
                if len(pending) >= self.workers * 4:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()

    def _process_here(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        stream = ((article.text, article) for article in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=self.batch_size):
            yield self.analyse(doc, article)

    def analyse(self, doc: Doc, article: Article) -> ArticleResult:
        actors = self.actors.resolve(doc, article.date)
        places = self.geoparser.places(doc, actors)
        self.actors.assign_context_countries(doc, actors, places)
        events = self.coder.code(doc, actors, article.id, places)
        actor_starts = frozenset(m.start for m in actors if m.kind in ACTOR_TOPONYM_KINDS)
        for event in events:
            trigger = doc[event.trigger_token]
            event.location = self.geoparser.event_location(
                trigger,
                event.cameo.root,
                event.target.start if event.target else None,
                places,
                actor_starts,
            )
            event.date = self.dates.event_date(trigger, sentence_of(trigger), article.date)
        return ArticleResult(article, actors, places, events)

    def code(
        self, text: str, date: dt.date | str | None = None, article_id: str = "text"
    ) -> list[Event]:
        article = Article(id=article_id, text=text, date=parse_date(date))
        return next(self.process([article])).events


FORKED_TASK_ARTICLES = 8
_FORKED: Pipeline | None = None
"""The pipeline a forked worker inherited from its parent."""


def _process_forked(batch: list[Article]) -> list[ArticleResult]:
    assert _FORKED is not None, "workers are forked from a loaded pipeline"
    return list(_FORKED._process_here(batch))


def _batched(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while batch := list(islice(articles, size)):
        yield batch


def parse_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError as error:
        raise ValueError(f"Invalid date {value!r}: expected YYYY-MM-DD") from error
