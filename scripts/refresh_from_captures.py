"""Run a real `opengap refresh` against the shared captures served from a loopback server.

This is how the committed snapshot is made: every source's live fetch code runs unchanged, pointed
(through the OPENGAP_<SOURCE>_<KEY>_URL settings) at 127.0.0.1, where tests/upstreams serves the
captures in ../shared/sources at their live URL paths. Each file is recorded under the live URL it
stands for and dated by the capture (Last-Modified), so the snapshot's provenance is the upstream's.

    python scripts/refresh_from_captures.py --data /tmp/opengap-data [-- extra refresh args]
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.upstreams import SHARED_SOURCES, Upstream  # noqa: E402


def serve(shared: Path = SHARED_SOURCES) -> Upstream:
    up = Upstream().start()
    for path in sorted((ROOT / "tests" / "upstreams").glob("*.py")):
        if path.stem.startswith("_"):
            continue
        importlib.import_module(f"tests.upstreams.{path.stem}").register(up, shared)
    return up


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="data dir (raw store + warehouse)")
    parser.add_argument(
        "--serve-only", action="store_true", help="serve and print the env; Ctrl-C to stop"
    )
    parser.add_argument("rest", nargs="*", help="extra arguments for `opengap refresh`")
    args = parser.parse_args()
    if not SHARED_SOURCES.is_dir():
        print(f"Error: no captures at {SHARED_SOURCES}", file=sys.stderr)
        return 2
    up = serve()
    os.environ.update(up.env)
    # provenance names the upstream a user would fetch, never the loopback address that replayed
    # the capture (OPENGAP_RECORD_UPSTREAM_URLS; see scrapers.settings.upstream_url)
    os.environ.setdefault("OPENGAP_RECORD_UPSTREAM_URLS", "1")
    # only sources with real captures: a source tested on hand-written fixtures alone (hf_cards)
    # must never put those fixtures into a published snapshot
    import scrapers

    captured = [n for n in scrapers.registered() if (SHARED_SOURCES / n).is_dir()]
    os.environ.setdefault("OPENGAP_SOURCES", ",".join(captured))
    os.environ["OPENGAP_DATA"] = str(args.data)
    os.environ["OPENGAP_DB"] = str(args.data / "opengap.duckdb")
    if args.serve_only:
        for k, v in sorted(up.env.items()):
            print(f"export {k}={v}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0
    from cli import app

    try:
        app(["refresh", *args.rest], standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        up.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
