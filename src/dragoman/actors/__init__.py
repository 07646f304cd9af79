"""Actor recognition and resolution against the bundled knowledge base."""

from dragoman.actors.kb import ActorKB
from dragoman.actors.resolver import ActorResolver

__all__ = ["ActorKB", "ActorResolver"]
