"""Rules 32: user names and gamer tags as written in chat logs, as pure functions over text.

Steps after the tagger (`underscore_handles`, `user_handles`), read from blind29 (a tuning writer: a maternity
charity's web live-chat transcripts among five other voices; scored once as new, then read). The held-out sets
stay unread. Before rules 32 only an "@" or an app's name made a handle ("@keeks.and.baby", "kaz_88 on insta"):
a chat tool's user name stood bare, and the names inside it were cut out piece by piece
("xX_[SOCIAL MEDIA]_[SOCIAL MEDIA]", "honeybee_[SOCIAL MEDIA]").

- `underscore_spans`: a word joined by underscores anywhere ("toxic_waifu_777", "mama_mpho", "xX_SnipeQueen_Xx");
  never inside an e-mail address or a web address, and never only digits and capitals ("IMG_2034", "Q3_2024").
- `user_handle_spans`: a user name after "user", "username", "handle", "gamertag" or "chatting to", shaped like
  one: letters and digits mixed ("sweetpea2k19", "BrokenBiscuit88", "d4rthMummy", "xXD4RKANG3LXx") or pieces
  joined by dots ("owl.mum.3am", "kayleigh.b.x"); an ordinary word after "user" is not taken ("user said").
  Rules 39 (blind43, a tuning writer's forum threads): `joined_handle_spans`, words joined with capitals and a number
  after them anywhere, with no cue, when one is a name, a Kent place or a mum's word ("DartfordDaisy82", "OP is
  GravesendMummy2019", "u/SwanleyMama91"; not "NovoMix30", "SharePoint2019", "MothersDay2024").

Rules 33 (`page_names`): written from the tuning sets' leaks (blind25, blind27, blind29), then checked and widened
on blind31 (a tuning writer commissioned for these kinds: posts copied from local Facebook mums' groups, a
small-business mums' network; scored once as new, then read).

- `page_name_spans`: a Facebook or shop page's name, or a group's, that carries a person found in the note ("Nails
  by [Kasia] Dartford", "[Adebayo]'s Hair & Braids Gravesend", "Dartford Mums Unite (admin [Leah] Q)") is removed
  whole: the rest of it finds her as surely as her name. The name is a run of capitalised words (joined by "&",
  "and", "by", "with", "of", "the", "for", "'s"; "in Swanley" after a shop's name is where it is) of three words
  or more around the person, with a bracket after it holding a person or a name and an initial; a page's cue must
  be near ("Facebook", "fb", "page", "group", "Insta", "shop", "Etsy", "TikTok" before it, or "Facebook" after
  it); a run holding a service's noun ("Hospital", "Ward", "Clinic") is no page.
- `display_name_spans`: a Facebook display name around a person found, in a note that copies posts ("Kerry-Ann
  Proud Mum Of 4", "Funke Adebanjo (Mum of 3)", "Amira Said Mummy2Be", "Gemma Lou xx", "Mama Bear Tash", "Mummy Of
  Maple", "Mama Tash"), is one detail with its tail or head; "her mum Sarah" keeps its relation (a head is only
  "Mama Bear", "Mummy Of", "Mama" or "Mumma" written with capitals).

Rules 37 (`group_names`, from blind37's and blind39's Facebook group names; two reviews): `group_name_spans`, a local
online group's name with no person in it ("Swanley Mums Chat", "Northfleet and Gravesend Mums") as [SOCIAL MEDIA].
Rules 38 (blind41, a tuning writer): a name in quotes after its kind ('WhatsApp community "Greenhithe Mamas"'), before
"(WhatsApp)", "[FB]" or "- WhatsApp group", after "added in", and a second own word after "&" or "and" ("Swanley Bumps
Swap & Sell"; never a place or a given name).
Rules 58 (the tuning writers' half-removed pages, blind67): the owner's bracket may hold a full name after "admin", two
admins or a full name alone, and the owner may follow a dash ("Kent Kurdish Women (admin [NAME])", "NNU Dads - admin
[NAME]"); beside an owner a page's name may hold a group's people word and an acronym; "(her class page)" after the run
is a strong cue. `emoji_name_spans`: a display name with an emoji between its words ("Harmony 🌻 [Dale]").
`handle_owners`: her short name in lower case, which her handle or e-mail in the note begins with ("tay's ... @taylor").

All run after every other step (`Anonymiser._final_guards`), so the rule findings the tagger's features read are
unchanged and the shipped model stays its training script's output. A handle takes the place of the names found
inside it (`resolve_overlaps`: SOCIAL_MEDIA ranks before PERSON).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import CONTEXT_WORDS, FORM_WORDS, LABELS, PLACE_NOUNS, RELATIONS, ROLES
from insights.quotes.lexicon import (
    OPENING_ZIPF,
    Finding,
    SpanIndex,
    fold_word,
    resolve_overlaps,
    title_case_note,
)
from insights.quotes.plain_guards import CALENDAR
from insights.quotes.record_slots import in_capitals

#: Switches of `anonymise.SWITCHES`.
STEPS = ("underscore_handles", "user_handles", "page_names", "group_names")

_UNDERSCORE = re.compile(
    r"(?:(?<=\bu/)|(?<![\w@./:#=?&-]))([A-Za-z0-9][A-Za-z0-9.]*(?:_+[A-Za-z0-9][A-Za-z0-9.]*)+_*)(?![\w@/-])"
)
_CUE = re.compile(
    r"(?i)\b(?:user(?:[ ]?name)?|(?:her|his|my|their|the)[ ]+handle|handle(?=[ ]*[:=]|[ ]+is\b)|gamer[ ]?tag|"
    r"chatting[ ](?:to|with))(?:[ ]+is)?(?:[ ]*[:=-][ ]*|[ ]+)"
    r"([A-Za-z0-9][A-Za-z0-9._]{2,40}[A-Za-z0-9])(?![\w@-])"
)
_CAMEL_OR_MIXED = re.compile(r"[a-z]{2,}[A-Z]|[A-Za-z]\d+[A-Za-z]|[A-Za-z]{3,}\d{2,}$|\d[A-Za-z]{3,}")
#: Rules 39 (blind43, a tuning writer's forum threads): a forum's user name anywhere, two to four words joined with
#: capitals and a number after them ("DartfordDaisy82", "GravesendMummy2019", "mummyOfTwo22"), after "u/" too; no cue
#: is needed when one of its words is a name, a Kent place or a mum's word (`joined_handle_spans`).
_JOINED_HANDLE = re.compile(
    r"(?:(?<=\bu/)|(?<![\w@./:#=?&-]))((?:[A-Z][a-z]+|[a-z]{2,})(?:[A-Z][a-z]+){1,3}\d{2,4})(?![\w@/-])"
)
#: Rules 39 (the keep-side review: "NovoMix30", "SharePoint2019", "BabyShow2024", "MothersDay2024" are products and
#: events): one of its words must be a given name of four letters or more, a Kent place's or a word a mum's user name is
#: made of (not a family name: "Power", "Show", "Centre" are some).
_HANDLE_WORDS = frozenset(
    "mum mummy mumma mama mam mamma nana nan nanny gran granny girl gal lady queen princess daddy dad boy babe hun "  # noqa: SIM905
    "mrs miss".split()
)
#: Rules 41: an "@" typed with a space after it ("on tiktok @ mamaof3.kent"): a user name when it starts with a letter
#: and holds a dot, an underscore or a digit after a letter.
_SPACED_AT = re.compile(r"(?<![\w@.])@[ ]([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)")
#: Rules 41: a user name in lower case run together with a number after it ("Kentmumlife89", "swanleymama2021"): its
#: letters are no English word and begin or end with a Kent place's name or hold a mum's word.
_RUN_HANDLE = re.compile(r"(?<![\w@./:#=?&-])([A-Za-z][a-z]{5,30}\d{2,4})(?![\w@/-])")
_NOT_RUN_HANDLE = re.compile(
    r"mumsnet|netmums|online|fest|conference|fair|sale|utd|guid|recipe|day|run|pride|week"
)
_RUN_WORDS = (
    "mum",
    "mummy",
    "mumma",
    "mama",
    "mamma",
    "nana",
    "girl",
    "lady",
    "queen",
    "princess",
    "babe",
    "daddy",
)
_DOTTED = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+){1,4}")
#: A dotted word that is a web address or a file, not a user name.
_NOT_DOTTED = re.compile(r"(?i).*\.(?:com|co|uk|org|net|gov|nhs|pdf|docx?|xlsx?|jpe?g|png)$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a sentence's full stop at its end ("... user owl.mum.3am.")."""
    while end > start and text[end - 1] == ".":
        end -= 1
    return start, end


def underscore_spans(text: str) -> list[tuple[int, int]]:
    """Words joined by underscores (module docstring)."""
    if "_" not in text:
        return []
    out = []
    for m in _UNDERSCORE.finditer(text):
        word = m.group(1)
        if not re.search(r"[a-z]", word) or sum(c.isalpha() for c in word) < 3:
            continue  # "IMG_2034", "Q3_2024", "A_1"
        out.append(_trim(text, m.start(1), m.end(1)))
    return out


def user_handle_spans(text: str) -> list[tuple[int, int]]:
    """User names after a user name's cue (module docstring)."""
    out = []
    for m in _CUE.finditer(text):
        start, end = _trim(text, m.start(1), m.end(1))
        word = text[start:end]
        if "_" in word:
            out.append((start, end))
        elif "." in word:
            if _DOTTED.fullmatch(word) and not _NOT_DOTTED.match(word) and len(word) >= 6:
                out.append((start, end))
        elif _CAMEL_OR_MIXED.search(word) and sum(c.isalpha() for c in word) >= 4:
            out.append((start, end))
    return out


#: Rules 44 (blind47, a tuning writer: "Instagram at meera underscore mistry underscore bakes"): a user name read out,
#: its pieces joined by "underscore" or "dot", after an app's or a handle's word; never an e-mail said out ("... at
#: hotmail dot com": `spoken_shapes`).
_SPOKEN_HANDLE = re.compile(
    r"(?i)\b(?:insta(?:gram)?|ig|tik[ ]?tok|snap(?:chat)?|twitter|threads|handle|user[ ]?name)"
    r"(?:[ ]+(?:is|name|handle|account|acc|page))*[ ]*[:-]?[ ]+(?:at[ ]+|@[ ]*)?"
    r"(?P<handle>[a-z0-9]+(?:[ ]+(?:underscore|dot)[ ]+[a-z0-9]+)+)"
)


def spoken_handle_spans(text: str) -> list[tuple[int, int]]:
    """A user name read out after its app's word (`_SPOKEN_HANDLE`), with the "at" before it."""
    out = []
    for m in _SPOKEN_HANDLE.finditer(text):
        if re.match(r"[ ]+at[ ]+\w", text[m.end() :]):
            continue  # "ravi underscore nijjar at hotmail dot com": an e-mail
        if not re.search(r"[a-z]", re.sub(r"\b(?:underscore|dot)\b", "", m.group("handle"))):
            continue  # "Instagram at 7 dot 30 tonight", "couldn't handle 2 dot 5 kg": a time or a number
        start = m.start("handle")
        at = re.search(r"(?:\bat[ ]+|@[ ]*)$", text[max(0, start - 4) : start])
        out.append((start - len(at.group()) if at else start, m.end()))
    return out


def spaced_at_spans(text: str) -> list[tuple[int, int]]:
    """Rules 41: a user name after an "@" and a space (`_SPACED_AT`), the "@" inside the span."""
    out = []
    for m in _SPACED_AT.finditer(text):
        start, end = _trim(text, m.start(), m.end(1))
        name = text[m.start(1) : end]
        # the keep-side review: never a time, a gestation or a measure ("@ 10am", "@ 39wks"), nor a plain word
        if len(name) >= 3 and name[0].isalpha() and re.search(r"[._]|[a-z]\d", name, re.IGNORECASE):
            out.append((start, end))
    return out


#: Rules 41 (blind45): a user name of words joined by dots, typed or said ("rupa.bakes.gravesend", "rupa dot bakes dot
#: gravesend"), a little after an app's name ("tag her on insta ... rupa dot bakes dot gravesend").
_DOTTED_NAME = re.compile(
    r"(?<![\w@./:#-])([a-z][a-z0-9_]*(?:(?:\.|[ ]dot[ ])[a-z0-9_]+){1,4})(?![\w@/-]|[ ](?:at|@)[ ]|\.\w)"
)
_APP_NEAR = re.compile(
    r"(?i)\b(?:insta(?:gram)?|ig|tiktok|tik[ ]tok|snap(?:chat)?|twitter|threads|handle|username)\b"
)


def app_dotted_spans(text: str) -> list[tuple[int, int]]:
    """Rules 41: words joined by dots, or by a said "dot", within 120 characters after an app's name (`_DOTTED_NAME`)."""
    if not _APP_NEAR.search(text):
        return []
    out = []
    for m in _DOTTED_NAME.finditer(text):
        piece = m.group(1)
        parts = re.split(r"\.|[ ]dot[ ]", piece)
        if (
            len(parts) < 3
            and not re.search(r"[\d_]", piece)  # the keep-side review: "tiktok.honestly", "polka dot"
            or _NOT_DOTTED.match(piece.replace(" dot ", "."))
            or sum(len(x) >= 3 for x in parts) < 2
            or any(x in STOP_WORDS for x in parts)  # "on insta she said the dot was a typo"
            or not _APP_NEAR.search(text, max(0, m.start() - 120), m.start())
        ):
            continue
        out.append(_trim(text, m.start(1), m.end(1)))
    return out


def run_handle_spans(text: str, lists, lexicon) -> list[tuple[int, int]]:
    """Rules 41: a lower-case user name run together with a number (`_RUN_HANDLE`)."""
    out = []
    for m in _RUN_HANDLE.finditer(text):
        letters = m.group(1).rstrip("0123456789").lower()
        year = re.fullmatch(r"(?:19|20)\d\d", m.group(1)[len(letters) :])
        if letters in lexicon or letters in lists.local or _NOT_RUN_HANDLE.search(letters):
            continue
        if year and not _APP_NEAR.search(text, max(0, m.start() - 40), m.start()):
            continue  # the keep-side review: "kentmums2024 thread", "swanleyfestival2024": a site's or an event's year
        if any(w in letters for w in _RUN_WORDS) or any(
            letters[:k] in lists.local or letters[-k:] in lists.local for k in range(4, len(letters) - 2)
        ):
            out.append(m.span(1))
    return out


def _rare_name(w: str, lists, lexicon) -> bool:
    """A word name rare as a word ("Daisy"; not "Power", Zipf 5)."""
    return w in lists.word_names and lexicon.frequency.get(w, 0.0) < OPENING_ZIPF


def joined_handle_spans(text: str, lists, lexicon) -> list[tuple[int, int]]:
    """Rules 39: words joined with capitals and a number after them, one a name, a Kent place or a mum's word (module
    docstring)."""
    out = []
    for m in _JOINED_HANDLE.finditer(text):
        words = [fold_word(w) for w in re.findall(r"[A-Za-z][a-z]{2,}", m.group(1))]
        if len(words) >= 2 and any(  # two words of three letters: not "CovId19"
            w in _HANDLE_WORDS
            or (
                w in lists.local and w not in lexicon
            )  # "Dartford"; not "Baby", "Centre": local services' words
            or (
                len(w) > 3
                and (w in lists.first_names or w in lists.nicknames or _rare_name(w, lists, lexicon))
            )
            for w in words
        ):
            out.append(m.span(1))
    return out


#: Rules 33: a page's cue right before its name ("Facebook: ", "fb group - ", "insta page is "), or after it ("on
#: Facebook"). A weak cue: a name after it must hold no keep, care, role, place or stop word.
_PAGE_BEFORE = re.compile(
    r"(?i)\b(?:facebook|fb|insta(?:gram)?|tiktok|etsy)(?:[ ]+(?:page|group|shop|name|account))?"
    r"(?:[ ]+(?:is|was|as|called))?[ ]*[:,\-–]?[ ]*[\"“']?$"
)
#: Words of a sentence about people, never of a page's name ("Midwife", "Mum", "Nan").
_PERSON_WORDS = ROLES | RELATIONS
#: A page's cue anywhere near a name in quotes or with an owner's bracket.
_PAGE_NEAR = re.compile(
    r"(?i)\b(?:facebook|fb|insta(?:gram)?|tiktok|etsy|page|group|shop|whatsapp|admins?)\b"
)
_PAGE_AFTER = re.compile(r"(?i)[\"”']?[ ]*(?:(?:on|via)[ ]+)?(?:facebook|fb|insta(?:gram)?|tiktok|etsy)\b")
#: Rules 58: the page named in a bracket right after the name ("(fb page)", "(her class page)", "(business page, ...").
_PAGE_BRACKET = re.compile(
    r"[ ]\((?:(?:her|his|their|the|a)[ ]+)?(?:[a-z]+[ ]+)?(?:fb|facebook|business)?[ ]?page\b"
)
_QUOTED = re.compile(
    r'“([^”\n]{3,80})”|"([^"\n]{3,80})"|‘(.{3,80}?)’(?!\w)|(?<!\w)\'([^\'\n]{3,80}?)\'(?!\w)'
)
_JOINER = frozenset(["&", "by", "with", "of", "the", "for", "n"])
#: Rules 58: a group's plural people words, which a page's name may hold beside its owner's bracket ("Gravesend Sikh
#: Mums (Pinky S)"); without that strong sign they still end the run ("Thank You To Sarah And All The Mums").
_GROUP_PEOPLE = frozenset(
    "mums mummies mamas moms dads parents women ladies mothers baby babies families".split()  # noqa: SIM905
)
#: A word of a page's name: capitalised, not in capitals ("SARAH SAID THE MIDWIFE ..." is a note in capitals).
_NAME_WORD = r"[A-Z](?:[a-z][\w'’-]*|\.?)"
_RUN_WORD = re.compile(rf"[ ]+({_NAME_WORD}|&|by|with|of|the|for|n|[A-Z]{{2,4}})(?=[\s,.;:!?)\"”'’]|$)")
_RUN_WORD_BEFORE = re.compile(
    rf"(?:^|(?<=[\s(\"“'‘]))({_NAME_WORD}|&|by|with|of|the|for|n|[A-Z]{{2,4}})[ ]+$"
)
#: At most this many words on each side of the person (a page's name is short; a long run is a sentence).
_MAX_SIDE = 5
#: An owner's bracket after a page's name: an admin or a runner named, or a name and an initial ("(admin Leah Q)",
#: "(run by Nicola)", "(Jess L)"); a name alone ("Dartford Baby Bank (Sarah)") is a contact at a service.
_A_WORD = re.compile(r"[^\W\d_][\w'’]*")
#: Rules 58: a full name after the admin's word, two admins, and a full name alone ("(admin Nesrin Ekinci)", "(Roxana
#: Tudose)"); "- admin Matt Coleman" after the name (`_OWNER_DASH`).
_OWNER_NAME = r"[A-Z][\w'’-]*(?:[ ][A-Z](?:\.|[a-z][\w'’-]*)?)?"
_OWNER_BRACKET = re.compile(
    rf"[ ]\((?:(?:admins?|run[ ]by|owner|admin[ ]is)[ ]+{_OWNER_NAME}(?:[ ]&[ ]{_OWNER_NAME})?"
    r"|[A-Z][a-z][\w'’-]*[ ][A-Z]\.?|(?P<full>[A-Z][a-z][\w'’-]*[ ][A-Z][a-z][\w'’-]+))\)"
)
_OWNER_DASH = re.compile(r"[-–][ ]+(?:admins?|run[ ]by|owner)[ ]+$")
#: A run holding one of these names a service or a place where a person works, not her page ("Darent Valley
#: Hospital (Sarah)"): the names in it are cut out alone.
_SERVICE_NOUNS = frozenset(
    [
        "hospital",
        "ward",
        "unit",
        "centre",
        "center",
        "clinic",
        "surgery",
        "practice",
        "trust",
        "nhs",
        "suite",
        "team",
        "service",
        "services",
        "hub",
        "library",
        "school",
        "church",
        "mosque",
        "gurdwara",
        "temple",
        "council",
        "pharmacy",
        "hospice",
        "nursery",
        "college",
        "university",
        "police",
        "maternity",
        "health",
        "bank",
        "start",
        "aid",
        "network",
        "support",
        "feeding",
        "lead",
        "visiting",
        "partnership",
        "advice",
        "foodbank",
        "refuge",
    ]  # noqa: SIM905
)


def _run(text: str, f: Finding, people: SpanIndex) -> tuple[int, int, int, bool]:
    """The run of a page's name around the person `f`: (start, end, words that are not joiners, an owner's bracket:
    "admin Leah Q", "(Jess L)")."""
    start, end, words, owner = f.start, f.end, 1, False
    inside = text.rfind("(", max(0, start - 14), start)
    bracket = _OWNER_BRACKET.match(text, inside - 1) if inside > 0 and text[inside - 1] == " " else None
    dash = _OWNER_DASH.search(text, max(0, start - 16), start)
    if bracket and bracket.end() >= end:
        start, end, words, owner = inside, bracket.end(), 0, True  # "Dartford Mums Unite (admin [Leah] Q)"
    elif dash and text[dash.start() - 1 : dash.start()] == " ":
        start, words, owner = dash.start(), 0, True  # "Darent Valley NNU Dads - admin [Matt Coleman]"
    if re.match(r"['’]s[ ]", text[end : end + 3]):
        end += 2  # "[Adebayo]'s Hair & Braids"
    for _ in range(_MAX_SIDE):
        m = _RUN_WORD_BEFORE.search(text, max(0, start - 30), start)
        if not m:
            break
        start, words = m.start(1), words + (m.group(1) not in _JOINER)
    for _ in range(_MAX_SIDE):
        m = _RUN_WORD.match(text, end)
        if not m or _PAGE_AFTER.match(m.group(1)):
            break  # "... Collective (Jess L) Facebook": the cue is no part of the name
        end, words = m.end(1), words + (m.group(1) not in _JOINER)
    while start < end and (text[start : start + 1].islower() or text[start : start + 1] == "&"):
        nxt = text.find(" ", start)
        start = nxt + 1 if 0 <= nxt < end else end
    while end > start and text[end - 1] in "'’":
        end -= 1  # a closing quote after the name: "‘... Gravesend’"
    while end > start and text[:end].rsplit(" ", 1)[-1] in _JOINER:
        end = text.rfind(" ", start, end)
    bracket = _OWNER_BRACKET.match(text, end)
    if bracket and not _not_owner(text, people, start, bracket):
        end, words, owner = bracket.end(), words + 1, True
    inside = text.rfind(" (", start, end)
    if owner and inside > start and _not_owner(text, people, start, _OWNER_BRACKET.match(text, inside)):
        return f.start, f.end, 1, False
    return start, end, words, owner


def _not_owner(text: str, people: SpanIndex, start: int, bracket: re.Match | None) -> bool:
    """Rules 58: whether a full name alone in brackets after a run from `start` is no owner of a page: no person found
    in it ("Facilitator [NAME] (Dads Matter)"), or her own name again ("Ate [Joy] ([Joy] Manalo)")."""
    if bracket is None or not bracket.group("full"):
        return False
    first = bracket.group("full").split(" ", 1)[0]
    return (
        not people.overlaps(*bracket.span("full"))
        or re.search(rf"\b{re.escape(first)}\b", text[start : bracket.start()]) is not None
    )


def page_name_spans(
    text: str, found: list[Finding], never: Callable[[str], bool] = lambda _w: False
) -> list[tuple[int, int]]:
    """Page, shop and group names that carry a person found in the note (module docstring); `never` says which
    words (keep, care, role, place, stop) a name after a weak cue may not hold."""
    if in_capitals(text) or title_case_note(text):
        return []  # a note in capitals or in Title Case: every word would join a run
    found_people = [f for f in found if f.entity == "PERSON"]
    people = SpanIndex((f.start, f.end) for f in found_people)
    quoted = SpanIndex(next(m.span(g) for g in (1, 2, 3, 4) if m.group(g)) for m in _QUOTED.finditer(text))
    out: list[tuple[int, int]] = []
    for f in found_people:
        if out and out[-1][0] <= f.start < out[-1][1]:
            continue  # inside the page found for the person before
        start, end, words, owner = _run(text, f, people)
        # rules 58: the page named in a bracket after it ("[Ruth Ellery] Baby Massage Gravesend (her class page)")
        paged = _PAGE_BRACKET.match(text, end)
        if words < (2 if paged else 3) or start >= end:
            continue
        words_at = [(m.group(), m.span()) for m in _A_WORD.finditer(text, start, end)]
        if any(w.lower() in _SERVICE_NOUNS for w, _ in words_at):
            continue  # "Darent Valley Hospital (Sarah)": a service's name
        others = [w for w, at in words_at if not people.overlaps(*at)]
        if any(
            fold_word(w) in STOP_WORDS
            and w not in _JOINER
            or fold_word(w) in _PERSON_WORDS
            and not (owner and w.lower() in _GROUP_PEOPLE)
            for w in others
        ):
            continue  # "Massive Thank You To [Sarah] And All The Midwives": a sentence, not a name
        # a strong sign (an owner's bracket, a page's bracket, quotes) and a cue near
        if owner or paged or quoted.contains(start, end):
            if _PAGE_NEAR.search(text, max(0, start - 60), min(len(text), end + 30)):
                out.append((start, end))
        elif (
            _PAGE_BEFORE.search(text, max(0, start - 40), start) or _PAGE_AFTER.match(text, end)
        ) and not any(never(w) for w in others):
            out.append((start, end))
    return out


#: Rules 33: a note that copies posts from social media.
_POSTS_CUE = re.compile(
    r"(?i)\b(?:facebook|fb|posts?|posted|comments?|commented|profile|dm|replied|reply|whatsapp|insta(?:gram)?|"
    r"tiktok|screenshot)\b|^\S+,[ ]\d{1,2}:\d{2}[ ]-[ ]"  # rules 41: a WhatsApp export's line ("12/03/2025, 09:04 - ")
)
_MUM_WORD = r"(?:Mum|Mummy|Mumma|Mama|Mam|Mom|Mommy|Nanny|Nana)"
_HOW_MANY = r"(?:\d{1,2}|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|ONE|TWO|THREE|FOUR|FIVE)"
#: A display name's tail: "Proud Mum Of 4", "Mum of 2 boys", "Mummy2Be", "(Mum of 3)", "(Mummy of 2 boys)", "xx";
#: the mother's word capitalised and a count after "of"/"to" ("whatsapp Priya mum to ring back" is no tail).
_DISPLAY_TAIL = re.compile(
    rf"(?:[ ]+(?:Proud|Busy|Tired|Happy|Lucky))?[ ]+{_MUM_WORD}[ -]?(?i:of|to)[ -]?{_HOW_MANY}"
    r"(?:[ ]+(?i:boys?|girls?|kids|babies))?(?![\w'’-])"
    rf"|[ ]+{_MUM_WORD}2[Bb]e\b|[ ]?\((?i:mum|mummy|mumma|mama)[ ]+(?i:of|to)[ ]+{_HOW_MANY}"
    r"(?:[ ]+(?i:boys?|girls?|kids|babies))?\)|[ ]+x{1,3}(?![\w'’-])"
    rf"|[ ]+{_MUM_WORD}[ ]+Life\b|(?P<year>[ ]+(?:19|20)?\d{{2}}(?=[ ]*(?:[;!?)]|\.(?!\d)|$)))"  # rules 36: "Mo Mum Life", "Louise Carter 84"
)
#: Rules 36: a display name's count after a mother's word the person found ends with ("[Becca Mumma] of 2").
_COUNT_AFTER = re.compile(
    rf"[ -]?(?i:of|to)[ -]?{_HOW_MANY}(?:[ ]+(?i:boys?|girls?|kids|babies))?(?![\w'’-])"
)
_ENDS_MUM = re.compile(rf"[ ]{_MUM_WORD}$")
#: A display name's head: "Mama Bear Tash", "Mummy Of Maple" ("Mama Ngozi" is a grandmother's title: kept).
_DISPLAY_HEAD = re.compile(r"(?:Mama|Mummy|Mumma|Mum)[ ]+(?:Bear|Of)[ ]+$")
_MAMA_BEFORE = re.compile(r"(?:Mama|Mummy|Mumma|Mum)[ ]+$")


def display_name_spans(text: str, found: list[Finding]) -> list[tuple[int, int]]:
    """Facebook display names around a person found, in a note that copies posts (module docstring)."""
    if not _POSTS_CUE.search(text):
        return []
    out = []
    for f in found:
        if f.entity != "PERSON":
            continue
        tail = _DISPLAY_TAIL.match(text, f.end)
        if tail is not None and tail.group("year") and " " not in text[f.start : f.end]:
            tail = None  # review: "Kayleigh 19, first baby": a first name's number is her age, a full name's a tag
        if tail is None and _ENDS_MUM.search(text, f.start, f.end):
            tail = _COUNT_AFTER.match(text, f.end)
        head = _DISPLAY_HEAD.search(text, max(0, f.start - 12), f.start)
        if not head and text[f.start : f.end].startswith(("Bear ", "Of ")):
            head = _MAMA_BEFORE.search(text, max(0, f.start - 8), f.start)  # "Mama [Bear Tash]"
        if tail or head:
            out.append((head.start() if head else f.start, tail.end() if tail else f.end))
    return out


#: Rules 37: the members' word of a local online group's name ("Swanley Mums Chat", "Kent Rainbow Babies"); an
#: apostrophe after it that no letter follows ("Swanley Mums'") is no part of it.
_MEMBERS = re.compile(
    r"(?<![\w'’-])(?:Mums|Mummies|Mummys|Mams|Mamas|Moms|Mamy|Dads|Parents|Families|Babies|Bumps)(?![\w-])(?!['’]\w)"
)
#: The capitalised words before it, places joined by "&" or "and" among them ("Northfleet and Gravesend").
_GROUP_HEAD = re.compile(r"(?:(?<=^)|(?<=[\s(\"“'‘]))((?:[A-Z][a-z]+[ ](?:(?:&|and)[ ])?){1,4})$")
#: Its own words after it: "Chat", "Network", "Admin Team", "& Bumps", "to Babies" (after "&", "and" or "to" only a
#: members' word: "Hextable Mums and Kent Rainbow Babies" are two groups).
_GROUP_TAIL = re.compile(
    r"['’]?[ ](?:(?:&|and|to)[ ](?=(?:Mums|Mummies|Mamas|Dads|Daddies|Parents|Families|Babies|Bumps|Tots)\b))?"
    r"([A-Z][a-z]+)(?=[\s,.;:!?)\"”'’]|$)"
)
#: Rules 37 (the keep-side review): own words that make a service, a class or an event, not an online group ("Ebbsfleet
#: Families Hub", "Meopham Mums Choir", "Gravesend Mums and Tots", "Kent Mums Matter").
_NOT_GROUP_WORDS = frozenset(
    "hub hubs clinic clinics bank forum choir football evening evenings newsletter service services swimming swim "  # noqa: SIM905
    "sensory zumba club morning mornings tots toddlers carers care matter matters programme program information "
    "class classes session sessions centre center unit team hospital ward library school church council nursery "
    "course courses yoga massage cafe café walk walks run runs fitness day days fair night social week weekend "
    "partnership project trust festival".split()
)
#: With no own words, a group's cue right before it ("posted in", "asked on the", "admin of") or right after it
#: ("... page", "... on Facebook", "... WhatsApp", "... admins"); "group" or a colon after it only in a note about
#: online groups (`_ONLINE`): "Dartford Dads group at the hub" and "Dartford Dads: 3 attended" are a service's.
_CUE_BEFORE = re.compile(
    r"(?i)\b(?:posted|posting|asked|shared|commented|joined|added|admins?|members?|threads?|posts?|comments?|polls?)"
    r"(?:[ ]+(?:it|this|that|them))?(?:[ ]+(?:in|on|to|of|from|into|for))?(?:[ ]+the)?[ ]*[\"“'‘]?$"
    # rules 38 (blind41): a group's or a chat's name in quotes after its kind ('WhatsApp community "Greenhithe Mamas"',
    # 'new group: "Hextable & Swanley Rainbow Mums"')
    r"|\b(?:whatsapp|facebook|fb|group|community|chat)(?:[ ]+(?:called|named))?[ ]*[:\-–]?[ ]*[\"“'‘]$"
)
_CUE_AFTER = re.compile(
    r"(?i)[\"”'’]?(?:[ ]+[-–])?[ ]*[(\[]?[ ]*(?:(?:on|via)[ ]+)?(?:page|chat|fb|facebook|whatsapp|insta(?:gram)?|admins?|poll|posts?|"
    r"thread|members)\b"  # rules 38: "Ebbsfleet Valley Sikh Mums (WhatsApp)"
)
#: Rules 38 (blind41): after an own word, a second one joined by "&" or "and" ("Swanley Bumps Swap & Sell").
_AMP_TAIL = re.compile(r"[ ](?:&|and)[ ]([A-Z][a-z]+)(?=[\s,.;:!?)\"”'’]|$)")
_GROUP_AFTER = re.compile(r"[\"”'’]?(?:[ ]+(?i:group)\b|:)")
_ONLINE = re.compile(
    r"(?i)\b(?:facebook|fb|whatsapp|insta(?:gram)?|online|posted|posts?|admins?|pages?|members|comments?|thread|"
    r"poll|digest)\b"
)
#: A place's word this common is a word first ("Young", a town in Uruguay; "Village", "Garden" of GeoNames' places).
_PLACE_WORD_ZIPF = 4.0
#: ... and a word of the local list's phrases this common ("Hill", "Church", "House"; "Kent" is 4.2).
_LOCAL_WORD_ZIPF = 4.5


def group_name_spans(text: str, lists, lexicon) -> list[tuple[int, int]]:
    """Rules 37: a local online group's name with no person in it (blind37, blind39): a place first ("Swanley",
    "Dartford & Gravesend", "Temple Hill"), at most two more capitalised words ("Sikh", "Twin", "Breastfeeding"), its
    members' word ("Mums", "Dads", "Babies"), then at most two words of its own ("Chat", "Admin Team", "to Babies") that
    make no service (`_NOT_GROUP_WORDS`); with none, a group's cue beside it. A service has no place first ("Bumps &
    Babies", "Dads Matter", "Bumps & Babies Ebbsfleet"), a service's own words, or is a keep phrase. A place: a local
    one, or a town, country or place (GeoNames, the keep lists) no more common as a word than `_PLACE_WORD_ZIPF`."""
    if in_capitals(text) or not _MEMBERS.search(text):
        return []
    frequency = lexicon.frequency

    def place(word: str) -> bool:
        w = fold_word(word)
        zipf = frequency.get(w, 0.0)
        if w in STOP_WORDS or zipf >= _LOCAL_WORD_ZIPF:
            return False  # "The Young Parents Group": the local list's phrases hold "the", "house", "hill"
        return w in lists.local or (
            (w in lists.world or w in lists.vocab or w in lists.keep_words) and zipf < _PLACE_WORD_ZIPF
        )

    keeps = [m.span() for p in (lists.keep_pattern, lists.keep_after) if p for m in p.finditer(text)]
    online = bool(_ONLINE.search(text))
    out: list[tuple[int, int]] = []
    for m in _MEMBERS.finditer(text):
        head = _GROUP_HEAD.search(text, max(0, m.start() - 60), m.start())
        if not head:
            continue
        words = list(re.finditer(r"[A-Z][a-z]+|&|and", head.group(1)))
        start = None
        for k, w in enumerate(words):
            if w.group() in ("&", "and") or not place(w.group()):
                continue
            qualifiers = [x.group() for x in words[k + 1 :] if x.group() not in ("&", "and")]
            if sum(not place(q) for q in qualifiers) <= 2 and words[-1].group() not in ("&", "and"):
                start = head.start(1) + w.start()
                break
        # a place of two words the keep lists hold opens it too: "Temple Hill Mums", not "Temple [Hill Mums]"
        for ks, ke in keeps:
            if head.start(1) <= ks < ke <= m.start() and text[ks].isupper() and (start is None or ks < start):
                start = ks
        if start is None:
            continue
        end, own = m.end(), []
        for _ in range(2):
            tail = _GROUP_TAIL.match(text, end) or (own and _AMP_TAIL.match(text, end))
            if tail and own and tail.group(0).lstrip().startswith(("&", "and")):
                w = fold_word(tail.group(1))
                if place(tail.group(1)) or w in lists.first_names or w in lists.names or w in lists.nicknames:
                    break  # "Swanley Mums Chat & Kent Bumps", "... & Sarah": a second group's place, a person
            if not tail or fold_word(tail.group(1)) in STOP_WORDS or _PAGE_AFTER.match(tail.group(1)):
                break
            end = tail.end(1)
            own.append(fold_word(tail.group(1)))
        if any(w in _NOT_GROUP_WORDS for w in own):
            continue
        if not own and not (
            _CUE_BEFORE.search(text, max(0, start - 40), start)
            or _CUE_AFTER.match(text, end)
            or (online and _GROUP_AFTER.match(text, end))
        ):
            continue
        if not any(s < end and m.start() < e for s, e in keeps):  # "Kent Bumps and Babies": a service's name
            out.append((start, end))
    return out


#: A chat line's writer: at a line's start, after " / " or a "[14:21]" time, a capitalised word (or two) then an emoji or
#: a time before it, and a colon: "Tiff 🦋: girls...", "[14:21] Tia: its...".
_SPEAKER = re.compile(
    r"(?:^|\n|\s/\s|(\[\d{1,2}[:.]\d{2}\]\s?))([A-Z][a-z]+(?:[ ][A-Z][a-z]+)?|[A-Z]{2,}(?:[ ][A-Z]{2,})?)"
    r"[ ]?([^\w\s:]{1,3})?[ ]?:[ ]"
)
#: Rules 42: the same after a WhatsApp export's time stamp ("[12/03/2026, 09:14] May 💜: ...", "12/03/2026, 09:14 -
#: Kenya: ...", a line's "09:14 - Kenya: ...").
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[ ]?(?:[apAP][mM]|[ap]\.m\.))?"
_DAY = r"(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2})"
_SENDER = re.compile(  # rules 43 (the removal-side review): en and em dashes, "(09:14)", "[9:14 pm]", ISO dates, seconds
    rf"(\[(?:{_DAY},?[ ])?{_TIME}(?:,[ ]{_DAY})?\][ ]?"
    rf"|{_DAY},?[ ]{_TIME}[ ][-–—][ ]"
    rf"|(?:^|(?<=\n))\(?{_TIME}\)?[ ](?:[-–—][ ])?)"
    r"([A-Z][a-z]+(?:[ ][A-Z][a-z]+)?)[ ]?([^\w\s:]{1,3})?[ ]?:[ ]"
)


def _emoji(mark: str) -> bool:
    """The marks between a chat writer's name and the colon hold an emoji ("Tiff 🦋:")."""
    return any(ord(c) > 0x2100 and not c.isalnum() for c in mark)


#: Rules 58: a display name with an emoji between its words ("Sophie 🌙 Hartley", "Harmony 🌻 Dale").
_EMOJI_GAP = re.compile(r"[ ]([^\w\s]{1,3})[ ]([A-Z][a-z][\w'’-]*)")
_EMOJI_GAP_BEFORE = re.compile(r"(?:^|(?<=[\s(]))([A-Z][a-z][\w'’-]*)[ ]([^\w\s]{1,3})[ ]$")


def emoji_name_spans(
    text: str, found: list[Finding], lists, lexicon, never: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """Rules 58: a person found with an emoji, then a family name after it (a family name of the lists or a word no
    dictionary knows, even a place: "Hartley"), or a given name of the lists before it: one display name ("[Sophie] 🌙
    Okafor:", "Harmony 🌻 [Dale] joined the group"); never a `never` word nor an English word after it ("[Jo] 😊 Lovely
    to meet you")."""
    out = []
    for f in found:
        if f.entity != "PERSON":
            continue
        after = _EMOJI_GAP.match(text, f.end)
        family = fold_word(after.group(2)) if after else ""
        if (
            after
            and _emoji(after.group(1))
            and not never(family)
            and (family in lists.surnames or family not in lexicon)
        ):
            out.append((f.start, after.end(2)))
        before = _EMOJI_GAP_BEFORE.search(text, max(0, f.start - 30), f.start)
        given = fold_word(before.group(1)) if before else ""
        if before and _emoji(before.group(2)) and not never(given) and given in lists.first_names:
            out.append((before.start(1), f.end))
    return out


def speaker_spans(
    text: str, a_name: Callable[[str], bool], stamped_name: Callable[[str], bool] | None = None
) -> list[tuple[int, int]]:
    """Rules 9: the writer of a chat message: a capitalised word before an emoji and a colon, or after a time stamp,
    or a name from the lists (`a_name`) before a colon at a message's start; never a form label ("Comments:",
    "Plan:"). Rules 31: a transcript's speaker in capitals after a time stamp, when the names lists know it ("[19:19]
    DAWN: ..."; never "[19:04] CALLER: ..."); rules 52: there `stamped_name` decides if given, which takes the given
    names that are also words, months or virtues ("[18:46] GIFT:", "[18:20] MAY:", a short form's "[19:17] DARNELL:")."""
    stamped_name = stamped_name or a_name
    out = []
    for m in _SPEAKER.finditer(text):
        name, mark = m.group(2), m.group(3) or ""
        words = [fold_word(w) for w in name.split()]
        emoji = _emoji(mark)
        if any(w in CONTEXT_WORDS or stamp_label(w) or w in STOP_WORDS for w in words):
            continue  # rules 52: nor a call's role ("[10:20] Member:")
        if mark and not emoji:
            continue
        if name.isupper() and not (m.group(1) and all(stamped_name(w) for w in name.split())):
            continue  # rules 31: a name in capitals only after a time stamp, and only one the lists know
        if emoji or m.group(1) or all(a_name(w) for w in name.split()):
            out.append(m.span(2))
    for m in _STAMPED_CAPS.finditer(text):  # rules 52: "[19:20] CALLER DESTINY:", "[18:40] JOY (GRAVESEND):"
        role, name = m.group(1), m.group(2)
        if not (role or m.group(3)) or (role and not _speaker_role(fold_word(role))):
            continue
        words = [fold_word(w) for w in name.split()]
        if any(w in CONTEXT_WORDS or stamp_label(w) or w in STOP_WORDS or _speaker_role(w) for w in words):
            continue  # "[18:02] HOST (RADIO KENT):", "[18:10] MIDWIFE (DVH):": a role, whatever its bracket
        if m.span(2) not in out:  # the slot names a person: any word ("BOLA", "CHANCE")
            out.append(m.span(2))
    return sorted(out)


#: Rules 42 (the keep-side review): a chat's or a log's role, not its writer's name ("[10:05] Admin: group rules"); rules
#: 52 (the keep review): a call's or a meeting's ("[10:20] Member:", "[14:06] Participant:", "[18:10] GUEST:").
_NOT_SENDERS = frozenset(
    "admin officer moderator mod host chair coordinator reception receptionist bot chatbot system support helpline "  # noqa: SIM905
    "switchboard caller operator team staff everyone all group member members participant participants guest guests "
    "producer presenter listener listeners attendee attendees speaker panellist panelist interviewer interviewee "
    "respondent facilitator volunteer newsreader".split()
)
#: Rules 52: a transcript's speaker in capitals after a time stamp with a role or kin word before the name or a bracket
#: after it ("[19:20] CALLER DESTINY:", "[19:30] AUNTY BOLA:", "[18:40] JOY (GRAVESEND):", "[18:55] CHANCE (DAD):").
_STAMPED_CAPS = re.compile(
    r"\[\d{1,2}[:.]\d{2}\][ ]?(?:([A-Z]{2,})[ ])?([A-Z]{2,}(?:[ ][A-Z]{2,})?)(?:[ ]\(([A-Za-z][A-Za-z ]{1,20})\))?[ ]?:[ ]"
)
_KIN_SPEAKERS = frozenset("aunty auntie uncle nan nana nanny grandma granny mama papa sis bro pastor".split())  # noqa: SIM905


def _speaker_role(word: str) -> bool:
    """Rules 52: a role or kin word said before a transcript speaker's name ("CALLER", "AUNTY")."""
    return word in _NOT_SENDERS or word in _KIN_SPEAKERS or word in ROLES or word in RELATIONS


def stamp_label(word: str) -> bool:
    """Rules 52: a word (folded) that names a chat's or a form's role or field, never its writer ("host", "comments")."""
    return word in LABELS or word in FORM_WORDS or word in _NOT_SENDERS


def stamped_speaker(word: str, lists, a_name: Callable[[str], bool]) -> bool:
    """Rules 52: a transcript speaker's word after a time stamp (`speaker_spans`): a name `a_name` takes or a given name of
    any list (the person slots' `lists`), even a word, a month or a virtue ("GIFT", "MAY", "MERCY"); never a context,
    label, form, stop or clinical word ("CALLER", "HOST")."""
    w = fold_word(word)
    return a_name(word) or (
        lists.given_word(w)
        and w not in CONTEXT_WORDS
        and w not in STOP_WORDS
        and w not in lists.clinical
        and not stamp_label(w)
    )


def speaker_findings(
    text: str, a_name: Callable[[str], bool], lists, stamped_words: bool = True
) -> list[Finding]:
    """Rules 9, 31, 42 and 52: the writers of chat messages (`speaker_spans`, `stamped_speaker` deciding after a time
    stamp); rules 53, when `stamped_words` (the engine's switch): a transcript's speakers that are months or must-keep
    words too (`stamped_word_spans`), under a source of their own that the keep spans do not undo."""
    stamped = functools.partial(stamped_speaker, lists=lists, a_name=a_name)
    out = [
        Finding(s, e, "PERSON", "MaternityNameRules:speaker") for s, e in speaker_spans(text, a_name, stamped)
    ]
    if stamped_words:
        spans = stamped_word_spans(text, lists)
        out += [Finding(s, e, "PERSON", "MaternityNameRules:stamped-word") for s, e in spans]
    return out


#: Rules 53: a transcript's turn: a time stamp, one word in capitals or title case, a colon ("[20:11] MAY: ..."); and a
#: chat's turn after " / " or a line's start ("/ Sunday: yes after church").
_STAMPED_WORD = re.compile(r"\[\d{1,2}[:.]\d{2}\][ ]?([A-Z][a-z]+|[A-Z]{2,})[ ]?:[ ]")
_TURN_WORD = re.compile(r"(?:^|\n|[ ]/[ ])([A-Z][a-z]+)[ ]?:[ ]")


def stamped_word_spans(text: str, lists) -> list[tuple[int, int]]:
    """Rules 53 (the rules 52 removal review and blind11, blind17: "[18:20] MAY:", "[18:40] SUNDAY:", "/ Sunday: yes
    after church"): a transcript speaker whose word is also a month, a weekday or a must-keep word, which the keep
    spans and the month guard let go ("BLISS", in no names list, still does). Only where the note is a transcript (two time-stamped turns or more), or a chat
    where the word writes two turns beside another writer; only a word the names lists give as a name (a month, a
    weekday, a name that is an everyday word, an ONS word name, a word name of a tradition); never a role, a label, a
    context or a clinical word ("[18:10] HOST:", "[10:26] Sands:")."""
    stamped = list(_STAMPED_WORD.finditer(text))
    turns = [] if "/ " not in text and "\n" not in text else list(_TURN_WORD.finditer(text))
    writers = {m.group(1) for m in turns}
    chosen = stamped if len(stamped) >= 2 else []
    chosen += [m for m in turns if len(writers) >= 2 and sum(t.group(1) == m.group(1) for t in turns) >= 2]
    out = []
    for m in chosen:
        w = fold_word(m.group(1))
        if w in CONTEXT_WORDS or stamp_label(w) or _speaker_role(w) or w in lists.clinical:
            continue
        if (
            w in CALENDAR
            or w in lists.common
            or lists.given_word(w)
            or w in lists.ons_word_names
            or w in lists.word_names_traditions
        ):
            out.append(m.span(1))
    for word in {text[s:e] for s, e in out}:  # "thank you May", "hi Sunday": the speaker greeted or thanked
        said = re.compile(rf"(?i:{_GREETED})[ ,]+({re.escape(word[0])}(?i:{re.escape(word[1:])}))\b(?![ ]?:)")
        out += [m.span(1) for m in said.finditer(text)]
    return sorted(set(out))


#: Rules 53: what is said before a speaker's name when she is greeted or thanked.
_GREETED = (
    r"\b(?:thank[ ]you|thanks|thankyou|cheers|hi|hiya|hello|hey|morning|evening|welcome|bye|well[ ]done)"
)


#: Rules 9: a group named after a person: "Joy's Mums Circle", "Bliss's Rainbow Babies", "Harmony's Hextable Mums".
_GROUP_OWNER = re.compile(
    r"\b([A-Z][a-z]+)['’]s[ ](?:[A-Z][\w&]*[ ]){0,3}(?:Mums|Mummies|Mams|Mamas|Moms|Babies|Bumps|Circle|"
    r"Group|Club|Crew|Tribe|Squad|Parents|Dads|Ladies|Sisters|Cafe|Café)\b"
)


def group_owner_spans(text: str, lists, a_name: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Rules 9 (moved from the engine in rules 52): the person a group is named after; a place or a must-keep word is not
    a person unless `a_name` takes it."""
    out = []
    for m in _GROUP_OWNER.finditer(text):
        w = fold_word(m.group(1))
        thing = w in CONTEXT_WORDS or w in PLACE_NOUNS or w in STOP_WORDS or lists.known_thing(w)
        if thing and not a_name(m.group(1)):
            continue
        out.append(m.span(1))
    return out


def sender_spans(text: str, lists, lexicon) -> list[tuple[int, int]]:
    """Rules 42 (the removal-side review of rules 41: "May 💜: thanks", "09:14 - Kenya: see you" leaked): a writer in
    title case after a time stamp or before an emoji, even a month, a stop word or a place (`speaker_spans` leaves
    those, and the guards after the tagger let a month go); read last, by `with_handles`. Each word is a given name of
    the lists, a pet name, a world place or no English word; never a keep word unless a given name or a world place
    (the keep-side review: "[09:14] You: ok", "09:30 - Welcome: tea", "[10:26] Sands: sorry", "Communication 👎:")."""
    out = []
    for m in (*_SPEAKER.finditer(text), *_SENDER.finditer(text)):
        name, mark = m.group(2), m.group(3) or ""
        emoji = _emoji(mark)
        if not name.istitle() or not (emoji or (m.group(1) and not mark)):
            continue
        words = [fold_word(w) for w in name.split()]
        if any(
            w in CONTEXT_WORDS or w in LABELS or w in FORM_WORDS or w in lists.clinical or w in _NOT_SENDERS
            for w in words
        ):
            continue
        given = [
            w in lists.first_names or w in lists.word_names or w in lists.nicknames or w in lists.pet_names
            for w in words
        ]
        if all(
            g or w in lists.world or (w not in lexicon and w not in lists.keep_words and w not in STOP_WORDS)
            for g, w in zip(given, words, strict=True)
        ):
            out.append(m.span(2))
    return sorted(set(out))


#: Rules 53 (blind57, a tuning writer: "Facebook Latvietes Kentā - admin Zane Liepiņa", "the Facebook group Romany Mums
#: Kent - admin Dinah Boswell"): an online group's name, then a dash and its admin's name found. Rules 55 (blind62: "the
#: Facebook group Gravesend Bangla Mothers (admin Rehana Ahmed)", "facebook group Gravesend Young Mums xx (admin ..."):
#: or her name in a bracket after "admin", and a kiss after the group's name.
_ADMIN_GROUP = re.compile(
    r"(?i:facebook|fb|whatsapp|insta(?:gram)?)(?:[ ]+(?i:group|page|chat))?[ ]+"
    r"((?:[A-Z][^\W\d_]*|&|and|of|in)(?:[ ]+(?:[A-Z][^\W\d_]*|&|and|of|in)){0,5}(?:[ ]+xx?)?)"
    r"(?:[ ]+[-–—][ ]+(?:(?i:admin)[ ]+)?|[ ]*\((?i:admins?):?[ ]+)$"
)


def admin_group_spans(
    text: str, found: list[Finding], handles: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Rules 53: an online group's name after its kind, with its admin's name after a dash (`_ADMIN_GROUP`), is one
    detail: the group's name and its admin's find her together; so is a group's name found (or among `handles`) before
    "- admin" and hers."""
    groups = {f.end: f.start for f in found if f.entity == "SOCIAL_MEDIA"} | {e: s for s, e in handles}
    out = []
    for f in found:
        if f.entity != "PERSON":
            continue
        if m := _ADMIN_GROUP.search(text, max(0, f.start - 90), f.start):
            # "(admin Rehana Ahmed)": the bracket closes inside the detail
            closes = "(" in text[m.end(1) : m.end()] and text[f.end : f.end + 1] == ")"
            out.append((m.start(1), f.end + closes))
        elif (m := _ADMIN_DASH.search(text, max(0, f.start - 12), f.start)) and m.start() in groups:
            # "the [Dartford Mums Chat] - admin Leanne Price group link"
            out.append((groups[m.start()], f.end))
    return out


_ADMIN_DASH = re.compile(r"[ ]+[-–—][ ]+(?i:admin)[ ]+$")


#: Rules 53: the letters of a word a finding stopped inside.
_WORD_REST = re.compile(r"[^\W\d_]+")
_TITLE_ON = re.compile(r"(?:[ ](?=[A-Z])[^\W\d_]+){1,2}(?![\w'’-])")


def _whole_words(text: str, found: list[Finding]) -> list[Finding]:
    """Rules 53 (blind57: "Facebook Lietuvės Mamos" left "[SOCIAL MEDIA]ės"): a social media finding that stops inside
    a word before a letter no ASCII class holds ("ė", "ā") runs on to the word's end and over up to two title-case
    words after it, as the display name it was cut from would have ("fb Marcin Zieliński Kent"), and over a name the
    run cuts into ("Mamos Kent - Agnė Valaitė"). The rules before the tagger read ASCII letters there; mended here,
    after it, so the tagger's inputs and the shipped model are unchanged."""
    cut = [
        f
        for f in found
        if f.entity == "SOCIAL_MEDIA"
        and (nxt := text[f.end : f.end + 1])
        and not nxt.isascii()
        and nxt.isalpha()
        and text[f.end - 1].isalpha()
    ]
    if not cut:
        return found
    taken = SpanIndex((g.start, g.end) for g in found)
    out = [f for f in found if f not in cut]
    for f in cut:
        end = _WORD_REST.match(text, f.end).end()
        more = _TITLE_ON.match(text, end)  # the display name's title-case words ("Kaśka Nails Gravesend")
        end = more.end() if more else end
        end = max([end] + [e for _s, e in taken.overlapping(f.start, end)])
        out.append(Finding(f.start, end, f.entity, f.source))
    return resolve_overlaps(out)


def with_handles(
    text: str, found: list[Finding], on, never: Callable[[str], bool] = lambda _w: False
) -> list[Finding]:
    """`found` with the user names, pages and display names added where their switches are on (`on`: an object with
    the switches as attributes, the `Anonymiser`); a handle takes the place of the names found inside it. `never`:
    the words a page's name after a weak cue may not hold (`page_name_spans`)."""
    found = _whole_words(text, found)  # rules 53
    if on.speaker_labels and (senders := sender_spans(text, on.lists, on.lexicon)):  # rules 42
        taken = SpanIndex((f.start, f.end) for f in found)
        found = resolve_overlaps(
            found
            + [
                Finding(s, e, "PERSON", "MaternityNameRules:sender")
                for s, e in senders
                if not taken.overlaps(s, e)
            ]
        )
    spans = underscore_spans(text) if on.underscore_handles else []
    spans += (
        user_handle_spans(text)
        + joined_handle_spans(text, on.lists, on.lexicon)
        + spaced_at_spans(text)
        + spoken_handle_spans(text)  # rules 44
        + run_handle_spans(text, on.lists, on.lexicon)
        + app_dotted_spans(text)
        + app_handle_spans(text)  # rules 54
        + profile_link_spans(text)  # rules 65
        if on.user_handles
        else []
    )
    spans += page_name_spans(text, found, never) + display_name_spans(text, found) if on.page_names else []
    if on.page_names:
        spans += emoji_name_spans(text, found, on.lists, on.lexicon, never)
    spans += group_name_spans(text, on.lists, on.lexicon) if on.group_names else []
    spans += admin_group_spans(text, found, spans) if on.page_names else []  # rules 53
    if not spans:
        return handle_owners(text, _with_user_prefix(text, found), never, on)
    taken = SpanIndex((f.start, f.end) for f in found)
    extra = []
    for s, e in spans:  # rules 33: a name a span cuts into goes with it ("Sarah Jones Mummy Of Olivia")
        for fs, fe in taken.overlapping(s, e):
            s, e = min(s, fs), max(e, fe)
        extra.append(Finding(s, e, "SOCIAL_MEDIA", "UkIdentifiers:handle_shapes"))
    # rules 41: what the handle holds goes with it ("@ [saffy].does.[mumlife]"), but never a written e-mail address
    inside = SpanIndex((x.start, x.end) for x in extra)
    found = [
        f
        for f in found
        if "@" in text[f.start : f.end]
        or not any(
            s <= f.start and f.end <= e and (s, e) != (f.start, f.end)
            for s, e in inside.overlapping(f.start, f.end)
        )
    ]
    return handle_owners(text, _with_user_prefix(text, resolve_overlaps(found + extra)), never, on)


#: Rules 58 (blind62, blind67, tuning writers): a lower-case word opening a clause, before "'s", a record of hers or a
#: verb of hers ("jazz email", "ells changed her snap"; not "jade bracelet", "hope someone gets back").
_OPENING_LOWER = re.compile(
    r"(?:^|(?<=[.!?;][ ])|(?<=\n))([a-z]{3,10})(?=['’]s\b|[ ]+(?:e-?mail|snap|snapchat|insta|ig|fb|facebook|tiktok|"
    r"number|mobile|phone|address|changed|said|says|siad|asked|wants|wanted|rang|texted|messaged|posted|added|sent)\b)"
)


_NOT_OWNER_WORDS = RELATIONS | _GROUP_PEOPLE

#: Rules 59 (blind69, a tuning writer: "Kadian Samuels wants the list, email kadian.samuels@...", "Ira prefers
#: Telegram, she is @ira_melnyk_kyiv there"): a capitalised word that is the first or second piece of her handle or
#: e-mail address in the same note; a place after `_PLACE_BEFORE` is the place.
_CAPITAL_WORD = re.compile(r"(?<![\w@.'’-])([A-Z][a-z]{2,14})(?![\w@-]|\.\w)")
_PLACE_BEFORE = re.compile(r"(?i:\b(?:in|near|via))[ ]\Z")


def handle_owners(text: str, found: list[Finding], never: Callable[[str], bool], on=None) -> list[Finding]:
    """Rules 58: a lower-case word opening a clause that her handle or e-mail address found in the same note begins
    with is her short name ("tay's social media @taylor.ann.xo", "jazz email for the form: jazzoleary07@..."); never a
    `never` word (stop, role, relative, care, keep) nor a group's people ("mums group insta @mumsgroupdartford").
    Rules 59 (`on`: the engine's lists and lexicon): a capitalised word anywhere in the note that is the address's
    first or second piece (between dots, underscores, hyphens and digits) is her name ("Ira" and @ira_melnyk_kyiv): a
    name of the lists that is no common word, or no English word at all ("Kadian"; never "Maternity", "Steps"); a
    world place only as the first piece and never after "in", "near" or "via" ("Kyiv" stays beside
    @ira_melnyk_kyiv, "an old address in Kerry" beside kerry.o@...); both pieces, as her given and family
    name in that order, even when they are words ("Kadian Samuels" and kadian.samuels@...)."""
    locals_ = [
        text[f.start : f.end].lower().lstrip("@").split("@")[0]
        for f in found
        if f.entity in ("SOCIAL_MEDIA", "EMAIL_ADDRESS")
    ]
    if not locals_:
        return found
    starts = [re.sub(r"[^a-z]", "", h) for h in locals_]
    pieces = [[p for p in re.split(r"[^a-z]+", h) if p][:2] for h in locals_]
    taken = SpanIndex((f.start, f.end) for f in found)
    names = [
        Finding(*m.span(1), "PERSON", "MaternityNameRules:handle-owner")
        for m in _OPENING_LOWER.finditer(text)
        if not taken.overlaps(*m.span(1))
        and not never(m.group(1))
        and fold_word(m.group(1)) not in _NOT_OWNER_WORDS
        and any(h.startswith(m.group(1)) and len(h) > len(m.group(1)) for h in starts)
    ]
    if on is not None:
        names += _address_names(text, taken, pieces, never, on)
    return resolve_overlaps(found + names) if names else found


def _address_names(text: str, taken: SpanIndex, pieces: list[list[str]], never, on) -> list[Finding]:
    """Rules 59 (`handle_owners`): capitalised words and full names that her addresses' first two `pieces` spell."""
    lists = on.lists

    def person_like(w: str) -> bool:  # a name of the lists that is no common word, or no English word
        named = (w in lists.names or w in lists.surnames or lists.given_word(w)) and w not in lists.common
        return named or w not in on.lexicon

    names = []
    for m in _CAPITAL_WORD.finditer(text):
        w = m.group(1).lower()
        if taken.overlaps(*m.span(1)) or never(w) or w in _NOT_OWNER_WORDS or not person_like(w):
            continue
        if w in lists.world and _PLACE_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # "old address in Kerry" beside kerry.obrien@...: the place
        if any(w == p[0] or (w == p[-1] and len(p) == 2 and w not in lists.world) for p in pieces):
            names.append(Finding(*m.span(1), "PERSON", "MaternityNameRules:handle-owner"))
    for p in pieces:  # her full name as her address spells it, even words ("Samuels")
        if len(p) < 2 or min(map(len, p)) < 3 or not any(map(person_like, p)):
            continue
        if any(never(w) or w in _NOT_OWNER_WORDS for w in p):
            continue
        pair = re.compile(rf"(?<![\w@.])({p[0].title()}[ ]+{p[1].title()})(?![\w@])")
        names += [
            Finding(*m.span(1), "PERSON", "MaternityNameRules:handle-owner") for m in pair.finditer(text)
        ]
    return names


#: Rules 54 (blind60, a tuning writer: "Lucky is lucky.le88 on Zalo"): a user name with a dot, an underscore or digits,
#: before "on" and a messaging app's name, or after the app's name (and "ID"); the rules before the tagger know fewer apps.
_APPS = r"(?:zalo|we[ ]?chat|viber|telegram|line|kakao(?:[ ]?talk)?|signal|threads|whats[ ]?app|insta(?:gram)?|tik[ ]?tok)"
_HANDLE = r"([a-z][a-z0-9]*(?:[._][a-z0-9]+)+|[a-z]+_?\d+)"
_APP_HANDLE = re.compile(
    rf"(?i)(?<![\w@.]){_HANDLE}[ ]+on[ ]+(?:the[ ]+)?{_APPS}\b"
    rf"|(?i:\b{_APPS}(?:[ ]+id)?)[ ]*[:=-]?[ ]+{_HANDLE}(?![\w@]|\.\w)"
)


#: Rules 65: a social profile's or group's web address with its path ("https://www.facebook.com/sarah.jones.5",
#: "instagram.com/mummy_sarita", "facebook.com/groups/dartfordmums"): the path names the person or the group, so the
#: whole address goes (only "com" went before, or the site's name alone).
_PROFILE_LINK = re.compile(
    r"(?i)(?<![\w@.-])(?:https?://)?(?:www\.|m\.|web\.|mobile\.)?"
    r"(?:facebook|fb|instagram|instagr\.am|tiktok|twitter|x|snapchat|linkedin|youtube|threads|pinterest)\.(?:com|me|net)"
    r"/[^\s)\]>\"'<,]*[\w/]"
)


def profile_link_spans(text: str) -> list[tuple[int, int]]:
    """Rules 65: a social profile's or group's web address, path and all (`_PROFILE_LINK`)."""
    return [m.span() for m in _PROFILE_LINK.finditer(text)]


def app_handle_spans(text: str) -> list[tuple[int, int]]:
    """Rules 54: a user name beside a messaging app's name (`_APP_HANDLE`)."""
    return [m.span(1) if m.group(1) else m.span(2) for m in _APP_HANDLE.finditer(text)]


def _with_user_prefix(text: str, found: list[Finding]) -> list[Finding]:
    """Rules 41: a Reddit user name found after "u/" takes the "u/" in ("u/[throwaway_dvh_mum]"): the span is the
    handle as written."""
    if "u/" not in text and "U/" not in text:
        return found
    out = []
    for f in found:
        if (
            f.start >= 2
            and text[f.start - 2 : f.start] in ("u/", "U/")
            and (f.start == 2 or not text[f.start - 3].isalnum())
        ):
            f = Finding(f.start - 2, f.end, "SOCIAL_MEDIA", f.source)
        out.append(f)
    return out
