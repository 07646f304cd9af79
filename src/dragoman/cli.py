"""The ``dragoman`` command line: thin wrappers over the pipeline, ingest and export."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dragoman import __version__
from dragoman.evaluation import BY_CHOICES, GoldFormatError, evaluate, read_gold
from dragoman.export import open_writer
from dragoman.ingest import read_inputs
from dragoman.pipeline import Pipeline, parse_date
from dragoman.schemas import Article, ArticleResult, InputError

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


def _results(
    inputs: list[str],
    date: dt.date | None,
    model: str | None,
    actors: list[Path] | None,
    quiet: bool,
    errors: list[InputError],
    lexicon: list[Path] | None = None,
) -> Iterator[ArticleResult]:
    """Code every readable input; unreadable ones are reported on stderr and collected."""
    pipeline = _pipeline(model, actors, lexicon)

    def articles() -> Iterator[Article]:
        for item in read_inputs(inputs, date):
            if isinstance(item, InputError):
                errors.append(item)
                if not quiet:
                    err.print(f"[yellow]skipped[/] {item.input}: {item.reason}")
            else:
                yield item

    count = events = 0
    started = time.perf_counter()
    with _progress(quiet) as progress:
        task = progress.add_task("coding", total=None, rate="") if progress else None
        for result in pipeline.process(articles()):
            count += 1
            events += len(result.events)
            if progress is not None:
                rate = count / max(time.perf_counter() - started, 1e-9)
                progress.update(task, advance=1, rate=f"{rate:.1f} articles/s, {events} events")
            yield result
    if not quiet:
        elapsed = time.perf_counter() - started
        err.print(
            f"{count} article(s) coded, {events} events, {len(errors)} rejected in {elapsed:.1f}s"
        )


def _pipeline(
    model: str | None, actors: list[Path] | None = None, lexicon: list[Path] | None = None
) -> Pipeline:
    """The pipeline, or a clear fatal error (exit 1) when the model or a data file is bad."""
    from dragoman.nlp import ModelNotFoundError
    from dragoman.resources import DataFileError

    try:
        return Pipeline(model, actor_files=actors or (), lexicon_files=lexicon or ())
    except (ModelNotFoundError, DataFileError, OSError) as error:
        err.print(f"[red]error[/]: {error}")
        raise typer.Exit(1) from error


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


def _finish(errors: list[InputError]) -> None:
    if errors:
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
    quiet: QuietOpt = False,
) -> None:
    """Code articles into events, one per line on stdout (logs go to stderr).

    Exit status: 0 when every input was coded, 3 when some inputs were rejected (each is
    reported on stderr), other non-zero on a fatal error."""
    errors: list[InputError] = []
    publication = _date_option(date)
    with _output(out) as stream:
        try:
            writer = open_writer(fmt, stream)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--format") from error
        for result in _results(inputs, publication, model, actors, quiet, errors, lexicon):
            for event in result.events:
                writer.write(event)
    _finish(errors)


def _mentions_command(
    inputs: list[str],
    date: str | None,
    out: Path | None,
    model: str | None,
    actors: list[Path] | None,
    quiet: bool,
    kind: str,
) -> None:
    errors: list[InputError] = []
    with _output(out) as stream:
        for result in _results(inputs, _date_option(date), model, actors, quiet, errors):
            for mention in result.actors if kind == "actors" else result.places:
                record = {"article_id": result.article.id, **mention.to_dict()}
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    _finish(errors)


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
    _mentions_command(inputs, date, out, model, actors, quiet, "actors")


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
    _mentions_command(inputs, date, out, model, None, quiet, "places")


@app.command()
def demo(model: ModelOpt = None) -> None:
    """Code the bundled example article and show its events as a table."""
    from dragoman.demo import demo_articles

    pipeline = _pipeline(model)
    console = Console()
    for result in pipeline.process(demo_articles()):
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


def _who(actor) -> str:
    return f"{actor.text}\n[{actor.code}]" if actor else ""


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
) -> None:
    """Score the coder against gold events: precision, recall and F1 on (source, target, type).

    Gold lines: {"id", "text", "date"?, "events": [{"source", "target", "cameo"?, "plover"?}]}.
    A gold country code (IRQ) matches any actor of that country (IRQGOV)."""
    if by not in BY_CHOICES:
        raise typer.BadParameter(f"choose one of {BY_CHOICES}", param_hint="--by")
    try:
        records = [record for path in gold for record in read_gold(path)]
    except (OSError, GoldFormatError) as error:
        err.print(f"[red]error[/]: {error}")
        raise typer.Exit(2) from error
    report = evaluate(_pipeline(model), records, by)
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
        return
    console = Console()
    summary = report.overall
    console.print(
        f"{report.records} records — precision {summary.precision:.3f}, "
        f"recall {summary.recall:.3f}, F1 {summary.f1:.3f}"
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
