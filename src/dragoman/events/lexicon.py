"""The event pattern lexicon and the CAMEO/PLOVER code tables, compiled for lookup by lemma."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from dragoman.resources import DataFileError, bundled_files, data_path, read_tsv, read_yaml
from dragoman.schemas import CameoCode, PloverCode

PACKAGE = "dragoman.events"

PREPOSITIONS = frozenset(
    "to with on against in into at for from of about over off out up down back away by between "
    "toward towards upon onto across through under within without behind beyond around along "
    "among amid near after before like as aside apart".split()
)


@dataclass(frozen=True, slots=True)
class Pattern:
    """One compiled lexicon line, e.g. ``hold $TALKS with`` under CAMEO ``046``."""

    code: str
    kind: str  # verb | noun
    head: str  # lemma, compounds joined by "_"
    particles: tuple[str, ...]
    objects: frozenset[str] | None
    target_prep: str | None
    text: str
    object_prep: str | None = None
    """The preposition the object noun follows (``agree to $TALKS``); None for a direct
    object (``hold $TALKS with``)."""

    @property
    def specificity(self) -> int:
        return 1 + len(self.particles) + (self.objects is not None) * 2 + bool(self.target_prep)


@dataclass(frozen=True, slots=True)
class CodeInfo:
    cameo: CameoCode
    plover: PloverCode


class Lexicon:
    """Patterns indexed by head lemma, plus the code tables they resolve to."""

    def __init__(self) -> None:
        self.codes: dict[str, CodeInfo] = {}
        self.classes: dict[str, frozenset[str]] = {}
        self.verbs: dict[str, list[Pattern]] = defaultdict(list)
        self.nouns: dict[str, list[Pattern]] = defaultdict(list)
        self.noun_words: set[str] = set()
        """The word each noun pattern's name ends on before any "of" ("strike" of air_strike,
        "state" of state_of_emergency): a noun that is none of them names no event."""
        self.modality: dict[str, object] = {}
        self.content_codes: dict[str, dict[str, str]] = {}
        """By governing root, what a content code makes the governing event ("threatened to
        cut ties": 13 + 161 -> 1313); most specific key wins."""
        self.lemma_fixes: dict[str, str] = {}
        """Verb forms spaCy lemmatises wrongly ("staged" -> "stag"), with their lemma."""

    @classmethod
    def bundled(cls, extra_files: list[Path] | tuple[Path, ...] = ()) -> Lexicon:
        lexicon = cls()
        lexicon.load_codes(data_path(PACKAGE, "cameo.tsv"))
        for path in bundled_files(PACKAGE, "classes*.yaml"):
            lexicon.load_classes(path)
        for path in [*bundled_files(PACKAGE, "cameo_[0-9][0-9].yaml"), *extra_files]:
            lexicon.load_patterns(path)
        modality = read_yaml(data_path(PACKAGE, "modality.yaml"))
        if not isinstance(modality, dict):
            raise DataFileError("modality.yaml: expected a mapping")
        lexicon.modality = modality
        content = read_yaml(data_path(PACKAGE, "content_codes.yaml"))
        if not isinstance(content, dict):
            raise DataFileError("content_codes.yaml: expected a mapping")
        lexicon.content_codes = {
            str(root): {str(k): str(v) for k, v in dict(table).items()}
            for root, table in content.items()
        }
        lexicon.lemma_fixes = {
            row["form"]: row["lemma"] for row in read_tsv(data_path(PACKAGE, "lemmas.tsv"))
        }
        return lexicon

    def content_code(self, root: str, content: str) -> str | None:
        """The code of a ``root`` event whose content is coded ``content``, if the table has
        one."""
        table = self.content_codes.get(root, {})
        return next((table[content[:n]] for n in (4, 3, 2) if content[:n] in table), None)

    def load_codes(self, path: Path) -> None:
        for row in read_tsv(path):
            code = row["code"]
            contexts = tuple(c for c in row["plover_contexts"].split("|") if c)
            self.codes[code] = CodeInfo(
                CameoCode(
                    code, code[:2], int(row["quad_class"]), float(row["goldstein"]), row["name"]
                ),
                PloverCode(row["plover_type"] or None, row["plover_mode"] or None, contexts),
            )

    def load_classes(self, path: Path) -> None:
        data = read_yaml(path) or {}
        if not isinstance(data, dict):
            raise DataFileError(f"{path.name}: expected a mapping of class names to lists")
        for name, members in data.items():
            if name in self.classes:
                raise DataFileError(f"{path.name}: class ${name} is defined twice")
            self.classes[name] = frozenset(str(m).lower() for m in members)

    def load_patterns(self, path: Path) -> None:
        data = read_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("codes"), dict):
            raise DataFileError(f"{path.name}: expected `root:` and a `codes:` mapping")
        for code, entry in data["codes"].items():
            code = str(code)
            if code not in self.codes:
                raise DataFileError(f"{path.name}: unknown CAMEO code {code!r}")
            for kind in ("verbs", "nouns"):
                for text in (entry or {}).get(kind) or []:
                    self.add(self.compile(str(text), code, kind[:-1], path.name))

    def compile(self, text: str, code: str, kind: str, origin: str = "") -> Pattern:
        words = text.strip().lower().split()
        if not words:
            raise DataFileError(f"{origin}: empty pattern under {code}")
        head, rest = words[0], words[1:]
        particles: list[str] = []
        objects: frozenset[str] | None = None
        object_prep: str | None = None
        for word in rest:
            if word in PREPOSITIONS:
                particles.append(word)
            elif word.startswith("$"):
                if word[1:].upper() not in self.classes:
                    raise DataFileError(f"{origin}: unknown class {word} in {text!r}")
                objects = self.classes[word[1:].upper()]
                object_prep = particles[-1] if particles else None
            else:
                objects = frozenset({word})
                object_prep = particles[-1] if particles else None
        target_prep = particles.pop() if particles and rest[-1] in PREPOSITIONS else None
        return Pattern(
            code, kind, head, tuple(particles), objects, target_prep, text.strip(), object_prep
        )

    def add(self, pattern: Pattern) -> None:
        index = self.verbs if pattern.kind == "verb" else self.nouns
        index[pattern.head].append(pattern)
        index[pattern.head].sort(key=lambda p: -p.specificity)
        if pattern.kind == "noun":
            self.noun_words.add(pattern.head.split("_of_")[0].split("_")[-1])

    def info(self, code: str) -> CodeInfo:
        return self.codes[code]

    def __len__(self) -> int:
        return sum(len(p) for p in self.verbs.values()) + sum(len(p) for p in self.nouns.values())
