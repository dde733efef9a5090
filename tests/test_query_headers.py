"""Every queries/*.sql file opens with the same header, and declares exactly the $parameters it uses.

The header, one comment line each and in this order:

    -- name: <file name without .sql>
    -- returns: what the rows are
    -- grain: what one row is
    -- params: none | $a (note), $b, ...
    -- example: {"a": ...}        (only when it has parameters beyond the shared filters)

More comment lines may follow (notes on the SQL); the header ends at the first line that is not one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from insights.analysis.filters import Filters

QUERY_DIR = Path(__file__).resolve().parents[1] / "queries"
KEYS = ("name", "returns", "grain", "params")
PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
#: A params line: `none`, or `$name` entries with an optional (note) each, separated by ", ".
PARAMS_LINE = re.compile(
    r"none|\$[a-z_][a-z0-9_]*( \([^()]*(\([^()]*\)[^()]*)*\))?(, \$[a-z_][a-z0-9_]*( \([^()]*(\([^()]*\)[^()]*)*\))?)*"
)
FILES = sorted(QUERY_DIR.glob("*.sql"))


def header(sql: str) -> list[tuple[str, str]]:
    """The leading comment lines as (key, value); a line without `key:` has key ''."""
    out = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        key, sep, value = line[2:].strip().partition(":")
        out.append(
            (key.strip(), value.strip()) if sep and re.fullmatch(r"[a-z]+", key.strip()) else ("", line)
        )
    return out


def used_params(sql: str) -> set[str]:
    """Every $name in the SQL itself (comments left out)."""
    return set(PARAM.findall("\n".join(line.split("--", 1)[0] for line in sql.splitlines())))


def test_there_are_query_files():
    assert len(FILES) > 20


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_header_style(path):
    sql = path.read_text(encoding="utf-8")
    lines = header(sql)
    assert [k for k, _ in lines[:4]] == list(KEYS), f"{path.name}: start with -- name/returns/grain/params"
    fields = dict(lines[:5])
    assert fields["name"] == path.stem
    assert fields["returns"] and fields["grain"], f"{path.name}: say what it returns and its grain"
    assert PARAMS_LINE.fullmatch(fields["params"]), f"{path.name}: params as `none` or `$a (note), $b`"
    extra_keys = [k for k, _ in lines[4:] if k and k != "example"]
    assert not extra_keys, f"{path.name}: unknown header keys {extra_keys}"
    assert [k for k, _ in lines].count("example") <= 1
    if "example" in [k for k, _ in lines]:
        assert lines[4][0] == "example", f"{path.name}: -- example: comes right after -- params:"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_declared_parameters_are_the_ones_used(path):
    sql = path.read_text(encoding="utf-8")
    fields = dict(header(sql)[:5])
    declared = set(PARAM.findall(fields["params"]))
    assert declared == used_params(sql), (
        f"{path.name}: declares {sorted(declared)}, uses {sorted(used_params(sql))}"
    )
    example = json.loads(fields.get("example") or "{}")
    assert set(example) <= declared, f"{path.name}: example has parameters it does not declare"
    shared = set(Filters().params())
    assert declared - shared <= set(example), (
        f"{path.name}: -- example: needs {sorted(declared - shared - set(example))}"
    )


def test_the_checks_catch_a_bad_header():
    bad = "-- name: x\n-- grain: one row\n-- returns: rows\n-- params: $a $b\nselect $a, $c\n"
    assert [k for k, _ in header(bad)] != list(KEYS)
    assert not PARAMS_LINE.fullmatch("$a $b")
    assert PARAMS_LINE.fullmatch("$a (ids, e.g. ['x']), $b")
    assert used_params(bad) == {"a", "c"}
