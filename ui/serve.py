"""Start the dashboard with its heavy libraries already loaded: `python -m ui.serve [streamlit options]`.

Streamlit runs each page's script in the server process, so the first page any user opens after a
start would otherwise pay for importing plotly, statsmodels, scikit-learn, pydeck and the domain
package (about 2 s on the 2-core machine), and the first Quote review for loading the anonymiser's
models (presidio, spaCy; a few seconds). This launcher loads them once, before the server accepts a connection, then hands
over to Streamlit's own command line (`streamlit run dashboard.py ...`); the scripts then find them in
`sys.modules`. `make run` starts the server this way; benchmarks/run.py calls `preload()` and reports its
time as the process's start-up, apart from the pages.

Only modules without Streamlit caches are imported here (the domain package and third-party libraries):
ui/ modules declare `st.cache_*` functions, which must be created once Streamlit's runtime exists.
"""

from __future__ import annotations

import gc
import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Third-party modules the pages use (imported lazily by plotly otherwise: the figure classes too).
LIBRARIES = (
    "numpy",
    "pandas",
    "duckdb",
    "plotly.graph_objects",
    "plotly.subplots",
    "pydeck",
    "statsmodels.stats.multitest",
    "statsmodels.stats.proportion",
    "scipy.sparse",
    "sklearn.feature_extraction.text",
    "sklearn.linear_model",
    "sklearn.svm",
    "streamlit.elements.plotly_chart",
    "streamlit.elements.deck_gl_json_chart",
)
#: Plotly and pydeck classes the chart and map builders use (plotly loads each on first use).
CLASSES = {
    "plotly.graph_objects": ("Figure", "Bar", "Scatter", "Heatmap"),
    "pydeck": ("Deck", "Layer", "ViewState"),
}
#: Project packages imported whole (no Streamlit in them); the command line is not needed by a server.
PACKAGES = ("insights", "queries")
SKIP = ("insights.__main__",)


def modules() -> list[str]:
    """Every module preload() imports, in order."""
    names = list(LIBRARIES)
    for package in PACKAGES:
        names.append(package)
        path = ROOT / package
        if (path / "__init__.py").exists():
            for info in pkgutil.walk_packages([str(path)], prefix=f"{package}."):
                if info.name not in SKIP:
                    names.append(info.name)
    return names


def preload() -> float:
    """Import the libraries and the domain package, and load the anonymiser; returns the seconds it took.

    The anonymiser (presidio, the spaCy model and the name lexicon) is what Quote review uses to mark
    possible identifiers and what an import uses; loaded once per process, it is loaded here rather than in
    the first reviewer's page run. If it cannot load, nothing changes: the pages say so themselves.
    """
    start = time.perf_counter()
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    for name in modules():
        try:
            module = importlib.import_module(name)
        except ImportError:  # an optional library that is not installed: the page says so itself
            continue
        for attr in CLASSES.get(name, ()):
            getattr(module, attr, None)
    try:  # plotly's first figure to JSON imports its optional helpers and loads the default template
        import plotly.graph_objects as go
        import plotly.io as pio

        pio.to_json(go.Figure(go.Bar(x=[1], y=[1])), validate=False)
    except ImportError:
        pass
    # Streamlit checks once per process, at the first element any page draws, whether it runs in a REPL
    # (to warn about `python script.py`): a walk over every frame's source file (about 0.5 s). Under
    # `streamlit run` there is nothing to warn about, so the check is marked done.
    from streamlit import delta_generator

    delta_generator._use_warning_has_been_displayed = True
    from insights.quotes import anonymise

    anonymise.status()  # loads and keeps the process's anonymiser, or notes why it cannot
    return time.perf_counter() - start


_settled = False


def settle() -> None:
    """Once per process, when the libraries (and the anonymiser) are loaded: collect, then move every object
    alive now into the collector's permanent generation (`gc.freeze`).

    A Python server pauses every thread for each collection of its oldest generation, which walks every
    container object alive: with plotly, pandas, scikit-learn, spaCy and Streamlit loaded, the load test logged
    those pauses at 1.3 s each on the 2-core machine (`insights.timing.probe_gc`), in every session's page run
    at once. Modules, classes and models live as long as the process, so they need not be walked again; what
    pages make later is collected as before. Later calls do nothing; `MATERNITY_GC_SETTLE=0` turns it off
    (for the load test's before/after)."""
    global _settled
    if _settled or os.environ.get("MATERNITY_GC_SETTLE") == "0":
        return
    _settled = True
    gc.collect()
    gc.freeze()


def main(argv: list[str] | None = None) -> int:
    """Preload, then run `streamlit run dashboard.py` with the given options in this process."""
    seconds = preload()
    settle()
    print(f"Libraries and the anonymiser loaded in {seconds:.1f} s; starting the dashboard.", file=sys.stderr)
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
