"""A CSV that is not UTF-8: Windows-1252 or Mac Roman decided with evidence (insights.ingest.encoding);
undecidable files warned about or refused, naming the lines and both readings (issue 11)."""

from __future__ import annotations

import pytest

from insights.ingest.read import read_table

HEADER = "narrative_id,note\r\n"
MIDWIFE = "Zoë said the midwife’s visit was “rushed” – she felt ignored. Café £5"
#: (name, note lines, encoding the file is saved in, what the reader must say)
CASES = [
    ("mac_one_letter", ["N1,Zoë was fine"], "mac_roman", "read as Mac Roman"),
    (
        "mac_quotes_and_apostrophe",
        ["N1,Women’s group in the café", "N2,“busy” – ok"],
        "mac_roman",
        "Mac Roman",
    ),
    ("mac_long", [f"N{i},{MIDWIFE}" for i in range(50)], "mac_roman", "Mac Roman"),
    ("mac_accents_only", ["N1,Renée and Zoë at the crèche"], "mac_roman", "Mac Roman"),
    (
        "cp_smart_quotes",
        ["N1,“She said ‘fine’” – then… waited; £5 parking"],
        "cp1252",
        "read as Windows-1252",
    ),
    ("cp_accents", ["N1,Met at the café with Zoë and Renée"], "cp1252", "read as Windows-1252"),
    ("cp_long", [f"N{i},{MIDWIFE}" for i in range(50)], "cp1252", "read as Windows-1252"),
    ("cp_pound_only", ["N1,£5 parking"], "cp1252", "read as Windows-1252"),
    # an apostrophe alone is 'don’t' in Windows-1252 and 'donít' in Mac Roman: both plausible, so the
    # file is read as Windows-1252 (far more common) with a warning showing both readings
    ("undecided_apostrophe", ["N1,I don’t know"], "cp1252", "'don’t' in Windows-1252, 'donít' in Mac Roman"),
]


@pytest.mark.parametrize(("lines", "encoding", "said"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_8bit_encoding_is_decided_with_evidence(lines, encoding, said):
    text = HEADER + "".join(line + "\r\n" for line in lines)
    frame = read_table(text.encode(encoding), "notes.csv", "narratives")
    assert frame["note"].tolist() == [line.split(",", 1)[1] for line in lines]
    reasons = [w.reason for w in frame.attrs["read_warnings"]]
    assert len(reasons) == 1 and said in reasons[0], reasons


def test_old_mac_line_endings_are_counted_in_messages():
    data = (HEADER + "N1,plain\rN2,ab\u00a8cd\r").replace("\r\n", "\r").encode("cp1252")
    with pytest.raises(
        ValueError, match=r"on line 3 \(byte 0xA8: 'ab¨cd' in Windows-1252, 'ab®cd' in Mac Roman\)"
    ):
        read_table(data, "odd.csv", "narratives")


def test_a_latin9_euro_sign_is_not_read_as_mac_roman():
    """ISO-8859-15 (Latin-9) puts '€' at 0xA4: '¤' in Windows-1252, '§' in Mac Roman. Neither is plausible
    before a price, so the file is refused naming both readings (it was read as Mac Roman: '§5 parking')."""
    data = (HEADER + "N1,€5 parking\r\n").encode("iso8859_15")
    with pytest.raises(ValueError, match=r"line 2 \(byte 0xA4: '¤5' in Windows-1252, '§5' in Mac Roman\)"):
        read_table(data, "latin9.csv", "narratives")
