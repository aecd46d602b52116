"""Stand-ins for a worker's task (`claims.extraction.workers._outcomes`) that stop the worker process
abruptly, as the kernel's out-of-memory killer or a crash inside a compiled library would. They
live in a module of their own so that a worker started fresh can import them."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from claims.extraction import workers
from claims.model import Document

ALWAYS = "STOPS-EVERY-WORKER"  # a document holding this stops every worker that reads it
ONCE = "STOPS-ONE-WORKER:"  # followed by a path: the first worker to read it stops, and leaves the file


def outcomes(docs: list[Document]) -> list[workers.Outcome]:
    for doc in docs:
        if ALWAYS in doc.text:
            os.kill(os.getpid(), signal.SIGKILL)
        if ONCE in doc.text:
            flag = Path(doc.text.split(ONCE, 1)[1].split()[0])
            if not flag.exists():
                flag.write_text("stopped once")
                os.kill(os.getpid(), signal.SIGKILL)
    return workers._outcomes(docs)


def stops_at_start(docs: list[Document]) -> list[workers.Outcome]:
    os.kill(os.getpid(), signal.SIGKILL)
    return []


def slow_outcomes(docs: list[Document]) -> list[workers.Outcome]:
    """Writes this worker's process id into the file named by the document's text, then waits:
    a run stopped meanwhile must end its workers without waiting for this task."""
    for doc in docs:
        if SLOW in doc.text:
            Path(doc.text.split(SLOW, 1)[1].split()[0]).write_text(str(os.getpid()))
            time.sleep(120)
    return workers._outcomes(docs)


SLOW = "SLOW-WORKER:"  # followed by a path: the worker writes its process id there and waits
