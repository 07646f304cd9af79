"""Reading inputs into ``Article`` records; unreadable inputs become ``InputError`` records."""

from dragoman.ingest.readers import MAX_ARTICLE_CHARS, read_inputs

__all__ = ["MAX_ARTICLE_CHARS", "read_inputs"]
