"""Which 8-bit encoding a CSV that is not UTF-8 is in: Windows-1252 or Mac Roman, decided with evidence.

Excel on Windows saves "CSV" in Windows-1252; old Excel for Mac (2011 and before) and Numbers' "Western
(Mac OS Roman)" save Mac Roman. Both put accented letters and smart quotes in bytes 0x80-0xFF, but in
different places: Mac Roman's 'ë' (0x91) is Windows-1252's opening quote '‘', its right quote '’'
(0xD5) is 'Õ', and Windows-1252's 'é' (0xE9) is Mac Roman's 'È'. So each reading of the file's high
bytes is scored for letters that cannot be right (a capital inside a lower-case word, 'WomenÕs'; an
opening quote straight after a letter, 'Zo‘'; a lone accented letter, 'then ñ more'; a symbol such as
'≠' or '‰'), and the reading with clearly fewer wins. When both readings look as right as each other,
the file is read as Windows-1252 with a warning naming the lines and both readings; when both look
wrong, it is refused, naming them. No detector library: charset-normalizer 3.5.3 (installed with
requests) was measured on the same files and got the short ones wrong (docs/importing.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Bytes that are the same character in both encodings (¢ £ © ± µ): no evidence either way.
_SAME = frozenset(
    b for b in range(0x80, 0x100) if bytes([b]).decode("mac_roman") == bytes([b]).decode("cp1252", "replace")
)
#: Bytes Windows-1252 leaves undefined (Mac Roman's Å, ç, è, ê, ù).
_NOT_CP1252 = frozenset((0x81, 0x8D, 0x8F, 0x90, 0x9D))
_HIGH = re.compile(rb"[\x80-\xff]")
#: Punctuation and symbols an English note plausibly holds (anything else above ASCII that is not a
#: letter counts against the reading).
_COMMON = frozenset("‘’“”–—•…£€©®°«»¡¿½¼¾×·¢±µ\xa0")  # not § or ¶: Mac Roman's reading of ISO-8859-15's €


def _odd(text: str, i: int) -> bool:
    """Whether the character at `i` (a byte above 0x7F, read one way) cannot be right where it stands."""
    c = text[i]
    p = text[i - 1] if i else " "
    n = text[i + 1] if i + 1 < len(text) else " "
    if c.isalpha():
        if c.isupper() and p.isalpha() and p.islower():
            return True  # 'WomenÕs', 'cafŽ'
        if c.islower() and n.isalpha() and n.isupper():
            return True  # 'ìShe'
        if c.islower() and p.isupper() and n.isupper():
            return True  # 'ZOèS'
        return not p.isalpha() and not n.isalpha()  # a lone accented letter: ' ñ '
    if c in "‘“":
        return p.isalnum()  # an opening quote straight after a letter: 'Zo‘'
    if c == "”":
        return n.isalnum()
    if c == "’":
        return False  # an apostrophe: 'don’t', 'Women’s'
    if c in _COMMON:
        return p.isalpha() and n.isalpha()  # 'Zo•s'
    return True  # '≠', '‰', '‡', a soft hyphen, a private-use character


_BREAK = ' \t\r\n,;"'


def _word(text: str, i: int) -> str:
    """The word around position i (at most 10 characters either side), for messages."""
    start = i
    while start > 0 and i - start < 10 and text[start - 1] not in _BREAK:
        start -= 1
    end = i + 1
    while end < len(text) and end - i < 10 and text[end] not in _BREAK:
        end += 1
    return text[start:end]


@dataclass(frozen=True)
class Legacy:
    """The decision for a file that is not UTF-8."""

    text: str | None  # None: refused
    encoding: str  # 'Windows-1252' or 'Mac Roman' (or both names when undecided)
    decided: bool  # False: both readings look as plausible as each other (a warning) or as wrong (refused)
    evidence: str  # line numbers and both readings of a few bytes, for the message


def decide(data: bytes, line_of) -> Legacy:
    """Windows-1252 or Mac Roman for bytes that are not UTF-8 (`line_of(data, offset)` numbers lines)."""
    try:
        cp = data.decode("cp1252")
    except UnicodeDecodeError:
        cp = None  # 0x81, 0x8D, 0x8F, 0x90 or 0x9D: not Windows-1252 at all
    mac = data.decode("mac_roman")
    differ = [m.start() for m in _HIGH.finditer(data) if data[m.start()] not in _SAME]
    if not differ:  # only ¢ £ © ± µ above ASCII: the same text either way
        return Legacy(cp, "Windows-1252", True, "")
    odd_mac = [p for p in differ if _odd(mac, p)]
    odd_cp = [p for p in differ if _odd(cp, p)] if cp is not None else None
    n_mac = len(odd_mac)
    n_cp = len(odd_cp) if odd_cp is not None else len(differ) + 1

    def evidence(positions: list[int]) -> str:
        shown = []
        for p in positions[:5]:
            both = f"'{_word(mac, p)}' in Mac Roman"
            if cp is not None:
                both = f"'{_word(cp, p)}' in Windows-1252, " + both
            shown.append(f"line {line_of(data, p):,} (byte 0x{data[p]:02X}: {both})")
        return "; ".join(shown) + (" and more" if len(positions) > 5 else "")

    if n_cp * 3 < n_mac or (n_cp == 0 < n_mac):
        return Legacy(cp, "Windows-1252", True, evidence(odd_mac))
    if n_mac * 3 < n_cp or (n_mac == 0 < n_cp):
        if cp is None:
            at = next(p for p in differ if data[p] in _NOT_CP1252)
            said = f"Windows-1252 has no byte 0x{data[at]:02X}, found on line {line_of(data, at):,}"
        else:
            said = f"as Windows-1252 its letters would be garbled: {evidence(odd_cp)}"
        return Legacy(mac, "Mac Roman", True, said)
    if n_cp == n_mac == 0:
        return Legacy(cp, "Windows-1252 or Mac Roman", False, evidence(differ))
    worst = sorted(set(odd_mac) | set(odd_cp or []))
    return Legacy(None, "Windows-1252 or Mac Roman", False, evidence(worst))
