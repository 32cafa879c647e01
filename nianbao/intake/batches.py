"""Reading many files on two cores: a helper process reads batches of the list while this one reads others.

Every file is read by the same `read_submission`, in this process or in the helper, and the
results are put back in the order of the list: the Submissions are those of a serial read (same
values, findings and order). Batches are taken from one shared counter, so whichever process is
faster reads more of them. The helper is a fresh `python -m nianbao.intake.batches` (not a fork:
the caller may run Prefect's threads), started while this process reads its first batches; it
ends when its input ends, so it never outlives the read. Should it fail, this process reads
whatever it had not returned. Below MIN_FILES files, or on one core, all is read here: starting
the helper (~0.1 s) would cost more than it saves.
"""

from __future__ import annotations

import gc
import itertools
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from nianbao.intake.submission import Submission

MIN_FILES = 200
BATCH = 24  # ~25 ms of reading: small enough to share the tail evenly
Read = Callable[[Path, Path], Submission]


def read_many(paths: Sequence[Path], root: Path, read: Read) -> list[Submission]:
    """Return `read(path, root)` for every path, in order, reading on two cores when it pays."""
    if len(paths) < MIN_FILES or (os.cpu_count() or 1) < 2:
        return [read(path, root) for path in paths]
    batches = [list(paths[i : i + BATCH]) for i in range(0, len(paths), BATCH)]
    done: list[list[Submission] | None] = [None] * len(batches)
    taken = itertools.count()  # next() on it is atomic: each batch goes to one reader
    helper = threading.Thread(target=_lend, args=(batches, root, taken, done), daemon=True)
    helper.start()
    for index in _turns(taken, len(batches)):
        done[index] = [read(path, root) for path in batches[index]]
    helper.join()
    for index, subs in enumerate(done):
        if subs is None:  # the helper's, had it failed
            done[index] = [read(path, root) for path in batches[index]]
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
    try:
        helper = subprocess.Popen(
            [sys.executable, "-m", "nianbao.intake.batches"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
    except OSError:
        return
    assert helper.stdin is not None
    assert helper.stdout is not None
    try:
        for index in _turns(taken, len(batches)):
            pickle.dump((root, batches[index]), helper.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            helper.stdin.flush()
            done[index] = pickle.load(helper.stdout)
    except (OSError, EOFError, pickle.UnpicklingError):
        pass  # the helper died: this process reads what it did not return
    finally:
        helper.stdin.close()
        helper.wait()
        helper.stdout.close()


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """Read each batch sent on `requests` and send its Submissions on `answers`, until input ends."""
    from nianbao.intake.readers import read_submission

    gc.disable()  # a short-lived reader of acyclic records, like the caller's paused_gc
    while True:
        try:
            root, paths = pickle.load(requests)
        except EOFError:
            return
        subs = [read_submission(path, root) for path in paths]
        try:
            pickle.dump(subs, answers, protocol=pickle.HIGHEST_PROTOCOL)
            answers.flush()
        except BrokenPipeError:  # the reader has gone (stopped or killed): so does the helper
            return


if __name__ == "__main__":
    _answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by a library goes to stderr, not into the answers
    serve(sys.stdin.buffer, _answers)
