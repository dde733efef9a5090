"""Rules 45: names in messages, beside kinship words and in dictated notes that the steps before left, and references
in pieces, as pure functions over text and findings.

Read from blind49 (a tuning writer since rules 44: a Filipino parish's Viber chats, a Zimbabwean fellowship's WhatsApp
group, a Hong Kong mums' Signal group), blind51 (a tuning writer of rules 45: dictated notes, chat exports, a connector
writing in her second language, a ward log) and the two helper reviews of rules 45's first version. The held-out sets
stay unread. Run inside `tagger_guards.with_rules42_names` after `name_shapes.thread_names` and before the repeats, so a
name found here said again alone goes too; the tagger's features and the shipped model are unchanged. No name is taken
where the note writes the same word before a thing's noun ("Is Daisy the one with the pool? ... Daisy ward").

- `quoted_senders`: the writer of a chat message pasted in quotes, in any case ('"PEARL: coming" / "june b: can't
  po"', '"Joy M (admin): reminder"'): at a quote's opening, one to three words then a colon, the first a given name of
  the lists or of the naming traditions, the others initials, given or family names; in a thread (two quoted messages,
  or " / "), or a writer no English word names. Never a role, a service, a form's label or a word for people
  ('"Midwife: ...", "Reception: ...", "Note: ..."'), nor a glossary's or an acronym's label ('"HOPE: Helping Our Parents
  Early"', '"Ginger: yes, Peppermint: yes"').
- `note_senders` (rules 56): a chat message pasted as a note of its own, its writer first in lower case ("hope: morning
  all"): a given name of the lists, never a label, role or service word.
- `chat_vocatives` (rules 57): in such a note, a lower-case given name spoken to at a clause's end before an emoji,
  "!" or "?" ("same here hope 😩"), never after a word a noun or verb follows ("i hope 😩").
- `app_senders`: a given name right before the app or the line a message came on, opening a sentence or after
  "from", with a colon or a message's verb after it ("Fortune on WhatsApp: ...", "from Lovely on viber", "Blessing on
  Signal said"), or spoken to or pointed at in a chat ("Candy can you email me", "is Kitty the one who ...", "that's
  Misty!", "(Grant) says").
- `kin_names`: a title-case word right after a kinship or respect word of another language said before a name
  ("Ate Baby", "Tita May", "Mai Tendai", "Pani Ewa", "Umm Yusuf"): the word is the name, the kinship word stays (a
  ROLE keep, as the corpora label it). Never a stop, role, service, clinical, local or world-place word unless a given
  name ("Baba Africa", "Auntie Midwife" stay), a time's word ("Tita in May"), a kept term ("Mama Mio"), nor an English
  word of the long word-names list only ("Mama Yoga"). `kin_after_names`: a given name before a kinship or respect word
  said after a name ("Pinky bhabhi", "Happy veerji"; not "Mata ji").
- `cased_twins`: a given name of the lists in title case inside a sentence when the note also writes the same word in
  lower case ("my Ocean was 2.9kg ... like the ocean", "Chase will chase it"): the writer's capital marks the name.
  Never beside another title-case word ("Ocean Park"), after a determiner or a locating word for a place ("in Stone"),
  before a thing's noun, at a sentence's opening, in a note written in title case, nor a stop, role, service, Kent or
  keep word.
- `caps_family_names`: a family name in capitals right before or after a title-case name found ("pt TREADWELL Mia",
  "MOORCROFT, Ellie"): a family name of the lists, or five letters or more that no dictionary knows.
- `dictated_names`: in a note with no capital letter (voice-to-text), a given name opening it or a dictated sentence
  ("full stop", "new line", "and") before a rating, what a person says, her age, her nickname or her record ("carol
  rates it a six", "fern is eighteen", "kits dob"); not "patience is eighteen minutes on hold".
- `split_numbers`: a reference given in pieces: digits cut off by an ellipsis after a record's word ("account 4471...
  then 8830", "hosp no D104 ... then 55l2"): the first piece, and the piece after "then" within the next few words; never
  a public number, a crash call, a year or a clock ("Number 111... then 999", "2016... then", "2am... then 4am").
  `spaced_ninos`: a National Insurance number written a character at a time ("e a 3 9 9 8 7 7 b").
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import CONTEXT_WORDS, FORM_WORDS, HONORIFICS, LABELS, TIME_NAMES
from insights.quotes.identifiers import valid_nino_prefix
from insights.quotes.lexicon import Finding, SpanIndex, fold_word, resolve_overlaps, title_case_note
from insights.quotes.name_shapes import THING_NEXT, TITLE_WORD, given_name
from insights.quotes.public_keeps import HONORIFICS_AFTER

SOURCE = "MaternityRules:message-name"

#: A message's writer at a quote's opening: words, an optional "(admin)" and an emoji, then a colon.
_QUOTED_SENDER = re.compile(
    r"[\"“][ ]?([A-Za-z][A-Za-z'’-]*(?:[ ][A-Za-z][A-Za-z'’.-]*){0,2})"
    r"(?:[ ]\([A-Za-z ]{2,20}\))?[ ]?(?:[^\w\s:\"“”]{1,3}[ ]?)?:[ ]"
)
_NOT_SENDERS = frozenset(
    "admin officer moderator mod host chair coordinator reception receptionist bot chatbot system support helpline "  # noqa: SIM905
    "switchboard caller operator team staff everyone all group triage facilitator volunteer me you us them her him "
    "mum dad mummy daddy mama papa nan nanny granny grandma midwife nurse doctor dr hv gp consultant "
    "pastor pastors deacon deacons deaconess priest vicar imam imams elder elders bishop rev reverend pandit granthi "
    "giani pujari sheikh mullah rabbi father".split()
)
#: The app or line a message came on.
_APP = (
    r"(?:whats[ ]?app|wa|viber|signal|messenger|telegram|wechat|insta(?:gram)?|fb|facebook|tiktok|snap(?:chat)?|"
    r"text|sms|the[ ]phone|email|e-mail|voice[ ]?note|vn)"
)
_APP_SENDER = re.compile(
    rf"(?:^|(?<=[.!?\n][ ])|(?<=\n)|(?i:\bfrom|\bmessage[ ]from|\btext[ ]from|\bvn[ ]from)[ ])"
    rf"([A-Z][a-z]{{2,}})[ ](?i:on|via|over|by)[ ](?i:{_APP})\b"
    r"(?:[ ]?:|[ ](?:said|says|sent|asked|wrote|messaged|replied|again|today|yesterday|this|last|earlier|at)\b)"
)
#: Kinship and respect words said before a given name (Tagalog, Shona, Yoruba, Igbo, Punjabi, Urdu, Hindi, Polish,
#: Romanian, Arabic, Somali, English); the ones said after it are `public_keeps.HONORIFICS_AFTER`'s.
KIN_BEFORE = frozenset(
    "ate kuya tita tito lola lolo manang manong ninang ninong nanay tatay amai mai baba gogo sekuru mbuya tete "  # noqa: SIM905
    "iya mama nne nnem baji apa aapa didi bua dadi nani pani pan doamna domnul umm abu sitt khalto ammo hooyo "
    "auntie aunty aunt uncle sister brother pastor imam".split()
)
#: What a family calls a girl at home, a name only after a kinship word ("Ate Baby", "Kuya Boy").
_HOME_NICKNAMES = frozenset("baby boy girl bunso junior princess prince honey sweetie".split())  # noqa: SIM905
#: Respect words said after a name ("Dadi ji", "Sahib"): never the name after a kinship word.
_TITLE_AFTER = frozenset("ji jee sahib saab sahiba po".split())  # noqa: SIM905
_KIN_NAME = re.compile(r"(?<![\w'’@.&/-])([A-Za-z]+)[ ]([A-Z][a-z]+|[A-Z]{2,})(?![\w@'’-])")


def _given(word: str, lists) -> bool:
    """A given name of the lists (`name_shapes.given_name`) or of the naming traditions."""
    return given_name(word, lists) or fold_word(word) in lists.word_names_traditions


def _never(word: str, lists) -> bool:
    """A word no sender or kin-led name is: a role, a label, a service, a clinical word, a stop word that is no given
    name."""
    w = fold_word(word)
    return (
        w in _NOT_SENDERS
        or w in LABELS
        or w in FORM_WORDS
        or w in lists.clinical
        or (w in CONTEXT_WORDS and w not in lists.nicknames and w not in lists.word_nicknames)
        or (w in STOP_WORDS and w not in lists.first_names)
        or (lists.keep_after is not None and bool(lists.keep_after.fullmatch(word.lower())))
    )


def quoted_senders(text: str, lists, lexicon) -> list[tuple[int, int]]:
    """Spans of the writers of chat messages pasted in quotes (module docstring): in a thread (two quoted messages or
    more, or messages joined by " / "), or a writer no English word names (the keep-side review: '"HOPE: Helping Our
    Parents Early"', '"Ginger: yes, Peppermint: yes"', '"Memory: boxes ..."' are labels)."""
    matches = list(_QUOTED_SENDER.finditer(text))
    thread = len(matches) >= 2 or " / " in text
    out = []
    for m in matches:
        words = m.group(1).split(" ")
        if _never(words[0], lists) or not _given(words[0], lists):
            continue
        if not thread and (fold_word(words[0]) in lexicon or words[0].isupper()):
            continue
        rest_ok = all(
            (len(w.rstrip(".")) == 1 and w[0].isalpha())
            or (
                not _never(w, lists)
                and (_given(w, lists) or fold_word(w) in lists.surnames or fold_word(w) in lists.east_asia)
            )
            for w in words[1:]
        )
        if rest_ok:
            out.append(m.span(1))
    return out


#: A chat message pasted as a note of its own, its writer in lower case first: "hope: morning all", "may: evening girls".
_NOTE_SENDER = re.compile(r"\A[ ]*([a-z][a-z'’-]{1,15}):[ ](?=\S)")


def note_senders(text: str, lists) -> list[tuple[int, int]]:
    """Rules 56 (blind63, a peer group's chat pasted one message a note): the writer opening a note in lower case, a
    given name of the lists (word names too: "hope:", "grace:", "rain:"), never a label, role or service word
    ("note:", "update:", "midwife:")."""
    m = _NOTE_SENDER.match(text)
    if m and _given(m.group(1), lists) and not _never(m.group(1), lists):
        return [m.span(1)]
    return []


#: Rules 57: a lower-case given name spoken to at a clause's end in a chat message, before an emoji, "!" or "?"
#: ("same here hope 😩", "don't feel guilty may!!", "not stupid at all grace 💜").
_VOCATIVE = re.compile(
    r"(?<![\w'’@.&/-])([a-z]{3,})(?=[ ]?(?:[\U0001F300-\U0001FAFF\u2600-\u27BF\u2764]|!|\?))"
)
#: A word a noun, verb or adjective comes after, not a clause's end: "i hope 😩", "full of hope!", "my liberty!".
_NOT_BEFORE_VOCATIVE = (
    frozenset("i we you they he she it my your his her our their its the a an this that these those".split())  # noqa: SIM905
    | frozenset("of in on at to for with by from and or but so such no some any as like into".split())  # noqa: SIM905
    | frozenset("much more most very real little big lot lots full not without what how".split())  # noqa: SIM905
    | frozenset("is was be been are were am".split())  # noqa: SIM905
)


def chat_vocatives(text: str, lists) -> list[tuple[int, int]]:
    """Rules 57 (blind63, a peer group's chat pasted one message a note): in a note opened by a chat writer in lower
    case (`note_senders`), a lower-case given name at a clause's end before an emoji, "!" or "?" is the person spoken
    to. Never after a word that a noun or verb follows ("i hope 😩", "full of hope!"), a number ("the 3rd may!"), nor a
    label, role or service word."""
    if not note_senders(text, lists):
        return []
    out = []
    for m in _VOCATIVE.finditer(text, _NOTE_SENDER.match(text).end()):
        word = m.group(1)
        before = re.search(r"([\w'’]+)[ ]*\Z", text[max(0, m.start() - 30) : m.start()])
        if (
            before
            and before.group(1).lower() not in _NOT_BEFORE_VOCATIVE
            and not re.search(r"\d", before.group(1))
            and _given(word, lists)
            and not _never(word, lists)
        ):
            out.append(m.span(1))
    return out


#: A person spoken to or pointed at in a chat: "Candy can you email me", "is Kitty the one who ...", "that's Misty!".
_ADDRESSED = re.compile(
    r"(?:^|(?<=[.!?:\"“][ ]))([A-Z][a-z]{2,}),?[ ](?:can|could|would|will)[ ]you\b(?![ ](?:feel|hear|see|believe|imagine))"
    r"|(?<![\w'’@.&/-])([A-Z][a-z]{2,})[ ]the[ ]one[ ](?:who|with|that|from)\b"
    r"|\bthat['’]s[ ]([A-Z][a-z]{2,})[!]"
    r"|\(([A-Z][a-z]{2,})\)[ ](?:says|said|rang|asked|replied|emailed)\b"
)


def app_senders(text: str, lists) -> list[tuple[int, int]]:
    """Spans of the given names before the app a message came on, or spoken to or pointed at in a chat (module
    docstring)."""
    matches = [(m, 1) for m in _APP_SENDER.finditer(text)]
    matches += [(m, next(g for g in (1, 2, 3, 4) if m.group(g))) for m in _ADDRESSED.finditer(text)]
    return [
        m.span(g)
        for m, g in matches
        if _given(m.group(g), lists)
        and not _never(m.group(g), lists)
        and fold_word(m.group(g)) not in lists.local
    ]


def kin_names(text: str, lists, lexicon) -> list[tuple[int, int]]:
    """Spans of the names after a kinship or respect word (module docstring)."""
    out = []
    for m in _KIN_NAME.finditer(text):
        kin, word = m.group(1), m.group(2)
        if fold_word(kin) not in KIN_BEFORE:
            continue
        if lists.keep_after is not None and lists.keep_after.fullmatch(m.group().lower()):
            continue  # "Mama Mio" (a cream): a kept term
        w = fold_word(word)
        if w in KIN_BEFORE or w in HONORIFICS or w in _TITLE_AFTER or THING_NEXT.match(text, m.end()):
            continue  # "DADI JI", "didi Mothers Group"
        if w in _HOME_NICKNAMES and word[0].isupper():
            out.append(m.span(2))
            continue
        if w in TIME_NAMES and not _given(word, lists):
            continue
        if _never(word, lists) and not _given(word, lists):
            continue
        if not _given(word, lists) and (
            w in lists.local or w in lists.world or w in lists.keep_words or w in lexicon or w in lists.vocab
        ):
            continue  # "Mama Africa", "Auntie Gravesend": no name of the lists and an English word or a place
        if w in lexicon and not any(
            w in names
            for names in (
                lists.first_names,
                lists.nicknames,
                lists.word_nicknames,
                lists.word_names_traditions,
            )
        ):
            continue  # "Mama Yoga" (a class): an English word of the long word-names list only
        if w in STOP_WORDS and w not in lists.first_names:
            continue
        out.append(m.span(2))
    return out


_OPENS = re.compile(r"(?:^|[.!?:;\"“(\n…]|[-—–]|\bx)[ ]*$")
_NEIGHBOUR_BEFORE = re.compile(r"(?:[A-Z][A-Za-z]*|[A-Z]\.)[ ]$")
_NEIGHBOUR_AFTER = re.compile(r"[ ](?:[A-Z][a-z]|[A-Z]{2})")
#: Determiners before a thing ("the Ocean", "our Rose"); not "my", which names a baby here ("my Ocean was 2.9kg").
_DETERMINER_BEFORE = re.compile(r"(?i)\b(?:the|a|an|our|your|their|this|that|of|some|no|any)[ ]+$")
_IN_PLACE = re.compile(r"(?i)\b(?:in|near|at|around|outside)[ ]+$")


def cased_twins(text: str, lists) -> list[tuple[int, int]]:
    """Spans of the given names written in title case inside a sentence and in lower case elsewhere (module
    docstring)."""
    if title_case_note(text):
        return []
    lower = set(re.findall(r"(?<![\w'’@.-])[a-z]{3,}(?![\w@-])", text))
    out = []
    for m in TITLE_WORD.finditer(text):
        w = m.group().lower()
        if w not in lower or not _given(m.group(), lists) or _never(m.group(), lists):
            continue
        if w in lists.local or w in lists.keep_words or w in TIME_NAMES or w in _HOME_NICKNAMES:
            continue
        before = text[max(0, m.start() - 14) : m.start()]
        if (
            _OPENS.search(before)
            or _DETERMINER_BEFORE.search(before)
            or _NEIGHBOUR_BEFORE.search(before)
            or _NEIGHBOUR_AFTER.match(text, m.end())
            or THING_NEXT.match(text, m.end())
            or ((w in lists.vocab or w in lists.world) and _IN_PLACE.search(before))
        ):
            continue  # "I live in Stone so yes, stone age"
        out.append(m.span())
    return out


NUMBER_SOURCE = "MaternityRules:split-number"
#: A record's word, then within a few words a piece of a reference cut off by an ellipsis.
_SPLIT_FIRST = re.compile(
    r"(?i)\b(?:account|acc|a/c|ref(?:erence)?|number|no|hosp|nhs|case|claim|complaint|code|invoice)\b"
    r"[^.\n\d]{0,40}?(?<![\w])([A-Z]{0,2}[0-9][0-9A-Za-z]{2,9})[ ]?(?:\.{3}|…)"
)
_SPLIT_NEXT = re.compile(
    r"(?i)[^\n]{0,90}?\bthen\b[^\n\d]{0,40}?(?<![\w£$])([A-Z]{0,2}[0-9][0-9A-Za-z]{1,9})(?![\w%:])"
)


#: A National Insurance number written a character at a time ("e a 3 9 9 8 7 7 b", "J T 6 2 0 4 9 1 B").
_SPACED_NINO = re.compile(r"(?i)(?<![\w])([a-z])[ ]([a-z])[ ]((?:\d[ ]){6})([a-d])(?![\w])")


def spaced_ninos(text: str) -> list[tuple[int, int]]:
    """Spans of National Insurance numbers written a character at a time (module docstring: `split_numbers`)."""
    return [m.span() for m in _SPACED_NINO.finditer(text) if valid_nino_prefix(m.group(1) + m.group(2))]


#: Public numbers, crash calls and years: no piece of a person's reference.
_PLAIN_NUMBER = re.compile(r"111|999|112|119|101|2222|(?:19[5-9]|20[0-4])\d|\d{1,2}(?:am|pm)", re.I)
_CLOCK_AFTER = re.compile(r"(?i)[ ]?(?:am|pm|hrs|h\b)")


def split_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of a reference's pieces given apart (module docstring)."""
    if "..." not in text and "…" not in text:
        return []
    out = []
    for m in _SPLIT_FIRST.finditer(text):
        if _PLAIN_NUMBER.fullmatch(m.group(1)) or _CLOCK_AFTER.match(text, m.end(1)):
            continue  # the keep-side review: "Number 111... then 999", "Better Births 2016... then", "2am... then"
        out.append(m.span(1))
        nxt = _SPLIT_NEXT.match(text, m.end())
        if (
            nxt
            and sum(c.isdigit() for c in nxt.group(1)) >= 2
            and not _PLAIN_NUMBER.fullmatch(nxt.group(1))
            and not re.search(r"(?i)\b(?:wks?|weeks?|mins?|hrs?|pm|am)\b", text[nxt.end(1) : nxt.end(1) + 5])
        ):
            out.append(nxt.span(1))
    return out


#: Kinship words said before "ji" themselves ("Mata ji", "Bebe ji"): never the name there.
_KIN_WORDS = frozenset(
    "mata pita maa bebe beji bibi nani dadi nana masi mami chachi bhua taya tai mataji".split()  # noqa: SIM905
)
_KIN_AFTER = re.compile(r"(?<![\w'’@.&/-])([A-Z][a-z]{2,})[ ]([a-z]{2,8})\b")


def kin_after_names(text: str, lists) -> list[tuple[int, int]]:
    """Spans of the given names of the lists before a kinship or respect word said after a name ("Pinky bhabhi",
    "Happy veerji", "Apple jeh jeh")."""
    out = []
    for m in _KIN_AFTER.finditer(text):
        kin = m.group(2)
        if kin not in HONORIFICS and kin not in HONORIFICS_AFTER and kin not in _TITLE_AFTER:
            continue
        w = fold_word(m.group(1))
        if w in KIN_BEFORE or w in HONORIFICS or w in _KIN_WORDS:
            continue  # the keep-side review: "Mata ji", "Dadi ji": kinship words both
        if _given(m.group(1), lists) and not _never(m.group(1), lists) and w not in lists.local:
            out.append(m.span(1))
    return out


_CAPS_WORD = re.compile(r"[A-Z]{4,}")
_CAPS_BEFORE = re.compile(r"(?<![\w'’@.&/-])([A-Z]{4,}),?[ ]$")
_CAPS_AFTER = re.compile(r",?[ ]([A-Z]{4,})(?![\w'’@-])")


def caps_family_names(text: str, found: list[Finding], lists, lexicon) -> list[Finding]:
    """Rules 45 (blind51: "pt TREADWELL [Mia]", "MOORCROFT, [Ellie]"): a family name in capitals right before or after
    a title-case name found: a family name of the lists, or five letters or more that no dictionary knows; never an
    acronym of the lists (the keep-side review: "NELFT, EPUT", "TODO, Amina")."""
    out = []
    for f in found:
        if (
            f.entity != "PERSON"
            or not text[f.start : f.start + 1].isupper()
            or text[f.start : f.end].isupper()
        ):
            out.append(f)
            continue
        start, end = f.start, f.end
        before = _CAPS_BEFORE.search(text, max(0, f.start - 30), f.start)
        after = _CAPS_AFTER.match(text, f.end)
        for m, edge in ((before, "start"), (after, "end")):
            if m is None:
                continue
            w = fold_word(m.group(1))
            if (
                w in lists.acronyms
                or w in CONTEXT_WORDS
                or w in LABELS
                or w in FORM_WORDS
                or w in lists.local
            ):
                continue
            if w in lists.surnames or (
                len(w) >= 5 and w not in lexicon and w not in lists.vocab and w not in lists.keep_words
            ):
                start, end = (m.start(1), end) if edge == "start" else (start, m.end(1))
        out.append(Finding(start, end, f.entity, f.source) if (start, end) != (f.start, f.end) else f)
    return out


#: Rules 47: relations' words a name follows in a fast-typed note ("her bf chase came too", "partner dusty works at";
#: "bf" alone is breastfeeding there: "the bf peer says").
_RELATION_BEFORE = (
    "her[ ]bf", "his[ ]gf", "s[ ]bf", "s[ ]gf", "partner", "husband", "hubby", "fiance", "mil", "fil", "sil", "sis", "bro",
    "nan", "nanny", "grandad", "son", "daughter",
)  # fmt: skip
#: What a person does or is after her name in a dictated or fast-typed note (rules 45; rules 47's after the keep-side
#: review: a gestation or an age only before what such a note says next, "had" only a birth, an app only before a handle,
#: "came too" not "too soon"; never "summer 34wks is when", "sage is 6 months old safe", "hope on tiktok is a page").
_DICTATED_ACT = (
    r"(?:(?:rates|rated|gives|gave|scored)[ ](?:it|her|us|them|the[ ]care|a|an|\d|"
    r"one|two|three|four|five|six|seven|eight|nine|ten)|says|said|asked|rang|texted|reckons|"
    r"is[ ](?:eighteen|nineteen|twenty|thirty|forty|[1-4][0-9])(?![ ]+(?:minutes|mins|hours|hrs|days|percent|%))|"
    r"short[ ]for|update|other[ ]half|eldest|youngest|dob|address|email|"
    r"\d{1,2}[ ]?(?:wks|weeks|\+\d)(?=[ ]?[,.;:]|[ ]+(?:pregnant|1st|2nd|3rd|first|second|third|\d|rates|gdm|twins|"
    r"booked|due|now|today|and[ ](?:she|her|rates|booked|had|has))\b|$)|"
    r"(?:is|was)[ ]\d{1,2}[ ](?:days|weeks|wks|months)[ ]old(?=[ ]?[,.;:]|[ ]+(?:and|now|today|mum|feeding)\b|$)|"
    r"had[ ](?:her[ ](?:baby|boy|girl|twins|section)|a[ ](?:baby|boy|girl|section|c-?section)|an?[ ](?:epidural|"
    r"emergency|elective)|epidural|epidral|ventouse|twins)|"
    r"on[ ](?:tiktok|insta|instagram|fb|facebook|snap|snapchat)[ ]+(?:as[ ]|is[ ])?@|"
    r"(?<=s[ ])(?:mum|dad|sis|bro|nan|partner|bf|gf)|"
    r"is[ ]the[ ](?:other[ ])?(?:dad|mum|partner|bf|gf)(?=[ ]?[,.;:]|[ ]+(?:he|hes|she|shes|and|who)\b|$)|"
    r"came[ ](?:too(?![ ]+(?:soon|late|early|quick|quickly|fast|much|far))|on[ ]her[ ]own|on[ ]his[ ]own)|"
    r"\((?:dad|mum|partner|bf|gf|nans[ ](?:husband|partner|bf))\b)"
)
#: A dictated note's sentence breaks said as words, and what a person does or is after her name there.
_DICTATED_NAME = re.compile(
    r"(?:^|(?<=\bfull[ ]stop[ ])|(?<=\bnew[ ]line[ ])|(?<=\bcomma[ ])|(?<=\bvisit[ ])|(?<=\band[ ])"
    # rules 47 (blind55, a connector typing fast in lower case): after a sentence's end and a relation's word
    r"|(?<=[.!?][ ])|" + "|".join(rf"(?<={w}[ ])" for w in _RELATION_BEFORE) + ")"
    r"(([a-z]{3,}?)(?:s|['’]s)?)[ ]+" + _DICTATED_ACT + r"\b"
)
#: Where a dictated note's name is said again (rules 47): opening the note or a clause, or after a joining word.
_REPEAT_SLOT = re.compile(r"(?:^|[.!?,;:(][ ]*|\b(?:and|tho|but|then|with|for|to|from|says|said|cos)[ ]+)$")
_REPEAT_ACT = re.compile(r"(?:['’]?s)?[ ]+" + _DICTATED_ACT + r"\b")
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve".split())  # noqa: SIM905


def dictated_names(text: str, lists) -> list[tuple[int, int]]:
    """Rules 45 (blind51, notes dictated by voice with no capitals: "april rates it a four", "fern is eighteen",
    "robyns other half kyle number is ...", "kit short for ..."): in a note with no capital letter, a given name of the
    lists opening the note or a dictated sentence ("full stop", "new line") before what a person does or is, her age,
    her nickname or her record; never a stop, role, service, keep or clinical word, nor a number's word."""
    if any(c.isupper() for c in text) or len(text) < 40:
        return []
    out = []
    for m in _DICTATED_NAME.finditer(text):
        w = m.group(2)  # the name without its possessive ("robyns other half"): the span is the whole word
        if (
            w in _NUMBER_WORDS
            or w in STOP_WORDS
            or w in CONTEXT_WORDS
            or w in lists.keep_words
            or w in lists.clinical
        ):
            continue
        if w in lists.local or w in _NOT_SENDERS or not _given(w, lists):
            continue
        out.append(m.span(1))
    if out:  # rules 47 (blind55): the same name said again in the note ("rowan rates 3 ... rowan on insta")
        names = {text[a:b].rstrip("s'’") for a, b in out} | {text[a:b] for a, b in out}
        starts = {a for a, _ in out}  # word spans: a repeat is new when no span starts where it does (linear)
        for m in re.finditer(r"\b([a-z]{3,})(?:['’]?s)?\b", text):
            if m.group(1) in names and m.start() not in starts:
                if (
                    not _REPEAT_SLOT.search(text, max(0, m.start() - 12), m.start())
                    or THING_NEXT.match(text, m.end())
                    or not _REPEAT_ACT.match(text, m.start() + len(m.group(1)))
                ):
                    continue  # "the reed bed", "gives me hope", "a little star", "like devon the county"
                if re.match(r"[ ]+of\b", text[m.end() :]):
                    continue  # "peace of mind"
                out.append(m.span())
    return out


_THING_WORD = re.compile(
    r"\b([A-Za-z]+)(?=[ ]+(?:ward|room|suite|unit|centre|center|house|team|group|bay|lounge|clinic|festival|day|tea)\b)"
)


def with_message_names(text: str, found: list[Finding], lists, lexicon) -> list[Finding]:
    """`found` with the names of message writers and of people after kinship words, title-case twins of lower-case
    words and references given in pieces (module docstring)."""
    people = (
        quoted_senders(text, lists, lexicon)
        + note_senders(text, lists)
        + chat_vocatives(text, lists)
        + app_senders(text, lists)
        + kin_names(text, lists, lexicon)
        + cased_twins(text, lists)
        + kin_after_names(text, lists)
        + dictated_names(text, lists)
    )
    things = {m.group(1).lower() for m in _THING_WORD.finditer(text)} if people else set()
    # the keep-side review: a word the note also writes before a thing's noun is that thing ("Is Daisy the one with
    # the pool? Yes, Daisy ward ...")
    spans = [(s, e, "PERSON", SOURCE) for s, e in people if text[s:e].lower() not in things]
    spans += [(s, e, "HOSPITAL_NUMBER", NUMBER_SOURCE) for s, e in split_numbers(text)]
    spans += [(s, e, "UK_NINO", NUMBER_SOURCE) for s, e in spaced_ninos(text)]
    if spans:
        taken = SpanIndex((f.start, f.end) for f in found)
        extra = [
            Finding(s, e, kind, src) for s, e, kind, src in sorted(set(spans)) if not taken.overlaps(s, e)
        ]
        found = resolve_overlaps(found + extra) if extra else found
    return (
        resolve_overlaps(caps_family_names(text, found, lists, lexicon)) if _CAPS_WORD.search(text) else found
    )
