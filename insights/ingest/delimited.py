"""Reading a CSV (or tab-separated .txt) upload: the encoding decided per file with evidence, the delimiter,
strict quoting and line-break checks, so a file that would lose, merge or garble rows is refused."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator

from insights import config
from insights.ingest.encoding import decide as decide_legacy
from insights.ingest.frame import RowIssue

_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf4][\x80-\xbf]{3}"
)
_BINARY_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _line_of(data: bytes, position: int) -> int:
    """Line number of a byte offset; lines end with \r\n, \n or a lone \r (old Macs)."""
    ends = data.count(b"\n", 0, position) + data.count(b"\r", 0, position)
    return ends - data.count(b"\r\n", 0, position) + 1


def _bad_utf8(data: bytes, limit: int = 20) -> list[int]:
    """Byte offsets where UTF-8 decoding fails (at most `limit`)."""
    found: list[int] = []
    start = 0
    while len(found) < limit:
        try:
            data[start:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            found.append(start + exc.start)
            start += exc.end
    return found


def _decode(data: bytes, file_name: str, warnings: list[RowIssue]) -> str:
    """Text of a CSV, the encoding decided per file with evidence.

    UTF-16 with a byte-order mark; UTF-8 (with or without a byte-order mark) when every byte is valid
    UTF-8; Windows-1252, with a warning, only when NOTHING in the file is a UTF-8 multi-byte sequence.
    A UTF-8 file with a few invalid bytes is refused with their line numbers: decoding the whole file
    as Windows-1252 would garble every accented letter in it ('Zoë' -> 'ZoÃ«').
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ValueError(f"{file_name} is saved as UTF-32 text; save it as CSV UTF-8 and upload again.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{file_name} starts like UTF-16 text but byte {exc.start:,} is not valid UTF-16; "
                "save it as CSV UTF-8 and upload again."
            ) from None
        return _not_binary(text, file_name)
    head = data[:4000]
    if b"\x00" in head:
        odd, even = head[1::2].count(0), head[0::2].count(0)
        if max(odd, even) > len(head) // 4:
            raise ValueError(
                f"{file_name} looks like UTF-16 text without a byte-order mark, which cannot be read "
                "safely; save it as CSV UTF-8 and upload again."
            )
        at = head.find(b"\x00")
        raise ValueError(
            f"{file_name} does not look like a CSV text file (it contains binary data: a NUL character on "
            f"line {_line_of(data, at):,}); if it is text, delete that character (or save the file again as "
            "CSV UTF-8) and upload again."
        )
    try:
        return _not_binary(data.decode("utf-8-sig"), file_name)
    except UnicodeDecodeError:
        pass
    bad = _bad_utf8(data)
    if _UTF8_MULTIBYTE.search(data) is not None:  # real UTF-8 letters AND invalid bytes: refuse
        shown = []
        for position in bad[:5]:
            byte = data[position]
            as_1252 = bytes([byte]).decode("cp1252", errors="replace")
            shown.append(
                f"line {_line_of(data, position):,} (byte 0x{byte:02X}, '{as_1252}' in Windows-1252)"
            )
        more = " and more" if len(bad) > 5 else ""
        raise ValueError(
            f"{file_name} is UTF-8 text but has bytes that are not valid UTF-8 on "
            f"{'; '.join(shown)}{more}. Reading the whole file another way would garble its other "
            "accented letters, so it is refused: fix those characters, or save the file again as "
            "CSV UTF-8, and upload again."
        )
    legacy = decide_legacy(data, _line_of)
    if legacy.text is None:
        raise ValueError(
            f"{file_name} is not UTF-8 text, and neither Windows-1252 (Excel's 'CSV' on Windows) nor Mac Roman "
            f"(old Excel for Mac) gives plausible letters on {legacy.evidence}. It is refused rather than "
            "read with garbled letters: save it as 'CSV UTF-8' and upload again."
        )
    text = _not_binary(legacy.text, file_name)
    lines = sorted({_line_of(data, p) for p in bad})
    more = len(lines) > 10 or len(bad) >= 20  # _bad_utf8 stops at 20 bytes
    shown = ", ".join(f"{n:,}" for n in lines[:10]) + (" and more" if more else "")
    if not legacy.decided:
        said = (
            "the file is not UTF-8, and its accented letters read equally well as Windows-1252 (Excel's "
            "'CSV' on Windows) and as Mac Roman (old Excel for Mac); it was read as Windows-1252: check "
            f"{legacy.evidence}; saving as 'CSV UTF-8' avoids this"
        )
    elif legacy.encoding == "Mac Roman":
        said = (
            "the file is not UTF-8, and its accented letters are Mac Roman (old Excel for Mac's 'CSV'), so it "
            f"was read as Mac Roman ({legacy.evidence}); check that "
            f"accented letters and £ look right (non-ASCII characters on line {shown}); saving as "
            "'CSV UTF-8' avoids this"
        )
    else:
        said = (
            "the file is not UTF-8, so it was read as Windows-1252 (Excel's 'CSV' on Windows): check that "
            f"accented letters and £ look right (non-ASCII characters on line {shown}); saving as "
            "'CSV UTF-8' avoids this"
        )
    warnings.append(RowIssue(0, "", "", said))
    return text


def _not_binary(text: str, file_name: str) -> str:
    sample = text[:200_000]
    controls = len(_BINARY_CONTROL.findall(sample))
    nul = text.find("\x00")
    if nul != -1 or controls > max(8, len(sample) // 200):
        at = nul if nul != -1 else _BINARY_CONTROL.search(sample).start()
        raise ValueError(
            f"{file_name} does not look like a CSV text file (it contains binary data: a "
            f"{'NUL' if at == nul else 'control'} character on line {_text_line(text, at):,}); if it is "
            "text, delete that character (or save the file again as CSV UTF-8) and upload again."
        )
    return text


def _text_line(text: str, position: int) -> int:
    """Line number of a character offset (\r\n, \n or a lone \r end a line)."""
    ends = text.count("\n", 0, position) + text.count("\r", 0, position)
    return ends - text.count("\r\n", 0, position) + 1


def _shape(value: str) -> str:
    """Rough shape of a cell: runs of digits -> 9, of letters -> a ('N-0012' -> 'a-9')."""
    return re.sub(r"[^\W\d_]+", "a", re.sub(r"\d+", "9", value.strip()))


def _csv_rows(data: bytes, file_name: str, warnings: list[RowIssue]) -> Iterator[tuple[int, list]]:
    """(row number, cells) for every record of a CSV file, checked to add up.

    The file is parsed strictly (a quote that is never closed, or text after a closing quote,
    refuses the file with its line), and a cell holding a line break followed by a line that looks
    like a record of its own (as many delimiters as the header, starting like the other records) is
    refused too: that is an unclosed quote swallowing later rows, not a note with a line break.
    Rows with fewer cells than the header are reported by _rows_to_frame.
    """
    text = _decode(data, file_name, warnings)
    if text.endswith("\x1a"):  # the end-of-file mark old DOS and Windows programs still write
        text = text[:-1]
    line_offset = 0
    first_line = text.split("\n", 1)[0].strip()
    hint = re.fullmatch(r'"?sep=(.)"?', first_line, flags=re.IGNORECASE)
    if hint:  # Excel's "sep=;" first line names the delimiter and is not shown as a row
        delimiter = hint.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        line_offset = 1
    else:
        delimiter = _sniff_delimiter(text)
    reader = csv.reader(
        _lines(text), delimiter=delimiter, strict=True, skipinitialspace=_spaced_quotes(text, delimiter)
    )
    max_rows, max_columns = config.max_rows(), config.max_columns()
    width = 0
    seen: list[list[str]] = []  # first two cells of the first 49 records and of the last one
    number = 0
    last_line = 0
    while True:
        first = last_line + 1 + line_offset
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            at = reader.line_num + line_offset
            if "unexpected end of data" in str(exc):
                where = (
                    f"a quote mark opens a cell in row {number + 1} (line {first:,}) and is never closed, "
                    "so everything after it would run into that cell"
                )
            elif "field larger" in str(exc):
                where = f"row {number + 1} (line {first:,}) has a cell longer than 100,000 characters"
            elif at > first:
                where = (
                    f"a quote mark opens a cell in row {number + 1} (line {first:,}) and is not closed on "
                    f"that line; the cell runs on to line {at:,}, where text follows a closing quote mark. "
                    "A quote mark is probably missing or stray, and later rows would vanish into that cell"
                )
            else:
                where = (
                    f"in row {number + 1} (line {at:,}) text follows a closing quote mark "
                    '(a quote inside a cell must be doubled, "", and every quoted cell closed)'
                )
            raise ValueError(
                f"{file_name} cannot be read exactly: {where}. Fix it and upload again."
            ) from None
        number += 1
        last_line = reader.line_num
        if len(cells) > max_columns and any(c.strip() for c in cells[max_columns:]):
            raise ValueError(
                f"{file_name}: row {number} (line {first:,}) has {len(cells):,} cells, more than the "
                f"{max_columns:,} columns an import may have (MATERNITY_MAX_COLUMNS); remove the stray "
                "delimiters or cells and upload again."
            )
        if len(cells) > max_columns:  # only blank cells out there: drop them, so memory stays bounded
            cells = cells[:max_columns]
        if not width:
            if any(c.strip() for c in cells):
                width = len(cells)
            yield number, cells
            continue
        if number - 1 > max_rows:
            raise ValueError(
                f"{file_name} has more than {max_rows:,} data rows, the most one import may hold "
                "(MATERNITY_MAX_ROWS); split it into smaller files."
            )
        if width >= 3 and len(cells) >= 2:
            if "\n" in "".join(cells) or "\r" in "".join(cells):
                _check_line_breaks(cells, delimiter, width, seen, file_name, number, first)
            if len(seen) < 50:
                seen.append(cells[:2])
            else:
                seen[-1] = cells[:2]
        yield number, cells


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` with their endings (\r\n, \r or \n), as io.StringIO(text, newline="") gives
    them, one at a time: StringIO holds a second, four-byte-per-character copy of the whole file."""
    return (m.group(0) for m in _LINE.finditer(text))


def _check_line_breaks(
    cells: list, delimiter: str, width: int, seen: list, file_name: str, number: int, first: int
) -> None:
    """Refuse a record whose cell runs on over a line that looks like a record of its own."""
    shapes = None
    for column, cell in enumerate(cells):
        if "\n" not in cell and "\r" not in cell:
            continue
        for k, segment in enumerate(re.split(r"\r\n|\r|\n", cell)[1:], start=1):
            if segment.count(delimiter) < width - 1:
                continue
            parts = next(csv.reader([segment], delimiter=delimiter))
            if len(parts) < width:
                continue
            if shapes is None:
                shapes = {(_shape(a), _shape(b)) for a, b in [*seen, cells[:2]]}
            if (_shape(parts[0]), _shape(parts[1])) in shapes:
                raise ValueError(
                    f"{file_name} cannot be read exactly: a cell in row {number} (line {first:,}, "
                    f"column {column + 1}) runs on over line {first + _line_breaks(cells, column, k):,}, "
                    "which looks like a row of its own. A quote mark in that cell is probably "
                    "never closed, so later rows would vanish into it. Fix the quote marks and "
                    "upload again."
                )


def _line_breaks(cells: list, column: int, k: int) -> int:
    """Line breaks before the k-th line of cells[column] within its record."""
    before = sum(len(re.findall(r"\r\n|\r|\n", c)) for c in cells[:column])
    return before + k


def _spaced_quotes(text: str, delimiter: str) -> bool:
    """True when every header cell is quoted and a space follows the delimiters ('"venue_id", "name"', as
    some programs and hand-made exports write): the space is then read as no part of the cell, so the
    quotes are understood. Without it each name would keep its quote marks and match no column."""
    header = next((line for line in text.split("\n", 100)[:100] if line.strip()), "").rstrip("\r")
    parts = header.split(delimiter)
    return (
        len(parts) > 1
        and any(p[:1].isspace() for p in parts[1:])
        and all(len(p.strip()) >= 2 and p.strip()[0] == p.strip()[-1] == '"' for p in parts)
    )


def _sniff_delimiter(text: str) -> str:
    """Comma, semicolon, tab or '|' (LibreOffice Calc offers it): whichever the first non-empty line (the
    header) uses most."""
    header = next((line for line in text.split("\n", 100)[:100] if line.strip()), "")
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
