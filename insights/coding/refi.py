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
codebook by exact name; text sources become narratives and selections excerpts, through the same
validation and the same audited import transaction as the CSV templates (ingest.load). Any problem
raises `RefiError` with a plain-English message and nothing is written.
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
from insights.coding.codebook import GUID_NAMESPACE, guid  # noqa: F401 -- refi.guid is part of this API
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


def export_codebook(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    """Write the current codebook (retired codes left out) to `out` (.qdc or .csv); returns the number of codes."""
    book = read_codebook(con, current_only=True)
    suffix = Path(out).suffix.lower()
    if suffix == ".qdc":
        Path(out).write_bytes(codebook_qdc(book))
    elif suffix == ".csv":
        Path(out).write_bytes(codebook_csv(book))
    else:
        raise RefiError(f"{Path(out).name}: the codebook is exported as .qdc or .csv")
    return len(book)


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


@dataclass
class CodeNode:
    """One code of an imported tree."""

    guid: str
    name: str
    category: str | None  # parent's name (None for a top-level code)
    description: str = ""


def code_tree(codes_el: etree._Element | None) -> dict[str, CodeNode]:
    """guid -> node for a <Codes> element; refuses trees deeper than category > code."""
    out: dict[str, CodeNode] = {}
    if codes_el is None:
        return out
    too_deep: list[str] = []

    def walk(el: etree._Element, path: list[str]) -> None:
        for child in el:
            if _local(child.tag) != "Code":
                continue
            name = (child.get("name") or "").strip()
            if len(path) >= 2:
                too_deep.append(" > ".join([*path, name]))
                continue
            desc = _find(child, "Description")
            out[child.get("guid", "")] = CodeNode(
                child.get("guid", ""),
                name,
                path[0] if path else None,
                (desc.text or "") if desc is not None else "",
            )
            walk(child, [*path, name])

    walk(codes_el, [])
    if too_deep:
        raise RefiError(
            "codes are nested deeper than category > code (the dashboard has two levels): "
            + "; ".join(too_deep[:5])
            + (f" and {len(too_deep) - 5} more" if len(too_deep) > 5 else "")
            + ". Flatten them in the QDA tool, or export only the two top levels."
        )
    return out


def _find(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if _local(c.tag) == name), None)


def _match_codes(nodes: dict[str, CodeNode], book: pd.DataFrame, used: set[str]) -> dict[str, str]:
    """guid -> code_id by exact label; unmatched codes that carry codings are refused, listed."""
    by_label = dict(zip(book["label"], book["code_id"], strict=True))
    out = {g: by_label[n.name] for g, n in nodes.items() if n.name in by_label}
    unmatched = sorted({nodes[g].name if g in nodes else f"(unknown code {g})" for g in used - set(out)})
    if unmatched:
        raise RefiError(
            f"{len(unmatched)} code(s) used in the project are not in the codebook (matched by exact name): "
            + "; ".join(unmatched[:10])
            + (" ..." if len(unmatched) > 10 else "")
            + ". Rename them in the QDA tool to the codebook's labels, or add them to the codebook first "
            "(a mapping file for this is not built yet)."
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
    nodes = code_tree(codes_el)
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
                "guid": n.guid.lower(),
                "cross_cutting": "",
            }
        )
    return pd.DataFrame(out, columns=columns)


# --- project import --------------------------------------------------------------------------------


@dataclass
class ProjectImport:
    """A .qdpx read into the two template frames, with notes on what was adapted."""

    narratives: pd.DataFrame
    excerpts: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _source_text(src: etree._Element, entries: dict[str, bytes], name: str) -> str:
    label = src.get("name") or src.get("guid")
    content = _find(src, "PlainTextContent")
    if content is not None:
        return content.text or ""
    path = src.get("plainTextPath")
    if not path:
        raise RefiError(f"{name}: text source {label!r} has neither plain text content nor a plainTextPath")
    rel = path[len("internal://") :] if path.startswith("internal://") else path
    key = next((k for k in (f"sources/{rel}", rel) if k in entries), None)
    if key is None:
        raise RefiError(f"{name}: the text of source {label!r} ({path}) is not in the archive")
    raw = entries[key]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RefiError(
            f"{name}: source {label!r} is not UTF-8 text (bad byte at position {exc.start}); "
            "save it as UTF-8 in the QDA tool and export again"
        ) from None
    return text.removeprefix("\ufeff")


def _variable_values(case: etree._Element, var_names: dict[str, str]) -> dict[str, str]:
    out = {}
    for vv in case:
        if _local(vv.tag) != "VariableValue":
            continue
        ref = _find(vv, "VariableRef")
        name = var_names.get(ref.get("targetGUID", "") if ref is not None else "")
        value = next((c.text for c in vv if _local(c.tag).endswith("Value")), None)
        if name and value is not None:
            out[name.lower()] = value.strip()
    return out


def read_project(data: bytes, name: str, book: pd.DataFrame) -> ProjectImport:
    """Parse a .qdpx into template-shaped narrative and excerpt frames (nothing is written)."""
    qde, entries = read_qdpx(data, name)
    root = parse_xml(qde, f"{name}: project.qde")
    if _local(root.tag) != "Project":
        raise RefiError(f"{name}: project.qde does not hold a REFI-QDA Project")
    cb = _find(root, "CodeBook")
    nodes = code_tree(_find(cb, "Codes") if cb is not None else None)
    sources_el = _find(root, "Sources")
    texts = [s for s in (sources_el if sources_el is not None else []) if _local(s.tag) == "TextSource"]
    others = [s for s in (sources_el if sources_el is not None else []) if _local(s.tag) != "TextSource"]
    if not texts:
        what = "only a codebook" if nodes else "no sources and no codes"
        raise RefiError(
            f"{name} holds {what}: there are no text sources to import"
            + (" (import a codebook with 'python -m insights codebook import')" if nodes else "")
        )
    notes = []
    if others:
        notes.append(f"{len(others)} non-text source(s) (pictures, PDFs, audio, video) left out")
    var_names = {}
    vars_el = _find(root, "Variables")
    for v in vars_el if vars_el is not None else []:
        var_names[v.get("guid", "")] = v.get("name", "")
    attrs_by_source: dict[str, dict[str, str]] = {}
    cases_el = _find(root, "Cases")
    for case in cases_el if cases_el is not None else []:
        values = _variable_values(case, var_names)
        for ref in case:
            if _local(ref.tag) == "SourceRef":
                attrs_by_source[ref.get("targetGUID", "")] = values
                values.setdefault("_case", case.get("name") or "")

    narratives, excerpts, used = [], [], set()
    problems: list[str] = []
    today = dt.date.today().strftime("%d/%m/%Y")
    undated = 0
    for src in texts:
        sg = src.get("guid", "")
        label = src.get("name") or sg
        text = _source_text(src, entries, name)
        attrs = dict(attrs_by_source.get(sg, {}))
        attrs.update(_variable_values(src, var_names))
        narrative_id = (label or sg)[:60]
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
        for sel in src:
            if _local(sel.tag) != "PlainTextSelection":
                continue
            sel_label = sel.get("name") or sel.get("guid", "")
            try:
                start, end = int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
            except ValueError:
                problems.append(f"selection {sel_label!r} in {label!r} has no valid start/end positions")
                continue
            if not 0 <= start < end <= len(text):
                problems.append(
                    f"selection {sel_label!r} in {label!r} runs from {start} to {end}, outside the text "
                    f"(0 to {len(text)} characters)"
                )
                continue
            spans.append((start, end, sel_label))
            theme, stage = "Care & support", ""
            desc = _find(sel, "Description")
            m = _DESCRIPTION.match((desc.text or "").strip()) if desc is not None else None
            if m and m.group("theme").lower() in _THEME_BY_LABEL:
                theme, stage = m.group("theme"), m.group("stage") or ""
            for coding in sel:
                if _local(coding.tag) != "Coding":
                    continue
                ref = _find(coding, "CodeRef")
                code_guid = ref.get("targetGUID", "") if ref is not None else ""
                used.add(code_guid)
                excerpts.append(
                    {
                        "excerpt_id": sel_label
                        if len(_find_all(sel, "Coding")) == 1
                        else f"{sel_label}-{code_guid[:8]}",
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
    guid_to_code = _match_codes(nodes, book, used)
    category_of = dict(zip(book["code_id"], book["category"], strict=True))
    moved = sorted(
        {
            f"{nodes[g].name} (under {nodes[g].category!r} there, {category_of[c]!r} here)"
            for g, c in guid_to_code.items()
            if g in used and g in nodes and nodes[g].category not in (None, category_of[c])
        }
    )
    if moved:
        notes.append("code(s) matched by name but filed under another category: " + "; ".join(moved[:5]))
    whole = sum(1 for src in texts for c in src if _local(c.tag) == "Coding")
    if whole:
        notes.append(f"{whole} coding(s) of a whole source (no selection) left out: code a passage instead")
    for e in excerpts:
        e["code"] = guid_to_code[e["code"]]
    if undated:
        notes.append(f"{undated} source(s) have no collection date: today's date is used")
    return ProjectImport(pd.DataFrame(narratives, dtype=object), pd.DataFrame(excerpts, dtype=object), notes)


def _find_all(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c.tag) == name]


def _frame_for_validation(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(object).where(frame.astype(str) != "", None)


def import_project(
    con: duckdb.DuckDBPyConnection, data: bytes, name: str, user: str, dry_run: bool = False
) -> dict:
    """Check a .qdpx fully, then write its narratives and excerpts through the audited import path.

    Both frames are validated before anything is written; the narratives import is withdrawn again
    (audited) if the excerpts import then fails, so nothing is left half-imported.
    """
    from insights.ingest import load, undo
    from insights.ingest.validate import ValidationContext, validate

    book = read_codebook(con)
    project = read_project(data, name, book)
    sha = hashlib.sha256(data).hexdigest()
    raw_n = _frame_for_validation(project.narratives)
    checked_n = load.check_frame(con, "narratives", raw_n, name, sha)
    if not checked_n.ok:
        raise RefiError(f"{name}: narratives rejected, nothing imported: {_issues(checked_n.validated)}")
    known = {r[0] for r in con.execute("select narrative_id from narratives").fetchall()}
    ctx = ValidationContext.from_codebook(
        codes=con.execute("select code_id, category_id, label from codes").df(),
        known_narrative_ids=known | set(project.narratives["narrative_id"]),
    )
    validated_e = validate("excerpts", _frame_for_validation(project.excerpts), ctx)
    if validated_e.errors:
        raise RefiError(f"{name}: excerpts rejected, nothing imported: {_issues(validated_e)}")
    summary = {
        "narratives": len(project.narratives),
        "excerpts": len(project.excerpts),
        "notes": project.notes,
    }
    if dry_run:
        return summary
    result_n = load.commit(con, checked_n, user=user)
    try:
        result_e = load.commit(con, load.Checked("excerpts", name, sha, validated_e), user=user)
    except Exception:
        undo.withdraw(con, result_n.import_id, user=user)
        raise
    summary["results"] = [result_n.summary(), result_e.summary()]
    return summary


def _issues(validated) -> str:
    errs = validated.errors[:3]
    text = "; ".join(f"row {e.row} {e.column}: {e.reason}" for e in errs)
    return text + (f" and {len(validated.errors) - 3} more" if len(validated.errors) > 3 else "")
