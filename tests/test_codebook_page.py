"""The Codebook page: the officer sees and changes the codebook; other roles are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from insights.store import db
from tests.conftest import app_using

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "pages" / "codebook.py")


@pytest.fixture
def page_db(make_db):
    with app_using(make_db("fixture")) as path:
        yield path


def run(role: str = "officer") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["role"] = role
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _scalar(path: Path, sql: str, **params):
    con = db.connect(path)
    try:
        return con.execute(sql, params or None).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("role", ["commissioner", "mnvp"])
def test_other_roles_are_refused(page_db, role):
    at = run(role)
    assert any("This page is for: Engagement officer" in e.value for e in at.error)
    assert not at.dataframe


def test_officer_sees_categories_codes_and_empty_history(page_db):
    at = run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Categories": "22", "Current codes": "151", "Retired or merged codes": "0"}
    categories = at.dataframe[0].value
    assert len(categories) == 22 and "allowed_themes" in categories.columns
    assert len(at.dataframe[1].value) == 151
    assert any("has not been changed in the app yet" in i.value for i in at.info)
    assert len(at.get("download_button")) == 2


def test_add_then_merge_a_code_through_the_forms(page_db):
    at = run()
    at.radio(key="change_action").set_value("Add a code").run()
    at.text_input[0].input("Felt safe to ask questions")
    next(b for b in at.button if b.label == "Add the code").click().run()
    assert not at.exception
    assert any("Version 1: Code C152" in s.value for s in at.success)
    assert _scalar(page_db, "select count(*) from codes where label = 'Felt safe to ask questions'") == 1
    # merge a used code into another of its category
    used, category = (
        _scalar(page_db, "select code_id from coded_excerpts order by code_id limit 1"),
        None,
    )
    category = _scalar(page_db, "select category_id from codes where code_id = $c", c=used)
    target = _scalar(
        page_db,
        "select min(code_id) from codes where category_id = $k and code_id <> $c",
        k=category,
        c=used,
    )
    n = _scalar(page_db, "select count(*) from coded_excerpts where code_id = $c", c=used)
    at.radio(key="change_action").set_value("Merge two codes").run()
    at.selectbox[1].set_value(used)
    at.selectbox[2].set_value(target)
    next(b for b in at.button if b.label == "Merge").click().run()
    assert any("Tick the box" in w.value for w in at.warning)
    assert _scalar(page_db, "select count(*) from coded_excerpts where code_id = $c", c=used) == n
    at.checkbox[1].check()
    next(b for b in at.button if b.label == "Merge").click().run()
    assert not at.exception
    assert any("Version 2:" in s.value and f"({n} excerpt(s) recoded)" in s.value for s in at.success)
    assert _scalar(page_db, "select count(*) from coded_excerpts where code_id = $c", c=used) == 0
    history = next(d.value for d in at.dataframe if "Version" in d.value.columns)
    assert history["Version"].tolist() == [2, 1]
    assert history["Change"].tolist() == ["Codes merged", "Code added"]


def test_a_refused_change_says_why(page_db):
    at = run()
    at.radio(key="change_action").set_value("Add a category").run()
    at.text_input[0].input("Bias/stereotyping/discrimination")
    next(b for b in at.button if b.label == "Add the category").click().run()
    assert not at.exception
    assert any("already a category" in e.value for e in at.error)


def test_codebook_file_preview_refusal_and_apply(page_db, tmp_path):
    con = db.connect(page_db)
    from insights.coding import refi

    book = refi.read_codebook(con, current_only=True)
    used = con.execute("select min(code_id) from coded_excerpts").fetchone()[0]
    con.close()
    csv = refi.codebook_csv(book)
    lines = csv.decode("utf-8-sig").splitlines()
    fewer = "\n".join(r for r in lines if not r.startswith(used + ",")).encode()
    at = run()
    at.file_uploader(key="codebook_upload").upload("fewer.csv", fewer, "text/csv").run()
    assert not at.exception
    assert any("cannot be applied" in e.value for e in at.error)
    assert any("orphaned" in t.value for t in at.text)
    assert not [b for b in at.button if b.label == "Apply the codebook"]
    renamed = csv.replace(b",Staff impatient with her accent,", b",Staff impatient about her accent,")
    at = run()
    at.file_uploader(key="codebook_upload").upload("renamed.csv", renamed, "text/csv").run()
    assert any("1 renamed" in t.value for t in at.text)
    apply = next(b for b in at.button if b.label == "Apply the codebook")
    assert apply.disabled
    at.checkbox[-1].check().run()
    next(b for b in at.button if b.label == "Apply the codebook").click().run()
    assert not at.exception
    assert any("Codebook imported from renamed.csv" in s.value for s in at.success)
    assert (
        _scalar(page_db, "select count(*) from codes where label = 'Staff impatient about her accent'") == 1
    )


def test_qdpx_project_with_a_mapping_checks_then_imports(page_db):
    from tests.test_refi_vendors import _deep_project

    at = run()
    at.file_uploader(key="qdpx_upload").upload("deep.qdpx", _deep_project().qdpx(), "application/zip").run()
    assert not at.exception
    assert any("has 5 codes" in m.value for m in at.markdown)
    next(b for b in at.button if b.label == "Check the import").click().run()
    assert not at.exception
    assert any(
        "1 narrative and 2 excerpts would be imported, with 2 new codes" in s.value for s in at.success
    )
    before = _scalar(page_db, "select count(*) from narratives")
    next(b for b in at.button if b.label == "Import the project").click().run()
    assert not at.exception
    assert any(s.value.startswith("Project imported.") for s in at.success)
    assert _scalar(page_db, "select count(*) from narratives") == before + 1
    assert _scalar(page_db, "select count(*) from codes where label = 'Scan not explained'") == 1


def test_a_project_that_cannot_be_read_says_why(page_db):
    at = run()
    at.file_uploader(key="qdpx_upload").upload("bad.qdpx", b"not a zip", "application/zip").run()
    assert not at.exception
    assert any("not a .qdpx (zip) file" in e.value.replace("\\", "") for e in at.error)


def test_project_export_is_prepared_audited_and_offered(page_db):
    at = run()
    before = _scalar(
        page_db, "select count(*) from audit_log where action = 'export' and object_type = 'qdpx'"
    )
    next(b for b in at.button if b.label == "Prepare the project export").click().run()
    assert not at.exception
    assert any("12 sources, 18 coded selections." in m.value for m in at.markdown)
    assert any(d.label == "Download the project (.qdpx)" for d in at.get("download_button"))
    after = _scalar(
        page_db, "select count(*) from audit_log where action = 'export' and object_type = 'qdpx'"
    )
    assert after == before + 1


def test_change_a_category_through_the_form(page_db):
    at = run()
    at.radio(key="change_action").set_value("Change a category's polarity or allowed themes").run()
    assert not at.exception
    at.selectbox(key="edit_category").set_value("language_barriers").run()
    # prefilled with what the category allows now (besides Care & support)
    themes = at.multiselect(key="edit_themes:language_barriers")
    assert themes.value == ["barriers"]
    assert at.selectbox(key="edit_polarity:language_barriers").value == "negative"
    # taking Barriers away would orphan its excerpts: refused with the reason, nothing changed
    themes.unselect("barriers")
    next(b for b in at.button if b.label == "Change the category").click().run()
    assert not at.exception
    assert any("3 under Barriers" in e.value and "orphaned" in e.value for e in at.error)
    assert _scalar(page_db, "select count(*) from codebook_versions") == 0
    # a real change: Judgement allowed too, polarity mixed
    at.multiselect(key="edit_themes:language_barriers").set_value(["barriers", "judgement"])
    at.selectbox(key="edit_polarity:language_barriers").set_value("mixed")
    next(b for b in at.button if b.label == "Change the category").click().run()
    assert not at.exception
    assert any("Version 1: Category 'Language barriers' changed" in s.value for s in at.success)
    assert (
        _scalar(page_db, "select polarity from categories where category_id = 'language_barriers'") == "mixed"
    )
    assert (
        _scalar(page_db, "select count(*) from theme_categories where category_id = 'language_barriers'") == 3
    )
    history = next(d.value for d in at.dataframe if "Version" in d.value.columns)
    assert history["Change"].tolist() == ["Category changed"]
    assert "polarity negative -> mixed" in history["What"].iat[0]


def test_codebook_files_are_built_once_per_codebook_version(page_db, monkeypatch):
    """The downloads are cached per data version (ui.cache): a warm run does not rebuild them; a change does."""
    import functools

    from insights.coding import refi

    built = []
    original = refi.codebook_files

    @functools.wraps(original)
    def counting(book):
        files = original(book)
        built.append(files)
        return files

    monkeypatch.setattr(refi, "codebook_files", counting)
    at = run()
    at.run()
    assert len(built) == 1
    at.radio(key="change_action").set_value("Add a code").run()
    at.text_input[0].input("Felt listened to at night")
    next(b for b in at.button if b.label == "Add the code").click().run()
    assert not at.exception
    assert len(built) == 2 and b"Felt listened to at night" in built[-1][0]
    assert b"Felt listened to at night" not in built[0][0]
    assert b"Felt listened to at night" in built[-1][1]
