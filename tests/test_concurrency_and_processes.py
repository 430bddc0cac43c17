"""One client shared by many threads or tasks, and clients that cross process boundaries.

* 16 threads share one ``Client`` (generate and chat, streamed and not): each gets its own answer,
  and the pool keeps every connection (no "Connection pool is full" from urllib3; a relay in
  front of the server counts the connections opened).
* 200 asyncio tasks share one ``AsyncClient`` with streamed chats and embeddings at once
  (tests/test_async.py already runs 200 concurrent generate calls on one client).
* Clients pickle (for multiprocessing, Ray, Dask) and the copy builds its own connections; a
  client used in a parent keeps working in ``fork``-ed workers, each with connections of its
  own, and in the parent afterwards; ``spawn`` workers get it pickled as an argument.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import pickle
import socket
import threading
import warnings
from collections.abc import Iterator

import pytest
import requests

from ollama_python import (
    AsyncClient,
    Client,
    EmbeddingAPI,
    GenerateAPI,
    ModelManagementAPI,
    NotFoundError,
    Timeout,
)
from ollama_python.testing import OllamaTestServer

THREADS = 16
CALLS = 20
TASKS = 200


class CountingRelay:
    """A TCP relay on 127.0.0.1 in front of a server that counts the connections clients open."""

    def __init__(self, target_port: int) -> None:
        self._target = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._lock = threading.Lock()
        self._opened = 0
        self._sockets: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="counting-relay", daemon=True)

    @property
    def opened(self) -> int:
        with self._lock:
            return self._opened

    def __enter__(self) -> CountingRelay:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(2)
        self._listener.close()
        with self._lock:
            for sock in self._sockets:
                sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:  # the accept timeout: check for stop
                continue
            client.settimeout(None)
            upstream = socket.create_connection(("127.0.0.1", self._target), timeout=5)
            upstream.settimeout(None)
            with self._lock:
                self._opened += 1
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)


@pytest.fixture
def relay(server: OllamaTestServer) -> Iterator[CountingRelay]:
    with CountingRelay(server.port) as counting:
        yield counting


# -- threads ---------------------------------------------------------------------------------------------


def one_call(client: Client, kind: int, prompt: str) -> str:
    """One of four kinds of call; returns the model's whole text."""
    if kind == 0:
        return client.generate("llama3.2", prompt).response
    if kind == 1:
        return client.chat("llama3.2", [{"role": "user", "content": prompt}]).message.content
    if kind == 2:
        return "".join(part.response for part in client.generate("llama3.2", prompt, stream=True))
    stream = client.chat("llama3.2", [{"role": "user", "content": prompt}], stream=True)
    return stream.collect().message.content


def test_16_threads_sharing_one_client_each_get_their_own_answers(
    server: OllamaTestServer, relay: CountingRelay, caplog: pytest.LogCaptureFixture
) -> None:
    answers: dict[str, str] = {}
    failures: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def worker(thread: int, client: Client) -> None:
        try:
            start.wait(5)
            for call in range(CALLS):
                prompt = f"thread {thread} call {call}"
                answers[prompt] = one_call(client, (thread + call) % 4, prompt)
        except BaseException as error:  # reported below, with the thread's traceback
            failures.append(error)

    with caplog.at_level(logging.DEBUG, logger="urllib3"), Client(relay.url, timeout=10) as client:
        threads = [threading.Thread(target=worker, args=(index, client)) for index in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        opened_during_the_burst = relay.opened
        assert client.generate("llama3.2", "after").response == "You said: after"

    assert failures == []
    assert len(answers) == THREADS * CALLS
    assert all(answer == f"You said: {prompt}" for prompt, answer in answers.items())
    assert len(server.requests) == THREADS * CALLS + 1
    # Every connection went back to the pool and was kept: at most one per thread was opened,
    # and the call afterwards reused one of them.
    assert opened_during_the_burst <= THREADS
    assert relay.opened == opened_during_the_burst
    assert not [r.getMessage() for r in caplog.records if "pool is full" in r.getMessage()]


# -- tasks -----------------------------------------------------------------------------------------------


def test_200_tasks_mixing_streamed_chat_and_embed_on_one_async_client(server: OllamaTestServer) -> None:
    texts = [f"text number {index}" for index in range(TASKS // 2)]

    async def main() -> tuple[list[str], list[list[float]], list[list[float]]]:
        async with AsyncClient(server.url, timeout=10) as client:
            expected = [(await client.embed("all-minilm", text)).embeddings[0] for text in texts[:5]]

            async def chat(index: int) -> str:
                stream = await client.chat("llama3.2", [{"role": "user", "content": f"task {index}"}], stream=True)
                return "".join([part.message.content async for part in stream])

            async def embed(text: str) -> list[float]:
                return (await client.embed("all-minilm", text)).embeddings[0]

            chats = [asyncio.ensure_future(chat(index)) for index in range(TASKS // 2)]
            embeds = [asyncio.ensure_future(embed(text)) for text in texts]
            return list(await asyncio.gather(*chats)), list(await asyncio.gather(*embeds)), expected

    chats, vectors, expected = asyncio.run(main())

    assert chats == [f"You said: task {index}" for index in range(TASKS // 2)]
    assert vectors[:5] == expected  # the same vector as when asked alone
    assert len({tuple(vector) for vector in vectors}) == len(texts)  # each caller got its own
    assert len(server.requests_to("POST", "/api/embed")) == len(texts) + 5


# -- pickling --------------------------------------------------------------------------------------------


def test_clients_pickle_after_use_and_the_copies_work(server: OllamaTestServer) -> None:
    timeout = Timeout(connect=2, read=7)
    client = Client(server.url, timeout=timeout, max_retries=1, headers={"X-Team": "blue"})
    gen = GenerateAPI(server.url, model="llama3.2", timeout=timeout)
    emb = EmbeddingAPI(server.url, model="all-minilm", timeout=timeout)
    models = ModelManagementAPI(server.url, timeout=timeout)
    # Used first, so that each has a session and a live pooled connection to leave behind.
    assert client.generate("llama3.2", "before").response == "You said: before"
    assert gen.generate("before").response == "You said: before"
    vector = emb.embed("before").embeddings[0]
    assert models.version().version == server.version

    copies = [pickle.loads(pickle.dumps(obj)) for obj in (client, gen, emb, models, timeout)]
    client2, gen2, emb2, models2, timeout2 = copies

    assert timeout2 == timeout
    assert [repr(obj) for obj in copies[:4]] == [repr(obj) for obj in (client, gen, emb, models)]
    assert client2.generate("llama3.2", "after").response == "You said: after"
    assert client2.chat("llama3.2", [{"role": "user", "content": "hi"}]).message.content == "You said: hi"
    assert gen2.generate("after", stream=True).collect().response == "You said: after"
    assert emb2.embed("before").embeddings[0] == vector
    assert models2.version().version == server.version
    # The configuration travelled with the copy.
    assert server.requests[-5].headers["X-Team"] == "blue"
    with pytest.raises(NotFoundError):
        client2.show("no-such-model")
    for obj in (client, gen, emb, models, client2, gen2, emb2, models2):
        obj.close()


def test_async_client_pickles_after_use_and_the_copy_works(server: OllamaTestServer) -> None:
    client = AsyncClient(server.url, timeout=5)

    async def use(target: AsyncClient, prompt: str) -> str:
        stream = await target.chat("llama3.2", [{"role": "user", "content": prompt}], stream=True)
        return (await stream.collect()).message.content

    async def before() -> bytes:
        assert await use(client, "before") == "You said: before"
        return pickle.dumps(client)  # while its connections are open, inside the loop

    data = asyncio.run(before())

    async def after() -> str:
        async with pickle.loads(data) as copy:
            return await use(copy, "after")

    assert asyncio.run(after()) == "You said: after"


# -- processes -------------------------------------------------------------------------------------------

# Set before the fork pool starts: its workers inherit it (with the parent's live connection).
INHERITED: Client | None = None


def call_inherited(prompt: str) -> tuple[int, str]:
    assert INHERITED is not None
    return os.getpid(), INHERITED.generate("llama3.2", prompt).response


def call_given(args: tuple[Client, str]) -> tuple[int, str]:
    client, prompt = args
    with client:
        return os.getpid(), client.chat("llama3.2", [{"role": "user", "content": prompt}]).message.content


def fail_in_worker(args: tuple[Client, str]) -> None:
    client, model = args
    client.show(model)


def test_fork_workers_use_an_inherited_client_with_connections_of_their_own(
    server: OllamaTestServer, relay: CountingRelay
) -> None:
    global INHERITED
    INHERITED = Client(relay.url, timeout=10)
    try:
        assert INHERITED.generate("llama3.2", "parent before").response == "You said: parent before"
        assert relay.opened == 1  # the parent's pooled connection, inherited by every worker
        prompts = [f"forked {index}" for index in range(16)]

        with warnings.catch_warnings():
            # Python 3.12+ warns that fork() with threads running (the servers') may deadlock.
            warnings.simplefilter("ignore", DeprecationWarning)
            with multiprocessing.get_context("fork").Pool(4) as pool:
                results = pool.map(call_inherited, prompts, chunksize=1)

        assert [answer for _, answer in results] == [f"You said: {prompt}" for prompt in prompts]
        workers = {pid for pid, _ in results}
        assert os.getpid() not in workers
        # Each worker opened a connection of its own; none wrote into the parent's.
        assert relay.opened >= 1 + len(workers)
        opened = relay.opened
        assert INHERITED.generate("llama3.2", "parent after").response == "You said: parent after"
        assert relay.opened == opened  # the parent's own connection is intact and reused
    finally:
        INHERITED.close()
        INHERITED = None
    assert len(server.requests_to("POST", "/api/generate")) == 2 + len(prompts)


def test_fork_workers_keep_preparing_with_a_session_you_passed_in(
    server: OllamaTestServer, relay: CountingRelay
) -> None:
    # A session of yours with requests' default adapter: a worker sends its headers, through a
    # connection pool of the worker's own.
    global INHERITED
    session = requests.Session()
    session.headers["X-Team"] = "forked"
    INHERITED = Client(relay.url, timeout=10, session=session)
    try:
        assert INHERITED.generate("llama3.2", "parent before").response == "You said: parent before"
        prompts = [f"forked {index}" for index in range(4)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork() with the servers' threads running
            with multiprocessing.get_context("fork").Pool(2) as pool:
                results = pool.map(call_inherited, prompts, chunksize=1)
        assert [answer for _, answer in results] == [f"You said: {prompt}" for prompt in prompts]
        assert relay.opened >= 1 + len({pid for pid, _ in results})
        assert [request.headers.get("X-Team") for request in server.requests_to("POST", "/api/generate")] == [
            "forked"
        ] * 5
    finally:
        INHERITED.close()
        INHERITED = None
        session.close()


def test_spawn_workers_get_a_pickled_client_and_errors_come_back(server: OllamaTestServer) -> None:
    client = Client(server.url, timeout=10)
    assert client.version().version == server.version  # used: it has a live pooled connection
    prompts = [f"spawned {index}" for index in range(4)]

    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(call_given, [(client, prompt) for prompt in prompts])
        # An error raised in a worker is pickled back with its attributes.
        with pytest.raises(NotFoundError) as caught:
            pool.apply(fail_in_worker, ((client, "no-such-model"),))

    assert [answer for _, answer in results] == [f"You said: {prompt}" for prompt in prompts]
    assert os.getpid() not in {pid for pid, _ in results}
    assert caught.value.status_code == 404
    assert "no-such-model" in caught.value.error
    assert client.version().version == server.version
    client.close()
