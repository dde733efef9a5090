"""Make user-supplied text inert where it is shown: in a terminal, and inside Streamlit's markdown.

`visible` writes control characters as escapes (ESC as \\x1b, a line break as \\n), so an error line
can never move the cursor, recolour a terminal or reorder text; the command line and the pages use
it for every message that quotes a cell. `plain` does that too and escapes markdown as well.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")
#: C0 controls, DEL, C1 controls, and the invisible bidirectional / zero-width formatting characters.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: Characters that show nothing where they stand: soft hyphen, zero-width space and joiners, direction marks,
#: overrides and isolates, word joiner and invisible operators, byte-order mark. A cell or a name made only of
#: them is blank (insights.ingest.frame); a header loses them; the command line refuses them in --user.
INVISIBLE_CHARS = frozenset(
    chr(code)
    for code in (
        0xAD,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
        0xFEFF,
    )
)
INVISIBLE = re.compile("[" + "".join(sorted(INVISIBLE_CHARS)) + "]")


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object) -> str:
    """The text with every control or invisible formatting character written as an escape."""
    return _CONTROL.sub(_escape, str(text))


#: Where GitHub-flavoured markdown makes a link of plain text (its "autolink literals", found after escapes are
#: read, so a backslash does not stop them): a scheme's colon, "www." and an e-mail's "@".
_AUTOLINK = re.compile(r"(?i)(https?|www|mailto|xmpp)(?=[:.])|@")
#: U+2060 WORD JOINER: shows nothing and joins the words either side, but no autolink pattern reads through it.
JOINER = "\u2060"


def _unlink(match: re.Match) -> str:
    return match.group() + JOINER


def plain(text: object) -> str:
    """Escape every markdown/HTML-significant character so the text shows exactly as typed; control
    characters are shown as escapes (see `visible`), line breaks as a space; a web address or an e-mail
    address in the text is not made a link (an invisible word joiner after its scheme, "www" or "@"): a
    file's cell must not put a clickable link on a page."""
    return _SPECIAL.sub(r"\\\1", _AUTOLINK.sub(_unlink, visible(str(text).replace("\n", " "))))
