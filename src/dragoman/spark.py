"""The pipeline as a PySpark job: one loaded pipeline per executor Python process.

Articles stream through ``Pipeline.process`` inside ``mapInPandas``, so a Spark run codes each
article exactly as `dragoman code` does and gives the same event ids. pyspark is an optional
extra (``pip install 'dragoman[spark]'``) and is imported only inside functions.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from dragoman.export.writers import FLAT_COLUMNS, flat_row
from dragoman.ingest.readers import JSONL_SUFFIXES, article_from_record, parse_record_line
from dragoman.pipeline import Pipeline, parse_date
from dragoman.schemas import Article, Event, InputError
from dragoman.store.dedup import date_span
from dragoman.store.parquet import RECORD_COLUMN, STORE_COLUMNS, store_columns

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

ARTICLE_COLUMNS = ("id", "text", "date", "title", "url", "source", "origin")
"""The article fields the job carries, all strings; ``origin`` names the input in errors."""
POSITION_COLUMN = "position"
"""An article's place in the input (a JSONL line number, else Spark's row order), carried
through the job so the store can add articles in input order."""
PARTITION_COLUMN = "date_partition"
SPARK_TYPES = {"string": "string", "int64": "bigint", "bool": "boolean", "float64": "double"}
"""Spark SQL names of the Arrow types in ``FLAT_COLUMNS``."""
PANDAS_TYPES = {"string": "object", "int64": "Int64", "bool": "boolean", "float64": "float64"}
"""Nullable pandas dtypes for them: a missing geonames_id stays null, not NaN or 0."""
OUTPUT_BATCH_EVENTS = 2_000
"""Events per pandas batch handed back to Spark; bounds executor memory."""

_PIPELINES: dict[str | None, Pipeline] = {}
"""The pipelines this Python process has loaded, by model: Spark reuses its Python workers,
so each executor process loads the model once, not once per task."""


class SparkJobError(ValueError):
    """The job cannot start: pyspark or Java is missing, or the input lacks a column."""


def executor_pipeline(model: str | None = None) -> Pipeline:
    """The pipeline of this process, loaded on first use."""
    pipeline = _PIPELINES.get(model)
    if pipeline is None:
        pipeline = _PIPELINES[model] = Pipeline(model)
    return pipeline


# -- output schema -------------------------------------------------------------------------
OUTPUT_COLUMNS: dict[str, str] = {**FLAT_COLUMNS, PARTITION_COLUMN: "string", **STORE_COLUMNS}
"""The coded rows: flat export columns, ``date_partition``, and what the store needs to take
them back (``dragoman.store.parquet.STORE_COLUMNS``)."""


def output_schema() -> str:
    """Spark DDL of the coded rows (``OUTPUT_COLUMNS``)."""
    return ", ".join(f"`{name}` {SPARK_TYPES[kind]}" for name, kind in OUTPUT_COLUMNS.items())


def partition_date(event_date: str | None, published: dt.date | None) -> str | None:
    """First day of the event's date (``2021-05`` -> ``2021-05-01``), else the publication
    date: coarse dates still land in a real day's partition."""
    if event_date:
        try:
            span = date_span(event_date, None, None)
        except ValueError:
            span = None  # a malformed date stays in the `date` column; file it by publication
        if span is not None:
            return span.start.isoformat()
    return published.isoformat() if published else None


def event_row(event: Event, index: int, article: Article, position: int | None) -> dict[str, Any]:
    """One output row: the ``index``-th event of the article at ``position`` in the input."""
    record = event.to_dict()
    row = flat_row(record)
    row[PARTITION_COLUMN] = partition_date(record["date"] and record["date"]["value"], article.date)
    row.update(store_columns(article, position, index, record))
    return row


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    types = {name: PANDAS_TYPES[kind] for name, kind in OUTPUT_COLUMNS.items()}
    frame = pd.DataFrame.from_records(rows, columns=list(types))
    return frame.astype(types)


# -- articles ------------------------------------------------------------------------------
def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def row_article(row: dict[str, Any], default_date: dt.date | None) -> Article | InputError:
    """An ``Article`` from one row of the job's article columns, normalised and checked by
    the same reader code as `dragoman code`; a bad row becomes an ``InputError``."""
    record = {key: None if _missing(value) else value for key, value in row.items()}
    origin = record.get("origin") or f"id {record.get('id')}"
    if record.get("id") in (None, ""):
        return InputError(origin, "article needs an id")
    if not isinstance(record.get("text"), str):
        return InputError(origin, "record needs a string field 'text'")
    return article_from_record(record, default_id="", default_date=default_date, origin=origin)


def _articles(
    batches: Iterator[pd.DataFrame], default_date: dt.date | None
) -> Iterator[tuple[int | None, Article | InputError]]:
    """Each row's position in the input and its article (or why it is not one)."""
    for batch in batches:
        for row in batch.to_dict("records"):
            position = row.pop(POSITION_COLUMN, None)
            yield None if _missing(position) else int(position), row_article(row, default_date)


def _code_batches(
    batches: Iterator[pd.DataFrame], default_date: dt.date | None, model: str | None
) -> Iterator[pd.DataFrame]:
    """The executor side: the process's pipeline, fed the partition's articles as a stream."""
    pipeline = executor_pipeline(model)
    positions: deque[int | None] = deque()  # results come back in input order

    def articles() -> Iterator[Article]:
        for position, item in _articles(batches, default_date):
            if isinstance(item, Article):
                positions.append(position)
                yield item

    rows: list[dict[str, Any]] = []
    for result in pipeline.process(articles()):
        position = positions.popleft()
        rows.extend(
            event_row(event, index, result.article, position)
            for index, event in enumerate(result.events)
        )
        if len(rows) >= OUTPUT_BATCH_EVENTS:
            yield _frame(rows)
            rows = []
    if rows:
        yield _frame(rows)


def _rejected_batches(
    batches: Iterator[pd.DataFrame], default_date: dt.date | None
) -> Iterator[pd.DataFrame]:
    import pandas as pd

    errors = [
        {"input": item.input, "reason": item.reason}
        for _, item in _articles(batches, default_date)
        if isinstance(item, InputError)
    ]
    yield pd.DataFrame(errors, columns=["input", "reason"], dtype="object")


def _article_columns(df: DataFrame, text_col: str, id_col: str, date_col: str | None) -> DataFrame:
    """The input's article columns under our names, as strings (a Date column becomes
    ``YYYY-MM-DD``, a timestamp ``YYYY-MM-DD hh:mm:ss``, read by its first ten characters),
    and each row's ``position``: the input's own, else its row order."""
    from pyspark.sql import functions as F

    names = {"id": id_col, "text": text_col, "date": date_col}
    for field, column in names.items():
        if field != "date" and column not in df.columns:
            raise SparkJobError(
                f"the input has no {field} column {column!r} (columns: {', '.join(df.columns)})"
            )
    selected = []
    for field in ARTICLE_COLUMNS:
        column = names.get(field, field)
        value = F.col(column) if column in df.columns else F.lit(None)
        selected.append(value.cast("string").alias(field))
    position = (
        F.col(POSITION_COLUMN) if POSITION_COLUMN in df.columns else F.monotonically_increasing_id()
    )
    selected.append(position.cast("long").alias(POSITION_COLUMN))
    return df.select(*selected)


def code_dataframe(
    df: DataFrame,
    text_col: str = "text",
    id_col: str = "id",
    date_col: str = "date",
    default_date: dt.date | str | None = None,
    model: str | None = None,
) -> DataFrame:
    """Code a DataFrame of articles into one row per event.

    Rows get the flat export columns (``FLAT_COLUMNS``, typed), ``date_partition`` (the
    first day of the event's date, else the publication date) and the ``STORE_COLUMNS`` that
    let `dragoman ingest --from-parquet` store them: the article (with its text), its
    position in the input (a ``position`` column when present, else row order), the event's
    index in it and ``record``, the full JSON event of `dragoman code`. ``title``, ``url``,
    ``source`` and ``origin`` columns are used when present. Rows that are not articles (no
    id, empty text, bad date) give no events: ``rejected_articles`` lists them."""
    publication = parse_date(default_date)
    articles = _article_columns(df, text_col, id_col, date_col)
    code = partial(_code_batches, default_date=publication, model=model)
    return articles.mapInPandas(code, output_schema())


def rejected_articles(
    df: DataFrame,
    text_col: str = "text",
    id_col: str = "id",
    date_col: str = "date",
    default_date: dt.date | str | None = None,
) -> DataFrame:
    """The rows ``code_dataframe`` skips, as (``input``, ``reason``), checked by the same
    code; cheap, as no model runs."""
    articles = _article_columns(df, text_col, id_col, date_col)
    check = partial(_rejected_batches, default_date=parse_date(default_date))
    return articles.mapInPandas(check, "input string, reason string")


# -- inputs --------------------------------------------------------------------------------
def _jsonl_batches(batches: Iterator[pd.DataFrame], name: str) -> Iterator[pd.DataFrame]:
    """JSONL lines (with their line numbers) as article rows, read as `dragoman code` reads
    them: a record without an id is ``FILE:LINE``; an unreadable line keeps its reason."""
    import pandas as pd

    for batch in batches:
        rows = []
        for number, line in zip(batch["line"], batch["value"], strict=True):
            if number == 1:
                line = line.removeprefix("\ufeff")
            if not line.strip():
                continue
            row = _jsonl_row(line, f"{name}:{number}", f"{Path(name).name}:{number}")
            rows.append({**row, POSITION_COLUMN: int(number)})
        columns = [*ARTICLE_COLUMNS, "reason", POSITION_COLUMN]
        frame = pd.DataFrame(rows, columns=columns, dtype="object")
        yield frame.astype({POSITION_COLUMN: "Int64"})


def _jsonl_row(line: str, where: str, default_id: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys((*ARTICLE_COLUMNS, "reason"))
    row["origin"] = where
    record = parse_record_line(line, where)
    if isinstance(record, InputError):
        row["reason"] = record.reason
        return row
    row["id"] = str(record.get("id") or default_id)
    row["text"] = record["text"]
    for key in ("date", "title", "url", "source"):
        if record.get(key) not in (None, ""):
            row[key] = str(record[key])
    return row


def read_articles(spark: SparkSession, path: str) -> DataFrame:
    """Articles from a JSONL file (numbered by line, as `dragoman code` numbers them) or a
    Parquet file or folder, with a ``reason`` column, set where a JSONL line is unreadable,
    and a ``position``: the line number, or the Parquet's row order."""
    from pyspark.sql import functions as F

    if Path(path).suffix.lower() in JSONL_SUFFIXES:
        lines = spark.read.text(path)
        numbered = lines.rdd.zipWithIndex().map(lambda pair: (pair[1] + 1, pair[0][0]))
        frame = spark.createDataFrame(numbered, "line long, value string")
        schema = ", ".join(f"{c} string" for c in (*ARTICLE_COLUMNS, "reason"))
        schema += f", {POSITION_COLUMN} long"
        return frame.mapInPandas(partial(_jsonl_batches, name=path), schema)
    frame = spark.read.parquet(path)
    if "id" not in frame.columns or "text" not in frame.columns:
        raise SparkJobError(
            f"Parquet articles need 'id' and 'text' columns (found: {', '.join(frame.columns)})"
        )
    if "origin" not in frame.columns:
        frame = frame.withColumn(
            "origin", F.concat(F.lit(f"{path} id "), F.col("id").cast("string"))
        )
    if POSITION_COLUMN not in frame.columns:  # before any repartition scrambles the order
        frame = frame.withColumn(POSITION_COLUMN, F.monotonically_increasing_id())
    return frame.withColumn("reason", F.lit(None).cast("string"))


@contextmanager
def spark_session(master: str | None = None, app_name: str = "dragoman") -> Iterator[SparkSession]:
    """The running session (as under spark-submit), or a new one on ``master``, stopped at
    the end. In local mode the Python workers run this interpreter, so they see the same
    dragoman."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise SparkJobError(
            "the Spark job needs pyspark: pip install 'dragoman[spark]' (and Java 17)"
        ) from error
    active = SparkSession.getActiveSession()
    if active is not None:
        yield active
        return
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if (master or "local").startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.errors import PySparkRuntimeError

    try:
        session = builder.getOrCreate()
    except PySparkRuntimeError as error:  # JAVA_GATEWAY_EXITED: no usable Java
        raise SparkJobError(f"cannot start Spark (is Java 17 installed?): {error}") from error
    try:
        yield session
    finally:
        session.stop()


def run_job(
    spark: SparkSession,
    input_path: str,
    out: str,
    *,
    fmt: str = "parquet",
    default_date: dt.date | None = None,
    model: str | None = None,
    partitions: int | None = None,
    overwrite: bool = False,
) -> list[InputError]:
    """Code ``input_path`` into ``out``, partitioned by ``date_partition``: Parquet of the
    flat columns, or JSONL of the full event records. Returns the rejected articles."""
    from pyspark.errors import AnalysisException
    from pyspark.sql import functions as F

    if fmt not in ("parquet", "jsonl"):
        raise SparkJobError(f"unknown format {fmt!r}; choose parquet or jsonl")
    articles = read_articles(spark, input_path)
    parse_errors = articles.filter(F.col("reason").isNotNull())
    readable = articles.filter(F.col("reason").isNull()).drop("reason")
    unreadable = parse_errors.select(F.col("origin").alias("input"), "reason")
    rejected = [
        InputError(row["input"], row["reason"])
        for row in unreadable.union(
            rejected_articles(readable, default_date=default_date)
        ).collect()
    ]
    wanted = partitions or spark.sparkContext.defaultParallelism
    if readable.rdd.getNumPartitions() < wanted:
        readable = readable.repartition(wanted)
    events = code_dataframe(readable, default_date=default_date, model=model)
    writer_frame = events.select(RECORD_COLUMN, PARTITION_COLUMN) if fmt == "jsonl" else events
    mode = "overwrite" if overwrite else "errorifexists"
    writer = writer_frame.write.mode(mode).partitionBy(PARTITION_COLUMN)
    try:
        if fmt == "jsonl":
            writer.text(out)
        else:
            writer.parquet(out)
    except AnalysisException as error:  # e.g. PATH_ALREADY_EXISTS on remote storage
        raise SparkJobError(f"cannot write {out}: {error}") from error
    return rejected


# -- command line --------------------------------------------------------------------------
def register(app: typer.Typer) -> None:
    """Add the `spark` command to the dragoman CLI."""
    err = Console(stderr=True)

    @app.command("spark")
    def spark_command(
        input_path: Annotated[
            str, typer.Argument(help="A JSONL file of articles, or a Parquet file or folder.")
        ],
        out: Annotated[str, typer.Option("--out", "-o", help="Output folder (new).")],
        master: Annotated[
            str | None,
            typer.Option(help="Spark master, e.g. local[2]; default: spark-submit's or local."),
        ] = None,
        date: Annotated[
            str | None,
            typer.Option("--date", help="Publication date YYYY-MM-DD for inputs without one."),
        ] = None,
        fmt: Annotated[
            str,
            typer.Option(
                "--format", "-f", help="parquet (flat columns) or jsonl (full event records)."
            ),
        ] = "parquet",
        partitions: Annotated[
            int | None, typer.Option(min=1, help="Split the input into this many tasks.")
        ] = None,
        model: Annotated[str | None, typer.Option(help="spaCy pipeline to load.")] = None,
        overwrite: Annotated[bool, typer.Option(help="Replace --out if it exists.")] = False,
    ) -> None:
        """Code articles on Apache Spark; write events partitioned by date_partition.

        One pipeline is loaded per executor Python process; event ids are those of
        `dragoman code` on the same articles. Events are not deduplicated across articles:
        load them into a store for that.

        Exit status: 0 when every article was coded, 3 when some were rejected (each is
        reported on stderr), 1 when Spark cannot run the job."""
        try:
            publication = parse_date(date)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--date") from error
        if fmt not in ("parquet", "jsonl"):
            raise typer.BadParameter("choose parquet or jsonl", param_hint="--format")
        if not Path(input_path).exists() and "://" not in input_path:
            err.print(f"[red]error[/]: no such file or directory: {input_path}")
            raise typer.Exit(1)
        if Path(out).exists() and not overwrite:
            err.print(f"[red]error[/]: {out} exists; choose a new folder or pass --overwrite")
            raise typer.Exit(1)
        try:
            with spark_session(master) as spark:
                rejected = run_job(
                    spark,
                    input_path,
                    out,
                    fmt=fmt,
                    default_date=publication,
                    model=model,
                    partitions=partitions,
                    overwrite=overwrite,
                )
        except SparkJobError as error:
            err.print(f"[red]error[/]: {error}")
            raise typer.Exit(1) from error
        for item in rejected:
            err.print(f"[yellow]skipped[/] {item.input}: {item.reason}")
        err.print(f"events written to {out} ({fmt}); {len(rejected)} article(s) rejected")
        if rejected:
            raise typer.Exit(3)


def main() -> None:
    """Entry point for spark-submit, which runs a Python file rather than a console script."""
    from dragoman import spark as job  # the module by name, so executors import, not unpickle

    app = typer.Typer(add_completion=False)
    job.register(app)
    app()


if __name__ == "__main__":
    main()
