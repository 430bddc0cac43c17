"""Fields servers send that used to land only in ``.extra`` (issue 10): show's thinking levels and
messages, ``_debug_info``, and the image-generation fields of servers v0.14.3 to v0.32.5.
"""

from __future__ import annotations

import json

from pytest_httpserver import HTTPServer

from ollama_python import Client, GenerateAPI, Message
from ollama_python.testing import OllamaTestServer
from ollama_python.types import DebugInfo, ThinkingLevels

NDJSON = "application/x-ndjson"


def test_debug_render_only_on_generate_and_chat(server: OllamaTestServer) -> None:
    gen = GenerateAPI(server.url, model="llama3.2")
    generated = gen.generate("Why?", system="Be brief.", debug_render_only=True)
    chatted = gen.chat([{"role": "user", "content": "Hi"}], debug_render_only=True)

    assert generated.debug_info == DebugInfo(rendered_template="<|system|>Be brief.\n<|user|>Why?\n", image_count=0)
    assert chatted.debug_info is not None and chatted.debug_info.rendered_template == "<|user|>Hi\n"
    assert "_debug_info" not in generated.extra
    assert generated["_debug_info"] is generated.debug_info
    assert generated.to_wire()["_debug_info"] == {
        "rendered_template": "<|system|>Be brief.\n<|user|>Why?\n",
        "image_count": 0,
    }
    assert [r.json["_debug_render_only"] for r in server.requests] == [True, True]


def test_show_thinking_levels_and_messages(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/show", method="POST").respond_with_json(
        {
            "model_info": {},
            "capabilities": ["completion", "thinking"],
            "thinking": {"values": ["low", "medium", "high"], "default": "medium"},
            "messages": [{"role": "user", "content": "Who are you?"}, {"role": "assistant", "content": "Mario"}],
        }
    )
    with Client(httpserver.url_for("/")) as client:
        shown = client.show("gpt-oss")

    assert shown.thinking == ThinkingLevels(values=["low", "medium", "high"], default="medium")
    assert shown.messages == [Message(role="user", content="Who are you?"), Message(role="assistant", content="Mario")]
    assert shown.extra == {}
    request, _ = httpserver.log[-1]
    assert json.loads(request.get_data()) == {"model": "gpt-oss"}


def test_show_without_thinking_reads_none(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/show", method="POST").respond_with_json({"model_info": {}})
    with Client(httpserver.url_for("/")) as client:
        shown = client.show("m")
    assert shown.thinking is None and shown.messages is None


def test_image_generation_streamed_and_not(httpserver: HTTPServer) -> None:
    # Hand-written: the experimental image-generation shape (progress counters, an image at the end).
    progress = [{"model": "z-image", "response": "", "done": False, "completed": i, "total": 3} for i in (1, 2, 3)]
    final = {"model": "z-image", "response": "", "done": True, "image": "iVBORw0KGgo="}
    httpserver.expect_ordered_request("/api/generate", method="POST").respond_with_data(
        "".join(json.dumps(line) + "\n" for line in [*progress, final]), content_type=NDJSON
    )
    httpserver.expect_ordered_request("/api/generate", method="POST").respond_with_json(final)

    with Client(httpserver.url_for("/")) as client:
        stream = client.generate("z-image", "a red fox", stream=True)
        chunks = list(stream)
        whole = client.generate("z-image", "a red fox")

    assert [(chunk.completed, chunk.total) for chunk in chunks[:3]] == [(1, 3), (2, 3), (3, 3)]
    assert chunks[-1].image == "iVBORw0KGgo="
    assert stream.response is not None and stream.response.image == "iVBORw0KGgo="
    assert whole.image == "iVBORw0KGgo=" and whole.completed is None
    assert all(chunk.extra == {} for chunk in chunks)
