"""REFI-QDA exchange: codebook and project export validate, round-trip, and bad files are refused cleanly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from insights import __main__ as cli
from insights.coding import codebook, manage, refi
from insights.store import db

NS = {"q": refi.NS}

#: Tables a refused import must leave exactly as they were.
WATCHED = ("narratives", "coded_excerpts", "imports", "audit_log", "codes", "categories")


def _snapshot(path: Path) -> dict[str, int]:
    con = db.connect(path, read_only=True)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in WATCHED}  # noqa: S608
    finally:
        con.close()


@pytest.fixture(scope="module")
def exported(make_db, tmp_path_factory) -> tuple[Path, Path, refi.ExportResult]:
    """The fixture database and a .qdpx exported from it."""
    src = make_db("fixture")
    out = tmp_path_factory.mktemp("refi") / "project.qdpx"
    con = db.connect(src)
    try:
        result = refi.export_project(con, out, audit_actor="tester")
    finally:
        con.close()
    return src, out, result


def _qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read("project.qde")


def test_export_validates_against_the_refi_schema(exported):
    _, out, result = exported
    assert refi.validate_qde(_qde(out)) == []
    assert result.sources == 12 and result.selections == 18 and result.skipped == []
    # the schema really is enforced: a selection without positions is invalid
    broken = _qde(out).replace(b'startPosition="', b'startPositionX="', 1)
    assert refi.validate_qde(broken)


def test_project_export_is_audited_with_counts_only(exported):
    src, out, _ = exported
    con = db.connect(src, read_only=True)
    rows = con.execute(
        "select actor, object_id, details from audit_log where action = 'export' and object_type = 'qdpx' order by audit_id"
    ).fetchall()
    con.close()
    assert rows[0][:2] == ("tester", out.name)
    assert '"selections": 18' in rows[0][2] and '"sources": 12' in rows[0][2]


def test_positions_point_at_the_verbatim_excerpt(exported):
    src, out, _ = exported
    root = etree.fromstring(_qde(out))
    con = db.connect(src, read_only=True)
    stored = dict(con.execute("select excerpt_id, excerpt_text from coded_excerpts").fetchall())
    con.close()
    with zipfile.ZipFile(out) as zf:
        checked = 0
        for source in root.iterfind(".//q:TextSource", NS):
            path = source.get("plainTextPath")
            assert path.startswith("internal://")
            text = zf.read("sources/" + path.removeprefix("internal://")).decode("utf-8")
            for sel in source.iterfind("q:PlainTextSelection", NS):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                assert text[start:end] == stored[sel.get("name")]
                checked += 1
    assert checked == len(stored)


def test_cases_carry_the_narrative_attributes(exported):
    _, out, _ = exported
    root = etree.fromstring(_qde(out))
    names = {v.get("name") for v in root.iterfind(".//q:Variable", NS)}
    assert {"ethnic group", "Core20", "locality", "care stage", "rating"} <= names
    cases = root.findall(".//q:Case", NS)
    assert len(cases) == 12 and all(c.find("q:SourceRef", NS) is not None for c in cases)


def test_guids_are_stable_across_exports(exported, tmp_path):
    src, out, _ = exported
    again = tmp_path / "again.qdpx"
    con = db.connect(src)
    refi.export_project(con, again)
    refi.export_codebook(con, tmp_path / "a.qdc")
    refi.export_codebook(con, tmp_path / "b.qdc")
    con.close()

    def guids(data: bytes) -> list[str]:
        return [el.get("guid") for el in etree.fromstring(data).iter() if el.get("guid")]

    assert guids(_qde(out)) == guids(_qde(again)) and len(set(guids(_qde(out)))) == len(guids(_qde(out)))
    assert (tmp_path / "a.qdc").read_bytes() == (tmp_path / "b.qdc").read_bytes()


def test_anonymised_export_carries_no_note(exported, tmp_path):
    src, _, _ = exported
    con = db.connect(src)
    out = tmp_path / "anon.qdpx"
    result = refi.export_project(con, out, anonymised=True)
    notes = [r[0] for r in con.execute("select note from narratives").fetchall()]
    con.close()
    assert refi.validate_qde(_qde(out)) == []
    with zipfile.ZipFile(out) as zf:
        texts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("sources/")]
    assert len(texts) == result.sources > 0
    assert not set(texts) & set(notes)
    assert b"collected on" not in _qde(out)  # only the five shared attributes


def test_round_trip_into_an_empty_database(exported, make_db):
    src, out, _ = exported
    target = make_db("empty")
    con = db.connect(target)
    summary = refi.import_project(con, out.read_bytes(), out.name, user="tester")
    assert summary["narratives"] == 12 and summary["excerpts"] == 18
    got = con.execute("select narrative_id, note from narratives").fetchall()
    got_e = con.execute(
        "select excerpt_id, narrative_id, code_id, theme_id, excerpt_text from coded_excerpts"
    )
    got_e = got_e.fetchall()
    audited = con.execute("select count(*) from audit_log where action = 'import'").fetchone()[0]
    con.close()
    con = db.connect(src, read_only=True)
    want = con.execute("select narrative_id, note from narratives").fetchall()
    want_e = con.execute(
        "select excerpt_id, narrative_id, code_id, theme_id, excerpt_text from coded_excerpts"
    )
    want_e = want_e.fetchall()
    con.close()
    assert set(got) == set(want)
    assert set(got_e) == set(want_e)
    assert audited == 2  # narratives and excerpts, each its own audited import


def test_codebook_export_and_preview(exported, tmp_path):
    src, _, _ = exported
    con = db.connect(src, read_only=True)
    n = refi.export_codebook(con, tmp_path / "c.qdc")
    refi.export_codebook(con, tmp_path / "c.csv")
    for name in ("c.qdc", "c.csv"):
        incoming = refi.read_codebook_file((tmp_path / name).read_bytes(), name)
        assert len(incoming) == n
        preview = manage.plan_codebook(con, incoming)
        assert not preview.refused and not preview.changes
    used = con.execute(
        "select distinct c.label from coded_excerpts e join codes c using (code_id)"
    ).fetchall()
    # dropping a code that has coded excerpts is refused, with the code named
    fewer = refi.read_codebook_file((tmp_path / "c.csv").read_bytes(), "c.csv")
    fewer = fewer[fewer["label"] != used[0][0]]
    preview = manage.plan_codebook(con, fewer)
    con.close()
    assert preview.refused and preview.orphaning == [used[0][0]]
    assert any(used[0][0] in line for line in preview.lines())
    # the .qdc shape is the project schema's CodeBook: it validates when wrapped in a Project
    qdc = (tmp_path / "c.qdc").read_bytes().replace(refi.CODEBOOK_NS.encode(), refi.NS.encode())
    body = qdc.split(b"?>", 1)[1]
    wrapped = b'<Project xmlns="' + refi.NS.encode() + b'" name="x">' + body + b"</Project>"
    assert refi.validate_qde(wrapped) == []


# --- bad inputs ------------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _edit(out: Path, change) -> bytes:
    """The exported project with project.qde (and sources) changed by `change(qde, entries)`."""
    with zipfile.ZipFile(out) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    qde = change(entries.pop("project.qde"), entries)
    return _zip({"project.qde": qde, **entries})


def _first_source(qde: bytes) -> tuple[str, str]:
    src = etree.fromstring(qde).find(".//q:TextSource", NS)
    return src.get("guid"), src.get("name")


def _selection_past_text(qde, entries):
    root = etree.fromstring(qde)
    sel = root.find(".//q:PlainTextSelection", NS)
    sel.set("endPosition", "999999")
    return etree.tostring(root)


def _non_utf8(qde, entries):
    guid, _ = _first_source(qde)
    entries[f"sources/{guid}.txt"] = "caf\u00e9 \u2013 midwife".encode("cp1252")
    return qde


def _deep(qde, entries):
    root = etree.fromstring(qde)
    code = root.find(".//q:CodeBook/q:Codes/q:Code/q:Code", NS)
    etree.SubElement(
        code, f"{{{refi.NS}}}Code", guid=codebook.guid("x", "deep"), name="Too deep", isCodable="true"
    )
    return etree.tostring(root)


def _no_sources(qde, entries):
    root = etree.fromstring(qde)
    root.remove(root.find("q:Sources", NS))
    entries.clear()
    return etree.tostring(root)


def _unknown_code(qde, entries):
    root = etree.fromstring(qde)
    used = root.find(".//q:Coding/q:CodeRef", NS).get("targetGUID")
    root.find(f".//q:CodeBook//q:Code[@guid='{used}']", NS).set("name", "A code nobody has")
    return etree.tostring(root)


def _entity(qde, entries):
    return b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY e SYSTEM "file:///etc/passwd">]><p>&e;</p>'


BAD = {
    "selection past the text": (lambda out: _edit(out, _selection_past_text), "outside the text"),
    "non-UTF-8 source": (lambda out: _edit(out, _non_utf8), "not UTF-8"),
    "codes nested too deep": (lambda out: _edit(out, _deep), "nested deeper than category > code"),
    "no sources (codes only)": (lambda out: _edit(out, _no_sources), "only a codebook"),
    "code not in the codebook": (lambda out: _edit(out, _unknown_code), "A code nobody has"),
    "invalid XML": (lambda out: _edit(out, lambda q, e: q[: len(q) // 2]), "not well-formed XML"),
    "external entity": (lambda out: _edit(out, _entity), "DOCTYPE"),
    "path traversal": (lambda out: _zip({"project.qde": _qde(out), "../../evil.txt": b"x"}), "outside"),
    "not a zip": (lambda out: b"just some text", "not a .qdpx"),
    "no project.qde": (lambda out: _zip({"other.xml": b"<a/>"}), "no project.qde"),
}


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_bad_files_are_refused_and_change_nothing(case, exported, make_db, tmp_path):
    _, out, _ = exported
    make, expected = BAD[case]
    data = make(out)
    target = make_db("empty")
    before = _snapshot(target)
    con = db.connect(target)
    with pytest.raises(refi.RefiError, match=expected):
        refi.import_project(con, data, "bad.qdpx", user="tester")
    con.close()
    assert _snapshot(target) == before


def test_zip_bomb_is_refused_before_unpacking(exported, make_db, monkeypatch):
    """A few kB that unpack to more than the cap (cap lowered here to keep the test light)."""
    _, out, _ = exported
    monkeypatch.setattr(refi, "MAX_TOTAL_BYTES", 2 * 2**20)
    data = _zip({"project.qde": _qde(out), "sources/bomb.txt": b"\0" * (3 * 2**20)})
    assert len(data) < 50_000
    target = make_db("empty")
    before = _snapshot(target)
    con = db.connect(target)
    with pytest.raises(refi.RefiError, match="would unpack to more than 2 MB"):
        refi.import_project(con, data, "bomb.qdpx", user="tester")
    con.close()
    assert _snapshot(target) == before


def test_too_many_entries_are_refused(monkeypatch):
    monkeypatch.setattr(refi, "MAX_ENTRIES", 5)
    data = _zip({f"sources/{i}.txt": b"x" for i in range(6)})
    with pytest.raises(refi.RefiError, match="6 entries"):
        refi.read_qdpx(data, "many.qdpx")


# --- command line ----------------------------------------------------------------------------------


def test_cli_round_trip_and_one_line_errors(exported, make_db, tmp_path, monkeypatch, capsys):
    src, _, _ = exported
    monkeypatch.setenv("MATERNITY_DB", str(src))
    assert cli.main(["codebook", "export", str(tmp_path / "c.qdc")]) == 0
    assert cli.main(["codebook", "import", str(tmp_path / "c.qdc")]) == 0
    assert cli.main(["qdpx", "export", str(tmp_path / "p.qdpx"), "--user", "tester"]) == 0
    assert "12 sources, 18 coded selections" in capsys.readouterr().out
    monkeypatch.setenv("MATERNITY_DB", str(make_db("empty")))
    assert cli.main(["qdpx", "import", str(tmp_path / "p.qdpx"), "--dry-run"]) == 0
    assert cli.main(["qdpx", "import", str(tmp_path / "p.qdpx"), "--user", "tester"]) == 0
    capsys.readouterr()
    # a codebook that drops a code with coded excerpts is refused (exit 1), naming it
    monkeypatch.setenv("MATERNITY_DB", str(src))
    assert cli.main(["codebook", "export", str(tmp_path / "c.csv")]) == 0
    con = db.connect(src, read_only=True)
    used = con.execute("select min(code_id) from coded_excerpts").fetchone()[0]
    con.close()
    rows = (tmp_path / "c.csv").read_text().splitlines()
    (tmp_path / "fewer.csv").write_text("\n".join(r for r in rows if not r.startswith(used + ",")) + "\n")
    capsys.readouterr()
    assert cli.main(["codebook", "import", str(tmp_path / "fewer.csv")]) == 1
    captured = capsys.readouterr()
    assert "REFUSED" in captured.out and "orphan" in captured.err
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    for argv in (
        ["qdpx", "import", str(bad)],
        ["qdpx", "import", str(tmp_path / "missing.qdpx")],
        ["qdpx", "export", str(tmp_path / "p.txt")],
        ["codebook", "export", str(tmp_path / "c.json")],
        ["codebook", "import", str(bad)],
    ):
        assert cli.main(argv) != 0
        err = capsys.readouterr().err.strip()
        assert err and "\n" not in err and "Traceback" not in err


def test_a_project_from_another_tool_imports_with_defaults(make_db):
    """Inline text, no cases or variables, unnamed selections, a code tree with other GUIDs, overlaps."""
    text = "The midwife listened to me. Nobody explained the scan results and I felt rushed."
    first, second = "Nobody explained the scan results", "I felt rushed"
    s1, s2 = text.index(first), text.index(second)
    target = make_db("empty")
    con = db.connect(target)
    label = con.execute("select label from codes order by code_id limit 1").fetchone()[0]
    category = con.execute(
        "select k.name from codes c join categories k using (category_id) where c.label = $l", {"l": label}
    ).fetchone()[0]
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="From QualCoder" origin="QualCoder">
  <CodeBook><Codes>
    <Code guid="11111111-1111-1111-1111-111111111111" name="{category}" isCodable="true">
      <Code guid="22222222-2222-2222-2222-222222222222" name="{label}" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="33333333-3333-3333-3333-333333333333" name="Interview 1"
                creationDateTime="2024-05-02T10:00:00Z">
      <PlainTextContent>{text}</PlainTextContent>
      <PlainTextSelection guid="44444444-4444-4444-4444-444444444444" startPosition="{s1}"
                          endPosition="{s1 + len(first)}">
        <Coding guid="55555555-5555-5555-5555-555555555555">
          <CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="66666666-6666-6666-6666-666666666666" startPosition="{s2 - 10}"
                          endPosition="{s2 + len(second)}">
        <Coding guid="77777777-7777-7777-7777-777777777777">
          <CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>""".encode()
    assert refi.validate_qde(qde) == []
    summary = refi.import_project(con, _zip({"project.qde": qde}), "qualcoder.qdpx", user="tester")
    rows = con.execute(
        "select e.excerpt_text, e.theme_id, n.collected_on::varchar from coded_excerpts e join narratives n "
        "using (narrative_id) order by e.excerpt_text"
    ).fetchall()
    con.close()
    assert summary["narratives"] == 1 and summary["excerpts"] == 2
    assert any("overlap" in note for note in summary["notes"])
    assert rows == [
        ("Nobody explained the scan results", "care_and_support", "2024-05-02"),
        (text[s2 - 10 : s2 + len(second)], "care_and_support", "2024-05-02"),
    ]


def test_importing_the_same_project_twice_changes_nothing_the_second_time(exported, make_db):
    _, out, _ = exported
    con = db.connect(make_db("empty"))
    refi.import_project(con, out.read_bytes(), out.name, user="tester")
    again = refi.import_project(con, out.read_bytes(), out.name, user="tester")
    con.close()
    assert all("0 new, 0 updated" in line for line in again["results"])


def test_codebook_files_leave_out_retired_codes(exported):
    """The Codebook page's downloads (refi.codebook_files, cached per data version) hold current codes only."""
    src, _, _ = exported
    con = db.connect(src, read_only=True)
    try:
        book = refi.read_codebook(con)
    finally:
        con.close()
    retired = book.assign(retired=book["code_id"] == book["code_id"].iat[0])
    qdc, csv_bytes = refi.codebook_files(retired)
    current = retired[~retired["retired"]]
    assert qdc == refi.codebook_qdc(current.reset_index(drop=True))
    assert csv_bytes == refi.codebook_csv(current.reset_index(drop=True))
    gone = str(book["code_id"].iat[0])
    assert f"code_id: {gone};".encode() not in qdc and f"code_id: {gone}<".encode() not in qdc
    assert len(refi.read_codebook_file(csv_bytes, "c.csv")) == len(book) - 1
