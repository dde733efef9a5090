"""Rules 46 and 47: names in minutes, e-mails' greetings and sign-offs and other scripts; NHS numbers given in pieces.

Read from blind53 (a tuning writer of rules 46: a partnership's minutes with action owners and initials, a venue log
pasted as a table, a transcribed interview, a weekly e-mail thread, a connector who capitalises nouns, a handover; scored
once as new, then read), blind55 (rules 47's tuning writer) and both rounds' reviews. The held-out sets stay unread. Pure
functions over a note's text and the findings so far, run inside `tagger_guards.with_rules42_names` before the repeats;
the tagger's features and the shipped model are unchanged.

- `hyphen_halves`: a name found grows over the other half of a hyphenated name ("Thanks [Ellis]-May xx"), never into
  another finding.
- `script_names`: a name written in another script in brackets right after a name found, after "she spells it" or "spells
  her name", or after a name and a comma before "on the form" ("Mum Rukhsana (রুখসানা)"); never a word written on a form
  or a poster by itself, and a phrase of three words or more in another script stays.
- `minute_initials`: staff initials in capitals where minutes put people (openings before minutes' verbs, "ACTION",
  a register of two or more, rules 47: after cc/per/apologies/with, "XX's", "XX (chair)"), only once a note shows two
  different people so; then every use of the same initials in the note. Never an acronym, clinical or kept word of the
  lists, a role or unit code (`_CODES`: "CNS", "TCU", "SLT") nor a code the note defines ("Labour Ward (LW)"); a family
  name in capitals before a role in brackets ("ASHBY (governor)").
- `sign_off_initial`: a message's last word a lone initial or two-letter short name after a closing word ("Thanks. O",
  "rather than me. P"); not "X" (a kiss), "I" or "A", nor a letter after a list ("Bay numbers: 1, 2, 3. C").
- `greeted_names`: the word a message or line opens by greeting ("Hi Peach, thank you"), when it is a given name of the
  lists or no dictionary word; never a group, role, service or place ("Hi all,", "Dear Parent,", "Hi Estates,").
- `firm_owners`: the family an "& Sons" firm is named after ("Dunmore & Sons Funeral Directors"), never a dictionary
  word ("Fathers & Sons", "Bakers & Sons") nor after a firm's own capitalised word ("Co-op Funeralcare & Sons").
- `nhs_pieces`: an NHS number in three groups with dots, slashes or words between its pieces after "NHS" and at most a
  few words ("NHS no written as 791/156/0528", "929 252 and then 1292"); rules 47: any grouping of two to five pieces
  right after the label ("61 52 90 24 60", "starts 250 then 591 and ends 9607"), never NHS 111; only when its
  modulus-11 check digit is right.
- `role_words_out` (rules 47): a relation's word in lower case inside a name found is cut out and kept ("[NAME]
  mother-in-law [NAME]").
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import CONTEXT_WORDS
from insights.quotes.lexicon import Finding, SpanIndex, fold_word, resolve_overlaps
from insights.quotes.name_shapes import given_name

SOURCE = "MaternityRules:minutes"

_HYPHEN_AFTER = re.compile(r"-[A-Z][a-z]{1,}(?![\w@'’-])")
_HYPHEN_BEFORE = re.compile(r"(?<![\w@'’-])[A-Z][a-z]{1,}-$")


def hyphen_halves(text: str, found: list[Finding]) -> list[Finding]:
    """`found` with each name grown over the hyphenated half beside it (module docstring)."""
    out, changed = [], False
    taken = SpanIndex((f.start, f.end) for f in found)
    for f in found:
        start, end = f.start, f.end
        if f.entity == "PERSON" and text[start:end][:1].isupper():
            if (m := _HYPHEN_AFTER.match(text, end)) and not taken.overlaps(end + 1, m.end()):
                end = m.end()
            if (m := _HYPHEN_BEFORE.search(text[max(0, start - 20) : start])) and not taken.overlaps(
                start - len(m.group()), start - 1
            ):
                start -= len(m.group())
        if (start, end) != (f.start, f.end):
            changed = True
            f = Finding(start, end, f.entity, f.source)
        out.append(f)
    return resolve_overlaps(out) if changed else found


#: Letters and marks of the scripts names come to these notes in (Greek, Cyrillic, Armenian, Hebrew, Arabic, the Indic
#: scripts, Thai, Burmese, Georgian, Ethiopic, kana, CJK, Hangul).
_SCRIPT = (
    "[\u0370-\u03ff\u0400-\u04ff\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u0900-\u0dff\u0e00-\u0e7f"
    "\u1000-\u109f\u10a0-\u10ff\u1200-\u137f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af\u200c\u200d]+"
)
_SCRIPT_NAME = re.compile(rf"{_SCRIPT}(?:[ ]{_SCRIPT})?(?![ ]?{_SCRIPT})")
_SCRIPT_CUE = re.compile(
    r"(?i)(?:\b(?:she|he|they|mum|dad)[ ](?:spells|spelt|spelled|writes)[ ](?:it|her[ ]name|his[ ]name)[ ]?[:\"“']?[ ]?"
    r"|\b(?:spells|spelt|spelled|writes|wrote)[ ](?:her|his)[ ]name[ ](?:as[ ])?[:\"“']?[ ]?"
    r"|\((?=[^)]{1,40}\)))$"
)
_FORM_AFTER = re.compile(r"[ ]+(?:on|in)[ ]the[ ](?:form|register|sheet|card|letter)\b")


def script_names(text: str, found: list[Finding]) -> list[Finding]:
    """`found` with the names written in another script (module docstring)."""
    if not re.search(_SCRIPT, text):
        return found
    taken = SpanIndex((f.start, f.end) for f in found)
    ends = {f.end for f in found if f.entity == "PERSON"}  # a name's end: "Rukhsana (", "Sadia, "
    extra = []
    for m in _SCRIPT_NAME.finditer(text):
        if taken.overlaps(*m.span()):
            continue
        head = text[max(0, m.start() - 24) : m.start()]
        cue = _SCRIPT_CUE.search(head)
        paren_after_name = head.endswith("(") and any(
            m.start() - d in ends for d in range(4)
        )  # "Rukhsana (रुख़साना)"
        after_name = head.endswith(", ") and any(
            m.start() - d in ends for d in range(3)
        )  # "[NAME], সাদিয়া on the form"
        if (
            (cue and not head.endswith("("))
            or paren_after_name
            or (after_name and _FORM_AFTER.match(text, m.end()))
        ):
            extra.append(Finding(m.start(), m.end(), "PERSON", SOURCE))
    return resolve_overlaps(found + extra) if extra else found


_INITIALS = r"[A-Z]{2,3}"
_MINUTE_VERB = (
    r"(?:also[ ]|then[ ]|later[ ])?(?:asked|said|says|chased|raised|reported|agreed|noted|thanked|welcomed|suggested|"
    r"confirmed|presented|shared|proposed|seconded|explained|updated|queried|offered|read|will|to[ ](?:chase|send|check|"
    r"confirm|contact|email|e-mail|ask|follow|share|circulate|update|book|draft|respond|reply|print|find|speak|write))\b"
)
_OPENING_INITIALS = re.compile(
    rf"(?:^|(?<=[.!?;][ ])|(?<=\n)|(?<=:[ ]))({_INITIALS})(?:[ ]?/[ ]?({_INITIALS}))?(?::[ ]|[ ]{_MINUTE_VERB})"
)
_ACTION_INITIALS = re.compile(rf"(?i:\baction(?:ed)?)[:]?[ ]+({_INITIALS})\b(?:[ ]?/[ ]?({_INITIALS})\b)?")
_SLOT_INITIALS = re.compile(
    rf"\b(?:to|by|via|cc|with|from|thanks|thank[ ]you)[ ]({_INITIALS})(?=[ ](?:by|re|on|at|for|and|asap)\b|[.,;:)!]|$)"
)
_CAPS_ROLE = re.compile(
    r"(?<![\w&/-])([A-Z]{4,}(?:-[A-Z]{2,})?)[ ]\((?i:governor|estates|chair|vice-chair|treasurer|secretary|dad|mum|"
    r"midwife|hv|gp|admin|volunteer|connector|interpreter|lived[ ]experience|[a-z ]{0,20}(?:lead|manager|rep|officer|"
    r"member))\)"
)
#: Role, team and unit codes minutes use the way they use people's initials (the reviews: "CNS will send", "SLT to
#: follow up", "TCU noted"); the lists' acronyms hold the common ones.
_CODES = frozenset(
    "cns sm rn tl cd pa dsl slt mis cfo ceo coo cno cmo dpo hr it pr md ed sg ops qi mdt hse wte msc mha qsg dbc pnw tcu "  # noqa: SIM905
    "ift sbl co bapm lw bc anc pnc dau mau emu epu gau nnu ldu cdu obs gynae fm ftp mhst snr jnr dir gov exec ctte "
    "nb ps pp re cc bcc aob tbc tba na nhse nice rcm rcog".split()
)
_DEFINED = re.compile(r"[A-Z][a-z]+[ ]\(([A-Z]{2,4})\)")
_TOKEN = re.compile(r"\b[A-Z]{2,3}\b")
_STRONG_SLOT = re.compile(
    r"(?:\bcc:?|\b[Pp]er|\b[Aa]pologies(?:[ ]received)?(?:[ ]from)?:?|\bwith)[ ]+"
    r"([A-Z]{2,3}(?:(?:,[ ]|[ ]and[ ]|[ ]&[ ]|/)[A-Z]{2,3})*)\b(?![\w&-])"
)
_OWNED_INITIALS = re.compile(
    r"(?<![\w&/-])([A-Z]{2,3})(?:['’]s\b|[ ]\((?:[A-Za-z ]{0,20}[ ])?(?:chair|co-chair|lead|manager|rep|officer|"
    r"member|governor|secretary|treasurer|volunteer|connector|minutes)\))"
)
_LIST_INITIALS = re.compile(rf"(?<![\w&/-])({_INITIALS})(?=,[ ])")


def minute_initials(text: str, found: list[Finding], lists, lexicon=None) -> list[Finding]:
    """`found` with staff initials where minutes put people (module docstring)."""

    def initials(token: str) -> bool:
        w = token.lower()
        return not (
            w in lists.acronyms
            or w in lists.clinical
            or w in lists.keep_words
            or w in lists.local
            or w in STOP_WORDS
            or (lists.keep_after is not None and lists.keep_after.fullmatch(w))
            or w in _CODES
            or token in defined
        )

    defined = set(_DEFINED.findall(text))  # "Labour Ward (LW) ... LW also raised": a code, no one's initials
    opened = {g for m in _OPENING_INITIALS.finditer(text) for g in m.groups() if g and initials(g)}
    actioned = {g for m in _ACTION_INITIALS.finditer(text) for g in m.groups() if g and initials(g)}
    # the reviews: "CNS will send", "TCU noted ... TCU confirmed" alone are codes; one "ACTION: AB to phone" is
    # `note_rules`' initials step's
    # rules 47 (the removal-side review): "cc JB and RA", "per RA", "apologies from DW, AO and KT", "RA's laptop",
    # "KT (MVP chair)" show people too
    named = {t for m in _STRONG_SLOT.finditer(text) for t in _TOKEN.findall(m.group(1)) if initials(t)}
    named |= {m.group(1) for m in _OWNED_INITIALS.finditer(text) if initials(m.group(1))}
    evidence = opened | actioned | named
    shown = evidence if len(evidence) >= 2 else set()
    for m in _CAPS_ROLE.finditer(text):  # "ASHBY (governor)", "OKONJO-WHITE (estates)"
        w = m.group(1).lower()
        if initials(m.group(1)) and (
            w in lists.surnames or (len(w) >= 5 and (lexicon is None or w.split("-")[0] not in lexicon))
        ):
            shown.add(m.group(1))
    listed = [m.group(1) for m in _LIST_INITIALS.finditer(text) if initials(m.group(1))]
    if len(set(listed)) >= 2:  # "RA, KM, TBL, ASHBY (governor), me": a register of people
        shown.update(listed)
    slots = {m.group(1) for m in _SLOT_INITIALS.finditer(text) if initials(m.group(1))}
    if shown and slots:  # "to PV by 28th" in a note that already names people by initials
        shown.update(slots)
    if not shown:
        return found
    taken = SpanIndex((f.start, f.end) for f in found)
    extra = [
        Finding(m.start(), m.end(), "PERSON", SOURCE)
        for m in re.finditer(r"(?<![\w&/-])([A-Z]{2,}(?:-[A-Z]{2,})?)(?![\w&-])", text)
        if m.group() in shown and not taken.overlaps(*m.span())
    ]
    return resolve_overlaps(found + extra) if extra else found


#: The reviews: "It went well overall. B", "Bay numbers: 1, 2, 3. C" are no sign-offs; a closing word comes first.
_SIGN_OFF = re.compile(
    r"(?i:\b(?:thanks|thank[ ]you|thx|cheers|ta|best|regards|wishes|love|soon|me|x+))[.!,]?[ ]*\n?[ ]*"
    r"([A-Z][a-z]?)(?:[ ]?x{1,3})?[ ]*$"
)


def sign_off_initial(text: str, found: list[Finding], lists, lexicon) -> list[Finding]:
    """`found` with a lone initial or two-letter name signing the message off (module docstring)."""
    m = _SIGN_OFF.search(text)
    if (
        not m
        or m.group(1) in ("X", "I", "A")
        or any(f.start < m.end(1) and m.start(1) < f.end for f in found)
    ):
        return found
    w = fold_word(m.group(1))
    if (
        len(w) == 2
        and (w in lexicon or w in STOP_WORDS)
        and w not in lists.nicknames
        and w not in lists.first_names
    ):
        return found  # "Ok", "So", "No"
    if len(w) == 2 and (w in lists.acronyms or w in lists.clinical):
        return found
    return resolve_overlaps([*found, Finding(m.start(1), m.end(1), "PERSON", SOURCE)])


_NHS_PIECES = re.compile(
    r"(?<![\d.])(\d{3})(?:[.][ ]?|[ ]?(?:,[ ])?(?:and[ ]then|then|followed[ ]by|and|[-–—/])[ ]?|[ ])(\d{3})"
    r"(?:[.][ ]?|[ ]?(?:,[ ])?(?:and[ ]then|then|followed[ ]by|and|[-–—/])[ ]?|[ ])(\d{4})(?![\d.]?\d)"
)


#: "NHS", "nhs no", "NHS number is", "NHS:" right before a number (rules 47: not "NHS leaflets 250 then ...").
_NHS_LABEL_BEFORE = re.compile(
    r"(?i)\bnhs\b[^.;\n\d]{0,24}$"
)  # "NHS no written as 791/156/0528" (the review)
_NHS_JOIN = r"(?:[ ]?[,._·/-][ ]?|,?[ ](?:and[ ]then|then|and|dash|followed[ ]by|(?:and[ ])?ends(?:[ ](?:with|in))?|begins|starts)[ ]|[ ]?,?[ ](?:then|and)[ ]|[ ]{1,2})"
_NHS_RUN = re.compile(
    r"(?i)(?:[ ]?(?:no\.?|number|num|nr|#|is|was|:|-|starts(?:[ ]with)?|begins(?:[ ]with)?|reads|=|written(?:[ ]as)?|on[ ](?:the[ ])?(?:letter|form|app|card)))*[ ]*"
    rf"(\d{{2,5}}(?:{_NHS_JOIN}\d{{1,5}}){{1,4}})(?![\d.]?\d)"
)


def _nhs_ok(digits: str) -> bool:
    """The NHS number's modulus-11 check."""
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def nhs_pieces(text: str, found: list[Finding]) -> list[Finding]:
    """`found` with NHS numbers given in pieces (module docstring)."""
    if not re.search(r"(?i)\bnhs\b", text):
        return found
    extra = []
    for m in _NHS_PIECES.finditer(text):
        if not _NHS_LABEL_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue  # the keep-side review: "Room 944 then 429 then 0646", "Budget lines: 809.400.5009"
        if _nhs_ok("".join(m.groups())) and not re.fullmatch(r"\d{3} \d{3} \d{4}", m.group()):
            extra.append(Finding(m.start(), m.end(), "UK_NHS", "UkIdentifiers:nhs-pieces"))
    # rules 47 (the removal-side review): other groupings after the label ("61 52 90 24 60", "2505 919 607", "250, 591,
    # 9607", "starts 250 then 591 and ends 9607", "250 dash 591 dash 9607"): ten digits in two to five pieces
    for cue in re.finditer(
        r"(?i)\bnhs\b", text
    ):  # right after the label only (the keep-side review: "NHS budget
        # lines 2023, 920, 906", "nhs funding starts 998 then 816 and ends 6176" are no one's)
        m = _NHS_RUN.match(text, cue.end())
        if m is None:
            continue
        if m.group(1).startswith("111"):
            continue  # "NHS 111 dash 346 ...": the helpline
        digits, count = "", 0
        for piece in re.finditer(r"\d+", m.group(1)):
            digits, count = digits + piece.group(), count + 1
            if len(digits) >= 10:
                if len(digits) == 10 and count >= 2 and _nhs_ok(digits):
                    end = m.start(1) + piece.end()
                    extra.append(Finding(m.start(1), end, "UK_NHS", "UkIdentifiers:nhs-pieces"))
                break
    return resolve_overlaps(found + extra) if extra else found


_GREETED = re.compile(
    r"(?:^|(?<=\n))[ ]*(?i:hi|hiya|hello|hey|dear|morning|good[ ]morning|afternoon|evening)[ ]+([A-Z][a-z]{2,})"
    r"(?=[ ]?[,!/:]|[ ][-–—][ ]|[ ]*\n)"
)
#: Words greeted that are no one's name ("Hi all,", "Dear Colleagues,", "Hi Team!", "Dear Sir/Madam").
_GREETED_PLAIN = frozenset(
    "all team everyone everybody both there ladies girls guys folks mums dads colleagues sir madam friends lovely "  # noqa: SIM905
    "lovelies darling hun hon babe love petal sweetheart again gang group members committee partners trustees "
    "midwives doctors nurses staff admin mum mummy mam dad daddy nan nana mama sis bro babes chick duck sweetie "
    # the removal-side review's roles, groups and endearments greeted
    "parent parents applicant patient member trustee governor governors manager carer reader editor gorgeous boss "
    "councillor minister commissioner director lads colleague participant resident mommy treacle champ buddy gents "
    "officer student coordinator lead secretary treasurer pastor reverend vicar panel board forum chair maternity "
    "safeguarding switchboard estates pharmacy refuge campers doulas library reception sirs comms".split()
)


def greeted_names(text: str, found: list[Finding], lists, lexicon) -> list[Finding]:
    """`found` with the word a message opens by greeting ("Hi Peach, thank you", "Dear Ember,"), when it is no word
    for a group, a role, a service, a Kent place, a clinical or stop word ("Hi all,", "Dear PALS,")."""
    taken = SpanIndex((f.start, f.end) for f in found)
    extra = []
    for m in _GREETED.finditer(text):
        w = fold_word(m.group(1))
        if (
            w in _GREETED_PLAIN
            or (w in STOP_WORDS and w not in lists.first_names)
            or w in lists.local
            or w in lists.clinical
            or w in lists.acronyms
            or (w in lists.keep_words and w not in lists.first_names)
            or (lists.keep_after is not None and lists.keep_after.fullmatch(w))
            or taken.overlaps(m.start(1), m.end(1))
            or (w in lists.world and w not in lists.first_names)
            or (w in lists.vocab and w not in lists.first_names and w not in lists.word_names_traditions)
            or (w in lexicon and not (given_name(m.group(1), lists) or w in lists.word_names_traditions))
        ):
            continue  # the reviews: "Dear Parent,", "Dear Chair,", "Hi Estates,", "Morning Stone!"
        if w in CONTEXT_WORDS or (w.endswith("s") and w[:-1] in CONTEXT_WORDS):
            continue
        extra.append(Finding(m.start(1), m.end(1), "PERSON", SOURCE))
    return resolve_overlaps(found + extra) if extra else found


_FIRM = re.compile(
    r"(?<![\w'’@.&/-])([A-Z][a-z]{2,}(?:[ ](?:and|&)[ ][A-Z][a-z]{2,})?)(?:['’]s)?[ ](?:&|and)[ ]Sons\b"
)


def firm_owners(text: str, found: list[Finding], lists, lexicon=None) -> list[Finding]:
    """`found` with the family a firm is named after ("Dunmore & Sons Funeral Directors", "Bassi & Sons Tyres"), when
    no Kent place, service or kept word ("Kent & Sons")."""
    taken = SpanIndex((f.start, f.end) for f in found)
    extra = []
    for m in _FIRM.finditer(text):
        words = [fold_word(w) for w in re.findall(r"[A-Z][a-z]+", m.group(1))]
        if any(
            w in lists.local
            or (w in lists.keep_words and w not in lists.surnames)
            or w in CONTEXT_WORDS
            or w in STOP_WORDS
            or (lexicon is not None and w in lexicon and w not in lists.surnames)
            or (lexicon is not None and w.endswith("s") and w[:-1] in lexicon)
            for w in words
        ):
            continue  # the keep-side review: "Friends & Family", "Fathers & Sons", "Bakers & Sons" stay
        if re.search(r"[A-Z][\w'’-]*[ -]$", text[max(0, m.start() - 20) : m.start()]):
            continue  # "Co-op Funeralcare & Sons": a firm's own words before
        if not taken.overlaps(m.start(1), m.end(1)):
            extra.append(Finding(m.start(1), m.end(1), "PERSON", SOURCE))
    return resolve_overlaps(found + extra) if extra else found


#: Rules 47 (blind55: "Bianca mother-in-law Viorica not let her sleep" taken whole): relations' words in lower case
#: inside a name found split it; the word stays (the corpora's rule: a role or kinship word is outside the name).
_ROLE_INSIDE = re.compile(
    r"(?<=[ ])(?:mother-in-law|father-in-law|sister-in-law|brother-in-law|daughter-in-law|son-in-law|husband|wife|"
    r"partner|mum|dad|sister|brother|son|daughter|nan|gran|grandma|auntie|aunty|uncle|cousin|friend|neighbour|bf|gf|"
    r"mil|fil|sil)(?=[ ])"
)


def role_words_out(found: list[Finding], text: str) -> list[Finding]:
    """`found` with each name that holds a relation's word in lower case cut around it."""
    out, changed = [], False
    for f in found:
        m = _ROLE_INSIDE.search(text, f.start, f.end) if f.entity == "PERSON" else None
        if m is None:
            out.append(f)
            continue
        changed = True
        for a, b in ((f.start, m.start() - 1), (m.end() + 1, f.end)):
            if b > a and text[a:b].strip():
                out.append(Finding(a, b, f.entity, f.source))
    return resolve_overlaps(out) if changed else found


def with_minutes_names(text: str, found: list[Finding], lists, lexicon) -> list[Finding]:
    """Rules 46's steps in order (module docstring)."""
    found = hyphen_halves(text, found)
    found = script_names(text, found)
    found = minute_initials(text, found, lists, lexicon)
    found = sign_off_initial(text, found, lists, lexicon)
    found = greeted_names(text, found, lists, lexicon)
    found = firm_owners(text, found, lists, lexicon)
    return role_words_out(nhs_pieces(text, found), text)
