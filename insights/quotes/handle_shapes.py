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

Both run after every other step (`Anonymiser._final_guards`), so the rule findings the tagger's features read are
unchanged and the shipped model stays its training script's output. A handle takes the place of the names found
inside it (`resolve_overlaps`: SOCIAL_MEDIA ranks before PERSON).
"""

from __future__ import annotations

import re

from insights.quotes.lexicon import Finding, resolve_overlaps

#: Switches of `anonymise.SWITCHES`.
STEPS = ("underscore_handles", "user_handles")

_UNDERSCORE = re.compile(
    r"(?<![\w@./:#=?&-])([A-Za-z0-9][A-Za-z0-9.]*(?:_+[A-Za-z0-9][A-Za-z0-9.]*)+_*)(?![\w@/-])"
)
_CUE = re.compile(
    r"(?i)\b(?:user(?:[ ]?name)?|(?:her|his|my|their|the)[ ]+handle|handle(?=[ ]*[:=]|[ ]+is\b)|gamer[ ]?tag|"
    r"chatting[ ](?:to|with))(?:[ ]+is)?(?:[ ]*[:=-][ ]*|[ ]+)"
    r"([A-Za-z0-9][A-Za-z0-9._]{2,40}[A-Za-z0-9])(?![\w@-])"
)
_CAMEL_OR_MIXED = re.compile(r"[a-z]{2,}[A-Z]|[A-Za-z]\d+[A-Za-z]|[A-Za-z]{3,}\d{2,}$|\d[A-Za-z]{3,}")
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


def with_handles(
    text: str, found: list[Finding], underscores: bool = True, users: bool = True
) -> list[Finding]:
    """`found` with the user names added; a handle takes the place of the names found inside it."""
    spans = (underscore_spans(text) if underscores else []) + (user_handle_spans(text) if users else [])
    if not spans:
        return found
    extra = [Finding(s, e, "SOCIAL_MEDIA", "UkIdentifiers:handle_shapes") for s, e in spans]
    return resolve_overlaps(found + extra)
