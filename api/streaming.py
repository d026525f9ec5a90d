"""Stream bytes that a blocking writer produces in its own thread.

pyoxigraph result iterators must stay on the thread that created them, and Starlette would
iterate a sync generator from whatever worker thread is free. So one dedicated thread runs the
producer, which writes into a bounded queue (back-pressure: a slow client pauses the producer,
memory stays at ``max_chunks * chunk_size``), and the response reads the queue.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import AsyncIterator, Callable
from typing import IO, Any, cast

import anyio

CHUNK_SIZE = 64 * 1024
_DONE = object()


class _QueueWriter:
    def __init__(self, chunks: queue.Queue[Any], stop: threading.Event) -> None:
        self.chunks = chunks
        self.stop = stop
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        if self.stop.is_set():
            raise BrokenPipeError("the client went away")
        self.buffer += data
        if len(self.buffer) >= CHUNK_SIZE:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self._put(bytes(self.buffer))
            self.buffer.clear()

    def _put(self, item: object) -> None:
        while not self.stop.is_set():
            try:
                self.chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise BrokenPipeError("the client went away")


async def stream_from_thread(
    produce: Callable[[IO[bytes]], None], max_chunks: int = 8
) -> AsyncIterator[bytes]:
    """Run ``produce(out)`` in a new thread and yield what it writes to ``out``."""
    chunks: queue.Queue[Any] = queue.Queue(maxsize=max_chunks)
    stop = threading.Event()
    writer = _QueueWriter(chunks, stop)

    def run() -> None:
        try:
            produce(cast(IO[bytes], writer))
            writer.flush()
            writer._put(_DONE)
        except BrokenPipeError:
            pass
        except Exception as exc:
            # handed over as a message only: the traceback's frames hold pyoxigraph objects
            # that must be dropped on this thread
            failure = RuntimeError(f"the export stopped: {type(exc).__name__}: {exc}")
            del exc
            with contextlib.suppress(BrokenPipeError):
                writer._put(failure)

    thread = threading.Thread(target=run, name="kg-stream", daemon=True)
    thread.start()
    try:
        while True:
            item = await anyio.to_thread.run_sync(chunks.get)
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
