""".qdpx files as other QDA tools write them: each imports, or is refused with a clear message and no change.

The fixtures imitate what NVivo, ATLAS.ti, MAXQDA and QualCoder do differently (read from the REFI-QDA 1.5
specification in ../shared/reference/refi-qda/ and from QualCoder's own REFI reader and writer,
github.com/ccbogel/QualCoder src/qualcoder/refi.py, LGPL-3.0: read for behaviour only, nothing copied):
a `Sources/` or `sources/` folder, text files with a UTF-8 BOM or in UTF-16, GUIDs in upper case (and
the spec's typographic hyphens), folders as `isCodable="false"` codes, trees deeper than two levels,
Sets, Notes and NoteRefs, Users, variables on the source itself, selections without a coding
(MAXQDA annotations), codings of a case (NVivo), sources outside the archive (`relative://`, ATLAS.ti),
CRLF line endings, elements in another order, and optional attributes left out.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from insights import __main__ as cli
from insights.coding import refi
from insights.store import db

WATCHED = ("narratives", "coded_excerpts", "imports", "audit_log", "codes", "codebook_versions")

CAT_GUID = "A1B2C3D4-0000-4000-8000-000000000001"
CODE_GUID = "A1B2C3D4-0000-4000-8000-000000000002"  # "Felt listened to" (a stored code)
NEW_GUID = "A1B2C3D4-0000-4000-8000-000000000003"  # a code the codebook does not have
DEEP_GUID = "A1B2C3D4-0000-4000-8000-000000000004"  # three levels down
FOLDER_GUID = "A1B2C3D4-0000-4000-8000-000000000005"
CASE_GUID = "A1B2C3D4-0000-4000-8000-0000000000C1"
USER_GUID = "A1B2C3D4-0000-4000-8000-0000000000A1"

TEXT_1 = "The midwife really listened to me. Nobody told me what the scan meant and I was scared."
TEXT_2 = "Café staff at the clinic – lovely. The interpreter never came, so my husband translated."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@dataclass
class Vendor:
    """One imitated export: its project.qde text and archive entries."""

    qde: str
    entries: dict[str, bytes] = field(default_factory=dict)

    def qdpx(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("project.qde", self.qde.encode("utf-8"))
            for name, data in self.entries.items():
                zf.writestr(name, data)
        return buf.getvalue()


def _codebook(lower_codes: bool = True, deep: bool = False) -> str:
    g = str.lower if lower_codes else str
    deep_xml = (
        f'<Code guid="{g(FOLDER_GUID)}" name="Communication issues" isCodable="false">'
        f'<Code guid="{g(DEEP_GUID)}" name="Scan not explained" isCodable="true"/></Code>'
        if deep
        else ""
    )
    return f"""<CodeBook><Codes>
  <Code guid="{g(CAT_GUID)}" name="Good communication" isCodable="false">
    <Description>folder</Description>
    <Code guid="{g(CODE_GUID)}" name="Felt  listened to" isCodable="true" color="#FF0000"/>
    <Code guid="{g(NEW_GUID)}" name="Midwife explained options" isCodable="true"/>
    {deep_xml}
  </Code>
</Codes></CodeBook>"""


def _selection(text: str, part: str, code_guid: str | None, guid: str, name: str | None = None) -> str:
    start, end = _span(text, part)
    named = f' name="{name}"' if name is not None else ""
    coding = (
        f'<Coding guid="{guid[:-4]}ffff" creatingUser="{USER_GUID}"><CodeRef targetGUID="{code_guid}"/></Coding>'
        if code_guid
        else ""
    )
    return (
        f'<PlainTextSelection guid="{guid}"{named} startPosition="{start}" endPosition="{end}" '
        f'creatingUser="{USER_GUID}" creationDateTime="2024-03-01T10:00:00Z">'
        f"<Description>memo text</Description>{coding}</PlainTextSelection>"
    )


def nvivo() -> Vendor:
    """NVivo-like: Sources/ folder, UTF-16 text, upper-case GUIDs in references, a case coding, Sets."""
    sel = _selection(
        TEXT_1, "The midwife really listened to me", CODE_GUID, "B0000000-0000-4000-8000-000000000001"
    )
    case_coding = (
        '<PlainTextSelection guid="B0000000-0000-4000-8000-000000000002" startPosition="0" endPosition="10">'
        f'<Coding guid="B0000000-0000-4000-8000-00000000ffff"><CodeRef targetGUID="{CASE_GUID}"/></Coding>'
        "</PlainTextSelection>"
    )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  name="NVivo project" origin="NVivo 14" creatingUserGUID="{USER_GUID}">
  <Users><User guid="{USER_GUID}" name="Coder One"/></Users>
  {_codebook(lower_codes=True)}
  <Cases><Case guid="{CASE_GUID}" name="Participant 1"><SourceRef targetGUID="C0000000-0000-4000-8000-000000000001"/></Case></Cases>
  <Sources>
    <TextSource guid="C0000000-0000-4000-8000-000000000001" name="Interview 1.docx"
      richTextPath="internal://C0000000-0000-4000-8000-000000000001.docx"
      plainTextPath="internal://C0000000-0000-4000-8000-000000000001.txt">
      {sel}{case_coding}
    </TextSource>
  </Sources>
  <Sets><Set guid="D0000000-0000-4000-8000-000000000001" name="Wave 1"><MemberSource targetGUID="C0000000-0000-4000-8000-000000000001"/></Set></Sets>
</Project>"""
    return Vendor(
        qde.replace(f'targetGUID="{CODE_GUID}"', f'targetGUID="{CODE_GUID.upper()}"'),
        {
            "Sources/C0000000-0000-4000-8000-000000000001.txt": "\ufeff".encode("utf-16-le")
            + TEXT_1.encode("utf-16-le"),
            "Sources/C0000000-0000-4000-8000-000000000001.docx": b"PK not really a docx",
        },
    )


def maxqda() -> Vendor:
    """MAXQDA-like: CRLF text, a selection without a coding (an annotation), basePath, Notes, upper-case GUIDs."""
    text = TEXT_1.replace(". ", ".\r\n")
    sel = _selection(
        text, "The midwife really listened to me", CODE_GUID, "E0000000-0000-4000-8000-000000000001"
    )
    memo = _selection(text, "I was scared", None, "E0000000-0000-4000-8000-000000000002")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="MAXQDA project" origin="MAXQDA 2022" basePath="C:\\Users\\me\\Documents">
  <Sources>
    <TextSource guid="F0000000-0000-4000-8000-000000000001" name="Transcript A"
      plainTextPath="internal://F0000000-0000-4000-8000-000000000001.txt"
      creationDateTime="2024-02-10T09:00:00Z">{sel}{memo}<NoteRef targetGUID="F0000000-0000-4000-8000-0000000000AA"/>
    </TextSource>
  </Sources>
  <Notes><Note guid="F0000000-0000-4000-8000-0000000000AA" name="Memo"><PlainTextContent>a memo</PlainTextContent></Note></Notes>
  {_codebook(lower_codes=False)}
  <Users><User guid="{USER_GUID}" name="Coder Two"/></Users>
</Project>"""
    return Vendor(qde, {"sources/F0000000-0000-4000-8000-000000000001.txt": text.encode("utf-8")})


def qualcoder() -> Vendor:
    """QualCoder-like: UTF-8 with BOM, variables on the source, unnamed selections, lower-case sources/."""
    s1 = _selection(
        TEXT_2, "The interpreter never came", CODE_GUID.lower(), "a0000000-0000-4000-8000-000000000001", ""
    )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  name="qc.qda" origin="QualCoder 3.6" creatingUserGUID="{USER_GUID}" xmlns="urn:QDA-XML:project:1.0">
<Users><User guid="{USER_GUID}" name="default"/></Users>
{_codebook()}
<Variables><Variable guid="a1000000-0000-4000-8000-000000000001" name="Rating" typeOfVariable="Integer"/></Variables>
<Sources>
<TextSource guid="a2000000-0000-4000-8000-000000000001" name="notes_b.txt"
  plainTextPath="internal://a2000000-0000-4000-8000-000000000001.txt" creatingUser="{USER_GUID}">
{s1}
<VariableValue><VariableRef targetGUID="a1000000-0000-4000-8000-000000000001"/><IntegerValue>7</IntegerValue></VariableValue>
</TextSource>
</Sources>
</Project>"""
    return Vendor(
        qde, {"sources/a2000000-0000-4000-8000-000000000001.txt": "\ufeff".encode() + TEXT_2.encode()}
    )


def _simple(
    *,
    text_bytes: bytes | None = None,
    plain_path: str = "internal://s1.txt",
    selection: str | None = None,
    deep: bool = False,
    sources: bool = True,
    codebook: bool = True,
) -> Vendor:
    sel = selection or _selection(
        TEXT_1, "The midwife really listened to me", CODE_GUID, "11000000-0000-4000-8000-000000000001"
    )
    src = (
        f'<Sources><TextSource guid="12000000-0000-4000-8000-000000000001" name="S1" plainTextPath="{plain_path}">'
        f"{sel}</TextSource></Sources>"
        if sources
        else ""
    )
    qde = (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p">'
        + (_codebook(deep=deep) if codebook else "")
        + src
        + "</Project>"
    )
    entries = {"sources/s1.txt": text_bytes if text_bytes is not None else TEXT_1.encode()}
    return Vendor(qde, entries if sources else {})


def _snapshot(path: Path) -> dict[str, int]:
    con = db.connect(path)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in WATCHED}  # noqa: S608
    finally:
        con.close()


def _import(path: Path, vendor: Vendor, **kwargs) -> dict:
    con = db.connect(path)
    try:
        return refi.import_project(con, vendor.qdpx(), "vendor.qdpx", user="tester", **kwargs)
    finally:
        con.close()


# --- files that import ---------------------------------------------------------------------------------


def test_nvivo_style_project_imports(make_db):
    target = make_db("empty")
    summary = _import(target, nvivo())
    assert summary["narratives"] == 1 and summary["excerpts"] == 1
    assert any("Sets left out" in n for n in summary["notes"])
    assert any("coding(s) of a case" in n for n in summary["notes"])
    con = db.connect(target)
    row = con.execute(
        "select x.excerpt_text, c.label, n.narrative_id from coded_excerpts x join codes c using (code_id) "
        "join narratives n using (narrative_id)"
    ).fetchone()
    con.close()
    assert row == ("The midwife really listened to me", "Felt listened to", "Interview 1.docx")


def test_maxqda_style_project_imports(make_db):
    target = make_db("empty")
    summary = _import(target, maxqda())
    assert summary["excerpts"] == 1
    assert any("without a code (annotations or memos)" in n for n in summary["notes"])
    assert any("Notes left out" in n for n in summary["notes"])
    con = db.connect(target)
    note, collected = con.execute("select note, collected_on::varchar from narratives").fetchone()
    con.close()
    assert "\r\n" in note and collected == "2024-02-10"


def test_qualcoder_style_project_imports_with_its_source_variables(make_db):
    target = make_db("empty")
    summary = _import(target, qualcoder())
    assert summary["excerpts"] == 1
    con = db.connect(target)
    note, rating = con.execute("select note, rating from narratives").fetchone()
    excerpt = con.execute("select excerpt_text from coded_excerpts").fetchone()[0]
    con.close()
    assert note == TEXT_2 and not note.startswith("\ufeff")
    assert rating == 7
    assert excerpt == "The interpreter never came"


def test_spec_style_typographic_hyphens_in_guids_still_match(make_db):
    vendor = _simple()
    vendor.qde = vendor.qde.replace(CODE_GUID.lower(), CODE_GUID.lower().replace("-", "\u2010"))
    summary = _import(make_db("empty"), vendor)
    assert summary["excerpts"] == 1


# --- mapping a tree that does not match Figure 2 ------------------------------------------------------


def _deep_project() -> Vendor:
    sels = _selection(
        TEXT_1, "The midwife really listened to me", NEW_GUID, "21000000-0000-4000-8000-000000000001"
    ) + _selection(
        TEXT_1, "Nobody told me what the scan meant", DEEP_GUID, "21000000-0000-4000-8000-000000000002"
    )
    return _simple(selection=sels, deep=True)


def test_a_deeper_tree_without_a_mapping_is_refused_with_the_way_out(make_db):
    target = make_db("empty")
    before = _snapshot(target)
    with pytest.raises(refi.RefiError, match="nested deeper than category > code.*--write-mapping"):
        _import(target, _deep_project())
    assert _snapshot(target) == before


def test_draft_mapping_then_import_with_it_in_one_transaction(make_db):
    target = make_db("empty")
    con = db.connect(target)
    draft = refi.project_mapping(con, _deep_project().qdpx(), "deep.qdpx").set_index("source_guid")
    con.close()
    new, deep = NEW_GUID.lower(), DEEP_GUID.lower()
    assert draft.loc[new, "action"] == "new" and draft.loc[new, "new_category"] == "Good communication"
    assert draft.loc[deep, "source_code"] == "Good communication > Communication issues > Scan not explained"
    assert draft.loc[deep, "action"] == "new"  # its top-level ancestor is a stored category
    assert draft.loc[CODE_GUID.lower(), "action"] == "code"  # same label as a stored code, unused here
    draft.loc[deep, ["action", "target_code", "new_label", "new_category"]] = [
        "code",
        "Scan not explained well",
        "",
        "",
    ]
    mapping = refi.read_mapping(refi.mapping_csv(draft.reset_index()), "map.csv")
    with pytest.raises(refi.RefiError, match="is not a current code"):
        _import(target, _deep_project(), mapping=mapping)
    draft.loc[deep, "target_code"] = "Why scans matter not explained"
    mapping = refi.read_mapping(refi.mapping_csv(draft.reset_index()), "map.csv")
    before = _snapshot(target)
    dry = _import(target, _deep_project(), mapping=mapping, dry_run=True)
    assert dry["new_codes"] == ["Midwife explained options"] and _snapshot(target) == before
    summary = _import(target, _deep_project(), mapping=mapping)
    assert summary["excerpts"] == 2 and summary["new_codes"] == ["Midwife explained options"]
    con = db.connect(target)
    rows = dict(
        con.execute(
            "select x.excerpt_text, c.label from coded_excerpts x join codes c using (code_id)"
        ).fetchall()
    )
    versions = con.execute("select change, object_id from codebook_versions").fetchall()
    con.close()
    assert rows == {
        "The midwife really listened to me": "Midwife explained options",
        "Nobody told me what the scan meant": "Why scans matter not explained",
    }
    assert [v[0] for v in versions] == ["add_code"]


def test_a_failure_after_new_codes_rolls_the_new_codes_back_too(make_db):
    target = make_db("empty")
    con = db.connect(target)
    draft = refi.project_mapping(con, _deep_project().qdpx(), "deep.qdpx")
    con.close()
    vendor = _deep_project()
    # a rating out of range makes the narratives import fail after the new code was added
    vendor.qde = vendor.qde.replace(
        "<Sources>",
        '<Variables><Variable guid="31000000-0000-4000-8000-000000000001" name="rating" typeOfVariable="Integer"/>'
        "</Variables><Sources>",
    ).replace(
        "</TextSource>",
        '<VariableValue><VariableRef targetGUID="31000000-0000-4000-8000-000000000001"/>'
        "<IntegerValue>42</IntegerValue></VariableValue></TextSource>",
    )
    before = _snapshot(target)
    with pytest.raises(refi.RefiError, match="narratives rejected"):
        _import(target, vendor, mapping=draft)
    assert _snapshot(target) == before  # no new code, no version, no audit row, no import


def test_mapping_rows_missing_or_wrong_are_listed(make_db):
    target = make_db("empty")
    con = db.connect(target)
    draft = refi.project_mapping(con, _deep_project().qdpx(), "deep.qdpx")
    con.close()
    draft.loc[:, "action"] = ""
    draft.loc[0, "action"] = "rename"
    with pytest.raises(refi.RefiError, match="no action \\(fill in code, new or skip\\)"):
        _import(target, _deep_project(), mapping=draft)
    draft.loc[:, "action"] = "skip"
    with pytest.raises(refi.RefiError, match="every coding is mapped to 'skip'"):
        _import(target, _deep_project(), mapping=draft)
    with pytest.raises(refi.RefiError, match="needs the columns source_guid and action"):
        refi.read_mapping(b"a,b\n1,2\n", "map.csv")


# --- files that are refused cleanly ---------------------------------------------------------------------

REFUSED = {
    "windows-1252 text": (lambda: _simple(text_bytes=TEXT_2.encode("cp1252")), "Windows-1252"),
    "source outside the archive (ATLAS.ti relative path)": (
        lambda: _simple(plain_path="relative:///Interviews/S1.txt"),
        "outside the archive",
    ),
    "selection past the text": (
        lambda: _simple(
            selection='<PlainTextSelection guid="x" startPosition="10" endPosition="9999">'
            f'<Coding guid="y"><CodeRef targetGUID="{CODE_GUID}"/></Coding></PlainTextSelection>'
        ),
        "outside the text",
    ),
    "selection without positions": (
        lambda: _simple(selection='<PlainTextSelection guid="x" startPosition="a" endPosition=""/>'),
        "no valid start/end",
    ),
    "codes only (no sources)": (lambda: _simple(sources=False), "only a codebook"),
    "empty project": (lambda: _simple(sources=False, codebook=False), "no sources and no codes"),
    "unknown code": (
        lambda: _simple(
            selection=_selection(TEXT_1, "I was scared", NEW_GUID, "41000000-0000-4000-8000-000000000001")
        ),
        "Midwife explained options",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED), ids=list(REFUSED))
def test_vendor_differences_that_cannot_be_imported_are_refused_cleanly(case, make_db):
    make, expected = REFUSED[case]
    target = make_db("empty")
    before = _snapshot(target)
    with pytest.raises(refi.RefiError, match=expected):
        _import(target, make())
    assert _snapshot(target) == before


def test_zip_bomb_is_refused(make_db, monkeypatch):
    monkeypatch.setattr(refi, "MAX_TOTAL_BYTES", 1 * 2**20)
    vendor = _simple()
    vendor.entries["sources/padding.txt"] = b"0" * (2 * 2**20)
    data = vendor.qdpx()
    assert len(data) < 20_000
    target = make_db("empty")
    before = _snapshot(target)
    con = db.connect(target)
    with pytest.raises(refi.RefiError, match="would unpack to more than 1 MB"):
        refi.import_project(con, data, "bomb.qdpx", user="tester")
    con.close()
    assert _snapshot(target) == before


# --- command line -----------------------------------------------------------------------------------------


def test_cli_write_mapping_then_import_with_it(make_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MATERNITY_DB", str(make_db("empty")))
    project = tmp_path / "deep.qdpx"
    project.write_bytes(_deep_project().qdpx())
    assert cli.main(["qdpx", "import", str(project)]) == 1
    err = capsys.readouterr().err.strip()
    assert "nested deeper" in err and "\n" not in err
    mapping = tmp_path / "map.csv"
    assert cli.main(["qdpx", "import", str(project), "--write-mapping", str(mapping)]) == 0
    assert "draft mapping of 5 code(s)" in capsys.readouterr().out
    text = mapping.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(refi.MAPPING_COLUMNS)
    assert cli.main(["qdpx", "import", str(project), "--mapping", str(mapping), "--dry-run"]) == 0
    assert "nothing was changed" in capsys.readouterr().out
    assert cli.main(["qdpx", "import", str(project), "--mapping", str(mapping), "--user", "tester"]) == 0
    out = capsys.readouterr().out
    assert "New codes added: Midwife explained options; Scan not explained" in out
    for argv in (
        ["qdpx", "import", str(project), "--mapping", str(tmp_path / "missing.csv")],
        ["qdpx", "import", str(project), "--mapping", str(project)],
        ["qdpx", "import", str(project), "--mapping", str(mapping), "--write-mapping", str(mapping)],
    ):
        assert cli.main(argv) != 0
        err = capsys.readouterr().err.strip()
        assert err and "\n" not in err and "Traceback" not in err


def test_cli_codebook_import_previews_then_applies(make_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MATERNITY_DB", str(make_db("fixture")))
    book = tmp_path / "codes.csv"
    assert cli.main(["codebook", "export", str(book)]) == 0
    rows = book.read_text(encoding="utf-8-sig").splitlines()
    rows.append("NEW,Good care,Midwife stayed after her shift,")
    book.write_text("\n".join(rows) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["codebook", "import", str(book)]) == 0
    out = capsys.readouterr().out
    assert "1 new code(s): Midwife stayed after her shift (under Good care)" in out and "--apply" in out
    assert cli.main(["codebook", "import", str(book), "--apply", "--user", "tester"]) == 0
    assert "Applied as codebook version 1" in capsys.readouterr().out
    assert cli.main(["codebook", "import", str(book), "--apply"]) == 0
    assert "nothing to change" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("code_id,category,label\nX,No such category,Y\n", encoding="utf-8")
    assert cli.main(["codebook", "import", str(bad), "--apply"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("refused: ") and "\n" not in err


# --- codebook files from other tools ----------------------------------------------------------------------


def test_a_qdc_edited_in_another_tool_matches_codes_by_guid(make_db, tmp_path):
    """Upper-case GUIDs (MAXQDA, ATLAS.ti), no code_id in the description, one label changed: a rename."""
    from insights.coding import manage

    con = db.connect(make_db("fixture"))
    try:
        refi.export_codebook(con, tmp_path / "c.qdc")
        qdc = (tmp_path / "c.qdc").read_text(encoding="utf-8")
        import re

        qdc = re.sub(r'guid="([0-9a-f-]+)"', lambda m: f'guid="{m[1].upper()}"', qdc)
        qdc = re.sub(r"<Description>code_id: [^<]*</Description>", "", qdc)
        qdc = qdc.replace('name="Felt listened to"', 'name="Felt really listened to"')
        incoming = refi.read_codebook_file(qdc.encode(), "edited.qdc")
        plan = manage.plan_codebook(con, incoming)
    finally:
        con.close()
    assert not plan.refused and not plan.new_codes and not plan.missing
    assert [(r["before"], r["after"]) for r in plan.renamed] == [
        ("Felt listened to", "Felt really listened to")
    ]


@pytest.mark.parametrize(
    "codes, message",
    [
        (
            '<Code guid="a" name="Top" isCodable="false"><Code guid="b" name="Mid"><Code guid="c" name="Leaf"/>'
            "</Code></Code>",
            "nested deeper than category > code",
        ),
        ('<Code guid="a" name="Loose code" isCodable="true"/>', "outside any category: Loose code"),
        ('<Code guid="a" name="Empty folder" isCodable="false"/>', "holds no codes under a category"),
    ],
)
def test_codebook_files_that_cannot_be_placed_are_refused(codes, message):
    qdc = f'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>'
    with pytest.raises(refi.RefiError, match=message):
        refi.read_codebook_file(qdc.encode(), "other.qdc")
