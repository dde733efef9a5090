"""Command line: python -m insights {import,postcode,build-db,build-reference,demo-csv,templates,summary}."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from insights import config


class ProgressBar:
    """A one-line text progress bar on stderr (silent when stderr is not a terminal unless forced)."""

    def __init__(self, label: str, stream=sys.stderr, width: int = 30):
        self.label, self.stream, self.width, self.last = label, stream, width, ""

    def __call__(self, fraction: float, message: str) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        filled = int(self.width * fraction)
        line = (
            f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {fraction:4.0%} {message[:60]:<60}"
        )
        if line != self.last:
            self.stream.write(line)
            self.stream.flush()
            self.last = line

    def close(self) -> None:
        if self.last:
            self.stream.write("\n")
            self.stream.flush()


def _cmd_import(args: argparse.Namespace) -> int:
    from insights import db, demo_build, ingest

    path = Path(args.file)
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 2
    demo_build.ensure_database()
    try:
        con = db.connect()
    except db.DatabaseBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    bar = ProgressBar(f"Importing {path.name}")
    try:
        checked = ingest.check(con, args.kind, path.read_bytes(), path.name)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    v = checked.validated
    _print_issues(v.report(), args.report)
    if checked.already_imported:
        print(
            f"note: this exact file was imported before ({', '.join(checked.already_imported)}); "
            "unchanged rows will be left as they are.",
            file=sys.stderr,
        )
    try:
        result = ingest.commit(con, checked, user=args.user, skip_invalid=args.skip_invalid, progress=bar)
    except ingest.ImportRejected as exc:
        bar.close()
        print(f"rejected: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    bar.close()
    print(result.summary())
    return 0


def _print_issues(report, report_path: str | None, limit: int = 40) -> None:
    if report_path:
        report.to_csv(report_path, index=False)
        print(f"all {len(report)} issues written to {report_path}", file=sys.stderr)
    for row in report.head(limit).itertuples(index=False):
        where = f"row {row.row}" if row.row else "file"
        col = f", column {row.column}" if row.column else ""
        print(f"{row.severity}: {where}{col}: {row.reason}", file=sys.stderr)
    if len(report) > limit:
        print(f"... and {len(report) - limit} more (use --report FILE.csv to see them all)", file=sys.stderr)


def _cmd_postcode(args: argparse.Namespace) -> int:
    from insights import db
    from insights.geography import resolve_postcodes

    con = None
    if config.db_path().exists():
        try:
            con = db.connect(config.db_path(), read_only=True)
        except Exception:  # noqa: BLE001 -- the dashboard may hold the file; fall back to the extract
            con = None
    if con is None:
        con = db.connect(":memory:")
        db.create_schema(con)
        db.load_reference(con)
    for result in resolve_postcodes(con, args.postcodes):
        print(json.dumps(result.as_dict()))
    return 0


def _cmd_build_db(args: argparse.Namespace) -> int:
    from insights import demo_build

    target = Path(args.path) if args.path else config.db_path()
    if target.exists() and not args.force:
        if args.if_missing:
            print(f"using the existing database {target}")
            return 0
        print(f"{target} exists; use --force to rebuild it", file=sys.stderr)
        return 1
    bar = ProgressBar("Building database")
    started = time.perf_counter()
    demo_build.build_database(
        target, demo=not args.no_demo, n_narratives=args.narratives, seed=args.seed, progress=bar
    )
    bar.close()
    print(f"built {target} in {time.perf_counter() - started:.1f} s")
    return 0


def _cmd_build_reference(args: argparse.Namespace) -> int:
    from insights.reference import Area, build

    partial: dict[str, tuple[str, ...]] = {}
    for item in args.partial:
        lad, _, districts = item.partition(":")
        partial[lad] = tuple(d.strip().upper() for d in districts.split(",") if d.strip())
    manifest = build(
        Path(args.lookup),
        Path(args.imd),
        Path(args.boundaries),
        Path(args.codepoint),
        Path(args.out) if args.out else config.reference_dir(args.vintage),
        Area(tuple(args.districts), partial),
        args.vintage,
    )
    print(json.dumps(manifest["counts"], indent=2))
    return 0


def _cmd_demo_csv(args: argparse.Namespace) -> int:
    from insights import demo

    out = Path(args.out)
    frames = demo.generate(n_narratives=args.narratives, seed=args.seed)
    demo.write_csvs(frames, out)
    print(f"wrote {', '.join(sorted(frames))} CSVs to {out}")
    return 0


def _cmd_templates(args: argparse.Namespace) -> int:
    from insights.templates import write_templates

    for path in write_templates(Path(args.out)):
        print(path)
    return 0


def _cmd_summary(args: argparse.Namespace) -> int:
    import pandas as pd

    from insights import db, demo_build
    from queries import run

    con = db.connect(demo_build.ensure_database(), read_only=True)
    contents = run(con, "database_contents")
    for item, n in zip(contents["item"], contents["n"], strict=True):
        print(f"{item:<32} {int(n):>10,}")
    first, last = contents["first_narrative"].iat[0], contents["last_narrative"].iat[0]
    if first is not None and not pd.isna(first):
        print(f"{'Narratives collected':<32} {first:%d %b %Y} to {last:%d %b %Y}")
    return 0


def _cmd_anonymise(args: argparse.Namespace) -> int:
    from insights import anonymise

    if args.database:
        from insights import db, demo_build, quotes

        try:
            con = db.connect(demo_build.ensure_database())
        except db.DatabaseBusy as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 3
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
        for line in anonymise.anonymise_lines(sys.stdin):
            sys.stdout.write(line + "\n")
    except anonymise.AnonymiserUnavailable as exc:
        print(f"error: the anonymiser is unavailable: {exc}", file=sys.stderr)
        return 1
    sys.stdout.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    shared = Path(config.REPO_ROOT.parent / "shared" / "reference")
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

    p = sub.add_parser(
        "postcode", help="resolve postcodes to LSOA, IMD decile, Core20 and locality (JSON lines)"
    )
    p.add_argument("postcodes", nargs="+")
    p.set_defaults(func=_cmd_postcode)

    p = sub.add_parser("build-db", help="build the database (reference, codebook and synthetic demo)")
    p.add_argument("--path", help=f"database file (default $MATERNITY_DB or {config.db_path()})")
    p.add_argument("--narratives", type=int, default=config.DEMO_NARRATIVES)
    p.add_argument("--seed", type=int, default=config.DEMO_SEED)
    p.add_argument("--no-demo", action="store_true", help="reference and codebook only")
    p.add_argument("--force", action="store_true", help="replace an existing database")
    p.add_argument("--if-missing", action="store_true", help="do nothing when the database exists")
    p.set_defaults(func=_cmd_build_db)

    p = sub.add_parser("build-reference", help="build data/reference/<vintage>/ from the official files")
    p.add_argument("--lookup", default=str(shared / "PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU_kent_medway.csv"))
    p.add_argument("--imd", default=str(shared / "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv"))
    p.add_argument(
        "--boundaries",
        default=str(shared / "LSOA_Dec_2011_Boundaries_Super_Generalised_Clipped_EW_V3_kent_medway.geojson"),
    )
    p.add_argument("--codepoint", default=str(shared / "codepo_gb" / "Data" / "CSV"))
    p.add_argument("--vintage", default=config.DEFAULT_VINTAGE, choices=["imd2019", "imd2025"])
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
    p.set_defaults(func=_cmd_anonymise)

    p = sub.add_parser("summary", help="print what the database holds")
    p.set_defaults(func=_cmd_summary)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
