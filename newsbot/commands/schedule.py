"""``newsbot schedule``: run ``newsbot crawl`` every interval until SIGTERM or SIGINT, then stop cleanly.

A thin loop for a supervisor that keeps one process running; cron, a systemd timer or scrapyd, which run
``newsbot crawl`` themselves, are the usual way (README, Scheduled crawls). Each pass is ``newsbot crawl`` with the
same arguments, in a child process (a Twisted reactor cannot be started twice in one process). A signal stops the
loop; a pass in progress gets the same signal, which makes Scrapy finish the requests in flight and close the
run's ``crawl_runs`` row (finish reason ``shutdown``) before the scheduler exits 0.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from types import FrameType

import click

from newsbot.commands.shared import DATABASE_OPTION, crawl_arguments, crawl_settings

logger = logging.getLogger(__name__)

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
#: How long a pass may take to wind down after a stop signal before it is killed.
SHUTDOWN_GRACE_SECONDS = 60.0


def parse_interval(text: str) -> float:
    """Seconds in an interval such as ``30m``, ``6h``, ``90s``, ``1d`` or ``2w`` (the units ``--since`` takes, and
    seconds and minutes); ValueError names the accepted forms."""
    match = _INTERVAL.match(text)
    if not match or float(match[1]) <= 0:
        raise ValueError(f"{text!r} is not an interval: use a positive number with s, m, h, d or w (e.g. 30m)")
    return float(match[1]) * _UNIT_SECONDS[match[2]]


class Scheduler:
    """Start ``command`` every ``every`` seconds (a pass that overruns delays the next one, never overlaps it)."""

    def __init__(self, command: Sequence[str], every: float) -> None:
        self.command = list(command)
        self.every = every
        self.stopping = threading.Event()
        self.child: subprocess.Popen[bytes] | None = None
        self.passes = 0

    def stop(self, signum: int, frame: FrameType | None = None) -> None:
        """Signal handler: stop after the pass in progress, passing the signal on to it."""
        logger.info("signal %d: stopping after the current pass", signum)
        self.stopping.set()
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signum)

    def run(self) -> None:
        """Loop until a signal stops it (a failed pass is logged; the next one runs on time)."""
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        while not self.stopping.is_set():
            started = time.monotonic()
            self.passes += 1
            logger.info("pass %d: %s", self.passes, " ".join(self.command))
            # A session of its own: a Ctrl-C at the terminal reaches the child once, through stop(), not twice.
            self.child = subprocess.Popen(self.command, start_new_session=True)
            status = self._wait_child()
            if status != 0:
                logger.warning("pass %d exited with status %d", self.passes, status)
            self.stopping.wait(max(0.0, self.every - (time.monotonic() - started)))

    def _wait_child(self) -> int:
        assert self.child is not None
        while True:
            try:
                return self.child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                if self.stopping.is_set():
                    try:
                        return self.child.wait(timeout=SHUTDOWN_GRACE_SECONDS)
                    except subprocess.TimeoutExpired:
                        logger.warning(
                            "pass %d did not stop in %.0f s; killing it", self.passes, SHUTDOWN_GRACE_SECONDS
                        )
                        self.child.kill()
                        return self.child.wait()


@click.command()
@click.option(
    "--every", "every", required=True, metavar="INTERVAL", help="Time between pass starts: 90s, 30m, 6h, 1d, 2w."
)
@DATABASE_OPTION
@crawl_arguments
def schedule(
    every: str, database_url: str, sites: tuple[str, ...], spider_args: tuple[str, ...], settings: tuple[str, ...]
) -> None:
    """Run `newsbot crawl` every INTERVAL until SIGTERM or SIGINT, then stop cleanly (exit 0).

    \b
    Example:
      newsbot schedule --every 30m gamespot
    """
    try:
        seconds = parse_interval(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from exc
    crawl_settings(database_url, settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s [newsbot.commands.schedule] %(levelname)s: %(message)s")
    # The passes find the url in their environment: on their command line, `ps` and the log would show a password.
    os.environ["NEWSBOT_DATABASE_URL"] = database_url
    command = [sys.executable, "-m", "newsbot.cli", "crawl", *sites]
    command += [f"-a{value}" for value in spider_args] + [f"-s{value}" for value in settings]
    Scheduler(command, seconds).run()
