"""Serve the sample site until SIGTERM/SIGINT: ``python -m newsbot.samplesite [--port 0] [--log FILE]``.

Prints one line, the base url (``http://127.0.0.1:PORT``), once the server listens, so another process can start
it and read the port from its stdout.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from newsbot.samplesite.server import SITE_DIR, SampleSite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsbot.samplesite",
        description="Serve the bundled sample site on 127.0.0.1 until interrupted.",
        epilog="Example: python -m newsbot.samplesite --port 8000 --log requests.jsonl",
    )
    parser.add_argument("--port", type=int, default=0, help="port to bind on 127.0.0.1 (default 0: a free one)")
    parser.add_argument("--log", type=Path, default=None, help="append each request to FILE as a JSON line")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds to wait before each answer (default 0)")
    parser.add_argument("--root", type=Path, default=SITE_DIR, help="folder to serve (default: the bundled site)")
    args = parser.parse_args(argv)

    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with SampleSite(args.root, port=args.port, log_path=args.log, latency=args.latency) as site:
        sys.stdout.write(site.base_url + "\n")
        sys.stdout.flush()
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
