"""Rules 6: names by the grammatical slot a word fills, with the ordinary senses as the exception.

Rules 1-5 kept a first name that is also an English word ("Hope", "Comfort", "Hunter") unless a
listed cue phrase came next to it ("hope told me", "baby hope"), and cue phrases seen in one corpus
did not transfer to notes written by someone else. Rules 6 turn the default round where the parse
says the word stands where a person stands, using spaCy's parse and part-of-speech tags (already
computed once per text):

- a capitalised gazetteer name, or a capitalised word that is no English word, place, service,
  medicine or clinical term, that is the bare subject of a verb ("Comfort had an EMCS", "Hunter is
  her eldest", "Brooklyn held my hand", "Ola Nowak wants ...") is a name, unless an ordinary-sense
  exception holds (a determiner or possessive before it, "Hope you ...", "May be", a modal verb);
- the same word opening a note or line before a bracket ("Dawn (Mrs ...)", "Happy (yes her actual
  name)") or before a family name ("Grace Kamara", "Angel Morales", "Autumn Pike");
- a short lower-case word that is no English word in a subject slot ("tay is 17", "shaz said") or
  in brackets right after a name ("Holly (holz)", "Zuzana (tam)").
"""

from __future__ import annotations

import re

from insights.quotes.context_words import (
    CONTEXT_WORDS,
    PLACE_NOUNS,
    RELATIONS,
    ROLES,
    SAY_AFTER,
    THING_DET,
    TITLES,
)
from insights.quotes.lexicon import fold_word
from insights.quotes.name_slots import ABSTRACT_NAMES

#: The word after a name-word that shows its ordinary sense ("Hope you are well", "May be twins").
_ORDINARY_NEXT = frozenset(
    {
        "you",
        "u",
        "ya",
        "everyone",
        "everything",
        "all",
        "this",
        "that",
        "it",
        "be",
        "so",
        "not",
        "to",
        "for",
        "of",
        "and",
        "or",
        "no",
        "any",
        "some",
        "more",
        "less",
    }
)
#: Complements that keep an abstract subject ordinary ("Patience is key", "Hope was lost").
_ORDINARY_COMPLEMENT = frozenset(
    {
        "key",
        "important",
        "needed",
        "lost",
        "essential",
        "vital",
        "everything",
        "nothing",
        "gone",
        "low",
        "high",
        "hard",
        "difficult",
        "good",
        "bad",
        "great",
        "amazing",
        "lacking",
        "missing",
        "required",
        "given",
        "shown",
        "appreciated",
        "felt",
        "free",
        "available",
        "coming",
        "over",
        "here",
        # weather and time: "Summer was hot", "Spring was late"
        "hot",
        "cold",
        "warm",
        "wet",
        "busy",
        "quiet",
        "late",
        "early",
        "long",
        "short",
        "thin",
        "restored",
    }
)
#: Words that never start a person in a subject slot (seasons and months with a date, weekdays).
_NEVER = frozenset({"will", "may", "can", "bill", "mark", "sat", "sun", "wed", "thu", "fri", "mon", "tue"})
#: What may follow a bracketed nickname's opening word: nothing but the closing bracket.
_NICK = re.compile(r"[a-z]{2,8}")
#: Verbs after a subject that make a name-word a person ("Comfort had", "Hunter is", "shaz said").
_PERSON_VERB_NEXT = frozenset(
    {
        "is",
        "was",
        "has",
        "had",
        "says",
        "said",
        "told",
        "wants",
        "wanted",
        "came",
        "went",
        "felt",
        "got",
        "gets",
        "held",
        "runs",
        "ran",
        "moved",
        "lives",
        "lived",
        "works",
        "worked",
        "cried",
        "rang",
        "called",
        "texted",
        "messaged",
        "asked",
        "thinks",
        "thought",
        "knows",
        "knew",
        "did",
        "does",
        "gave",
        "brought",
        "drove",
        "drives",
        "left",
        "joined",
        "found",
        "struggled",
        "loves",
        "loved",
        "needs",
        "needed",
        "tried",
        "saw",
        "sees",
        "met",
        "mentioned",
        "explained",
        "shared",
    }
)
_VERB_NEXT_OR_SAY = _PERSON_VERB_NEXT | SAY_AFTER  # made once, not per token
#: Words after "is her" that make the subject her child ("Hunter is her eldest").
_KIN_WORDS = frozenset({"eldest", "youngest", "middle", "oldest", "first", "second", "third", "baby", "twin"})
#: Bracketed lower-case words that are never a short form of a name.
_NOT_NICK = frozenset({"lol", "sic", "ish", "etc", "approx", "twins", "twin", "aka", "ok", "yes", "no", "nb"})
#: "big T is what they call her": the words before "is what they call her/him".
_CALLED = re.compile(
    r"(?im)(?:^|[.!?;:\-\n]\s*)((?:big |little |lil |baby )?[a-z]{1,10}) (?:is|was|'s) what "
    r"(?:they|we|everyone|people|ppl|the \w+|her \w+) call(?:s|ed)? (?:her|him)\b"
)
#: Verbs only a person does, for an abstract noun as a name in lower case ("grace rang the ward").
_ONLY_PEOPLE_DO = frozenset(
    {"rang", "texted", "messaged", "cried", "asked", "said", "says", "told", "phoned", "emailed", "wants"}
)
#: A label for a person, then a colon: "baby:", "NAME OF BABY:", "partner's name -".
_PERSON_LABEL = re.compile(
    r"(?i)\b(?:(?:name of )?(?:baby|babys|baby's|partner|partners|partner's|mum|dad|son|daughter|child)"
    r"(?:['’]?s)?(?: first)?(?: name)?|name of (?:baby|partner|mum|dad|child))\s*[:=]\s*"
)
#: Words after a label that are no name ("baby: Boy", "baby: Well").
_STOP_LABEL = frozenset(
    {"boy", "girl", "well", "fine", "ok", "none", "n/a", "na", "unknown", "tbc", "male", "female"}
)
#: What follows "had" for a mother ("Comfort had an EMCS", "Joy had twins").
_HAD_PERSON = frozenset({"a", "an", "her", "his", "twins", "baby", "triplets", "no", "to", "stitches"})
#: What follows "is / was" for a person ("Ivy was born", "Sky was in my class", "Hunter is 6").
_BE_PERSON = frozenset(
    {
        "born",
        "moved",
        "admitted",
        "induced",
        "discharged",
        "seen",
        "sent",
        "transferred",
        "told",
        "in",
        "on",
        "at",
        "my",
        "her",
        "his",
        "so",
        "really",
        "very",
        "the",
        "only",
        "due",
        "pregnant",
        "crying",
        "asking",
        "saying",
        "there",
        "with",
        "upset",
        "scared",
        "terrified",
        "furious",
        "devastated",
        "sad",
        "angry",
        "nervous",
        "worried",
        "breastfeeding",
        "feeding",
        "readmitted",
        "also",
        "too",
        "never",
        "still",
        "just",
        "already",
        "fine",
        "okay",
        "ok",
        "home",
        "back",
        "19",
        "a",
        "an",
    }
)
#: Rules 16: what is said of a carer or a woman right after "is / was" ("Sue was lovely", "Ivy was kind"); a
#: season or the weather keeps its ordinary sense ("Summer was lovely", so "Dawn was brilliant" too); none of
#: _ORDINARY_COMPLEMENT.
_PERSON_QUALITY = frozenset(
    {
        "lovely",
        "kind",
        "brilliant",
        "helpful",
        "unhelpful",
        "rude",
        "supportive",
        "nice",
        "friendly",
        "caring",
        "wonderful",
        "fantastic",
        "excellent",
        "dismissive",
        "horrible",
        "awful",
        "gentle",
        "reassuring",
        "polite",
        "attentive",
        "fab",
        "fabulous",
        "understanding",
        "sympathetic",
        "knowledgeable",
        "patronising",
        "condescending",
    }
)
#: Seasons and months that are also first names, and what time does ("summer arrived").
_SEASONS = frozenset(
    {"summer", "autumn", "winter", "spring", "april", "may", "june", "july", "august", "january"}
)
#: Times of day and weather that are also first names ("dawn came", "sky went dark").
_NATURE = frozenset(
    {"dawn", "sky", "skye", "storm", "rain", "sunny", "sunshine", "river", "ocean", "star", "snow"}
)
_TIME_VERBS = frozenset(
    {
        "arrived",
        "came",
        "comes",
        "started",
        "starts",
        "ended",
        "ends",
        "began",
        "begins",
        "finished",
        "passed",
        "flew",
        "went",
        "brought",
        "broke",
        "fell",
        "grew",
        "rose",
        "cleared",
        "turned",
    }
)
#: "goes by X", "known as X" (any word), "its X here / from" (a name-word there).
_GOES_BY = re.compile(
    r"(?i)\b(?:(?:goes|go|went|going) by|known as|calls herself|calls himself)\s+([a-z][a-z'’\-]{1,15})\b"
)
_ITS_X_HERE = re.compile(r"(?i)\b(?:it'?s|it’s|this is)\s+([a-z][a-z'’\-]{1,15})\s+(?:here|from)\b")
_STOP_INTRO = frozenset(
    {"the", "a", "an", "her", "his", "my", "me", "you", "them", "us", "it", "that", "this", "so", "not"}
)
#: People a possessive name-word is followed by ("Hunter's teacher", "Comfort's mum").
_PEOPLE_NOUNS = frozenset({"teacher", "teachers", "friend", "friends", "boyfriend", "girlfriend", "nursery"})

#: Rules 22: endings of roles and of nouns for fields and things ("Podiatrist", "Assessor", "Sonographer",
#: "Dietician", "Urology"): such a rare word in a person's slot is not taken for a name by rarity alone.
_ROLE_ENDING = re.compile(r"(?:ist|ists|or|ors|er|ers|ian|ians|ant|ants|ent|ents|ary|ery|ogy|ics|ism)$")


def _title_case(text: str) -> bool:
    return text[:1].isupper() and text[1:].islower() and len(text) > 2


def _opening(doc, i: int) -> bool:
    """Token i opens the note, a line or a sentence (after . ! ? ; : or a quote mark)."""
    if i == 0:
        return True
    prev = doc[i - 1]
    return "\n" in prev.text or prev.text in {".", "!", "?", ";", ":", '"', "“", "‘", "'", "-", "–"}


class PersonSlots:
    """Rules 6 slot names over one spaCy Doc; `rules` is the recognisers' name-rule object."""

    def __init__(self, rules):
        self.rules = rules
        self.lists = rules.lists
        self.lexicon = rules.lexicon

    def _ordinary_word(self, w: str) -> bool:
        """Never a person: a role, relation, place noun, clinical or kept word."""
        return (
            w in CONTEXT_WORDS
            or w in PLACE_NOUNS
            or w in self.lists.clinical
            or w in self.lists.keep_words
            or w in _NEVER
            or w in ROLES
            or w in RELATIONS
        )

    def name_word(self, tok, strong: bool = False) -> bool:
        """A capitalised gazetteer name, or a capitalised word no dictionary knows."""
        text = tok.text
        if not _title_case(text) or not text.isalpha():
            return False
        w = fold_word(text)
        if self._ordinary_word(w):
            return False
        if w in self.lists.first_names:
            return True
        if w in self.lists.word_names:
            # a name of the large list that is an English word ("Praise", "Medic") only when
            # `strong` (a family name or "'s mum" after it); places from it ("Brooklyn") always
            return strong or not self.rules.english(w)
        if len(w) > 6 and w.startswith("the") and w[3:] in self.lexicon:
            return False  # "Theparamedics": two words typed together
        if self.lists.gazetteer(w):
            return w not in self.lists.vocab
        if self.lists.known_thing(w) or w in self.lists.clinical:
            return False
        if not self.rules.english(w) and not self.lexicon.typo(w):
            return True
        # rules 22: a word the dictionary knows ("rissa", a gull) or calls a typo ("Baldev") that nobody writes
        # (not in the frequency list, no common word one edit away) and that does not end like a role
        return (
            len(w) > 3
            and w not in self.lexicon.frequency
            and w not in ROLES
            and not _ROLE_ENDING.search(w)
            and not self.lexicon.common_neighbours(w)  # any common word one edit away, a name or not: "Tina"
        )

    def _unknown_short(self, tok) -> bool:
        """A lower-case nickname: 2-8 letters, no English word, typo, place or service ("shaz", "tay")."""
        w = tok.text
        return (
            bool(_NICK.fullmatch(w))
            and not tok.is_stop
            and not self._ordinary_word(w)
            and not self.rules.english(w)
            and not self.lexicon.typo(w)
            and not self.lists.known_thing(w)
        )

    def _verb_next(self, doc, j: int) -> bool:
        """Token j reads as a person's verb: a verb of being, having or speech, or a lower-case
        past or third-person form ("had", "is", "held", "wants", "moved", "runs")."""
        if j >= len(doc):
            return False
        t = doc[j].text
        w = fold_word(t)
        if not t.islower():
            return False
        if w in _PERSON_VERB_NEXT or w in SAY_AFTER:
            return True
        if not self.lexicon.verb_form(w) or w in _ORDINARY_NEXT:
            return False
        return w.endswith("ed") and len(w) > 4  # "moved", "struggled"; never "gardens", "given"

    def _ordinary_context(self, doc, i: int) -> bool:
        """An explicit ordinary-sense exception around a name-word."""
        if i > 0 and fold_word(doc[i - 1].text) in THING_DET:
            return True  # "her joy", "the Hope", "last Summer"
        nxt = fold_word(doc[i + 1].text) if i + 1 < len(doc) else ""
        if nxt in _ORDINARY_NEXT:
            return True  # "Hope you are well", "May be"
        after = fold_word(doc[i + 2].text) if i + 2 < len(doc) else ""
        # "Patience is key", "Hope was lost", "Faith is a big part"
        return nxt in {"is", "was", "were", "are"} and (
            after in _ORDINARY_COMPLEMENT
            or after in {"a", "an", "the", "where", "when", "what", "how", "why"}
        )

    def spans(self, doc) -> list[tuple[int, int, str]]:
        """Character spans of names by slot (rules 6)."""
        out: list[tuple[int, int, str]] = []
        n = len(doc)
        for tok in doc:
            i = tok.i
            nxt = doc[i + 1] if i + 1 < n else None
            strong = nxt is not None and (
                (
                    nxt.text in {"'s", "’s"}
                    and i + 2 < n
                    and fold_word(doc[i + 2].text) in RELATIONS | ROLES | _PEOPLE_NOUNS
                )
                or (_title_case(nxt.text) and fold_word(nxt.text) in self.lists.surnames)
                or self._is_kin(doc, i + 1)
            )
            if _title_case(tok.text) and tok.text.isalpha() and self._named(doc, i):
                out.append((tok.idx, tok.idx + len(tok.text), "context"))  # "Kent is his name"
                continue
            if self._bracket_says_person(doc, i):
                out.append((tok.idx, tok.idx + len(tok.text), "context"))  # "Will (dad, ...)"
                continue
            if self.name_word(tok, True) and self._after_kin(doc, i):
                out.append((tok.idx, tok.idx + len(tok.text), "context"))  # "mum is Rosa lol"
                continue
            if self.name_word(tok, strong):
                opening = _opening(doc, i)
                two_part = (
                    nxt is not None
                    and _title_case(nxt.text)
                    and nxt.text.isalpha()
                    and not self._ordinary_word(fold_word(nxt.text))
                    and (
                        fold_word(nxt.text) in self.lists.surnames
                        or fold_word(nxt.text) in self.lists.word_names
                        or (not self.rules.english(nxt.text) and not self.lists.known_thing(nxt.text))
                    )
                )
                if two_part and opening and not self._ordinary_context(doc, i):
                    out.append((tok.idx, nxt.idx + len(nxt.text), "context"))  # "Grace Kamara - ..."
                    continue
                bracket = (
                    nxt is not None
                    and nxt.text == "("
                    and opening
                    and i + 2 < n
                    and self._person_in_bracket(doc[i + 2])
                    and not self.lists.known_thing(doc[i + 2].text)  # "Faith (Christian)"
                    and fold_word(doc[i + 2].text) not in self.lists.clinical
                )
                subject = (
                    self._verb_next(doc, i + 1)
                    and not self._ordinary_context(doc, i)
                    and self._person_reading(doc, i)
                )
                possessive = (
                    nxt is not None
                    and nxt.text in {"'s", "’s"}
                    and i + 2 < n
                    and fold_word(doc[i + 2].text) in RELATIONS | ROLES | _PEOPLE_NOUNS
                )
                if bracket or subject or possessive:
                    out.append((tok.idx, tok.idx + len(tok.text), "context"))
                    continue
            elif (
                tok.text.islower()
                and tok.text.isalpha()
                and tok.text in self.lists.first_names
                and not tok.is_stop
                and not self._ordinary_word(tok.text)
                and _opening(doc, i)
                and self._verb_next(doc, i + 1)
                and not self._ordinary_context(doc, i)
                # an abstract noun ("hope came back", "comfort was what she needed") only before
                # what only a person does: "hope rang the ward", "grace texted"
                and (tok.text not in ABSTRACT_NAMES or fold_word(nxt.text) in _ONLY_PEOPLE_DO)
                and self._person_reading(doc, i)
            ):
                out.append((tok.idx, tok.idx + len(tok.text), "context"))  # "summer needed a transfusion"
            elif (
                nxt is not None
                and fold_word(nxt.text) in _VERB_NEXT_OR_SAY
                and self._unknown_short(tok)
                and _opening(doc, i)
            ):
                out.append((tok.idx, tok.idx + len(tok.text), "context"))  # "tay is 17", "shaz said"
        # a lower-case nickname in brackets after a name-like word: "Holly (holz)", "ZUZANA (tam)"
        for tok in doc:
            i = tok.i
            if (
                tok.text == "("
                and 0 < i < n - 2
                and doc[i + 2].text == ")"
                and doc[i - 1].text.isalpha()
                # rules 70: a lower-case given name too ("mum hannah (han)")
                and (doc[i - 1].text[:1].isupper() or fold_word(doc[i - 1].text) in self.lists.first_names)
                and (
                    self.lists.gazetteer(doc[i - 1].text)
                    or not self.rules.english(doc[i - 1].text)
                    or any(s <= doc[i - 1].idx < e for s, e, _ in out)  # noqa: B023
                )
                and (
                    (
                        not self.lists.known_thing(doc[i - 1].text)
                        and (
                            self._unknown_short(doc[i + 1])
                            or fold_word(doc[i + 1].text) in self.lists.first_names
                        )
                    )
                    or any(self._short_form(doc[i + 1].text, t.text) for t in doc[max(0, i - 3) : i])
                )
            ):
                nick = doc[i + 1]
                out.append((nick.idx, nick.idx + len(nick.text), "context"))
            elif (
                tok.text == "("
                and i < n - 2
                and doc[i + 2].text == ")"
                and _title_case(doc[i + 1].text)
                and fold_word(doc[i + 1].text) in self.lists.first_names
                and not self._ordinary_word(fold_word(doc[i + 1].text))
                and i > 0
                and (
                    "@" in doc[i - 1].text
                    or doc[i - 1].text[-1:].isdigit()
                    or fold_word(doc[i - 1].text) in RELATIONS | ROLES
                )
            ):
                name = doc[i + 1]  # "contact x@y.com (Jade)": a first name alone in brackets
                out.append((name.idx, name.idx + len(name.text), "context"))
        out.extend((m.start(1), m.end(1), "context") for m in _CALLED.finditer(doc.text))
        out.extend(self._labelled(doc))
        out.extend(self._introduced(doc))
        return out

    def _introduced(self, doc) -> list[tuple[int, int, str]]:
        """A word introduced as a name: "she goes by ams", "known as Jojo" (any word but a kept or
        clinical one); "its ruby here", "it's kez from the group" (a name-word or no English word)."""
        out = []
        for pattern, any_word in ((_GOES_BY, True), (_ITS_X_HERE, False)):
            for m in pattern.finditer(doc.text):
                w = fold_word(m.group(1))
                if (
                    w in _STOP_INTRO
                    or self._ordinary_word(w)
                    or (self.lists.known_thing(w) and not self.lists.gazetteer(w))
                    or (
                        not any_word
                        and w not in self.lists.first_names
                        and w not in self.lists.word_names
                        and (self.rules.english(w) or self.lexicon.typo(w))
                    )
                ):
                    continue
                out.append((m.start(1), m.end(1), "context"))
        return out

    def _labelled(self, doc) -> list[tuple[int, int, str]]:
        """A capitalised name after a person label and a colon: "baby: Gift", "NAME OF BABY: STORM"."""
        out = []
        for m in _PERSON_LABEL.finditer(doc.text):
            words = list(re.finditer(r"[A-Za-z][A-Za-z'’\-]*", doc.text[m.end() : m.end() + 40]))[:2]
            end = None
            for k, word in enumerate(words):
                text = word.group(0)
                w = fold_word(text)
                if k and doc.text[m.end() + words[k - 1].end() : m.end() + word.start()].strip():
                    break  # "baby: Gift, 3 wks": only words next to each other
                capital = text[:1].isupper()
                name = (
                    w in self.lists.first_names
                    or w in self.lists.word_names
                    or self.lists.gazetteer(w)
                    or (
                        not self.rules.english(w)
                        and not self.lexicon.typo(w)
                        and not self.lists.known_thing(w)
                    )
                )
                if not capital or not name or self._ordinary_word(w) or w in _STOP_LABEL:
                    break
                end = m.end() + word.end()
            if end is not None:
                out.append((m.end() + words[0].start(), end, "context"))
        return out

    @staticmethod
    def _short_form(nick: str, name: str) -> bool:
        """A bracketed lower-case short form of the name before it ("Tamara Lee (tam)", "Tegan (teg)")."""
        return (
            2 <= len(nick) <= 6
            and nick.isalpha()
            and nick.islower()
            and len(name) > len(nick)
            and name.lower().startswith(nick[:2])
            and nick not in _NOT_NICK
        )

    def _person_in_bracket(self, tok) -> bool:
        """The bracket after a name-word starts with what is said of a person: a title, relative or
        role ("Dawn (Mrs ...)", "Blessing (mum)"), her/his, yes/aka, or a nickname no dictionary
        knows ("Holly (holz)"); never an English word ("Amber (light) on the monitor")."""
        w = fold_word(tok.text)
        return (
            w in TITLES
            or w in RELATIONS
            or w in ROLES
            or w in {"her", "his", "their", "my", "our", "yes", "aka", "nee", "née", "pronounced"}
            or (tok.text.isalpha() and not self.rules.english(w) and not self.lists.known_thing(w))
            or w in self.lists.first_names
        )

    def _person_reading(self, doc, i: int) -> bool:
        """The verb after an everyday-word name reads as a person's: an abstract noun ("Hope was all
        we had", "Faith helped me") only before what only a person does or "had" + a thing a mother
        has ("Comfort had an EMCS"); another English word before "is / was" only with what is said
        of a person ("Ivy was born", "Sky was in my class", never "Honey was offered")."""
        w = fold_word(doc[i].text)
        nxt = fold_word(doc[i + 1].text) if i + 1 < len(doc) else ""
        after = fold_word(doc[i + 2].text) if i + 2 < len(doc) else ""
        if (w in _SEASONS or w in _NATURE) and nxt in _TIME_VERBS:
            return False  # "summer arrived and the ward got hotter", "April came and went"
        if w in ABSTRACT_NAMES:
            return nxt in _ONLY_PEOPLE_DO or (
                nxt in {"had", "has"} and (after in _HAD_PERSON or after in self.lists.clinical)
            )
        if self.rules.english(w) and nxt in {"is", "was", "are", "were"}:
            if w in _SEASONS and after in {"so", "really", "very", "the", "a", "an", "too", "also", "just"}:
                return False  # "summer was so hot", "May was the busiest month"
            if after in _PERSON_QUALITY:  # rules 16: "Sue was lovely", not "Summer was lovely"
                return w not in _SEASONS and w not in _NATURE
            return after in _BE_PERSON or after.isdigit()
        return True

    def _bracket_says_person(self, doc, i: int) -> bool:
        """A capitalised word opening the note or a line before a bracket that says it is a person:
        "Will (dad, ...)", "Happy (yes her actual name)"."""
        tok = doc[i]
        if not (_title_case(tok.text) and tok.text.isalpha() and _opening(doc, i)):
            return False
        w = fold_word(tok.text)
        if i + 2 >= len(doc) or doc[i + 1].text != "(" or (self._ordinary_word(w) and w not in _NEVER):
            return False
        if self.lists.known_thing(tok.text) and not self.lists.gazetteer(tok.text):
            return False
        inside = [fold_word(t.text) for t in doc[i + 2 : i + 8]]
        if ")" in inside:
            inside = inside[: inside.index(")")]
        return (bool(inside) and inside[0] in RELATIONS | {"partner"}) or "name" in inside

    @staticmethod
    def _is_kin(doc, j: int) -> bool:
        """Tokens from j read "is her eldest", "was my son", "is their youngest"."""
        if j + 2 >= len(doc):
            return False
        return (
            fold_word(doc[j].text) in {"is", "was"}
            and fold_word(doc[j + 1].text) in {"her", "his", "my", "their", "our"}
            and fold_word(doc[j + 2].text) in RELATIONS | _KIN_WORDS
        )

    @staticmethod
    def _named(doc, i: int) -> bool:
        """ "X is his name", "X is her actual name": any capitalised word, even a place."""
        j = i + 1
        if j + 2 >= len(doc) or fold_word(doc[j].text) not in {"is", "was", "'s"}:
            return False
        if fold_word(doc[j + 1].text) not in {"her", "his", "my", "their", "the", "our"}:
            return False
        k = j + 2
        if k < len(doc) and fold_word(doc[k].text) in {
            "actual",
            "real",
            "middle",
            "first",
            "baby",
            "babys",
            "son's",
        }:
            k += 1
        return k < len(doc) and fold_word(doc[k].text) in {"name", "names"}

    @staticmethod
    def _after_kin(doc, i: int) -> bool:
        """ "mum is Rosa", "her name is Gift", "dad was Kenya": a relation, then is / was, then the word
        at the end of a clause."""
        if i < 2 or fold_word(doc[i - 1].text) not in {"is", "was"}:
            return False
        if fold_word(doc[i - 2].text) not in RELATIONS | {"name"}:
            return False
        after = doc[i + 1] if i + 1 < len(doc) else None
        return (
            after is None
            or after.is_punct
            or fold_word(after.text) in {"lol", "and", "but", "x", "xx", "too"}
        )
