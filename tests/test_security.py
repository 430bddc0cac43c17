"""Secrets stay secret, credentials stay with their server, and TLS is verified.

* The API key (``OLLAMA_API_KEY``) and a password in the host URL never appear in ``repr`` or
  ``str`` of a client, in any exception (message, attributes, chained causes, formatted
  traceback) of more than a dozen failure kinds, nor in the DEBUG logs of urllib3, requests,
  httpx, httpcore or the root logger; nor in a pickled client. Sync and async.
  (tests/test_headers_and_auth.py checks the URL password in sync exceptions and ``repr``.)
* A redirect to another origin drops ``Authorization`` in the async client too, whatever its
  source (tests/test_retries_and_timeouts.py checks the sync client).
* TLS: a test server with a certificate from a private CA; the default client refuses it with our
  ``ConnectionError`` naming the certificate problem, and verification is only ever turned off by
  ``verify=False``. A CA bundle works given as ``verify=``, through ``REQUESTS_CA_BUNDLE`` (sync)
  and ``SSL_CERT_FILE`` (async, httpx's variable).
* Modelfiles: relative paths are resolved against the Modelfile, not the working directory, and
  a missing ADAPTER file is reported before anything is sent (tests/test_model_management.py
  covers a missing FROM file and the digest check of uploads).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import pickle
import ssl
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ollama_python import (
    AsyncClient,
    AsyncEmbeddingAPI,
    AsyncGenerateAPI,
    AsyncModelManagementAPI,
    Client,
    ConnectionError,
    EmbeddingAPI,
    GenerateAPI,
    ModelManagementAPI,
    OllamaError,
    RequestError,
)
from ollama_python.testing import (
    HangReply,
    JSONReply,
    NDJSONReply,
    OllamaTestServer,
    RawReply,
    Reply,
    TrickleReply,
    free_port,
)

API_KEY = "sk-test-5f3e9d1c-DO-NOT-LEAK-7a2b"
PASSWORD = "hunter2-DO-NOT-LEAK"
LOGGERS = ["", "urllib3", "requests", "httpx", "httpcore"]


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


# -- TLS fixtures ------------------------------------------------------------------------------------------


@dataclass
class Certificates:
    ca_file: str
    server_context: ssl.SSLContext


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    trustme = pytest.importorskip("trustme", reason="TLS tests need trustme (in the dev extra)")
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    ca_file = tmp_path_factory.mktemp("tls") / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return Certificates(str(ca_file), context)


@pytest.fixture
def tls_server(certificates: Certificates) -> Iterator[OllamaTestServer]:
    with OllamaTestServer(ssl_context=certificates.server_context) as server:
        yield server


# -- the failures whose exceptions are searched for secrets ---------------------------------------------


@dataclass(frozen=True)
class Failure:
    """One way a call fails: what the server answers on which route, and the call that meets it."""

    name: str
    call: str  # "generate", "stream" or "list"
    reply: Reply | None = None
    target: str = "server"  # or "refused" or "tls"


FAILURES = [
    Failure("refused", "generate", target="refused"),
    Failure("TLS certificate", "generate", target="tls"),
    Failure("read timeout", "generate", HangReply()),
    Failure("trickling stream", "stream", TrickleReply(interval=0.02)),
    Failure("401", "generate", JSONReply({"error": "unauthorized"}, status=401)),
    Failure("403 empty", "generate", RawReply(b"", status=403, content_type=None)),
    Failure("404", "generate", JSONReply({"error": "model 'llama3.2' not found"}, status=404)),
    Failure("500 HTML", "generate", RawReply("<html><title>Oops</title></html>", status=500, content_type="text/html")),
    Failure("503 busy", "generate", JSONReply({"error": "server busy"}, status=503)),
    Failure("invalid JSON", "generate", RawReply("not json", content_type="application/json")),
    # Minimal stream lines on purpose (no model, no timestamp): only the failure matters here.
    Failure("stream error line", "stream", NDJSONReply([{"response": "a", "done": False}, {"error": "boom"}])),
    Failure("stream cut", "stream", NDJSONReply([{"response": "a", "done": False}] * 3, drop_after=1)),
    Failure("redirect loop", "list", RawReply(b"", status=307, headers={"Location": "/api/tags"})),
    Failure("POST redirected elsewhere", "generate", RawReply(b"", status=302, headers={"Location": "/v2/generate"})),
]
ROUTES = {"generate": ("POST", "/api/generate"), "stream": ("POST", "/api/generate"), "list": ("GET", "/api/tags")}


def base_url(failure: Failure, server: OllamaTestServer, tls_server: OllamaTestServer, credentials: str) -> str:
    if failure.target == "refused":
        root = f"http://127.0.0.1:{free_port()}"
    else:
        root = tls_server.url if failure.target == "tls" else server.url
    scheme, rest = root.split("://")
    return f"{scheme}://{credentials}{rest}"


def fail_sync(url: str, failure: Failure) -> OllamaError:
    with Client(url, timeout=0.5, max_retries=0) as client:
        try:
            if failure.call == "stream":
                list(client.generate("llama3.2", "hi", stream=True))
            elif failure.call == "list":
                client.list()
            else:
                client.generate("llama3.2", "hi")
        except OllamaError as error:
            return error
    raise AssertionError(f"{failure.name}: no exception")


def fail_async(url: str, failure: Failure) -> OllamaError:
    async def main() -> OllamaError:
        async with AsyncClient(url, timeout=0.5, max_retries=0) as client:
            try:
                if failure.call == "stream":
                    async for _ in await client.generate("llama3.2", "hi", stream=True):
                        pass
                elif failure.call == "list":
                    await client.list()
                else:
                    await client.generate("llama3.2", "hi")
            except OllamaError as error:
                return error
        raise AssertionError(f"{failure.name}: no exception")

    return asyncio.run(main())


def everything_said(error: BaseException) -> list[str]:
    """Every text an exception carries: its message, repr, args and attributes, the same for
    every exception chained to it, and the formatted traceback a log would show.
    """
    texts = ["".join(traceback.format_exception(error))]
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        texts += [str(current), repr(current), *map(repr, current.args), *map(repr, vars(current).values())]
        pending += [chained for chained in (current.__cause__, current.__context__) if chained is not None]
    return texts


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything logged at DEBUG by the HTTP libraries and the root logger."""
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("secret", ["api key", "password in the host URL"])
def test_secrets_never_appear_in_exceptions_or_logs(
    server: OllamaTestServer,
    tls_server: OllamaTestServer,
    debug_logs: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    secret: str,
    mode: str,
) -> None:
    if secret == "api key":
        monkeypatch.setenv("OLLAMA_API_KEY", API_KEY)
        hidden, credentials, expected = API_KEY, "", f"Bearer {API_KEY}"
    else:
        hidden, credentials, expected = PASSWORD, f"alice:{PASSWORD}@", basic("alice", PASSWORD)
    fail = fail_sync if mode == "sync" else fail_async

    errors: dict[str, OllamaError] = {}
    for failure in FAILURES:
        server.reset()
        if failure.reply is not None:
            server.enqueue(*ROUTES[failure.call], failure.reply, times=None)
        errors[failure.name] = fail(base_url(failure, server, tls_server, credentials), failure)
    # A successful call of each kind too, for the logs.
    server.reset()
    url = base_url(Failure("ok", "generate"), server, tls_server, credentials)
    if mode == "sync":
        with Client(url, timeout=5) as client:
            assert client.generate("llama3.2", "hi").response == "You said: hi"
            assert client.chat("llama3.2", [{"role": "user", "content": "x"}], stream=True).collect().done
    else:

        async def succeed() -> None:
            async with AsyncClient(url, timeout=5) as client:
                assert (await client.generate("llama3.2", "hi")).response == "You said: hi"
                assert (
                    await (await client.chat("llama3.2", [{"role": "user", "content": "x"}], stream=True)).collect()
                ).done

        asyncio.run(succeed())

    # The secret was in play: every request the server saw carried it.
    assert server.requests and all(r.headers["Authorization"] == expected for r in server.requests)
    for name, error in errors.items():
        for text in everything_said(error):
            assert hidden not in text, f"{name}: {type(error).__name__}: {text[:500]}"
    # The logs were captured (the test could see a leak) and hold no secret.
    assert debug_logs.records, "nothing was logged"
    assert any(r.name.startswith(("urllib3", "httpx", "httpcore")) for r in debug_logs.records)
    for record in debug_logs.records:
        assert hidden not in record.getMessage(), f"{record.name}: {record.getMessage()}"
    assert hidden not in debug_logs.text


def test_api_key_not_in_repr_or_str_of_any_client(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_API_KEY", API_KEY)
    sync_clients: list[Any] = [
        Client(server.url),
        GenerateAPI(server.url, model="llama3.2"),
        EmbeddingAPI(server.url, model="all-minilm"),
        ModelManagementAPI(server.url),
    ]
    sync_clients[0].generate("llama3.2", "hi")  # the key is read on first use: use them
    sync_clients[1].generate("hi")
    sync_clients[2].embed("hi")
    sync_clients[3].version()

    async def use_async() -> list[Any]:
        clients: list[Any] = [
            AsyncClient(server.url),
            AsyncGenerateAPI(server.url, model="llama3.2"),
            AsyncEmbeddingAPI(server.url, model="all-minilm"),
            AsyncModelManagementAPI(server.url),
        ]
        await clients[0].generate("llama3.2", "hi")
        await clients[1].generate("hi")
        await clients[2].embed("hi")
        await clients[3].version()
        for client in clients:
            await client.aclose()
        return clients

    async_clients = asyncio.run(use_async())

    assert all(r.headers["Authorization"] == f"Bearer {API_KEY}" for r in server.requests)
    assert len(server.requests) == 8
    for client in sync_clients + async_clients:
        for shown in (repr(client), str(client), repr(client._transport), str(client._transport)):
            assert API_KEY not in shown, shown
        assert client.base_url == server.url + "/api"
    for client in sync_clients:
        client.close()


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_api_key_from_the_environment_is_not_pickled_with_a_used_client(
    server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    """A pickled client travels to other processes (and into task graphs that get logged or
    stored); the key is read from each process's own environment, so it need not travel along.
    """
    monkeypatch.setenv("OLLAMA_API_KEY", API_KEY)
    if mode == "sync":
        with Client(server.url) as client:
            client.generate("llama3.2", "hi")
            data = pickle.dumps(client)
    else:

        async def use() -> bytes:
            async with AsyncClient(server.url) as client:
                await client.generate("llama3.2", "hi")
                return pickle.dumps(client)

        data = asyncio.run(use())

    assert server.requests[0].headers["Authorization"] == f"Bearer {API_KEY}"
    assert API_KEY.encode() not in data


# -- redirects ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["api key", "headers=", "password in the host URL"])
def test_async_cross_origin_redirect_drops_authorization(
    server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    url, headers = server.url, None
    if source == "api key":
        monkeypatch.setenv("OLLAMA_API_KEY", API_KEY)
    elif source == "headers=":
        headers = {"Authorization": f"Bearer {API_KEY}"}
    else:
        url = server.url.replace("://", f"://alice:{PASSWORD}@")

    with OllamaTestServer() as other:  # another port: another origin
        server.enqueue(
            "POST", "/api/generate", RawReply(b"", status=307, headers={"Location": other.url + "/api/generate"})
        )
        server.enqueue("GET", "/api/tags", RawReply(b"", status=302, headers={"Location": other.url + "/api/tags"}))

        async def main() -> tuple[str, int]:
            async with AsyncClient(url, timeout=5, headers=headers) as client:
                answer = (await client.generate("llama3.2", "hi")).response
                listed = len((await client.list()).models)
                return answer, listed

        answer, listed = asyncio.run(main())

        assert answer == "You said: hi"
        assert listed == len(other.models)
        assert all("Authorization" in r.headers for r in server.requests)
        assert [r.path for r in other.requests] == ["/api/generate", "/api/tags"]
        assert all("Authorization" not in r.headers for r in other.requests)


def test_sync_cross_origin_redirect_drops_url_credentials(server: OllamaTestServer) -> None:
    with OllamaTestServer() as other:
        server.enqueue(
            "POST", "/api/generate", RawReply(b"", status=308, headers={"Location": other.url + "/api/generate"})
        )
        with GenerateAPI(server.url.replace("://", f"://alice:{PASSWORD}@"), model="llama3.2", timeout=5) as gen:
            assert gen.generate("hi").response == "You said: hi"
        assert server.requests[0].headers["Authorization"] == basic("alice", PASSWORD)
        assert "Authorization" not in other.requests[0].headers


# -- TLS -------------------------------------------------------------------------------------------------


def version_sync(url: str, **options: Any) -> str:
    with ModelManagementAPI(url, timeout=5, **options) as models:
        return models.version().version


def version_async(url: str, **options: Any) -> str:
    async def main() -> str:
        async with AsyncModelManagementAPI(url, timeout=5, **options) as models:
            return (await models.version()).version

    return asyncio.run(main())


VERSION: dict[str, Callable[..., str]] = {"sync": version_sync, "async": version_async}


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    "environment",
    [{}, {"REQUESTS_CA_BUNDLE": "", "CURL_CA_BUNDLE": "", "SSL_CERT_FILE": ""}],
    ids=["default", "empty CA variables"],
)
def test_unknown_ca_is_refused_with_our_error(
    tls_server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch, mode: str, environment: dict[str, str]
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert tls_server.url.startswith("https://")

    with pytest.raises(ConnectionError) as caught:
        VERSION[mode](tls_server.url)

    assert type(caught.value) is ConnectionError
    message = str(caught.value)
    assert "TLS" in message and "certificate" in message.lower(), message
    assert tls_server.url in message
    assert tls_server.requests == []  # nothing was sent over an unverified connection


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_ca_bundle_given_as_verify_is_used(tls_server: OllamaTestServer, certificates: Certificates, mode: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # see the next test
        assert VERSION[mode](tls_server.url, verify=certificates.ca_file) == tls_server.version
    assert len(tls_server.requests) == 1


def test_async_ca_bundle_path_raises_no_deprecation_warning(
    tls_server: OllamaTestServer, certificates: Certificates
) -> None:
    """``verify="/path/ca.pem"`` is documented; httpx 0.28 deprecates passing it a path (it wants
    an ``ssl.SSLContext``), so the SDK must build the context itself.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert version_async(tls_server.url, verify=certificates.ca_file) == tls_server.version
    assert [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)] == []


@pytest.mark.parametrize(("mode", "variable"), [("sync", "REQUESTS_CA_BUNDLE"), ("async", "SSL_CERT_FILE")])
def test_ca_bundle_from_the_environment_is_used(
    tls_server: OllamaTestServer, certificates: Certificates, monkeypatch: pytest.MonkeyPatch, mode: str, variable: str
) -> None:
    monkeypatch.setenv(variable, certificates.ca_file)
    assert VERSION[mode](tls_server.url) == tls_server.version
    assert len(tls_server.requests) == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_verification_is_off_only_with_verify_false(tls_server: OllamaTestServer, mode: str) -> None:
    with pytest.raises(ConnectionError):
        VERSION[mode](tls_server.url, verify=None)  # None is "the default", which verifies
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert VERSION[mode](tls_server.url, verify=False) == tls_server.version
    if mode == "sync":  # urllib3 says so on every unverified request
        assert any("Unverified HTTPS request" in str(w.message) for w in caught)
    assert len(tls_server.requests) == 1


def test_password_in_an_https_url_is_masked_in_the_tls_error(tls_server: OllamaTestServer) -> None:
    url = tls_server.url.replace("://", f"://alice:{PASSWORD}@")
    for mode in ("sync", "async"):
        with pytest.raises(ConnectionError) as caught:
            VERSION[mode](url)
        for text in everything_said(caught.value):
            assert PASSWORD not in text


# -- Modelfile paths -----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_modelfile_paths_are_relative_to_the_modelfile_not_the_working_directory(
    server: OllamaTestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    model_dir, shared, elsewhere = tmp_path / "model", tmp_path / "shared", tmp_path / "elsewhere"
    for folder in (model_dir, shared, elsewhere):
        folder.mkdir()
    (model_dir / "weights.gguf").write_bytes(b"GGUF the model's own weights")
    (shared / "lora.gguf").write_bytes(b"GGUF a shared adapter")
    (elsewhere / "weights.gguf").write_bytes(b"GGUF a decoy in the working directory")
    (model_dir / "Modelfile").write_text("FROM ./weights.gguf\nADAPTER ../shared/lora.gguf\n")
    monkeypatch.chdir(elsewhere)
    path = "../model/Modelfile"  # itself relative to the working directory

    status: str | None
    if mode == "sync":
        with Client(server.url, timeout=5) as client:
            status = client.create("local", path=path).status
    else:

        async def main() -> str | None:
            async with AsyncClient(server.url, timeout=5) as client:
                return (await client.create("local", path=path)).status

        status = asyncio.run(main())

    assert status == "success"
    uploads = {r.path: r.body for r in server.requests if r.method == "POST" and r.path.startswith("/api/blobs/")}
    weights = "sha256:" + hashlib.sha256(b"GGUF the model's own weights").hexdigest()
    lora = "sha256:" + hashlib.sha256(b"GGUF a shared adapter").hexdigest()
    assert uploads == {
        f"/api/blobs/{weights}": b"GGUF the model's own weights",
        f"/api/blobs/{lora}": b"GGUF a shared adapter",
    }
    assert server.requests[-1].json["files"] == {"weights.gguf": weights}
    assert server.requests[-1].json["adapters"] == {"lora.gguf": lora}


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_missing_adapter_file_is_reported_before_anything_is_sent(
    server: OllamaTestServer, tmp_path: Path, mode: str
) -> None:
    (tmp_path / "weights.gguf").write_bytes(b"GGUF weights that exist")
    (tmp_path / "Modelfile").write_text("FROM ./weights.gguf\nPARAMETER temperature 0.2\nADAPTER ./missing-lora.gguf\n")

    with pytest.raises(RequestError) as caught:
        if mode == "sync":
            with Client(server.url, timeout=5) as client:
                client.create("local", path=tmp_path / "Modelfile")
        else:

            async def main() -> None:
                async with AsyncClient(server.url, timeout=5) as client:
                    await client.create("local", path=tmp_path / "Modelfile")

            asyncio.run(main())

    message = str(caught.value)
    assert "line 3" in message
    assert str(tmp_path / "missing-lora.gguf") in message
    assert server.requests == []  # not even the weights that do exist were uploaded


def test_async_clients_share_the_default_context_but_follow_the_ca_variables(
    tls_server: OllamaTestServer, certificates: Certificates, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New AsyncClients reuse one verifying SSL context (loading the CA bundle took ~25 ms per
    client), yet a changed SSL_CERT_FILE still applies to the next client."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with pytest.raises(ConnectionError):
        version_async(tls_server.url)
    monkeypatch.setenv("SSL_CERT_FILE", certificates.ca_file)
    assert version_async(tls_server.url) == tls_server.version
    assert version_async(tls_server.url) == tls_server.version
    monkeypatch.delenv("SSL_CERT_FILE")
    with pytest.raises(ConnectionError):
        version_async(tls_server.url)
    assert len(tls_server.requests) == 2  # only the verified clients sent anything
