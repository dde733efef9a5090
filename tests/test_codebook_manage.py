"""Codebook management: every change versioned and audited in one transaction; merges recode excerpts."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import queries
from insights.coding import manage, refi
from insights.ingest import load as ingest
from insights.ingest import undo
from insights.store import db


@pytest.fixture
def con(make_db):
    con = db.connect(make_db("fixture"))
    yield con
    con.close()


def _used(con) -> list[tuple[str, str, int]]:
    """(code_id, category_id, excerpts) of coded codes, most used first."""
    return con.execute(
        "select c.code_id, c.category_id, count(*) as n from coded_excerpts e join codes c using (code_id) "
        "group by all order by n desc, 1"
    ).fetchall()


def _count(con, sql: str, **params) -> int:
    return con.execute(sql, params or None).fetchone()[0]


def test_add_rename_retire_are_versioned_and_audited(con):
    cat = con.execute("select category_id, name from categories order by sort_order limit 1").fetchone()
    added = manage.add_code(
        con, "  Felt  welcomed  at the  door ", cat[0], "officer@example.org", role="officer"
    )
    code_id = con.execute("select code_id from codes where label = 'Felt welcomed at the door'").fetchone()[0]
    assert code_id == "C152" and added.version == 1
    manage.rename_code(con, code_id, "Felt heard", "officer@example.org")
    manage.rename_category(con, cat[0], cat[1] + " (revised)", "officer@example.org")
    manage.retire_code(con, code_id, "officer@example.org")
    hist = manage.history(con)
    assert hist["version"].tolist() == [4, 3, 2, 1]
    assert hist["change"].tolist() == ["retire_code", "rename_category", "rename_code", "add_code"]
    rename = hist[hist["change"] == "rename_code"].iloc[0]
    assert json.loads(rename["before"])["label"] == "Felt welcomed at the door"
    assert json.loads(rename["after"])["label"] == "Felt heard"
    audited = con.execute(
        "select object_id, details from audit_log where action = 'codebook_change' order by audit_id"
    ).fetchall()
    assert [json.loads(d)["version"] for _, d in audited] == [1, 2, 3, 4]
    row = manage.codes(con).set_index("code_id").loc[code_id]
    assert bool(row["retired"]) and row["status"].startswith("retired on ")
    # retired codes are kept (history), never deleted
    assert _count(con, "select count(*) from codes") == 152


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda con: manage.add_code(con, "", "bias_stereotyping_discrimination", "me"), "empty"),
        (lambda con: manage.add_code(con, "x" * 200, "bias_stereotyping_discrimination", "me"), "keep it to"),
        (
            lambda con: manage.add_code(
                con, "Treated differently because of ethnicity", "bias_stereotyping_discrimination", "me"
            ),
            "already has a code",
        ),
        (lambda con: manage.add_code(con, "New", "no_such_category", "me"), "no category"),
        (
            lambda con: manage.add_code(
                con, "New", "bias_stereotyping_discrimination", "me", cross_cutting="money"
            ),
            "Cross-cutting",
        ),
        (
            lambda con: manage.rename_code(con, "C001", "Staff impatient with her accent", "me"),
            "already has a code",
        ),
        (lambda con: manage.rename_code(con, "C999", "Anything", "me"), "no code"),
        (lambda con: manage.merge_codes(con, "C001", "C001", "me"), "two different"),
        (lambda con: manage.add_category(con, "Transport", "sideways", [], "me"), "Polarity"),
        (
            lambda con: manage.add_category(con, "Bias/stereotyping/discrimination", "mixed", [], "me"),
            "already a category",
        ),
        (
            lambda con: manage.add_code(con, "Fine label", "bias_stereotyping_discrimination", " "),
            "who is changing",
        ),
    ],
)
def test_refused_changes_say_why_and_change_nothing(con, change, message):
    before = {
        t: _count(con, f"select count(*) from {t}")  # noqa: S608
        for t in ("codes", "codebook_versions", "audit_log", "categories")
    }  # noqa: S608
    with pytest.raises(manage.CodebookError, match=message):
        change(con)
    after = {t: _count(con, f"select count(*) from {t}") for t in before}  # noqa: S608
    assert after == before


def test_merge_recodes_excerpts_and_explains_the_old_code(con):
    used = _used(con)
    source = used[0]
    target = con.execute(
        "select code_id from codes where category_id = $c and code_id <> $s order by code_id limit 1",
        {"c": source[1], "s": source[0]},
    ).fetchone()[0]
    change = manage.merge_codes(con, source[0], target, "officer@example.org", role="officer")
    assert change.excerpts_recoded == source[2]
    assert _count(con, "select count(*) from coded_excerpts where code_id = $s", s=source[0]) == 0
    assert (
        _count(
            con, "select count(*) from coded_excerpts where import_id = $t", t=f"codebook-v{change.version}"
        )
        == source[2]
    )
    row = manage.codes(con).set_index("code_id").loc[source[0]]
    assert row["merged_into"] == target and row["status"].startswith("merged into ")
    assert f"({target}) on " in row["status"]
    # an older file that still uses the merged code now codes the successor
    ctx = ingest.context_for(con, "excerpts")
    label = con.execute("select label from codes where code_id = $s", {"s": source[0]}).fetchone()[0]
    from insights.ingest.validate import _code_key

    assert ctx.codes[_code_key(label)][0] == target and ctx.codes[_code_key(source[0])][0] == target
    # the import that wrote those excerpts cannot be withdrawn over the merge
    imp = con.execute("select import_id from imports where kind = 'excerpts'").fetchone()[0]
    with pytest.raises(undo.UndoRefused, match=f"recoded by a codebook merge \\(codebook-v{change.version}"):
        undo.check(con, imp)
    with pytest.raises(manage.CodebookError, match="retired already"):
        manage.merge_codes(con, source[0], target, "me")
    with pytest.raises(manage.CodebookError, match="is retired"):
        manage.merge_codes(con, target, source[0], "me")


def test_merge_into_a_category_that_does_not_allow_the_theme_is_refused(con):
    row = con.execute(
        """
        select e.code_id, e.theme_id from coded_excerpts e
        where e.theme_id <> 'care_and_support' order by 1 limit 1
        """
    ).fetchone()
    assert row is not None
    # a new category allowing only Care & support
    manage.add_category(con, "Only care", "positive", [], "me")
    manage.add_code(con, "Only care code", "only_care", "me")
    target = con.execute("select code_id from codes where label = 'Only care code'").fetchone()[0]
    before = _count(con, "select count(*) from coded_excerpts where code_id = $c", c=row[0])
    with pytest.raises(manage.CodebookError, match="does not allow the theme"):
        manage.merge_codes(con, row[0], target, "me")
    assert _count(con, "select count(*) from coded_excerpts where code_id = $c", c=row[0]) == before
    assert not manage.codes(con).set_index("code_id").loc[row[0], "retired"]


def test_added_category_is_used_by_validation(con):
    change = manage.add_category(con, "Transport to appointments", "unmet need", ["barriers"], "me")
    assert "allows Care & support, Barriers" in change.summary
    manage.add_code(
        con, "No bus to the clinic", "transport_to_appointments", "me", cross_cutting="infrastructure"
    )
    ctx = ingest.context_for(con, "excerpts")
    assert ctx.allowed_themes["transport_to_appointments"] == {"care_and_support", "barriers"}
    cats = manage.categories(con).set_index("category_id")
    assert cats.loc["transport_to_appointments", "allowed_themes"] == "Care & support; Barriers"
    assert cats.loc["transport_to_appointments", "current_codes"] == 1


def test_a_failure_inside_the_change_rolls_everything_back(con, monkeypatch):
    used = _used(con)[0]
    target = con.execute(
        "select code_id from codes where category_id = $c and code_id <> $s order by code_id limit 1",
        {"c": used[1], "s": used[0]},
    ).fetchone()[0]
    before = _count(con, "select count(*) from coded_excerpts where code_id = $s", s=used[0])

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(manage.aggregates, "refresh", boom)
    with pytest.raises(RuntimeError):
        manage.merge_codes(con, used[0], target, "me")
    assert _count(con, "select count(*) from coded_excerpts where code_id = $s", s=used[0]) == before
    assert _count(con, "select count(*) from codebook_versions") == 0
    assert _count(con, "select count(*) from audit_log where action = 'codebook_change'") == 0
    assert not manage.codes(con).set_index("code_id").loc[used[0], "retired"]


# --- a codebook from a file ----------------------------------------------------------------------------


def _book(con) -> pd.DataFrame:
    book = refi.read_codebook(con)
    return book[["code_id", "category", "label", "cross_cutting"]].copy()


def test_plan_and_apply_a_codebook_file(con):
    book = _book(con)
    used = {r[0] for r in _used(con)}
    unused = [c for c in book["code_id"] if c not in used]
    book.loc[book["code_id"] == unused[0], "label"] = "Renamed in NVivo"
    other = book.loc[book["code_id"] == unused[1], "category"].iat[0]
    moved_to = next(c for c in book["category"] if c != other)
    book.loc[book["code_id"] == unused[1], "category"] = moved_to
    book = book[book["code_id"] != unused[2]]
    book = pd.concat(
        [
            book,
            pd.DataFrame(
                [{"code_id": "", "category": moved_to, "label": "Brand new code", "cross_cutting": ""}]
            ),
        ]
    )
    plan = manage.plan_codebook(con, book)
    assert not plan.refused, plan.reasons
    assert [r["code_id"] for r in plan.renamed] == [unused[0]]
    assert [m["code_id"] for m in plan.moved] == [unused[1]]
    assert [m["code_id"] for m in plan.missing] == [unused[2]]
    assert [n["label"] for n in plan.new_codes] == ["Brand new code"]
    assert any("retired, not deleted" in line for line in plan.lines())
    _, change = manage.apply_codebook(con, book, "officer@example.org", "codes.csv", role="officer")
    assert change.version == 1
    stored = manage.codes(con).set_index("code_id")
    assert stored.loc[unused[0], "label"] == "Renamed in NVivo"
    assert stored.loc[unused[1], "category"] == moved_to
    assert bool(stored.loc[unused[2], "retired"])
    assert (stored["label"] == "Brand new code").sum() == 1
    assert len(manage.history(con)) == 1
    assert _count(con, "select count(*) from audit_log where action = 'codebook_change'") == 1
    # applying the same file again changes nothing
    again, nothing = manage.apply_codebook(con, book, "officer@example.org", "codes.csv")
    assert nothing is None and again.changes == 0


def test_a_file_that_would_orphan_excerpts_or_needs_a_new_category_is_refused(con):
    book = _book(con)
    used = _used(con)[0][0]
    fewer = book[book["code_id"] != used]
    fewer = pd.concat(
        [
            fewer,
            pd.DataFrame([{"code_id": "", "category": "Not a category", "label": "X", "cross_cutting": ""}]),
        ]
    )
    plan = manage.plan_codebook(con, fewer)
    label = book.loc[book["code_id"] == used, "label"].iat[0]
    assert plan.refused and plan.orphaning == [label]
    assert any("orphaned" in r and label in r for r in plan.reasons)
    assert any("'Not a category'" in r for r in plan.reasons)
    before = _count(con, "select count(*) from codes")
    with pytest.raises(manage.CodebookError, match="orphaned"):
        manage.apply_codebook(con, fewer, "me", "fewer.csv")
    assert _count(con, "select count(*) from codes") == before
    assert _count(con, "select count(*) from codebook_versions") == 0


def test_labels_can_swap_within_one_file(con):
    book = _book(con)
    a, b = book["code_id"].iloc[0], book["code_id"].iloc[1]
    la, lb = book["label"].iloc[0], book["label"].iloc[1]
    book.loc[book["code_id"] == a, "label"] = lb
    book.loc[book["code_id"] == b, "label"] = la
    plan, change = manage.apply_codebook(con, book, "me", "swap.csv")
    assert len(plan.renamed) == 2 and change is not None
    labels = dict(
        con.execute("select code_id, label from codes where code_id in ($a, $b)", {"a": a, "b": b}).fetchall()
    )
    assert labels == {a: lb, b: la}


def test_queries_read_the_managed_codebook(con):
    for name in ("codebook_codes", "codebook_categories", "codebook_history"):
        assert len(queries.run(con, name).columns)


def test_a_previous_release_database_upgrades_and_its_codebook_can_be_managed(tmp_path):
    from tests.test_migrations import _previous_release

    path = _previous_release(tmp_path / "old.duckdb")
    con = db.connect(path)  # applies 0006 (and any other pending migration)
    try:
        assert {"retired", "valid_from", "valid_to", "merged_into"} <= set(db.table_columns(con, "codes"))
        n_codes = _count(con, "select count(*) from codes")
        assert manage.codes(con)["status"].eq("current").all()
        used = _used(con)[0]
        target = con.execute(
            "select code_id from codes where category_id = $c and code_id <> $s order by code_id limit 1",
            {"c": used[1], "s": used[0]},
        ).fetchone()[0]
        change = manage.merge_codes(con, used[0], target, "tester")
        assert change.excerpts_recoded == used[2] and _count(con, "select count(*) from codes") == n_codes
        assert queries.run(con, "audit_integrity")["broken_entries"].iat[0] == 0
    finally:
        con.close()


def test_an_import_using_a_retired_code_is_accepted_with_a_warning(con):
    row = con.execute("select excerpt_id, code_id from coded_excerpts order by 1 limit 1").fetchone()
    manage.retire_code(con, row[1], "me")
    data = (
        "excerpt_id,narrative_id,code,theme,care_stage,excerpt\n"
        "NEW-1,T01," + row[1] + ",Care & support,antenatal,the midwife changed every visit\n"
    ).encode()
    checked = ingest.check(con, "excerpts", data, "late.csv")
    assert checked.ok
    assert any("is retired (kept for history)" in w.reason for w in checked.validated.warnings)


def test_a_label_given_up_by_a_rename_can_go_to_a_new_code_in_the_same_file(con):
    book = _book(con)
    used = {r[0] for r in _used(con)}
    code = next(c for c in book["code_id"] if c not in used)
    old = book.loc[book["code_id"] == code, "label"].iat[0]
    category = book.loc[book["code_id"] == code, "category"].iat[0]
    book.loc[book["code_id"] == code, "label"] = old + " (before 2026)"
    extra = pd.DataFrame([{"code_id": "", "category": category, "label": old, "cross_cutting": "money"}])
    plan = manage.plan_codebook(con, pd.concat([book, extra]))
    assert plan.refused and any("Cross-cutting" in r for r in plan.reasons)
    extra["cross_cutting"] = "communication"
    plan, change = manage.apply_codebook(con, pd.concat([book, extra]), "me", "split.csv")
    assert [r["code_id"] for r in plan.renamed] == [code] and [n["label"] for n in plan.new_codes] == [old]
    rows = dict(
        con.execute("select label, cross_cutting from codes where label like $l", {"l": old + "%"}).fetchall()
    )
    assert rows[old] == "communication" and old + " (before 2026)" in rows


def test_the_codebook_of_an_earlier_day(con):
    import datetime as dt

    today = dt.datetime.now(dt.UTC).date()
    yesterday = today - dt.timedelta(days=1)
    used = _used(con)[0]
    target = con.execute(
        "select code_id from codes where category_id = $c and code_id <> $s order by code_id limit 1",
        {"c": used[1], "s": used[0]},
    ).fetchone()[0]
    manage.merge_codes(con, used[0], target, "me")
    manage.add_code(con, "Added today", used[1], "me")
    before = queries.run(con, "codebook_codes_at", on=yesterday).set_index("code_id")
    now = queries.run(con, "codebook_codes_at", on=today).set_index("code_id")
    assert len(before) == 151 and used[0] in before.index and "Added today" not in set(before["label"])
    assert (
        before.loc[used[0], "since"].startswith("merged into ")
        and f"({target})" in before.loc[used[0], "since"]
    )
    assert used[0] not in now.index and "Added today" in set(now["label"])


# --- a category's polarity and allowed themes ------------------------------------------------------------


def _themes(con, category_id: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select theme_id from theme_categories where category_id = $c order by theme_id",
            {"c": category_id},
        ).fetchall()
    ]


def _polarity(con, category_id: str) -> str:
    return con.execute(
        "select polarity from categories where category_id = $c", {"c": category_id}
    ).fetchone()[0]


def test_edit_category_is_versioned_audited_used_and_keeps_aggregates_fresh(con, monkeypatch):
    from insights.analysis import aggregates
    from tests.test_aggregates import _assert_fresh

    refreshed = []
    real = aggregates.refresh
    monkeypatch.setattr(manage.aggregates, "refresh", lambda c, *a: refreshed.append(1) or real(c, *a))
    # good_care: positive, Care & support only; now also Barriers and Judgement, and mixed
    change = manage.edit_category(
        con, "good_care", "mixed", ["barriers", "judgement"], actor="officer@example.org", role="officer"
    )
    assert change.version == 1 and refreshed == [1]
    assert "polarity positive -> mixed" in change.summary
    assert "allows Care & support, Barriers, Judgement (was Care & support)" in change.summary
    assert _themes(con, "good_care") == ["barriers", "care_and_support", "judgement"]
    assert _polarity(con, "good_care") == "mixed"
    row = manage.history(con).iloc[0]
    assert row["change"] == "edit_category" and row["object_id"] == "good_care"
    before, after = json.loads(row["before"]), json.loads(row["after"])
    assert (before["polarity"], before["themes"]) == ("positive", ["care_and_support"])
    assert (after["polarity"], after["themes"]) == ("mixed", ["care_and_support", "barriers", "judgement"])
    audited = con.execute(
        "select object_id, role, details from audit_log where action = 'codebook_change'"
    ).fetchall()
    assert len(audited) == 1 and audited[0][:2] == ("good_care", "officer")
    details = json.loads(audited[0][2])
    assert details["version"] == 1 and details["themes_added"] == ["barriers", "judgement"]
    assert queries.run(con, "audit_integrity")["broken_entries"].iat[0] == 0
    # validation of new excerpts and the category list read the new themes
    assert ingest.context_for(con, "excerpts").allowed_themes["good_care"] == {
        "care_and_support",
        "barriers",
        "judgement",
    }
    cats = manage.categories(con).set_index("category_id")
    assert cats.loc["good_care", "allowed_themes"] == "Care & support; Barriers; Judgement"
    _assert_fresh(con)
    # Care & support stays allowed even when the list leaves it out; polarity only: no rebuild
    manage.edit_category(con, "good_care", themes=[], actor="me")
    assert _themes(con, "good_care") == ["care_and_support"]
    manage.edit_category(con, "good_care", polarity="positive", actor="me")
    assert _polarity(con, "good_care") == "positive" and refreshed == [1, 1]
    # a theme with no excerpts in this category can go (staff_pressure: excerpts under Judgement only)
    manage.edit_category(con, "staff_pressure", themes=["judgement"], actor="me")
    assert _themes(con, "staff_pressure") == ["care_and_support", "judgement"]
    _assert_fresh(con)
    assert manage.history(con)["version"].tolist() == [4, 3, 2, 1]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        # language_barriers has 3 excerpts under Barriers: they would be orphaned
        (
            {"category_id": "language_barriers", "themes": []},
            r"Cannot stop 'Language barriers' allowing Barriers: .*\(3 under Barriers\).*orphaned.*merge",
        ),
        # poor_communication: one excerpt under Barriers and one under Judgement
        (
            {"category_id": "poor_communication", "polarity": "mixed", "themes": []},
            r"1 under Barriers; 1 under Judgement",
        ),
        ({"category_id": "good_care", "polarity": "sideways"}, "Polarity must be one of"),
        ({"category_id": "good_care", "themes": ["barriers", "money"]}, r"not money"),
        ({"category_id": "good_care", "themes": ["infrastructure"]}, "only the coded themes"),
        ({"category_id": "good_care", "polarity": "positive", "themes": []}, "nothing to change"),
        ({"category_id": "good_care"}, "nothing to change"),
        ({"category_id": "no_such_category", "polarity": "mixed"}, "no category"),
    ],
)
def test_refused_category_edits_say_why_and_change_nothing(con, kwargs, message):
    cat = kwargs["category_id"]
    before = (
        _count(con, "select count(*) from codebook_versions"),
        _count(con, "select count(*) from audit_log"),
        con.execute("select * from categories order by all").fetchall(),
        con.execute("select * from theme_categories order by all").fetchall(),
    )
    with pytest.raises(manage.CodebookError, match=message):
        manage.edit_category(con, actor="me", **kwargs)
    after = (
        _count(con, "select count(*) from codebook_versions"),
        _count(con, "select count(*) from audit_log"),
        con.execute("select * from categories order by all").fetchall(),
        con.execute("select * from theme_categories order by all").fetchall(),
    )
    assert after == before, cat


def test_a_failed_category_edit_rolls_everything_back(con, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(manage.aggregates, "refresh", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        manage.edit_category(con, "good_care", "negative", ["barriers"], actor="me")
    assert _themes(con, "good_care") == ["care_and_support"] and _polarity(con, "good_care") == "positive"
    assert _count(con, "select count(*) from codebook_versions") == 0
    assert _count(con, "select count(*) from audit_log where action = 'codebook_change'") == 0
    with pytest.raises(manage.CodebookError, match="who is changing"):
        manage.edit_category(con, "good_care", "negative", actor=" ")
    assert _polarity(con, "good_care") == "positive"
