"""Rules 31: e-mail addresses spelled letter by letter and forces service numbers, as pure functions over text.

Steps after the tagger (`letter_emails`, `service_numbers`), read from blind27 (a tuning writer: a radio phone-in's producer notes, a Healthwatch draft's tracked comments, a
Nepali families' group with Gurkha welfare forms; scored once as new, then read). The held-out sets stay unread.

- `letter_email_spans`: an e-mail read out for someone to write down: pieces spelled letter by letter
  ("b-e-r-y-l dot c-a-t-t-e-r-m-o-l-e at h-w-k-e-n-t dash a-r dot org dot uk"), "at" and "dot" in brackets
  ("jessdoula (at) gmail (dot) com"), a comma before "at" ("j-o-d-i-e dot l-e-i-g-h dot s, at gmail dot com",
  "ravi underscore nijjar, at hotmail dot co dot uk") and a number said after the name ("g-u-r-u-n-g 7 at yahoo").
  The address needs a spelled piece, a "dot"/"underscore"/"dash" in its name or a bracketed "(at)", and a known
  provider or a "dot" and a top-level domain after "at"; "meet at the hub" or "b-a-b-y at home" are no address.
  insights.quotes.identifiers.spelled_email_spans finds the word-by-word shapes ("priya dot k at gmail dot com").
- `service_number_spans`: an army, service or regimental number after its label ("army no 21170634", "service no
  21165893", "regimental number 30171452"), as [HOSPITAL NUMBER]; rules 32 (blind29): a student's, staff or payroll
  number too ("student no. 001288417", "uni student ID 001482937", "student number on the Childcare Grant form is
  001392574").
- `document_number_spans` (rules 33, written from issue 10's kinds, then widened on blind31, a tuning writer
  commissioned for them: a benefits and debt drop-in's notes; scored once as new, then read): a
  certificate's, account's, fine's, permit's or badge's number after its label, digits in groups or with up to
  three letters first ("maternity exemption certificate number is 123 456 789 0", "penalty charge notice KT 0093
  4471", "council tax account 501234567", "blue badge no 1234 5678 9012 3456", "CMS case no 1200 4471 893", "PCN
  gv11874420", "cert no. HC2/447/118209"): six digits or more. A bare number
  after "ref" or "incident no" stays for insights.quotes.references (an ambulance's "Incident no 25153582" in
  pxtextmining's clean comments is no one's), and a phone, NI or NHS number (any detail but a name) found first wins where they overlap.
- `email_local_spans` (rules 37, from the training and tuning sets' leaks): an address spelled out in words takes the rest
  of its local part said before it ("d okonjo at yahoo dot co dot uk", "l a n a b r o o k at gmail dot com"); rules 38:
  letters said one by one count as no word of its five ("j e s s dot f e n w i c k at outlook dot com").

Rules 38 (blind41, a tuning writer commissioned for reference numbers after every kind of label; scored once as new, then
read; blind42 stays held out):

- `document_number_spans` reads more labels: a nurse's NMC PIN (after its label, or its shape in capitals anywhere but
  after a batch's or a product's word: "16A2284E"), CAD, UAN, ASPEN card, GWF, journal, timesheet and serial numbers; with
  "no", "#" or "ref" between, a booking's, loan's, member's, invoice's, sponsor's, ESR, crime or Datix number; a bare run
  of six digits after "ref", "mbr" or "datix" (or a police crime reference, "46/12345/24"); five digits after a booking's,
  loan's, member's or invoice's number word ("booking #77163"); a code of letters and digits ("CoS no. C4G7K19P2");
  letters joined by a dash ("CAD SE-118-0734").
- `share_code_spans`: a Home Office share code after its label ("W7K 2PX 9QA"), replacing the postcode found in it.
- `spaced_domain_spans` (`spaced_domains`): an address said with a domain of two to four words ("dee at gravesham doula
  dot com").

Rules 39 (blind43, a tuning writer; scored once as new, then read; blind44 stays held out): `document_number_spans` reads
a security officer's or a police officer's badge, collar or warrant card number after its label, a letter or two and
three to five digits or four to six digits alone ("badge S118", "collar no 4471", "PC 4471 attended"): shorter than other documents'; never a
year, a time of day ("badge 1430") or a number before a unit ("collar 1500 mg", "blue badge 1234 holders").

Rules 40 (the training and tuning sets' reference leaks; two helper reviews): `long_number_spans` (`_with_long_numbers`)
takes what no finder took: one run of seven digits or more, grouped digits after an identifier's word in the clause, a
code of capitals and six digits or more, five digits or more right after an identifier's word; never a count, sum,
measure, date, range or reading (see its docstring). It overrides rules 33's choice above for the ambulance's "Incident
no 25153582": an incident number leads to the patient's record, so it goes (one more v6 clean comment changed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes import identifiers, number_shapes
from insights.quotes.identifiers import _EMAIL_CUES, _EMAIL_STOP, _WIDER_STOP, _numeric, spelled_email_spans
from insights.quotes.lexicon import Finding, SpanIndex, fold_word, resolve_overlaps
from insights.quotes.recognisers import _NHS_CONTEXT, _uk_phone_spans
from insights.quotes.references import KNOWN_PREFIXES, NICE_CODE, case_reference_spans

#: Switches of `anonymise.SWITCHES`. Both run after every other step (`Anonymiser._final_guards`), so the rule
#: findings the tagger's features read are rules 30's and the shipped model stays its training script's output.
STEPS = ("letter_emails", "service_numbers", "document_numbers", "email_locals", "spaced_domains")

#: At most seven pieces on each side of "at" (a run of "dot" words is read in linear time, not quadratic).
#: One piece of an address: spelled letter by letter ("b-e-r-y-l") or typed whole ("jessdoula", "ravi_n").
_PIECE = r"(?:[a-z0-9](?:-[a-z0-9]){1,40}|[a-z0-9][a-z0-9_]{0,40})"
_SEP = r"[ ]+\(?(?:dot|underscore|dash|hyphen)\)?[ ]+"
_LETTER_EMAIL = re.compile(
    rf"(?i)(?<![\w@.-])(?P<local>{_PIECE}(?:{_SEP}{_PIECE}){{0,6}}(?:[ ]+\d{{1,4}})?),?[ ]+(?P<at>\(at\)|at)[ ]+"
    rf"(?P<domain>{_PIECE}(?:{_SEP}{_PIECE}){{0,6}})(?![\w@-])"
)
#: Providers an address may name with no top-level domain after them ("... at gmail"); "live", "sky", "mail", "me"
#: and the like need one ("on a 1-2-1 at live events" is no address).
_PROVIDERS = frozenset(
    "gmail googlemail hotmail outlook yahoo icloud btinternet protonmail virginmedia talktalk ymail".split()  # noqa: SIM905
)
_TLDS = frozenset(
    "com uk org net co gov ac edu io me info biz ie pl ro lt lv bg pk in ng gh nhs sch police au".split()  # noqa: SIM905
)


def _plain(piece: str) -> str:
    """A piece with its spelling hyphens dropped ("g-m-a-i-l" -> "gmail")."""
    return (
        piece.replace("-", "").lower()
        if re.fullmatch(r"(?:[A-Za-z0-9]-)+[A-Za-z0-9]", piece)
        else piece.lower()
    )


def letter_email_spans(text: str) -> list[tuple[int, int]]:
    """E-mail addresses read out letter by letter or with bracketed words (module docstring)."""
    if " at " not in text.lower() and "(at)" not in text.lower():
        return []
    out = []
    for m in _LETTER_EMAIL.finditer(text):
        local, domain = m.group("local"), m.group("domain")
        spelled = re.search(r"[A-Za-z0-9]-[A-Za-z0-9]-", local) is not None
        joined = re.search(_SEP, local, re.IGNORECASE) is not None
        if not (spelled or joined or m.group("at") == "(at)"):
            continue
        parts = [_plain(p) for p in re.split(_SEP, domain, flags=re.IGNORECASE)]
        tld = len(parts) > 1 and parts[-1] in _TLDS
        if parts[0] in _PROVIDERS or tld:
            out.append((m.start("local"), m.end("domain")))
    return out


_SERVICE_NUMBER = re.compile(
    r"(?i)\b(?:army|service|regimental|forces|personnel|student|staff|employee|payroll)[ ]+(?:card[ ]+)?"
    r"(?:no\.?|num(?:ber)?|#|id)[ ]*(?:(?:on[ ]+the[ ]+[a-z ]{1,30}?[ ]+form[ ]+)?(?:is|was)[ ]+|:[ ]*)?"
    r"([A-Z]{0,2}[ ]?\d{6,10})(?![\w/])"
)


def service_number_spans(text: str) -> list[tuple[int, int]]:
    """Army, service and regimental numbers after their label (module docstring)."""
    return [m.span(1) for m in _SERVICE_NUMBER.finditer(text)]


#: Rules 33: a document's or an account's label that names nothing else ("certificate", "PCN", "BRP", "council tax").
_DOCUMENT_LABEL = (
    r"certificate|cert|exemption|acct|acc\.?|a/c|pcn|vat|penalty[ ]+charge(?:[ ]+notice)?|permit|licen[cs]e|badge|"
    r"brp|visa|passport|council[ ]+tax|tv[ ]+licen[cs]e|matb1|mat[ ]?b1|matex|tenancy|hmrc|utr|sort[ ]+code|"
    # rules 38 (blind41): a staff member's, call's or visa holder's number ("nmc pin", "CAD", "UAN", "ASPEN card")
    r"serial|nmc(?:[ ]+pin)?|cad|uan|aspen|gwf|jnl|timesheet"
)
#: Labels that are everyday words too ("fine", "account of her birth", "in case"): a number after them only with
#: "no", "number", "ref" or "#" between, or as one run of six digits or more ("council tax account 501234567").
_OLDER_EVERYDAY = r"account|case|claim|fine|notice|ticket|policy|benefit|pension|agreement|company|card|ct"
_EVERYDAY_LABEL = (
    _OLDER_EVERYDAY + r"|"
    # rules 38 (blind41): a booking's, loan's, member's or sponsor's number ("booking #77163", "CoS no.", "pin"); an ESR
    # (staff record) number only with a number word (the review: "ESR 20 45 110" is a blood test's)
    r"booking|bkg|loan|member|mbr|journal|invoice|cos|pin|esr|ref|reference|crime|datix"
)
#: Rules 38: the labels whose number may be five digits after a number word ("booking #77163"; not "ticket no 10023").
_FIVE_DIGIT_LABEL = re.compile(r"(?i)(?:booking|bkg|loan|member|mbr|invoice)\b")
#: Rules 38 (the keep-side review): labels a bare run of six digits or more follows as a reference: the older labels,
#: "ref", "mbr" and "datix" ("loan 150000" is money, "invoice 202425" a financial year).
_RUN_LABEL = _OLDER_EVERYDAY + r"|mbr|ref|reference|datix"
_NUMBER_WORD = r"(?:ref(?:erence)?|no\.?|nr\.?|nbr|num(?:ber)?|#|id|card|serial)"
_BETWEEN = r"[ ]*(?:(?:is|was)[ ]*:?[ ]*|[:#=\-–,][ ]*:?[ ]*)?[\"“(]?(?:no\.?[ ]+)?"
_NUMBER = (
    r"((?-i:[A-Z]{1,3}\d)/\d+(?:/\d+)*"  # "HC2/447/118209"
    r"|\d{1,4}/\d{3,8}/\d{2,4}"  # rules 38 (the removal-side review): a police crime reference, "46/12345/24"
    r"|[A-Z9]{2,5}\d{6}[A-Z0-9]{3,5}"  # a driving licence, any case: "SMITH801234AB9CD", "morga753116sm9ij"
    r"|(?:(?-i:[A-Z]{1,3})[ -]?|[a-z]{1,3}-?)?\d{2,}(?:[ -]\d+){0,5}(?:/\d{1,4})?[A-Za-z]?"
    r"|(?=(?:[a-z]*\d){3})(?=\d*[a-z]\d*[a-z])[a-z0-9]{7,14})(?![\w/])"  # rules 38: "C4G7K19P2", "c4g7k19p2"
)
_DOCUMENT_NUMBER = re.compile(
    rf"(?i)\b(?:(?:{_DOCUMENT_LABEL})(?:[ ]+{_NUMBER_WORD}){{0,2}}|(?:{_EVERYDAY_LABEL})(?:[ ]+{_NUMBER_WORD}){{1,2}})"
    rf"(?:\b|(?<=#))\.?{_BETWEEN}{_NUMBER}"
)
_EVERYDAY_RUN = re.compile(
    rf"(?i)\b(?:{_RUN_LABEL})\.?(?:[ ]*[:\-–][ ]*|[ ]+)(\d{{6,20}}|\d{{1,4}}/\d{{3,8}}/\d{{2,4}})(?![\w/.,]\d|[\w/])"
)
#: Numbers that are no document's: a year or a range of years ("2024/25", "2022-2025", "2015 2025"), a range of
#: times ("0800-2000"), a reading ("BP 160/100").
_NOT_DOCUMENT = re.compile(
    r"(?i)^(?:(?:19|20)\d\d(?:[ /-](?:\d\d|(?:19|20)\d\d))?|[0-2]\d[0-5]\d[ -][0-2]\d[0-5]\d|(?:bp|hr|rr|sats?)\b.*)$"
)
_A_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")
_DAY_MONTH_YEAR = re.compile(r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d\d$")


#: Rules 38 (blind41): a nurse's or midwife's NMC PIN (two digits, a letter, four digits, a letter: "16A2284E") after its
#: label ("pin 13c5518e", "nmc no. 21H0457E"), or in capitals anywhere but after a product's or a batch's word (the
#: keep-side review: "vaccine batch 23K1045A", "pram model 20A1234B" are no one's; a PIN left in names a midwife).
_NMC_PIN = re.compile(
    r"(?i)\b(?:nmc|pin|registrant)\b(?:[ ]+(?:pin|no\.?|number))?\W{0,3}(?:(?:is|was)\W{1,3})?(\d{2}[a-z]\d{4}[a-z])\b"
)
_NMC_SHAPE = re.compile(r"(?<![\w/])(\d{2}[A-Z]\d{4}[A-Z])(?![\w/])")
_PRODUCT_BEFORE = re.compile(
    r"(?i)\b(?:batch|lot|model|serial|product|part|item|sku|barcode|code|version|recall(?:ed)?)\b(?:[ ]+(?:no\.?|number|#))?"
    r"\W{0,3}$"
)
#: Rules 38 (blind41): a Home Office share code after its label, three groups of three letters and digits, each holding a
#: digit ("W7K 2PX 9QA"), or one run of nine with three digits (the keep-side review: "share code for the 2nd landlord" is
#: no code); its first two groups look like a postcode, so the code replaces a postcode found inside it.
_SHARE_CODE = re.compile(
    r"(?i)\bshare[ -]?code(?:[ ]+[a-z]+){0,5}?[ ]*(?:is[ ]+|was[ ]+|:[ ]*|-[ ]*)?"
    r"((?=[a-z]*\d)[a-z0-9]{3}[ -](?=[a-z]*\d)[a-z0-9]{3}[ -](?=[a-z]*\d)[a-z0-9]{3}|(?=(?:[a-z]*\d){3})[a-z0-9]{9})\b"
)


#: Rules 39 (blind43): a badge's, collar's or shoulder's number after its label, shorter than a document's ("badge S118",
#: "collar number 4471"); never a year, a count ("badge 2 spaces") or a time.
_BADGE_NUMBER = re.compile(
    r"(?i)\b(?:badge|collar|warrant[ ]+card|(?-i:PC|PS|DC|DS))(?:[ ]+(?:no\.?|num|nbr|number|#|id))?[ ]*(?:(?:is|was)[ ]+|[:#][ ]*)?"
    r"([A-Z]{1,2}[ -]?\d{3,5}|\d{4,6})(?![\w/:.]\w|[\w/:])"
    r"(?![ ]*(?:mg|mcg|g|kg|ml|mls|holders?|spaces?|times?|hrs?|hours?|mins?)\b)"
)
#: Rules 39 (the keep-side review): a time of day after "badge" is no badge's number ("lost badge 1430 reported").
_HHMM = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")


#: Rules 40: a long number no finder took (an account, claim, case, incident or staff number: "acc no. first
#: (30571219)", "reissued it as 0417792", "UTR 77310 48215"): one run of seven digits or more anywhere, or digits in groups
#: joined by one space or hyphen, seven or more in all, a little after an identifier's word ("claim 7730 1204 17"); or a
#: code of one to three capitals and six digits or more ("Datix W118872", "ME23C00412").
_LONG_NUMBER = re.compile(
    r"(?<![\w£$€.,/:#-])(\d+(?:(?:[ ]?-[ ]?|[ ])\d+)*|[A-Z]{1,3}\d{2,}(?:[A-Z]\d{2,})?|[A-Z]{1,3}[ ]\d{3,}(?:[ ]\d{2,}){1,3})"
    r"(?![\w%/:-]|[.,]\d)"
)
#: The keep-side review: counts, money, measures and times are no identifiers ("in 2023 4500 babies", "1 500 000").
_COUNT_AFTER = re.compile(
    r"(?i)[ ]?(?:mg|mcg|g|kg|ml|mls|km|cm|mm|m|miles?|steps|people|pounds|quid|p|pence|views|members|followers|litres?"
    r"|calories|kcal|words|hours?|hrs|mins?|minutes|women|babies|births|patients|residents|families|mums|mothers|a[ ]year"
    r"|per|grams?|lbs?|oz)\b"
)
_NOT_ID_BEFORE = re.compile(
    r"(?i)(?:\b(?:isbn|sku|asin|ean|batch|lot|barcode|product(?:[ ]code)?|charity|model|page|book|timestamp|1[ ]in|raised"
    r"|budget|cost|costs|spent|spend|paid|grant|donated|worth|salary|population|funding|census|total)"
    r"(?:[ ]+(?:no\.?|number|of|is|was))?|[£$€])[ :]*$"
)
_ID_WORDS = (
    r"(?:ref|reference|acc|acct|account|claim|case|id|utr|vat|brp|cad|incident|crime|policy|membership|customer|order"
    r"|tracking|payroll|staff|employee|serial|licence|license|passport|visa|permit|pin|datix|steis|ubrn|voucher|tenancy"
    r"|application)"
)
_ID_WORD = re.compile(rf"(?i)\b(?:no|nos|num|number|{_ID_WORDS})\b\.?[^.;!?\n]{{0,40}}$")
#: Rules 40 (the removal-side review): a shorter number, or one with slashes, dots or letters, right after an
#: identifier's word ("staff number 45512", "case 2024/1234567", "claim ref 7730.1204.17", "ref a1234567"); not after
#: "no" alone ("ticket no 10023 at the raffle": an earlier review's keep).
_LABELLED_SHORT = re.compile(
    rf"(?i)\b{_ID_WORDS}\b\.?(?:[ ]+(?:no|number|num|ref)\b\.?)?[ ]*[:#]?[ ]*"
    r"([a-z]{0,3}\d(?:[\d/.]|o(?=\d))*\d[a-z]{0,2}|\d{4}-\d{4})(?![\w/:-]|[.,]\d)"
)
#: Rules 41: a bank sort code after its label ("sort code 20-45-67"): with the account number it is a woman's bank details.
_SORT_CODE = re.compile(
    r"(?i)\bsort[ -]?code\b\.?(?:[ ]+(?:is|was))?[ ]*[:#=-]?[ ]*(\d\d(?:[ ]?[-.]?[ ]?\d\d){2})(?![\w/-])"
)
_DATE_OR_SPAN = re.compile(r"\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?|(?:19|20)\d\d/\d\d|\d{1,3}(?:\.\d+)?")
_YEAR_OR_TIME = re.compile(rf"(?:19|20)\d\d|{_HHMM.pattern}")


def long_number_spans(text: str, labelled: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Rules 40: long numbers and capital-led codes no label introduces (`_LONG_NUMBER`); never before a count's or a
    measure's word, after a currency's, a product's or a total's, a date in digits ("20241205"), grouped digits that
    are years, times or a thousands grouping ("2019 2020", "0800 1800", "1 500 000"), readings of three digits or
    fewer ("bili 250 280 310"), nor grouped digits with no identifier's word before them and none found in part
    (`labelled`); and a number of five digits or more, with slashes, dots or letters too, right after an identifier's
    word (`_LABELLED_SHORT`)."""
    out = []
    inside = SpanIndex(labelled)
    for m in _LONG_NUMBER.finditer(text):
        piece, start = m.group(1), m.start(1)
        if _NOT_ID_BEFORE.search(text, max(0, start - 30), start):
            continue
        if _COUNT_AFTER.match(text, m.end(1)):  # a count's last group: a long run before it is still one
            out.extend(r for r in _long_runs(piece, start) if r[1] < m.end(1))
            continue
        if piece[0].isupper():
            labelled_code = bool(_ID_WORD.search(text, max(0, start - 30), start))
            if " " in piece and _not_spaced_code(piece, labelled_code):
                continue  # rules 41: "RF 0098 2112"; not "ISO 9001 2015", "BP 140 90 150 100", "GP 0830 1800"
            if sum(c.isdigit() for c in piece) >= 6:
                out.append(m.span(1))
            continue
        groups = re.split(r"[ ]?-[ ]?|[ ]", piece)
        if sum(len(g) for g in groups) < 7:
            continue
        if len(groups) == 1:
            # eight or six digits that read as a date; ten digits: the NHS number's and the phone finders'
            if not (_date_digits(piece) or len(piece) == 10):
                out.append(m.span(1))
            continue
        if (
            max(len(g) for g in groups) <= 3
            or all(len(g) == 3 for g in groups[1:])  # "1 500 000", "13 100 000"
            or all(_YEAR_OR_TIME.fullmatch(g) for g in groups)  # "2019 2020", "0800 1800"
            or (len(groups) == 2 and re.fullmatch(r"(?:19|20)\d\d", groups[0]))  # "in 2023 4500 babies"
            or _series(groups)  # rules 41 (the keep-side review): "births went from 4500 - 4700"
            or not (
                _ID_WORD.search(text, max(0, start - 60), start)
                or inside.contains(start, start + 1)  # "UTR [77310] 48215": a reference found in part
            )
        ):
            out.extend(
                _long_runs(piece, start)
            )  # the removal-side review: "88120345 - 14 on it" is still one
            continue
        out.append(m.span(1))
    for m in _LABELLED_SHORT.finditer(text):
        piece = m.group(1)
        if (
            sum(c.isdigit() for c in piece) >= 5
            and not _DATE_OR_SPAN.fullmatch(piece)
            and not _COUNT_AFTER.match(text, m.end(1))
            and not all(_YEAR_OR_TIME.fullmatch(g) for g in piece.split("-"))  # "tenancy 2022-2025"
            and not (piece.isdigit() and _date_digits(piece))  # "visa 120525 expiry"
        ):
            out.append(m.span(1))
    out.extend(m.span(1) for m in _SORT_CODE.finditer(text))
    for m in _LOWER_CODE.finditer(text):
        start = m.start(1)
        if _ID_WORD.search(text, max(0, start - 60), start) and not _NOT_ID_BEFORE.search(
            text, max(0, start - 30), start
        ):
            out.append(m.span(1))  # "her hospital number ... j8830471 on the app"; not "lot number ab1234567"
    for m in _DIGIT_BY_DIGIT.finditer(text):
        digits = [int(c) for c in m.group().split()]
        steps = {b - a for a, b in zip(digits, digits[1:], strict=False)}
        if (
            _RATINGS_BEFORE.search(text, max(0, m.start() - 40), m.start())
            or len(set(digits)) == 1  # "5 5 5 5 5": a row of scores
            or steps in ({1}, {-1})  # "1 2 3 4 5", "5 4 3 2 1": a count or a list's numbers
            or _COUNT_AFTER.match(text, m.end())
            or not _ID_WORD.search(text, max(0, m.start() - 60), m.start())
        ):
            continue
        out.append(m.span())
    out.extend(_repeats(text, [*labelled, *out]))
    return out


#: Rules 41 (blind45, a tuning writer): a code in lower case, one to three letters and six digits or more, after an
#: identifier's word ("her hospital number ... j8830471 on the app"); four digits or more read out one by one after an
#: identifier's word ("ref, 2 4 0 3"), never a row of ratings, scores or ages, a count ("1 2 3 4 5") or one digit
#: again and again; and a found number's digits said again bare ("W118742 ... the letter says 118742").
_LOWER_CODE = re.compile(r"(?<![\w@./:#-])([a-z]{1,3}\d{6,})(?![\w/:-])")
_DIGIT_BY_DIGIT = re.compile(r"(?<![\w.,/:£$€-])\d(?:[ ]\d){3,}(?![\w/:%-]|[.,]\d|[ ]?/)")
_RATINGS_BEFORE = re.compile(r"(?i)\b(?:rat\w*|scor\w*|aged?|ages|marks?|out[ ]of|apgars?)\b[^.;!?\n]*$")


def _long_runs(piece: str, start: int) -> list[tuple[int, int]]:
    """Rules 41: the runs of seven digits or more in grouped digits that are no number as a whole (not a date, not ten
    digits: the NHS number's and the phone finders')."""
    return [
        (start + g.start(), start + g.end())
        for g in re.finditer(r"\d{7,}", piece)
        if not (_date_digits(g.group()) or len(g.group()) == 10)
    ]


def _series(groups: list[str]) -> bool:
    """Rules 41: groups of digits of one length, each within a quarter of the one before, all rising or all falling: a
    range or a series of readings ("4500 - 4700 - 4900", "EFW 3200 3400 3600"), not a reference ("7730 1204 17")."""
    if len(groups) < 2 or len({len(g) for g in groups}) != 1:
        return False
    values = [int(g) for g in groups]
    if 0 in values:
        return False
    pairs = list(zip(values, values[1:], strict=False))
    rising, falling = all(b > a for a, b in pairs), all(b < a for a, b in pairs)
    return (rising or falling) and all(0.8 <= b / a <= 1.25 for a, b in pairs)


def _not_spaced_code(piece: str, labelled: bool = False) -> bool:
    """Rules 41 (the keep-side review): capitals and spaced digits that are no code: a standard's or NHS prefix, fewer
    than seven digits, a series (`_series`), and, unless an identifier's word is just before (`labelled`: "MR ref (MR
    2026 118 304)"), readings of three digits or fewer ("BP 140 90 150 100"; not "GWF 061 188 439") and years or times
    ("GP 0830 1800", "CQC 2019 2022", "PPH 800 1200")."""
    head, *groups = piece.split()
    if head in KNOWN_PREFIXES | {"NHS"} or sum(len(g) for g in groups) < 7 or _series(groups):
        return True
    if labelled:
        return False
    readings = max(len(g) for g in groups) <= 3 and not any(g.startswith("0") for g in groups)
    timed = sum(len(g) >= 4 for g in groups) < 2 and any(_YEAR_OR_TIME.fullmatch(g) for g in groups)
    return (
        readings or timed or all(_YEAR_OR_TIME.fullmatch(g) or (len(g) <= 3 and g[0] != "0") for g in groups)
    )


_BARE_DIGITS = re.compile(r"(?<![\w.,/-])\d{5,}(?![\w/-]|[.,]\d)")


def _repeats(text: str, numbers: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rules 41: a found number's digits (five or more) said again bare, read in one pass over the text (the
    removal-side review: a scan per number was quadratic, 47 s and 7.4 GB for 50,000 characters of one repeated
    reference)."""
    said = {d for s, e in numbers if len(d := "".join(c for c in text[s:e] if c.isdigit())) >= 5}
    if not said:
        return []
    inside = SpanIndex(numbers)
    return [
        m.span() for m in _BARE_DIGITS.finditer(text) if m.group() in said and not inside.overlaps(*m.span())
    ]


def _date_digits(piece: str) -> bool:
    """Eight digits that read as a date, year first or last ("20241205", "05122024"), or six, day first ("120525")."""
    if len(piece) == 6:
        return 1 <= int(piece[:2]) <= 31 and 1 <= int(piece[2:4]) <= 12
    if len(piece) != 8:
        return False
    for y, mo, d in ((piece[:4], piece[4:6], piece[6:]), (piece[4:], piece[2:4], piece[:2])):
        if y[:2] in ("19", "20") and 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
            return True
    return False


def share_code_spans(text: str) -> list[tuple[int, int]]:
    """Home Office share codes after their label (rules 38)."""
    return [m.span(1) for m in _SHARE_CODE.finditer(text)] if "share" in text.lower() else []


def document_number_spans(text: str) -> list[tuple[int, int]]:
    """Certificate, account, fine, permit and badge numbers after their label (module docstring)."""
    out = [m.span(1) for m in _NMC_PIN.finditer(text)]
    out += [
        m.span(1)
        for m in _BADGE_NUMBER.finditer(text)
        if not (_A_YEAR.fullmatch(m.group(1)) or _HHMM.fullmatch(m.group(1)))
    ]
    out += [
        m.span(1)
        for m in _NMC_SHAPE.finditer(text)
        if not _PRODUCT_BEFORE.search(text, max(0, m.start() - 24), m.start())
    ]
    for m in [*_DOCUMENT_NUMBER.finditer(text), *_EVERYDAY_RUN.finditer(text)]:
        number = m.group(1)
        digits = sum(c.isdigit() for c in number)
        # rules 38: five digits after a number word ("booking #77163"); three in a code of capitals ("C4G7K19P2")
        least = (
            3
            if re.fullmatch(r"(?i)[a-z0-9]{7,14}", number) and re.search(r"(?i)[a-z]\d*[a-z]", number)
            else 6
        )
        if (
            least == 6
            and _FIVE_DIGIT_LABEL.match(m.group(0))
            and re.search(rf"(?i){_NUMBER_WORD}\W*(?:(?:is|was)\W*)?$", m.group(0)[: m.start(1) - m.start()])
        ):
            least = 5
        if not least <= digits <= 20 or _NOT_DOCUMENT.match(number):
            continue
        if " " in number and _A_YEAR.search(number):
            continue  # "council tax 1450 2023 2024": an amount and years
        groups = re.findall(r"\d+", number)
        if len(groups) > 1 and max(len(g) for g in groups) < 3 and least != 3:
            continue  # "brp 12 05 25", "certificate 36 37 38 weeks", "sort code 40 11 62": a date, a list
        if (
            re.fullmatch(r"\d{6}", number)
            and _DAY_MONTH_YEAR.match(number)
            and not re.search(_NUMBER_WORD, m.group(0), re.IGNORECASE)
        ):
            continue  # "visa 120525 expiry": a date typed without its separators
        out.append(m.span(1))
    return sorted(set(out))


#: Rules 37: a word that ends the run of an e-mail's spoken local part: identifiers' stop words and cues for a spelled
#: address ("her email is", "as", "to") and a few more a sentence puts before one ("the", "said", "her").
_LOCAL_STOP = (
    _EMAIL_STOP
    | _EMAIL_CUES
    | frozenset(
        "an the her his their our your wrote write said says and but".split()  # noqa: SIM905
    )
)
#: A spelled address's joining words ("dot", "underscore", "dash").
_JOINERS = frozenset(("dot", "underscore", "dash", "hyphen"))


def email_local_spans(text: str, found: list[Finding], lists, lexicon) -> list[tuple[int, int]]:
    """Rules 37 (from the training and tuning sets' leaks: "d [okonjo at yahoo dot co dot uk]", "l a n a [brook at
    gmail dot com]", "bex stanforth [kaye at hotmail ...]"): an address spelled out in words takes the rest of its local
    part said before it, up to five words, each a letter, a number, a name found or listed, or a lower-case word no
    dictionary or place list knows; never a stop word or an e-mail's cue ("her email is d okonjo at ...")."""
    out = []
    people = SpanIndex((g.start, g.end) for g in found if g.entity == "PERSON")
    for f in found:
        if f.entity != "EMAIL_ADDRESS" or not re.search(r"(?i)\s(?:at|@)\s", text[f.start : f.end]):
            continue
        start, taken, letters = f.start, 0, 0
        spelling = bool(
            re.match(r"[a-z0-9]\s", text[f.start : f.end])
        )  # "b r o o k at ...", "j e s s 1 9 at ...": letters (or digits) said one by one
        while taken < 5 and letters < 30:
            m = re.search(r"(?:^|(?<=[\s\"“(]))([^\s\"“(]+)[ ]$", text[max(0, start - 40) : start])
            if not m:
                break
            word = m.group(1)
            w = fold_word(word)
            at = start - len(word) - 1
            person = people.overlaps(at, at + len(word))
            if (w in _LOCAL_STOP and not (spelling and w in ("a", "i"))) or not re.fullmatch(
                r"[A-Za-z0-9'-]+", word
            ):
                break  # "a" and "i" are letters in a name said letter by letter ("l a n a b r o o k at ...")
            # rules 38 (the removal-side review): a "dot" between letters keeps the spelling on ("n a o m i dot f e n ...")
            spelling = (len(w) == 1 and w.isalnum()) or (w in _JOINERS and spelling)
            # rules 38 (blind41): a letter said alone, or a "dot" after letters, is no word of the five ("j e s s dot ...")
            if spelling or (w in _JOINERS and letters):
                letters += 1
                taken -= 1
            if not (
                (len(w) == 1 and w.isalpha())
                or _numeric(w)
                or w in _JOINERS
                or person
                or w in lists.first_names
                or w in lists.names
                or w in lists.nicknames
                or (word.islower() and w not in lexicon and w not in lists.vocab)
            ):
                break
            start, taken = at, taken + 1
        if start < f.start:
            out.append((start, f.end))
    return out


#: Rules 38 (blind41): an address said with a domain of two to four words ("dee at gravesham doula dot com", "amie dot c
#: at bump and beyond dot co dot uk"): a local part of one word or pieces joined by "dot"/"underscore", "at", the
#: domain's words (letters and digits, no stop word first or last), then "dot" and top-level domains only.
_SPACED_DOMAIN = re.compile(
    r"(?i)(?<![\w@.-])(?P<local>[a-z0-9][a-z0-9_]*(?:[ ]+(?:dot|underscore)[ ]+[a-z0-9][a-z0-9_]*){0,3})[ ]+at[ ]+"
    r"(?P<domain>(?!dot\b)[a-z0-9-]+(?:[ ]+(?!dot\b)[a-z0-9-]+){1,3})(?P<tld>(?:[ ]+dot[ ]+[a-z]{2,4}){1,3})\b"
)
#: Rules 38 (the keep-side review): a website said aloud is no address ("have a look at best beginnings dot org dot uk",
#: "advice at maternity action dot org dot uk"): an e-mail's cue before it, or a local part that is a name, a letter or
#: pieces joined by "dot"/"underscore".
_SPACED_CUE = re.compile(
    r"(?i)\b(?:e-?mail(?:ed|s)?|mail|spel(?:led|t)|address|addy|contact|enquiries|write[ ]+to)\b"
)


#: Rules 55 (a test the tagger retrained on forty-two sets broke): words of the local part said before its last piece
#: right after "email is" or "email:" ("email is big mama 84 at kent mums dot com").
_SAID_LOCAL = re.compile(r"(?i)\be-?mail(?:[ ]+(?:is|was)|[ ]*:)[ ]+((?:[a-z]+[ ]+){1,2})$")


def spaced_domain_spans(text: str, lists=None) -> list[tuple[int, int]]:
    """E-mail addresses said with a domain of several words (rules 38); every top-level part a known one, and an
    e-mail's cue within 40 characters before it or a local part that is a name (`lists`), a letter or joined pieces."""
    if " dot " not in text.lower():
        return []
    out = []
    for m in _SPACED_DOMAIN.finditer(text):
        words = m.group("domain").lower().split()
        tlds = re.findall(r"(?i)dot[ ]+([a-z]+)", m.group("tld"))
        local = m.group("local").lower().split()[-1]
        if (
            all(t.lower() in _TLDS for t in tlds)
            and not {words[0], words[-1]} & _LOCAL_STOP
            and local not in STOP_WORDS | _LOCAL_STOP
            and (
                _SPACED_CUE.search(text, max(0, m.start() - 40), m.start())
                or len(local) == 1
                or re.search(r"(?i)[ ](?:dot|underscore)[ ]", m.group("local"))
                or (lists is not None and (local in lists.first_names or local in lists.nicknames))
            )
        ):
            said = _SAID_LOCAL.search(text, max(0, m.start("local") - 50), m.start("local"))
            words = said.group(1).lower().split() if said else []
            start = said.start(1) if words and not set(words) & STOP_WORDS else m.start("local")
            # rules 55: "email is big mama 84 at ...": the words said before it
            out.append((start, m.end("tld")))
    return out


#: Rules 41 (the keep-side review): a form's example address ("name(at)nhs(dot)net") is no one's.
_PLACEHOLDER_LOCAL = re.compile(r"(?i)(?:name|yourname|firstname|example|email|user|someone)\W")


def _missed_phones(text: str, found: list[Finding]) -> list[tuple[int, int]]:
    """Rules 41: phone numbers the recogniser's search stepped over (`_uk_phone_spans` with `rescan`)."""
    if not re.search(r"\d[^\d]{1,4}0\d", text):
        return []
    taken = SpanIndex((f.start, f.end) for f in found)
    return [(s, e) for s, e in _uk_phone_spans(text, rescan=True) if not taken.overlaps(s, e)]


_FILE_WORDS = re.compile(r"(?i)\b(?:pals|complaints?|case|datix|incident|claim|file|letter)\b")


def _nice_number(text: str, start: int, end: int) -> bool:
    """Rules 41: a NICE guidance number ("ref NG235 intrapartum care"), not one on a complaint's, case's or PALS file
    (the removal-side review: "PALS ref PH482", "datix IPG456")."""
    return bool(NICE_CODE.fullmatch(text[start:end])) and not _FILE_WORDS.search(
        text, max(0, start - 40), min(len(text), end + 40)
    )


def _with_rules41_references(text: str, found: list[Finding], extra: list[Finding]):
    """Rules 41: a reference after "ref, its" added; a NICE guidance number found as a reference let go."""
    found = [f for f in found if not (f.entity == "HOSPITAL_NUMBER" and _nice_number(text, f.start, f.end))]
    if "," not in text:
        return found, extra
    taken = SpanIndex((f.start, f.end) for f in found + extra)
    old = set(case_reference_spans(text))
    extra = extra + [
        Finding(s, e, "HOSPITAL_NUMBER", "UkIdentifiers:case_reference_spans")
        for s, e in case_reference_spans(text, rules41=True)
        if (s, e) not in old and not taken.overlaps(s, e)
    ]
    return found, extra


def _without_said(text: str, f: Finding) -> Finding:
    """Rules 41: a spelled e-mail found before the tagger without the verb it took in ("[was] lily 4 at ...")."""
    if f.entity != "EMAIL_ADDRESS" or not f.source.endswith("spelled_email_spans"):
        return f
    first = re.match(r"(\S+)[ ]+", text[f.start : f.end])
    if first and first.group(1).lower() in _WIDER_STOP:
        return Finding(f.start + first.end(), f.end, f.entity, f.source)
    return f


def _grown(start: int, end: int, emails: list[Finding], source: str) -> Finding:
    """An address found over the e-mails found before it that it overlaps (the removal-side review: the tagger's "[big
    mama 84] at kent mums" is one address with "84 at kent mums dot com", not cut back to it)."""
    for f in emails:
        if f.start < end and start < f.end:
            start, end = min(start, f.start), max(end, f.end)
    return Finding(start, end, "EMAIL_ADDRESS", source)


#: Rules 66: six digits right after a person's name, as a handover lists a patient ("Pt Smith 123456 seen", "Jones,
#: 654321 -"): a hospital number with no label (or a date of birth), not a count ("Smith 100000 followers").
_SIX_AFTER_NAME = re.compile(r"[ ]?[,:-]?[ ]?(\d{6})(?![\w%/:-]|[.,]\d)")


def _numbers_after_names(text: str, found: list[Finding]) -> list[tuple[int, int]]:
    """Rules 66: the six digits (`_SIX_AFTER_NAME`) right after a PERSON finding."""
    found_after = (_SIX_AFTER_NAME.match(text, f.end) for f in found if f.entity == "PERSON")
    return [m.span(1) for m in found_after if m and not _COUNT_AFTER.match(text, m.end(1))]


#: Rules 67: where a woman lives in one room (an asylum or emergency hotel, a hostel, a refuge, a B&B) ...
_ROOM_HOME = re.compile(
    r"(?i)\b(?:hotels?|inn|hostels?|b&b|b[ ]and[ ]b|bed[ ]and[ ]breakfast|refuges?|guest[ ]?houses?|travelodge|ibis)\b"
)
#: ... her room and its number are part of her address ("Gateway Hotel, room 214", "Room 312.", "rooms 301 and 305"); not a
#: range ("rooms 100-120") nor a room of care ("delivery room 4", "side room 2").
_HOME_ROOM = re.compile(
    r"(?i)(?<![\w-])(?:room|rm)s?[ ]?(?:no\.?[ ]?|number[ ])?(\d{1,4}[a-z]?)((?:[ ]?(?:,|&|and)[ ]?\d{1,4}[a-z]?)*)"
    r"(?![\w/:-]|[.,]\d|[ ]?(?:-|–|to)[ ]?\d)"
)
_CARE_ROOM_BEFORE = re.compile(
    r"(?i)\b(?:delivery|side|birth|birthing|labour|labor|family|quiet|treatment|consulting|consultation|clinic|waiting|"
    r"therapy|scan|scanning|meeting|interview|sensory|bereavement|theatre|recovery|assessment|counselling|store)[ ]+\Z"
)


def home_room_spans(text: str) -> list[tuple[int, int]]:
    """Rules 67 (tuning writers' notes from asylum hotels): the rooms of `_HOME_ROOM` (the first with its word, the
    others of a list by number) in a note that names a place people live in one room (`_ROOM_HOME`)."""
    if not _ROOM_HOME.search(text):
        return []
    out = []
    for m in _HOME_ROOM.finditer(text):
        if _CARE_ROOM_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        out.append((m.start(), m.end(1)))  # the room's word too: "moved to [ADDRESS], Cedarmere Hotel"
        out += [
            (m.start(2) + d.start(), m.start(2) + d.end()) for d in re.finditer(r"\d{1,4}[a-z]?", m.group(2))
        ]
    return out


def _with_long_numbers(text: str, found: list[Finding], extra: list[Finding]):
    """Rules 40: `found` and `extra` with the long numbers no finder took added, and a reference number found in part
    grown over the rest of its run ("UTR [77310] 48215")."""
    before = found + extra
    index = SpanIndex((f.start, f.end) for f in before)
    at: dict[tuple[int, int], list[Finding]] = {}
    for f in before:
        at.setdefault((f.start, f.end), []).append(f)
    numbers = [(f.start, f.end) for f in before if f.entity == "HOSPITAL_NUMBER"]
    added: list[Finding] = []
    dropped: dict[int, Finding] = {}  # by id, the findings held so no id is reused
    # rules 69: each span with the source label of the rule that found it (a number after a name had long_number_spans')
    sources = dict.fromkeys(_numbers_after_names(text, before), "UkIdentifiers:numbers_after_names")
    sources.update(dict.fromkeys(long_number_spans(text, numbers), "UkIdentifiers:long_number_spans"))
    for s, e in sorted(sources):
        hit = [f for span in index.overlapping(s, e) for f in at[span] if id(f) not in dropped]
        # the spans come in order of their starts, so only the last ones added can overlap this one
        hit += [f for f in added[-2:] if f.start < e and s < f.end]
        if not hit:
            added.append(Finding(s, e, "HOSPITAL_NUMBER", sources[(s, e)]))
        elif all(f.entity == "HOSPITAL_NUMBER" and f.end <= e for f in hit):
            hit.sort(key=lambda f: f.start)
            dropped.update((id(f), f) for f in hit)
            added = [f for f in added if id(f) not in dropped]
            added.append(Finding(min(s, hit[0].start), e, "HOSPITAL_NUMBER", hit[0].source))
    if not added:
        return found, extra
    return [f for f in found if id(f) not in dropped], [f for f in extra if id(f) not in dropped] + added


_REG_CLUE_BEFORE = re.compile(r"(?i)\b(?:reg(?:istration)?|car|plate|van)\b[^.;!?\n]{0,8}$")


def _nhs_in_context(text: str) -> list[tuple[int, int]]:
    """An NHS number after its label (the recognisers' `_NHS_CONTEXT`), for `number_shapes.lookalike_number_spans`."""
    return [m.span(1) for m in _NHS_CONTEXT.finditer(text)]


def _with_rules42_numbers(text: str, found: list[Finding], extra: list[Finding], acronyms):
    """Rules 42 (insights.quotes.number_shapes): digits in pairs, read out one by one or in a capital-led code after a
    label, a letter typed for a digit (rules 43: in phone and NHS numbers too), sort codes after "sort" or beside a
    bank's word, short codes after a reference's label, a baby's day of birth; a plate whose last letters are an
    everyday word ("QS12 was") lets go (after "reg" or "car" its first four characters stay a plate)."""
    cut = []
    for f in found:
        if f.entity == "UK_REG" and number_shapes.word_plate(text[f.start : f.end]):
            if _REG_CLUE_BEFORE.search(
                text, max(0, f.start - 20), f.start
            ):  # "reg AB12 was clamped": the code goes
                cut.append(Finding(f.start, f.end - 4, f.entity, f.source))
            continue
        cut.append(f)
    found = cut
    *references, phones, nhs = number_shapes.lookalike_spans(
        text,
        (
            long_number_spans,
            document_number_spans,
            identifiers.hospital_number_spans,
            number_shapes.paired_digit_spans,
            _uk_phone_spans,  # rules 43: "07700 9OO 123"
            _nhs_in_context,  # rules 43: "nhs 948 O22 5614"
        ),
    )
    spans = [
        *number_shapes.paired_digit_spans(text),
        *number_shapes.spelled_digit_spans(text),
        *number_shapes.labelled_code_spans(text),
        *number_shapes.slashed_code_spans(text),  # rules 44
        *number_shapes.bank_code_spans(text),
        *((s, e) for s, e in number_shapes.short_code_spans(text, acronyms) if not _nice_number(text, s, e)),
        *(span for found_in in references for span in found_in),
    ]
    births = number_shapes.birth_date_spans(text)
    typed = [Finding(s, e, "PHONE_NUMBER", "UkIdentifiers:rules43_lookalike") for s, e in phones] + [
        Finding(s, e, "UK_NHS", "UkIdentifiers:rules43_lookalike") for s, e in nhs
    ]
    if not spans and not births and not typed:
        return found, extra
    taken = SpanIndex((f.start, f.end) for f in found + extra if f.entity != "PERSON")
    extra = extra + [
        Finding(s, e, "HOSPITAL_NUMBER", "UkIdentifiers:rules42_numbers")
        for s, e in sorted(set(spans))
        if not taken.contains(s, e)
    ]
    extra += [
        Finding(s, e, "DATE_TIME", "UkIdentifiers:birth_date") for s, e in births if not taken.overlaps(s, e)
    ]
    extra += [f for f in typed if not taken.contains(f.start, f.end)]
    return found, extra


def with_spoken_shapes(text: str, found: list[Finding], on) -> list[Finding]:
    """`found` with the e-mails read out letter by letter, the service numbers and (rules 33) the document numbers
    added, each when its switch is on (`on`: an object with the switches as attributes, the `Anonymiser`); an address
    takes the place of the names found inside it ("[NAME]-e-r-y-l dot ..." becomes one [EMAIL])."""
    extra = []
    if on.letter_emails:
        extra += [
            Finding(s, e, "EMAIL_ADDRESS", "UkIdentifiers:letter_email_spans")
            for s, e in letter_email_spans(text)
        ]
    if on.service_numbers:
        extra += [
            Finding(s, e, "HOSPITAL_NUMBER", "UkIdentifiers:service_number_spans")
            for s, e in service_number_spans(text)
        ]
        extra += [
            Finding(s, e, "PHONE_NUMBER", "UkPhoneFormats:rescan") for s, e in _missed_phones(text, found)
        ]
    if on.document_numbers:  # rules 33
        taken = SpanIndex((f.start, f.end) for f in found if f.entity != "PERSON")
        extra += [
            Finding(s, e, "HOSPITAL_NUMBER", "UkIdentifiers:document_number_spans")
            for s, e in document_number_spans(text)
            if not taken.overlaps(s, e)
        ]
        found, extra = _with_rules41_references(text, found, extra)
        found, extra = _with_long_numbers(text, found, extra)  # rules 40
        rooms = [  # rules 67; a room's word found as a name goes with its room ("rm 14")
            (s, e)
            for s, e in home_room_spans(text)
            if not any(f.start < e and s < f.end and f.entity != "PERSON" for f in found + extra)
        ]
        if rooms:
            inside = SpanIndex(rooms)
            found = [f for f in found if f.entity != "PERSON" or not inside.contains(f.start, f.end)]
            extra = [f for f in extra if f.entity != "PERSON" or not inside.contains(f.start, f.end)]
            extra += [Finding(s, e, "UK_ADDRESS", "UkIdentifiers:home_room_spans") for s, e in rooms]
        found, extra = _with_rules42_numbers(text, found, extra, on.lists.acronyms)
        codes = share_code_spans(text)  # rules 38: a share code replaces the postcode found in its first part
        if codes:
            inside = SpanIndex(codes)
            found = [f for f in found if f.entity != "UK_POSTCODE" or not inside.overlaps(f.start, f.end)]
            extra += [Finding(s, e, "HOSPITAL_NUMBER", "UkIdentifiers:share_code_spans") for s, e in codes]
    emails = [f for f in found if f.entity == "EMAIL_ADDRESS"]
    if on.spaced_domains:  # rules 38
        extra += [
            _grown(s, e, emails, "UkIdentifiers:spaced_domain_spans")
            for s, e in spaced_domain_spans(text, on.lists)
        ]
    if (
        on.email_locals
    ):  # rules 41: e-mails in the wider forms (`identifiers.spelled_email_spans`); rules 37: locals
        found = [_without_said(text, f) for f in found]
        emails = [f for f in found if f.entity == "EMAIL_ADDRESS"]
        known = {(f.start, f.end) for f in emails}
        extra += [
            _grown(s, e, emails, "UkIdentifiers:spelled_email_spans")
            for s, e in spelled_email_spans(text, wider=True)
            if (s, e) not in known and not _PLACEHOLDER_LOCAL.match(text, s)
        ]
        extra += [  # rules 37
            Finding(s, e, "EMAIL_ADDRESS", "UkIdentifiers:email_local_spans")
            for s, e in email_local_spans(text, found + extra, on.lists, on.lexicon)
        ]
    return resolve_overlaps(found + extra) if extra else found
