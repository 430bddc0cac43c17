"""``status``, ``whoami``, ``signout``, ``recommendations``, ``web-search`` and ``web-fetch`` on the command line.

Real subprocesses against the loopback server, which plays a signed-in (``server.account``) or
signed-out machine; pytest-httpserver plays servers that answer minimally.
"""

from __future__ import annotations

from pytest_httpserver import HTTPServer
from test_cli import cli_env, json_lines, ok, one_error_line, run

from ollama_python.testing import HangReply, JSONReply, OllamaTestServer

USER = {"id": "8a9c-uuid", "email": "me@example.com", "name": "me", "plan": "pro"}


def wire(server: OllamaTestServer) -> list[tuple[str, str, bytes]]:
    return [(request.method, request.path, request.body) for request in server.requests]


def without_api_key() -> dict[str, str]:
    env = cli_env()
    env.pop("OLLAMA_API_KEY", None)
    return env


# -- status ------------------------------------------------------------------------------------


def test_status_enabled_then_disabled(server: OllamaTestServer) -> None:
    assert ok("--host", server.url, "status").stdout == "cloud: enabled\n"
    server.cloud_disabled_by = "both"
    assert ok("--host", server.url, "status").stdout == "cloud: disabled (by both)\n"
    assert json_lines(ok("--host", server.url, "status", "--json").stdout) == [
        {"cloud": {"disabled": True, "source": "both"}}
    ]
    assert wire(server) == [("GET", "/api/status", b"")] * 3


def test_status_from_a_server_that_says_nothing_about_the_cloud(server: OllamaTestServer) -> None:
    server.enqueue("GET", "/api/status", JSONReply({}), times=2)
    assert ok("--host", server.url, "status").stdout == "cloud: unknown (the server did not say)\n"
    assert ok("--host", server.url, "status", "--json").stdout == "{}\n"  # nothing invented


def test_status_from_an_older_server_without_the_route(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/status", method="GET").respond_with_data("404 page not found", status=404)
    result = run("--host", httpserver.url_for("/"), "status")
    assert result.returncode == 1
    line = one_error_line(result)
    assert "/api/status" in line and "404" in line


# -- whoami, signout ---------------------------------------------------------------------------


def test_whoami_signed_out_prints_the_signin_link(server: OllamaTestServer) -> None:
    result = run("--host", server.url, "whoami")
    assert result.returncode == 1 and result.stdout == ""
    line = one_error_line(result)
    assert "https://ollama.com/connect?" in line and "in a browser" in line
    assert "(status code: 401)" in line
    assert wire(server) == [("POST", "/api/me", b"")]


def test_whoami_signed_in(server: OllamaTestServer) -> None:
    server.account = USER
    assert ok("--host", server.url, "whoami").stdout.splitlines() == [
        "name     me",
        "email    me@example.com",
        "plan     pro",
    ]
    assert json_lines(ok("--host", server.url, "--json", "whoami").stdout) == [USER]
    assert wire(server) == [("POST", "/api/me", b"")] * 2


def test_whoami_prints_only_what_the_server_sent(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/me", method="POST").respond_with_json({"name": "ana"})
    assert ok("--host", httpserver.url_for("/"), "whoami").stdout == "name    ana\n"
    assert ok("--host", httpserver.url_for("/"), "whoami", "--json").stdout == '{"name":"ana"}\n'


def test_signout_then_signed_out(server: OllamaTestServer) -> None:
    server.account = USER
    assert ok("--host", server.url, "signout").stdout == "signed out of ollama.com\n"
    assert server.account is None
    again = run("--host", server.url, "signout", "--json")
    assert again.returncode == 1 and again.stdout == ""
    assert one_error_line(again) == "error: you are not currently signed in (status code: 401)"
    assert wire(server) == [("POST", "/api/signout", b"")] * 2


def test_signout_json_prints_nothing_the_server_did_not_send(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/signout", method="POST").respond_with_data("", status=204)
    result = ok("--host", httpserver.url_for("/"), "--json", "signout")
    assert (result.stdout, result.stderr) == ("", "")


# -- recommendations ---------------------------------------------------------------------------


def test_recommendations_table_and_json(server: OllamaTestServer) -> None:
    lines = ok("--host", server.url, "recommendations").stdout.splitlines()
    assert lines[0].split() == ["MODEL", "DESCRIPTION", "CONTEXT"]  # columns nobody sent are left out
    assert lines[1].split() == ["qwen3", "Reasoning", "and", "tool", "use", "40960"]
    assert lines[2].startswith("llama3.2    Small general-purpose model") and lines[2].endswith("131072")
    data = json_lines(ok("--host", server.url, "recommendations", "--json").stdout)
    assert data[0]["recommendations"][0] == {
        "model": "qwen3",
        "description": "Reasoning and tool use",
        "context_length": 40960,
    }
    assert wire(server) == [("GET", "/api/experimental/model-recommendations", b"")] * 2


def test_recommendations_with_every_column(server: OllamaTestServer) -> None:
    reply = {
        "recommendations": [
            {"model": "glm-5.1:cloud", "description": "Agentic coding", "context_length": 202752,
             "max_output_tokens": 131072, "required_plan": "pro", "new_field": 1},
            {"model": "gemma3", "vram_bytes": 3_300_000_000},
        ]
    }  # fmt: skip
    server.enqueue("GET", "/api/experimental/model-recommendations", JSONReply(reply))
    lines = ok("--host", server.url, "recommendations").stdout.splitlines()
    assert lines[0].split() == ["MODEL", "DESCRIPTION", "CONTEXT", "MAX", "OUTPUT", "VRAM", "PLAN"]
    assert lines[1].split() == ["glm-5.1:cloud", "Agentic", "coding", "202752", "131072", "pro"]
    assert lines[2].split() == ["gemma3", "3.3", "GB"]


# -- web-search, web-fetch -----------------------------------------------------------------------


def test_web_search_via_the_server(server: OllamaTestServer) -> None:
    server.account = USER
    env = {**cli_env(), "OLLAMA_API_KEY": "secret-key"}
    text = ok(
        "--host", server.url, "web-search", "what is", "ollama?", "--via", "server", "--max-results", "2", env=env
    )
    hits = text.stdout.split("\n\n")
    assert len(hits) == 2
    assert hits[0].splitlines() == [
        "1. what is ollama? - result 1",
        "   https://example.com/what-is-ollama/1?q=what%20is%20ollama%3F",
        "   Result 1 for 'what is ollama?': deterministic content from the fake Ollama web search.",
    ]
    data = json_lines(ok("--host", server.url, "--json", "web-search", "ollama", "--via", "server", env=env).stdout)
    assert len(data) == 1 and len(data[0]["results"]) == 3
    first, second = server.requests
    assert (first.method, first.path, first.json) == (
        "POST",
        "/api/experimental/web_search",
        {"query": "what is ollama?", "max_results": 2},
    )
    assert second.json == {"query": "ollama", "max_results": 3}
    assert "Authorization" not in first.headers and "Authorization" not in second.headers  # the key stays home


def test_web_fetch_via_the_server(server: OllamaTestServer) -> None:
    server.account = USER
    lines = ok("--host", server.url, "web-fetch", "https://ollama.com", "--via", "server").stdout.splitlines()
    assert lines == [
        "Fake page for https://ollama.com",
        "",
        "This is the deterministic content of https://ollama.com served by the fake Ollama.",
        "",
        "Links:",
        "  https://ollama.com/about",
        "  https://ollama.com/contact",
    ]
    data = json_lines(ok("--host", server.url, "web-fetch", "https://ollama.com", "--via", "server", "--json").stdout)
    assert data[0]["links"] == ["https://ollama.com/about", "https://ollama.com/contact"]
    assert [(r.method, r.path, r.json) for r in server.requests] == [
        ("POST", "/api/experimental/web_fetch", {"url": "https://ollama.com"})
    ] * 2


def test_web_search_via_a_signed_out_server_prints_the_signin_link(server: OllamaTestServer) -> None:
    result = run("--host", server.url, "web-search", "ollama", "--via", "server")
    assert result.returncode == 1
    assert "https://ollama.com/connect?" in one_error_line(result)


def test_web_tools_via_a_server_with_cloud_disabled(server: OllamaTestServer) -> None:
    server.account = USER
    server.cloud_disabled_by = "config"
    result = run("--host", server.url, "web-fetch", "https://ollama.com", "--via", "server")
    assert result.returncode == 1
    assert "ollama cloud is disabled" in one_error_line(result)


def test_web_search_minimal_replies_from_another_server(httpserver: HTTPServer) -> None:
    reply = {"results": [{"url": "https://a.example"}, {"title": "B", "content": "line one\nline two"}, {}]}
    httpserver.expect_request("/api/experimental/web_search", method="POST").respond_with_json(reply)
    httpserver.expect_request("/api/experimental/web_fetch", method="POST").respond_with_json({"content": "text"})
    host = httpserver.url_for("/")
    hits = ok("--host", host, "web-search", "q", "--via", "server").stdout
    assert hits == "1. https://a.example\n\n2. B\n   line one\n   line two\n\n3.\n"
    assert ok("--host", host, "web-fetch", "https://a.example", "--via", "server").stdout == "text\n"
    fetched = ok("--host", host, "--json", "web-fetch", "https://a.example", "--via", "server").stdout
    assert fetched == '{"content":"text"}\n'


def test_web_tools_from_ollama_com_need_an_api_key(server: OllamaTestServer) -> None:
    for args in (("web-search", "ollama"), ("web-fetch", "https://ollama.com")):
        result = run("--host", server.url, *args, env=without_api_key())
        assert result.returncode == 2 and result.stdout == ""
        line = one_error_line(result)
        assert f"{args[0]} calls ollama.com and needs an API key" in line
        assert "set OLLAMA_API_KEY, or pass --via server" in line
        assert "headers=" not in line and "via='server'" not in line  # the CLI's words, not Python's
    assert server.requests == []


def test_web_options_are_checked_before_sending(server: OllamaTestServer) -> None:
    bad_via = run("--host", server.url, "web-search", "ollama", "--via", "cloud")
    bad_count = run("--host", server.url, "web-search", "ollama", "--max-results", "many")
    assert bad_via.returncode == bad_count.returncode == 2
    assert "--via" in bad_via.stderr and "--max-results" in bad_count.stderr
    assert server.requests == []


# -- quick timeouts --------------------------------------------------------------------------------


def test_a_stalled_server_fails_whoami_at_the_timeout(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/me", HangReply())
    result = run("--host", server.url, "--timeout", "0.5", "whoami")
    assert result.returncode == 3
    assert "--timeout SECONDS" in one_error_line(result)


def test_help_lists_the_new_commands() -> None:
    text = ok("--help").stdout
    for name in ("status", "whoami", "signout", "recommendations", "web-search", "web-fetch"):
        assert name in text
    assert "OLLAMA_API_KEY" in ok("web-fetch", "--help").stdout
