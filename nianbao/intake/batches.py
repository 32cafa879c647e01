"""Reading many files on two cores: a helper process reads batches of the list while this one reads others.

Every batch is read by the same `read_submissions`, in this process or in the helper, and the
results are put back in the order of the list: the Submissions are those of a serial read (same
values, findings and order). Batches are taken from one shared counter, so whichever process is
faster reads more of them. The helper is a `python -m nianbao.intake.batches` (not a fork: the
caller may run Prefect's threads), started by the first read while this process reads its first
batches and kept for the next one (a draft reads the year and the years before it): it ends when
this process ends or closes its input, or by itself after IDLE seconds without work. Should it
fail, this process reads whatever it had not returned. Below MIN_FILES files, or on one core, all
is read here: starting the helper (~0.1 s) would cost more than it saves.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import itertools
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from nianbao.intake.submission import Submission

MIN_FILES = 200
BATCH = 24  # ~25 ms of reading: small enough to share the tail evenly
IDLE = 60.0  # seconds a kept helper waits for the next read before it ends
_TAIL = 4  # batches at the end of a read sent to the helper one at a time
_PIPE = 1024 * 1024  # bytes of the helper's answer pipe: a batch's answer (~70 KB) never blocks it
Read = Callable[[Sequence[Path], Path], list[Submission]]
Helper = subprocess.Popen[bytes]

_kept: list[tuple[Helper, float]] = []  # the helper between two reads, with when it was last used
_keeping = threading.Lock()


def read_many(paths: Sequence[Path], root: Path, read: Read) -> list[Submission]:
    """Return what `read(paths, root)` returns, reading batches of them on two cores when it pays."""
    if len(paths) < MIN_FILES or (os.cpu_count() or 1) < 2:
        return read(paths, root)
    batches = [list(paths[i : i + BATCH]) for i in range(0, len(paths), BATCH)]
    done: list[list[Submission] | None] = [None] * len(batches)
    taken = itertools.count()  # next() on it is atomic: each batch goes to one reader
    helper = threading.Thread(target=_lend, args=(batches, root, taken, done), daemon=True)
    helper.start()
    for index in _turns(taken, len(batches)):
        done[index] = read(batches[index], root)
    helper.join()
    for index, subs in enumerate(done):
        if subs is None:  # the helper's, had it failed
            done[index] = read(batches[index], root)
    return [sub for subs in done if subs is not None for sub in subs]


def _turns(taken: itertools.count[int], count: int) -> Iterator[int]:
    """Yield the batch numbers this reader takes, until all `count` are taken."""
    while (index := next(taken)) < count:
        yield index


def _lend(
    batches: list[list[Path]],
    root: Path,
    taken: itertools.count[int],
    done: list[list[Submission] | None],
) -> None:
    """Hand batches to a helper process until none is left; a batch it fails on stays None."""
    helper = _take()
    if helper is None:
        return
    assert helper.stdin is not None
    assert helper.stdout is not None
    sent: list[int] = []  # batches sent and not yet answered, oldest first
    try:
        for index in _turns(taken, len(batches)):
            pickle.dump((root, batches[index]), helper.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            helper.stdin.flush()
            sent.append(index)
            # One batch waits at the helper while its last answer is taken in: the helper never
            # idles while this thread waits for the GIL. The last few go one at a time (even tail).
            ahead = 1 if index < len(batches) - _TAIL else 0
            while len(sent) > ahead:
                done[sent.pop(0)] = pickle.load(helper.stdout)
        while sent:
            done[sent.pop(0)] = pickle.load(helper.stdout)
    except (OSError, EOFError, pickle.UnpicklingError):
        close(helper)  # the helper died: this process reads what it did not return
        return
    _keep(helper)


def _take() -> Helper | None:
    """Return the kept helper when it is still running and fresh, else a new one (None if none starts).

    A helper unused for IDLE / 2 is not taken: it could end by itself while a read is sent to it.
    """
    with _keeping:
        kept = _kept.pop() if _kept else None
    if kept is not None:
        helper, used = kept
        if helper.poll() is None and time.monotonic() - used < IDLE / 2:
            return helper
        close(helper)
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "nianbao.intake.batches", str(IDLE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
    except OSError:
        return None


def _keep(helper: Helper) -> None:
    """Keep `helper` for the next read; a second one (two reads at once) is closed."""
    with _keeping:
        if not _kept:
            _kept.append((helper, time.monotonic()))
            return
    close(helper)


def close(helper: Helper) -> None:
    """Close the input of `helper` and wait for it to end (killed after 5 s)."""
    for pipe in (helper.stdin, helper.stdout):
        try:
            if pipe is not None:
                pipe.close()
        except OSError:
            pass
    try:
        helper.wait(timeout=5)
    except subprocess.TimeoutExpired:
        helper.kill()
        helper.wait()


@atexit.register
def close_kept() -> None:
    """Close the helper kept between reads (at exit, and in tests)."""
    with _keeping:
        kept, _kept[:] = list(_kept), []
    for helper, _ in kept:
        close(helper)


def serve(requests: IO[bytes], answers: IO[bytes], idle: float = IDLE) -> None:
    """Read each batch sent on `requests` and send its Submissions on `answers`, until input ends
    or no batch comes for `idle` seconds."""
    from nianbao.intake.readers import read_submissions

    gc.disable()  # a reader of acyclic records, like the caller's paused_gc; collected when idle
    _widen(answers)
    waiting = [time.monotonic()]  # since when a batch is awaited; empty while one is read
    threading.Thread(target=_watch, args=(waiting, idle), daemon=True).start()
    while True:
        try:
            root, paths = pickle.load(requests)
        except EOFError:
            return
        waiting.clear()
        subs = read_submissions(paths, root)
        try:
            pickle.dump(subs, answers, protocol=pickle.HIGHEST_PROTOCOL)
            answers.flush()
        except BrokenPipeError:  # the reader has gone (stopped or killed): so does the helper
            return
        del subs
        waiting.append(time.monotonic())


def _widen(pipe: IO[bytes]) -> None:
    """Give `pipe` a _PIPE-byte buffer where Linux allows it (else it keeps its 64 KiB)."""
    with contextlib.suppress(ImportError, AttributeError, OSError):  # not Linux, or not allowed
        import fcntl

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _PIPE)


def _watch(waiting: list[float], idle: float) -> None:
    """Collect garbage once a read is over (1 s without a batch); end the helper after `idle` s."""
    collected = True
    while True:
        time.sleep(min(1.0, idle / 4))
        since = next(iter(waiting), None)  # the list may be cleared meanwhile
        if since is None:
            collected = False
        elif time.monotonic() - since > idle:
            os._exit(0)
        elif not collected and time.monotonic() - since > 1.0:
            gc.collect()
            collected = True


if __name__ == "__main__":
    _answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by a library goes to stderr, not into the answers
    serve(sys.stdin.buffer, _answers, float(sys.argv[1]) if len(sys.argv) > 1 else IDLE)
