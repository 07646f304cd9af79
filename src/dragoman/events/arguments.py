"""Find a predicate's source and target actors on the parse, and pair them into dyads.

Sources come from subjects (inherited through control, coordination, relative clauses and
the verbs a light or event noun hangs on), ``by`` agents, possessives and modifiers
("Saudi air strikes"); targets from objects, the pattern's preposition, and the complements
of demands and threats. A noun phrase denotes the actor it heads, its conjuncts and listed
partners, or the actors it owns. An actor never acts on itself.
"""

from __future__ import annotations

from itertools import product

from spacy.tokens import Doc, Token

from dragoman.events.matching import MUTUAL_PREPS, Match, coordinated
from dragoman.nlp import sentence_of
from dragoman.schemas import ActorMention

CLAUSE_DEPS = frozenset(
    {
        "relcl",
        "advcl",
        "ccomp",
        "xcomp",
        "csubj",
        "parataxis",
        "acl",
        "punct",
        "mark",
        "cc",
        "det",
        "aux",
        "auxpass",
        "neg",
        "prep",
    }
)
"""Dependencies an argument search does not descend through (prepositions are followed
one at a time, only ``of``)."""

RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})

RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06", "08", "19"})
# "Qatar and Egypt voiced agreement on Libya": accord voiced together is with each other.
RECIPROCAL_CODES = frozenset({"019"})
"""Roots where "X and Y <verb>" with no target means X and Y did it to each other."""
REQUEST_PREPS = frozenset({"at", "upon", "on"})

PREPOSITIONAL_LIGHT_VERBS = frozenset(
    {
        "enter",
        "engage",
        "participate",
        "take",
        "join",
        "begin",
        "arrive",
        "travel",
        "fly",
        "come",
        "go",
        "head",
        "gather",
        "sit",
        "return",
        "meet",
    }
)
"""Verbs whose prepositional object is their event: "entered into talks", "took part in"."""

OWNER_PREPS = frozenset({"of", "from", "by"})

ARMED_SECTORS = frozenset({"MIL", "COP", "SPY", "REB", "UAF", "PRM"})

BENEFITING_VERBS = frozenset({"help", "assist", "support", "aid", "protect"})

DEPLOYMENT_CODES = frozenset({"151", "152", "153", "154"})
DESTINATION_PREPS = frozenset({"to", "into", "in", "on", "at", "across", "near", "along"})
FRONTIER_NOUNS = frozenset({"border", "frontier", "boundary"})
"""Forces raised or sent "to Slovakia" are sent there, not against it: PLOVER's recipient
of a mobilisation is whom it threatens, when that is clear. Forces massed on a border face
whoever is across it ("near Ukraine's border", "to the border with Guyana")."""

AUDIENCE_SECTORS = frozenset({"JRN", "MED"})

CONTENT_GOVERNING_ROOTS = frozenset({"10", "11", "12", "13", "16", "17"})
"""Demands, accusations, rejections and threats whose complement is their content: the
threatened strike is not itself an event."""


def verb_arguments(
    match: Match, by_token: dict[int, ActorMention]
) -> tuple[list[ActorMention], list[ActorMention]]:
    verb = match.token
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl"  # "troops, backed by air strikes"; not "that Hanoi had expelled"
        and verb.tag_ == "VBN"
        and not any(c.dep_ in ("nsubj", "aux") for c in verb.children)
    )
    sources: list[ActorMention] = []
    targets: list[ActorMention] = []
    if passive:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            sources = actors_in(agent, by_token)
        elif match.pattern.code[:2] == "15":
            # "Thousands of riot police were deployed in Lagos": the force deployed is
            # the state's own, and the one acting.
            subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            sources = actors_at(subject, by_token) if subject is not None else []
        elif match.obj is not None and match.obj.dep_ == "nsubjpass":
            # "a loan from the World Bank to Sri Lanka was approved": the giver of the thing
            sources = [
                m
                for prep in match.obj.children
                if prep.dep_ == "prep" and prep.lower_ == "from"
                for m in actors_in(prep, by_token)
            ]
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subject is None and verb.dep_ == "acl":
            subject = verb.head
        if subject is not None and subject != match.obj and not match.pattern.target_prep:
            targets = actors_at(subject, by_token)
    else:
        sources = clause_subject_actors(verb, by_token)
        if not sources and match.pattern.objects:
            # what the pattern says arrives was sent: "vaccines donated by Beijing arrived",
            # "a plane carrying aid from Qatar landed" (a bare "arrived" is someone's visit)
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            sources = _senders(subject, by_token) if subject is not None else []
    if _is_deployment(match):
        targets = []
    elif match.target_prep is not None:
        targets = actors_in(match.target_prep, by_token)
    elif not targets and match.obj is not None and match.obj.dep_ in ("dobj", "nsubjpass"):
        # "expelled the Russian ambassador", "rejected opposition demands"; "gave the army an
        # ultimatum", "sent Ukraine tanks": the indirect object
        targets = (
            actors_at(match.obj, by_token)
            or _authors(match.obj, by_token)
            or [m for c in verb.children if c.dep_ == "dative" for m in actors_at(c, by_token)]
        )
    elif not targets:
        # "accused Israel of genocide": the object noun sits in a prepositional phrase
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "attr"):
                targets = actors_at(child, by_token) or _authors(child, by_token)
                if targets:
                    break
        if not targets and match.obj is not None:
            targets = actors_at(match.obj, by_token)  # "protested against X's policy"
    root = match.pattern.code[:2]
    if not targets and root in ("02", "10"):
        # "demanded that Poland reverse its reforms": the demand is made of Poland
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp"):
                subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    targets = _own_forces(child, actors_at(subject, by_token), by_token)
                    break
    if not targets and root in CONTENT_GOVERNING_ROOTS:
        targets = _complement_targets(verb, by_token)
    if match.pattern.target_prep in MUTUAL_PREPS and match.target_prep is None and len(sources) > 1:
        targets = []  # "X and Y agreed to exchange prisoners": with each other
    if root in ("17", "19") and all(t.kind in ("place", "modifier") for t in targets):
        # "captured Palmyra from Syrian government forces": taken from them, not the town
        preps = [*verb.children, *(match.obj.subtree if match.obj is not None else ())]
        taken_from = [
            m
            for prep in preps
            if prep.dep_ == "prep" and prep.lower_ == "from"
            for m in actors_in(prep, by_token)
            if m.kind != "place"
        ]
        targets = taken_from or targets
    if match.pattern.code[:2] == "15" and sources:
        # Forces put on alert are the source's own, not a target.
        own = {m.country for m in sources}
        targets = [m for m in targets if m.country not in own]
    return sources, targets


def noun_arguments(
    match: Match,
    by_token: dict[int, ActorMention],
    words: dict[str, frozenset[str]],
    light_verbs: frozenset[str],
) -> tuple[list[ActorMention], list[ActorMention]]:
    noun = match.token
    pattern = match.pattern
    targets = (
        actors_in(match.target_prep, by_token)
        if match.target_prep is not None and not _is_deployment(match)
        else []
    )
    sources: list[ActorMention] = []
    holders = [noun, *coordinated(noun), *_light_noun_parent(noun, words)]
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "poss":
                sources = actors_at(child, by_token)
            elif (
                (child.dep_ in ("prep", "agent") and child.lower_ == "by")
                or (
                    child.dep_ == "prep"
                    and child.lower_ == "of"
                    and "of" not in (pattern.target_prep, pattern.object_prep)
                )
                or (child.dep_ == "prep" and child.lower_ == "between" and not targets)
            ):
                sources = actors_in(child, by_token)
            if sources:
                break
        if sources:
            break
    sources = [m for m in sources if m not in targets]
    if not sources and match.target_prep is not None and match.target_prep.lower_ == "between":
        # "talks between X and Y", also when someone hosts them: X and Y, each to the other
        return targets, []
    if not sources:
        sources = _governing_subject(noun, by_token, light_verbs)
    if not sources:
        # "Saudi air strikes", "police raids"
        modifiers = [
            c
            for holder in holders
            for c in holder.children
            if c.dep_ in ("amod", "compound", "nmod") and c.i in by_token
        ]
        sources = (
            [m for m in with_conjuncts(modifiers, by_token) if m not in targets]
            if modifiers
            else []
        )
    if not sources and pattern.code[:2] == "04":
        sources = [m for m in _setting_subject(noun, by_token) if m not in targets]
    if not targets and sources and noun.dep_ == "pobj" and noun.head.lower_ in REQUEST_PREPS:
        # "X's visit was at the invitation of Y": Y invited X, the nearest actor before.
        targets = _nearest_other_actor(noun, sources, by_token)
    return sources, targets


def _is_deployment(match: Match) -> bool:
    """Whether a mobilisation names only the forces and where they go, neither of which is
    its target (see DEPLOYMENT_CODES); "deployed troops against the rebels" names one, and
    so does "sent troops to Mali to help", whom they help."""
    return (
        match.pattern.code[:3] in DEPLOYMENT_CODES
        and (match.target_prep is None or is_destination(match.target_prep))
        and not any(helps(child) for child in match.token.children)
    )


def helps(token: Token) -> bool:
    """A purpose clause of help ("to help Bolivia"), whose object is who benefits."""
    return token.lemma_.lower() in BENEFITING_VERBS and token.dep_ in ("advcl", "xcomp")


def is_destination(prep: Token) -> bool:
    """Whether a preposition names only where forces go, not a frontier they face ("to its
    border with Guyana", "to the border region near Burkina Faso")."""
    frontier = [*prep.subtree, prep.head, *(c for c in prep.head.children if c.dep_ == "compound")]
    return prep.lower_ in DESTINATION_PREPS and not any(
        token.lemma_.lower() in FRONTIER_NOUNS for token in frontier
    )


def caused_by_nature(verb: Token, causes: frozenset[str]) -> bool:
    """ "Floods killed 200 people", "a bus overturned, killing 12", "the fire that killed
    82": the cause is no actor. Participles take their governing verb's cause, relative
    clauses their noun's, and a cause the parser hung on "after" still counts."""

    def natural(token: Token) -> bool:
        return token.lemma_.lower() in causes or any(
            g.dep_ == "pobj" and g.lemma_.lower() in causes for g in token.children
        )

    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "agent")]
        subjects += [g for c in verb.children if c.dep_ == "mark" for g in c.children]
        relative = [s for s in subjects if s.lower_ in RELATIVE_PRONOUNS]
        if relative and verb.dep_ == "relcl":
            noun = verb.head
            owner = noun.head.head if noun.dep_ == "pobj" else noun
            return natural(noun) or natural(owner)  # "the fire at the hospital that killed"
        if subjects:
            return any(natural(s) for s in subjects)
        if verb.dep_ == "acl":
            return natural(verb.head)  # "a bus ..., killing 12" read as the bus's doing
        if verb.dep_ not in ("advcl", "conj") or verb.tag_ != "VBG":
            return False
        verb = verb.head  # "..., killing 20 people"
    return False


def _governing_subject(
    noun: Token, by_token: dict[int, ActorMention], light_verbs: frozenset[str]
) -> list[ActorMention]:
    """The subject of a light verb or copula whose object the event noun is: "made a
    visit", "held talks", "entered into negotiations", "were sponsors of"."""
    head = noun.head
    if noun.dep_ == "conj":
        return _governing_subject(head, by_token, light_verbs) if head.pos_ == "NOUN" else []
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
        if verb.lemma_.lower() in PREPOSITIONAL_LIGHT_VERBS:
            return clause_subject_actors(verb, by_token)
        return []
    if noun.dep_ not in ("dobj", "attr", "nsubjpass"):
        return []
    lemma = head.lemma_.lower()
    if head.pos_ in ("VERB", "AUX") and (lemma in light_verbs or lemma == "be"):
        if noun.dep_ == "nsubjpass":
            # "the lifting of the curfew was announced by the interior ministry"
            return actors_in(next((c for c in head.children if c.dep_ == "agent"), None), by_token)
        return clause_subject_actors(head, by_token)
    return []


def _light_noun_parent(noun: Token, words: dict[str, frozenset[str]]) -> list[Token]:
    """``the imposition of sanctions``: arguments of the light noun belong to the event."""
    head = noun.head
    while noun.dep_ == "conj" and head.pos_ == "NOUN":
        noun, head = head, head.head
    if (
        noun.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in words.get("light_nouns", ())
    ):
        return [head.head]
    return []


def actors_at(token: Token, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """The actor(s) a noun phrase denotes: the mention it heads, its conjuncts, a ``led by``
    leader, or the first actors found below it through possessive, compound and owner links
    ("the policies of the UAE", "calls from protesters", "a request by Sri Lanka")."""
    leader = _led_by(token)
    if leader is not None:
        found = actors_in(leader, by_token)
        if found:
            return found
    frontier = [token]
    seen: set[int] = set()
    while frontier:
        level = [t for t in frontier if t.i in by_token]
        if level:
            return with_conjuncts(level, by_token)
        next_frontier = []
        for t in frontier:
            seen.add(t.i)
            for child in t.children:
                if child.i in seen or (
                    child.dep_ in CLAUSE_DEPS
                    and not (child.dep_ == "prep" and child.lower_ in OWNER_PREPS)
                ):
                    continue
                next_frontier.append(child)
        frontier = next_frontier
    return []


def actors_in(prep: Token | None, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """Actors in a preposition's object, even when the parser hung it elsewhere in the phrase."""
    if prep is None:
        return []
    for child in prep.children:
        if prep.lower_ == "with" and (
            (child.dep_ == "pcomp" and child.lemma_.lower() in ("act", "serve"))
            or any(c.dep_ in ("acl", "relcl") and c.tag_ == "VBG" for c in child.children)
        ):
            continue  # "with Oman acting as mediator" sets the scene; Oman is no target
        if child.dep_ in ("pobj", "pcomp"):
            found = actors_at(child, by_token)
            if found:
                return found
            for grandchild in child.children:
                if grandchild.dep_ in ("nsubj", "dobj", "pobj"):
                    found = actors_at(grandchild, by_token)
                    if found:
                        return found
        if child.dep_ == "conj" and child.pos_ == "ADP":
            return actors_in(child, by_token)  # "trade to and from Israel"
    return []


def _own_forces(
    clause: Token, addressees: list[ActorMention], by_token: dict[int, ActorMention]
) -> list[ActorMention]:
    """The addressee's own forces when that is what the demand is about: "demanded that
    Rwanda withdraw its troops" is made of Rwanda's military."""
    for obj in clause.children:
        if obj.dep_ == "dobj" and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children):
            forces = [
                m
                for m in actors_at(obj, by_token)
                if m.sector in ARMED_SECTORS and m.country in {a.country for a in addressees}
            ]
            if forces:
                return forces
    return addressees


def _senders(thing: Token, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """Who sent a thing, as a participle on it or on what it carries says: "vaccines
    donated by Beijing", "trucks carrying aid from Egypt"."""
    for token in thing.subtree:
        if token.dep_ == "acl" and token.tag_ in ("VBN", "VBG"):
            for prep in token.subtree:
                if prep.dep_ in ("agent", "prep") and prep.lower_ in ("by", "from"):
                    found = actors_in(prep, by_token)
                    if found:
                        return found
    return []


def _authors(thing: Token, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """Whoever made a thing done to: "vetoed a law passed by parliament", "rejected a plan
    drawn up by Egypt"."""
    for clause in thing.children:
        if clause.dep_ == "acl" and clause.tag_ == "VBN":
            agent = next((c for c in clause.children if c.dep_ == "agent"), None)
            if agent is not None:
                return actors_in(agent, by_token)
    return []


def _led_by(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "acl" and child.lemma_.lower() in ("lead", "head", "spearhead"):
            return next((c for c in child.children if c.dep_ == "agent"), None)
    return None


COORDINATORS = frozenset({",", "and", "or", "the", "as", "well", "both", "&"})


def with_conjuncts(tokens: list[Token], by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """The mentions at these tokens and every actor coordinated with them ("Abu Dhabi and
    Riyadh", "the UAE, Saudi Arabia, and Egypt"), read off the parse and, where the parser
    buried a coordination in an apposition, off the words themselves."""
    found: list[ActorMention] = []
    for token in tokens:
        mention = by_token[token.i]
        if mention not in found:
            found.append(mention)
        head = token.doc[mention.token_start : mention.token_end].root
        for conj in head.conjuncts:
            for t in [conj, *conj.subtree]:
                other = by_token.get(t.i)
                if other is not None and other not in found and t.dep_ not in ("poss", "prep"):
                    found.append(other)
                    break
    doc = tokens[0].doc
    for mention in list(found):
        found += [m for m in _listed_with(mention, doc, by_token) if m not in found]
    return [member for m in found for member in (m.members or (m,))]


def _listed_with(
    mention: ActorMention, doc: Doc, by_token: dict[int, ActorMention]
) -> list[ActorMention]:
    """Actors standing in one list with ``mention``, joined by commas and "and" — a list only
    if some "and"/"or" joins it, so that "Fuad Hussein, Iraq's minister," stays one actor."""
    chain: list[ActorMention] = []
    joined = False
    for step in (-1, 1):
        current = mention
        while True:
            i = current.token_start - 1 if step < 0 else current.token_end
            gap = []
            while 0 <= i < len(doc) and i not in by_token and doc[i].lower_ in COORDINATORS:
                gap.append(doc[i].lower_)
                i += step
            other = by_token.get(i)
            if other is None or not gap or other.kind == "pronoun" or other in chain:
                break
            joined = joined or any(word in ("and", "or", "&") for word in gap)
            chain.append(other)
            current = other
    return chain if joined else []


def clause_subject_actors(
    verb: Token, by_token: dict[int, ActorMention], depth: int = 0
) -> list[ActorMention]:
    """Subject of a verb, inherited through control, purpose, coordination and relatives."""
    if depth > 4:
        return []
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
        # "met with X discussing ...": the parser made X the subject of "discussing".
        return clause_subject_actors(verb.head.head, by_token, depth + 1)
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return actors_at(verb.head, by_token)
            found = actors_at(child, by_token)
            if found:
                return found
            if child.lower_ in ("they", "we", "it", "he", "she") and verb.dep_ == "ccomp":
                # "Lula and Petro said they shared...": a pronoun opening what an actor says
                # is that actor.
                return clause_subject_actors(verb.head, by_token, depth + 1)
            return []
    if verb.dep_ == "xcomp":
        # Object control: "urged Iran to return", "asked the UN to send" -> Iran, the UN.
        obj = next((c for c in verb.head.children if c.dep_ in ("dobj", "dative")), None)
        if obj is not None:
            found = actors_at(obj, by_token)
            if found:
                return found
    if verb.dep_ == "conj" and not any(c.dep_ == "auxpass" for c in verb.children):
        # "he was shocked by the attacks and expressed solidarity": the one acted on acts next
        patient = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        if patient is not None:
            return actors_at(patient, by_token)
    if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp") and verb.head != verb:
        head = verb.head
        if verb.dep_ == "pcomp" or head.dep_ in ("acomp", "amod"):
            head = head.head  # "it was ready to resume talks"
        return clause_subject_actors(head, by_token, depth + 1)
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        found = actors_at(verb.head, by_token)
        if not found and verb.tag_ == "VBG" and verb.head.dep_ == "dobj":
            # "signed agreements normalising relations with Israel": the signers normalise
            return clause_subject_actors(verb.head.head, by_token, depth + 1)
        return found
    if verb.dep_ == "ROOT":
        return _stranded_subject(verb, by_token)
    return []


def _stranded_subject(verb: Token, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """A main verb the parser left without a subject ("..., Doha, unlike in the past,
    intervened"): the last actor before it that the parser hung loosely elsewhere."""
    for i in range(verb.i - 1, sentence_of(verb).start - 1, -1):
        mention = by_token.get(i)
        if (
            mention is not None
            and mention.kind != "pronoun"
            and verb.doc[i].dep_ in ("appos", "nsubj", "dep", "npadvmod", "conj")
        ):
            return [mention]
    return []


def _nearest_other_actor(
    noun: Token, sources: list[ActorMention], by_token: dict[int, ActorMention]
) -> list[ActorMention]:
    """The closest earlier actor of another code, people and governments first."""
    start = sentence_of(noun).start
    before = [by_token[i] for i in range(noun.i - 1, start - 1, -1) if i in by_token]
    others = [m for m in before if all(m.code != s.code for s in sources)]
    ranked = sorted(others, key=lambda m: m.kind not in ("person", "agent"))
    return ranked[:1]


def _complement_targets(verb: Token, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """Whom a threat, demand or refusal is about when its complement names them: "threatened to
    ban the Jamaat party", "turned down a request from Sri Lanka"."""
    for child in verb.children:
        if child.dep_ == "xcomp":
            # "threatened to deploy the army against striking traders": the traders
            against = [g for g in child.children if g.dep_ == "prep" and g.lower_ == "against"]
            found = [m for prep in against for m in actors_in(prep, by_token)]
            if found:
                return found
            for grandchild in child.children:
                if grandchild.dep_ in ("dobj", "dative"):
                    found = actors_at(grandchild, by_token)
                    if found:
                        return found
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            found = actors_in(child, by_token)
            if found:
                return found
    return []


SETTING_EVENT_PREPS = frozenset({"during", "on"})
"""A visit or talks the actor is on ("during a visit to", "on a two-day trip to"); "after
talks", "at a summit" may be somebody else's."""


def _setting_subject(noun: Token, by_token: dict[int, ActorMention]) -> list[ActorMention]:
    """Who made the visit or held the talks that set a sentence's scene: the main clause's
    subject ("During a visit to Belgrade, Orban voiced support ..."), found even where the
    parser made the main verb a modifier of its object ("voiced" as amod of "support")."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in SETTING_EVENT_PREPS:
        return []
    clause = noun.head.head
    if clause.pos_ in ("VERB", "AUX"):
        return clause_subject_actors(clause, by_token)
    for verb in clause.children:
        if verb.dep_ in ("amod", "acl") and verb.pos_ == "VERB":
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return actors_at(subject, by_token)
    return []


def _is_own_country(source: ActorMention, target: ActorMention) -> bool:
    """ "Iraq's minister discussed relations between Qatar and Iraq": talking, helping or
    agreeing, a country's official does not act on that country as a whole."""
    return (
        target.kind in ("country", "place", "modifier")
        and target.sector is None
        and source.sector is not None
        and target.code == source.country
    )


def is_itself(source: ActorMention, target: ActorMention) -> bool:
    return source.code == target.code or _own(source, target)


def _own(source: ActorMention, target: ActorMention) -> bool:
    """ "Morocco recalled its ambassador": the target is the source's own agent."""
    first = target.text.split(" ", 1)[0].lower()
    return first in ("its", "their", "his", "her") and target.country == source.country


def is_anonymous(mention: ActorMention | None) -> bool:
    """ "officials" with no country or organisation says nothing about who acted."""
    return mention is None or (mention.country is None and mention.kind == "agent")


def actor_pairs(
    sources: list[ActorMention], targets: list[ActorMention], code: str
) -> list[tuple[ActorMention | None, ActorMention | None]]:
    root = code[:2]
    sources = [m for m in sources if not is_anonymous(m)]
    targets = [m for m in targets if not is_anonymous(m)]
    if root == "01":
        # "told reporters", "told state television", "told lawmakers" of one's own country:
        # the audience is not a target
        own = {m.country for m in sources}
        targets = [
            m
            for m in targets
            if m.sector not in AUDIENCE_SECTORS and not (m.sector == "LEG" and m.country in own)
        ]
    among = [(a, b) for a, b in product(sources, sources) if a is not b and a.code != b.code]
    if not targets and among and (root in RECIPROCAL_ROOTS or code in RECIPROCAL_CODES):
        return among
    if root == "04" and len(among) > 0:
        # "Biden and Xi met on the sidelines of the G20": they met each other, too
        targets = [t for t in targets if all(t.code != s.code for s in sources)]
    pairs: list[tuple[ActorMention | None, ActorMention | None]] = []
    for source in sources or [None]:
        # An actor does not act on itself ("their embassies", "its ambassador", "its ties"):
        # without another target, the event has none.
        others = [
            t
            for t in targets
            if source is None
            or not (is_itself(source, t) or (root < "10" and _is_own_country(source, t)))
        ]
        pairs += [(source, t) for t in others or [None] if source is not None or t is not None]
    if root == "04":
        pairs += [pair for pair in among if pair not in pairs]
    return pairs
