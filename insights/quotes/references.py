"""Rules 11: complaint, case and PALS references ("Ref: PALS/2025/04418", "case K/MAT/3090", "CMP-44871").

A reference ties a letter to one woman's complaint file, so it is removed as a hospital number is
(tag [HOSPITAL NUMBER]). Two shapes, read from blind8 (a complaints team's letters) and kept general:

- after a reference label ("Ref:", "Our ref", "Your ref", "case ref", "case reference", "case",
  "complaint no", "PALS ref", "Datix", "incident no", "file ref"): a run of capitals and digits joined
  by "/", "-" or single spaces ("CR/3361/MAT", "COMP 2025 1183", "KCC/EH/558120", "C/25/1907"), with
  three digits or more in it;
- anywhere: capitals joined by "/" or "-" to a run of four digits or more, optionally followed by more
  parts ("CMP-44871", "INV-2025-0277", "PALS-MAT-8842", "MAT/COMPLAINT/00912"), unless the letters are
  a month, a clinical code's prefix or a known standard ("COVID-2019", "ISO-9001": KNOWN_PREFIXES).

Rules 28: a support scheme's, benefit's or housing file's label too ("slip no", "voucher", "UC", "claim no",
"tenancy ref"); a reference typed in lower case after a label when it is in parts with four digits or more
("ref ta/dbc/44718", "uc 3318 7720 51"); and a scheme's letters and a two-digit year joined to a number
anywhere ("BB25-0311", "FB24/1123").

A bare number after a label is left alone (pxtextmining's clean comments hold an ambulance's
"Incident no 25153582"; hospital and NHS numbers have their own finders). Never a date ("21/09/2021":
digits only), a phone number (found first, it wins where they overlap), a
time, a drug dose or an NHS number (ten digits alone: no letters).
"""

from __future__ import annotations

import re

_LABEL_PATTERN = (
    r"(?i)(?:\b(?:our|your|case|complaint|complaints|pals|file|claim|incident|investigation|datix|"
    r"patient\s+safety|serious\s+incident)\s+)?"
    r"\b(?:ref(?:erence)?s?|ref\s*(?:no|num|number)|reference\s+(?:no|num|number)|case(?:\s+(?:no|num|number|id))?|"
    r"complaint\s+(?:no|num|number|id)|datix(?:\s+(?:no|number|id))?|incident\s+(?:no|number|id)|"
    r"log\s+(?:no|number)|"
    # rules 28: a support scheme's, benefit's or housing file's number ("slip no", "voucher", "UC", "claim no")
    r"(?:slip|voucher|claim|client|customer|member(?:ship)?|application|tenancy|uc|crn)"
    r"(?:\s+(?:no|num|number|id|ref))?)\b\.?\s*(?:is\s+|was\s+{its})?[:#=\-–]?\s*"
)
_LABEL = re.compile(_LABEL_PATTERN.replace("{its}", ""))
#: Rules 41 (read after the tagger): the label's "ref, its ..." too.
_LABEL_41 = re.compile(_LABEL_PATTERN.replace("{its}", r"|,[ ]*(?:it'?s|it[ ]is|which[ ]is)[ ]+"))
#: The reference after its label: capitals and digits in parts joined by "/", "-" or one space
#: (a spaced part must hold a digit or be written in capitals of 2-8 letters followed by a digit part).
_PIECE = r"((?:[{c}]{{1,12}})(?:(?:[/\-–]|[ ](?=[{c}]*\d))[{c}]{{1,12}}){{0,5}})(?![\w/])"
_AFTER_LABEL = re.compile(_PIECE.format(c="A-Z0-9"))
#: Capitals joined to four digits or more ("CMP-44871", "PALS/2025/04418", "INV-2025-0277").
#: Rules 28: the same typed in lower case after its label ("ref ta/dbc/44718", "uc ref uc 3318 7720 51").
_AFTER_LABEL_LOWER = re.compile(_PIECE.format(c="a-z0-9"))
#: Rules 28: a scheme's letters and a year joined to a number ("BB25-0311", "FB24/1123").
_YEAR_SHAPE = re.compile(r"(?<![\w/\-])([A-Z]{2,4}\d{2}[/\-]\d{3,6})(?![\w/]|-\w)")
_SHAPE = re.compile(
    r"(?<![\w/\-])((?:[A-Z]{1,8}[/\-]){1,3}(?:(?<=[A-Z]{2}[/\-])\d{2}[/\-])?\d{4,}(?:[/\-][A-Z0-9]{1,10}){0,3})(?![\w/]|-\w)"
)
_MONTHS = frozenset(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC"]
)
#: Prefixes that are standards, codes or products, not a file ("COVID-2019", "ISO-9001", "SARS-2020").
KNOWN_PREFIXES = frozenset(
    [
        "COVID",
        "SARS",
        "ISO",
        "BS",
        "EN",
        "IEC",
        "ICD",
        "DSM",
        "NICE",
        "NG",
        "CG",
        "QS",
        "WHO",
        "MMR",
        "BCG",
        "A4",
        "A5",
    ]
)


_NOT_SCHEMES = KNOWN_PREFIXES | _MONTHS
#: Rules 41: NICE guidance numbers (guidelines, clinical guidelines, quality standards, appraisals).
NICE_CODE = re.compile(r"(?:NG|CG|QS|PH|TA|IPG|MTG|DG|HTG)\d{1,3}")


def _digits(piece: str) -> int:
    return sum(c.isdigit() for c in piece)


def case_reference_spans(text: str, rules41: bool = False) -> list[tuple[int, int]]:
    """Complaint, case and PALS references, after a label or by their shape. Rules 41 (`rules41`, read after the
    tagger): "ref, its ..." too, and never a NICE guidance number ("guidance ref NG201")."""
    out: list[tuple[int, int]] = []
    for label in (_LABEL_41 if rules41 else _LABEL).finditer(text):
        m = _AFTER_LABEL.match(text, label.end())
        lower = _AFTER_LABEL_LOWER.match(text, label.end())
        if lower and (not m or lower.end(1) > m.end(1)):
            piece = lower.group(1).rstrip(" -–/")
            if _digits(piece) >= 4 and (re.search(r"[a-z]", piece) and re.search(r"[/\-–]|\d[ ]\d", piece)):
                out.append((lower.start(1), lower.start(1) + len(piece)))  # rules 28: in lower case
                continue
        if not m:
            continue
        piece = m.group(1).rstrip(" -–/")
        if rules41 and NICE_CODE.fullmatch(piece):  # "guidance ref NG201" is a NICE guideline, no one's file
            continue
        if _digits(piece) >= 3 and len(piece) >= 4 and not re.fullmatch(r"[\d/\-. ]+", piece):
            out.append((m.start(1), m.start(1) + len(piece)))
    for m in _SHAPE.finditer(text):
        letters = re.findall(r"[A-Z]+", m.group(1))
        if letters[0] in KNOWN_PREFIXES or any(p in _MONTHS for p in letters):
            continue
        out.append((m.start(1), m.end(1)))
    for m in _YEAR_SHAPE.finditer(text):
        if re.match(r"[A-Z]+", m.group(1)).group() not in _NOT_SCHEMES:
            out.append((m.start(1), m.end(1)))
    return sorted(set(out))
