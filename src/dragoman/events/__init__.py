"""Event coding: predicates, their actors, CAMEO and PLOVER codes, modality."""

from dragoman.events.coder import EventCoder
from dragoman.events.lexicon import Lexicon

__all__ = ["EventCoder", "Lexicon"]
