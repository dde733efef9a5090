"""Rules 56: what real patient stories about other services lost that is no one's detail, as pure functions over
findings.

Read from the first 1,000 public Care Opinion stories (the read half; the other 977 are held out, and a blind reader
judged the held-out changes of rules 55: of 881 replaced spans, 250 removed nothing personal, 122 of them a hospital,
ward or service's name, 39 an ordinary word). Each guard runs last (`Anonymiser._final_guards`), so the rule findings
the tagger's features read and the shipped model are unchanged.

- `care_site`: a named building where care is given, not where someone lives. A name right before a service's noun
  ("Park House Dental Clinic", "Hawtonville Children's Centre", "Thorneywood Mount Residential Unit", "Ravensdale
  SureStart Centres") is the service's own name, unless a word of the name is a person's name of the lists ("Mbeki
  Family Practice": a practice named after its GP stays a name). A named house or lodge with no house number ("Arnold
  Lodge", "Prospect House") is a care site in a story (`prose`) that speaks of care (nurses, patients, wards, a unit,
  a dentist, treatment, therapy, a secure service) when its own sentence says nothing of a home (lives, flat, moved,
  room, accommodation, council, tenancy, refuge, hostel, supported). Never right after a title, relative or role
  ("midwife Rose Lodge" stays a name).
  A name and "Ward" after "on", "onto" or "off" is a hospital ward ("stay overnight on Primrose Ward"). A
  programme's or group's own name before its noun ("Tiny Talkers sessions", "Elklan course") when no word of it is a
  person's name of the lists.
- `plain_word`: one lower-case word that is among the commonest English words (Zipf 4.5 or more: "child",
  "memory", "success", "strong", "where", "wall", "bright") and no given name, word name or nickname, found as a
  person by a clue around it ("my eldest child's", "healthy and strong"), in a story (`prose`) only, and never a
  place's name that is no English word ("london"). Lower-case names that are everyday words ("hope", "joy", "storm")
  are word names and stay with the rules that found them; in a hurried note even common words name babies ("baby boy
  blue").
- Rules 57: `hospital_word`, a hospital's one-word short form found alone ("since I left Rampton"; hospital_words.txt,
  no English word, name or place); `compound_piece`, the end of a hyphenated compound ("matter-of-factly");
  `worship_name`, a place of worship named in another language ("Igreja Batista Nova Vida", "Assembleia de Deus").
- `role_word`: one capitalised word that is a role or a clinical word and no name of the lists ("Sarah D (Staff)",
  "Emma (Physiotherapy)").
- `fraction`: a fraction before a unit ("within 1/2 an hour") is no date. `run_together`: a lower-case run of words
  written together ("advicetheygave") is no name.
- `file_piece`: a file's extension inside a web link ("…/360cb991.png)") or a file name ("scan.pdf").
- `italic_run`: two words joined by "._" where the second opens an italic line of a pasted story ("helps._Phone
  chargers", "lost._Walking policy"): markdown, not a user name, when both are English words.
- Rules 64: `worship_name` also takes a place of worship's noun after its name where a place is named ("at Shah Jalal
  Masjid", "temple Sri Murugan Kovil", "thank Singh Sabha"), and a mosque's joined name ("Masjid-e-Ibrahim");
  `without_glued_code` cuts a name back from a code it runs into ("Storm G4P3": "G2P1" is gravida and para) and
  from a number it ends with ("baby Kofi 3 wks");
  `possessive_charity`: "Abigail's Footsteps" and "Zoe's Place" as their names are written.
"""

from __future__ import annotations

import functools
import re

from insights.quotes.context_words import RELATIONS, ROLES, TITLES
from insights.quotes.lexicon import Finding, fold_word

#: Three patterns say "a service's noun follows", each where it can run: `identifiers.SERVICE_AFTER` before the tagger
#: (widening it would change the tagger's inputs), `tagger_guards._SERVICE_NOUN` for a one-word name the tagger alone
#: found, and this one for every finding at the end.
#: A service's noun after its own name: a kind of service and its noun in any case ("X Dental Clinic", "X children's
#: centre", "X SureStart Centres", "X Mount Residential Unit": one more capitalised word allowed before them), or a
#: capitalised "Surgery" or "Clinic" alone.
_SERVICE_AFTER_NAME = re.compile(
    r"[ ]+(?:(?:[A-Z][a-z]+[ ]+)?(?i:dental|eye|sexual[ ]health|children['’]?s|family|sure[ ]?start|"
    r"residential|day|resource|recovery|medical|health|community|wellbeing|rehabilitation|outpatient)"
    r"[ ]+(?i:centres?|centers?|clinics?|practice|unit|services?|hub)"
    r"|Surgery|Clinic)\b"
)
#: A programme's or group's own name before its noun: "the Little Senses group", "Tiny Talkers sessions", "Elklan
#: course" (no name of a person among its words: "Sarah's course" and "Sarah Course" stay names).
_PROGRAMME = re.compile(
    r"(?:[ ][A-Z][a-z]+)?[ ]+(?i:course|courses|programme|programmes|program|sessions?|class|classes|playgroup|"
    r"workshops?|tots|stay[ ]and[ ]play)\b"
)
#: Rules 56 (blind63: "stay overnight on Primrose Ward"): a ward's name after "on", "onto" or "off" is the ward's.
_ON_WARD = re.compile(r"(?<![\w'’])(?:on|onto|off)[ ]+(?:the[ ]+)?\Z")
_WARD_NAME = re.compile(r"(?:[A-Z][a-z]+[ ]){1,3}Ward")  # rules 65: "on John Proctor Ward"
#: A named building with no number: a house or a lodge and the like.
_BUILDING = re.compile(r"(?:House|Lodge)\Z")
#: Rules 66 (Care Opinion's read half): "the Nottingham Recovery College", "courses at Recovery College".
_RECOVERY_COLLEGE = re.compile(r"(?i)\brecovery[ ]colleges?\Z")
#: Care given in the story: a building it names is a service ("the nurses at Arnold Lodge", "the dentists at Park House").
_CARE = re.compile(
    r"(?i)\b(?:nurses|nursed|patients?|wards|units?|dentists?|dental|treatment|therapy|therapists?|psychiatrists?|"
    r"psychologists?|secure|seclusion|admitted|discharged|inpatients?|MDT|OT)\b"
)
#: A home in the sentence: the building may be where someone lives ("her flat in Fleet House", "moved to Heron Court").
_HOME = re.compile(
    r"(?i)\b(?:lives?|living|lived|flats?|home|homes|moved?|moving|address|stays?|staying|stayed|rooms?|doors?|"
    r"floor|council|tenancy|rent|refuge|hostel|housing|neighbours?|block|visit(?:ed|s|ing)? her|at hers|"
    r"landlord|keys?|rm|accommodation|supported|temporary|placement|post|photos?)\b"
)
#: Switches of `anonymise.SWITCHES`.
STEPS = ("care_sites",)

#: A building's own words: "Park House" is no person's name for "Park".
_SITE_WORDS = frozenset(
    ["House", "Lodge", "Park", "Court", "Hall", "Mount", "Green", "Road", "Lane", "Street"]
)
_STAFF_WORDS = frozenset(
    ["staff", "team", "volunteer", "volunteers", "manager", "reception", "student", "students"]
    + ["admin", "admins", "hom", "dom"]  # rules 57: a group's "Admin:", the Head (Director) of Midwifery
)
_PEOPLE_BEFORE = TITLES | RELATIONS | ROLES
_FILE_EXT = frozenset(
    ("png", "jpg", "jpeg", "gif", "webp", "heic", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "csv")
)
#: Rules 65: a web address's last piece, never a person's name ("on facebook.com": the tagger read "com" as one); an
#: e-mail address's pieces stay found.
_DOMAIN_END = frozenset(("com", "org", "net", "uk", "gov", "nhs"))


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end] (cut at . ! ? or a line break)."""
    low = max(0, start - 1000)  # a window: a sentence is shorter, and a long text stays linear
    left = max(low, *(text.rfind(c, low, start) + 1 for c in ".!?\n"))
    high = min(len(text), end + 1000)
    rights = [i for i in (text.find(c, end, high) for c in ".!?\n") if i != -1]
    return text[left : min(rights) if rights else high]


@functools.lru_cache(maxsize=256)
def prose(text: str) -> bool:
    """A story written in sentence case: 200 characters or more, every sentence opening with a capital and "I"
    written so. A lower-case word there is seldom a name; in a hurried note it often is ("baby boy blue is 6 wks")."""
    return (
        len(text) >= 200
        and re.search(r"(?:\A|[.!?][ \t]+|\n)[ \t]*[a-z]", text) is None
        and re.search(r"(?<![\w'’])i(?![\w'’])", text) is None
    )


def _person_before(text: str, start: int) -> bool:
    word = re.search(r"([A-Za-z]+)[\s,:]*\Z", text[max(0, start - 30) : start])
    return bool(word) and fold_word(word.group(1)) in _PEOPLE_BEFORE


def care_site(text: str, f: Finding, lists) -> bool:
    """A service's own name or a named care building (module docstring)."""
    if f.entity not in ("PERSON", "UK_ADDRESS", "SCHOOL"):
        return False
    piece = text[f.start : f.end]
    if f.entity == "SCHOOL" and _RECOVERY_COLLEGE.search(piece):
        return True  # rules 66: an NHS trust's mental health courses, no school a child attends
    if (
        f.entity == "PERSON"
        and _ON_WARD.search(text, max(0, f.start - 12), f.start)
        and _WARD_NAME.fullmatch(piece)
        and not re.match(r"['’]s\b", text[f.end : f.end + 3])  # "on Donna Ward's caseload": hers
    ):
        return True
    if re.search(r"\d", text[max(0, f.start - 12) : f.end]) or _person_before(text, f.start):
        return False
    if not piece[:1].isupper():
        return False
    if _SERVICE_AFTER_NAME.match(text, f.end) or (f.entity == "PERSON" and _PROGRAMME.match(text, f.end)):
        return not any(lists.gazetteer(w) for w in re.findall(r"[A-Za-z]+", piece) if w not in _SITE_WORDS)
    if f.entity == "PERSON" or not _BUILDING.search(piece.rstrip(" .,")) or not prose(text):
        return False
    return bool(_CARE.search(text)) and not _HOME.search(_sentence(text, f.start, f.end))


def hospital_word(text: str, f: Finding, lists) -> bool:
    """Rules 57 (Care Opinion: "since I have left Rampton", "I find Rampton too restrictive"): a hospital's one-word
    short form that is no English word and no name (`Lists.hospital_words`), found alone, is the hospital. Not
    after a title, relative or role, nor right after a given name ("Sarah Rampton" found in two pieces)."""
    piece = re.sub(r"['’]s\Z", "", text[f.start : f.end])
    if f.entity != "PERSON" or f.source.endswith(":deny-list") or not re.fullmatch(r"[A-Z][a-z'-]+", piece):
        return False
    before = re.search(r"([A-Za-z]+)[ ]*\Z", text[max(0, f.start - 30) : f.start])
    return (
        fold_word(piece) in lists.hospital_words
        and not _person_before(text, f.start)
        and not (before and before.group(1)[:1].isupper() and lists.given_word(fold_word(before.group(1))))
    )


#: A short word that joins a compound with hyphens ("matter-of-factly", "out-of-hours", "up-to-date").
_JOINER = re.compile(r"(?:^|(?<=[^\w-]))[a-z]+-(?:[a-z]+-)*(?i:of|in|to|the|at|up|by|on|and|a)-\Z")


def compound_piece(text: str, f: Finding) -> bool:
    """Rules 57 (real comments: "dealt with me matter-of-factly"): the lower-case end of a compound joined by hyphens
    through a short joining word is no name; "anne-marie" has no joining word and stays with the rule that found it."""
    piece = text[f.start : f.end]
    return (
        f.entity == "PERSON"
        and re.fullmatch(r"[a-z]+", piece) is not None
        and _JOINER.search(text, max(0, f.start - 30), f.start) is not None
    )


#: Rules 57 (blind65): a place of worship's own word in another language, opening its name ("Igreja Batista Nova
#: Vida", "Assembleia de Deus", "Comunidade Cristã Shalom", "Iglesia Ni Cristo", "Biserica Sfântul Nicolae").
_WORSHIP = re.compile(
    r"\b(?:Igreja|Iglesia|Église|Eglise|Chiesa|Kościół|Kosciol|Parafia|Biserica|Assembleia|Asamblea|Comunidade|"
    r"Comunidad|Congregação|Templo|Ministério|Ministerio|Cemevi|Mandir|Masjid|Jamia)"
    r"(?:[ ]+(?:[A-ZÀ-ÝĀ-Ž][\w'’-]*|de|da|do|dos|das|del|la|di|ni|of|e|y))*[ ]*\Z"
)


#: Rules 64 (a tuning set lost "Shah Jalal Masjid", "Sri Murugan Kovil", "Singh Sabha", "Christ Faith Tabernacle",
#: "Masjid-e-Ibrahim"): a place of worship's noun after its name, capitalised, and the joined openings of a mosque's
#: name. A venue named after a prophet, saint or god names no one's home.
_WORSHIP_AFTER = re.compile(
    r"(?:[ ]+[A-Z][a-z]+)?[ ]+(?:Masjid|Mosque|Kovil|Koil|Mandir|Sabha|Gurdwara|Gurudwara|Tabernacle|Chapel|Cathedral|Synagogue|"
    r"Temple|Church|Ministries|Vihara|Monastery)\b(?!['’])"
)
#: Where a place is named: after "at", "the", "in", a kind of venue, a thank-you or a holy one's title ("Pastor John
#: Church said" and "a text from Holly Church" are people's names).
_VENUE_BEFORE = re.compile(
    r"(?i)(?<![\w'’])(?:at|the|in|near|outside|inside|thank|thanks|temple|mosque|church|gurdwara|"
    r"chapel|sri|shri|christ|st|saint|guru)[ ]+\Z"
)
_WORSHIP_JOINED = re.compile(r"\b(?:Masjid|Jamia|Jamiah|Darul|Madrasa|Madrassa)-(?:[eE]|[aAuU][lnrs]|an)-\Z")


def worship_name(text: str, f: Finding, lists) -> bool:
    """Rules 57: a finding inside a place of worship's name that opens with its own word in another language; the
    English ones ("X Church", "X Chapel") are the services' rules'. A given name of the lists after the word is a
    person's ("the Masjid Sarah Khan runs"), unless a joining word comes first ("Assembleia de Deus")."""
    if not re.fullmatch(r"[^\W\d_]+(?:[ ][^\W\d_]+)*", text[f.start : f.end]):
        return False  # a name's words only: never a number, handle or e-mail
    piece = text[f.start : f.end]
    last = piece.rfind(" ")
    if _WORSHIP_JOINED.search(text, max(0, f.start - 12), f.start) or (
        f.entity == "PERSON"
        and piece[:1].isupper()
        and (
            _WORSHIP_AFTER.match(text, f.end)
            or (
                last > 0
                and _WORSHIP_AFTER.fullmatch(piece, last)
                and not re.match(r"['’]", text[f.end : f.end + 1])
            )
        )
        and _VENUE_BEFORE.search(text, max(0, f.start - 12), f.start)
    ):
        return True  # rules 64: "Masjid-e-Ibrahim", "Shah Jalal Masjid", "Sri Murugan Kovil"
    first = re.match(r"[\w'’-]+", text[f.start : f.end])
    if first and _WORSHIP.search(first.group()):
        return True
    if _WORSHIP.search(text, max(0, f.start - 60), f.start) is None or text[f.start - 1 : f.start] != " ":
        return False
    joined = re.search(
        r"\b(?:de|da|do|dos|das|del|la|di|ni|of|e|y)[ ]\Z", text[max(0, f.start - 5) : f.start]
    )
    return bool(joined) or not any(fold_word(w) in lists.first_names for w in text[f.start : f.end].split())


def plain_word(text: str, f: Finding, lists, lexicon) -> bool:
    """One lower-case common English word that no names list holds (module docstring)."""
    piece = text[f.start : f.end]
    return (
        f.entity == "PERSON"
        and re.fullmatch(r"[a-z]+", piece) is not None
        and lexicon.frequency.get(piece, 0.0) >= 4.5
        and prose(text)
        and (piece in lexicon or piece not in lists.vocab)  # a place's name ("london") is no English word
        and not lists.given_word(piece)
        and not lists.gazetteer(piece)
    )


def prose_lower_word(text: str, f: Finding, lists, lexicon) -> bool:
    """Rules 66 (Care Opinion's read half: "play hide and seek", "kept me sane", "under bright lights"): in a story
    written in sentence case (`prose`), one lower-case English word that no names list holds (given names,
    nicknames, ONS babies, the gazetteer) is a word, not a name: such a writer capitalises names. Not a word no
    dictionary knows: chats pass for prose and hold nicknames ("omg bexie they called")."""
    piece = text[f.start : f.end]
    return (
        f.entity == "PERSON"
        and re.fullmatch(r"[a-z]+", piece) is not None
        and piece in lexicon
        and prose(text)
        and piece not in lists.first_names
        and piece not in lists.nicknames
        and piece not in lists.ons_strong
        and not lists.gazetteer(piece)
    )


#: A role word capitalised only ("sez and trace (sisters)" are names'), or rules 57's "HoM" and "DoM".
_ROLE_SHAPE = re.compile(r"[A-Z][a-z]+|HoM|DoM")


def role_word(text: str, f: Finding, lists) -> bool:
    """Rules 56 (Care Opinion: "Sarah D( Staff )", "Emma (Physiotherapy)"): one word that is a role or a clinical
    word and no name of the lists is never a person by itself."""
    piece = text[f.start : f.end]
    w = fold_word(piece)
    return (
        f.entity == "PERSON"
        and _ROLE_SHAPE.fullmatch(piece) is not None
        and (w in ROLES or w in lists.clinical or w in _STAFF_WORDS)
        and not lists.given_word(w)
        and not lists.gazetteer(piece)
    )


#: Rules 66: people a transcript's speaker label names by their part, not their name ("_Client:_", "Carer:").
_SPEAKER_PARTS = frozenset(
    {"client", "carer", "patient", "parent", "visitor", "interviewer", "respondent", "volunteer", "relative"}
)
_LABEL_END = re.compile(r"[_*]*[ ]*:")


def speaker_part(text: str, f: Finding) -> bool:
    """Rules 66 (Care Opinion's read half: "_Client:_ You've helped me loads ... _Carer:_ I don't think"): one
    capitalised word before a speaker label's colon that is a part people play (a client, carer, patient, relative or
    role) is neither a name nor a chat handle."""
    piece = text[f.start : f.end]
    w = fold_word(piece)
    return (
        f.entity in ("PERSON", "SOCIAL_MEDIA")
        and re.fullmatch(r"[A-Z][a-z]+|[A-Z]+", piece) is not None
        and (w in _SPEAKER_PARTS or w in ROLES or w in RELATIONS)
        and _LABEL_END.match(text, f.end) is not None
    )


_FRACTION_UNIT = re.compile(
    r"[ ]+(?:an?[ ]+)?(?i:hours?|hrs?|miles?|days?|weeks?|doses?|tablets?|litres?|pints?|cups?)\b"
)


def fraction(text: str, f: Finding) -> bool:
    """Rules 56 (real comments: "arrived within 1/2 an hour"): a fraction before a unit is no date."""
    return (
        f.entity == "DATE_TIME"
        and re.fullmatch(r"[1-9]/[1-9]", text[f.start : f.end]) is not None
        and _FRACTION_UNIT.match(text, f.end) is not None
    )


def run_together(text: str, f: Finding, lists, lexicon) -> bool:
    """Rules 56 (real comments: "the care and advicetheygave me"): a lower-case run of eight letters or more that reads
    as two to four common English words of three letters or more written together, and is no given name, no name of
    the lists and no English word itself, names no one."""
    piece = text[f.start : f.end]
    if f.entity != "PERSON" or not re.fullmatch(r"[a-z]{8,30}", piece):
        return False
    if lists.given_word(piece) or lists.gazetteer(piece) or piece in lexicon:
        return False
    frequency = lexicon.frequency

    def word(w: str) -> bool:
        return len(w) >= 3 and frequency.get(w, 0.0) >= 4.5 and not lists.given_word(w)

    best = {0: 0}  # end -> fewest words to reach it
    for end in range(1, len(piece) + 1):
        options = [
            best[start] + 1
            for start in range(max(0, end - 15), end)
            if start in best and word(piece[start:end])
        ]
        if options:
            best[end] = min(options)
    return 2 <= best.get(len(piece), 99) <= 4


def file_piece(text: str, f: Finding) -> bool:
    """A file's extension after a dot in a link or a file name (module docstring)."""
    piece = text[f.start : f.end]
    return (
        (
            piece.lower() in _FILE_EXT
            or (f.entity in ("PERSON", "SOCIAL_MEDIA") and piece.lower() in _DOMAIN_END)
        )
        and f.start > 0
        and text[f.start - 1] == "."
        and re.match(r"[\w\-]", text[f.start - 2 : f.start - 1] or " ") is not None
    )


def italic_run(text: str, f: Finding, lexicon) -> bool:
    """A markdown italic line joined to the sentence before it: "lost._Walking" (module docstring)."""
    m = re.fullmatch(r"([a-z]+)\._([A-Z][a-z]+)", text[f.start : f.end])
    return (
        f.entity == "SOCIAL_MEDIA"
        and m is not None
        and m.group(1) in lexicon
        and fold_word(m.group(2)) in lexicon
    )


_DEFINED = re.compile(r"(?<![\w'’])([A-Z]{2,6})[ ]*[–-]?[ ]*\([ ]*([A-Za-z][A-Za-z'’ ]{3,60}?)[ ]*\)")
_SERVICE_END = re.compile(
    r"(?i)(?:centre|center|service|services|team|unit|clinic|ward|hospital|hub|group)\Z"
)


def defined_services(text: str) -> set[str]:
    """Rules 56: an acronym that a bracket spells out as a service ("the DRC (Diamond resource centre)"): the acronym
    and the bracket's words are a service's, at every mention. The other way round, words with the acronym in a bracket
    after them ("Labour Ward (LW)"), is `tagger_guards._defined`'s."""
    out = set()
    for m in _DEFINED.finditer(text):
        if _SERVICE_END.search(m.group(2)) and m.group(2)[:1].lower() == m.group(1)[:1].lower():
            out.add(m.group(1))
            out.update(re.findall(r"[A-Za-z]+", m.group(2)))
    return out


#: Rules 64: charities named with a person's possessive, matched only as their names are written (both words capitalised:
#: "she followed in Abigail's footsteps" and "at zoe's place" name a person): the baby-loss charity that gives cuddle
#: cots, the baby hospice.
_POSSESSIVE_CHARITY = re.compile(r"\b(?:Abigail['’]s[ ]Footsteps|Zoe['’]s[ ]Place)\b")


def possessive_charity(text: str, f: Finding) -> bool:
    """Rules 64: a name inside "Abigail's Footsteps" or "Zoe's Place" (`_POSSESSIVE_CHARITY`)."""
    return f.entity == "PERSON" and any(
        m.start() <= f.start and f.end <= m.end() for m in _POSSESSIVE_CHARITY.finditer(text)
    )


def without_glued_code(text: str, f: Finding) -> Finding | None:
    """Rules 64 (a tuning set: "Pt R.T. 22yo G2P1" lost "G2P1" as "[NAME]2P1"): a name found up to a letter that runs
    straight on into a digit ends at the start of a code (gravida and para "G2P1", "T2", OCR's "exp1ained"): the
    finding is cut back to the word before ("Bronwyn Setter G2P1"), or dropped when no word of letters is left. A
    short number a name's finding ends with is cut off too ("baby Kofi 3 wks", "Kofi 3wks", "Ama 8/10": spaCy's
    entity took the age or the rating); a longer one stays inside, as it may be a reference ("Jo Bloggs 4417823")."""
    if f.entity == "PERSON":
        tail = re.search(r"(?:[ ]+\d{1,3}(?:[/.:+]\d{1,3})*[A-Za-z]{0,6})+\Z", text[f.start : f.end])
        head = text[f.start : f.start + tail.start()] if tail else ""
        if (
            tail
            and re.search(r"[^\W\d_]", head)
            and not re.search(
                r"(?i)\b(?:room|rm|flat|bed|bay|cot|ward|pitch|plot|unit|block|house|no)\Z", head
            )
        ):
            f = Finding(f.start, f.start + tail.start(), f.entity, f.source)  # "baby Kofi 3 wks"
    if not (
        f.entity == "PERSON"
        and f.end < len(text)
        and text[f.end].isdigit()
        and text[f.end - 1 : f.end].isalpha()
    ):
        return f
    piece = text[f.start : f.end]
    cut = piece.rfind(" ")
    kept = piece[:cut].rstrip(" ,;:") if cut > 0 else ""
    if not kept or any(c.isdigit() for c in kept):
        return None
    return Finding(f.start, f.start + len(kept), f.entity, f.source)


def _all_in(words: list[str], sites: set[str]) -> bool:
    return bool(words) and all(w in sites for w in words)


def without_care_sites(text: str, found: list[Finding], lists, lexicon) -> list[Finding]:
    """`found` without services' names, care buildings, common lower-case words, file extensions and italic runs."""
    sites = defined_services(text)
    found = [g for f in found if (g := without_glued_code(text, f)) is not None]
    return [
        f
        for f in found
        if not (
            (f.entity == "PERSON" and _all_in(re.findall(r"[^\W\d_]+", text[f.start : f.end]), sites))
            or care_site(text, f, lists)
            or plain_word(text, f, lists, lexicon)
            or prose_lower_word(text, f, lists, lexicon)
            or hospital_word(text, f, lists)
            or compound_piece(text, f)
            or worship_name(text, f, lists)
            or role_word(text, f, lists)
            or speaker_part(text, f)
            or fraction(text, f)
            or possessive_charity(text, f)
            or run_together(text, f, lists, lexicon)
            or file_piece(text, f)
            or italic_run(text, f, lexicon)
        )
    ]
