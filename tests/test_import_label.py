"""An excerpts import in the dashboard never loads the anonymiser's models into the server's interpreter just
to learn the engine's label: the import worker, which anonymises, reports it (insights.ingest.load)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: The server's side of an excerpts import, in a fresh interpreter (nothing preloaded, as `streamlit run`):
#: the anonymising before the write lock through the import worker, then the whole import.
SERVER = textwrap.dedent(
    """
    import json, sys
    import pandas as pd
    from insights.ingest import load as ingest, worker
    from insights.store import db

    from insights.quotes import anonymise

    def loaded():  # presidio, and the process's anonymiser (its spaCy model); spaCy's library alone is
        # imported with insights.quotes (its stop words), which takes no model
        return [m for m in ("presidio_analyzer",) if m in sys.modules] + (
            ["anonymiser"] if anonymise._cached.cache_info().currsize else []
        )

    data = (
        b"excerpt_id,narrative_id,code,theme,care_stage,excerpt\\n"
        b"X901,T01,C126,barriers,antenatal,Nobody explained the scan results to Sarah Jones at all\\n"
    )
    con = db.connect(sys.argv[1])
    offload = worker.offloader(on_fallback=lambda message: sys.exit("the worker was not used"))
    checked = ingest.check(con, "excerpts", data, "excerpts_new.csv", offload=offload)
    staged, _ = ingest._staged("excerpts", checked.validated.frame)
    con.register("_staged", staged)
    done, label = ingest._anonymise_before_lock(con, lambda f, m: None, offload)
    con.unregister("_staged")
    before_lock = loaded()
    ingest.commit(con, checked, user="t", skip_invalid=True, offload=offload)
    stored = con.execute("select anonymiser from coded_excerpts where excerpt_id = 'X901'").fetchone()[0]
    print(json.dumps({
        "label": label, "done": len(done), "before_lock": before_lock, "stored": stored,
        "after_commit": loaded(),
    }))
    """
)


@pytest.fixture(scope="module")
def server_import(tmp_path_factory, make_db) -> dict:
    path = make_db("fixture")
    out = subprocess.run(
        [sys.executable, "-c", SERVER, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_label_for_an_excerpts_import_comes_from_the_worker(server_import):
    """The old code asked `anonymise.get().label` in the server before handing the anonymising to the worker:
    presidio and spaCy were loaded here (13.7 s on the first excerpts import, every session waiting)."""
    assert server_import["done"] == 1 and server_import["label"].startswith("presidio-analyzer")
    assert server_import["before_lock"] == []
    assert server_import["stored"] == server_import["label"]  # the worker's label is the engine's


def test_a_whole_excerpts_import_leaves_the_models_out_of_the_server(server_import):
    """after_import (insights.quotes.review), inside the import's transaction, takes the label from what the
    worker did before the lock; the old code asked anonymise.get() there, loading the models after all."""
    assert server_import["after_commit"] == []
