"""The import graph is layered and acyclic: a lower layer never imports a higher one, and no loop.

Every import counts, including lazy ones inside functions. Imports are read with `ast` from every
module under insights/, ui/, pages/ and dashboard.py (nothing is imported or run). A new module
under insights/ must be given a layer in LAYERS before this test passes: place it where its
imports allow, as low as it can go.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Layers from the ground up; a module may import its own layer or lower ones, never higher.
GROUND, RULES, STORE, RECORDS, WORKFLOWS, BUILD, ENTRY, APP = range(8)
LAYER_NAMES = ("ground", "rules", "store", "records", "workflows", "build", "entry", "app")

LAYERS: dict[str, int] = {
    # ground: settings and shared words; imports nothing of the project
    "insights": GROUND,
    "insights.config": GROUND,
    "insights.vocab": GROUND,
    "insights.access.roles": GROUND,
    "insights.output.textsafe": GROUND,
    "insights.output.wording": GROUND,
    "insights.timing": GROUND,
    "queries": GROUND,
    "insights.ingest.worker": GROUND,  # worker processes: imports nothing of the project (runs functions by name)
    "insights.minilm": GROUND,  # the language model (ONNX MiniLM, data/minilm/): anonymiser's stage and suggestions
    # rules: pure functions over frames and files (reading the database through queries/ at most)
    "insights.reference.geography": RULES,
    "insights.reference.build": RULES,
    "insights.coding.codebook": RULES,
    "insights.ingest.templates": RULES,
    "insights.ingest.validate": RULES,
    "insights.ingest.read": RULES,
    "insights.ingest.frame": RULES,  # the frame both readers build (RowIssue, headers)
    "insights.ingest.delimited": RULES,  # CSV reading: encoding, dialect, line breaks
    "insights.ingest.workbook": RULES,  # workbook reading: zip checks, sheet XML, formulas, hidden rows
    "insights.ingest.parsers": RULES,  # parsers of single cells (dates, ratings, lists)
    "insights.ingest.checks": RULES,
    "insights.ingest.dates": RULES,  # date columns (day first, 1904 workbooks, month-first files)  # validation machinery (issues by row, columns parsed once)
    "insights.ingest.encoding": RULES,
    "insights.quotes.anonymise": RULES,
    "insights.quotes.lexicon": RULES,
    "insights.quotes.context_words": RULES,
    "insights.quotes.list_slots": RULES,  # rules 11: names in lists, initials beside names, word-names
    "insights.quotes.augment": RULES,  # rules 11: the tagger's training notes with names swapped
    "insights.quotes.note_rules": RULES,  # rules 10: steps after the tagger (initials, sign-offs, log cells, ...)
    "insights.quotes.who_slots": RULES,  # rules 12: initials in who-does-what slots, word-names in person slots
    "insights.quotes.record_slots": RULES,  # rules 17: who a record layout names, lower-case names, short forms
    "insights.quotes.label_slots": RULES,  # rules 31: a name's label, comment initials, a name opening a sentence
    "insights.quotes.service_guards": RULES,  # rules 31: named rooms, hashtags, places typed wrong, saints' churches
    "insights.quotes.spoken_shapes": RULES,  # rules 31: e-mails spelled letter by letter, forces service numbers
    "insights.quotes.handle_shapes": RULES,  # rules 32: chat user names joined by underscores or after "user"
    "insights.quotes.number_shapes": RULES,  # rules 42: numbers in pairs, read out or with letters for digits
    "insights.quotes.public_keeps": RULES,  # rules 44: public numbers, districts as areas, greetings and honorifics
    "insights.quotes.name_shapes": RULES,  # rules 44: given names before East Asian family names
    "insights.quotes.message_names": RULES,  # rules 45: chat writers, kinship words, dictated notes, split numbers
    "insights.quotes.minutes_names": RULES,  # rules 46: initials in minutes, sign-offs, scripts, NHS in pieces
    "insights.quotes.site_slots": RULES,  # rules 30: caravan sites, park homes, moorings and boats (record_slots' mixin)
    "insights.quotes.note_people": RULES,  # rules 18: people glossed in brackets, call-log subjects, name repeats
    "insights.quotes.tagger_guards": RULES,
    "insights.quotes.tagger_merge": RULES,  # the engine's tagger half (merge_tagged), a mixin of anonymise.Anonymiser
    "insights.quotes.care_sites": RULES,  # rules 56: services' names, care buildings, plain words in stories  # rules 13: what the tagger alone may not remove ("poppy flowers")
    "insights.quotes.plain_guards": RULES,  # rules 20: redaction placeholders and long misspelt words kept
    "insights.quotes.school_shapes": RULES,  # rules 70: a school named by a kept area after "<child> at", a second school
    "insights.quotes.stack_cues": RULES,  # rules 14: sentence-level cues for the tagger's second pass (measured, off)
    "insights.quotes.recognisers": RULES,
    "insights.quotes.name_slots": RULES,
    "insights.quotes.person_slots": RULES,
    "insights.analysis.disclosure": RULES,
    "insights.analysis.stats": RULES,
    "insights.analysis.filters": RULES,
    "insights.analysis.breakdowns": RULES,
    "insights.analysis.coverage": RULES,
    "insights.analysis.reach_tables": RULES,
    "insights.output.charts": RULES,
    "insights.output.insight_charts": RULES,
    "insights.output.reach_charts": RULES,
    "insights.output.maps": RULES,
    "insights.output.drawn": RULES,  # charts and maps built by name in the refresh's worker process
    "insights.output.exports": RULES,
    "insights.access.auth": RULES,
    "insights.demo.generate": RULES,
    "insights.demo.parameters": RULES,
    "insights.demo.places": RULES,
    "insights.demo.phrases": RULES,
    "insights.quotes.identifiers": RULES,
    "insights.quotes.added_names": RULES,  # rules 49-50: the steps after the tagger that add names
    "insights.quotes.role_names": RULES,  # rules 50: word-names beside the role that names them
    "insights.quotes.social_names": RULES,  # rules 48: handles and display names, moved out of identifiers
    "insights.quotes.references": RULES,  # rules 11: complaint, case and PALS references
    "insights.quotes.reference_shapes": RULES,  # rules 21: numbers, dates and codes in the shapes others missed
    "insights.quotes.suspects": RULES,
    "insights.quotes.tagger": RULES,  # the learned name tagger the anonymiser loads (weights in data/anonymise/)
    "insights.quotes.train_tagger": RULES,  # trains it offline from the labelled notes
    "insights.quotes.context_model": RULES,  # rules 60: the contextual word model (insights.minilm + head)
    "insights.quotes.context_stage": RULES,  # rules 60: which words it may add, the anonymiser's last step
    "insights.quotes.train_context": RULES,  # trains its head offline from the tagger's labelled notes
    "insights.store.versions": RULES,
    "insights.coding.suggest": RULES,
    "insights.coding.settled": RULES,  # rows a settlement removed are not restored by a re-import
    # store: the connection, schema and transactions
    "insights.store.db": STORE,
    "insights.store.migrations": STORE,
    "insights.store.lake": STORE,  # the shared store (DuckLake + PostgreSQL), below migrations and db
    "insights.analysis.aggregates": STORE,  # pre-aggregated tables, refreshed by every writer
    # records: the audit trail every write path appends to
    "insights.access.audit": RECORDS,
    # workflows: import, review, forms and reports, built on the store and the audit trail
    "insights.ingest.load": WORKFLOWS,
    "insights.quotes.review": WORKFLOWS,
    "insights.ingest.engagement": WORKFLOWS,
    "insights.output.briefing": WORKFLOWS,
    "insights.reference.vintage": WORKFLOWS,
    "insights.ingest.undo": WORKFLOWS,
    "insights.quotes.groups": WORKFLOWS,
    "insights.quotes.export": WORKFLOWS,
    "insights.coding.refi": WORKFLOWS,
    "insights.coding.agreement": WORKFLOWS,
    "insights.coding.manage": WORKFLOWS,
    "insights.coding.workbench": WORKFLOWS,
    "insights.coding.trainer": WORKFLOWS,
    "insights.coding.set_aside": WORKFLOWS,
    # build: a whole database from reference data, codebook and the demo
    "insights.demo.build": BUILD,
    "insights.demo.reviews": BUILD,
    # entry: the command line
    "insights.__main__": ENTRY,
    # app: the Streamlit frame, its helpers and pages
    "ui": APP,
    "pages": APP,
    "dashboard": APP,
}

SOURCES = ("insights", "ui", "pages")


def module_name(path: Path) -> str:
    """Dotted module name of a file under ROOT (a package's __init__.py is the package)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    """Every module the test reads, by dotted name."""
    files = [p for folder in SOURCES for p in sorted((ROOT / folder).rglob("*.py"))]
    files.append(ROOT / "dashboard.py")
    return {module_name(p): p for p in files}


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules `name` imports anywhere in its file (top level or inside functions)."""
    package = name if _is_package(path) else name.rpartition(".")[0]
    found: set[str] = set()

    def longest_known(dotted: str) -> str | None:
        while dotted:
            if dotted in known:
                return dotted
            dotted = dotted.rpartition(".")[0]
        return None

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                hit = longest_known(alias.name)
                if hit:
                    found.add(hit)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                hit = longest_known(f"{base}.{alias.name}") or longest_known(base)
                if hit:
                    found.add(hit)
    found.discard(name)
    return found


def layer_of(name: str, layers: dict[str, int] = LAYERS) -> int | None:
    """The layer of a module: its own entry, else (outside insights/) its nearest listed parent."""
    if name in layers:
        return layers[name]
    if name.startswith("insights."):
        return None
    while "." in name:
        name = name.rpartition(".")[0]
        if name in layers:
            return layers[name]
    return None


def upward_imports(graph: dict[str, set[str]], layers: dict[str, int] = LAYERS) -> list[str]:
    """Every import from a lower layer into a higher one, as readable lines."""
    bad = []
    for src, targets in sorted(graph.items()):
        for dst in sorted(targets):
            low, high = layer_of(src, layers), layer_of(dst, layers)
            if low is not None and high is not None and high > low:
                bad.append(f"{src} ({LAYER_NAMES[low]}) imports {dst} ({LAYER_NAMES[high]})")
    return bad


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = project_modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def test_every_insights_module_has_a_layer(graph):
    modules = project_modules()
    missing = [
        name
        for name in sorted(graph)
        if name.startswith("insights")
        and layer_of(name) is None
        # a subpackage's __init__.py that only carries a docstring needs no place
        and not (_is_package(modules[name]) and not graph[name])
    ]
    assert not missing, f"give these modules a layer in tests/test_layering.py LAYERS: {missing}"


def test_no_lower_layer_imports_a_higher_one(graph):
    assert upward_imports(graph) == []


def test_no_import_cycles(graph):
    assert cycles(graph) == []


def test_the_checks_catch_a_planted_fault():
    layers = {"app.low": STORE, "app.high": WORKFLOWS, "app.top": APP}
    planted = {"app.low": {"app.high"}, "app.high": {"app.low"}, "app.top": {"app.low"}}
    assert upward_imports(planted, layers) == ["app.low (store) imports app.high (workflows)"]
    assert cycles(planted) == [["app.high", "app.low"]]


def test_lazy_and_relative_imports_are_read(tmp_path):
    path = tmp_path / "mod.py"
    path.write_text("def f():\n    from app import low\n    from . import words\n    import web.page\n")
    known = {"app.low", "app.words", "web.page", "web"}
    assert imports_of("app.mod", path, known) == {"app.low", "app.words", "web.page"}
