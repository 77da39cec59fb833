"""Atomic: the means asks for one feature, not two joined by a conjunction.

A conjunction ("and", "or", "and/or", "&", "as well as", "/") counts only when it joins two
actions: the word after it is an action verb (``action-verbs`` word list), or a noun-or-verb
word (``noun-verbs``) followed by an object; adverbs in between are skipped ("and
periodically reminds"), and a modal verb says that a verb follows ("and can page through
them"), unless the conjunction continues a clause of its own ("AVs that are programmed for
efficiency and can reduce emissions"). A bare comma counts between two action verbs
("create, modify rules"), "and" between two passive actions ("requests to be managed and
cached"; not a state such as "has been reviewed and approved"), and "and" opening a clause with
a subject of its own and a modal ("and the system should notify me"); so do a second wish ("and
need a way to"), a passive second action ("and be notified of", "and have my card charged", "and have it stored") and a
verb with its particle before the conjunction ("search for and download"). Two adverbs ("quickly and easily find") and two -ing words after a
determiner ("my editing and publishing history") or after a noun ("data collection and cleaning
steps") are not two actions. Fixed phrases ("drag and
drop", "terms and conditions") are masked first; the role and the benefit are never looked at.

A conjunction that looked like joining two actions is then let go when it does not join two
features of the wish (``_not_two_features``): it stands in a clause that describes something the
means names ("error codes that reflect the logic and provide detail", "determine how agencies will
generate and validate", "forms that my pupils can fill in and submit"), joins two adjectives
("accurate and complete data", "as simple and clear as"), ends a list of nouns ("file size,
creation date, file format and format version"), glosses a word ("alias (or map)") or its verb
ends the means after a noun ("by file type and format"). A clause still counts when the means has
no verb of its own ("a portal that records ... and notifies"), when it states abilities ("a tool
that can detect and classify"), after a comma, and when a base form follows "is", "has" ... ("see
who is standing at my door and open the door"); ", and that ..." after a "that" clause is a second
requirement.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..context import Hit
from ..kinds.existence import PhraseList, text_words
from ..registry import wordlist
from . import story_check

# The leading look-ahead (a necessary condition) only lets ``re`` skip ahead fast.
CONJ_RE = re.compile(r"(?=[aop&t/])(?:(?<![\w-])(?:and\s*/\s*or|and|or|&|as\s+well\s+as|plus|then)(?![\w-])|(?<=\w)/(?=\w))", re.I)
# CONJ_RE for lower-cased ASCII text (offsets do not move then; the conjunction's own text is
# taken from the story). Each branch starts with a plain character, so ``re`` scans for them as
# fast as ``str.find``, where CONJ_RE (ignoring case, starting with a look-ahead) is tried at
# every position; each look-behind then checks the character before that one. Same matches.
_CONJ_LOWER_RE = re.compile(
    r"a(?<![\w-]a)(?:nd\s*/\s*or|nd|s\s+well\s+as)(?![\w-])|o(?<![\w-]o)r(?![\w-])|&(?<![\w-]&)(?![\w-])"
    r"|p(?<![\w-]p)lus(?![\w-])|t(?<![\w-]t)hen(?![\w-])|/(?<=\w/)(?=\w)"
)
ADVERBS = {"then", "also", "thereby", "subsequently", "later", "afterwards", "immediately", "automatically", "easily", "quickly", "directly", "even", "further", "to", "be", "able", "can", "should", "i", "we", "will", "could", "not", "finally", "optionally"}
OBJECT_START = {"the", "a", "an", "my", "our", "their", "his", "her", "its", "your", "them", "it", "this", "that", "these", "those", "all", "any", "each", "every", "new", "existing", "other", "some", "me", "us", "him", "up", "out", "back", "off", "what", "which", "who", "when", "where", "how", "if", "whether"}
_CONJ_WORDS = frozenset({"and", "or", "plus", "then", "as"})
WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")


@lru_cache(maxsize=4)
def _lexicon(verbs: str, noun_verbs: str, fixed: str, root: str | None = None):
    def words(name):
        out = set()
        for line in wordlist(name, root):
            out.update(w.lower() for w in line.split())
        return out

    return words(verbs), words(noun_verbs), PhraseList(list(wordlist(fixed, root)))


def _underscores(m: re.Match[str]) -> str:
    return "_" * len(m.group(0))


@lru_cache(maxsize=32768)
def _forms(word: str) -> tuple[str, ...]:
    w = word.lower().strip("'’")
    out = [w]
    for suf, rep in (("ing", ""), ("ing", "e"), ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            out.append(w[: -len(suf)] + rep)
    if len(w) > 5 and w.endswith("ing") and w[-4] == w[-5]:
        out.append(w[:-4])  # "mapping" -> "map"
    elif len(w) > 5 and w.endswith("ed") and w[-3] == w[-4]:
        out.append(w[:-3])  # "shipped" -> "ship"
    return tuple(out)


# Words ending in -ly that are not adverbs here: verbs ("apply"), nouns ("family") and adjectives
# that stand before a noun ("daily backups", "user-friendly reports").
NOT_ADVERBS = {"apply", "reply", "supply", "multiply", "comply", "imply", "rely", "fly", "only", "family", "assembly", "anomaly", "monopoly", "ally", "rally", "tally", "italy", "july", "belly", "jelly", "bully", "holy", "ugly",
               "daily", "weekly", "monthly", "yearly", "hourly", "quarterly", "early", "friendly", "user-friendly", "timely", "costly", "likely", "elderly", "lovely", "orderly", "lonely"}


def _ly_adverb(word: str) -> bool:
    w = word.lower()
    return len(w) > 4 and w.endswith("ly") and w not in NOT_ADVERBS


def _is_adverb(word: str) -> bool:
    """"then", "easily", "potentially": an adverb that may stand between a conjunction and its verb."""
    return word.lower() in ADVERBS or _ly_adverb(word)


def _adverb_pair(before: list[str], after: list[str]) -> bool:
    """"quickly and easily find", "use it safely and transparently": the conjunction joins two
    adverbs of one verb, not two actions."""
    return bool(before and after) and _ly_adverb(before[-1]) and _ly_adverb(after[0])


NOMINAL_RE = re.compile(r"(?:tion|sion|ment|ance|ence|ity|ness|sis|ure)s?$")


def _gerund_modifier(before: list[str], after: list[str]) -> bool:
    """An -ing word after the conjunction that names a thing: "my browsing and purchasing history"
    (two -ing words after a determiner), "data collection and cleaning steps" (an -ing word joined
    to a noun such as "collection", with no -ing clause before it)."""
    if len(before) < 1 or not after or not after[0].lower().endswith("ing"):
        return False
    b = before[-1].lower()
    if len(before) > 1 and before[-2].lower() in DETERMINERS and b.endswith("ing"):
        return True
    if len(before) > 2 and b.endswith("ing") and before[-3].lower() in NOUN_CONTEXT and before[-2].lower() not in DETERMINERS and not before[-2].lower().endswith("ing") and not _is_adverb(before[-2]):
        return True  # "for ease of patron browsing and searching": a noun, then two -ing words
    # ... unless an earlier -ing clause makes it parallel ("reducing costs and improving care").
    return len(b) > 5 and bool(NOMINAL_RE.search(b)) and not any(len(w) > 5 and w.lower().endswith("ing") for w in before)


WISH_VERBS = frozenset({"need", "want", "wish"})
"""A second wish after the conjunction ("and need a way to ...") asks for a second feature."""

MODALS = frozenset({"can", "could", "should", "will", "would", "must", "may", "shall"})
CLAUSE_WORDS = frozenset({"that", "which", "who", "whom", "whose", "where", "when", "what", "is", "are", "was", "were", "if", "whether"})
"""Words that open a clause of its own (or are its verb) before a conjunction: a modal after
the conjunction may then continue that clause, not the wish."""


def _is_action(words_after: list[str], verbs: set[str], noun_verbs: set[str], own_clause: bool = True) -> bool:
    i = 0
    modal = False
    while i < len(words_after) and i < 3 and (_is_adverb(words_after[i]) or words_after[i].lower() in MODALS):
        modal = modal or words_after[i].lower() in MODALS
        i += 1
    if i >= len(words_after):
        return False
    w = words_after[i]
    if w.lower() in WISH_VERBS and i + 1 < len(words_after) and words_after[i + 1].lower() not in ("to", "of"):
        return True  # "I want to X and need an easy way to Y": a second wish
    if i > 0 and words_after[i - 1].lower() == "be" and _action_participle(w, verbs):
        return True  # "and be notified of new research": a second action, in the passive
    if w.lower() == "have" and i + 2 < len(words_after) and words_after[i + 1].lower() in HAVE_OBJECTS:
        # "and have my card charged", "and have it automatically stored into CKAN": something
        # done for the user, a second action
        return any(_action_participle(x, verbs) for x in words_after[i + 2 : i + 5])

    if modal and not own_clause and not w.lower().endswith("ed"):
        return True  # "and can page through them": a modal, then a verb (a passive "can be filtered" is not)
    nxt = words_after[i + 1].lower() if i + 1 < len(words_after) else ""
    if w.lower().endswith("ed") and w.lower() not in verbs:
        return False  # "produced or collected": a participle, one feature described twice
    if nxt == "of":
        return False  # "researchers or groups of researchers": a noun, a verb takes no "of"
    forms = _forms(w)
    if not noun_verbs.isdisjoint(forms):
        return nxt in OBJECT_START
    return not verbs.isdisjoint(forms)


def _action_participle(word: str, verbs: set[str]) -> bool:
    """"notified", "charged": the -ed form of an action verb."""
    return word.lower().endswith("ed") and not verbs.isdisjoint(_forms(word))


def _is_verbish(word: str, verbs: set[str], noun_verbs: set[str]) -> bool:
    forms = _forms(word)
    return not verbs.isdisjoint(forms) or not noun_verbs.isdisjoint(forms)


DETERMINERS = {"the", "a", "an", "my", "our", "their", "his", "her", "its", "your", "this", "that", "these", "those"}


HAVE_OBJECTS = frozenset(DETERMINERS | {"it", "them"})
"""What may follow "and have" when a participle then makes it a second action."""


PASSIVE_AUX = frozenset({"be", "being", "get", "gets", "getting"})
"""Auxiliaries of a passive that asks for something to happen ("to be managed and cached");
"been" is left out: "has been reviewed and approved" describes a state."""


def _passive_pair(before: list[str], after: list[str], verbs: set[str], noun_verbs: set[str]) -> bool:
    """"requests to be managed and cached": two actions in the passive, joined by "and" (after
    "be", an -ed form of a noun-or-verb word such as "cached" is a verb)."""
    if len(before) < 2 or not after or before[-2].lower() not in PASSIVE_AUX:
        return False
    i = 0
    while i < len(after) - 1 and i < 2 and _ly_adverb(after[i]):
        i += 1  # "anonymized and securely stored"
    b, a = before[-1].lower(), after[i].lower()
    return b.endswith("ed") and a.endswith("ed") and _is_verbish(b, verbs, noun_verbs) and _is_verbish(a, verbs, noun_verbs)


REQUIREMENT_MODALS = frozenset({"can", "should", "will", "must", "shall"})
"""Modals that state a requirement ("would", "could", "may" describe: "how a careful and
consistent researcher would link records")."""


STATE_VERBS = frozenset({"be", "have", "look", "seem", "appear", "remain", "stay", "contain", "include", "match", "know", "not", "only", "always", "never", "still"})
"""Verbs after a modal that describe a state of the one feature ("and the list should contain
only open items"), not a second action."""


def _new_clause(after: list[str], verbs: set[str], noun_verbs: set[str]) -> bool:
    """"... and ALFRED should also use sensors": a subject of its own and a modal, then an action
    verb - a second requirement. The subject is one to three words that are not verbs; a passive
    or a state after the modal ("and the list should be sorted") is not counted."""
    for j in range(1, min(4, len(after) - 1)):
        if after[j].lower() in REQUIREMENT_MODALS:
            if any(_is_verbish(w, verbs, noun_verbs) or w.lower() in CLAUSE_WORDS for w in after[:j]):
                return False  # not a subject: "and documents that I can share", "and export reports can"
            k = j + 1
            while k < len(after) - 1 and k < j + 3 and _is_adverb(after[k]) and after[k].lower() not in ("be", "able", "not", "to"):
                k += 1
            w = after[k].lower()  # after a modal, a base form is a verb ("should page me")
            return w not in STATE_VERBS and not w.endswith("ed")
    return False


def _comma_pair(before: list[str], after: list[str], verbs: set[str]) -> bool:
    """"create, modify rules": two action verbs with only a comma between them."""
    if not before or not after or (len(before) > 1 and before[-2].lower() in DETERMINERS):
        return False
    b, a = before[-1].lower(), after[0].lower()
    if b.endswith(("ed", "ing")) or a.endswith(("ed", "ing")):
        return False
    return not verbs.isdisjoint(_forms(b)) and not verbs.isdisjoint(_forms(a))


_COMMA_RE = re.compile(r",(?<=\w,)(?=\s*[A-Za-z])")  # (a literal first: ``re`` skips to each comma)
_NEXT_WORD_RE = re.compile(r"\s*([A-Za-z][\w'’-]*)")


def _verb_after(text: str, pos: int, verbs: set[str]) -> bool:
    """Whether the word at ``pos`` (after blanks) is an action verb (a cheap test for commas)."""
    m = _NEXT_WORD_RE.match(text, pos)
    return m is not None and not verbs.isdisjoint(_forms(m.group(1)))


NOUN_CONTEXT = frozenset({"of", "for", "with", "on", "in", "about", "by", "from", "without", "into", "per"})


def _noun_context(word: str) -> bool:
    """A word after which the next one is a noun: a determiner, a preposition, an -ing word."""
    w = word.lower()
    return w in DETERMINERS or w in NOUN_CONTEXT or (len(w) > 4 and w.endswith("ing"))


PARTICLES = frozenset({"for", "at", "to", "with", "from", "into", "on", "up", "out", "through", "about"})


def _particle_pair(before: list[str], after: list[str], verbs: set[str], noun_verbs: set[str]) -> bool:
    """"search for and download protocols", "look at and edit": a verb with its particle, then
    a second verb (a noun rarely follows "for and")."""
    if len(before) < 2 or not after or before[-1].lower() not in PARTICLES:
        return False
    return _is_verbish(before[-2], verbs, noun_verbs) and _is_verbish(after[0], verbs, noun_verbs) and not after[0].lower().endswith(("ed", "ing"))


def _slash_pair(before: list[str], after: list[str], verbs: set[str], noun_verbs: set[str]) -> bool:
    """"create/edit": both sides are actions (one of them a plain verb) - unless a determiner,
    a preposition or an -ing word before them makes them nouns ("conditions governing
    use/access"), or they are plurals or two forms of one word ("reviews/comments")."""
    if not before or not after or (len(before) > 1 and _noun_context(before[-2])) or _slash_nouns(before[-1], after[0]):
        return False
    b, a = before[-1], after[0]
    return _is_verbish(b, verbs, noun_verbs) and _is_verbish(a, verbs, noun_verbs) and not (verbs.isdisjoint(_forms(b)) and verbs.isdisjoint(_forms(a)))


def _slash_nouns(left: str, right: str) -> bool:
    """"reviews/comments" (two plurals), "group/groups" (one word, two numbers): nouns, where
    two actions joined by a slash are base forms ("create/edit")."""
    a, b = left.lower(), right.lower()
    plural = a.endswith("s") and b.endswith("s") and not a.endswith("ss") and not b.endswith("ss")
    return plural or not set(_forms(a)).isdisjoint(_forms(b))


def _verb_pair(before: list[str], after: list[str], verbs: set[str], noun_verbs: set[str]) -> bool:
    """"manage and share data", "print & mail invoices": a verb on both sides of the
    conjunction, the first not used as a noun (no determiner before it)."""
    if not before or not after:
        return False
    b, a = before[-1].lower(), after[0].lower()
    if len(before) > 1 and before[-2].lower() in DETERMINERS:
        return False
    if b.endswith("ed") or a.endswith("ed") or b.endswith("ing") != a.endswith("ing"):
        return False
    b_forms, a_forms = _forms(b), _forms(a)
    b_verb = not verbs.isdisjoint(b_forms)
    a_verb = not verbs.isdisjoint(a_forms) or not noun_verbs.isdisjoint(a_forms)
    b_nv = not noun_verbs.isdisjoint(b_forms)
    # A plural noun-or-verb word before the conjunction is a noun ("log books and log book pages").
    return (b_verb and a_verb) or (b_nv and not b.endswith("s") and not verbs.isdisjoint(a_forms))


WH_WORDS = frozenset({"which", "who", "whom", "whose", "where", "when", "whenever", "how", "what", "why", "whether", "if", "while", "once", "until", "unless", "because"})
"""Words that open a clause inside the means ("determine how agencies will generate and
validate ...", "notify me when ... and ...")."""

SUBJECT_PRONOUNS = frozenset({"i", "we", "you", "they", "he", "she", "it"})
FINITE_AUX = frozenset({"is", "are", "was", "were", "am", "has", "does", "did"})
"""A clause whose verb is one of these cannot go on with a base form after "and": "who is
standing at my door and open the door" returns to the wish."""

QUANTIFIERS = frozenset(DETERMINERS | {"some", "all", "any", "each", "every", "one", "more"})
"""A determiner or a quantifier: what opens a noun phrase ("forms that my pupils can ...")."""
ADJECTIVE_RE = re.compile(r"(?:al|ive|ous|ful|able|ible|ate|less)$")


def _clause_start(words: list[str], verbs: set[str], noun_verbs: set[str]) -> int:
    """Index in ``words`` (lower case) of the word that opens a clause of its own inside the
    means (0: none): a wh-word ("how agencies will generate"), "that" before a verb with no modal ("error codes that
    reflect the logic"), "by" before an -ing word ("by visiting the site"), or a subject and a
    modal ("forms that my students can fill in", "questions the user can ask"). A clause that
    starts with a modal ("a tool that can detect and classify") states what is asked for."""
    for i in range(len(words) - 1, 0, -1):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in MODALS and words[i - 1] not in ("to", "and", "or", "not"):
            prev = words[i - 1]
            if (prev in SUBJECT_PRONOUNS and i > 1) or (i > 2 and words[i - 2] in QUANTIFIERS and prev not in WH_WORDS and prev != "that"):
                return i - 1
            continue
        if nxt in MODALS:
            continue
        if w in WH_WORDS or (w == "by" and nxt.endswith("ing")):
            return i
        if w == "that" and nxt:
            j = i + 1
            while j < len(words) - 1 and _ly_adverb(words[j]):
                j += 1
            w = words[j]
            if w in MODALS or w in QUANTIFIERS or w in SUBJECT_PRONOUNS:
                continue  # "that can detect" asks for abilities; "that the tool protects" is the wish
            if j > i + 1 or _is_verbish(w, verbs, noun_verbs) or (j + 1 < len(words) and words[j + 1] in DETERMINERS):
                return i  # "that accurately reflect", "that operate", "that list the"
    return 0


def _base_verb(after: list[str], verbs: set[str], noun_verbs: set[str]) -> bool:
    """The first word after the conjunction (after adverbs) is a base form of a verb."""
    i = 0
    while i < len(after) - 1 and i < 2 and _is_adverb(after[i]) and after[i].lower() not in MODALS:
        i += 1
    w = after[i].lower() if after else ""
    return bool(w) and w not in MODALS and not w.endswith(("s", "ed", "ing")) and _is_verbish(w, verbs, noun_verbs)


def _in_subclause(prefix: str, after: list[str], verbs: set[str], noun_verbs: set[str]) -> bool:
    """The conjunction stands in a clause that describes something named in the means, not in
    the wish itself: "configure builds that execute tests and report results", "determine how
    agencies will generate and validate files", "forms that my students can fill in and submit".
    It still counts when the wish has no verb of its own ("a portal that records each request and
    notifies the landlord": the clause is the feature), after a comma (", and share it"), and
    when a base form follows a clause whose verb is "is", "has", "does" ... ("see who is standing
    at my door and open the door")."""
    words = WORD_RE.findall(prefix.lower())
    if len(words) < 3 or words[0] in QUANTIFIERS or prefix.rstrip().endswith(","):
        return False
    start = _clause_start(words, verbs, noun_verbs)
    if not start:
        return False
    if FINITE_AUX.isdisjoint(words[start + 1 :]):
        return True
    return not _base_verb(after, verbs, noun_verbs)


def _modifier_pair(before: list[str], after: list[str], verbs: set[str]) -> bool:
    """Two adjectives of one noun: "accurate and complete data", "a partial or complete title"
    (an adjective ending before the conjunction, a verb-like word then a bare noun after it), and
    "as simple and clear as"."""
    if len(before) < 2 or not after:
        return False
    b = before[-1].lower()
    if before[-2].lower() == "as":
        return True
    if len(after) < 2 or not ADJECTIVE_RE.search(b) or not verbs.isdisjoint(_forms(b)) or after[0].lower() not in verbs:
        return False
    return _bare_noun(after[1])


def _bare_noun(word: str) -> bool:
    """A word after a verb-like word that makes it a modifier ("complete data", "format
    version"): not an object start, a preposition, a particle or an adverb."""
    w = word.lower()
    return w not in OBJECT_START and w not in NOUN_CONTEXT and w not in PARTICLES and not _is_adverb(w) and not w.endswith("ed")


def _noun_list(prefix: str, before: list[str], after: list[str], verbs: set[str], noun_verbs: set[str]) -> bool:
    """The conjunction ends a list of noun phrases ("file size, creation date, file format and
    format version"; "set start dates, old article date, and stop dates"): an earlier item after a
    comma is a short noun phrase (one to four words, none of them a verb, no bracket), and the word after the conjunction is followed by a
    bare word, not an object or a preposition ("and apply some branding", "and reload into")."""
    if "," not in prefix or len(after) < 2 or not _bare_noun(after[1]):
        return False
    items = prefix.split(",")[1:]
    for item in items:
        ws = WORD_RE.findall(item)
        while ws and (ws[0].lower() in _CONJ_WORDS or _is_adverb(ws[0])):
            ws = ws[1:]
        if 0 < len(ws) <= 4 and ws[0].lower() not in DETERMINERS and "(" not in item and ")" not in item and not any(_is_verbish(w, verbs, noun_verbs) for w in ws):
            return True
    return False


def _second_that(masked: str, pos: int, conj: str) -> bool:
    """"be assured that copies are monitored, and that there is a way to restore them": a
    second "that" clause after a comma, a second requirement."""
    return conj.lower() == "and" and masked[:pos].rstrip().endswith(",") and re.search(r"\bthat\b", masked[:pos], re.I) is not None


def _head_verb(words: list[str]) -> str | None:
    """The word the means starts with once "to", "be able to" and adverbs are skipped ("to
    quickly see the timetable" -> "see"); None when the means starts with a determiner (a
    noun phrase: "a page that ...")."""
    i = 0
    while i < len(words) - 1 and i < 4 and (words[i].lower() in ("to", "be", "able") or _ly_adverb(words[i])):
        i += 1
    if not words or words[i].lower() in QUANTIFIERS:
        return None
    return words[i].lower()


def _repeats_head(after: list[str], head: str | None) -> bool:
    """"see the timetable for line 1 and see the timetable for line 2": the word after the
    conjunction (after adverbs) is the verb the means starts with - the wish said twice, for
    two things. (Whether or not the verb is in a word list: the repetition says it is one.)"""
    if head is None:
        return False
    i = 0
    while i < len(after) - 1 and i < 2 and _is_adverb(after[i]):
        i += 1
    return bool(after) and after[i].lower() == head and i + 1 < len(after)


def _not_two_features(masked: str, pos: int, conj: str, before: list[str], after: list[str], verbs: set[str], noun_verbs: set[str]) -> bool:
    """Whether a conjunction that looked like joining two actions does not: it stands in a
    clause of its own, joins two adjectives or ends a list of nouns, glosses a word ("alias (or
    map)"), or its verb ends the means after a noun ("by file type and format")."""
    prefix = masked[:pos]
    if prefix.rstrip().endswith("("):
        return True  # "alias (or map) an item": another name for the same action
    if len(after) == 1 and len(before) > 1 and verbs.isdisjoint(_forms(before[-1])) and not _is_adverb(before[-2]) and before[-2].lower() != "to":
        return True  # "search for files by file type and format": a verb needs an object
    return _in_subclause(prefix, after, verbs, noun_verbs) or _modifier_pair(before, after, verbs) or _noun_list(prefix, before, after, verbs, noun_verbs)


@story_check("multiple-features")
def multiple_features(ctx, verbs: str = "action-verbs", noun_verbs: str = "noun-verbs", fixed_phrases: str = "atomic-fixed-phrases", rules_root: str | None = None, **_):
    p = ctx.parsed
    part = p.means
    if part is None:
        return None
    text = part.text
    is_ascii = text.isascii()
    conj = (_CONJ_LOWER_RE.search(text.lower()) if is_ascii else CONJ_RE.search(text)) is not None
    if not conj and "," not in text:
        return None  # no conjunction and no comma (the common case)
    words, lower = text_words(ctx, text)
    verb_set, nv_set, fixed = _lexicon(verbs, noun_verbs, fixed_phrases, rules_root)
    if not conj and not any(_verb_after(text, m.end(), verb_set) for m in _COMMA_RE.finditer(text)):
        return None  # commas only, none of them before a verb
    fixed_re = fixed.regex_for(words, lower, text)  # None: no fixed phrase can occur
    masked = text if fixed_re is None else fixed_re.sub(_underscores, text)
    head = None  # the verb the means starts with (found at the first conjunction)
    if is_ascii:
        found = _CONJ_LOWER_RE.finditer(lower if fixed_re is None else masked.lower())
    else:
        found = CONJ_RE.finditer(masked)
    for m in found:
        conj = masked[m.start() : m.end()]
        after = WORD_RE.findall(masked[m.end() : m.end() + 80])
        before = WORD_RE.findall(masked[max(0, m.start() - 40) : m.start()])
        if conj != "/" and not masked[: m.start()].rstrip().endswith("("):
            if head is None:
                head = _head_verb(WORD_RE.findall(masked[:80])) or ""
            if _repeats_head(after, head or None):
                return [Hit("text", part.start + m.start(), part.start + m.end(), values={"match": conj})]
        if conj == "/":
            hit = _slash_pair(before, after, verb_set, nv_set)
        elif conj.lower() == "then":
            hit = bool(re.search(r"(?:,|\band)\s*$", masked[: m.start()])) and _is_action(after, verb_set, nv_set)
        elif _adverb_pair(before, after) or _gerund_modifier(before, after):
            hit = False
        else:
            # (only a modal right after the conjunction asks whether it continues a clause)
            modal_near = not MODALS.isdisjoint(map(str.lower, after[:5]))
            in_clause = modal_near and not CLAUSE_WORDS.isdisjoint(map(str.lower, WORD_RE.findall(masked[: m.start()])))
            own_clause = not modal_near or in_clause or MODALS.isdisjoint(map(str.lower, after[:3]))
            hit = _is_action(after, verb_set, nv_set, own_clause) or (after[:1] == ["that"] and _second_that(masked, m.start(), conj)) or _verb_pair(before, after, verb_set, nv_set) or _particle_pair(before, after, verb_set, nv_set) or (conj.lower() == "and" and (_passive_pair(before, after, verb_set, nv_set) or (modal_near and not in_clause and _new_clause(after, verb_set, nv_set))))
        if hit and _not_two_features(masked, m.start(), conj, before, after, verb_set, nv_set):
            hit = False
        if hit:
            return [Hit("text", part.start + m.start(), part.start + m.end(), values={"match": conj})]
    for m in _COMMA_RE.finditer(masked) if "," in masked else ():
        if not _verb_after(masked, m.end(), verb_set):
            continue
        before = WORD_RE.findall(masked[max(0, m.start() - 40) : m.start()])
        after = WORD_RE.findall(masked[m.end() : m.end() + 80])
        if _comma_pair(before, after, verb_set):
            return [Hit("text", part.start + m.start(), part.start + m.end(), values={"match": ","})]
