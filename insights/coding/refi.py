"""REFI-QDA exchange: the codebook as `.qdc` (or CSV) and the coded data as a `.qdpx` project, both ways.

Export: every code gets a GUID derived from its id (uuid5 over a fixed namespace), so two exports of
the same database carry the same GUIDs and a tool can match them on re-import. A project holds one
text source per narrative (the note: restricted, the engagement officer's copy) or, anonymised, one
source per anonymised excerpt; every excerpt is a `PlainTextSelection` at the character offsets of
its verbatim wording in the note (excerpts not found word for word are reported and left out, never
guessed); narrative attributes are case variables. `project.qde` is validated against the REFI
schema (data/refi-qda/Project-mrt2019.xsd, MIT) before it is written.

Import: a `.qdpx` is opened with caps on entry count and uncompressed size, entry paths that leave
the archive are refused, XML is parsed without DTDs, entities or network. Codes are matched to the
codebook by name, or placed by a mapping (project code -> existing code, new code under a category, or
skip: `draft_mapping`, `read_mapping`, `resolve_mapping`) when the tree does not match Figure 2; text
sources become narratives and selections excerpts, through the same validation and the same audited
import path as the CSV templates (ingest.load), all in ONE transaction with any new codes
(insights.coding.manage). What other tools write differently (folder case, BOMs, GUID case, case
codings, memos, Sets/Notes, sources outside the archive) is read or refused by name. Any problem
raises `RefiError` with a plain-English message and nothing is written.

A codebook file is read here (`read_codebook_file`); insights.coding.manage compares and applies it.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
from lxml import etree

import queries
from insights.access import audit
from insights.coding import settled
from insights.coding.codebook import guid
from insights.config import DATA_DIR
from insights.output.exports import write_csv
from insights.vocab import THEMES

NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SCHEMA_PATH = DATA_DIR / "refi-qda" / "Project-mrt2019.xsd"

MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_XML_BYTES = 50 * 1024 * 1024

#: Case variables: (name, narrative column, REFI type); the first five also go with anonymised exports.
VARIABLES = (
    ("ethnic group", "ethnic_group", "Text"),
    ("Core20", "core20", "Boolean"),
    ("locality", "locality", "Text"),
    ("care stage", "care_stage", "Text"),
    ("rating", "rating", "Integer"),
    ("collected on", "collected_on", "Date"),
    ("collected by", "collected_by", "Text"),
    ("ethnicity", "ethnicity", "Text"),
    ("first baby", "first_baby", "Boolean"),
    ("age band", "age_band", "Text"),
    ("provider", "provider", "Text"),
)
ANONYMISED_VARIABLES = 5

_THEME_BY_LABEL = {label.lower(): tid for tid, (label, _) in THEMES.items()}
_DESCRIPTION = re.compile(r"theme:\s*(?P<theme>[^;]*?)\s*(?:;\s*care stage:\s*(?P<stage>.*?)\s*)?$", re.I)


class RefiError(ValueError):
    """A REFI-QDA file that cannot be imported, or a request that cannot be done; the message says why."""


def _q(tag: str, ns: str = NS) -> str:
    return f"{{{ns}}}{tag}"


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# --- codebook export -------------------------------------------------------------------------------


def read_codebook(con: duckdb.DuckDBPyConnection, current_only: bool = False) -> pd.DataFrame:
    """The stored codebook: code_id, category_id, category, polarity, sort_order, label, cross_cutting.

    `current_only` leaves out retired and merged codes (a codebook to code with); otherwise they are
    kept, so excerpts coded before a code was retired still point at it.
    """
    book = queries.run(con, "refi_codebook")
    if current_only:
        book = book[~book["retired"]].reset_index(drop=True)
    return book


def project_codebook(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Codes a project export carries: the current ones and retired ones that still code excerpts."""
    book = read_codebook(con)
    return book[~book["retired"] | (book["excerpts"] > 0)].reset_index(drop=True)


def _codes_element(book: pd.DataFrame, ns: str) -> etree._Element:
    codes = etree.Element(_q("Codes", ns))
    for (cat_id, cat_name, polarity), group in book.groupby(
        ["category_id", "category", "polarity"], sort=False
    ):
        cat = etree.SubElement(
            codes, _q("Code", ns), guid=guid("category", cat_id), name=cat_name, isCodable="false"
        )
        etree.SubElement(cat, _q("Description", ns)).text = f"Category ({polarity})"
        for row in group.itertuples(index=False):
            code = etree.SubElement(
                cat, _q("Code", ns), guid=guid("code", row.code_id), name=row.label, isCodable="true"
            )
            desc = f"code_id: {row.code_id}"
            if row.cross_cutting:
                desc += f"; cross-cutting: {row.cross_cutting}"
            etree.SubElement(code, _q("Description", ns)).text = desc
    return codes


def codebook_qdc(book: pd.DataFrame) -> bytes:
    """A REFI-QDA codebook file (`.qdc`): CodeBook > Codes > category > code."""
    root = etree.Element(_q("CodeBook", CODEBOOK_NS), nsmap={None: CODEBOOK_NS})
    root.append(_codes_element(book, CODEBOOK_NS))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def codebook_csv(book: pd.DataFrame) -> bytes:
    """The codebook in the layout of data/codebook/codes.csv (code_id, category, label, cross_cutting)."""
    return write_csv(book[["code_id", "category", "label", "cross_cutting"]])


def codebook_files(book: pd.DataFrame) -> tuple[bytes, bytes]:
    """The current codebook (retired and merged codes left out) of a `refi_codebook` result as .qdc and CSV."""
    current = book[~book["retired"]].reset_index(drop=True)
    return codebook_qdc(current), codebook_csv(current)


def export_codebook(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    """Write the current codebook (retired codes left out) to `out` (.qdc or .csv); returns the number of codes."""
    suffix = Path(out).suffix.lower()
    if suffix not in (".qdc", ".csv"):
        raise RefiError(f"{Path(out).name}: the codebook is exported as .qdc or .csv")
    book = read_codebook(con)
    qdc, csv_bytes = codebook_files(book)  # the same files the Codebook page offers
    Path(out).write_bytes(qdc if suffix == ".qdc" else csv_bytes)
    return int((~book["retired"]).sum())


# --- project export --------------------------------------------------------------------------------


@dataclass
class ExportResult:
    """What a project export wrote and what it left out."""

    sources: int = 0
    selections: int = 0
    skipped: list[str] = field(
        default_factory=list
    )  # excerpt ids not found word for word (or not anonymised)
    qde: bytes = b""


def schema() -> etree.XMLSchema:
    """The REFI-QDA project schema."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH), _parser()))


def validate_qde(qde: bytes) -> list[str]:
    """Schema errors of a project.qde (empty when it is valid)."""
    sch = schema()
    doc = etree.fromstring(qde, _parser())
    if sch.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in sch.error_log]


def _value(parent: etree._Element, var_guid: str, kind: str, value: object) -> None:
    vv = etree.SubElement(parent, _q("VariableValue"))
    etree.SubElement(vv, _q("VariableRef"), targetGUID=var_guid)
    if kind == "Boolean":
        etree.SubElement(vv, _q("BooleanValue")).text = "true" if bool(value) else "false"
    elif kind == "Integer":
        etree.SubElement(vv, _q("IntegerValue")).text = str(int(value))
    elif kind == "Date":
        etree.SubElement(vv, _q("DateValue")).text = pd.Timestamp(value).date().isoformat()
    else:
        etree.SubElement(vv, _q("TextValue")).text = str(value)


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str | list) and pd.isna(value)) or value == ""


def build_project(
    book: pd.DataFrame,
    narratives: pd.DataFrame,
    excerpts: pd.DataFrame,
    user: str = "Maternity Insights",
    anonymised: bool = False,
) -> tuple[bytes, dict[str, str], ExportResult]:
    """project.qde bytes, the source files {zip path: text}, and what was left out."""
    result = ExportResult()
    user_guid = guid("user", user)
    root = etree.Element(
        _q("Project"), nsmap={None: NS}, name="Maternity Insights", origin="Maternity Insights"
    )
    root.set("creatingUserGUID", user_guid)
    users = etree.SubElement(root, _q("Users"))
    etree.SubElement(users, _q("User"), guid=user_guid, name=user)
    cb = etree.SubElement(root, _q("CodeBook"))
    cb.append(_codes_element(book, NS))
    variables = VARIABLES[:ANONYMISED_VARIABLES] if anonymised else VARIABLES
    vars_el = etree.SubElement(root, _q("Variables"))
    for name, _, kind in variables:
        etree.SubElement(vars_el, _q("Variable"), guid=guid("variable", name), name=name, typeOfVariable=kind)

    files: dict[str, str] = {}
    sources_of: dict[str, list[str]] = {}
    source_elements: list[etree._Element] = []
    notes = dict(zip(narratives["narrative_id"], narratives["note"], strict=True))
    by_narrative = {k: g for k, g in excerpts.groupby("narrative_id", sort=True)}

    def selection(parent: etree._Element, row, start: int, end: int) -> None:
        sel = etree.SubElement(
            parent,
            _q("PlainTextSelection"),
            guid=guid("selection", row.excerpt_id),
            name=row.excerpt_id,
            startPosition=str(start),
            endPosition=str(end),
            creatingUser=user_guid,
        )
        desc = f"theme: {row.theme or row.theme_id}"
        if not _missing(row.care_stage):
            desc += f"; care stage: {row.care_stage}"
        etree.SubElement(sel, _q("Description")).text = desc
        coding = etree.SubElement(
            sel, _q("Coding"), guid=guid("coding", row.excerpt_id), creatingUser=user_guid
        )
        etree.SubElement(coding, _q("CodeRef"), targetGUID=guid("code", row.code_id))
        result.selections += 1

    for narrative_id in narratives["narrative_id"]:
        group = by_narrative.get(narrative_id)
        if anonymised:
            if group is None:
                continue
            for row in group.itertuples(index=False):
                text = row.anonymised_text
                if _missing(text):
                    result.skipped.append(row.excerpt_id)
                    continue
                sg = guid("source", f"{narrative_id}/{row.excerpt_id}")
                src = etree.Element(
                    _q("TextSource"), guid=sg, name=row.excerpt_id, plainTextPath=f"internal://{sg}.txt"
                )
                files[f"sources/{sg}.txt"] = text
                selection(src, row, 0, len(text))
                source_elements.append(src)
                sources_of.setdefault(narrative_id, []).append(sg)
            continue
        note = notes[narrative_id]
        sg = guid("source", narrative_id)
        src = etree.Element(
            _q("TextSource"), guid=sg, name=narrative_id, plainTextPath=f"internal://{sg}.txt"
        )
        files[f"sources/{sg}.txt"] = note
        for row in () if group is None else group.itertuples(index=False):
            start = note.find(row.excerpt_text)
            if start < 0:
                result.skipped.append(row.excerpt_id)
                continue
            selection(src, row, start, start + len(row.excerpt_text))
        source_elements.append(src)
        sources_of[narrative_id] = [sg]

    cases = etree.SubElement(root, _q("Cases"))
    for row in narratives.itertuples(index=False):
        if row.narrative_id not in sources_of:
            continue
        case = etree.SubElement(cases, _q("Case"), guid=guid("case", row.narrative_id), name=row.narrative_id)
        for name, column, kind in variables:
            value = getattr(row, column)
            if not _missing(value):
                _value(case, guid("variable", name), kind, value)
        for sg in sources_of[row.narrative_id]:
            etree.SubElement(case, _q("SourceRef"), targetGUID=sg)
    if not len(cases):
        root.remove(cases)
    if source_elements:
        srcs = etree.SubElement(root, _q("Sources"))
        srcs.extend(source_elements)
    result.sources = len(source_elements)
    qde = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    result.qde = qde
    return qde, files, result


def export_project(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    anonymised: bool = False,
    user: str = "Maternity Insights",
    audit_actor: str | None = None,
) -> ExportResult:
    """Write a `.qdpx` (project.qde + sources/) of the whole database; the qde is schema-checked first.

    With `audit_actor` the export is recorded in the audit trail (counts only).
    """
    book = project_codebook(con)
    narratives = queries.run(con, "refi_narratives", _restricted_ok=True)
    excerpts = queries.run(con, "refi_excerpts", _restricted_ok=True)
    qde, files, result = build_project(book, narratives, excerpts, user=user, anonymised=anonymised)
    errors = validate_qde(qde)
    if errors:  # a bug here, not the user's: refuse to write an invalid file
        raise RefiError(f"the project does not validate against the REFI-QDA schema: {errors[0]}")
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde)
        for name, text in files.items():
            zf.writestr(name, text.encode("utf-8"))
    if audit_actor:  # ids and counts only, never text
        audit.record(
            con,
            audit_actor,
            "export",
            object_type="qdpx",
            object_id=Path(out).name[: audit.MAX_DETAIL_TEXT],
            details={
                "anonymised": anonymised,
                "sources": result.sources,
                "selections": result.selections,
                "skipped": len(result.skipped),
            },
        )
    return result


# --- reading files safely --------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse XML with no DTD, no entities and no network; a plain message when it is not XML."""
    if len(data) > MAX_XML_BYTES:
        raise RefiError(f"{name} is larger than {MAX_XML_BYTES // 2**20} MB")
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise RefiError(f"{name} declares a DOCTYPE or entities, which are refused for safety")
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise RefiError(f"{name} is not well-formed XML ({exc.msg})") from None


def _safe_member(name: str) -> bool:
    p = name.replace("\\", "/")
    return not (p.startswith("/") or re.match(r"^[A-Za-z]:", p) or ".." in p.split("/"))


def read_qdpx(data: bytes, name: str = "project.qdpx") -> tuple[bytes, dict[str, bytes]]:
    """project.qde and the other entries of a .qdpx, within the size and count caps."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RefiError(f"{name} is not a .qdpx (zip) file") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise RefiError(f"{name} holds {len(infos):,} entries (at most {MAX_ENTRIES:,} are accepted)")
        bad = [i.filename for i in infos if not _safe_member(i.filename)]
        if bad:
            raise RefiError(f"{name} has entries with paths outside the archive, refused: {bad[0]!r}")
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise RefiError(f"{name} would unpack to more than {MAX_TOTAL_BYTES // 2**20} MB: refused")
        entries: dict[str, bytes] = {}
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            try:
                with zf.open(info) as fh:  # read with a cap as well as the header check
                    chunk = fh.read(MAX_TOTAL_BYTES - total + 1)
            except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, RuntimeError) as exc:
                raise RefiError(f"{name}: entry {info.filename!r} cannot be read ({exc})") from None
            total += len(chunk)
            if total > MAX_TOTAL_BYTES:
                raise RefiError(f"{name} would unpack to more than {MAX_TOTAL_BYTES // 2**20} MB: refused")
            entries[info.filename.replace("\\", "/")] = chunk
    qde_name = next((n for n in entries if n.lower() == "project.qde"), None)
    if qde_name is None:
        raise RefiError(f"{name} has no project.qde at its top level")
    return entries.pop(qde_name), entries


# --- code tree -------------------------------------------------------------------------------------


def norm_guid(value: str | None) -> str:
    """A GUID as compared here: lower case, trimmed, typographic hyphens (as in the spec's examples) plain."""
    return (value or "").strip().replace("\u2010", "-").replace("\u2011", "-").lower()


@dataclass
class CodeNode:
    """One code of an imported tree."""

    guid: str  # normalised (norm_guid)
    name: str
    category: str | None  # parent's name (None for a top-level code)
    description: str = ""
    path: tuple[str, ...] = ()  # names from the top of the tree down to this code
    codable: bool = True  # isCodable (REFI default true; tools mark folders/categories false)

    @property
    def depth(self) -> int:
        """1 for a top-level code, 2 for category > code, 3 and more for deeper trees."""
        return len(self.path)

    @property
    def shown(self) -> str:
        """The code's place in its tree, 'Category > Code'."""
        return " > ".join(self.path)


def code_tree(codes_el: etree._Element | None, strict: bool = True) -> dict[str, CodeNode]:
    """guid -> node for a <Codes> element; `strict` refuses trees deeper than category > code."""
    out: dict[str, CodeNode] = {}
    if codes_el is None:
        return out
    too_deep: list[str] = []

    def walk(el: etree._Element, path: list[str]) -> None:
        for child in el:
            if _local(child.tag) != "Code":
                continue
            name = " ".join((child.get("name") or "").split())
            here = [*path, name]
            if len(path) >= 2:
                too_deep.append(" > ".join(here))
            desc = _find(child, "Description")
            g = norm_guid(child.get("guid"))
            out[g] = CodeNode(
                g,
                name,
                path[-1] if path else None,
                (desc.text or "") if desc is not None else "",
                tuple(here),
                (child.get("isCodable") or "true").strip().lower() != "false",
            )
            walk(child, here)

    walk(codes_el, [])
    if too_deep and strict:
        raise RefiError(
            "codes are nested deeper than category > code (the dashboard has two levels): "
            + "; ".join(too_deep[:5])
            + (f" and {len(too_deep) - 5} more" if len(too_deep) > 5 else "")
            + ". Map them onto the codebook with a mapping file (python -m insights qdpx import FILE "
            "--write-mapping MAP.csv, then --mapping MAP.csv), or flatten them in the QDA tool."
        )
    return out


def _find(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if _local(c.tag) == name), None)


def _key(label: str) -> str:
    return " ".join(str(label).split()).lower()


def _match_codes(nodes: dict[str, CodeNode], book: pd.DataFrame, used: set[str]) -> dict[str, str]:
    """guid -> code_id by label (case and spacing ignored); unmatched codes with codings are refused."""
    by_label = {_key(lab): c for lab, c in zip(book["label"], book["code_id"], strict=True)}
    out = {g: by_label[_key(n.name)] for g, n in nodes.items() if _key(n.name) in by_label}
    unmatched = sorted({nodes[g].shown if g in nodes else f"(unknown code {g})" for g in used - set(out)})
    if unmatched:
        raise RefiError(
            f"{len(unmatched)} code(s) used in the project are not in the codebook (matched by name): "
            + "; ".join(unmatched[:10])
            + (" ..." if len(unmatched) > 10 else "")
            + ". Map them onto the codebook with a mapping file (python -m insights qdpx import FILE "
            "--write-mapping MAP.csv, fill in its action column, then --mapping MAP.csv), rename them "
            "in the QDA tool, or add them to the codebook first."
        )
    return out


# --- mapping a foreign code tree onto the codebook -------------------------------------------------

MAPPING_COLUMNS = (
    "source_guid",
    "source_code",
    "codings",
    "action",
    "target_code",
    "new_label",
    "new_category",
)
#: What a mapping row may say about one code of the project.
MAPPING_ACTIONS = {
    "code": "code its excerpts with an existing code (target_code: its id or label)",
    "new": "add a new code new_label under the existing category new_category, and code its excerpts with it",
    "skip": "leave its codings out",
}


@dataclass(frozen=True)
class Target:
    """Where one project code goes: an existing code, a new code under a category, or nowhere."""

    action: str  # code / new / skip
    code_id: str = ""
    new_label: str = ""
    category_id: str = ""


def draft_mapping(
    nodes: dict[str, CodeNode], counts: dict[str, int], book: pd.DataFrame, categories: pd.DataFrame
) -> pd.DataFrame:
    """A mapping to review: every code of the project with its codings, and a suggested action.

    Suggestions: same label as a stored code -> that code; no codings -> skip; its parent or top-level
    name is a stored category -> a new code under it; otherwise the action is left blank to fill in.
    """
    by_label = {_key(lab): c for lab, c in zip(book["label"], book["code_id"], strict=True)}
    cat_by_name = {_key(n): n for n in categories["name"]}
    rows = []
    for g, node in nodes.items():
        n = counts.get(g, 0)
        row = {
            "source_guid": g,
            "source_code": node.shown,
            "codings": n,
            "action": "",
            "target_code": "",
            "new_label": "",
            "new_category": "",
        }
        category = next(
            (cat_by_name[_key(p)] for p in reversed(node.path[:-1]) if _key(p) in cat_by_name), None
        )
        if _key(node.name) in by_label:
            row.update(action="code", target_code=by_label[_key(node.name)])
        elif not n:
            row.update(action="skip")
        elif category is not None:
            row.update(action="new", new_label=node.name, new_category=category)
        rows.append(row)
    for g in sorted(set(counts) - set(nodes)):
        rows.append(
            {
                "source_guid": g,
                "source_code": f"(not in the project's codebook: {g})",
                "codings": counts[g],
                "action": "skip",
                "target_code": "",
                "new_label": "",
                "new_category": "",
            }
        )
    return pd.DataFrame(rows, columns=list(MAPPING_COLUMNS))


def read_mapping(data: bytes, name: str) -> pd.DataFrame:
    """A mapping CSV (as written by draft_mapping, edited in a spreadsheet) as a frame of text cells."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RefiError(f"{name} is not UTF-8 text: save it as 'CSV UTF-8' and try again") from None
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        raise RefiError(f"{name} is not a readable CSV file ({exc})") from None
    if not rows or not {"source_guid", "action"} <= {str(k).strip() for k in rows[0] if k}:
        raise RefiError(
            f"{name} needs the columns source_guid and action (write a draft with --write-mapping)"
        )
    clean = [
        {c: (str(r.get(c) or "")).strip().lstrip("'") for c in MAPPING_COLUMNS}
        for r in ({str(k).strip(): v for k, v in row.items() if k} for row in rows)
    ]
    return pd.DataFrame(clean, columns=list(MAPPING_COLUMNS))


def resolve_mapping(
    mapping: pd.DataFrame,
    used: set[str],
    nodes: dict[str, CodeNode],
    book: pd.DataFrame,
    categories: pd.DataFrame,
) -> dict[str, Target]:
    """guid -> Target for every used code; every problem is listed in one RefiError."""
    current = book[~book["retired"]] if "retired" in book.columns else book
    by_id = set(current["code_id"])
    by_label = {_key(lab): c for lab, c in zip(current["label"], current["code_id"], strict=True)}
    cat_by_key = {}
    for cid, cname in zip(categories["category_id"], categories["name"], strict=True):
        cat_by_key[_key(cname)] = cid
        cat_by_key[_key(cid)] = cid
    out: dict[str, Target] = {}
    problems: list[str] = []
    new_labels: dict[str, str] = {}
    for row in mapping.fillna("").to_dict("records"):
        g = norm_guid(row.get("source_guid"))
        if not g:
            continue
        shown = nodes[g].shown if g in nodes else g
        action = str(row.get("action", "")).strip().lower()
        if action == "code":
            target = str(row.get("target_code", "")).strip()
            code_id = target if target in by_id else by_label.get(_key(target))
            if not code_id:
                problems.append(f"{shown}: target_code {target!r} is not a current code")
                continue
            out[g] = Target("code", code_id=code_id)
        elif action == "new":
            label = " ".join(str(row.get("new_label", "")).split())
            category = cat_by_key.get(_key(row.get("new_category", "")))
            if not label or category is None:
                problems.append(f"{shown}: a new code needs new_label and an existing new_category")
                continue
            if _key(label) in by_label:
                problems.append(f"{shown}: new_label {label!r} is already a code: use action 'code'")
                continue
            if _key(label) in new_labels and new_labels[_key(label)] != category:
                problems.append(f"{shown}: new code {label!r} is given two different categories")
                continue
            new_labels[_key(label)] = category
            out[g] = Target("new", new_label=label, category_id=category)
        elif action == "skip":
            out[g] = Target("skip")
        elif g in used:
            problems.append(
                f"{shown}: action {action!r} is not one of code, new, skip"
                if action
                else f"{shown}: no action (fill in code, new or skip)"
            )
    missing = sorted(nodes[g].shown if g in nodes else g for g in used - set(out))
    missing = [m for m in missing if not any(m == p.split(":")[0] for p in problems)]
    if missing:
        problems.append("no mapping row for: " + "; ".join(missing[:10]))
    if problems:
        raise RefiError(
            f"the mapping has {len(problems)} problem(s), nothing imported: "
            + "; ".join(problems[:8])
            + (f" and {len(problems) - 8} more" if len(problems) > 8 else "")
        )
    return out


# --- codebook import (read; insights.coding.manage plans and applies it) ---------------------------


_CODE_ID_IN_DESCRIPTION = re.compile(r"code_id:\s*([A-Za-z0-9_-]+)")


def read_codebook_file(data: bytes, name: str) -> pd.DataFrame:
    """An incoming codebook (.qdc, .qde or CSV in the codes.csv layout) as rows of category, label,
    code_id, guid and cross_cutting (code_id and guid blank when the file does not carry them)."""
    suffix = Path(name).suffix.lower()
    columns = ["category", "label", "code_id", "guid", "cross_cutting"]
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RefiError(f"{name} is not UTF-8 text: save it as 'CSV UTF-8' and try again") from None
        try:
            rows = list(csv.DictReader(io.StringIO(text)))
        except csv.Error as exc:
            raise RefiError(f"{name} is not a readable CSV file ({exc})") from None
        if not rows or not {"category", "label"} <= {str(k).strip() for k in rows[0] if k}:
            raise RefiError(f"{name} needs the columns category and label (the layout of codes.csv)")
        out = []
        for r in rows:
            r = {str(k).strip(): (v or "").strip() if isinstance(v, str) else "" for k, v in r.items() if k}
            out.append({c: r.get(c, "") for c in columns})
        return pd.DataFrame(out, columns=columns)
    if suffix not in (".qdc", ".qde"):
        raise RefiError(f"{name}: a codebook is imported from .qdc or .csv")
    root = parse_xml(data, name)
    codes_el = root if _local(root.tag) == "Codes" else None
    for el in root.iter():
        if _local(el.tag) == "Codes":
            codes_el = el
            break
    nodes = code_tree(codes_el, strict=False)
    deep = [n.shown for n in nodes.values() if n.depth > 2]
    if deep:
        raise RefiError(
            f"{name}: codes are nested deeper than category > code (the codebook has two levels): "
            + "; ".join(deep[:5])
            + (f" and {len(deep) - 5} more" if len(deep) > 5 else "")
            + ". Flatten them in the QDA tool, or import the coded project with a mapping (qdpx import "
            "--write-mapping)."
        )
    parents = {n.path[0] for n in nodes.values() if n.depth == 2}
    loose = [n.name for n in nodes.values() if n.depth == 1 and n.codable and n.name not in parents]
    if loose:
        raise RefiError(
            f"{name}: {len(loose)} code(s) sit at the top level, outside any category: "
            + "; ".join(loose[:5])
            + ". Put each under a category in the QDA tool (a category is a top-level code holding codes)."
        )
    leaves = [n for n in nodes.values() if n.category is not None]
    if not leaves:
        raise RefiError(f"{name} holds no codes under a category (expected category > code)")
    out = []
    for n in leaves:
        found = _CODE_ID_IN_DESCRIPTION.search(n.description)
        out.append(
            {
                "category": n.category,
                "label": n.name,
                "code_id": found[1] if found else "",
                "guid": n.guid,
                "cross_cutting": "",
            }
        )
    return pd.DataFrame(out, columns=columns)


# --- project import --------------------------------------------------------------------------------


@dataclass
class ProjectImport:
    """A .qdpx read into the two template frames, with notes on what was adapted.

    Excerpts whose code is a new code (a mapping row with action 'new') carry the placeholder
    'new:<label>' in their code column; `new_codes` gives each placeholder's label and category_id.
    """

    narratives: pd.DataFrame
    excerpts: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    new_codes: dict[str, tuple[str, str]] = field(default_factory=dict)


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _decode(raw: bytes, label: str, name: str) -> str:
    """Text of a source file: UTF-8, or UTF-8/UTF-16 with a byte-order mark; anything else is refused."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding).removeprefix("\ufeff")
            except UnicodeDecodeError:
                break
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RefiError(
            f"{name}: source {label!r} is not UTF-8 text (bad byte at position {exc.start}; it may be "
            "Windows-1252 or another legacy encoding, which cannot be told apart reliably); save it as "
            "UTF-8 in the QDA tool and export again"
        ) from None


def _source_text(src: etree._Element, entries: dict[str, bytes], name: str) -> str:
    label = src.get("name") or src.get("guid")
    content = _find(src, "PlainTextContent")
    if content is not None:
        return content.text or ""
    path = (src.get("plainTextPath") or "").strip()
    if not path:
        raise RefiError(f"{name}: text source {label!r} has neither plain text content nor a plainTextPath")
    if (
        path.startswith(("relative://", "absolute://", "file:"))
        or "://" in path
        and not path.startswith("internal://")
    ):
        raise RefiError(
            f"{name}: the text of source {label!r} is outside the archive ({path}); export the project "
            "with its sources included (in the QDA tool: embed or copy sources into the project) and try again"
        )
    rel = path.removeprefix("internal://").lstrip("/").replace("\\", "/")
    folded = {k.lower(): k for k in entries}
    key = next((folded[k] for k in (f"sources/{rel}".lower(), rel.lower()) if k in folded), None)
    if key is None:
        raise RefiError(f"{name}: the text of source {label!r} ({path}) is not in the archive")
    return _decode(entries[key], str(label), name)


def _variable_values(case: etree._Element, var_names: dict[str, str]) -> dict[str, str]:
    out = {}
    for vv in case:
        if _local(vv.tag) != "VariableValue":
            continue
        ref = _find(vv, "VariableRef")
        name = var_names.get(norm_guid(ref.get("targetGUID")) if ref is not None else "")
        value = next((c.text for c in vv if _local(c.tag).endswith("Value")), None)
        if name and value is not None:
            out[name.lower()] = value.strip()
    return out


@dataclass
class _Parsed:
    root: etree._Element
    entries: dict[str, bytes]
    nodes: dict[str, CodeNode]
    texts: list[etree._Element]
    others: list[etree._Element]
    case_guids: set[str]
    counts: dict[str, int]  # code guid -> codings of a text selection


def _parse_project(data: bytes, name: str) -> _Parsed:
    qde, entries = read_qdpx(data, name)
    root = parse_xml(qde, f"{name}: project.qde")
    if _local(root.tag) != "Project":
        raise RefiError(f"{name}: project.qde does not hold a REFI-QDA Project")
    cb = _find(root, "CodeBook")
    nodes = code_tree(_find(cb, "Codes") if cb is not None else None, strict=False)
    sources_el = _find(root, "Sources")
    children = list(sources_el) if sources_el is not None else []
    texts = [s for s in children if _local(s.tag) == "TextSource"]
    others = [s for s in children if isinstance(s.tag, str) and _local(s.tag) != "TextSource"]
    cases_el = _find(root, "Cases")
    case_guids = {norm_guid(c.get("guid")) for c in (cases_el if cases_el is not None else [])}
    counts: dict[str, int] = {}
    for src in texts:
        for sel in _find_all(src, "PlainTextSelection"):
            for coding in _find_all(sel, "Coding"):
                ref = _find(coding, "CodeRef")
                g = norm_guid(ref.get("targetGUID")) if ref is not None else ""
                if g and g not in case_guids:
                    counts[g] = counts.get(g, 0) + 1
    return _Parsed(root, entries, nodes, texts, others, case_guids, counts)


def project_mapping(con: duckdb.DuckDBPyConnection, data: bytes, name: str) -> pd.DataFrame:
    """A draft mapping of a .qdpx's code tree onto the stored codebook (see draft_mapping)."""
    parsed = _parse_project(data, name)
    if not parsed.nodes and not parsed.counts:
        raise RefiError(f"{name} has no codes: there is nothing to map")
    categories = con.execute("select category_id, name from categories order by sort_order").df()
    return draft_mapping(parsed.nodes, parsed.counts, read_codebook(con, current_only=True), categories)


def mapping_csv(mapping: pd.DataFrame) -> bytes:
    """A mapping as CSV (UTF-8 with BOM for spreadsheets; formulas neutralised)."""
    return write_csv(mapping[list(MAPPING_COLUMNS)])


def _own(el: etree._Element, kind: str) -> str | None:
    """The element's name when it is this app's own export (its GUID derives from that name)."""
    label = el.get("name") or ""
    return label if label and norm_guid(el.get("guid")) == guid(kind, label) else None


def read_project(
    data: bytes,
    name: str,
    book: pd.DataFrame,
    mapping: pd.DataFrame | None = None,
    categories: pd.DataFrame | None = None,
) -> ProjectImport:
    """Parse a .qdpx into template-shaped narrative and excerpt frames (nothing is written).

    Without `mapping`, codes are matched to the codebook by name and a tree deeper than category > code
    is refused; with one (see draft_mapping / read_mapping), each used code goes where its row says.
    """
    parsed = _parse_project(data, name)
    root, entries, nodes, texts, others = (
        parsed.root,
        parsed.entries,
        parsed.nodes,
        parsed.texts,
        parsed.others,
    )
    if not texts:
        what = "only a codebook" if nodes else "no sources and no codes"
        raise RefiError(
            f"{name} holds {what}: there are no text sources to import"
            + (" (import a codebook with 'python -m insights codebook import')" if nodes else "")
        )
    if mapping is None:
        deep = [n.shown for n in nodes.values() if n.depth > 2]
        if deep:
            code_tree(_find(_find(root, "CodeBook"), "Codes"))  # raises the nesting message
    notes = []
    if others:
        notes.append(f"{len(others)} non-text source(s) (pictures, PDFs, audio, video) left out")
    ignored = [t for t in ("Sets", "Notes", "Links", "Graphs") if _find(root, t) is not None]
    if ignored:
        notes.append(f"{', '.join(ignored)} left out (the dashboard keeps sources, codes and codings)")
    var_names = {}
    vars_el = _find(root, "Variables")
    for v in vars_el if vars_el is not None else []:
        var_names[norm_guid(v.get("guid"))] = v.get("name", "")
    attrs_by_source: dict[str, dict[str, str]] = {}
    cases_el = _find(root, "Cases")
    for case in cases_el if cases_el is not None else []:
        values = _variable_values(case, var_names)
        for ref in case:
            if _local(ref.tag) == "SourceRef":
                attrs_by_source[norm_guid(ref.get("targetGUID"))] = values
                values.setdefault("_case", case.get("name") or "")

    narratives, excerpts, used = [], [], set()
    problems: list[str] = []
    today = dt.date.today().strftime("%d/%m/%Y")
    undated = case_codings = uncoded = 0
    names_seen: dict[str, int] = {}
    for src in texts:
        names_seen[(src.get("name") or "").strip()] = names_seen.get((src.get("name") or "").strip(), 0) + 1
    for src in texts:
        sg = norm_guid(src.get("guid"))
        label = (src.get("name") or "").strip() or sg
        text = _source_text(src, entries, name)
        attrs = dict(attrs_by_source.get(sg, {}))
        attrs.update(_variable_values(src, var_names))
        narrative_id = label[:60] if names_seen.get(label, 0) <= 1 else f"{label[:50]}-{sg[:8]}"
        collected = attrs.get("collected on")
        if collected:
            with contextlib.suppress(ValueError):  # not ISO: the import's own date check judges it
                collected = dt.date.fromisoformat(collected[:10]).strftime("%d/%m/%Y")
        elif src.get("creationDateTime"):
            collected = src.get("creationDateTime")[:10]
        else:
            collected, undated = today, undated + 1
        narratives.append(
            {
                "narrative_id": narrative_id,
                "collected_on": collected,
                "collected_by": attrs.get("collected by") or "Engagement officer",
                "ethnicity": attrs.get("ethnicity", ""),
                "rating": attrs.get("rating", ""),
                "care_stages": attrs.get("care stage", ""),
                "first_baby": {"true": "yes", "false": "no"}.get(attrs.get("first baby", ""), ""),
                "age_band": attrs.get("age band", ""),
                "provider": attrs.get("provider", ""),
                "note": text,
            }
        )
        spans = []
        for sel in _find_all(src, "PlainTextSelection"):
            sel_label = _own(sel, "selection") or norm_guid(sel.get("guid")) or (sel.get("name") or "")
            shown_sel = sel.get("name") or sel.get("guid") or "(unnamed)"
            try:
                start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
            except ValueError:
                problems.append(f"selection {shown_sel!r} in {label!r} has no valid start/end positions")
                continue
            if not 0 <= start < end <= len(text):
                problems.append(
                    f"selection {shown_sel!r} in {label!r} runs from {start} to {end}, outside the text "
                    f"(0 to {len(text)} characters)"
                )
                continue
            theme, stage = "Care & support", ""
            desc = _find(sel, "Description")
            m = _DESCRIPTION.match((desc.text or "").strip()) if desc is not None else None
            if m and m.group("theme").lower() in _THEME_BY_LABEL:
                theme, stage = m.group("theme"), m.group("stage") or ""
            codings = _find_all(sel, "Coding")
            if not codings:
                uncoded += 1
                continue
            spans.append((start, end, sel_label))
            for coding in codings:
                ref = _find(coding, "CodeRef")
                code_guid = norm_guid(ref.get("targetGUID")) if ref is not None else ""
                if code_guid in parsed.case_guids:
                    case_codings += 1
                    continue
                used.add(code_guid)
                excerpts.append(
                    {
                        "excerpt_id": sel_label if len(codings) == 1 else f"{sel_label}-{code_guid[:8]}",
                        "narrative_id": narrative_id,
                        "code": code_guid,
                        "theme": theme,
                        "care_stage": stage,
                        "excerpt": text[start:end],
                    }
                )
        spans.sort()
        overlaps = sum(1 for a, b in zip(spans, spans[1:], strict=False) if b[0] < a[1])
        if overlaps:
            notes.append(
                f"{label!r}: {overlaps} selection(s) overlap another (kept: each is its own excerpt)"
            )
    if problems:
        raise RefiError(
            f"{name}: {len(problems)} selection problem(s), nothing imported: " + "; ".join(problems[:5])
        )
    if not excerpts:
        raise RefiError(f"{name} has text sources but no coded selections: nothing to import")
    new_codes: dict[str, tuple[str, str]] = {}
    if mapping is None:
        targets = {g: Target("code", code_id=c) for g, c in _match_codes(nodes, book, used).items()}
    else:
        if categories is None:
            raise RefiError("a mapping needs the codebook's categories")
        targets = resolve_mapping(mapping, used, nodes, book, categories)
    category_of = dict(zip(book["code_id"], book["category"], strict=True))
    moved = sorted(
        {
            f"{nodes[g].name} (under {nodes[g].category!r} there, {category_of[t.code_id]!r} here)"
            for g, t in targets.items()
            if t.action == "code"
            and g in used
            and g in nodes
            and _key(nodes[g].name) == _key(_label_of(book, t.code_id))
            and nodes[g].category not in (None, category_of[t.code_id])
        }
    )
    if moved:
        notes.append("code(s) matched by name but filed under another category: " + "; ".join(moved[:5]))
    whole = sum(1 for src in texts for c in src if _local(c.tag) == "Coding")
    if whole:
        notes.append(f"{whole} coding(s) of a whole source (no selection) left out: code a passage instead")
    if case_codings:
        notes.append(f"{case_codings} coding(s) of a case (not a code) left out")
    if uncoded:
        notes.append(f"{uncoded} selection(s) without a code (annotations or memos) left out")
    kept, skipped = [], 0
    for e in excerpts:
        t = targets[e["code"]]
        if t.action == "skip":
            skipped += 1
            continue
        if t.action == "new":
            placeholder = f"new:{t.new_label}"
            new_codes[placeholder] = (t.new_label, t.category_id)
            e["code"] = placeholder
        else:
            e["code"] = t.code_id
        kept.append(e)
    if skipped:
        notes.append(f"{skipped} coding(s) of codes mapped to 'skip' left out")
    if not kept:
        raise RefiError(f"{name}: every coding is mapped to 'skip': nothing to import")
    if undated:
        notes.append(f"{undated} source(s) have no collection date: today's date is used")
    return ProjectImport(
        pd.DataFrame(narratives, dtype=object), pd.DataFrame(kept, dtype=object), notes, new_codes
    )


def _label_of(book: pd.DataFrame, code_id: str) -> str:
    return str(book.loc[book["code_id"] == code_id, "label"].iat[0])


def _find_all(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c.tag) == name]


def _frame_for_validation(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.astype(str) != "", None)


class _DryRun(Exception):  # noqa: N818 -- control flow: roll the whole import back after checking it
    pass


def import_project(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    name: str,
    user: str,
    dry_run: bool = False,
    mapping: pd.DataFrame | None = None,
    role: str | None = None,
) -> dict:
    """Check a .qdpx, then write it in ONE transaction: any new codes its mapping asks for (a codebook
    version each), its narratives and its excerpts, each through the audited import path.

    Any failure rolls the whole of it back. `dry_run` runs every step and then rolls back, so what it
    reports is exactly what an import would do.
    """
    from insights.coding import manage
    from insights.ingest import load
    from insights.ingest.validate import validate
    from insights.store.db import transaction

    book = read_codebook(con)
    categories = con.execute("select category_id, name from categories order by sort_order").df()
    project = read_project(data, name, book, mapping=mapping, categories=categories)
    sha = hashlib.sha256(data).hexdigest()
    summary: dict = {
        "narratives": len(project.narratives),
        "excerpts": len(project.excerpts),
        "new_codes": sorted(label for label, _ in project.new_codes.values()),
        "notes": project.notes,
    }
    try:
        with transaction(con):
            for placeholder, (label, category_id) in project.new_codes.items():
                try:
                    manage.add_code(con, label, category_id, user, role)
                except manage.CodebookError as exc:
                    raise RefiError(f"{name}: new code {label!r} cannot be added: {exc}") from None
                code_id = con.execute("select code_id from codes where label = $l", {"l": label}).fetchone()[
                    0
                ]
                project.excerpts.loc[project.excerpts["code"] == placeholder, "code"] = code_id
            checked_n = load.check_frame(
                con, "narratives", _frame_for_validation(project.narratives), name, sha
            )
            if not checked_n.ok:
                raise RefiError(
                    f"{name}: narratives rejected, nothing imported: {_issues(checked_n.validated)}"
                )
            ctx = load.context_for(con, "excerpts")
            ctx.known_narrative_ids = (ctx.known_narrative_ids or set()) | set(
                project.narratives["narrative_id"]
            )
            validated_e = validate("excerpts", _frame_for_validation(project.excerpts), ctx)
            if validated_e.errors:
                raise RefiError(f"{name}: excerpts rejected, nothing imported: {_issues(validated_e)}")
            if settled.skip_settled(con, validated_e):  # a settlement is the coding of record
                summary["notes"].append(validated_e.warnings[-1].reason)
            result_n = load.commit(con, checked_n, user=user, role=role)
            result_e = load.commit(
                con, load.Checked("excerpts", name, sha, validated_e), user=user, role=role
            )
            summary["results"] = [result_n.summary(), result_e.summary()]
            if dry_run:
                raise _DryRun
    except _DryRun:
        summary.pop("results", None)
    return summary


def _issues(validated) -> str:
    errs = validated.errors[:3]
    text = "; ".join(f"row {e.row} {e.column}: {e.reason}" for e in errs)
    return text + (f" and {len(validated.errors) - 3} more" if len(validated.errors) > 3 else "")
