"""parse_host / resolve_base_url: OLLAMA_HOST rules of the Go server and the official Python client."""

from __future__ import annotations

import base64
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollama_python import GenerateAPI, OllamaError, RequestError
from ollama_python._host import ServerAddress, parse_host, resolve_base_url
from ollama_python.testing import OllamaTestServer

VALID_ROOT = re.compile(r"^https?://[^/]+:\d+(/.*)?$")


# -- the Go test table (envconfig.Host) where the Python rules agree -------------------------------
@pytest.mark.parametrize(
    ("value", "root"),
    [
        ("", "http://127.0.0.1:11434"),
        ("1.2.3.4", "http://1.2.3.4:11434"),
        ("example.com:1234", "http://example.com:1234"),
        ("::1", "http://[::1]:11434"),
        ("http://1.2.3.4", "http://1.2.3.4:80"),
        ("https://1.2.3.4", "https://1.2.3.4:443"),
        ("https://example.com/ollama", "https://example.com:443/ollama"),
        ("ollama.com", "https://ollama.com:443"),
        ('"1.2.3.4"', "http://1.2.3.4:11434"),
    ],
)
def test_go_table_rows(value: str, root: str) -> None:
    assert parse_host(value) == ServerAddress(root)


@pytest.mark.parametrize(
    ("value", "root"),
    [
        # Go keeps an empty host ("http://:1234"); the Python client connects to 127.0.0.1.
        (":1234", "http://127.0.0.1:1234"),
        # Go: "http://:11434" (port out of range -> default port, host empty).
        (":66000", "http://127.0.0.1:11434"),
    ],
)
def test_go_rows_with_empty_host_connect_to_loopback(value: str, root: str) -> None:
    assert parse_host(value).root == root


# -- the Python client's rules ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "root"),
    [
        (None, "http://127.0.0.1:11434"),
        ("", "http://127.0.0.1:11434"),
        (":56789", "http://127.0.0.1:56789"),
        ("http://:8080", "http://127.0.0.1:8080"),
        ("https://:8443", "https://127.0.0.1:8443"),
        ("example.com", "http://example.com:11434"),
        ("example.com:56789", "http://example.com:56789"),
        ("http://example.com", "http://example.com:80"),
        ("https://example.com", "https://example.com:443"),
        ("http://example.com:56789", "http://example.com:56789"),
        ("https://example.com:56789", "https://example.com:56789"),
        ("HTTPS://example.com", "https://example.com:443"),
        ("localhost", "http://localhost:11434"),
    ],
)
def test_scheme_and_default_ports(value: str | None, root: str) -> None:
    assert parse_host(value).root == root


@pytest.mark.parametrize(
    ("value", "root"),
    [
        ("::1", "http://[::1]:11434"),
        ("[::1]", "http://[::1]:11434"),
        ("[::1]:56789", "http://[::1]:56789"),
        ("http://[::1]:56789", "http://[::1]:56789"),
        ("https://[::1]", "https://[::1]:443"),
        ("2001:db8::1", "http://[2001:db8::1]:11434"),
        ("[2001:db8::1]:8080/path/", "http://[2001:db8::1]:8080/path"),
        ("[0001:002:003:0004::1]", "http://[0001:002:003:0004::1]:11434"),
        ("fe80::1%eth0", "http://[fe80::1%25eth0]:11434"),
    ],
)
def test_ipv6_literals_with_and_without_brackets(value: str, root: str) -> None:
    assert parse_host(value).root == root


def test_ipv6_zone_already_percent_encoded_is_not_encoded_twice() -> None:
    # RFC 6874 writes the zone as "%25eth0" inside brackets; it must stay "%25eth0".
    assert parse_host("[fe80::1%25eth0]:1").root == "http://[fe80::1%25eth0]:1"


@pytest.mark.parametrize(
    ("value", "root"),
    [
        ("example.com:56789/path", "http://example.com:56789/path"),
        ("example.com:56789/path/", "http://example.com:56789/path"),
        ("https://example.com/ollama/", "https://example.com:443/ollama"),
        ("https://example.com//a/b//", "https://example.com:443/a/b"),
        ("http://example.com:8080/", "http://example.com:8080"),
        ("http://example.com:8080///", "http://example.com:8080"),
        ("http://example.com/proxy/ollama?x=1#frag", "http://example.com:80/proxy/ollama"),
    ],
)
def test_path_prefix_kept_with_slashes_stripped(value: str, root: str) -> None:
    assert parse_host(value).root == root


@pytest.mark.parametrize(
    "value",
    [
        "  example.com:1234  ",
        '"example.com:1234"',
        "'example.com:1234'",
        ' "example.com:1234" ',
        "\t'example.com:1234'\n",
        "\"' example.com:1234 '\"",
    ],
)
def test_quotes_and_whitespace_stripped(value: str) -> None:
    assert parse_host(value).root == "http://example.com:1234"


@pytest.mark.parametrize(
    ("value", "root"),
    [
        ("example.com:abc", "http://example.com:11434"),
        ("example.com:", "http://example.com:11434"),
        ("example.com:65536", "http://example.com:11434"),
        ("example.com:-1", "http://example.com:11434"),
        ("example.com:+80", "http://example.com:11434"),
        ("http://example.com:99999", "http://example.com:80"),
        ("https://example.com:1e3", "https://example.com:443"),
        ("example.com:65535", "http://example.com:65535"),
        ("example.com:0", "http://example.com:0"),
        ("[::1]:70000", "http://[::1]:11434"),
        # non-ASCII digits are not a port (Go's strconv.Atoi refuses them too)
        ("example.com:\u0661\u0662", "http://example.com:11434"),
        ("example.com:\u00b2", "http://example.com:11434"),
        ("example.com:\u2460", "http://example.com:11434"),
    ],
)
def test_invalid_or_out_of_range_port_falls_back_to_default(value: str, root: str) -> None:
    assert parse_host(value).root == root


@pytest.mark.parametrize(
    ("value", "root"),
    [
        ("ollama.com", "https://ollama.com:443"),
        ("  'ollama.com'  ", "https://ollama.com:443"),
        ("OLLAMA.COM", "https://ollama.com:443"),
        ("https://ollama.com", "https://ollama.com:443"),
        # only the bare value is special
        ("ollama.com:11434", "http://ollama.com:11434"),
        ("http://ollama.com", "http://ollama.com:80"),
    ],
)
def test_ollama_com_special_case(value: str, root: str) -> None:
    assert parse_host(value).root == root


@pytest.mark.parametrize(
    ("value", "root"),
    [
        ("0.0.0.0", "http://127.0.0.1:11434"),
        ("0.0.0.0:8080", "http://127.0.0.1:8080"),
        ("http://0.0.0.0", "http://127.0.0.1:80"),
        ("::", "http://[::1]:11434"),
        ("[::]:8080", "http://[::1]:8080"),
        ("https://[::]", "https://[::1]:443"),
    ],
)
def test_listen_all_addresses_rewritten_to_loopback(value: str, root: str) -> None:
    assert parse_host(value).root == root


# -- credentials ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "address"),
    [
        ("http://user:secret@example.com", ServerAddress("http://example.com:80", "user", "secret")),
        ("https://user:secret@example.com:8443/x/", ServerAddress("https://example.com:8443/x", "user", "secret")),
        ("http://u%40corp:p%3Ass%2Fw@example.com", ServerAddress("http://example.com:80", "u@corp", "p:ss/w")),
        ("http://user:p@ss@example.com", ServerAddress("http://example.com:80", "user", "p@ss")),
        ("http://user@example.com", ServerAddress("http://example.com:80", "user", None)),
        ("user:secret@example.com:1234", ServerAddress("http://example.com:1234", "user", "secret")),
    ],
)
def test_credentials_are_split_out_and_percent_decoded(value: str, address: ServerAddress) -> None:
    parsed = parse_host(value)
    assert parsed == address
    assert "@" not in parsed.root


def test_basic_auth_value_from_url_credentials() -> None:
    address = parse_host("http://u%40corp:p%3Ass@example.com")
    assert address.basic_auth == "Basic " + base64.b64encode(b"u@corp:p:ss").decode()
    assert parse_host("http://example.com").basic_auth is None


def test_url_credentials_sent_as_basic_auth(server: OllamaTestServer) -> None:
    base = server.url.replace("http://", "http://al%20ice:p%40ss@")

    GenerateAPI(base, model="llama3.2").generate("hi")

    request = server.last_request
    assert request is not None
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"al ice:p@ss").decode()
    assert request.path == "/api/generate"


# -- resolve_base_url --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "root"),
    [
        ("http://localhost:11434/api", "http://localhost:11434"),
        ("http://localhost:11434/api/", "http://localhost:11434"),
        ("http://localhost:11434", "http://localhost:11434"),
        ("https://example.com/ollama/api", "https://example.com:443/ollama"),
        ("https://example.com/ollama", "https://example.com:443/ollama"),
        ("https://example.com/apis", "https://example.com:443/apis"),
        ("localhost/api", "http://localhost:11434"),
    ],
)
def test_resolve_base_url_removes_trailing_api(value: str, root: str) -> None:
    assert resolve_base_url(value).root == root


def test_resolve_base_url_keeps_credentials_when_removing_api() -> None:
    assert resolve_base_url("http://u:p@h:1/api") == ServerAddress("http://h:1", "u", "p")


def test_resolve_base_url_reads_ollama_host_when_base_url_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", " 'example.com:4321/api' ")
    assert resolve_base_url(None).root == "http://example.com:4321"


def test_resolve_base_url_prefers_explicit_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", "example.com:4321")
    assert resolve_base_url("http://other:1").root == "http://other:1"


def test_resolve_base_url_default_without_environment() -> None:
    assert resolve_base_url(None).root == "http://127.0.0.1:11434"


def test_client_uses_ollama_host_from_environment(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{server.port}")

    gen = GenerateAPI(model="llama3.2")
    result = gen.generate("hello")

    assert gen.base_url == f"http://127.0.0.1:{server.port}/api"
    assert [(r.method, r.path) for r in server.requests] == [("POST", "/api/generate")]
    assert result.done is True


# -- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("ftp://example.com", "ftp"),
        ("unix:///var/run/ollama.sock", "unix"),
        ("ws://example.com:80", "ws"),
        ("example com", "example com"),
        ("http://exa mple.com:80", "exa mple.com"),
        ("[zz::zz]:80", "zz::zz"),
        ("1::2::3", "1::2::3"),
    ],
)
def test_bad_input_raises_request_error_naming_host(value: str, fragment: str) -> None:
    with pytest.raises(RequestError) as caught:
        parse_host(value)
    error = caught.value
    assert error.argument == "host"
    assert fragment in str(error)
    assert isinstance(error, ValueError) and isinstance(error, OllamaError)


@pytest.mark.parametrize(
    "value",
    [
        "ftp://user:hunter2@example.com",
        "http://user:hunter2@exa mple.com",
        "https://user:hunter2@[zz::zz::zz]:1",
        "user:hunter2@exa mple.com",
    ],
)
def test_password_is_masked_in_error_messages(value: str) -> None:
    with pytest.raises(RequestError) as caught:
        parse_host(value)
    assert caught.value.argument == "host"
    message = str(caught.value)
    assert "hunter2" not in message
    assert "user" in message


def test_client_constructor_refuses_bad_host(server: OllamaTestServer) -> None:
    with pytest.raises(RequestError) as caught:
        GenerateAPI("ftp://127.0.0.1:1", model="llama3.2")
    assert caught.value.argument == "host"
    assert server.requests == []


# -- properties ----------------------------------------------------------------------------------
def _check_total(value: str) -> None:
    try:
        address = parse_host(value)
    except RequestError as error:
        assert error.argument == "host"
        return
    assert VALID_ROOT.fullmatch(address.root), (value, address.root)


@pytest.mark.parametrize("value", ["example.com/a\nb", "http://example.com/x\r\nHost: evil", "h:1/\x00"])
def test_control_characters_in_path_never_reach_the_root(value: str) -> None:
    # Either refused, or percent-encoded the way Go's url.URL.String() writes the path.
    _check_total(value)
    try:
        root = parse_host(value).root
    except RequestError:
        return
    assert not re.search(r"[\x00-\x1f]", root), root


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_host_is_total_on_any_text(value: str) -> None:
    _check_total(value)


_PIECES = st.tuples(
    st.sampled_from(["", "http://", "https://", "HTTP://", "ftp://", "'", '"', " "]),
    st.sampled_from(["", "user:pw@", "u%41:p%zz@"]),
    st.sampled_from(["", "example.com", "1.2.3.4", "::1", "[::1]", "0.0.0.0", "::", "ollama.com"])
    | st.text(max_size=8),
    st.sampled_from(["", ":", ":80", ":65536"]) | st.text(max_size=6).map(lambda port: ":" + port),
    st.sampled_from(["", "/", "/api", "/x/y/", "?q=1"]) | st.text(max_size=6).map(lambda path: "/" + path),
)


@settings(max_examples=300, deadline=None)
@given(_PIECES)
def test_parse_host_is_total_on_host_shaped_text(pieces: tuple[str, str, str, str, str]) -> None:
    _check_total("".join(pieces))
