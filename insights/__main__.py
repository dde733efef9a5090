"""Command line: python -m insights {import,undo-import,postcode,build-db,build-reference,demo-csv,templates,suggest,summary,codebook,qdpx,...}."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from insights import config
from insights.output.textsafe import INVISIBLE, visible


class ProgressBar:
    """A one-line progress bar on stderr, redrawn in place on a terminal; whole lines otherwise.

    On a terminal each update rewrites the line and pads over what the previous one left, and a
    message is shortened (with an ellipsis) only when it would not fit the terminal's width. When
    stderr is not a terminal (a log, a pipe) each new message is printed once as a complete line.
    """

    def __init__(
        self, label: str, stream=None, width: int = 20, tty: bool | None = None, columns: int | None = None
    ):
        self.label, self.width = label, width
        self.stream = stream if stream is not None else sys.stderr
        self.tty = tty if tty is not None else bool(getattr(self.stream, "isatty", lambda: False)())
        self.columns = columns
        self.last = ""
        self.drawn = 0  # characters on the terminal line now

    def _fit(self, line: str) -> str:
        import shutil

        columns = self.columns or shutil.get_terminal_size((100, 24)).columns
        room = max(columns - 1, 20)  # never write into the last column (some terminals wrap there)
        return line if len(line) <= room else line[: room - 1] + "\u2026"

    def __call__(self, fraction: float, message: str) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        if not self.tty:
            line = f"{self.label}: {fraction:4.0%} {message}"
            if message and line != self.last:
                self.stream.write(line + "\n")
                self.stream.flush()
                self.last = line
            return
        filled = int(self.width * fraction)
        line = self._fit(
            f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {fraction:4.0%} {message}"
        )
        if line != self.last:
            self.stream.write("\r" + line + " " * max(0, self.drawn - len(line)))
            self.stream.flush()
            self.last, self.drawn = line, len(line)

    def close(self) -> None:
        """End the bar's line (the last message stays on screen, complete)."""
        if self.tty and self.drawn:
            self.stream.write("\n")
            self.stream.flush()
        self.drawn = 0


def _cmd_import(args: argparse.Namespace) -> int:
    import duckdb

    from insights.demo import build as demo_build
    from insights.ingest import load as ingest
    from insights.store import db

    path = Path(args.file)
    if path.is_dir():
        print(f"error: {visible(path)} is a folder, not a file: give the file to import.", file=sys.stderr)
        return 2
    if not path.is_file():
        print(f"error: no such file: {visible(path)}", file=sys.stderr)
        return 2
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"error: {visible(path)} cannot be read ({visible(exc.strerror or exc)}).", file=sys.stderr)
        return 2
    if not _database_exists():
        # never the synthetic demo: real rows would be mixed with made-up ones
        print(
            f"note: there is no database at {visible(config.db_path())}; making one with the reference "
            "data and codebook only (no demo data) for this import.",
            file=sys.stderr,
        )
        demo_build.build_database(config.db_path(), demo=False)
    con = db.connect()  # busy: main() says so in one sentence (exit 3)
    bar = ProgressBar(f"Importing {visible(path.name)}")
    written = _IMPORT_UNDER_WAY  # the import's id, once its transaction is about to commit
    written.clear()
    try:
        try:
            checked = ingest.check(con, args.kind, data, path.name)
        except ValueError as exc:
            print(f"error: {visible(exc)}", file=sys.stderr)
            return 1
        del data  # the file's bytes are not needed for the write (30 MB of a 200,000-row file)
        v = checked.validated
        if not _print_issues(v.report(), args.report):
            return 2
        if checked.already_imported:
            print(
                f"note: this exact file was imported before ({', '.join(checked.already_imported)}); "
                "unchanged rows will be left as they are.",
                file=sys.stderr,
            )
        try:
            result = ingest.commit(
                con,
                checked,
                user=args.user,
                skip_invalid=args.skip_invalid,
                progress=bar,
                on_commit=lambda _con, r: written.append(r.import_id),
            )
        except ingest.ImportRejected as exc:
            bar.close()
            print(f"rejected: {visible(exc)}", file=sys.stderr)
            return 1
    except (KeyboardInterrupt, duckdb.Error, RuntimeError) as exc:
        # DuckDB turns a Ctrl-C into InterruptException, into an error naming the KeyboardInterrupt (while
        # it reads a frame through Python), or into RuntimeError('Query interrupted') from the COMMIT itself,
        # which may have committed: the database is asked below
        if not isinstance(exc, (KeyboardInterrupt, duckdb.InterruptException)) and not (
            "KeyboardInterrupt" in str(exc) or "Query interrupted" in str(exc)
        ):
            raise
        bar.close()
        print(_interrupted_import_message(con), file=sys.stderr)
        return 130
    finally:
        con.close()
    bar.close()
    print(visible(result.summary()))
    if args.kind == "excerpts":
        print(
            "note: coding suggestions catch up with these excerpts in the background when the dashboard "
            "starts or sees the change; to do it now: python -m insights suggest train",
            file=sys.stderr,
        )
    return 0


#: The id of the import this command is committing (a Ctrl-C after its commit is told apart).
_IMPORT_UNDER_WAY: list[str] = []


def _interrupted_import_message(con=None) -> str:
    """What to say when Ctrl-C stops an import: nothing imported, or committed all the same."""
    committed = _import_recorded(con, _IMPORT_UNDER_WAY[0]) if _IMPORT_UNDER_WAY else False
    if committed is False:
        return "stopped: nothing was imported; the database is as it was."
    if committed:
        return (
            f"stopped, but only after the import was committed (import {_IMPORT_UNDER_WAY[0]}): run summary "
            "to see what the database holds, or undo-import to withdraw it."
        )
    return (
        f"stopped while the import was being committed: run summary to see whether import "
        f"{_IMPORT_UNDER_WAY[0]} is there (it is all there or not at all)."
    )


def _import_recorded(con, import_id: str) -> bool | None:
    """Whether an import was committed, asked after an interrupt (None: cannot tell)."""
    from insights.store import db

    sql = "select count(*) from imports where import_id = $i"
    try:
        if con is not None:
            return bool(con.execute(sql, {"i": import_id}).fetchone()[0])
    except Exception:  # noqa: BLE001 -- the interrupted connection may be unusable: ask a fresh one
        pass
    try:
        fresh = db.connect(read_only=True, wait=0)
        try:
            return bool(fresh.execute(sql, {"i": import_id}).fetchone()[0])
        finally:
            fresh.close()
    except Exception:  # noqa: BLE001
        return None


def _print_issues(report, report_path: str | None, limit: int = 40) -> bool:
    """Print the first issues (control characters escaped) and write them all to `report_path`.

    False (after saying why) when the report file cannot be written.
    """
    from insights.output.exports import write_csv

    if report_path:
        try:
            write_csv(report, report_path)
        except OSError as exc:
            print(
                f"error: the report cannot be written to {visible(report_path)} ({visible(exc.strerror or exc)}).",
                file=sys.stderr,
            )
            return False
        print(f"all {len(report)} issues written to {visible(report_path)}", file=sys.stderr)
    for row in report.head(limit).itertuples(index=False):
        where = f"row {row.row}" if row.row else "file"
        col = f", column {visible(row.column)}" if row.column else ""
        print(f"{row.severity}: {where}{col}: {visible(row.reason)}", file=sys.stderr)
    if len(report) > limit:
        print(f"... and {len(report) - limit} more (use --report FILE.csv to see them all)", file=sys.stderr)
    return True


def _cmd_postcode(args: argparse.Namespace) -> int:
    from insights.reference import vintage
    from insights.reference.geography import resolve_postcodes
    from insights.store import db

    # --vintage, else $MATERNITY_VINTAGE, else the database's own vintage, else IMD 2019.
    chosen = args.vintage or os.environ.get("MATERNITY_VINTAGE")
    con = None
    if config.db_path().exists():
        try:
            con = db.connect(config.db_path(), read_only=True, wait=0)
            chosen = chosen or vintage.current(con)
            # A database of the other vintage, or built before placement methods were kept: use the extract.
            if "lsoa_method" not in db.table_columns(con, "postcodes") or vintage.current(con) != chosen:
                con.close()
                con = None
        except Exception:  # noqa: BLE001 -- the dashboard may hold the file; fall back to the extract
            con = None
    chosen = chosen or config.DEFAULT_VINTAGE
    try:
        vintage.check(chosen)
    except vintage.VintageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if con is None:
        con = db.connect(":memory:")
        db.create_schema(con)
        db.load_reference(con, config.reference_dir(chosen))
    for result in resolve_postcodes(con, args.postcodes):
        print(json.dumps(result.as_dict()))
    return 0


def _cmd_set_vintage(args: argparse.Namespace) -> int:
    from insights.reference import vintage
    from insights.store import db

    if not _database_exists():
        print(f"error: no database at {config.db_path()} (build it with build-db)", file=sys.stderr)
        return 2
    con = db.connect(config.db_path())  # busy: main() says so in one sentence (exit 3)
    try:
        db.create_schema(con)
        result = vintage.switch(con, args.vintage, args.user)
    except vintage.VintageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(result.summary())
    return 0


def _database_exists(path: Path | None = None) -> bool:
    """Whether the configured database (file, or the shared store when MATERNITY_STORE=ducklake) is built."""
    from insights.store import db  # not insights.demo.build: that loads the anonymiser's spaCy (1.2 s)

    return db.database_exists(path)


def _cmd_build_db(args: argparse.Namespace) -> int:
    from insights.demo import build as demo_build
    from insights.reference import vintage

    try:
        vintage.check(config.vintage())
    except vintage.VintageError as exc:
        print(f"error: MATERNITY_VINTAGE: {exc}", file=sys.stderr)
        return 2
    target = Path(args.path) if args.path else config.db_path()
    if _database_exists(target) and not args.force:
        if args.if_missing:
            where = "the shared store (DuckLake)" if demo_build.db.uses_lake(target) else target
            print(f"using the existing database {where}")
            return 0
        print(f"{target} exists; use --force to rebuild it", file=sys.stderr)
        return 1
    bar = ProgressBar("Building database")
    started = time.perf_counter()
    demo_build.build_database(
        target, demo=not args.no_demo, n_narratives=args.narratives, seed=args.seed, progress=bar
    )
    bar.close()
    where = "the shared store (DuckLake)" if demo_build.db.uses_lake(target) else target
    print(f"built {where} in {time.perf_counter() - started:.1f} s")
    return 0


def _cmd_build_reference(args: argparse.Namespace) -> int:
    from insights.reference.build import CROSSWALK_FILE, Area, build, build_crosswalk

    partial: dict[str, tuple[str, ...]] = {}
    for item in args.partial:
        lad, _, districts = item.partition(":")
        partial[lad] = tuple(d.strip().upper() for d in districts.split(",") if d.strip())
    defaults = REFERENCE_SOURCES[args.vintage]
    shared = Path(args.sources) if args.sources else SHARED_REFERENCE
    lookup = Path(args.lookup) if args.lookup else shared / defaults["lookup"]
    official = Path(args.official_lookup) if args.official_lookup else None
    if official is not None and not args.lookup and not lookup.exists():
        lookup = official  # the official lookup alone is enough
    names = args.names if args.names is not None else defaults["names"]
    try:
        manifest = build(
            lookup,
            Path(args.imd) if args.imd else shared / defaults["imd"],
            [Path(b) for b in args.boundaries]
            if args.boundaries
            else [shared / b for b in defaults["boundaries"]],
            Path(args.codepoint) if args.codepoint else shared / "codepo_gb" / "Data" / "CSV",
            Path(args.out) if args.out else config.reference_dir(args.vintage),
            Area(tuple(args.districts), partial),
            args.vintage,
            names_csv=(shared / names if names and not Path(names).is_absolute() else Path(names))
            if names
            else None,
            official_lookup=official,
        )
        if defaults["bestfit"]:
            bestfit = Path(args.bestfit) if args.bestfit else shared / defaults["bestfit"]
            out = Path(args.out) if args.out else config.reference_dir(args.vintage)
            manifest["crosswalk"] = build_crosswalk(
                bestfit, lookup, Area(tuple(args.districts), partial), out / CROSSWALK_FILE
            )
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({**manifest["counts"], **manifest.get("crosswalk", {})}, indent=2))
    return 0


#: Default source files (in ../shared/reference) of each vintage's build.
SHARED_REFERENCE = config.REPO_ROOT.parent / "shared" / "reference"
REFERENCE_SOURCES = {
    "imd2019": {
        "lookup": "PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU_kent_medway.csv",
        "imd": "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv",
        "boundaries": ["LSOA_Dec_2011_Boundaries_Super_Generalised_Clipped_EW_V3_kent_medway.geojson"],
        "names": None,
        "bestfit": None,
    },
    "imd2025": {
        "lookup": "PCD_LSOA11_LSOA21_kent_medway_derived.csv",
        "imd": "IoD2025_LSOA21_IMD_scores_ranks_deciles.csv",
        "boundaries": [
            "LSOA_Dec_2011_Boundaries_Super_Generalised_Clipped_EW_V3_kent_medway.geojson",
            "LSOA_Dec_2021_Boundaries_Generalised_Clipped_EW_BGC_dgs_changed.geojson",
        ],
        "names": "LSOA21_names_kent_medway.csv",
        "bestfit": "LSOA11_LSOA21_LAD22_EW_LU_BestFit_V2_kent_medway.csv",
    },
}


def _cmd_demo_csv(args: argparse.Namespace) -> int:
    from insights.demo import generate as demo

    out = Path(args.out)
    frames = demo.generate(n_narratives=args.narratives, seed=args.seed)
    demo.write_csvs(frames, out)
    print(f"wrote {', '.join(sorted(frames))} CSVs to {out}")
    return 0


def _cmd_templates(args: argparse.Namespace) -> int:
    from insights.ingest.templates import write_templates

    for path in write_templates(Path(args.out)):
        print(path)
    return 0


def _cmd_summary(args: argparse.Namespace) -> int:
    import pandas as pd

    from insights.store import db
    from queries import run

    if not _database_exists():  # never build the demo just to describe it
        print(
            f"error: there is no database at {visible(config.db_path())} (build it with build-db).",
            file=sys.stderr,
        )
        return 2
    con = db.connect(read_only=True)
    contents = run(con, "database_contents")
    for item, n in zip(contents["item"], contents["n"], strict=True):
        print(f"{item:<32} {int(n):>10,}")
    first, last = contents["first_narrative"].iat[0], contents["last_narrative"].iat[0]
    if first is not None and not pd.isna(first):
        print(f"{'Narratives collected':<32} {first:%d %b %Y} to {last:%d %b %Y}")
    return 0


def _cmd_undo_import(args: argparse.Namespace) -> int:
    from insights.ingest import load as ingest
    from insights.ingest import undo
    from insights.store import db

    user = (args.user or ingest._default_user()).strip()
    if not user:
        print("error: --user must name who is withdrawing the import", file=sys.stderr)
        return 2
    if not _database_exists():
        print(f"error: there is no database at {config.db_path()}", file=sys.stderr)
        return 2
    con = db.connect()
    try:
        if args.dry_run:
            imp = undo.check(con, args.import_id)
            print(f"Import {args.import_id} ({imp['file_name']}) can be withdrawn.")
            return 0
        result = undo.withdraw(con, args.import_id, user)
    except undo.UndoRefused as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(result.summary())
    return 0


def _cmd_anonymise(args: argparse.Namespace) -> int:
    from insights.quotes import anonymise, suspects
    from insights.quotes.lexicon import decode_lines

    if args.database:
        from insights.demo import build as demo_build
        from insights.quotes import review as quotes
        from insights.store import db

        con = db.connect(demo_build.ensure_database())  # busy: main() says so in one sentence (exit 3)
        try:
            result = quotes.anonymise_database(con, refresh=args.refresh, progress=ProgressBar("Anonymising"))
        finally:
            con.close()
        if result["anonymiser_error"]:
            print(f"error: the anonymiser is unavailable: {result['anonymiser_error']}", file=sys.stderr)
            return 1
        print(f"{result['anonymised']} excerpts anonymised, {result['reopened']} sent back for review")
        return 0
    try:
        engine = anonymise.get() if args.marks else None
        for line in anonymise.anonymise_lines(decode_lines(sys.stdin.buffer)):
            if engine is not None:  # the possible identifiers Quote review would mark, ⟦like this⟧
                line = suspects.marked(line, engine.suspects(line))
            sys.stdout.write(line + "\n")
    except anonymise.AnonymiserUnavailable as exc:
        print(f"error: the anonymiser is unavailable: {exc}", file=sys.stderr)
        return 1
    sys.stdout.flush()
    return 0


def _cmd_reanonymise(args: argparse.Namespace) -> int:
    from insights.demo import build as demo_build
    from insights.quotes import review as quotes
    from insights.store import db

    con = db.connect(demo_build.ensure_database())  # busy: main() says so in one sentence (exit 3)
    try:
        result = quotes.reanonymise(con, actor=args.actor, progress=ProgressBar("Re-anonymising"))
    finally:
        con.close()
    if result["anonymiser_error"]:
        print(f"error: the anonymiser is unavailable: {result['anonymiser_error']}", file=sys.stderr)
        return 1
    print(
        f"{result['anonymised']} excerpts re-anonymised, {result['changed']} changed, "
        f"{result['reopened']} sent back for review (recorded in the audit trail)"
    )
    return 0


def _cmd_suggest(args: argparse.Namespace) -> int:
    """suggest predict / evaluate: learn from a labelled CSV; bad input -> one line and exit 2."""
    import warnings

    from insights.coding import suggest

    warnings.filterwarnings("ignore")  # library chatter (convergence notes) is not for the user
    if args.action == "train":
        return _suggest_train(args)
    if not args.train:
        print(f"error: suggest {args.action} needs --train TRAIN.csv", file=sys.stderr)
        return 2
    try:
        texts, label_lists = suggest.read_training(args.train)
        if args.action == "evaluate":
            started = time.perf_counter()
            evaluation = suggest.cross_validate(texts, label_lists, folds=args.folds)
            print("\n".join(evaluation.lines()))
            print(f"\n{args.folds}-fold cross-validation took {time.perf_counter() - started:.1f} s")
            return 0
        if not args.input or not args.out:
            print("error: suggest predict needs --input INPUT.csv and --out OUT.csv", file=sys.stderr)
            return 2
        if args.top < 1:
            print("error: --top must be 1 or more", file=sys.stderr)
            return 2
        ids, inputs = suggest.read_input(args.input)
        model = suggest.fit(texts, label_lists)
        frame = suggest.predictions_frame(model, ids, inputs, top=args.top)
        try:
            changed = suggest.write_predictions(frame, args.out, spreadsheet_safe=not args.exact_labels)
        except OSError as exc:
            print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    except suggest.SuggestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except MemoryError:
        print("error: not enough memory for this training file", file=sys.stderr)
        return 2
    if changed:
        print(
            f"note: {changed} cell(s) began with = + - or @ and were prefixed with an apostrophe so a "
            "spreadsheet does not run them (use --exact-labels to write labels unchanged)",
            file=sys.stderr,
        )
    print(f"wrote {len(frame)} rows to {args.out} ({len(model.labels)} labels learned)")
    return 0


def _suggest_train(args: argparse.Namespace) -> int:
    """suggest train: bring the database's coding suggestions up to date now (kept beside the database).

    The dashboard does the same in the background when it starts or sees the coding change; this is for
    after a large command-line import, so the first visit to the Coding page already has them.
    """
    from insights.coding import trainer
    from insights.store import db

    if not _database_exists():
        print(f"error: there is no database at {config.db_path()}", file=sys.stderr)
        return 2
    keeper = trainer.trainer_for(config.db_path())
    con = db.connect(read_only=True)
    try:
        started = time.perf_counter()
        version = trainer.data_version(con)
        status = keeper.update_now(con, evaluate=not args.no_evaluate)
    finally:
        con.close()
    if status.model is None:
        print(f"error: {status.message or 'no suggestions could be trained'}", file=sys.stderr)
        return 1
    print(
        f"Coding suggestions are up to date: learned from {trainer.excerpts_of(version):,} coded excerpts "
        f"({time.perf_counter() - started:.1f} s), kept beside the database for the dashboard."
    )
    quality = status.quality
    if quality is not None and quality.version == version and quality.codes is not None:
        print(f"A right code in the top 3 (cross-validated): {quality.codes.top3_hit:.0%}.")
    return 0


def _refi_db(writable: bool):
    """The database for a REFI-QDA command, or None after saying why."""
    from insights.store import db

    if not _database_exists():
        print(f"error: there is no database at {config.db_path()}", file=sys.stderr)
        return None
    return db.connect(read_only=not writable)


def _read_input(path_text: str) -> tuple[bytes, str] | None:
    path = Path(path_text)
    if not path.is_file():
        print(f"error: no such file: {visible(path)}", file=sys.stderr)
        return None
    try:
        return path.read_bytes(), path.name
    except OSError as exc:
        print(f"error: {visible(path)} cannot be read ({visible(exc.strerror or exc)}).", file=sys.stderr)
        return None


def _exchange(work, *, export_to: tuple[str, ...] | None = None, file: str = "", what: str = "") -> int:
    """Run `work(con)` on the database for a codebook or qdpx command; its exit code.

    The one frame of both commands: an export's file type checked first (`export_to`: the suffixes
    allowed for `what` is exported), the database opened for writing (an older one is brought to the current schema), a
    RefiError, CodebookError or an unwritable file said in one line (exit 1, or 2 for a file), and the
    connection closed whatever happens.
    """
    from insights.coding import manage, refi

    if export_to is not None and Path(file).suffix.lower() not in export_to:
        print(f"error: {what} is exported to a {' or '.join(export_to)} file", file=sys.stderr)
        return 2
    con = _refi_db(writable=True)
    if con is None:
        return 2
    try:
        return work(con)
    except (refi.RefiError, manage.CodebookError) as exc:
        print(f"error: {visible(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = visible(exc.filename) if exc.filename else "a file"
        print(f"error: {where} cannot be written ({visible(exc.strerror or exc)}).", file=sys.stderr)
        return 2
    finally:
        con.close()


def _cli_user(args: argparse.Namespace) -> str:
    """Who runs a codebook or qdpx command (--user, else the login name), spaces tidied."""
    from insights.ingest import load as ingest

    return " ".join((args.user or ingest._default_user()).split())


def _cmd_codebook(args: argparse.Namespace) -> int:
    from insights.coding import manage, refi

    if args.action == "export":

        def export(con) -> int:
            n = refi.export_codebook(con, Path(args.file))
            print(f"Wrote {n} codes to {visible(args.file)}.")
            return 0

        return _exchange(export, export_to=(".qdc", ".csv"), file=args.file, what="the codebook")
    read = _read_input(args.file)
    if read is None:
        return 2
    try:
        incoming = refi.read_codebook_file(*read)
    except refi.RefiError as exc:
        print(f"error: {visible(exc)}", file=sys.stderr)
        return 1

    def apply(con) -> int:
        plan = manage.plan_codebook(con, incoming)
        for line in plan.lines():
            print(visible(line))
        if plan.refused:
            more = len(plan.reasons) - 1
            print(
                f"refused: {visible(plan.reasons[0])}"
                + (f" (and {more} more reason(s), listed above)" if more else ""),
                file=sys.stderr,
            )
            return 1
        if not plan.changes:
            print("The codebook in the database already matches this file: nothing to change.")
            return 0
        if not args.apply:
            print("Preview only: nothing was changed. Run again with --apply to make these changes.")
            return 0
        _, change = manage.apply_codebook(con, incoming, _cli_user(args), read[1])
        print(f"Applied as codebook version {change.version}: {visible(change.summary)}.")
        return 0

    return _exchange(apply)


def _cmd_qdpx(args: argparse.Namespace) -> int:
    from insights.coding import refi

    user = _cli_user(args)
    if args.action == "export":

        def export(con) -> int:
            result = refi.export_project(con, Path(args.file), anonymised=args.anonymised, audit_actor=user)
            print(
                f"Wrote {visible(args.file)}: {result.sources} sources, {result.selections} coded selections"
                + (
                    ""
                    if not result.skipped
                    else f"; {len(result.skipped)} excerpt(s) left out (not found word "
                    f"for word in their note, or not anonymised): {', '.join(result.skipped[:10])}"
                )
            )
            return 0

        return _exchange(export, export_to=(".qdpx",), file=args.file, what="the project")
    read = _read_input(args.file)
    if read is None:
        return 2
    if args.write_mapping and args.mapping:
        print(
            "error: use --write-mapping to write a draft, then --mapping to import with it", file=sys.stderr
        )
        return 2
    mapping = None
    if args.mapping:
        read_map = _read_input(args.mapping)
        if read_map is None:
            return 2
        try:
            mapping = refi.read_mapping(*read_map)
        except refi.RefiError as exc:
            print(f"error: {visible(exc)}", file=sys.stderr)
            return 1

    def draft_mapping(con) -> int:
        draft = refi.project_mapping(con, read[0], read[1])
        Path(args.write_mapping).write_bytes(refi.mapping_csv(draft))
        todo = int((draft["action"] == "").sum())
        print(
            f"Wrote a draft mapping of {len(draft)} code(s) to {visible(args.write_mapping)}"
            + (f"; {todo} need an action (code, new or skip)" if todo else "")
            + f". Check it, then: python -m insights qdpx import {visible(args.file)} "
            f"--mapping {visible(args.write_mapping)}"
        )
        return 0

    def import_project(con) -> int:
        summary = refi.import_project(con, read[0], read[1], user=user, dry_run=args.dry_run, mapping=mapping)
        for note in summary["notes"]:
            print(f"note: {visible(note)}", file=sys.stderr)
        if summary["new_codes"]:
            print(
                f"New codes{' (would be) ' if args.dry_run else ' '}added: "
                f"{visible('; '.join(summary['new_codes']))}"
            )
        for line in summary.get("results", []):
            print(visible(line))
        if args.dry_run:
            print(
                f"Checked: {summary['narratives']} narratives and {summary['excerpts']} excerpts would be "
                "imported (nothing was changed)."
            )
        return 0

    return _exchange(draft_mapping if args.write_mapping else import_project)


def _not_a_database(exc: Exception) -> str:
    """A plain sentence when the database file is not a database DuckDB can open ('' otherwise)."""
    import duckdb

    text = str(exc)
    if not isinstance(exc, duckdb.Error) or "IO Error" not in text:
        return ""
    if "not a valid DuckDB database file" in text or "Is a directory" in text:
        return (
            f"{visible(config.db_path())} is not a database this program can open (it is another kind of "
            "file or a folder); check MATERNITY_DB, or build a database with build-db --path."
        )
    if "Cannot open file" in text:
        reason = text.rsplit(":", 1)[-1].strip() if ":" in text else text
        return (
            f"the database {visible(config.db_path())} cannot be opened or made ({visible(reason)}); check "
            "MATERNITY_DB, and that its folder exists and can be written."
        )
    return ""


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m insights", description="Maternity Insights tools")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("import", help="import a CSV/XLSX file made from a template")
    p.add_argument("kind", choices=["narratives", "excerpts", "engagement", "venues"])
    p.add_argument("file")
    p.add_argument(
        "--skip-invalid", action="store_true", help="import the valid rows and leave out invalid ones"
    )
    p.add_argument("--user", help="who is importing (recorded with the import)")
    p.add_argument("--report", help="write every row issue to this CSV file")
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser("undo-import", help="withdraw one import: its new rows removed, changed rows restored")
    p.add_argument("import_id", help="the import's id (see the Data page's import history)")
    p.add_argument("--user", help="who is withdrawing it (recorded in the audit trail)")
    p.add_argument("--dry-run", action="store_true", help="only say whether it can be withdrawn")
    p.set_defaults(func=_cmd_undo_import)

    p = sub.add_parser(
        "postcode", help="resolve postcodes to LSOA, IMD decile, Core20 and locality (JSON lines)"
    )
    p.add_argument("postcodes", nargs="+")
    p.add_argument("--vintage", choices=["imd2019", "imd2025"], help="default $MATERNITY_VINTAGE or imd2019")
    p.set_defaults(func=_cmd_postcode)

    p = sub.add_parser(
        "set-vintage",
        help="switch the database's deprivation index (imd2019 / imd2025), re-deriving every narrative's area",
    )
    p.add_argument("vintage", choices=["imd2019", "imd2025"])
    p.add_argument("--user", required=True, help="who is switching (recorded in the audit trail)")
    p.set_defaults(func=_cmd_set_vintage)

    p = sub.add_parser("build-db", help="build the database (reference, codebook and synthetic demo)")
    p.add_argument("--path", help=f"database file (default $MATERNITY_DB or {config.db_path()})")
    p.add_argument("--narratives", type=int, default=config.DEMO_NARRATIVES)
    p.add_argument("--seed", type=int, default=config.DEMO_SEED)
    p.add_argument("--no-demo", action="store_true", help="reference and codebook only")
    p.add_argument("--force", action="store_true", help="replace an existing database")
    p.add_argument("--if-missing", action="store_true", help="do nothing when the database exists")
    p.set_defaults(func=_cmd_build_db)

    p = sub.add_parser("build-reference", help="build data/reference/<vintage>/ from the official files")
    p.add_argument("--vintage", default=config.vintage(), choices=sorted(REFERENCE_SOURCES))
    p.add_argument("--sources", help=f"folder of the default source files (default {SHARED_REFERENCE})")
    p.add_argument("--lookup", help="postcode -> LSOA lookup of the vintage (default: per vintage)")
    p.add_argument(
        "--official-lookup",
        help="official ONS postcode -> LSOA 2021 lookup (PCD_OA21_LSOA21_MSOA21_LAD, ONSPD or NSPL); "
        "wins over --lookup for every postcode it holds",
    )
    p.add_argument("--imd", help="IMD file of the vintage (MHCLG File 1 / IoD2025 scores, ranks, deciles)")
    p.add_argument("--boundaries", nargs="*", help="LSOA boundary GeoJSON files, later ones win")
    p.add_argument("--names", help="LSOA names CSV (LSOA21CD, LSOA21NM) for imd2025")
    p.add_argument("--codepoint", help="folder of OS Code-Point Open CSVs")
    p.add_argument("--bestfit", help="ONS LSOA11 -> LSOA21 best-fit lookup (imd2025: the switch crosswalk)")
    p.add_argument("--districts", nargs="*", default=["E07000107", "E07000109"], help="whole LAD codes")
    p.add_argument(
        "--partial", nargs="*", default=["E07000111:BR8"], help="LAD:district,district for part-districts"
    )
    p.add_argument("--out", help="output folder (default data/reference/<vintage>)")
    p.set_defaults(func=_cmd_build_reference)

    p = sub.add_parser("demo-csv", help="write the synthetic demo as template CSV files")
    p.add_argument("out")
    p.add_argument("--narratives", type=int, default=config.DEMO_NARRATIVES)
    p.add_argument("--seed", type=int, default=config.DEMO_SEED)
    p.set_defaults(func=_cmd_demo_csv)

    p = sub.add_parser("templates", help="write the blank import templates (CSV and XLSX)")
    p.add_argument("out", nargs="?", default=str(config.TEMPLATES_DIR))
    p.set_defaults(func=_cmd_templates)

    p = sub.add_parser(
        "anonymise", help="anonymise lines of text from stdin to stdout (or the stored excerpts: --database)"
    )
    p.add_argument("--database", action="store_true", help="fill in excerpts that have no anonymised text")
    p.add_argument("--refresh", action="store_true", help="with --database: redo those from older rules")
    p.add_argument(
        "--marks",
        action="store_true",
        help="also mark ⟦like this⟧ the possible identifiers left in each line, as Quote review does",
    )
    p.set_defaults(func=_cmd_anonymise)

    p = sub.add_parser(
        "reanonymise",
        help="re-anonymise every stored excerpt with the rules in force (one audited transaction)",
    )
    p.add_argument("--actor", default="anonymiser", help="who runs it (recorded in the audit trail)")
    p.set_defaults(func=_cmd_reanonymise)

    p = sub.add_parser(
        "suggest",
        help="coding suggestions: predict or evaluate on labelled text; train: the database's own suggestions",
    )
    p.add_argument("action", choices=["predict", "evaluate", "train"])
    p.add_argument(
        "--train", help="predict, evaluate: CSV with columns text, codes (labels separated by ';')"
    )
    p.add_argument(
        "--no-evaluate",
        action="store_true",
        help="train: skip measuring suggestion quality (the dashboard measures it in the background)",
    )
    p.add_argument("--input", help="predict: CSV with columns id, text")
    p.add_argument("--out", help="predict: output CSV (id, codes, ranked)")
    p.add_argument("--top", type=int, default=3, help="predict: how many ranked labels (default 3)")
    p.add_argument("--folds", type=int, default=5, help="evaluate: cross-validation folds (default 5)")
    p.add_argument(
        "--exact-labels",
        action="store_true",
        help="predict: write labels unchanged even when they begin with = + - or @",
    )
    p.set_defaults(func=_cmd_suggest)

    p = sub.add_parser("codebook", help="REFI-QDA / CSV codebook: export, or import (preview, then --apply)")
    p.add_argument("action", choices=["export", "import"])
    p.add_argument("file", help="OUT.qdc or OUT.csv to export; a .qdc or .csv to import")
    p.add_argument(
        "--apply", action="store_true", help="import: make the previewed changes (one codebook version)"
    )
    p.add_argument("--user", help="import: who is changing the codebook (recorded in the audit trail)")
    p.set_defaults(func=_cmd_codebook)

    p = sub.add_parser(
        "qdpx", help="REFI-QDA project (.qdpx) export or import (NVivo, ATLAS.ti, MAXQDA, QualCoder)"
    )
    p.add_argument("action", choices=["export", "import"])
    p.add_argument("file")
    p.add_argument(
        "--anonymised", action="store_true", help="export the anonymised excerpts only, not the notes"
    )
    p.add_argument("--dry-run", action="store_true", help="import: check everything, write nothing")
    p.add_argument(
        "--mapping", help="import: a mapping CSV (project code -> existing code, new code, or skip)"
    )
    p.add_argument(
        "--write-mapping", metavar="MAP.csv", help="import: write a draft mapping to fill in, import nothing"
    )
    p.add_argument("--user", help="who is exporting or importing (recorded in the audit trail)")
    p.set_defaults(func=_cmd_qdpx)

    p = sub.add_parser("summary", help="print what the database holds")
    p.set_defaults(func=_cmd_summary)

    args = parser.parse_args(argv)
    _IMPORT_UNDER_WAY.clear()
    if getattr(args, "user", None) is not None:  # every command that records who ran it
        args.user = " ".join(args.user.split())
        if not args.user:
            print("error: --user is blank; give the name of the person running the command.", file=sys.stderr)
            return 2
        if len(args.user) > 100 or visible(args.user) != args.user or INVISIBLE.search(args.user):
            print(
                "error: --user must be a plain name of at most 100 characters (no control characters).",
                file=sys.stderr,
            )
            return 2
    from insights.store import db, migrations

    db.set_wait_notice(lambda message: print(message, file=sys.stderr, flush=True))
    try:
        return args.func(args)
    except db.DatabaseBusy as exc:  # one plain sentence: what is busy and what to do
        print(f"error: {visible(exc)}", file=sys.stderr)
        return 3
    except migrations.MigrationError as exc:
        print(f"error: the database cannot be upgraded: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # an import stopped after its own handler (closing, printing) says which
        print(_interrupted_import_message() if _IMPORT_UNDER_WAY else "stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the output went to a program that stopped reading (| head): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # a folder or file that cannot be written or read
        where = f" {visible(exc.filename)}" if exc.filename else ""
        print(f"error: cannot use{where}: {visible(exc.strerror or exc)}.", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 -- one plain sentence, never a traceback
        unusable = _not_a_database(exc)
        if unusable:
            print(f"error: {unusable}", file=sys.stderr)
            return 1
        if os.environ.get("MATERNITY_DEBUG"):
            raise
        print(
            f"error: {visible(exc) or type(exc).__name__} (set MATERNITY_DEBUG=1 to see the details).",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
