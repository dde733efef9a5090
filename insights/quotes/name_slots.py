"""Names by the slot a person fills: the context rules that read the words around a candidate
("X said", "spoke to x", "named her baby x", "x's mum", "x from the group") for names that are
everyday words or places. A mixin of insights.quotes.recognisers' rules over one spaCy Doc."""

from __future__ import annotations

import functools
import re

from insights.quotes.context_words import (
    CONTACT_BEFORE,
    CONTEXT_WORDS,
    DET_BEFORE,
    FROM_NOUNS,
    LABELS,
    MONTH_WORDS,
    NAME_MODALS,
    NAMING_SKIP,
    NOT_BEFORE,
    PERSON_AFTER,
    PERSON_BEFORE,
    PERSON_STATE,
    PERSON_VERBS,
    PLACE_NOUNS,
    RELATIONS,
    ROLES,
    SAY_AFTER,
    STATE_AFTER,
    TIME_NAMES,
    TO_VERBS,
    WITH_NOUNS,
    WITH_VERBS,
    WORD_SURNAMES,
)
from insights.quotes.lexicon import fold_word

#: Nouns after a person's name that make the whole a thing named after someone ("Desmond course").
EPONYM_NOUNS = frozenset(
    [
        "course",
        "courses",
        "programme",
        "program",
        "scheme",
        "method",
        "syndrome",
        "disease",
        "test",
        "score",
        "scale",
        "protocol",
        "pathway",
        "bus",
        "route",
        "procedure",
        "manoeuvre",
        "manoeuver",
        "technique",
        "classes",
        "class",
    ]
)


#: Names that are also abstract nouns: "hope came back", "faith helped her" keep the word; only a
#: person's own verbs ("said", "cried", "rang") make them a name at the start of a clause.
ABSTRACT_NAMES = frozenset(
    ["hope", "faith", "grace", "joy", "patience", "comfort", "mercy", "peace", "charity", "love", "unity"]
    + ["liberty", "destiny", "harmony", "goodness", "honour", "favour", "gift", "blessing", "treasure"]
    + ["miracle", "heaven", "marvel", "serenity", "trinity", "felicity", "prudence", "verity"]
    + ["memory", "beauty", "happiness", "success", "fortune", "wisdom", "praise", "glory", "justice"]
    + ["knowledge", "promise", "abundance", "purity", "victory", "prosperity", "sunday", "winter"]
)
_WEAK_PERSON_VERBS = frozenset(
    ["came", "comes", "gave", "took", "brought", "helped", "moved", "works", "worked", "stayed"]
    + ["supports", "supported", "drives", "drove"]
)


#: Verbs before "by" that take a person ("led by Hope", "seen by joy").
_BY_VERBS = frozenset(
    ["led", "run", "ran", "facilitated", "organised", "organized", "hosted", "seen", "supported"]
    + ["visited", "referred", "reviewed", "assessed", "interviewed", "written", "shared", "sent"]
    + ["given", "told", "asked", "invited", "recommended", "signposted", "introduced", "brought"]
)
#: Things done or booked for a person ("an interpreter for May", "a referral for joy").
_FOR_NOUNS = frozenset(
    ["referral", "appointment", "appt", "card", "flowers", "present", "bed", "room", "cot", "taxi"]
    + ["voucher", "vouchers", "pram", "buggy", "car", "seat", "callback", "call", "visit", "debrief"]
)
#: What follows "with X" when X is a person ("sat with grace while", "spent an hour with hope going").
_AFTER_WITH_NAME = frozenset(
    ["while", "to", "who", "at", "when", "and", "(", ",", ".", "for", "from", "today", "on", "about"]
    + ["abt", "after", "before", "going", "re", "again", "yesterday", "this", "last", "over", "by"]
)
#: After "X and Y are/were": people ("hope and faith are sisters").
_PLURAL_PEOPLE = frozenset(
    ["sisters", "twins", "friends", "cousins", "mums", "neighbours", "both", "coming", "here", "pregnant"]
    + ["due", "expecting", "from", "in", "at", "sisters-in-law", "all"]
)
#: Words before "may" that make it the month ("in may", "since may", "by may").
_MAY_MONTH_BEFORE = frozenset(
    ["in", "since", "until", "till", "of", "early", "late", "mid", "end", "last", "next", "this", "by"]
    + ["from", "before", "after", "during", "through", "throughout"]
)


#: Rules 5: verbs of speech and feeling only a person does; after a clause-opening word that is any
#: name-word ("donna told me", "tia rang") it is a name (weaker verbs such as "came" need more).
_SPEECH_VERBS = frozenset(
    ["said", "says", "siad", "told", "asked", "rang", "texted", "messaged", "emailed", "phoned", "explained"]
    + ["complained", "mentioned", "replied", "laughed", "smiled", "declined", "refused", "insisted"]
    + ["spoke", "described", "agreed"]
)
#: Rules 5: groups and services a person comes "from" ("dawn from the group said").
_GROUP_WORDS = frozenset(
    ["group", "team", "hub", "centre", "center", "charity", "church", "mosque", "gurdwara", "temple"]
    + ["council", "nursery", "clinic", "office", "service", "surgery", "project", "mnvp"]
)
#: Rules 5: what a person "was" to someone ("grace was my birth partner", "precious was my rainbow baby").
_WHO_TO_ME = frozenset(
    ["partner", "baby", "doula", "friend", "sister", "mum", "mother", "midwife", "carer", "interpreter"]
    + ["neighbour", "cousin", "daughter", "son", "girl", "boy", "bestie", "mate"]
)
#: Rules 5: a baby's own doings after "baby X" or "X now" ("baby summer doing well", "storm now crawling").
BABY_DOING = frozenset(
    ["doing", "gaining", "feeding", "sleeping", "thriving", "growing", "crawling", "smiling", "rolling"]
    + ["sitting", "walking", "teething", "latching", "settling", "putting", "weighs", "weighing", "loves"]
    + ["turned", "turns", "now", "still", "home", "due"]
)
#: Rules 5: what only a baby does, even after a word-name that is an abstract noun ("joy now crawling").
_BABY_ONLY = frozenset(["crawling", "smiling", "rolling", "sitting", "walking", "teething", "latching"])
#: Rules 5: children named together ("amber and jade (twins)", "star and sky are her 2 girls").
_CHILDREN = frozenset(
    ["twins", "girls", "boys", "kids", "children", "daughters", "sons", "babies", "triplets"]
)
#: Rules 5: person nouns a few words after "X is a" ("iris is a maternity support worker").
_PERSON_HEADS = frozenset(
    ["worker", "assistant", "rep", "doula", "hca", "mw", "champion", "advocate", "cleaner"]
)


def _with_people(doc, j: int) -> bool:
    """What follows a weak verb says a person did it: "came with", "brought her baby", "took her mum"."""
    if j >= len(doc):
        return False
    w = fold_word(doc[j].text)
    if w in {"with", "w", "along", "to", "in", "into"}:
        return True
    after = fold_word(doc[j + 1].text) if j + 1 < len(doc) else ""
    return w in {"her", "his", "their"} and after in RELATIONS | ROLES | {
        "kids",
        "children",
        "twins",
        "little",
        "eldest",
    }


#: After "X is a ...": a person ("Blessing is a single mum", "may is a first time mum").
_PERSON_NOUNS = frozenset(
    ["mum", "mom", "mother", "mummy", "woman", "lady", "girl", "teenager", "teen", "student", "carer"]
    + ["refugee", "nurse", "midwife", "doctor", "teacher", "ftm", "primip", "multip", "wife", "widow"]
    + ["friend", "volunteer", "member", "regular", "parent", "grandmother", "gran", "nan", "patient"]
)
_PERSON_ADJ = frozenset(
    ["single", "first", "first-time", "young", "lovely", "new", "teenage", "working", "stay-at-home"]
    + ["solo", "busy", "trained", "qualified", "former", "second", "third", "local", "nigerian"]
    + ["polish", "romanian", "ghanaian", "lithuanian", "british", "sikh", "muslim", "black", "white"]
)
#: What a woman "had": "hope had a traumatic birth", "faith had an emergency section".
_BIRTH_EVENTS = frozenset(
    ["birth", "section", "c-section", "caesarean", "baby", "boy", "girl", "miscarriage", "stillbirth"]
    + ["loss", "induction", "labour", "labor", "bleed", "haemorrhage", "pph", "tear", "delivery"]
    + ["pregnancy", "scan", "epidural", "forceps", "ventouse", "son", "daughter", "twins"]
)
#: A person's own things after "X's" ("Joy's birth", "hope's consent").
_OWN_THINGS = frozenset(
    ["birth", "labour", "labor", "experience", "story", "feedback", "pregnancy", "baby", "babies"]
    + ["scan", "induction", "section", "care", "notes", "consent", "words", "view", "views", "account"]
    + ["midwife", "hv", "gp", "appointment", "appt", "husband", "partner", "boyfriend", "kids", "son"]
    + ["daughter", "family", "home", "flat", "house", "number", "phone", "address", "email", "first"]
    + ["second", "third", "eldest", "youngest", "children", "twins", "complaint", "request", "case"]
    + ["doula"]
)


def is_word(token) -> bool:
    """A token of letters (apostrophes inside allowed): "Okafor", "O'Neill", "didn't"."""
    return _word_text(token.text)


@functools.lru_cache(maxsize=1 << 16)  # called for every token many times over: the same words recur
def _word_text(text: str) -> bool:
    return bool(text) and text[0].isalpha() and all(c.isalpha() or c in "'’" for c in text)


#: Rules 66: what may stand before a lower-case name opening "X and I" (`_opens_pair`).
_PAIR_OPENERS = frozenset(
    '. ! ? ; : , - – ( " “ but so then when while after before yesterday today tonight with w w/ because cos as '  # noqa: SIM905
    "until once since if".split()
)


class SlotNameRules:
    """Context and slot rules for names; mixed into recognisers._Rules, which gives `lists`,
    `lexicon`, `english`, `candidate`, `namey`, `person_follows` and `thing_before`."""

    @staticmethod
    def _opens_pair(prev: str, i: int) -> bool:
        """Rules 66 (Care Opinion's read half): a lower-case word before "and I" is a name only where the pair opens a
        clause or follows a verb of contact ("then joy and I went", "saw joy and I"), not after another word of the
        clause ("my breast feeding success and I", "healthy and strong and I", "the parapet wall and I")."""
        return i == 0 or prev in _PAIR_OPENERS or prev in CONTACT_BEFORE

    def _free(self, doc, i: int) -> bool:
        """The word before token i does not make it a thing ("her joy", "no hope", "the gift"; rules 21: nor
        "a" and a lower-case word, "a fabulous job and I")."""
        if i == 0:
            return True
        if fold_word(doc[i - 1].text) in DET_BEFORE:
            return False
        return not (
            i >= 2
            and doc[i].text.islower()
            and doc[i - 1].text.isalpha()
            and doc[i - 1].text.islower()
            and fold_word(doc[i - 2].text) in {"a", "an"}
        )

    def misspelt_common(self, w: str) -> bool:
        """Rules 22: a rare word one edit from a common English word that is not a name ("caim", "paion", "handl";
        not "sarha", one edit from "sarah"), when no names list holds the word itself: a misspelling, not a name."""
        lists = self.lists
        return (
            not lists.gazetteer(w)
            and w not in lists.short_forms
            and any(
                not lists.gazetteer(c) and c not in lists.short_forms
                for c in self.lexicon.common_neighbours(w)
            )
        )

    def context_names(self, doc) -> list[tuple[int, int, str]]:
        """Names that are everyday words, found by what is said around them."""
        spans: list[tuple[int, int, str]] = []
        n = len(doc)

        def add(tok) -> None:
            spans.append((tok.idx, tok.idx + len(tok.text), "context"))

        for i, tok in enumerate(doc):
            w = fold_word(tok.text)
            nxt = doc[i + 1] if i + 1 < n else None
            nxt_w = fold_word(nxt.text) if nxt is not None else ""
            # an unknown lower-case word that is not a typo, place or medicine: a name ("by tiwa's
            # account", "svetlanas husband", "quote from nimmi")
            prev_w = fold_word(doc[i - 1].text) if i > 0 else ""
            if (
                tok.text.islower()
                and len(w) > 3
                and w.isalpha()
                and (
                    i == 0
                    or prev_w in PERSON_BEFORE
                    or nxt_w in PERSON_AFTER
                    or nxt_w in SAY_AFTER
                    or nxt_w in RELATIONS
                    or nxt_w in ROLES
                )
                and not tok.is_stop
                and w not in CONTEXT_WORDS
                and not self.english(w)
                and not self.lists.known_thing(w)
                and w not in self.lists.clinical
                and not self.lexicon.typo(w)
                and not self.misspelt_common(w)
            ):
                add(tok)
                continue
            # a word-name opening the note: "storm is 6 wks now", "faith 2nd baby", "amber + her mum"
            if i == 0 and nxt is not None and w in self.lists.first_names and self.namey(tok):
                after = fold_word(doc[i + 2].text) if i + 2 < n else ""
                if (
                    nxt_w in {"+", "&", "n", "has", "had"}
                    or (
                        nxt_w in {":", ","}
                        and (after in {"'", '"', "‘", "“"} or (i + 2 < n and doc[i + 2].like_num))
                    )
                    or (nxt_w in {"-", "–", "("} and i + 2 < n and doc[i + 2].like_num)
                    or re.fullmatch(r"\d{2}(?:yo|y/o|yrs?|yr)", nxt_w)
                    or (w not in TIME_NAMES and (nxt.like_num or re.fullmatch(r"\d+(?:st|nd|rd|th)", nxt_w)))
                    or (
                        nxt_w in {"is", "was", "'s"}
                        and (after in STATE_AFTER or (i + 2 < n and doc[i + 2].like_num))
                    )
                    or (nxt_w in {"is", "was", "'s"} and after in PERSON_STATE)
                ):
                    add(tok)
                    continue
            # "hopes partner", "mercys mum": a possessive typed without its apostrophe
            if (
                nxt is not None
                and len(w) > 3
                and w.endswith("s")
                and (w[:-1] in self.lists.first_names or self.lists.unambiguous(w[:-1]))
                and w[:-1] not in NOT_BEFORE
                and nxt_w in (RELATIONS - {"law", "boy", "girl"}) | {"kids", "twins"}
                and not self.thing_before(doc, i)
                and prev_w not in {"who", "that", "which", "and", "also", "still", "really"}
            ):
                add(tok)
                continue
            # "hope smith came": an everyday-word first name before a family name
            if (
                nxt is not None
                and w in self.lists.first_names
                and w not in NOT_BEFORE
                and not self.thing_before(doc, i)
                and nxt_w in self.lists.surnames
                and len(nxt_w) > 2
                and nxt_w not in WORD_SURNAMES
                and nxt_w not in PLACE_NOUNS
                and nxt_w not in CONTEXT_WORDS
                and nxt_w not in self.lists.keep_words
                and not nxt.is_stop
                and is_word(nxt)
            ):
                add(tok)
                add(nxt)
                continue
            # an everyday-word name in a person's slot anywhere in the note, unless a word before it
            # makes it a thing or a month ("her joy", "in may", "i hope"):
            if (
                nxt is not None
                and w in self.lists.first_names
                and w not in CONTEXT_WORDS
                and (w not in NOT_BEFORE or w in NAME_MODALS)
                and not self.thing_before(doc, i)
            ):
                after = fold_word(doc[i + 2].text) if i + 2 < n else ""
                after2 = fold_word(doc[i + 3].text) if i + 3 < n else ""
                if (
                    # "caught up with hope who said": people take "who", things "which"
                    nxt_w == "who"
                    # "ruby was crying", "hope was induced", "may's in labour"
                    or (nxt_w in {"is", "was", "'s", "’s"} and after in PERSON_STATE)
                    or (nxt_w in {"is", "was"} and after == "in" and after2 in {"tears", "labour", "labor"})
                    # "hope had her baby", "faith has twins"
                    or (
                        nxt_w in {"had", "has"}
                        and after in {"her", "his", "twins", "baby", "a"}
                        and (after != "a" or after2 in {"boy", "girl", "baby", "son", "daughter"})
                    )
                    # "hope and her husband came", "joy n her mum"
                    or (
                        nxt_w in {"and", "n", "+", "&"}
                        and after in {"her", "his", "their"}
                        and after2 in RELATIONS | ROLES
                    )
                    # "text from summer: 'thank u'"
                    or (nxt_w == ":" and after in {"'", '"', "‘", "“"})
                    # "hope and may both said": two everyday-word names doing something together
                    or (
                        nxt_w in {"and", "&", "n"}
                        and after in self.lists.first_names
                        and (
                            after2 in SAY_AFTER
                            or (
                                after2 in {"both", "all"}
                                and i + 4 < n
                                and fold_word(doc[i + 4].text) in SAY_AFTER
                            )
                        )
                    )
                    # "mercy, her sister, said", "joy (partner)", "hope - her mum"
                    or (
                        self._free(doc, i)
                        and nxt_w in {",", "(", "-", "–"}
                        and (
                            after in RELATIONS | ROLES
                            or (
                                after in {"her", "his", "their", "my", "our", "the", "a"}
                                and after2 in RELATIONS | ROLES
                            )
                            # "mum of 3, joy, felt nobody listened", "hope, who is 19,"
                            or (nxt_w == "," and after in SAY_AFTER and after not in {"gave", "called"})
                            or (nxt_w == "," and after == "who")
                            # "hope (33) said"
                            or (nxt_w == "(" and i + 2 < n and doc[i + 2].like_num and after2 == ")")
                        )
                    )
                ):
                    if nxt_w in {"and", "&", "n"} and after in self.lists.first_names:
                        add(doc[i + 2])
                    add(tok)
                    continue
            # "joy said", "amber named her baby", "joy from the group", "Comfort's mum", "amber + her mum"
            if (
                nxt is not None
                and i + 2 < n
                and doc[i + 2].text.lower() in {"n't", "n’t", "nt"}
                and nxt_w in {"could", "did", "was", "wo", "ca", "has", "is", "does"}
                and w in self.lists.first_names
                and self._free(doc, i)
                and w not in NOT_BEFORE
            ):
                add(tok)  # "blessing couldn't make it", "gift didn't want her name used"
                continue
            if nxt is not None and self._free(doc, i) and self.namey(tok):
                if (
                    nxt_w in {"+", "&"}
                    and i + 2 < n
                    and fold_word(doc[i + 2].text) in {"her", "his", "their"}
                ):
                    add(tok)
                    continue
                if (
                    nxt_w in SAY_AFTER
                    and not (w in NOT_BEFORE and w not in NAME_MODALS and nxt_w not in {"said", "told"})
                    and not (  # "hope came back", "faith gave her strength": the everyday sense
                        w in ABSTRACT_NAMES and nxt_w in _WEAK_PERSON_VERBS and not _with_people(doc, i + 2)
                    )
                    and not (
                        w in TIME_NAMES
                        and nxt_w in {"came", "arrived", "joined", "walked", "popped"}
                        and not (  # "May came with her sister"
                            i + 3 < n
                            and fold_word(doc[i + 2].text) in {"with", "w"}
                            and fold_word(doc[i + 3].text) in {"her", "his", "their"}
                        )
                    )
                ):
                    add(tok)
                    continue
                if nxt_w == "from" and i + 2 < n and fold_word(doc[i + 2].text) in {"the", "our", "a"}:
                    add(tok)
                    continue
                if (
                    nxt_w in {"'s", "’s"}
                    and i + 2 < n
                    and fold_word(doc[i + 2].text)
                    in (
                        RELATIONS
                        | ROLES
                        | {"kids", "little", "twins", "children", "family", "house", "place"}
                    )
                ):
                    add(tok)
                    continue
            # "'nobody listened' says joy", "..., said hope": a quote's speaker
            if (
                w in {"said", "says", "siad", "sed"}
                and nxt is not None
                and prev_w in {"'", '"', "’", "”", ",", "-"}
                and nxt_w in self.lists.first_names
                and (nxt_w not in NOT_BEFORE or nxt_w in NAME_MODALS)
                and self.person_follows(doc, i + 2)
            ):
                add(nxt)
            # "spoke to joy", "rang amber", "caught up with comfort", "explained to hope", "thanks to joy"
            to_person = (w in TO_VERBS and nxt_w == "to") or (
                w in WITH_NOUNS and nxt_w in {"with", "w", "w/"}
            )
            if w in CONTACT_BEFORE or to_person:
                j = i + 1
                while j < n and fold_word(doc[j].text) in {"to", "with", "w", "w/", "up", "back", "from"}:
                    j += 1
                then = fold_word(doc[j + 1].text) if j + 1 < n else ""
                if (
                    j < n
                    and self.namey(doc[j], loose=True)
                    and then not in PLACE_NOUNS  # "called Parkway Medical"
                    and (
                        w != "gave" or then in {"a", "an", "the", "her", "some", "my", "our"}
                    )  # not "gave hope to"
                    and not (
                        # "met in may", "rang may 3rd", "told may be induced": a month or a modal verb
                        fold_word(doc[j].text) in MONTH_WORDS
                        and (
                            j + 1 >= n
                            or doc[j + 1].like_num
                            or re.fullmatch(r"\d+(?:st|nd|rd|th)", doc[j + 1].text.lower())
                            or not self.person_follows(doc, j + 1)
                            and fold_word(doc[j + 1].text) not in {"at", "in", "on", "about", "for", "today"}
                        )
                    )
                ):
                    add(doc[j])
            # "named her baby storm", "called him Gift"
            if w in {"named", "called", "call", "calling", "name"} and i + 1 < n:
                j = i + 1
                skipped = 0
                while j < n and fold_word(doc[j].text) in NAMING_SKIP and skipped < 3:
                    j += 1
                    skipped += 1
                if (
                    j < n
                    and (skipped or w == "named")
                    and (
                        self.namey(doc[j], loose=True)
                        or (
                            skipped
                            and fold_word(doc[j].text) in self.lists.word_names
                            and fold_word(doc[j].text) not in self.lists.keep_words
                        )
                    )
                    and not (
                        j + 1 < n and fold_word(doc[j + 1].text) in PLACE_NOUNS
                    )  # "called Parkway Medical"
                ):
                    add(doc[j])
            # "NAME: IONELA VASILE", "client name - sarita"
            label_at = None
            if w in LABELS and nxt is not None and nxt.text in {":", "-", "–", "="}:
                label_at = i + 2
            elif w == "name" and prev_w in LABELS | {"first", "full", "her", "mums", "mum's", "baby's"}:
                label_at = i + 1  # "Pt name RUKSANA", "her name Joy"
            if label_at is not None:
                j = label_at
                first = True
                while j < n and j < i + 5:
                    t = doc[j]
                    tw = fold_word(t.text)
                    if not (is_word(t) or re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z]+)+", t.text)):
                        break
                    if tw in CONTEXT_WORDS or (t.is_stop and tw not in self.lists.first_names):
                        break
                    if not first and t.text.islower() and self.english(tw) and tw not in self.lists.names:
                        break
                    if first and not (
                        (w == "name" and label_at == i + 2) or t.text[0].isupper() or self.namey(t)
                    ):
                        break
                    add(t)
                    first = False
                    j += 1
        return spans

    def _names_a_thing(self, doc, i: int) -> bool:
        """Token i starts the name of a place, service or course: within the next three lower-case
        words a place or course noun follows ("Rushcliffe local community team", "Desmond course")."""
        for j in range(i + 1, min(i + 4, len(doc))):
            t = doc[j]
            w = fold_word(t.text)
            if w in PLACE_NOUNS or w in EPONYM_NOUNS:
                return True
            if not (t.text.islower() and is_word(t) and self.english(w)) or t.is_stop:
                return False
        return False

    def _group_then_speech(self, doc, j: int) -> bool:
        """Rules 5: from token j, a group or service and then a verb of speech with no other subject
        ("[dawn] from home-start said", "[summer] from the group told me"; not "from the start she said")."""
        seen_group = False
        for k in range(j, min(j + 6, len(doc))):
            w = fold_word(doc[k].text)
            if w in _SPEECH_VERBS:
                return seen_group
            if w in {",", ".", ";", "and", "but", "she", "he", "they", "i", "we", "you", "who"}:
                return False
            if w in _GROUP_WORDS or w in self.lists.keep_words or doc[k].text[:1].isupper() and k > j:
                seen_group = True
        return False

    def slot_names(self, doc) -> list[tuple[int, int, str]]:
        """Rules 4: names that are everyday words or places, by the person's slot they fill
        ("sat with grace while", "me and rose went", "a text from lily", "according to hope",
        "Sydney came to every appointment", "devon's dad", "poppy kept saying")."""
        spans: list[tuple[int, int, str]] = []
        n = len(doc)
        lists = self.lists

        folded = [fold_word(t.text) for t in doc]  # speed: each word is read many times over

        def fw(j: int) -> str:
            return folded[j] if 0 <= j < n else ""

        named: dict[int, bool] = {}

        def word_name(j: int) -> bool:
            """An everyday-word first name ("grace") or a name that is a word or place ("dallas")."""
            hit = named.get(j)
            if hit is None:
                hit = named[j] = _word_name(j)
            return hit

        def _word_name(j: int) -> bool:
            if not 0 <= j < n or not is_word(doc[j]):
                return False
            w = fw(j)
            if w in NAME_MODALS:  # "may": a name only where no verb follows ("sat with May while")
                after = fw(j + 1)
                return (
                    after not in self.lexicon.base_verbs  # a modal verb takes a verb's base form
                    and after not in {"be", "not", "have", "n't", "well", "also", "still", "just", "never"}
                    and not (
                        j + 1 < n and (doc[j + 1].like_num or re.fullmatch(r"\d+(?:st|nd|rd|th)", after))
                    )
                    and (fw(j - 1) not in _MAY_MONTH_BEFORE or fw(j - 2) in FROM_NOUNS)
                )
            return (
                (w in lists.first_names or w in lists.word_names or lists.unambiguous(w))
                and w not in CONTEXT_WORDS
                and w not in lists.keep_words
                and w not in lists.clinical
                and w not in NOT_BEFORE
                and w not in {"s", "t"}
            )

        def everyday_name(j: int) -> bool:
            """A first name that is an everyday word ("hope", "willow"), not any family name."""
            return (
                word_name(j)
                and (fw(j) in lists.first_names or lists.unambiguous(fw(j)))
                and fw(j + 1) not in {"period", "periods"}  # "no grace period"
            )

        def add(j: int) -> None:
            spans.append((doc[j].idx, doc[j].idx + len(doc[j].text), "context"))

        clause_start = {
            ".",
            "!",
            "?",
            ";",
            ":",
            ",",
            "-",
            "–",
            "(",
            '"',
            "'",
            "“",
            "‘",
            "and",
            "but",
            "so",
            "then",
        }
        for i in range(n):
            w = fw(i)
            prev, nxt, nxt2 = fw(i - 1), fw(i + 1), fw(i + 2)
            starts = i == 0 or prev in clause_start
            # "Sydney came to every appointment", "dallas moved here", "poppy kept saying": a subject
            # rules 5: "donna told me", "tia rang": any name-word before a verb of speech; "dawn from
            # home-start said": before a group and a verb of speech
            if (
                starts
                and word_name(i)
                and not self.thing_before(doc, i)
                and (nxt in _SPEECH_VERBS or (nxt == "from" and self._group_then_speech(doc, i + 2)))
            ):
                add(i)
                continue
            if starts and i + 1 < n and (everyday_name(i) or (word_name(i) and w in lists.vocab)):
                abstract = w in ABSTRACT_NAMES or w in TIME_NAMES
                # rules 5: "grace was my birth partner", "summer was the only one who messaged",
                # "iris is a maternity support worker", "storm now crawling", "destiny sat with me"
                if nxt in {"was", "is", "'s", "’s"} and (
                    (nxt2 in {"my", "our", "her", "his"} and any(fw(k) in _WHO_TO_ME for k in (i + 3, i + 4)))
                    or (nxt2 == "the" and fw(i + 3) == "only" and fw(i + 4) in {"one", "person"})
                    or (
                        nxt2 in {"a", "an"}
                        and any(fw(k) in _PERSON_NOUNS | _PERSON_HEADS for k in range(i + 3, min(i + 6, n)))
                    )
                    or (
                        nxt2 in {"so", "very", "really"}
                        and fw(i + 3) in {"quiet", "withdrawn", "lovely", "shy"}
                    )
                ):
                    add(i)
                    continue
                if (
                    nxt in {"was", "is"}
                    and nxt2 == "at"
                    and fw(i + 3) in {"work", "college", "uni", "university", "church", "mosque"}
                    and w not in TIME_NAMES
                ):
                    add(i)  # rules 5: "grace was at work"
                    continue
                if (
                    nxt == "now"
                    and fw(i + 2) in BABY_DOING - {"now", "still", "home", "due"}
                    and (not abstract or fw(i + 2) in _BABY_ONLY)  # not "hope now growing"
                ) or (
                    nxt in {"sat", "sent", "spent", "filled", "cooked", "drove"}
                    and (not abstract or _with_people(doc, i + 2) or fw(i + 2) in {"me", "us", "the", "her"})
                    and not (abstract and fw(i + 2) in {"the", "her"})
                ):
                    add(i)
                    continue
                if nxt in PERSON_VERBS and not (
                    abstract and nxt in _WEAK_PERSON_VERBS and not _with_people(doc, i + 2)
                ):
                    add(i)
                    continue
                # "joy was the one who suggested it", "gift was really chatty today"
                if nxt in {"was", "is"} and (
                    (nxt2 == "the" and fw(i + 3) == "one" and fw(i + 4) in {"who", "that"})
                    or (nxt2 in {"really", "very", "so", "quite", "a", "bit"} and fw(i + 3) in PERSON_STATE)
                    or (nxt2 in {"a", "bit"} and fw(i + 4) in PERSON_STATE)
                ):
                    add(i)
                    continue
                # "precious was on the postnatal ward", "hope was in hospital for a week"
                if (
                    nxt in {"was", "is", "'s", "’s"}
                    and nxt2 in {"on", "in", "at"}
                    and any(
                        fw(k) in {"ward", "unit", "scbu", "nicu", "suite", "hospital", "triage", "theatre"}
                        for k in range(i + 3, min(i + 6, n))
                    )
                ):
                    add(i)
                    continue
                # "honey (Romanian) wanted an interpreter"
                if (
                    nxt == "("
                    and i + 3 < n
                    and fw(i + 2) in lists.keep_words
                    and doc[i + 3].text == ")"
                    and (
                        not abstract
                        or fw(i + 4) in PERSON_VERBS | SAY_AFTER
                        or (fw(i + 4) in {"had", "has"} and fw(i + 5) in {"her", "a", "twins", "baby"})
                    )
                ):
                    add(i)
                    continue
                # "Hope, 19, first baby", "May (32) said", "gift, 24yo"
                if (
                    nxt in {",", "("}
                    and i + 2 < n
                    and re.fullmatch(r"(?:1[4-9]|[2-4]\d)(?:yo|y/o|yrs?)?", nxt2)
                ):
                    add(i)
                    continue
                # "Blessing is a single mum", "hope is a first time mum", "May is from Lithuania"
                if nxt in {"is", "was", "'s", "’s"} and (
                    (nxt2 in {"a", "an"} and fw(i + 3) in _PERSON_NOUNS | _PERSON_ADJ)
                    or (
                        nxt2 == "from"
                        and i + 3 < n
                        and (fw(i + 3) in lists.vocab or (not abstract and doc[i + 3].text[:1].isupper()))
                    )
                ):
                    add(i)
                    continue
                # "hope had a traumatic birth", "faith had an emergency section"
                if (
                    nxt in {"had", "has"}
                    and nxt2 in {"a", "an"}
                    and any(fw(k) in _BIRTH_EVENTS for k in range(i + 3, min(i + 6, n)))
                ):
                    add(i)
                    continue
                # "May would like a call back", "gift needs an interpreter"
                if (nxt == "would" and nxt2 in {"like", "love", "prefer"}) or (
                    nxt in {"needs", "needed"}
                    and not abstract
                    and nxt2 in {"a", "an", "help", "support", "someone"}
                ):
                    add(i)
                    continue
                if nxt == "kept" and nxt2.endswith("ing"):
                    add(i)
                    continue
                if nxt == "did" and nxt2 in {"the", "a", "an", "her", "it", "so", "really", "all"}:
                    add(i)
                    continue
                if nxt in {"was", "is"} and (
                    nxt2 in {"born", "induced", "sectioned", "admitted", "discharged"}
                    or (nxt2 == "in" and fw(i + 3) in {"scbu", "nicu", "labour", "theatre", "tears"})
                ):
                    add(i)
                    continue
                if nxt in {"is", "was"} and nxt2 == "due" and everyday_name(i):
                    add(i)
                    continue
                if (
                    nxt in {"lives", "lived"}
                    and nxt2 in {"on", "in", "with", "at", "near", "off"}
                    and i + 3 < n
                ):
                    add(i)
                    continue
                if nxt == "gave" and nxt2 == "birth":
                    add(i)
                    continue
            # "Joy's birth", "hope's experience", "Comfort's consent": an everyday-word name's own things
            if (
                (
                    everyday_name(i) or (word_name(i) and w not in lists.vocab)
                )  # rules 5: "tia's birth partner"
                and nxt in {"'s", "’s"}
                and nxt2 in _OWN_THINGS
                and (self._free(doc, i) or fw(i - 1) in {"to", "at", "from", "for", "with", "in", "round"})
                and not (i > 0 and fw(i - 1) in {"god", "god's", "lord"})
            ):
                add(i)
                continue
            # "mum (Comfort) said", "the woman, Hope, said", "her partner, Dallas,"
            if (
                i >= 2
                and prev in {"(", ","}
                and fw(i - 2) in RELATIONS | ROLES | {"woman", "lady", "mother", "client", "mum"}
                and word_name(i)
                and nxt in {")", ",", "-", "–"}
            ):
                add(i)
                continue
            # "hope and faith are sisters", "both hope and faith", "joy, grace and mercy all had sections"
            if everyday_name(i) and nxt in {"and", "&"} and everyday_name(i + 2):
                then, then2 = fw(i + 3), fw(i + 4)
                plural = (
                    then in {"both", "all", "said", "came", "cried", "told", "asked", "have", "had", ","}
                    or (then in {"are", "were"} and then2 in _PLURAL_PEOPLE)
                    or (then == "(" and then2 in _CHILDREN)  # rules 5: "amber and jade (twins)"
                    or (
                        then in {"are", "were"}
                        and any(fw(k) in _CHILDREN for k in range(i + 5, min(i + 8, n)))
                    )
                    or prev in {",", "("}
                    or (prev == "both" and fw(i - 2) in CONTACT_BEFORE | {"to", "with", "w"})
                )
                if plural:
                    add(i)
                    add(i + 2)
                    k = i - 2  # the names before: "joy, grace and mercy"
                    while k >= 0 and fw(k + 1) == "," and everyday_name(k):
                        add(k)
                        k -= 2
                    continue
            # "her ex Dakota", "my ex jordan"
            if (
                i >= 2
                and prev == "ex"
                and fw(i - 2) in {"her", "his", "my", "their", "an"}
                and (
                    word_name(i)
                    or (doc[i].text[:1].isupper() and not doc[i].text.isupper() and is_word(doc[i]))
                )
            ):
                add(i)
                continue
            # "devon's dad", "austin's mum": a name that is a place, before a relative
            if word_name(i) and nxt in {"'s", "’s"} and nxt2 in RELATIONS | ROLES and self._free(doc, i):
                add(i)
                continue
            # "me and rose went", "she and memphis moved", "joy and I"
            if (
                i >= 2
                and prev in {"and", "&", "n", "+"}
                and fw(i - 2) in {"me", "she", "he", "i"}
                and word_name(i)
                and (fw(i - 3) not in {"to", "with", "for", "between"})
            ):
                add(i)
                continue
            if (
                word_name(i)
                and nxt in {"and", "&", "n"}
                and nxt2 in {"i", "me"}
                and self._free(doc, i)
                and (not doc[i].text.islower() or self._opens_pair(prev, i))
            ):
                add(i)
                continue
            # "sat with grace while she fed", "went with willow to triage", "came with joy (her sister)"
            if (
                i >= 2
                and prev in {"with", "w", "w/"}
                and fw(i - 2)
                in WITH_VERBS | {"up", "hour", "hours", "mins", "minutes", "time", "spent", "chat"}
                and everyday_name(i)
                and (nxt in _AFTER_WITH_NAME or i + 1 >= n)
            ):
                add(i)
                continue
            # "session led by Hope", "seen by joy", "home visit to Joy", "interpreter for May"
            if (
                i >= 2
                and everyday_name(i)
                and (
                    (prev == "by" and fw(i - 2) in _BY_VERBS)
                    or (prev == "to" and fw(i - 2) in WITH_NOUNS | FROM_NOUNS | {"visit", "visits", "letter"})
                    or (
                        prev == "for"
                        and fw(i - 2) in ROLES | _FOR_NOUNS | FROM_NOUNS | {"leaflets", "leaflet"}
                    )
                    or (prev == "from" and fw(i - 2) == "is" and fw(i - 3) in FROM_NOUNS)
                )
            ):
                add(i)
                continue
            # "a text from lily", "feedback from grace"
            if i >= 2 and prev == "from" and fw(i - 2) in FROM_NOUNS and everyday_name(i):
                add(i)
                continue
            # "according to hope", "for grace the worst bit was", "for willow, the birth"
            if i >= 2 and prev == "to" and fw(i - 2) == "according" and word_name(i):
                add(i)
                continue
            if (
                i >= 1
                and prev == "for"
                and (i == 1 or fw(i - 2) in clause_start)
                and everyday_name(i)
                and nxt in {",", "the", "it", "this", "that", "her", "she"}
            ):
                add(i)
                continue
            # "asked grace how", "told hope that": a person asked or told something
            if (
                i >= 1
                and prev in {"asked", "told", "reminded", "showed", "helped", "thanked"}
                and everyday_name(i)
                and (
                    nxt
                    in {
                        "how",
                        "if",
                        "whether",
                        "what",
                        "why",
                        "when",
                        "where",
                        "to",
                        "about",
                        "abt",
                        "that",
                        "for",
                    }
                )
            ):
                add(i)
                continue
        return spans
