"""Rules 44: what the steps before took that is public or no part of a name, as pure functions over findings.

Read from blind47 (a tuning writer: a connectors' WhatsApp export, a Hong Kong mums' group, a Traveller team's
notes; scored once as new, then read) and the keep-side reviews of rules 41-43. The held-out sets stay unread. All
run last (`Anonymiser._final_guards`, after `with_handles`), so the rule findings the tagger's features read and the
shipped model are unchanged.

- `public_number`: a phone number no person holds: a non-geographic number (0300-0399, 0800, 0808, 0843-0845,
  0870-0873: Ofcom keeps these for organisations, freephone and public bodies; "National Breastfeeding Helpline
  0300 100 0212", "Citizens Advice 0800 144 8848"), or a number right after "switchboard", "helpline", "advice
  line", "triage line" ("switchboard 01322 428100"). Never a mobile (07), nor a number said as a relative's or a
  person's own, nor one after a place abroad (Pakistan's, Ireland's and Nigeria's mobiles start 03, 08); a woman's home
  line (01, 02) stays a [PHONE] anywhere else.
- `area_district`: a postcode district alone named as an area, not as where someone lives: two or more joined by
  "and", "or", "&", "/" or "," with "areas" or "districts" after them ("DA10 and BR8 areas worst") or "families in"
  before them ("BN(O) families in DA10 and DA11"), or after
  "district(s) (only) like/e.g./such as" ("a postcode district only (like DA1 or DA11)"). The design keeps the
  district (docs: DESIGN.md, "postcode_district"); one district after a person ("lives DA10") stays a [POSTCODE].
- `trimmed`: a name found with a greeting before it ("Cheers Amina", "Morning Amina") or an honorific or kinship
  word of another language after it ("Fatma abla", "Ayşe teyze", "Parisa joon") keeps the greeting or the
  honorific outside [NAME]; a chat sender that is a role or a service ("[14:02] Moderator: ...") is no name.
- `public_inbox`: a team's inbox at an NHS or government domain, its local part only service words (rules 45: or two
  run together, "hvteam"), trusts' codes and Kent's towns ("dgn-tr.pals@nhs.net", "antenatal.screening@nhs.net",
  "gravesham.hvteam@nhs.net"); a person's address there ("jane.doe@nhs.net", "jb.midwife@
  nhs.net", "anu.pals@nhs.net") stays an [EMAIL].
- `world_piece`: one word of a town's two-word name written whole ("went to Yuen Long and Sha Tin": the tagger took
  "Sha").
- `nino_whole`: a reference found on a National Insurance number without its last letter becomes the whole number.
- `river_name`: a word before "river" or after "River" ("the Shannon river", "River Darent") is a place.
"""

from __future__ import annotations

import re

from insights.quotes.context_words import FAITH_TITLES, TITLES
from insights.quotes.identifiers import nino_spans
from insights.quotes.lexicon import Finding, SpanIndex, fold_word

#: Ofcom's number ranges for organisations: 03 (public bodies, charities, companies, geographic rates), 080 (freephone),
#: 0843-0845 and 0870-0873 (service numbers). No person's own line is in them.
_NON_GEOGRAPHIC = re.compile(r"0(?:3[0-9]|80[08]|84[345]|87[0-3])")
_PUBLIC_LINE_BEFORE = re.compile(
    r"(?i)\b(?:switchboard|help[ -]?line|advice[ -]line|hot[ -]?line|freephone"
    r"|(?:triage|labour|maternity|ward|unit|clinic)[ ](?:line|number|no\.?|phone))(?:[ ](?:number|no\.?|num|tel))?"
    r"(?:[ ](?:is|on))?[ ]?[:\-–]?[ ]*$"
)

#: A number said as a person's: a possessive or a relative, or a mobile's words, before it.
_PERSONS_NUMBER = re.compile(
    r"(?i)\b(?:mums?|mams?|dads?|husbands?|wife|wifes|partners?|sisters?|sis|brothers?|aunts?|aunties|auntie|uncles?|"
    r"cousins?|friends?|gran|nan|family|whatsapp|pak|irish|nigerian)\b"
    r"|\b(?:her|his|my|their|own|personal|old)[ ]+(?:[a-z]+[ ]+)?(?:number|no|mobile|mob|phone|cell)\b"
    r"|['’]s[ ]+(?:number|no|phone)\b"
)
_DISTRICT = r"[A-Za-z]{1,2}\d{1,2}"
_DISTRICT_LIST = re.compile(
    rf"(?<![\w/-]){_DISTRICT}(?:[ ]*(?:,|/|&|\band\b|\bor\b)[ ]*{_DISTRICT})+(?![\w/-])"
)
#: A person living in the districts listed: where she lives, not areas ("her parents live in DA1 and DA12 areas").
_LIVES_BEFORE = re.compile(
    r"(?i)(?:\b(?:she|he|her|his|they|their|i|we|my|both|parents|sister|brother|mum|dad)\b[^.\n]{0,25})?"
    r"\b(?:lives?|living|are|is|based|moved|moves|between|postcode)\b[^.\n]{0,12}$"
)
#: What after a list of districts says they are areas (read after the list, not in its regex: a lookahead there made
#: a long list quadratic).
_AREAS_AFTER = re.compile(r"[^.\n]{0,30}\b(?:areas|districts)\b")
_DISTRICT_PEOPLE = re.compile(
    rf"(?i)\b(?:families|mums|mothers|women|ladies|people|households)[ ]+(?:(?:are|live|living|mostly|all)[ ]+)*"
    rf"(?:in|from)?[ ]*{_DISTRICT}"
    rf"(?:[ ]*(?:,|/|&|\band\b|\bor\b)[ ]*{_DISTRICT})+(?![\w/-])"
)
_DISTRICT_LIKE = re.compile(
    rf"(?i)(?<!her[ ])(?<!his[ ])(?<!their[ ])(?<!my[ ])\bdistricts?(?:[ ]only)?[ ]*\(?(?:like|e\.?g\.?|such[ ]as)[ ]+{_DISTRICT}"
    rf"(?:[ ]*(?:,|/|&|\band\b|\bor\b)[ ]*{_DISTRICT})*"
)

GREETINGS = frozenset(
    "cheers morning evening afternoon night hi hiya hello hey heya thanks thanx thx ta dear bye congrats "  # noqa: SIM905
    "congratulations welcome".split()
)
#: Honorifics and kinship words said after a given name in Turkish, Persian, Kurdish, Arabic, Greek-Cypriot and
#: Cantonese speech (the South Asian ones are rules 25's, note_people). Never part of the name (the corpora's rule:
#: honorific and kinship words are ROLE keeps outside the span).
HONORIFICS_AFTER = frozenset(
    "abla teyze hanim hanım amca agabey ağabey yenge hoca dayi dayı enişte eniste "  # noqa: SIM905
    "jaan xanim xanım ammo khalto sitt tante yiayia theia thia jeh je".split()
)
#: Rules 59 (blind69: "Fereshta jan", "Homa khanum", "Noori agha"): Persian honorifics after a name, only in lower case
#: ("Zubaida Khanum", "Gul Agha" and "Mrs Jan" are names).
HONORIFICS_AFTER_LOWER = frozenset({"jan", "joon", "khanum", "khanom", "khanoum", "agha", "aga"})
_ROLE_SENDERS = frozenset(
    "admin officer moderator mod host chair coordinator reception receptionist bot chatbot system support helpline "  # noqa: SIM905
    "switchboard caller operator team staff everyone all group triage facilitator volunteer".split()
)
#: A team's inbox at an NHS or government domain: every piece of its local part a service's word or a short code of a
#: trust or team ("dgn-tr.pals@nhs.net", "pals.dvh@example.nhs.uk", "kent.maternity-voices@nhs.net").
_PUBLIC_MAIL = re.compile(r"(?i)^([a-z0-9._-]+)@(?:[a-z0-9-]+\.)*(?:nhs\.net|nhs\.uk|gov\.uk)$")
_INBOX_WORDS = frozenset(
    "pals team teams screening antenatal antenatalscreening postnatal maternity midwifery midwives midwife triage admin "  # noqa: SIM905
    "enquiries enquiry info information referrals referral appointments appointment bookings booking reflections "
    "chaplaincy chaplain spiritualcare "
    "birthreflections gynaecology gynae obstetrics complaints feedback office contact records sar appeals parking "
    "safeguarding voices mnvp mvp patient patients experience engagement hub service services support helpline "
    "bereavement perinatal mentalhealth health visiting hv neonatal nicu scbu infantfeeding feeding breastfeeding "
    "switchboard reception secretaries secretary bookingteam digital comms communications press media hr payroll "
    "governance icb ccg nhs trust kent medway dartford gravesham swanley gravesend sevenoaks maidstone".split()
)
#: Short codes NHS trusts and teams in and around Kent put in their inboxes ("dgn-tr.pals", "pals.dvh"); a person's
#: initials or short name ("jb.midwife", "anu.pals") are none of these.
_TRUST_CODES = frozenset(
    "dgn dgt dgs dvh tr mtw mtwnhs ekh ekht ekhuft kmpt kchft mft medway kent kcc icb nhs gstt kch lgt bsuh esht sash "  # noqa: SIM905
    "qeh uhl nelft hcrg".split()
)
_RIVER = re.compile(r"[ ]+river\b")
_RIVER_BEFORE = re.compile(r"\bRiver[ ]+$")  # not "by the river Precious told me": a name after "the river"


def public_number(text: str, f: Finding, lists) -> bool:
    """A phone finding that is an organisation's number (module docstring); never a mobile (07), nor one said as a
    person's or from abroad ("her mums number in Pakistan 0300 1234567", "sister in Cork 087 123 4567": 03 and 08 are
    mobiles' prefixes in Pakistan, Ireland and Nigeria)."""
    if f.entity != "PHONE_NUMBER":
        return False
    digits = re.sub(r"\D", "", text[f.start : f.end])
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    if digits.startswith("07"):
        return False
    before = text[max(0, f.start - 45) : f.start]
    if _PERSONS_NUMBER.search(before) or any(
        fold_word(w) in lists.world and fold_word(w) not in lists.local and w not in ("UK", "England")
        for w in re.findall(r"[A-Z][a-z]+", before)
    ):
        return False
    return bool(_NON_GEOGRAPHIC.match(digits)) or bool(_PUBLIC_LINE_BEFORE.search(before))


def public_inbox(text: str, f: Finding, lists) -> bool:
    """An e-mail finding that is a team's NHS or government inbox (`_PUBLIC_MAIL`): service words (`_INBOX_WORDS`) and
    trusts' codes (`_TRUST_CODES`) only ("sam.hv@nhs.net", "jb.midwife@nhs.net" stay an [EMAIL])."""
    m = _PUBLIC_MAIL.match(text[f.start : f.end]) if f.entity == "EMAIL_ADDRESS" else None
    if m is None:
        return False
    pieces = [p for p in re.split(r"[._-]+", m.group(1).lower()) if p]
    return any(_inbox_word(p) for p in pieces) and all(
        _inbox_word(p) or p in _TRUST_CODES or p.isdigit() for p in pieces
    )


def _inbox_word(piece: str) -> bool:
    """A service word of team inboxes, or two run together (rules 45: "hvteam", "patientexperience")."""
    return piece in _INBOX_WORDS or any(
        piece[:i] in _INBOX_WORDS and piece[i:] in _INBOX_WORDS for i in range(2, len(piece) - 1)
    )


def _area_spans(text: str) -> list[tuple[int, int]]:
    return [
        m.span()
        for m in _DISTRICT_LIST.finditer(text)
        if _AREAS_AFTER.match(text, m.end())
        and not _LIVES_BEFORE.search(text, max(0, m.start() - 40), m.start())
    ] + [m.span() for p in (_DISTRICT_PEOPLE, _DISTRICT_LIKE) for m in p.finditer(text)]


def area_district(text: str, f: Finding, areas: SpanIndex) -> bool:
    """A postcode finding that is a district alone, named as an area (module docstring)."""
    return (
        f.entity == "UK_POSTCODE"
        and re.fullmatch(_DISTRICT, text[f.start : f.end]) is not None
        and areas.contains(f.start, f.end)
    )


def world_piece(text: str, f: Finding, lists) -> bool:
    """A one-word name finding that is a word of a town's two-word name written whole ("Sha Tin", "Tai Po")."""
    if f.entity != "PERSON" or " " in text[f.start : f.end]:
        return False
    word = fold_word(text[f.start : f.end])
    after = re.match(r"[ ]([A-Z][a-z]+)\b", text[f.end : f.end + 20])
    before = re.search(r"\b([A-Z][a-z]+)[ ]$", text[max(0, f.start - 20) : f.start])
    return bool(
        (after and f"{word} {fold_word(after.group(1))}" in lists.world)
        or (before and f"{fold_word(before.group(1))} {word}" in lists.world)
    )


def river_name(text: str, f: Finding) -> bool:
    """A one-word name finding that is a river's (module docstring)."""
    return (
        f.entity == "PERSON"
        and " " not in text[f.start : f.end]
        and (
            bool(_RIVER.match(text, f.end)) or bool(_RIVER_BEFORE.search(text, max(0, f.start - 12), f.start))
        )
    )


#: Rules 53: a word that names the one greeted ("named Hiya", "baby Hello"): there a greeting's word is a name.
_NAMED_BEFORE = re.compile(r"(?i)\b(?:named|called|call(?:ing)?[ ]her|baby|name[ ]is|name's)[ ]+$")


def _lone_greeting(text: str, start: int, word: str) -> bool:
    """Rules 53 (a keep-side gap: "Hiya! I'm 41", "Hiya ladies" were removed as a rare given name): one word of
    `GREETINGS` alone, but "ta" (a family name too) and never after a naming word."""
    return word in GREETINGS and word != "ta" and not _NAMED_BEFORE.search(text, max(0, start - 20), start)


def trimmed(text: str, f: Finding) -> Finding | None:
    """`f` without a greeting before it or an honorific after it; None when nothing of a name is left or it is a
    role's chat sender (module docstring)."""
    if f.entity != "PERSON":
        return f
    words = list(re.finditer(r"\S+", text[f.start : f.end]))
    if f.source.endswith(":speaker") and all(fold_word(w.group()) in _ROLE_SENDERS for w in words):
        return None
    if len(words) == 1 and _lone_greeting(text, f.start, fold_word(words[0].group())):
        return None  # rules 53: "Hiya! I'm 41", "Hiya ladies": a greeting (an ONS name too), not a name
    start, end = f.start, f.end
    if len(words) >= 2 and fold_word(words[0].group().rstrip(",")) in GREETINGS:
        start = f.start + words[1].start()
        words = words[1:]
    if (
        len(words) >= 2
        and (fold_word(words[-1].group()) in HONORIFICS_AFTER or words[-1].group() in HONORIFICS_AFTER_LOWER)
        and not all(
            fold_word(w.group().rstrip(".")) in TITLES for w in words[:-1]
        )  # "Mrs Kaka": her family name
    ):
        end = f.start + words[-2].end()
    if (start, end) == (f.start, f.end):
        return f
    return Finding(start, end, f.entity, f.source)


def nino_whole(text: str, f: Finding) -> Finding:
    """A reference found on a National Insurance number without its last letter ("claim: [JH 47 11 03] B": the
    reference finder's span won the overlap) becomes the whole NI number."""
    if f.entity != "HOSPITAL_NUMBER":
        return f
    tail = re.match(r"[ -]?[A-Da-d](?![A-Za-z0-9])", text[f.end : f.end + 3])
    piece = text[f.start : f.end + len(tail.group())] if tail else ""
    if piece and (0, len(piece)) in nino_spans(piece):
        return Finding(f.start, f.start + len(piece), "UK_NINO", f.source)
    return f


#: Rules 59 (blind69: "The Bishop's wife says ..."; "The Pastor's wife" too): a church's office after "the", "our" or
#: "her" is the office, not a name ("Pastor Mike", "Bishop Adeyemi" stay names).
_OFFICES = FAITH_TITLES | frozenset(
    "archbishop deaconess elder minister evangelist prophet prophetess apostle overseer curate".split()  # noqa: SIM905
)
_OFFICE_BEFORE = re.compile(r"(?<![\w'’])(?:the|The|THE|our|Our|her|Her|their|Their)[ ]\Z")


def church_office(text: str, f: Finding) -> bool:
    """A one-word name finding that is a church's office after "the" or a possessive (`_OFFICES`)."""
    return (
        f.entity == "PERSON"
        and fold_word(text[f.start : f.end]) in _OFFICES
        and _OFFICE_BEFORE.search(text, max(0, f.start - 8), f.start) is not None
    )


def with_public_keeps(text: str, found: list[Finding], lists) -> list[Finding]:
    """`found` without organisations' numbers, districts named as areas and rivers, its names trimmed of greetings
    and honorifics (module docstring)."""
    areas = SpanIndex(_area_spans(text))
    out = []
    for f in found:
        if (
            public_number(text, f, lists)
            or public_inbox(text, f, lists)
            or area_district(text, f, areas)
            or river_name(text, f)
            or world_piece(text, f, lists)
            or church_office(text, f)
        ):
            continue
        kept = trimmed(text, nino_whole(text, f))
        if kept is not None:
            out.append(kept)
    return out
