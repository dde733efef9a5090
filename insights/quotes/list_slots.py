"""Rules 11: names in lists and sign-in sheets, initials beside names, everyday words used as names.

Steps after the tagger (`Anonymiser.more_names`, after rules 10's), written after reading blind8's
leaks (an eighth author; blind8 was held out for rules 10 and is now a training set). Each is a
general slot, never a list of one-off words, and each can be switched off to measure it
(`train_tagger --off`):

- `name_initials`: an initial written beside a name found ("O. [NAME]", "Ż. [NAME]" -> one tag), and a
  first name of the lists followed by an initial at the end of a list item ("Moira T. ·", "Precious O. ¦").
- `list_initials`: colleagues' initials in a list after a people label that rules 10 did not read
  ("Staff only: JP, AC, RH", "Minutes MV.", "Notes: KB.", "From JB, PALS"), the list running on
  over names found and initials, stopping at the first other item (so "PALS" stays).
- `list_names`: an item of a people list (a sign-in sheet, an attendance or photo caption: "Names:",
  "Attendance:", "L-R:", "Standing:") of one to three capitalised words, between names found, when
  no dictionary of care words, roles, places nouns or acronyms knows it ("Clare", "Manjeet", "Hope,
  Temperance, [NAME]", "[NAME], Kent Bowyer"). Rules 33 (blind29, a tuning set): `bare_list_spans`, read by
  note_people's `list_members` (which sees the names every earlier step found), takes a list with no label too, of
  three or more capitalised words joined by commas, "and", "&" or "+", when two or more of them are names found
  and none of the others is a care word or a place, local or anywhere: its members that are words of the names
  lists ("8 babies. Olive, Juniper, [Ava], [Leo], Kit and [Max]"; not "[Ava], [Leo] and Dartford").
- `everyday_names`: an everyday word used as a name in a slot that only a name fills: glossed by a name
  in brackets ("Joy ([NAME])", "Faith and Love ([NAME] and [NAME])"), after "known as", "short for",
  "English name", "we call her"; an appositive child ("The fourth, Jubilee, came", "My middle one,
  Bear (short for ...)"); a sentence opening with a baby's news ("Sky arrived by planned caesarean",
  "Joy is 1 today", "River went home after ten days", "Jubilee is three months now").
- `name_neighbours`: a capitalised word written next to a name found, inside one name ("[NAME]
  Lister /", "Fern [NAME]", "Mrs May [NAME]", "[NAME] Islam [NAME]"): between two names found, any
  capitalised word that is no care word; after a first name the next capitalised word that is
  no care word, role or place noun, before a list separator; before a family name a first name of
  the lists or a word-name. These only grow findings, so they never change a note with no name.
"""

from __future__ import annotations

import bisect
import re

from insights.quotes.context_words import CONTEXT_WORDS, LABELS, PLACE_NOUNS, TITLES
from insights.quotes.lexicon import Finding, SpanIndex, fold_word
from insights.quotes.note_rules import ROLL_CALL, SIGNERS
from insights.quotes.plain_guards import SENTENCE_ADVERBS

STEPS = ("name_initials", "list_initials", "list_names", "everyday_names", "name_neighbours")

_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_MONTH_STEMS = frozenset(m[:3] for m in _MONTHS)
_DAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])

_INITIAL_BEFORE = re.compile(r"(?<![\w.'’-])(\w)\.[ \t]*$")
_INITIAL_AFTER = re.compile(r"^[ \t]+([A-Z])\.(?=\s*(?:$|[¦|·•,;:/)\]\n]|\s[-–—]\s|\d))")
_FIRST_THEN_INITIAL = re.compile(
    r"(?<![\w'’-])([A-Z][a-z]{2,})[ \t]+[A-Z]\.(?=\s*(?:$|[¦|·•,;:/)\]\n]|\s[-–—]\s))"
)

#: note_rules' SIGNERS ("staff" first, with "only": "Staff only: JP, AC"), and who takes the notes.
_STAFF_LABEL = re.compile(
    r"(?i)\b(?:staff(?:\s+only)?|notes?(?:\s+by)?|minutes?(?:\s+by)?|minuted\s+by|scribe|facilitators?|"
    rf"volunteers?|{'|'.join(SIGNERS)})\s*[:\-–]?[ \t]*"
)
_ITEM_SEP = re.compile(r"^\s*(?:,|&|\+|\band\b|/)\s*")
_CAPS = re.compile(r"[A-Z]{2,3}(?![\w&/'’-])(?=[ \t]*(?:[,.;&+/)]|and\b|$|\n))")

_PEOPLE_LIST = re.compile(
    rf"(?i)(?:\bnames?|attendance|{'|'.join(ROLL_CALL)}|sign[- ]?in(?:\s+sheet)?|register|l\s*-\s*r|"
    r"left\s+to\s+right|standing|sitting|front(?:\s+row)?|back(?:\s+row)?|staff|volunteers|parents|mums|"
    r"dads|winners?|pictured|photo)\b[^:\n]{0,60}:"
)
_ITEM = re.compile(
    r"(?<=[,;:✓✗])[ \t]*\??([A-Z][a-z]+(?:[ \t-][A-Z][a-z]+){0,2})[ \t]*(?:\([^()]{0,20}\)[ \t]*)?[✓✗]?[ \t]*(?=[,;.✓✗]|$)"
)

#: Rules 33: a list with no label, of three or more capitalised words ("Olive, Juniper, Ava, Kit and Max").
_MEMBER = r"[A-Z][a-z][\w'’-]*"
_BARE_LIST = re.compile(
    rf"(?<![\w'’@.&+-])({_MEMBER}(?:(?:,?[ ]+(?:and|&|\+)[ ]+|,[ ]+){_MEMBER}){{2,}})(?![\w'’@-]|[ ][A-Z])"
)
_BARE_SEP = re.compile(r",?[ ]+(?:and|&|\+)[ ]+|,[ ]+")  # "Sarah, Priya, and Mum": "and" goes with its comma

_GLOSSED = re.compile(r"(?<![\w'’-])([A-Z][a-z]{2,})(?:\s+(?:and|&)\s+([A-Z][a-z]{2,}))?[ \t]+\(")
_NAMING = re.compile(
    r"(?i)(?:\bknown\b[^.!?\n]{0,40}?\bas|\bshort\s+for|\benglish\s+name|\bnick-?named?|\bnickname\s+is|"
    r"\bwe\s+call\s+(?:her|him|them|the\s+baby)|\b(?:she|he)\s+signs?\s+(?:every\s+\w+\s+)?(?:just|as))"
    r"[ \t:]+\(?\"?((?-i:[A-Z][a-z]{2,}))\b"
)
_APPOSITIVE = re.compile(
    r"(?i)\b(?:my|our|the|her|his)\s+(?:eldest|youngest|oldest|middle\s+one|middle\s+child|first|second|third|"
    r"fourth|fifth|sixth|twin|little\s+one|baby)\s*,\s*((?-i:[A-Z][a-z]{2,}))\s*(?=[,(])"
)
_NEWS = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=[\"“])|(?<=\n))([A-Z][a-z]{2,})\s+(?:(?:is|was|turned)\s+(?:\d+|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve)\s+(?:today|now|this|weeks?|months?|years?|days?)|arrived\b|"
    r"went\s+home\b|came\s+(?:home|breech|early|out|home)\b|was\s+born\b|(?:weighed|slept)\b)"
)
_SEPARATOR_AFTER = re.compile(r"^[ \t]*(?:$|[¦|/,;:)(\n]|\s[-–—]\s|[✓✗])")
_WORD_AFTER = re.compile(r"^[ \t]+([A-Z][a-z]+(?:[-‐][A-Z][a-z]+)?)(?![\w'’@.-]\w)")
_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+)[ \t]+$")


class ListSlots:
    """Rules 11's slots over the project's word lists (`lists`), dictionary (`lexicon`) and the
    acronyms rules 10 read (`acronyms`)."""

    def __init__(self, lists, lexicon, acronyms: frozenset[str]):
        self.lists, self.lexicon, self.acronyms = lists, lexicon, acronyms
        self.strict_acronyms = lists.acronyms | lists.keep_words | lists.clinical

    # -- shared checks -----------------------------------------------------------------------------

    def _care_word(self, word: str) -> bool:
        """A role, title, care, place-noun, month or day word: never a name here."""
        w = fold_word(word)
        lists = self.lists
        return (
            w in CONTEXT_WORDS
            or w in PLACE_NOUNS
            or w in LABELS
            or w in TITLES
            or w in lists.keep_words
            or w in lists.clinical
            or w in self.acronyms
            or w in _MONTHS
            or w in _DAYS
            or (w[:3] in _MONTH_STEMS and len(w) <= 4)
        )

    def _named(self, word: str) -> bool:
        """A first name, family name or word-name of the lists."""
        w = fold_word(word)
        return w in self.lists.first_names or w in self.lists.names or w in self.lists.word_names

    @staticmethod
    def _free(found: list[Finding], start: int, end: int) -> bool:
        return not any(f.start < end and start < f.end for f in found)

    # -- initials beside names -------------------------------------------------------------------

    def name_initials(self, text: str, found: list[Finding]) -> list[Finding]:
        """ "O. [NAME]" and "Moira T." (a first name of the lists and an initial ending a list item)."""
        out = []
        for f in found:
            if f.entity != "PERSON":
                continue
            m = _INITIAL_BEFORE.search(text, max(0, f.start - 4), f.start)
            if (
                m
                and m.group(1).isupper()
                and m.group(1).isalpha()
                and self._free(found, m.start(1), f.start - 1)
            ):
                out.append(Finding(m.start(1), m.end(1) + 1, "PERSON", "MaternityNameRules:initial"))
            m = _INITIAL_AFTER.match(text[f.end : f.end + 12])
            if m and self._free(found, f.end + m.start(1), f.end + m.end(1)):
                out.append(
                    Finding(f.end + m.start(1), f.end + m.end(1) + 1, "PERSON", "MaternityNameRules:initial")
                )
        for m in _FIRST_THEN_INITIAL.finditer(text):
            word = m.group(1)
            if not self._free(found, m.start(), m.end()) or self._care_word(word):
                continue
            w = fold_word(word)
            if w in self.lists.first_names or w in self.lists.word_names or w in self.lists.names:
                out.append(Finding(m.start(1), m.end(), "PERSON", "MaternityNameRules:initial"))
        return out

    # -- initials in a staff list ------------------------------------------------------------------

    def list_initials(self, text: str, found: list[Finding]) -> list[Finding]:
        """Initials in a list after a people label, over names found and other initials."""
        people = [f for f in found if f.entity == "PERSON"]
        out: list[Finding] = []
        if _title_cased(text):
            return out  # a note in capitals: "40 MINUTES FOR THE CONSULTANT"
        for label in _STAFF_LABEL.finditer(text):
            if label.group(0).lower().startswith("from") and not re.search(
                r"(?:^|[.!?\n]\s*)$", text[: label.start()]
            ):
                continue  # "From JB, PALS." signs a note; "a call from KFC" does not
            pos, items = label.end(), []
            while True:
                person = next((f for f in people if f.start == pos), None)
                caps = _CAPS.match(text, pos)
                if person is not None:
                    items.append(("name", person.start, person.end))
                    pos = person.end
                elif caps and (pos == 0 or not text[pos - 1].isalnum()):
                    items.append(("caps", caps.start(), caps.end()))
                    pos = caps.end()
                else:
                    break
                sep = _ITEM_SEP.match(text[pos : pos + 8])
                if not sep:
                    break
                pos += sep.end()
            caps_items = [(s, e) for kind, s, e in items if kind == "caps"]
            if not caps_items:
                continue
            strong = any(kind == "caps" and text[s:e].lower() not in self.acronyms for kind, s, e in items)
            seen_person = False
            for kind, s, e in items:
                token = text[s:e].lower()
                if kind == "name" or token not in self.acronyms:
                    seen_person = True
                elif len(token) > 2 and token in self.strict_acronyms:
                    break  # "From JB, PALS": the list ends at a service
                elif not seen_person or (token in self.strict_acronyms and not strong):
                    continue  # "Staff: GP, HV and MW": roles; "Leanne, RH" could be rhesus
                if kind == "caps" and self._free(found, s, e):
                    out.append(Finding(s, e, "PERSON", "MaternityNameRules:list-initials"))
        return out

    # -- items of a people list --------------------------------------------------------------------

    def list_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """A capitalised item of a labelled people list between names found."""
        people = [f for f in found if f.entity == "PERSON"]
        if len(people) < 2:
            return []
        out = []
        for label in _PEOPLE_LIST.finditer(text):
            end = text.find("\n", label.end())
            end = len(text) if end < 0 else end
            stop = re.search(r"[.!?](?:\s+[A-Z][a-z]+\s*:|\s*$)", text[label.end() : end])
            end = label.end() + stop.start() if stop else end
            inside = [f for f in people if label.end() <= f.start < end]
            if len(inside) < 2:
                continue
            for m in _ITEM.finditer(text, label.end() - 1, min(len(text), end + 1)):
                s, e = m.start(1), m.end(1)
                if e > end + 1 or not self._free(found, s, e):
                    continue
                words = re.split(r"[ \t-]", m.group(1))
                if any(self._care_word(w) for w in words):
                    continue
                w = fold_word(words[0])
                if (
                    len(words) == 1
                    and w in self.lists.vocab
                    and not self._named(words[0])
                    and w in self.lexicon
                ):
                    continue  # a place that is also a word ("Stone", "Reading"): not in a people list
                out.append(Finding(s, e, "PERSON", "MaternityNameRules:list-item"))
        return out

    # -- everyday words as names -------------------------------------------------------------------

    def everyday_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """Words used as names in slots only a name fills (glossed, "known as", appositive, news)."""
        people = [f for f in found if f.entity == "PERSON"]
        starts = {f.start for f in people}
        out = []
        # rules 34: overlaps asked by bisection, not by a scan of every finding per word (quadratic on hostile notes:
        # "Sarah (" * 8,000 took 11 s); the spans added never overlap each other, so sorted by start their ends sort too
        taken, added = SpanIndex((f.start, f.end) for f in found), []

        def add(s: int, e: int) -> None:
            i = bisect.bisect_left(
                added, (e,)
            )  # the added spans starting before e: only the last may overlap
            if (
                not taken.overlaps(s, e)
                and (i == 0 or added[i - 1][1] <= s)
                and not self._care_word(text[s:e])
            ):
                out.append(Finding(s, e, "PERSON", "MaternityNameRules:word-name"))
                bisect.insort(added, (s, e))

        for m in _GLOSSED.finditer(text):
            bracket = m.end()
            w = fold_word(m.group(1))
            if w in self.lists.vocab and not self._named(m.group(1)):
                continue  # a place glossed ("Dartford ([NAME]'s side)")
            if re.search(r"(?:^|[.!?:\n\"“]\s*)$", text[: m.start()]) and not self._named(m.group(1)):
                continue  # a sentence's first word is capitalised anyway
            if bracket in starts or bracket + 1 in starts:
                add(m.start(1), m.end(1))
                if m.group(2):
                    add(m.start(2), m.end(2))
        for rx in (_NAMING, _APPOSITIVE):
            for m in rx.finditer(text):
                add(m.start(1), m.end(1))
        for m in _NEWS.finditer(text):
            word = m.group(1)
            w = fold_word(word)
            if w in self.lists.word_names or w in self.lists.first_names or w not in self.lexicon:
                add(m.start(1), m.end(1))
        return out

    # -- neighbours of a name found ----------------------------------------------------------------

    def name_neighbours(self, text: str, found: list[Finding]) -> list[Finding]:
        """A surname after a one-word first name found (before a list separator), and a capitalised
        word before a one-word name found, inside the sentence and not part of a title-case run."""
        out: list[Finding] = []
        lists = self.lists
        if _title_cased(text):
            return out  # "I Had [NAME] And Was Induced": every word is capitalised
        people = sorted((f for f in found if f.entity == "PERSON"), key=lambda f: f.start)
        for a, b in zip(people, people[1:], strict=False):
            middle = re.fullmatch(r"[ \t]+([A-Z][a-z]+)[ \t]+", text[a.end : b.start])
            if (
                middle
                and not self._care_word(middle.group(1))
                and fold_word(middle.group(1)) not in _NOT_BEFORE_NAME
            ):
                out.append(
                    Finding(
                        a.end + middle.start(1),
                        a.end + middle.end(1),
                        "PERSON",
                        "MaternityNameRules:neighbour",
                    )
                )
        for f in found:
            piece = text[f.start : f.end]
            if f.entity != "PERSON" or re.search(r"\s", piece.strip()):
                continue
            first = fold_word(re.split(r"[-‐]", piece.strip())[0])
            after = _WORD_AFTER.match(text[f.end : f.end + 40])
            if (
                after
                and (first in lists.first_names or first in lists.word_names or first in lists.names)
                and _SEPARATOR_AFTER.match(text[f.end + after.end() : f.end + after.end() + 4])
                and not self._care_word(after.group(1))
                and fold_word(after.group(1)) not in lists.vocab
            ):
                s, e = f.end + after.start(1), f.end + after.end(1)
                if self._free(found, s, e):
                    out.append(Finding(s, e, "PERSON", "MaternityNameRules:neighbour"))
            before = _WORD_BEFORE.search(text, max(0, f.start - 30), f.start)
            if not before:
                continue
            word, lead = before.group(1), text[max(0, before.start() - 30) : before.start()]
            if _sentence_start(text, before.start()):
                continue  # a sentence's first word is capitalised anyway
            if re.search(r"(?<![\w'’-])[A-Z][a-z]+[ \t]*$", lead) and not re.search(
                rf"(?i)\b(?:{'|'.join(TITLES)})\.?[ \t]*$", lead
            ):
                continue  # inside a title-case run ("Darent Valley [NAME]")
            w = fold_word(word)
            if self._care_word(word) or w in _NOT_BEFORE_NAME or w in lists.vocab and not self._named(word):
                continue
            if fold_word(piece) in self.lexicon and not self._named(piece):
                continue  # the name found is itself an everyday word ("Talking [Therapies]")
            if w in self.lexicon and not self._named(word) and not re.search(r"(?:^|[,(→—–]|\s-)\s*$", lead):
                continue  # an everyday word mid-clause ("Head of Midwifery [NAME]"), unless it opens an item
            if w in SENTENCE_ADVERBS and not self._named(word):
                continue  # rules 40: an item's adverb ("(Particularly [NAME] and [NAME])", "- Also [NAME]")
            if self._free(found, before.start(1), before.end(1)):
                out.append(Finding(before.start(1), before.end(1), "PERSON", "MaternityNameRules:neighbour"))
        return out


def _sentence_start(text: str, pos: int) -> bool:
    """Whether text[pos] opens the note, a line or a sentence (after ".", "!", "?" or ":")."""
    head = text[:pos].rstrip(' \t"“')
    return not head or head[-1] in ".!?:\n"


def _title_cased(text: str) -> bool:
    """A note written With Every Word Capitalised (or in capitals)."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.85 * len(words)


#: Capitalised words that stand before a name without being part of it.
_NOT_BEFORE_NAME = frozenset(
    [
        "dear",
        "hi",
        "hello",
        "hey",
        "thanks",
        "thank",
        "cheers",
        "love",
        "regards",
        "from",
        "to",
        "with",
        "ask",
        "asked",
        "tell",
        "told",
        "call",
        "called",
        "ring",
        "rang",
        "met",
        "saw",
        "see",
        "seen",
        "and",
        "or",
        "but",
        "if",
        "when",
        "so",
        "the",
        "a",
        "an",
        "my",
        "our",
        "your",
        "her",
        "his",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "for",
        "by",
        "at",
        "in",
        "on",
        "of",
        "about",
        "after",
        "before",
        "during",
        "yes",
        "no",
        "ok",
        "okay",
        "please",
        "sorry",
        "welcome",
        "congratulations",
        "happy",
        "bless",
        "poor",
        "little",
        "baby",
        "lovely",
        "nice",
    ]
)


def bare_list_spans(text: str, people: list[Finding], name_like, not_member) -> list[tuple[int, int]]:
    """Rules 33 (`note_people.NotePeople.list_members`): the other members of a list with no label, of three or
    more capitalised words joined by commas, "and", "&" or "+", of which two or more are names found (`people`) and
    none of the others is `not_member` (a place, keep or care word: "[Ava], [Leo] and Dartford"): the ones that are
    `name_like` (words of the names lists); never a list whose last member runs on into another capitalised word
    ("Sarah, Priya and Womens Aid")."""
    taken = SpanIndex((f.start, f.end) for f in people)
    out: list[tuple[int, int]] = []
    for m in _BARE_LIST.finditer(text):
        members, pos = [], m.start(1)
        for piece in _BARE_SEP.split(m.group(1)):
            start = text.index(piece, pos)
            members.append((start, start + len(piece)))
            pos = start + len(piece)
        named = [taken.contains(s, e) for s, e in members]
        rest = [(s, e) for (s, e), n in zip(members, named, strict=True) if not n]
        if sum(named) >= 2 and not any(not_member(text[s:e]) for s, e in rest):
            out += [(s, e) for s, e in rest if name_like(text[s:e])]  # not "[Sarah], [Jo] and Sertraline"
    return out
