"""The ``dragoman`` command line: thin wrappers over the pipeline, ingest and export."""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dragoman import __version__
from dragoman.actors.resolver import is_listed
from dragoman.evaluation import BY_CHOICES, GoldFormatError, evaluate, read_gold
from dragoman.events.calibration import Calibration, calibration_error
from dragoman.export import write_parquet, write_records
from dragoman.ingest import read_inputs
from dragoman.pipeline import Pipeline, parse_date
from dragoman.schemas import Article, ArticleResult, InputError
from dragoman.store import EventFilter, Store, StoreError

EXIT_REJECTED = 3
"""Some inputs were rejected, the rest were coded."""

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read English news; write who did what to whom, where and when.",
)
err = Console(stderr=True)

InputsArg = Annotated[
    list[str],
    typer.Argument(
        help="Text/HTML files, folders, .jsonl files (id, text, title, url, source, date), or - "
        "for standard input."
    ),
]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="Publication date YYYY-MM-DD for inputs without one.")
]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Write here, not stdout.")]
ModelOpt = Annotated[
    str | None, typer.Option("--model", help="spaCy pipeline to load (needs a parser and NER).")
]
LexiconOpt = Annotated[
    list[Path] | None,
    typer.Option("--lexicon", help="Extra event pattern YAML files (see events/data/README)."),
]
ActorsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--actors", help="Extra actor TSV files (countries, organisations, agents or people)."
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")]
SemanticOpt = Annotated[
    bool,
    typer.Option(
        "--semantic",
        help="Also code verbs the lexicon lacks, by their nearest pattern (all-MiniLM-L6-v2, "
        "off by default; needs pip install 'dragoman[semantic]').",
    ),
]


def _version(value: bool) -> None:
    if value:
        print(f"dragoman {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
) -> None:
    """dragoman: political event data from English news, with evidence for every event."""


def _date_option(value: str | None) -> dt.date | None:
    try:
        return parse_date(value)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--date") from error


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as stream:
        yield stream


@dataclass
class RunStats:
    """What a run did, for its closing summary."""

    coded: int = 0
    events: int = 0
    skipped: int = 0
    errors: list[InputError] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    def summary(self) -> str:
        elapsed = time.perf_counter() - self.started
        skipped = f", {self.skipped} already stored" if self.skipped else ""
        return (
            f"{self.coded} article(s) coded, {self.events} events{skipped}, "
            f"{len(self.errors)} rejected in {elapsed:.1f}s"
        )


def _results(
    inputs: list[str],
    date: dt.date | None,
    pipeline: Pipeline,
    quiet: bool,
    stats: RunStats,
    *,
    skip: Callable[[Article], bool] | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> Iterator[ArticleResult]:
    """Code every readable input; unreadable ones are reported on stderr and collected, and
    articles ``skip`` recognises (already stored) are not coded again."""

    def articles() -> Iterator[Article]:
        for item in read_inputs(inputs, date):
            if isinstance(item, InputError):
                stats.errors.append(item)
                if on_error is not None:
                    on_error(item)
                if not quiet:
                    err.print(f"[yellow]skipped[/] {item.input}: {item.reason}")
            elif skip is not None and skip(item):
                stats.skipped += 1
            else:
                yield item

    with _progress(quiet) as progress:
        task = progress.add_task("coding", total=None, rate="") if progress else None
        for result in pipeline.process(articles()):
            stats.coded += 1
            stats.events += len(result.events)
            if progress is not None:
                rate = stats.coded / max(time.perf_counter() - stats.started, 1e-9)
                progress.update(
                    task, advance=1, rate=f"{rate:.1f} articles/s, {stats.events} events"
                )
            yield result
    if not quiet:
        err.print(stats.summary())


def _pipeline(
    model: str | None,
    actors: list[Path] | None = None,
    lexicon: list[Path] | None = None,
    workers: int = 1,
    *,
    semantic: bool = False,
    raw_confidence: bool = False,
) -> Pipeline:
    """The pipeline, or a clear fatal error (exit 1) when the model or a data file is bad."""
    from dragoman.events.semantic import SemanticUnavailableError
    from dragoman.nlp import ModelNotFoundError
    from dragoman.resources import DataFileError

    try:
        pipeline = Pipeline(
            model,
            actor_files=actors or (),
            lexicon_files=lexicon or (),
            workers=workers,
            semantic=semantic,
            raw_confidence=raw_confidence,
        )
    except (ModelNotFoundError, DataFileError, SemanticUnavailableError, OSError) as error:
        err.print(f"[red]error[/]: {escape(str(error))}")  # keeps [semantic] as typed
        raise typer.Exit(1) from error
    # The model, knowledge base, lexicon and gazetteer live as long as the process: frozen,
    # the collector no longer walks them at each collection of the documents that come and
    # go (bench/throughput.py; peak memory unchanged).
    gc.freeze()
    return pipeline


@contextmanager
def _progress(quiet: bool) -> Iterator[Progress | None]:
    """A live counter on a terminal; nothing when quiet or piped."""
    if quiet or not err.is_terminal:
        yield None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed}"),
        TextColumn("articles"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[rate]}"),
    )
    with Progress(*columns, console=err, transient=True) as progress:
        yield progress


def _finish(stats: RunStats) -> None:
    if stats.errors:
        raise typer.Exit(EXIT_REJECTED)


@app.command()
def code(
    inputs: InputsArg,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="jsonl (the full event record) or csv (flat columns)."),
    ] = "jsonl",
    date: DateOpt = None,
    out: OutOpt = None,
    model: ModelOpt = None,
    actors: ActorsOpt = None,
    lexicon: LexiconOpt = None,
    semantic: SemanticOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Code articles into events, one per line on stdout (logs go to stderr).

    Exit status: 0 when every input was coded, 3 when some inputs were rejected (each is
    reported on stderr), other non-zero on a fatal error."""
    stats = RunStats()
    publication = _date_option(date)
    pipeline = _pipeline(model, actors, lexicon, semantic=semantic)
    with _output(out) as stream:
        results = _results(inputs, publication, pipeline, quiet, stats)
        _write(fmt, (event.to_dict() for result in results for event in result.events), stream)
    _finish(stats)


def _mentions_command(
    inputs: list[str],
    fmt: str,
    date: str | None,
    out: Path | None,
    model: str | None,
    actors: list[Path] | None,
    quiet: bool,
    kind: str,
) -> None:
    if fmt != "jsonl":
        raise typer.BadParameter("mentions are written as jsonl", param_hint="--format")
    stats = RunStats()
    publication = _date_option(date)
    with _output(out) as stream:
        pipeline = _pipeline(model, actors)
        for result in _results(inputs, publication, pipeline, quiet, stats):
            mentions = (
                [m for m in result.actors if is_listed(m)] if kind == "actors" else result.places
            )
            for mention in mentions:
                record = {"article_id": result.article.id, **mention.to_dict()}
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    _finish(stats)


@app.command("actors")
def actors_command(
    inputs: InputsArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl")] = "jsonl",
    date: DateOpt = None,
    out: OutOpt = None,
    model: ModelOpt = None,
    actors: ActorsOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Print the resolved actor mentions, one JSON object per line."""
    _mentions_command(inputs, fmt, date, out, model, actors, quiet, "actors")


@app.command()
def places(
    inputs: InputsArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl")] = "jsonl",
    date: DateOpt = None,
    out: OutOpt = None,
    model: ModelOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Print the resolved place mentions, one JSON object per line."""
    _mentions_command(inputs, fmt, date, out, model, None, quiet, "places")


@app.command()
def demo(
    model: ModelOpt = None,
    db: Annotated[Path, typer.Option("--db", help="Store the demo here.")] = Path(
        "dragoman-demo.db"
    ),
) -> None:
    """Code the bundled example article, show its events as a table, and store them in an
    embedded SQLite file the dashboard can open."""
    from dragoman.demo import demo_articles

    pipeline = _pipeline(model)
    console = Console()
    store = _store(db)
    for result in pipeline.process(demo_articles()):
        store.add(result)
        table = Table(title=f"{result.article.id} ({result.article.date})", show_lines=True)
        for column in ("who", "did what", "to whom", "where", "when", "evidence"):
            table.add_column(column, overflow="fold")
        for event in result.events:
            flags = [k for k, v in event.modality.to_dict().items() if v]
            what = f"{event.cameo.code} {event.cameo.name}\n{event.plover.type or ''}"
            if flags:
                what += f"\n({', '.join(flags)})"
            table.add_row(
                _who(event.source),
                what,
                _who(event.target),
                event.location.name if event.location else "",
                event.date.value or "" if event.date else "",
                f"“{event.trigger.text}” — {event.sentence.strip()}",
            )
        console.print(table)
        console.print(
            f"{len(result.events)} events, {len(result.actors)} actor mentions, "
            f"{len(result.places)} places."
        )
    counts = store.stats()
    store.close()
    console.print(
        f"Stored in {db} ({counts['articles']} article, {counts['events']} events). "
        f"Open the dashboard with:\n  pip install -e '.[server]' && dragoman serve --db {db}\n"
        "then browse http://127.0.0.1:8000/",
        markup=False,
    )


def _who(actor) -> str:
    return f"{actor.text}\n[{actor.code}]" if actor else ""


def _write(fmt: str, records: Iterator[dict], stream: TextIO) -> int:
    try:
        return write_records(fmt, records, stream)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--format") from error


DbOpt = Annotated[Path, typer.Option("--db", help="The SQLite store (created if missing).")]


def _store(path: Path) -> Store:
    try:
        return Store(path)
    except StoreError as error:
        err.print(f"[red]error[/]: {error}")
        raise typer.Exit(1) from error


@app.command()
def ingest(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Text/HTML files, folders, .jsonl files (id, text, title, url, source, date), "
            "or - for standard input.",
            show_default=False,
        ),
    ] = None,
    db: DbOpt = Path("dragoman.db"),
    from_parquet: Annotated[
        Path | None,
        typer.Option(
            "--from-parquet",
            help="Store the events `dragoman spark` wrote (its --out folder or one of its "
            "files) instead of coding INPUTS.",
        ),
    ] = None,
    date: DateOpt = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes, each running the whole pipeline.")
    ] = 1,
    model: ModelOpt = None,
    actors: ActorsOpt = None,
    semantic: SemanticOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Code articles and store them, their actors and their events in the SQLite store.

    Also reads RSS/Atom files (.rss, .atom, .xml) and CSV with a text column. Articles already
    stored (same text and url) are skipped; a changed article (same url, new text) replaces
    its old version. Each article is committed on its own, so a killed run resumes where it
    stopped, without duplicates. Unreadable inputs are recorded as errors and the batch goes on.

    With --from-parquet, the articles and events of a `dragoman spark` run are stored as
    they are, in input order and with the same dedup, so the store is that of `dragoman
    ingest` on the same articles (articles without events are not in Spark's output).

    Exit status: 0 when every input was coded, 3 when some inputs were rejected, 1 when the
    database cannot be opened or written, or --from-parquet is not Spark's event output."""
    if (from_parquet is None) == (not inputs):
        raise typer.BadParameter("give either INPUTS to code or --from-parquet DIR_OR_FILE")
    stats = RunStats()
    if from_parquet is not None:
        with _store(db) as store:
            _ingest_parquet(store, from_parquet, quiet, stats)
        _finish(stats)
        return
    publication = _date_option(date)
    with _store(db) as store:
        pipeline = _pipeline(model, actors, workers=workers, semantic=semantic)
        try:
            for result in _results(
                inputs,
                publication,
                pipeline,
                quiet,
                stats,
                skip=store.has,
                on_error=store.add_error,
            ):
                store.add(result)
        except StoreError as error:
            err.print(f"[red]error[/]: {error}")
            raise typer.Exit(1) from error
    _finish(stats)


def _ingest_parquet(store: Store, path: Path, quiet: bool, stats: RunStats) -> None:
    """Report `ingest_parquet` as `_results` reports coding: skipped articles on stderr, a
    closing summary; a fatal error exits 1."""
    from dragoman.store.parquet import ParquetInputError, ingest_parquet

    try:
        for outcome in ingest_parquet(store, path):
            if isinstance(outcome, InputError):
                stats.errors.append(outcome)
                if not quiet:
                    err.print(f"[yellow]skipped[/] {outcome.input}: {outcome.reason}")
            elif outcome.status == "duplicate":
                stats.skipped += 1
            else:
                stats.coded += 1
                stats.events += outcome.events
    except (ParquetInputError, StoreError) as error:
        err.print(f"[red]error[/]: {error}")
        raise typer.Exit(1) from error
    if not quiet:
        err.print(stats.summary())


@app.command()
def stats(
    db: DbOpt = Path("dragoman.db"), as_json: Annotated[bool, typer.Option("--json")] = False
) -> None:
    """Counts of the store: articles, events, mentions, errors, sources, first and last date."""
    if not db.exists():
        err.print(f"[red]error[/]: no database at {db}")
        raise typer.Exit(1)
    with _store(db) as store:
        counts = store.stats()
    if as_json:
        print(json.dumps(counts))
    else:
        for key, value in counts.items():
            print(f"{key:>12}: {value}")


@app.command()
def export(
    db: DbOpt = Path("dragoman.db"),
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="jsonl, csv, parquet, gdelt (GDELT 2.0 events) or polecat."
        ),
    ] = "jsonl",
    out: OutOpt = None,
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
    actor: Annotated[str | None, typer.Option(help="Source or target code prefix.")] = None,
    dyad: Annotated[
        str | None, typer.Option(help="SOURCE-TARGET code prefixes, e.g. IRQ-QAT.")
    ] = None,
    code: Annotated[str | None, typer.Option("--code", help="CAMEO code prefix.")] = None,
) -> None:
    """Export the stored events, deduplicated, each with its mentions and counts."""
    for value, name in ((since, "--since"), (until, "--until")):
        try:
            parse_date(value)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint=name) from error
    pair = tuple(dyad.split("-", 1)) if dyad else None
    if dyad and len(pair) != 2:
        raise typer.BadParameter("expected SOURCE-TARGET, e.g. IRQ-QAT", param_hint="--dyad")
    where = EventFilter(since=since, until=until, actor=actor, dyad=pair, code=code)
    if not db.exists():
        err.print(f"[red]error[/]: no database at {db}")
        raise typer.Exit(1)
    with _store(db) as store:
        records = store.events(where)
        if fmt == "parquet":
            if out is None:
                raise typer.BadParameter("Parquet needs --out FILE", param_hint="--out")
            count = write_parquet(records, out)
        else:
            with _output(out) as stream:
                count = _write(fmt, records, stream)
    err.print(f"{count} events exported")


dict_app = typer.Typer(help="Bring in PETRARCH/TABARI dictionaries as dragoman data files.")
app.add_typer(dict_app, name="dict")


@dict_app.command("import")
def dict_import(
    source: Annotated[Path, typer.Argument(help="A PETRARCH .actors, agents or verbs file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write our TSV/YAML.")],
    kind: Annotated[
        str | None, typer.Option(help="actors, agents or verbs (guessed when omitted).")
    ] = None,
) -> None:
    """Convert a PETRARCH dictionary into dragoman's formats.

    Use the result with `dragoman code --actors FILE` (actors, agents; dated entries go to
    FILE's `.people.tsv` sibling) or `dragoman code --lexicon FILE` (verbs)."""
    from dragoman.dictionaries import import_dictionary
    from dragoman.resources import DataFileError

    try:
        result = import_dictionary(source, kind)
    except (OSError, DataFileError) as error:
        err.print(f"[red]error[/]: {error}")
        raise typer.Exit(2) from error
    written = result.write(out)
    err.print(
        f"{result.kind}: {len(result.rows) + len(result.people):,} entries written to "
        f"{', '.join(map(str, written))}; {result.skipped:,} skipped"
    )
    for reason, count in result.reasons.most_common():
        err.print(f"  {count:>7,}  {reason}")


@app.command("eval")
def eval_command(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL file(s).")],
    by: Annotated[str, typer.Option(help="plover, cameo-root or cameo.")] = "plover",
    as_json: Annotated[bool, typer.Option("--json")] = False,
    model: ModelOpt = None,
    semantic: SemanticOpt = False,
    calibrate: Annotated[
        Path | None,
        typer.Option(
            "--calibrate",
            help="Fit the confidence calibration on this gold set and write the table to FILE "
            "(src/dragoman/events/data/calibration.tsv is the bundled one).",
        ),
    ] = None,
) -> None:
    """Score the coder against gold events: precision, recall and F1 on (source, target, type),
    and how well its confidence is calibrated (expected calibration error, ECE).

    Gold lines: {"id", "text", "date"?, "events": [{"source", "target", "cameo"?, "plover"?}]}.
    A gold country code (IRQ) matches any actor of that country (IRQGOV)."""
    if by not in BY_CHOICES:
        raise typer.BadParameter(f"choose one of {BY_CHOICES}", param_hint="--by")
    try:
        records = [record for path in gold for record in read_gold(path)]
    except (OSError, GoldFormatError) as error:
        err.print(f"[red]error[/]: {error}")
        raise typer.Exit(2) from error
    pipeline = _pipeline(model, semantic=semantic, raw_confidence=calibrate is not None)
    report = evaluate(pipeline, records, by)
    if calibrate is not None:
        fitted = Calibration.fit(report.scored)
        fitted.write(calibrate, len(report.scored))
        after = calibration_error([(fitted(c), right) for c, right in report.scored])
        err.print(
            f"calibration written to {calibrate}: ECE {report.calibration_error:.3f} raw, "
            f"{after:.3f} calibrated (on these records)"
        )
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
        return
    console = Console()
    summary = report.overall
    console.print(
        f"{report.records} records — precision {summary.precision:.3f}, "
        f"recall {summary.recall:.3f}, F1 {summary.f1:.3f}; "
        f"confidence calibration error {report.calibration_error:.3f}"
    )
    table = Table(title=f"per {by}")
    for column in ("type", "gold", "predicted", "correct", "P", "R", "F1"):
        table.add_column(column, justify="right")
    for name, scores in sorted(report.per_type.items()):
        table.add_row(
            name,
            str(scores.gold),
            str(scores.predicted),
            str(scores.true_positives),
            f"{scores.precision:.2f}",
            f"{scores.recall:.2f}",
            f"{scores.f1:.2f}",
        )
    console.print(table)
    confusion = Table(title="confusion (gold → predicted, errors only)")
    for column in ("gold", "predicted", "count"):
        confusion.add_column(column)
    for (gold_type, predicted), count in report.confusion.most_common():
        if gold_type != predicted:
            confusion.add_row(gold_type, predicted, str(count))
    console.print(confusion)


def _register_optional_commands() -> None:
    """Commands whose code lives with their feature: ``serve`` (FastAPI, the [server] extra)
    and ``spark`` (PySpark, the [spark] extra); both import their heavy parts lazily."""
    from dragoman.server.cli import register as register_server

    register_server(app)
    try:
        from dragoman.spark import register as register_spark
    except ImportError:  # pragma: no cover - the module ships with the package
        return
    register_spark(app)


_register_optional_commands()
