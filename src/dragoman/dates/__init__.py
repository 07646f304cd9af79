"""Date resolution: when each event happened, relative to the article's publication date."""

from dragoman.dates.resolver import DateResolver, resolve_expression

__all__ = ["DateResolver", "resolve_expression"]
