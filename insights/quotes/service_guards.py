"""Rules 31: names of rooms, suites, campaigns and places the earlier steps took for people, let go at the end.

Read from blind27 (a tuning writer who put services named like people next to people: an MNVP "15 Steps" walk-round,
a Healthwatch draft, a baby bank's log, social-media comments; scored once as new, then read). blind13-15, blind22,
blind23, blind26 and blind28 stay held out. Each guard is a switch of its own (`anonymise.SWITCHES`, measured with
`train_tagger --off`), runs after every other step (`Anonymiser._final_guards`) and never lets go of a deny-list name:

- `room_names`: a birth room, suite, bay or lounge named after a flower, a tree or a person ("the Lily Suite", "Iris
  room", "Hazel bay", "the Elizabeth Garrett Anderson Room"): one to four capitalised words right before "Suite",
  "Room", "Bay" or "Lounge" (or, after "the", "in", "to" or "at", before a lower-case "suite", "room" or "bay"); never
  a possessive ("Mr Okafor's clinic", "Sarah's room"), a title's name ("Dr Lily Room"), a number after the noun
  ("Amira room 9": a board's patient) nor "ward" (a family name: "Sarah Ward"). The same word elsewhere in the note
  stays a name ("Lily the midwife"; letting those go too was measured and dropped: it let through "Rowan" the baby
  in "Rowan bay" and "Montego" beside "Montego Bay").
- `hashtags`: a campaign's hashtag of two or more words run together ("#HelloMyNameIs", "#FlowersNotFlowers",
  "#MedwayMaritime"), unless one of its words is a name that is no English word ("#JusticeForJoanne" stays removed).
- `place_typos`: a local place typed wrong ("Gravsend", "Swanscome", "Medawy", "Dartfrod"): one word of 6 letters
  or more that no names list holds, with the same first letter as a kept place (`Lists.keep_words` that the places
  list holds too) and one edit from it (a letter left out, added, changed, or two swapped; two edits from a place
  of 9 letters or more; kept medicines count too: "paracetemol", "Entinox"). No title before it ("Dr Gravsend"), and
  never a word ending in "a" ("Ukraina", "Cristiana": given names made from a country's or a faith's word).
- `saint_places`: a one-word person finding right after "St", "St." or "Saint" (a church, hall or hospital named
  after a saint: "St Botolph's", "St Aidan's church hall") or after "County" ("County Kerry"); a title before the
  saint keeps it a name ("Dr St John"). Rules 35: a finding "St Luke" itself before "'s" or a place's noun. Rules 55:
  a person finding that starts inside a place of the lists named with a possessive ("King's [Lynn] Mart").
- `located_places` (rules 32, from the PLACE_OTHER keeps lost in blind24, blind25, blind27 and blind29): a person
  finding of one or two capitalised words that is a town or city of 15,000+ people or a country
  (`Lists.world`, places_world.txt) or a place of the rules' own lists, right after "from", "in", "near",
  "outside", "around" or a journey's "to" ("moved from Dhankuta", "born in Lourdes", "flew back to Tbilisi"); never
  a given name of the lists after "from" with a message before it ("a text from Paris", "feedback from Hope"), a
  possessive, "re" or a person's verb after it ("in Kenya's room", "in Denver said"), a title before it, or a person's
  slot's finding.
- `medicines` (rules 48, from real patient stories: "coming off Seroxat", "a cocktail of drugs - Risperidone,
  Citalopram and Clonazepam"): a one-word person finding that is a prescribed medicine (`Lists.medicines`: the hand
  list and 8,000 names made from a drug dictionary; or one edit from one of 7 letters or more, "Sertaline") where the
  text says it is one: right after "on", "off", "prescribed", "taking", "started", "given", "tried", "drugs",
  "medication", "tablets", "dose of", ... (a dash or colon between), before a dose or a medicine's form ("20mg",
  "tablets", "side effects"), or in a list beside another medicine. Elsewhere a medicine's brand that is a given name
  stays a name ("our midwife Lyrica", "thank you Savella").
- `kin_words` (rules 48): a person finding that is only "Mummy", "Daddy", "Parent", "Carer" or "Grandparent" ("Me and
  Mummy", "Parent said"); a display name holding one is more than the word and stays.

- `place_repeats` (rules 52, from the PLACE_OTHER keeps the tuning sets lost to a name's repeats): a one-word person
  finding that is a place of `Lists.world` where the words before say the place ("named after Warwick", "never been
  to Milan", "is from Chelsea") or beside a far region ("Jackson, Mississippi"), even when the word names someone
  elsewhere in the note; rules 32's person cues still win ("named after Elizabeth her nan", "from Savannah (HV)").
- `heading_words` (rules 52, the keep review; run last, by `Anonymiser._final_guards`): a common word heading a line
  before a dash or a colon that the same sentence says again as a word ("Ivy: ivy over the sign"): a topic's heading.

- `spent_words` (rules 53): an everyday-word name in lower case before what is said of a feeling running out ("hope
  had gone", "patience has run out"); rules 54: or said of something ("every baby is precious,").
- `rank_words` (rules 54): a person finding of service ranks only ("a Sgt Major now", "Lt Col rank").

The steps after the tagger that add names rather than let them go are insights.quotes.added_names'.
"""

from __future__ import annotations

import functools
import re

from insights.quotes.context_words import RELATIONS, ROLES, TITLES
from insights.quotes.lexicon import Finding, Lists, edit_distance, fold_word
from insights.quotes.plain_guards import named
from insights.quotes.record_slots import PEOPLE_VERBS

#: Words after a room's noun that make its name a person's ("Megan Bay explained", "Callum Lounge who ran").
_PERSON_AFTER = PEOPLE_VERBS | frozenset({"who", "explained", "noted", "ran", "runs", "rang"})
_PERSON_AFTER_WORD = re.compile(rf"[ ]+(?:{'|'.join(sorted(_PERSON_AFTER))})\b")

STEPS = (
    "room_names", "hashtags", "place_typos", "saint_places", "located_places", "place_repeats", "heading_words",
    "medicines", "kin_words", "spent_words", "rank_words",
)  # fmt: skip

#: A named room's noun, capitalised or in lower case, after an article or a preposition ("the Lily Suite", "in Iris
#: room"); in lower case also opening a line or after a comma ("Hazel bay, Juniper bay"). Never after a title,
#: relative or role ("mum Kerry Bay", "Midwife Sarah Bay", "Dear Sarah Bay": no article before them) and never
#: before a bed's number or letter, "(", "who" or a person's verb ("Chloe bay B", "Callum Lounge who ran").
_ROOM_NOUN = r"(?:Suite|Room|Bay|Lounge|SUITE|ROOM|BAY|LOUNGE|suite|room|bay|lounge)"
_ROOM_LOW = r"(?:suite|room|bay|lounge)"
_NAMED = r"[A-Z][a-z'’-]+(?:[ ][A-Z][a-z'’-]+){0,3}"
_BEFORE_ROOM = r"\b(?:the|The|THE|a|an|in|into|to|at|on|off|from)[ ]+"
_ROOMS = (
    re.compile(rf"{_BEFORE_ROOM}({_NAMED})[ ]+{_ROOM_NOUN}\b"),
    re.compile(rf"(?:^|[,(][ ]*)({_NAMED})[ ]+{_ROOM_LOW}\b", re.M),
    # "Suite" is no one's family name: a capitalised suite anywhere ("Dickens Suite at Medway", '"Lilly Suite"')
    re.compile(rf"(?<![\w'’-])({_NAMED})[ ]+(?:Suite|SUITE)\b"),
)
_NEXT = re.compile(r"[ ]*(\S*)(?:[ ]+(\S))?")
#: Rules 48: a hospital ward named like a person or a place. "ward" in lower case after a preposition or "the" ("on
#: Pearl ward", "to the Kent ward"); "Ward" with a capital only after "on", "onto" or "off" and never when its first
#: word is a given name ("on Quantock Ward", "on Forest Ward"; "Sarah Ward" and "on Ruby Ward" stay people); rules 59:
#: or after "leave", "left", "moved to" and the like.
_WARDS = (
    re.compile(rf"\b(?:the|The|THE|on|onto|off|to|at|from|in)[ ]+({_NAMED})[ ]+ward\b"),
    re.compile(rf"\b(?:on|onto|off|On|Onto|Off)[ ]+({_NAMED})[ ]+(?:Ward|WARD)\b"),
    # rules 59 (blind69: "asked to leave Kestrel Ward at 10pm"): leaving a ward, moved to or from one
    re.compile(
        rf"\b(?:leave|left|leaving|(?:moved|transferred|back)[ ]+(?:to|from))[ ]+({_NAMED})[ ]+(?:Ward|WARD)\b"
    ),
)


def _person_after(text: str, end: int) -> bool:
    """What follows a room's noun makes it a bed or a person: a number or a bed's letter ("room 9", "bay B",
    "room no. 4"); after a noun that is also a family name (Bay, Room, Lounge: not Suite), a bracket, "who" or a
    person's verb ("Callum Lounge who ran", "Megan Bay explained", "Kerry Bay (32)")."""
    m = _NEXT.match(text, end)
    word, then = m.group(1), m.group(2) or ""
    bare = word.strip(".,;:!?")
    if (
        word[:1].isdigit()
        or (len(bare) == 1 and bare.isupper())
        or (bare.lower() in ("no", "number") and then.isdigit())
    ):
        return True
    suite = text[max(0, end - 5) : end].lower() == "suite"
    return not suite and (word[:1] == "(" or bare.lower() in _PERSON_AFTER)


def _person_before(text: str, start: int) -> bool:
    """A relative, role or greeting right before `start` ("her daughter Ruby Suite", "Dear Sarah Bay")."""
    before = re.search(r"(\w+)[ ]+$", text[max(0, start - 16) : start])
    w = before.group(1).lower() if before else ""
    return w in RELATIONS or w in ROLES or w in {"dear", "hi", "hello", "thanks", "thank", "baby"}


def _titled(text: str, start: int) -> bool:
    """A title right before `start` ("Dr Willow")."""
    before = re.search(r"(\w+)\.?[ ]+$", text[max(0, start - 12) : start])
    return before is not None and before.group(1).lower() in TITLES


def room_spans(text: str) -> list[tuple[int, int]]:
    """The character spans of named rooms, suites, bays and lounges, their noun included."""
    out = []
    for m in (m for rx in _ROOMS for m in rx.finditer(text)):
        start, name = m.start(1), m.group(1)
        if _person_after(text, m.end()) or any(m.start(1) == s for s, _ in out):
            continue  # "Amira room 9", "Chloe bay B", "Callum Lounge who ran the group", "Sarah Bay said"
        if _titled(text, start) or _person_before(text, start):
            continue  # "Dr Lily Room": a person with a title; "her daughter Ruby Suite", "Dear Sarah Bay"
        if name.lower().split()[0] in TITLES or re.search(r"['’]", name):
            continue  # "Sister Lily Room"; "Sarah's Room", "Kezia's Lash Lounge": a person's room or business
        out.append((start, m.end()))
    return out


def ward_spans(text: str, lists: Lists) -> list[tuple[int, int]]:
    """Rules 48: the spans of hospital wards named like people or places (`_WARDS`), under `room_spans`' checks."""
    if "ward" not in text and "Ward" not in text and "WARD" not in text:
        return []
    out = []
    for rx in _WARDS:
        for m in rx.finditer(text):
            start, name = m.start(1), m.group(1)
            capital = text[m.end() - 4] != "w"
            first = fold_word(name.split()[0])
            if capital and (first in lists.first_names or first in lists.ons or first in lists.nicknames):
                continue  # "on Ruby Ward", "on Donna Ward": a person may be meant
            if text[m.end() : m.end() + 2] in ("'s", "’s"):
                continue  # "on Ashdown Ward's list", "on Lacey Ward's caseload": a person's
            if _person_after(text, m.end()) or _titled(text, start) or _person_before(text, start):
                continue
            if name.lower().split()[0] in TITLES or re.search(r"['’]", name):
                continue
            out.append((start, m.end()))
    return out


def without_room_names(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """`found` without the person findings that lie inside a named room's span (`room_spans`) or a ward's
    (`ward_spans`, rules 48); deny-list names stay. The same word elsewhere in the note stays a name ("Lily the
    midwife" beside "the Lily Suite")."""
    if not found:
        return found
    rooms = room_spans(text) + ward_spans(text, lists)
    if not rooms:
        return found
    deny = lists.deny_pattern
    keep = []
    for f in found:
        inside = f.entity == "PERSON" and any(s <= f.start and f.end <= e for s, e in rooms)
        if inside and not (
            f.source.endswith(":deny-list") or (deny is not None and deny.search(text[f.start : f.end]))
        ):
            continue
        keep.append(f)
    return keep


#: The words of a hashtag run together: "HelloMyNameIs" -> Hello, My, Name, Is; "15Steps" -> 15, Steps.
_TAG_PARTS = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|\d+|[a-z]+")


def _plain_tag_word(part: str, lists: Lists, english, frequency) -> bool:
    """A hashtag's word that names no one: a number, or an English, place or kept word that is no given name,
    nickname or everyday-word name, and no family name unless common in English ("Flowers"; not "Harper",
    "Grace", "Olivia", "Amelias")."""
    p = part.lower()
    if p.isdigit():
        return True
    if not (english(p) or lists.known_thing(p)):
        return False
    stem = p[:-1] if p.endswith("s") else p  # "Amelias": a name's possessive typed without its apostrophe
    if any(x in lists.first_names or x in lists.nicknames for x in (p, stem)):
        return False
    return frequency.get(p, 0.0) >= 4.0 or not (
        p in lists.names or p in lists.more_names or p in lists.word_names or stem in lists.names
    )


def hashtag(text: str, f: Finding, lists: Lists, english, frequency) -> bool:
    """A person or social-media finding that is a whole hashtag (`#` before its words or as its first character, no
    word character after it) of two or more words, every one of them plain (`_plain_tag_word`)."""
    if f.entity not in ("PERSON", "SOCIAL_MEDIA"):
        return False
    start = f.start + 1 if text[f.start : f.start + 1] == "#" else f.start
    if start == 0 or text[start - 1] != "#":
        return False
    if f.end < len(text) and (text[f.end].isalnum() or text[f.end] == "_"):
        return False
    parts = _TAG_PARTS.findall(text[start : f.end])
    return len(parts) >= 2 and all(_plain_tag_word(p, lists, english, frequency) for p in parts)


def without_hashtags(text: str, found: list[Finding], lists: Lists, english, frequency) -> list[Finding]:
    """`found` without the campaign hashtags (`hashtag`)."""
    if "#" not in text:
        return found
    return [f for f in found if not hashtag(text, f, lists, english, frequency)]


@functools.lru_cache(maxsize=4)
def _kept_places(lists: Lists) -> tuple[str, ...]:
    """The kept places of one word and 6 letters or more ("gravesend", "swanscombe", "medway")."""
    return tuple(sorted(w for w in lists.keep_words & lists.vocab if w.isalpha() and len(w) >= 6))


#: Where a place typed wrong came from: the spelling, list and model finders (in lower case any finder but a
#: person's slot's), never a person's slot ("surname Bramley", "Mrs Stroud", a number's owner, a line's record).
#: A person's slot's finders: never let go of a place typed wrong they found ("surname bramley").
_SLOT_SOURCES = (":name-label", ":number-owner", ":line-record", ":age-bracket", ":board", ":title")
_TYPO_SOURCES = frozenset(
    {"MaternityNameRules:spelling", "MaternityNameRules:gazetteer", "NameTagger", "SpacyRecognizer"}
)


def place_typo(text: str, f: Finding, lists: Lists) -> bool:
    """A one-word person finding that is a kept place typed wrong (module docstring: `place_typos`)."""
    piece = text[f.start : f.end]
    if f.entity != "PERSON" or len(piece) < 6 or not piece.isalpha():
        return False
    if f.source not in _TYPO_SOURCES and not (piece.islower() and not f.source.endswith(_SLOT_SOURCES)):
        return False
    if _titled(text, f.start) or _PERSON_AFTER_WORD.match(text, f.end):
        return False  # "Dr Gravsend"; "Bramley said", "Gravesen rang back"
    given = re.search(r"([A-Za-z]+)[ ]+$", text[max(0, f.start - 20) : f.start])
    if given and given.group(1)[0].isupper() and given.group(1).lower() in lists.first_names:
        return False  # "Jade Mepham": a given name before it
    w = piece.lower()
    if named(w, lists, word_names=True) or w in lists.nicknames or w in lists.more_names or w.endswith("a"):
        return False  # "Ukraina", "Cristiana": a given name made from a place's or faith's word
    if w in lists.vocab or _LABEL_BEFORE.search(text, max(0, f.start - 24), f.start):
        return False  # "Bramley", "Stroud": a place of its own (and a family name); "Surname: Gravesen"
    return any(place[0] == w[0] and _typo_of(w, place) for place in _kept_places(lists))


#: A name's label right before a word ("Surname: Gravesen", "called Mepham").
_LABEL_BEFORE = re.compile(r"(?i)\b(?:name|surname|called|named|known[ ]as)[ ]*[:=-]?[ ]*$")


def _typo_of(w: str, place: str) -> bool:
    """`w` is `place` typed wrong: two letters swapped in a short word ("Medawy"); one edit in a word of 8 letters or
    more ("Gravsend", "Dartfrod"), two in one of 9 or more ("Swanscornbe")."""
    if min(len(w), len(place)) < 8:
        return (
            len(w) == len(place)
            and sum(a != b for a, b in zip(w, place, strict=True)) == 2
            and edit_distance(w, place) == 1
        )
    return abs(len(place) - len(w)) <= 2 and 0 < edit_distance(w, place) <= (
        1 if min(len(w), len(place)) < 9 else 2
    )


def without_place_typos(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """`found` without the kept places typed wrong (`place_typo`)."""
    return [f for f in found if not place_typo(text, f, lists)]


_SAINT_NAME = re.compile(r"St\.?[ ][A-Z][a-z]+")
_SAINT_BEFORE = re.compile(r"(?<![\w'’-])(St\.?|Saint|County)[ ]+$")
#: What follows a saint's name in a place's name: a possessive ("St Botolph's", "St Aidans"), a place's noun ("St
#: John church") or another saint ("St Peter & St Paul").
_SAINT_AFTER = re.compile(
    r"(?:['’]s?|s\b)|[ ]+(?i:church|chapel|hall|centre|hospital|school|primary|academy|surgery|road|cathedral|"
    r"parish)\b|[ ]+&[ ]+St\b"
)


@functools.lru_cache(maxsize=4)  # one pattern per engine's lists
def _owned_places(lists: Lists) -> re.Pattern:
    """Rules 55: the places of the lists named with a possessive ("King's Lynn", "Hell's Kitchen"), not after a given
    name ("Lee's Summit" could be a man's); a pattern that matches nothing when there are none."""
    places = sorted(
        p for p in lists.world | lists.vocab if "'s " in p and p.split("'")[0] not in lists.first_names
    )
    body = "|".join(re.escape(p).replace("'", "['’]").replace(r"\ ", "[ ]+") for p in places) or "(?!)"
    return re.compile(rf"(?i)(?<![\w'’-])(?:{body})(?![\w'’-])")


def without_saints(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """`found` without a one-word person finding that names a saint's church or hall or a county (`saint_places`):
    after "St", "St." or "Saint" written so (not "ST", a trainee doctor) with a possessive or a place's noun after it
    ("lives on Orchard St Kelly is her sister" keeps Kelly a name); after "County" a place the lists know ("County Kerry")."""
    owned = _owned_places(lists).finditer(text) if "s " in text else ()
    inside = [m.span() for m in owned]
    out = []
    for f in found:
        if f.entity == "PERSON" and any(s <= f.start < e for s, e in inside):
            continue  # rules 55 (blind62): "King's [Lynn] Mart", "from [King]'s [Lynn]": a town named so
        saint = _SAINT_NAME.fullmatch(text, f.start, f.end) if f.entity == "PERSON" else None
        if (
            saint
            and not _titled(text, f.start)
            and (_SAINT_AFTER.match(text, f.end) or text[f.end - 1] == "s")
        ):
            continue  # rules 35: a finding "St Luke" before "'s" ("at St Luke's": a hospice, a church)
        if f.entity == "PERSON" and " " not in text[f.start : f.end]:
            m = _SAINT_BEFORE.search(text, max(0, f.start - 10), f.start)
            if m is None:
                out.append(f)
                continue
            if not _titled(text, m.start(1)):
                if m.group(1) == "County":
                    if text[f.start : f.end].lower() in lists.vocab:
                        continue
                elif _SAINT_AFTER.match(text, f.end) or text[f.end - 1] == "s":
                    continue  # "St Botolph's", "St Aidans again", "St Aidan's church hall"
        out.append(f)
    return out


#: What puts a place right after it: "from", "in", "near", "outside", "around", or a journey's "to".
_LOCATED = re.compile(
    r"(?i)(?<![\w'’-])(?:from|in|near|outside|around|(?:moved|moving|move|went|gone|going|flew|flying|back|"
    r"travelled|traveled|return(?:ed|ing)?|trip|holiday|emigrated|relocated|been)[ ]+(?:back[ ]+)?to|"
    r"name[ds]?[ ]+(?:after|for)(?:[ ]+the)?)[ ]+$"
)
#: Rules 32: the cues a given name that is also a place needs ("born in Florence", "she is from Georgia", "flew back to
#: Paris"): people are left, run from, gone back to and named after, but not born in or flown to.
_BORN_IN = re.compile(
    r"(?i)(?<![\w'’-])(?:(?:born|raised|grew[ ]up|lives?|lived|living|settled|holiday|holidays|wedding|married)[ ]+in|"
    r"(?:originally|family(?:[ ]+(?:is|are))?)[ ]+from|flew[ ]+(?:back[ ]+)?(?:to|from)|"
    r"flights?[ ]+(?:to|from)|back[ ]+home[ ]+in|the[ ]+city[ ]+of|emigrated[ ]+(?:to|from)|"
    # rules 44 (blind47, a tuning writer): "leaving for Devon", "old address in Kerry" (not "her gran is from Paris":
    # "is from" follows people too, rules 32)
    r"(?:leaving|moving|relocating|relocated)[ ]+(?:for|to)|address[ ]+in)[ ]+$"
)
#: Rules 32 (second review): what after a given name that is also a place says it is a person: a bracket, a
#: determiner or possessive ("Florence, her sister's flat", "Austin her brother"), "and" another name, or a role.
_WHO_AFTER = re.compile(
    r"(?i)[ ]*\(|,?[ ]+(?:the|her|his|their|my|our|a|an|mum's|mums|dad's)[ ]|[ ]+(?:and|&)[ ]+(?-i:[A-Z])|,?[ ]+(?:"
    + "|".join(sorted(r for r in ROLES | RELATIONS if r.isalpha()))
    + r")\b"
)
#: A message, call or gift "from" someone: the word after is a sender, not a place ("a text from Paris").
_FROM_SENDER = re.compile(
    r"(?i)\b(?:texts?|txt|calls?|messages?|msgs?|e-?mails?|letters?|cards?|notes?|referrals?|voicemails?|"
    r"word|hello|thanks|love|help|hugs?|visits?|lifts?|support|advice|everyone|someone|one|feedback|tips?|quotes?|"
    r"news|updates?|photos?|pics?|gifts?|presents?|flowers|answer|reply|responses?|comments?|input)"
    r"(?:[ ]+(?:is|was|were|are|came|comes))?[ ]+from[ ]+$"
)


def located_place(text: str, f: Finding, lists: Lists, people: frozenset[str] = frozenset()) -> bool:
    """A person finding that is a place right after a word that locates it (module docstring: `located_places`).
    `people`: the words of the note's other person findings, which stay names here too ("Tyler Mason is her ex.
    She went back to Tyler")."""
    piece = text[f.start : f.end]
    words = piece.split()
    if f.entity != "PERSON" or not 1 <= len(words) <= 2 or not all(w[:1].isupper() for w in words):
        return False
    if f.source.endswith(_SLOT_SOURCES) or f.source.endswith(":deny-list"):
        return False
    folded = [fold_word(w) for w in words]
    if " ".join(folded) not in lists.world or any(w in people for w in folded):
        return False
    before = text[max(0, f.start - 40) : f.start]
    given = any(
        named(w, lists, word_names=True) or w in lists.more_names or w in lists.nicknames for w in folded
    )
    if not (_BORN_IN if given else _LOCATED).search(before) or _titled(text, f.start):
        return (
            False  # a given name needs a cue only a place takes ("born in Florence", not "away from Tyler")
        )
    if re.match(r"['’]s?\b", text[f.end : f.end + 2]) or _PERSON_AFTER_WORD.match(text, f.end):
        return False  # "in Kenya's room": a person's; "the toddler in Denver said ...": a person's act
    if re.match(r"[ ]+re\b", text[f.end : f.end + 4]):
        return False  # "Feedback from Hope re triage": a sender
    if given and _WHO_AFTER.match(text, f.end):
        return False  # "born in Florence, her sister's flat", "from Savannah (HV)", "from Chelsea and Jordan": a person
    return not _FROM_SENDER.search(before)  # "a card from Swindon for the midwives": a sender


def without_located_places(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """`found` without the places right after a word that locates them (`located_place`), unless the same word is a
    person elsewhere in the note."""
    located = [located_place(text, f, lists) for f in found]
    if not any(located):
        return found
    people = frozenset(
        fold_word(w)
        for f, place in zip(found, located, strict=True)
        if f.entity == "PERSON" and not place
        for w in text[f.start : f.end].split()
    )
    return [f for f in found if not located_place(text, f, lists, people)]


#: Rules 52: where a name that is also a place is said as the place, even when it names someone in the same note ("her
#: dad named her after Cheyenne", "never been to Milan", "Chelsea from Chelsea", "Devon moved here from Devon").
_PLACE_SAID = re.compile(
    r"(?i)(?:\bnamed[ ]+(?:(?:her|him|them|me|it|the[ ]+baby|baby)[ ]+)?(?:after|for)|"
    r"\b(?:been|trip|holiday|honeymoon|flew|moved)[ ]+(?:back[ ]+)?to|\bwent[ ]+to|\bbeen[ ]+near|\bin|"
    r"\b(?:is|are|was|were|comes|came|over|moved|originally|one|both|family|husband|dad|mum|partner|up|lives)[ ]+from)"
    r"[ ]+(?:the[ ]+)?[\"'“]?$"
)
#: After the place, what says it is one ("named after Keren, the city"); else rules 32's `_WHO_AFTER` makes it a person
#: ("named after Elizabeth her nan", "from Savannah (HV)").
_PLACE_NOUN_AFTER = re.compile(
    r",?[ ]+(?:the|a)[ ]+(?:city|town|village|country|capital|island|county|state)\b"
)
#: After the place: what a person owns or does ("in Denver said", "near Kenya's cot", "from Gloria and her mum").
_PERSON_NEXT = re.compile(
    r"['’]s?\b|[ ]+(?:said|says|asked|rang|came|told|wants|rated|rates|gave|and[ ]+(?:her|his)|was[ ]+(?:born|lovely|kind))\b"
)


#: Rules 52 (the keep review): a place beside its region, state or country ("Savannah, Georgia", "Jackson, Mississippi",
#: the region follows and no list goes on after it), or a region after its town ("Tbilisi, Georgia").
_REGION_AFTER = re.compile(r",[ ]+([A-Z][a-z]+(?:[ ][A-Z][a-z]+)?)\b(?![ ]*,)")
_TOWN_BEFORE = re.compile(r"\b([A-Z][a-z]+(?:[ ][A-Z][a-z]+)?),[ ]+$")
#: A list's separator before a word: the word is an item of a list, not a place beside its region ("Roy, Linda, Cat").
_LIST_BEFORE = re.compile(r"(?:,|&|\+|\band)[ ]+$")


def _beside_region(text: str, f: Finding, found: list[Finding], lists: Lists) -> bool:
    """Rules 52: a one-word place of `Lists.world` written beside another place of it that no finding takes and no Kent
    list holds ("Jackson, Mississippi", "Tbilisi, Georgia"; not "Chelsea, Dartford": a woman and her town)."""

    def far_place(start: int, end: int) -> bool:
        w = fold_word(text[start:end])
        return (
            w in lists.world
            and not any(w2 in lists.local for w2 in w.split())
            and not any(g.start < end and start < g.end for g in found)
        )

    after = _REGION_AFTER.match(text, f.end)
    if after and far_place(*after.span(1)) and not _LIST_BEFORE.search(text, max(0, f.start - 8), f.start):
        return True
    before = _TOWN_BEFORE.search(text, max(0, f.start - 30), f.start)
    return (
        before is not None
        and far_place(*before.span(1))
        and not _LIST_BEFORE.search(text, max(0, before.start(1) - 8), before.start(1))
    )


def without_place_repeats(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """Rules 52 (the PLACE_OTHER keeps the tuning sets lost to a name's repeats: "Warwick named after Warwick where they
    met", "Perth went to Perth on her gap year"): a one-word capitalised person finding that is a town, country or
    region of `Lists.world` where the words before say the place (`_PLACE_SAID`) is let go, even when the same word
    names a person elsewhere in the note (`located_places` keeps those); never with a person's "'s", verb or description
    after it (rules 32's `_WHO_AFTER`), a sender's "from", a title before it, a person's slot's finding or a deny-list
    name."""
    out = []
    for f in found:
        piece = text[f.start : f.end]
        if (
            f.entity == "PERSON"
            and " " not in piece
            and piece[:1].isupper()
            and fold_word(piece) in lists.world
            and not f.source.endswith(_SLOT_SOURCES)
            and not f.source.endswith(":deny-list")
            and (
                _PLACE_SAID.search(text, max(0, f.start - 40), f.start)
                or _beside_region(text, f, found, lists)
            )
            and not _PERSON_NEXT.match(text, f.end)
            and (_PLACE_NOUN_AFTER.match(text, f.end) or not _WHO_AFTER.match(text, f.end))
            and not _FROM_SENDER.search(text, max(0, f.start - 40), f.start)
            and not _titled(text, f.start)
        ):
            continue
        out.append(f)
    return out


#: Rules 52: a word heading a line before a dash or a colon, after an optional bullet or number ("Ivy: ivy over the
#: sign", "9) Mark - mark the venue on the map").
_HEADING_WORD = re.compile(
    r"(?m)^[ \t]*(?:[-*•>]+[ \t]+|\d{1,3}[.)][ \t]+|[a-z][)][ \t]+)?([A-Za-z][a-z'’]+)[ \t]*(?:[-–—]+|:)[ \t]"
)
#: After the word's repeat: what a person owns or does ("joy - joy said she was fine", "hope: hope's mum rang").
_REPEAT_PERSON = re.compile(
    r"['’]s?\b|[ ]+(?:said|says|asked|rang|came|told|wants|wanted|rated|rates|gave|is[ ]+\d|was[ ]+\d|will[ ]+(?:come|call|ring|bring))\b"
)


#: Rules 52: a heading word repeated is a topic's only when it is a common word (Zipf; "olive", "grace", not "robbo").
_HEADING_ZIPF = 3.0
#: After a heading's colon: a quote or the first person, a speaker's words ('Joy: It was a joy', 'Max: "Mum, ..."').
_SPEAKER_TEXT = re.compile(
    r"[ \t]*(?:[\"“'‘]|(?:i|i'm|im|i've|my|me|we|our|it was|it's|its)\b)", re.IGNORECASE
)
#: Rules 56: the first person in a lower-case heading's sentence: a chat message's writer, not a topic.
_FIRST_PERSON = re.compile(r"(?i)(?<![\w'’])(?:i|i'm|im|i've|ive|my|me)(?![\w'’])")
#: Before the word's repeat: a person's slot ("joy - saw joy today", "hope: thanks to hope").
_REPEAT_SLOT = re.compile(
    r"(?i)\b(?:saw|see|seen|met|meet|to|with|and|called|call|rang|ring|told|asked|text|texted|emailed|visited|thank|"
    r"thanks|baby|mum|dad|partner|sister|from|by|for)[ ]+$"
)


def without_heading_words(
    text: str, found: list[Finding], lists: Lists, frequency: dict[str, float]
) -> list[Finding]:
    """Rules 52 (the keep review: "Ivy: ivy over the birth centre sign", "Grace - 15 min grace on parking", "Olive: olive
    oil for baby massage?"): a one-word person finding heading a line before a dash or a colon is let go when the same
    sentence says the word again, in lower case, where no person's slot or act is (a topic's heading: a woman's note
    says "she", not her name again). Only a common English word (Zipf `_HEADING_ZIPF`: not "robbo - ... robbo took");
    never before a name found ("Happy - [Mavis] - 71 - not happy at all"), a quote or the first person after a colon
    (a speaker: 'Joy: It was a joy', 'Max: "Mum, the max weight"'), nor a deny-list name (the tuning sets' puns)."""
    if ":" not in text and "-" not in text and "–" not in text and "—" not in text:
        return found
    drop = set()
    for m in _HEADING_WORD.finditer(text):
        word = m.group(1)
        if frequency.get(word.lower(), 0.0) < _HEADING_ZIPF:
            continue
        if ":" in text[m.end(1) : m.end()] and _SPEAKER_TEXT.match(text, m.end()):
            continue  # a speaker's words
        nearby = re.match(r"(?:[ \t]*\S+){1,3}", text[m.end() :])
        near_end = m.end() + (nearby.end() if nearby else 0)
        if any(f.entity == "PERSON" and m.end() <= f.start < near_end for f in found):
            continue  # a list of people ("Happy - [Mavis] - 71")
        sentence = re.match(r"[^.!?;\n]*", text[m.end() :]).group()
        if word.islower() and _FIRST_PERSON.search(sentence):
            continue  # rules 56 (blind63): a chat's writer in lower case, then her own words ("hope: ... i hope you're ok")
        for r in re.finditer(rf"(?<![\w'’-]){re.escape(word.lower())}(?![\w-])", sentence):
            start = m.end() + r.start()
            if any(f.entity != "PERSON" and f.start < start + len(word) and start < f.end for f in found):
                break  # inside an e-mail or a handle ("Dakota: email dakota.r92@..."): hers
            if _REPEAT_PERSON.match(text, start + len(word)) or _REPEAT_SLOT.search(text, m.end(), start):
                continue
            drop.update((m.start(1), start))
            break
    if not drop:
        return found
    return [
        f
        for f in found
        if not (
            f.start in drop
            and f.entity == "PERSON"
            and re.fullmatch(r"[A-Za-z][a-z'’]+", text[f.start : f.end])
            and not f.source.endswith(":deny-list")
        )
    ]


#: Rules 48: words after which a medicine's name is said as one ("coming off Seroxat", "prescribed Lyrica", "drugs -
#: Risperidone"), articles and a dash or colon between.
_MEDICINE_BEFORE = re.compile(
    r"(?i)(?<![\w'’-])(?:on|off|prescribed|prescribe|prescription|taking|take|takes|took|taken|started|start|starting|"
    r"given|give|gave|tried|trying|stopped|stopping|switched|changed|increased|reduced|upped|weaned|withdrawal|drug|"
    r"drugs|medication|medications|medicine|medicines|meds|tablets?|pills?|injections?|dose|doses|cocktail|course|"
    r"allergic|allergy|like|including|eg|e\.g\.|induced|treated|treatment|swapped|swap|moved|explaining|explained)"
    r"(?:[ ]+(?:to|of|from|off|on|the|my|her|his|some|a|an|onto|with))*"
    r"[ ]*[-:–(]?[ ]*$"
)
#: A dose or a medicine's form right after the word ("Lyrica 75mg", "Clexane injections", "Seroxat withdrawal").
_MEDICINE_AFTER = re.compile(
    r"(?i)[ ]*(?:\d+(?:\.\d+)?[ ]*(?:mg|mcg|ml|g|micrograms?)\b|(?:tablets?|pills?|capsules?|injections?|jabs?|cream|"
    r"gel|patch|patches|dose|doses|prescription|side[ -]effects?|withdrawals?|mg)\b"
    # what only a medicine does or is ("Seroxat made me feel", "Imodium helped her nausea", "Zofran could affect",
    # "Ambien is safe in pregnancy", "Lyrica was the only thing that helped")
    r"|(?:made|makes|make)[ ]+(?:me|her|him|them|baby)[ ]+(?:feel|sleepy|drowsy|dizzy|sick|tired)|"
    r"(?:helped|helps)[ ]+(?:my|her|his|with|the)\b|(?:could|can|would|may|might)[ ]+affect\b|"
    r"(?:is|was|isn't|wasn't|are)[ ]+(?:safe|not[ ]+safe|the[ ]+only[ ]+thing)\b|(?:didn't|did[ ]+not|doesn't)[ ]+work\b)"
)
#: The stems of international non-proprietary names (WHO): a generic medicine, said anywhere.
_GENERIC_STEM = re.compile(
    r"(?i)(?:azepam|azolam|iclone|idone|pine|pramine|triptyline|oxetine|aline|afaxine|azodone|apine|peridol|olol|"
    r"dipine|pril|sartan|statin|prazole|tidine|setron|parin|mab|nib|vir|cillin|mycin|cycline|floxacin|azole|"
    r"profen|fenac|coxib|codone|morphine|caine|thiazide|semide|gliptin|glitazone|formin|olone|asone|sone|ide|"
    r"amide|ine|ate)$"
)
#: Rules 48: a medicine beside another ("Risperidone, Citalopram and Clonazepam", "from Doublebase to Seroxat", "said
#: zofran instead of entonox").
_JOINER = (
    r"(?:[ ]*,[ ]*|[ ]+(?:and|or|&|to|instead[ ]+of|rather[ ]+than|not|vs|versus)(?:[ ]+then)?[ ]+|[ ]*/[ ]*)"
)
_LIST_BEFORE = re.compile(rf"([A-Za-z][\w-]*){_JOINER}$")
_LIST_AFTER = re.compile(rf"{_JOINER}([A-Za-z][\w-]*)")


def _medicine(word: str, lists: Lists) -> bool:
    w = fold_word(word)
    if w in lists.medicines:
        return True
    if len(w) < 7 or not w.isalpha() or w in lists.names or w in lists.ons:
        return False
    return any(
        m[0] == w[0] and abs(len(m) - len(w)) <= 1 and edit_distance(m, w) <= 1
        for m in _medicines_by_start(lists.medicines, w[:2])
    )


@functools.lru_cache(maxsize=4096)
def _medicines_by_start(medicines: frozenset[str], start: str) -> tuple[str, ...]:
    """The one-word medicines of 6 letters or more that open with `start` (a typo's candidates)."""
    return tuple(m for m in medicines if m[:2] == start and len(m) >= 6 and m.isalpha())


def said_as_medicine(text: str, f: Finding, lists: Lists) -> bool:
    """A one-word person finding that is a medicine said as one (module docstring: `medicines`)."""
    if f.entity != "PERSON" or f.source.endswith(":deny-list"):
        return False
    word = text[f.start : f.end]
    if not re.fullmatch(r"[A-Za-z][A-Za-z-]+", word) or not _medicine(word, lists):
        return False
    if len(word) >= 8 and _GENERIC_STEM.search(word) and fold_word(word) in lists.medicines:
        return True  # "zopiclone", "domperidone": a generic's stem is no given name (the name lists are left out)
    if word.lower().startswith("co-") and fold_word(word) in lists.medicines:
        return True  # rules 56 (blind63): "Co-amoxiclav", "co-codamol": a compound's "co-" is no name's
    before = text[max(0, f.start - 40) : f.start]
    if _MEDICINE_BEFORE.search(before) or _MEDICINE_AFTER.match(text, f.end):
        return True
    prev, nxt = _LIST_BEFORE.search(before), _LIST_AFTER.match(text, f.end)
    return any(m is not None and _medicine(m.group(1), lists) for m in (prev, nxt))


#: Rules 48: words for who someone is, never a name when a finding is only the word ("Me and Mummy", "Parent said").
_KIN_WORDS = frozenset(("mummy", "daddy", "parent", "carer", "grandparent"))


def without_kin_words(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """`found` without the person findings that are only a word of `_KIN_WORDS` (a display name holding one, "Sarah
    Jones Mummy Of Olivia", is more than the word and stays)."""
    return [f for f in found if not (f.entity == "PERSON" and fold_word(text[f.start : f.end]) in _KIN_WORDS)]


def without_medicines(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """`found` without the medicines said as ones (`said_as_medicine`)."""
    if not lists.medicines or not any(f.entity == "PERSON" for f in found):
        return found
    return [f for f in found if not said_as_medicine(text, f, lists)]


#: The guards that read only a text, its findings and the lists, in the order `Anonymiser._final_guards` runs them
#: (after `hashtags`, which reads the dictionary too); each is the switch of its name.
#: Rules 53 (found writing rules 53's tests: "hope had gone by the third day", "patience has run out with the phone
#: line" lost both words to the note-opening rule): what is said of a feeling running out, not of a woman.
_SPENT = re.compile(
    r"[ ]+(?:(?:had|has)[ ]+(?:been[ ]+(?:lost|tested|stretched)|gone|run|worn|faded|vanished|dwindled|died|left[ ]+me)"
    r"|(?:is|was)[ ]+(?:running|wearing|fading|gone|lost|thin))\b"
)


#: Rules 54 (blind60, a tuning writer: "every baby is precious, Precious said"): a word said of something after "is",
#: "so" or "very" and before the clause ends (`_SAID_OF_AFTER`); never after "her name is" or "called".
_SAID_OF_BEFORE = re.compile(r"\b(?:is|was|are|were|so|very|too|really)[ ]+$")
_NAMED_BEFORE = re.compile(
    r"(?i)\b(?:name|names|called|named|call|calls|nickname)[ ]+(?:is[ ]+|was[ ]+)?(?:\w+[ ]+)?$"
)
_SAID_OF_AFTER = re.compile(r"[ ]*(?:[,.;!?]|$|[ ](?:and|but|to|for)\b)")
#: Names that are words said of something ("is precious", "so lucky"); not "dad is trent", a name that is no such word.
_SAID_OF_WORDS = frozenset(
    (
        "precious", "blessed", "lucky", "sunny", "gifted", "sweet", "brave", "calm", "happy", "merry", "honest", "true",
        "noble", "bright", "fair", "lovely", "gorgeous", "divine", "serene", "tender", "glad", "faithful", "patient",
        "bonny", "pretty", "golden", "free", "worthy", "marvellous", "loyal", "modest", "gentle", "stormy", "misty",
    )
)  # fmt: skip


def without_spent_words(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """Rules 53: a one-word person finding in lower case that is an everyday word the lists give as a name (`common`,
    `word_names`), before what is said of a feeling running out (`_SPENT`: "hope had gone", "patience has run out",
    "faith was wearing thin"), is the word; a name written with its capital ("Hope has gone home") stays a name.
    Rules 54: so is such a word said of something ("every baby is precious, Precious said"; not "her name is
    precious")."""
    out = []
    for f in found:
        word = text[f.start : f.end]
        before = text[max(0, f.start - 30) : f.start]
        if (
            f.entity == "PERSON"
            and word.isalpha()
            and word.islower()
            and (word in lists.common or word in lists.word_names)
            and not f.source.endswith(":deny-list")
            and (
                _SPENT.match(text, f.end)
                or (
                    word in _SAID_OF_WORDS
                    and _SAID_OF_BEFORE.search(before)
                    and not _NAMED_BEFORE.search(before)
                    and _SAID_OF_AFTER.match(text, f.end)
                )
            )
        ):
            continue
        out.append(f)
    return out


#: Rules 54 (the keep-side review: "a Sgt Major now", "holds Lt Col rank"): a person finding made of ranks alone.
_RANK_ONLY = re.compile(
    r"(?i)(?:(?:sgt|sergeant|cpl|corporal|lcpl|capt|captain|maj|major|lt|lieutenant|col|colonel|gen|general|brig|"
    r"brigadier|cdr|commander|pte|private|wo[12]?|staff|lance|flight|squadron|wing)[ .]*){2,}"
)


def without_rank_words(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """Rules 54: a person finding of two or more service ranks only ("Sgt Major", "Lt Col") is a rank; a name beside
    one stays, and so does one word alone ("Major", "Lance", "Wing" are given names too)."""
    return [f for f in found if not (f.entity == "PERSON" and _RANK_ONLY.fullmatch(text[f.start : f.end]))]


LIST_GUARDS = (
    ("room_names", without_room_names),
    ("place_typos", without_place_typos),
    ("saint_places", without_saints),
    ("located_places", without_located_places),
    ("place_repeats", without_place_repeats),  # rules 52
    ("medicines", without_medicines),
    ("kin_words", without_kin_words),
    ("spent_words", without_spent_words),  # rules 53
    ("rank_words", without_rank_words),  # rules 54
)
