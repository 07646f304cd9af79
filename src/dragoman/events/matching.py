"""Find a sentence's event predicates and match each to its most specific lexicon pattern.

A verb matches when every word its pattern names is realised around it on the parse: the
object noun (a quantity's or container's contents count: "tens of thousands of shells"),
particles, and the preposition that introduces the target. An event noun matches on its
lemma or a multi-word name ("air strike", "state of emergency"). What the lexicon does not
know, the optional semantic matcher may still find.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from dragoman.events.lexicon import Lexicon, Pattern
from dragoman.nlp import is_hyphenated_event_noun, is_to_infinitive
from dragoman.schemas import ActorMention

if TYPE_CHECKING:
    from dragoman.events.semantic import SemanticMatcher

CAUSATIVE_VERBS = frozenset({"let", "make", "have", "help"})
"""Verbs whose object comes with a bare infinitive: "let inspectors return"."""
MUTUAL_PREPS = frozenset({"with", "between"})
ARRIVAL_VERBS = frozenset({"arrive", "land", "reach", "dock"})
"""Verbs whose subject is what arrives; their patterns name it as the object noun
("arrive $MATERIAL_AID in": a plane carrying aid landed in Caracas)."""

QUANTITY_NOUNS = frozenset(
    "ten tens hundred hundreds thousand thousands million millions billion billions dozen "
    "dozens score scores batch shipment consignment package convoy tonne ton number lot "
    "load supply set round stock quantity amount range wave series day week month hour "
    "session part portion half bulk share fraction majority remainder rest "
    "dollar euro pound yuan yen rupee franc riyal dirham rouble ruble shekel lira "
    "worth".split()
)

LARGE_NUMBER_WORDS = frozenset({"thousand", "thousands", "million", "millions", "billion"})

NUMERIC_ENTITIES = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
)


@dataclass(slots=True)
class Match:
    """A predicate matched to a pattern, with the tokens that realise it."""

    token: Token
    pattern: Pattern
    obj: Token | None = None
    target_prep: Token | None = None
    parts: list[Token] = field(default_factory=list)
    weight: float = 1.0
    """Confidence factor: below 1 for a match found by similarity, not the lexicon."""


def sentence_matches(
    sent: Span,
    by_token: dict[int, ActorMention],
    lexicon: Lexicon,
    light_verbs: frozenset[str],
    semantic: SemanticMatcher | None,
) -> list[Match]:
    """Every predicate of a sentence matched to its pattern: verbs first, then event nouns
    that are neither a verb's object nor an actor, then the semantic matcher's finds."""
    matches: list[Match] = []
    consumed: set[int] = set()
    fixes = lexicon.lemma_fixes
    verbs, nouns = [], []
    for token in sent:
        pos = token.pos_
        if pos in ("NOUN", "PROPN"):
            if token.ent_type_ not in NUMERIC_ENTITIES:  # "in March" is no march
                nouns.append(token)
        elif pos in ("VERB", "AUX"):
            if token.lower_ in fixes:
                token.lemma_ = fixes[token.lower_]
            if token.lemma_.lower() in lexicon.verbs:
                verbs.append(token)
    for token in verbs:
        match = _match_verb(token, lexicon)
        if match is not None:
            matches.append(match)
            if (
                match.obj is not None
                and match.pattern.objects is not None
                and not any(c.lower_ == "between" for c in match.obj.children)
            ):
                # "imposed sanctions" is one event; "condemned the Houthi attack" two, and so
                # is "hosted a summit between X and Y": X and Y meet
                consumed.add(match.obj.i)
    for token in nouns:
        if token.i not in consumed and token.i not in by_token:
            match = _match_noun(token, lexicon, light_verbs)
            if match is not None:
                matches.append(match)
    if semantic is not None:
        matched = consumed | {m.token.i for m in matches}
        for hit in semantic.matches(sent, matched, by_token):
            matches.append(
                Match(hit.verb, hit.pattern, hit.obj, hit.target_prep, list(hit.parts), hit.weight)
            )
    return matches


def _match_verb(verb: Token, lexicon: Lexicon) -> Match | None:
    objects = _objects(verb)
    patterns = lexicon.verbs[verb.lemma_.lower()]
    preps = _attached_words(verb, objects)
    match = _first_match(verb, patterns, objects, preps)
    if match is None:
        # With its object found, a pattern is specific enough without its target's
        # preposition: "deployed troops along the border" is a deployment.
        with_object = [p for p in patterns if p.objects is not None and p.target_prep]
        match = _first_match(verb, with_object, objects, preps, target_optional=True)
    if match is None and _has_coordinated_subject(verb):
        # "Cuba and the US restored relations" is "Cuba restored relations with the US"
        mutual = [p for p in patterns if p.target_prep in MUTUAL_PREPS]
        match = _first_match(verb, mutual, objects, preps, target_optional=True)
    return match


def _match_noun(noun: Token, lexicon: Lexicon, light_verbs: frozenset[str]) -> Match | None:
    lemma, word = noun.lemma_.lower(), noun.lower_
    if (
        lemma not in lexicon.noun_words
        and word not in lexicon.noun_words
        and lemma.replace("-", "_").rsplit("_", 1)[-1] not in lexicon.noun_words
        and not word.endswith("ing")
    ):
        return None  # most nouns name no event; their names need not be built
    lemmas = sorted(_noun_lemmas(noun), key=len, reverse=True)
    patterns = [p for lemma in lemmas for p in lexicon.nouns.get(lemma, ())]
    patterns += _gerund_patterns(noun, lexicon)
    if not patterns:
        return None
    of_objects = [
        o
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children
        if o.dep_ == "pobj"
    ]
    # "the visit of Modi to Israel": the parser may hang "to Israel" on Modi
    preps = _attached_words(noun, [*coordinated(noun), *of_objects])
    objects = [
        obj for prep in preps.values() for obj in prep.children if obj.dep_ == "pobj"
    ]  # "the threat of sanctions"
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in light_verbs:
        # "completed the delivery of the system to Kyiv": the parser hangs the target's
        # preposition on the light verb
        for child in noun.head.children:
            if child.dep_ == "prep" and child.lower_ not in preps:
                preps[child.lower_] = child
    match = _first_match(noun, patterns, objects, preps)
    if match is None:
        # An event noun names its event even without the target's preposition:
        # "held two days of talks in Berlin" are talks.
        bare = [p for p in patterns if p.objects is None and not p.particles]
        if bare:
            match = Match(noun, min(bare, key=lambda p: p.specificity))
    return match


def _gerund_patterns(noun: Token, lexicon: Lexicon) -> list[Pattern]:
    """A verb's object patterns for its gerund with "of": "the lifting of the curfew" is
    "lift $CURFEW", "the closing of the border" "close $BORDER". The object follows "of", so
    an actor there is no source."""
    word = noun.lower_
    if noun.pos_ != "NOUN" or not word.endswith("ing") or len(word) < 6:
        return []
    if not any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        return []
    stem = word[:-3]
    stems = [stem, f"{stem}e"] + ([stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [])
    verb = next((s for s in stems if s in lexicon.verbs), None)
    if verb is None:
        return []
    return [
        replace(p, kind="noun", object_prep="of")
        for p in lexicon.verbs[verb]
        if p.objects is not None and p.object_prep is None and not p.particles
    ]


def _has_coordinated_subject(verb: Token) -> bool:
    """ "X and Y restored ties", also through control: "X and Y agreed to restore ties"."""
    while True:
        if any(
            c.dep_ in ("nsubj", "nsubjpass") and any(g.dep_ == "conj" for g in c.children)
            for c in verb.children
        ):
            return True
        if verb.dep_ != "xcomp" or verb.head == verb:
            return False
        verb = verb.head


def _first_match(
    head: Token,
    patterns: Iterable[Pattern],
    objects: list[Token],
    preps: dict[str, Token],
    *,
    target_optional: bool = False,
) -> Match | None:
    """The most specific pattern whose every word is realised: object noun, particles, and the
    preposition that introduces the target (a pattern ending in "with" needs a "with", unless
    ``target_optional``). Of patterns naming the object, the one naming it most fully wins:
    "economic aid" is economic aid before it is aid."""
    lemmas = [(o, _noun_lemmas(o)) for o in objects]
    every_name = frozenset().union(*(names for _, names in lemmas))
    best: tuple[int, Match] | None = None
    for pattern in patterns:
        obj = None
        fullness = 0
        if pattern.objects is not None:
            if pattern.objects.isdisjoint(every_name):
                continue
            named = [
                (max(n.count("_") for n in names & pattern.objects), o)
                for o, names in lemmas
                if names & pattern.objects and _fills_object_slot(o, pattern)
            ]
            if not named:
                continue
            fullness, obj = max(named, key=lambda pair: pair[0])
            if best is not None and fullness <= best[0]:
                continue
        via_complement = obj is not None and obj.dep_ == "xcomp"  # "declined to comment"
        if any(
            p not in preps and not (via_complement and p == pattern.object_prep)
            for p in pattern.particles
        ):
            continue
        if pattern.target_prep and pattern.target_prep not in preps and not target_optional:
            continue
        target_prep = preps.get(pattern.target_prep) if pattern.target_prep else None
        parts = [preps[p] for p in pattern.particles if p in preps]
        match = Match(head, pattern, obj, target_prep, parts)
        if pattern.objects is None:
            return best[1] if best is not None else match
        if best is None or fullness > best[0]:
            best = (fullness, match)
    return best[1] if best is not None else None


def _noun_lemmas(token: Token) -> frozenset[str]:
    """The noun's lemma, and its multi-word names with the modifiers right before it:
    "air strikes" -> air_strike, "ethnic cleansing" -> ethnic_cleansing. Remembered per word:
    a noun is asked about by every pattern of every verb near it."""
    cache = token.doc.user_data.setdefault("dragoman_noun_lemmas", {})
    if token.i not in cache:
        cache[token.i] = frozenset(_names_of(token))
    return cache[token.i]


def _names_of(token: Token) -> set[str]:
    lemma = token.lemma_.lower()
    lemmas = {lemma, token.lower_}
    if "-" in lemma:  # "sit-in" is the lexicon's sit_in, "walk-out" its walkout
        lemmas.add(lemma.replace("-", ""))
        lemma = lemma.replace("-", "_")
        lemmas.add(lemma)
    modifiers: list[str] = []
    doc, i = token.doc, token.i - 1
    chain = {token.i}  # "air defence system": "air" modifies "defence", which modifies "system"
    while i >= 0:
        modifier = doc[i]
        dep = modifier.dep_
        if dep not in ("compound", "amod") or modifier.head.i not in chain:
            break
        modifiers.insert(0, modifier.lower_ if dep == "amod" else modifier.lemma_.lower())
        chain.add(i)
        i -= 1
    for start in range(len(modifiers)):
        lemmas.add("_".join([*modifiers[start:], lemma]))
    for child in token.children:  # "state of emergency", "cessation of hostilities"
        if child.dep_ == "prep" and child.lower_ == "of":
            for noun in child.children:
                if noun.dep_ == "pobj":
                    lemmas |= {f"{lemma}_of_{noun.lower_}", f"{lemma}_of_{noun.lemma_.lower()}"}
        elif child.dep_ == "nummod" and _in_thousands(child):
            lemmas.add("thousands")  # "500,000 Afghans" are counted as "thousands of Afghans"
    return lemmas


def _in_thousands(number: Token) -> bool:
    """Whether a number word counts a thousand or more: "20,000", "1.7 million"."""
    text = number.lower_.replace(",", "")
    if text in LARGE_NUMBER_WORDS:
        return True
    try:
        return float(text) >= 1000
    except ValueError:
        return False


def _objects(verb: Token) -> list[Token]:
    """Direct objects (a passive's subject included) and prepositional objects."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd", "acomp")]
    if any(c.dep_ == "auxpass" for c in verb.children):
        objects += [c for c in verb.children if c.dep_ == "nsubjpass"]
    for prt_or_prep in [c for c in verb.children if c.dep_ in ("prep", "prt", "dative")]:
        objects += [c for c in prt_or_prep.children if c.dep_ == "pobj"]
        objects += _prepositional_objects(prt_or_prep)  # "pulled out of talks": "of" on "out"
    objects += [conj for obj in list(objects) for conj in obj.conjuncts]
    objects += [c for c in verb.children if c.dep_ == "xcomp"]  # "declined to comment"
    # "found the governor guilty": a small clause's predicate; "stripped opponents of their
    # citizenship": an object the parser hung on the direct object
    objects += [c for c in verb.children if c.dep_ == "ccomp" and c.pos_ == "ADJ"]
    objects += [
        pobj for obj in verb.children if obj.dep_ == "dobj" for pobj in _prepositional_objects(obj)
    ]
    objects += [  # "staged a sit-in outside parliament": the parser takes "sit-in" for a modifier
        modifier
        for obj in verb.children
        if obj.dep_ == "dobj"
        for modifier in obj.children
        if modifier.dep_ in ("compound", "nmod", "amod") and is_hyphenated_event_noun(modifier)
    ]
    objects += [  # "allowed IAEA inspectors to visit", "let inspectors return"
        subject
        for clause in verb.children
        if clause.dep_ in ("ccomp", "xcomp")
        and (verb.lemma_.lower() in CAUSATIVE_VERBS or is_to_infinitive(clause))
        for subject in clause.children
        if subject.dep_ == "nsubj"
    ]
    objects += [  # "released the tanker Stena Impero", "freed journalist Evan Gershkovich"
        noun
        for obj in list(objects)
        if obj.pos_ == "PROPN"
        for noun in obj.children
        if noun.dep_ == "compound" and noun.pos_ == "NOUN"
    ]
    if verb.lemma_.lower() in ARRIVAL_VERBS:
        # "a plane carrying aid landed in Gaza": what arrives is the object of an arrival pattern
        objects += [c for c in verb.children if c.dep_ == "nsubj"]
    return objects + _measured(objects)


def _prepositional_objects(token: Token) -> list[Token]:
    """The objects of the prepositions hanging on a word."""
    return [
        pobj
        for prep in token.children
        if prep.dep_ == "prep"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]


def _measured(objects: list[Token]) -> list[Token]:
    """What a quantity, container or vehicle holds: "tens of thousands of shells" -> shells,
    "a shipment of vaccines" -> vaccines, "$100 million in military aid" -> aid."""
    found = [  # "a plane carrying medical supplies" -> supplies
        cargo
        for o in objects
        for verb in o.children
        if verb.dep_ == "acl" and verb.lemma_.lower() in ("carry", "transport", "bring")
        for cargo in verb.children
        if cargo.dep_ == "dobj"
    ]
    frontier = [o for o in [*objects, *found] if o.lemma_.lower() in QUANTITY_NOUNS or o.like_num]
    for _ in range(3):
        inner = [
            pobj
            for o in frontier
            for prep in o.children
            if prep.dep_ == "prep" and prep.lower_ in ("of", "in")
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
        found += inner
        frontier = [o for o in inner if o.lemma_.lower() in QUANTITY_NOUNS or o.like_num]
    return found


def _fills_object_slot(token: Token, pattern: Pattern) -> bool:
    """``agree to $TALKS`` wants the object of "to"; ``hold $TALKS`` a direct object."""
    while token.dep_ == "conj":
        token = token.head
    while (
        token.dep_ == "pobj"
        and token.head.lower_ in ("of", "in")
        and (token.head.head.lemma_.lower() in QUANTITY_NOUNS or token.head.head.like_num)
    ):
        token = token.head.head  # "tens of thousands of shells" fills the object slot
    if token.dep_ == "xcomp":
        return pattern.object_prep == "to"
    if pattern.object_prep is None:
        return token.dep_ != "pobj"
    if token.dep_ == "pobj":
        return token.head.lower_ == pattern.object_prep
    # "called up reservists": a particle before a direct object is written like its preposition
    return any(c.dep_ == "prt" and c.lower_ == pattern.object_prep for c in token.head.children)


def _attached_words(head: Token, others: Iterable[Token]) -> dict[str, Token]:
    """Prepositions and particles on the predicate or its object ("held talks with"), then,
    for words not found there, on the object's own prepositional phrase, where the parser
    often hangs them ("held talks on migration with his counterpart")."""
    holders = [head, *others]
    words = _prepositions_of(holders, {})
    inner = [
        obj
        for holder in holders[1:]
        for prep in holder.children
        if prep.dep_ == "prep"
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]
    return _prepositions_of(inner, words)


def _prepositions_of(holders: Iterable[Token], words: dict[str, Token]) -> dict[str, Token]:
    """Prepositions and particles on these words, stacked ones too ("pulled out of")."""
    for holder in holders:
        stacked = [
            grandchild
            for child in holder.children
            if child.dep_ == "prep"
            for grandchild in child.children
            if grandchild.dep_ == "prep"
        ]
        for child in [*holder.children, *stacked]:
            if any(o.ent_type_ in ("DATE", "TIME") for o in child.children if o.dep_ == "pobj"):
                continue  # "agreed on Tuesday" is no agreement on anything
            if (
                child.dep_ in ("prep", "prt", "agent", "dative", "advmod")
                and child.lower_ not in words
            ):
                words[child.lower_] = child
    return words


def coordinated(token: Token) -> list[Token]:
    return [t for t in token.conjuncts if t.pos_ in ("NOUN", "PROPN")]
