"""Bad arguments are stopped at the door with a RequestError naming the argument; nothing is sent."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from ollama_python import AsyncClient, Client, RequestError
from ollama_python.testing import OllamaTestServer


def deep(levels: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(levels):
        node["a"] = {}
        node = node["a"]
    return root


@pytest.mark.parametrize("host", [11434, b"http://localhost", Path("/tmp"), ["localhost"]], ids=repr)
@pytest.mark.parametrize("kind", [Client, AsyncClient])
def test_a_host_that_is_not_a_string_is_refused(host: Any, kind: type[Any]) -> None:
    with pytest.raises(RequestError, match="host must be a string") as caught:
        kind(host)
    assert caught.value.argument == "host"


@pytest.mark.parametrize("kind", [Client, AsyncClient])
def test_a_verify_path_that_does_not_exist_is_named(kind: type[Any], tmp_path: Path) -> None:
    missing = tmp_path / "no-such-ca.pem"
    with pytest.raises(RequestError, match=r"no-such-ca\.pem") as caught:
        kind("http://127.0.0.1:1", verify=str(missing))
    assert caught.value.argument == "verify"
    with pytest.raises(RequestError, match="verify must be"):
        kind("http://127.0.0.1:1", verify=1.5)


TOOL = {"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": {}}}}
BAD_CHATS: dict[str, dict[str, Any]] = {
    "single tool dict": {"tools": TOOL},
    "tools as a string": {"tools": "f"},
    "tool_calls as a string": {"messages": [{"role": "assistant", "content": "", "tool_calls": "f"}]},
    "tool_calls as a dict": {"messages": [{"role": "assistant", "content": "", "tool_calls": {"function": {}}}]},
    "function as a string": {"messages": [{"role": "assistant", "content": "", "tool_calls": [{"function": "f"}]}]},
    "arguments as a list": {
        "messages": [
            {"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "f", "arguments": [1]}}]}
        ]
    },
    "options nested too deeply": {"options": {"stop": ["x"], "n": deep(100_000)}},
    "format nested too deeply": {"format": deep(100_000)},
}


@pytest.mark.timeout(30)
@pytest.mark.parametrize("case", sorted(BAD_CHATS))
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_malformed_chat_arguments_are_refused_before_sending(server: OllamaTestServer, case: str, mode: str) -> None:
    arguments = {"messages": [{"role": "user", "content": "hi"}], **BAD_CHATS[case]}
    with pytest.raises(RequestError) as caught:
        if mode == "sync":
            with Client(server.url, timeout=5) as client:
                client.chat("llama3.2", **arguments)
        else:

            async def main() -> None:
                async with AsyncClient(server.url, timeout=5) as client:
                    await client.chat("llama3.2", **arguments)

            asyncio.run(main())
    assert server.requests == []
    if case == "single tool dict":
        assert "tools=[tool]" in str(caught.value)
