"""Notebook support: model lists as HTML tables, and streamed text echoed as it arrives."""

from __future__ import annotations

import asyncio
import io
import sys
import time
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from typing import Any

import pytest

from ollama_python import (
    ChatResponse,
    EmbeddingAPI,
    EmbedResponse,
    GenerateAPI,
    GenerateResponse,
    ListResponse,
    ModelManagementAPI,
    ProcessResponse,
    ProgressResponse,
    ShowResponse,
)
from ollama_python._humanize import human_size, processor, relative_time, until
from ollama_python.testing import NDJSONReply, OllamaTestServer, chat_chunk, chat_final
from ollama_python.types._html import list_table, ps_table

NOW = datetime(2025, 6, 1, 12, 0, 0, tzinfo=timezone.utc)
EVIL = '<script>alert("x")</script></td><td>'
LIST_COLUMNS = ["Name", "Size", "Modified", "Family", "Parameters", "Quantization", "Capabilities"]
PS_COLUMNS = ["Name", "Size", "Processor", "Until", "Context", "Family", "Parameters", "Quantization"]


class Table(HTMLParser):
    """The header labels, caption and cell texts of the first table in a piece of HTML."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.caption = ""
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.titles: list[str] = []
        self._where: str | None = None
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td", "caption"):
            self._where = tag
            if tag == "td":
                self.rows[-1].append("")
            self.titles.extend(value or "" for name, value in attrs if name == "title")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td", "caption"):
            self._where = None

    def handle_data(self, data: str) -> None:
        if self._where == "caption":
            self.caption += data
        elif self._where == "th":
            self.headers.append(data)
        elif self._where == "td":
            self.rows[-1][-1] += data

    @property
    def body(self) -> list[list[str]]:
        return [row for row in self.rows if row]


def listed(name: str = "llama3.2:latest", **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "model": name,
        "modified_at": "2025-05-29T12:00:00Z",
        "size": 2_019_393_189,
        "digest": "a80c4f17acd5",
        "details": {"format": "gguf", "family": "llama", "parameter_size": "3.2B", "quantization_level": "Q4_K_M"},
        "capabilities": ["completion", "tools"],
        **fields,
    }


def running(name: str = "llama3.2:latest", **fields: Any) -> dict[str, Any]:
    return {
        "name": name,
        "model": name,
        "size": 3_000_000_000,
        "size_vram": 3_000_000_000,
        "digest": "a80c4f17acd5",
        "details": {"family": "llama", "parameter_size": "3.2B", "quantization_level": "Q4_K_M"},
        "expires_at": "2025-06-01T12:04:30Z",
        "context_length": 4096,
        **fields,
    }


# -- ListResponse ------------------------------------------------------------------------------
def test_list_table_has_one_row_per_model_with_readable_values() -> None:
    response = ListResponse.from_wire({"models": [listed(), listed("all-minilm:latest", size=45_960_996)]})

    table = Table(list_table(response.models, now=NOW))

    assert table.headers == LIST_COLUMNS
    assert table.caption == "2 models installed"
    assert table.body == [
        ["llama3.2:latest", "2.0 GB", "3 days ago", "llama", "3.2B", "Q4_K_M", "completion, tools"],
        ["all-minilm:latest", "46 MB", "3 days ago", "llama", "3.2B", "Q4_K_M", "completion, tools"],
    ]
    assert "2,019,393,189 bytes" in table.titles  # exact values in tooltips
    assert "2025-05-29 12:00:00+00:00" in table.titles


def test_repr_html_of_a_list_response() -> None:
    response = ListResponse.from_wire({"models": [listed()]})

    markup = response._repr_html_()

    assert markup.startswith("<table") and markup.endswith("</table>")
    assert Table(markup).body[0][0] == "llama3.2:latest"


def test_every_value_is_escaped() -> None:
    evil_details = {"family": EVIL, "parameter_size": EVIL, "quantization_level": EVIL}
    response = ListResponse.from_wire(
        {"models": [listed(EVIL, details=evil_details, capabilities=[EVIL], modified_at=EVIL)]}
    )

    markup = response._repr_html_()
    table = Table(markup)

    assert "<script" not in markup
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in markup
    assert table.tags.count("td") == len(LIST_COLUMNS)  # the name's </td><td> made no extra cell
    name, _, modified, family, parameters, quantization, capabilities = table.body[0]
    assert name == family == parameters == quantization == capabilities == modified == EVIL


def test_empty_list_says_so() -> None:
    table = Table(ListResponse()._repr_html_())

    assert table.headers == LIST_COLUMNS
    assert table.caption == "0 models installed"
    assert table.body == [["No models installed."]]  # one cell spanning every column
    assert 'colspan="7"' in ListResponse()._repr_html_()


def test_a_model_with_missing_fields_still_renders() -> None:
    response = ListResponse.from_wire({"models": [{"name": "bare:latest", "details": None, "modified_at": None}]})

    row = Table(response._repr_html_()).body[0]

    assert row == ["bare:latest", "", "", "", "", "", ""]  # no size sent: none shown (was "0 B")


def test_list_from_a_live_server(server: OllamaTestServer) -> None:
    with ModelManagementAPI(server.url) as models:
        table = Table(models.list()._repr_html_())

    assert sorted(row[0] for row in table.body) == ["all-minilm:latest", "llama3.2:latest", "qwen3:latest"]
    assert table.caption == "3 models installed"
    assert all(row[2].endswith(("ago", "just now")) for row in table.body)


# -- ProcessResponse ---------------------------------------------------------------------------
def test_ps_table_shows_processor_and_time_left() -> None:
    response = ProcessResponse.from_wire(
        {
            "models": [
                running(),
                running("qwen3:latest", size_vram=0, expires_at="2318-09-13T12:00:00Z"),
                running("gemma3:latest", size_vram=2_250_000_000, context_length=None),
            ]
        }
    )

    table = Table(ps_table(response.models, now=NOW))

    assert table.headers == PS_COLUMNS
    assert table.caption == "3 models loaded"
    assert table.body == [
        ["llama3.2:latest", "3.0 GB", "100% GPU", "4 minutes from now", "4096", "llama", "3.2B", "Q4_K_M"],
        ["qwen3:latest", "3.0 GB", "100% CPU", "Forever", "4096", "llama", "3.2B", "Q4_K_M"],
        ["gemma3:latest", "3.0 GB", "25%/75% CPU/GPU", "4 minutes from now", "", "llama", "3.2B", "Q4_K_M"],
    ]


def test_ps_escapes_and_handles_nothing_loaded() -> None:
    markup = ProcessResponse.from_wire({"models": [running(EVIL)]})._repr_html_()
    assert "<script" not in markup and Table(markup).body[0][0] == EVIL

    empty = ProcessResponse.from_wire({"models": []})._repr_html_()
    assert "No models loaded." in empty and Table(empty).caption == "0 models loaded"


def test_ps_from_a_live_server(server: OllamaTestServer) -> None:
    with GenerateAPI(server.url, model="llama3.2") as gen:
        gen.generate(keep_alive="5m")  # load it
    with ModelManagementAPI(server.url) as models:
        (row,) = Table(models.ps()._repr_html_()).body

    assert row[0] == "llama3.2:latest"
    assert row[3] in ("4 minutes from now", "5 minutes from now")


# -- the formatting helpers --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("size", "text"),
    [
        (None, ""),
        (0, "0 B"),
        (999, "999 B"),
        (1500, "1.5 KB"),
        (45_960_996, "46 MB"),
        (2_019_393_189, "2.0 GB"),
        (3_000_000_000, "3.0 GB"),
    ],
)
def test_human_size(size: int | None, text: str) -> None:
    assert human_size(size) == text


def test_relative_times() -> None:
    assert relative_time(None) == ""
    assert relative_time(NOW, now=NOW) == "just now"
    assert relative_time(NOW - timedelta(seconds=1), now=NOW) == "a second ago"
    assert relative_time(NOW - timedelta(hours=5, minutes=59), now=NOW) == "5 hours ago"
    assert relative_time(NOW - timedelta(days=400), now=NOW) == "a year ago"
    assert relative_time(NOW + timedelta(minutes=2), now=NOW) == "2 minutes from now"
    # a naive reference is read as UTC rather than failing
    assert relative_time(NOW - timedelta(days=14), now=NOW.replace(tzinfo=None)) == "2 weeks ago"
    assert until(NOW - timedelta(seconds=5), now=NOW) == "Stopping..."
    assert processor(0, 0) == "" and processor(10, 5) == "50%/50% CPU/GPU"


# -- streaming in a notebook: text is written and flushed as it arrives -----------------------
class TimedWrites(io.StringIO):
    """A text file that notes when each flush happened and how much text there was by then."""

    def __init__(self) -> None:
        super().__init__()
        self.flushes: list[tuple[float, str]] = []

    def flush(self) -> None:
        super().flush()
        self.flushes.append((time.monotonic(), self.getvalue()))


WORDS = ["Once", " upon", " a", " time", " there", " was", " a", " llama."]
INTERVAL = 0.1


def chat_lines() -> list[dict[str, Any]]:
    stamp = "2025-06-01T12:00:00Z"
    return [*(chat_chunk(word, created_at=stamp) for word in WORDS), chat_final(created_at=stamp)]


def assert_incremental(out: TimedWrites) -> None:
    texts = [text for _, text in out.flushes]
    expected = ["".join(WORDS[: index + 1]) for index in range(len(WORDS))]
    assert texts[: len(WORDS)] == expected  # one flush per piece, each showing the text so far
    assert texts[-1] == "".join(WORDS) + "\n"
    first, last = out.flushes[0][0], out.flushes[len(WORDS) - 1][0]
    # The server waits INTERVAL between lines: flushed as they came, the pieces are spread over
    # the whole stream; written at the end, they would all be flushed within a millisecond.
    assert last - first >= (len(WORDS) - 1) * INTERVAL * 0.7


def test_collect_echo_flushes_each_piece_as_it_arrives(server: OllamaTestServer) -> None:
    server.enqueue("POST", "/api/chat", NDJSONReply(chat_lines(), interval=INTERVAL))
    out = TimedWrites()

    with GenerateAPI(server.url, model="llama3.2") as gen:
        response = gen.chat([{"role": "user", "content": "Tell me a story"}], stream=True).collect(echo=out)

    assert response.message.content == "".join(WORDS)
    assert_incremental(out)


def test_async_collect_echo_flushes_each_piece_as_it_arrives(server: OllamaTestServer) -> None:
    pytest.importorskip("httpx")
    from ollama_python import AsyncGenerateAPI

    server.enqueue("POST", "/api/chat", NDJSONReply(chat_lines(), interval=INTERVAL))
    out = TimedWrites()

    async def main() -> None:
        async with AsyncGenerateAPI(server.url, model="llama3.2") as gen:
            stream = await gen.chat([{"role": "user", "content": "Tell me a story"}], stream=True)
            await stream.collect(echo=out)

    asyncio.run(main())
    assert_incremental(out)


def test_echo_true_writes_to_the_current_stdout(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Jupyter replaces sys.stdout per cell: echo=True must use the one current at the call."""
    out = TimedWrites()
    monkeypatch.setattr(sys, "stdout", out)

    with GenerateAPI(server.url, model="llama3.2") as gen:
        gen.generate("Hello there", stream=True).collect(echo=True)

    assert out.getvalue() == "You said: Hello there\n"
    assert len(out.flushes) >= 4  # "You", " said:", " Hello", " there", then the newline


# -- rich display of answers, show, embeddings and progress -----------------------------------
def test_a_chat_answer_renders_as_markdown_with_thinking_folded_and_one_metrics_line() -> None:
    response = ChatResponse.from_wire(
        {
            "model": "qwen3",
            "message": {"role": "assistant", "content": "**Yes**, 7 is prime.", "thinking": "7 < 2*4 & <odd>\nso"},
            "done": True,
            "done_reason": "stop",
            "total_duration": 1_500_000_000,
            "eval_count": 42,
            "eval_duration": 1_200_000_000,
        }
    )

    markdown = response._repr_markdown_()

    thinking, answer, metrics = markdown.split("\n\n")
    assert thinking == "<details><summary>Thinking</summary><p>7 &lt; 2*4 &amp; &lt;odd&gt;<br>so</p></details>"
    assert answer == "**Yes**, 7 is prime."  # the model's Markdown, rendered as such
    assert metrics == "<sub>qwen3 · 42 tokens · 35.0 tokens/s · 1.50 s</sub>"


def test_a_generate_answer_with_tool_calls_and_a_truncated_end() -> None:
    response = GenerateResponse.from_wire(
        {
            "model": "llama3.2",
            "response": "Checking.",
            "done": True,
            "done_reason": "length",
            "tool_calls": [{"function": {"name": "get_weather", "arguments": {"city": "Paris"}}}],
        }
    )

    assert response._repr_markdown_().split("\n\n") == [
        "Checking.",
        "Tool call: `get_weather(city='Paris')`",
        "<sub>llama3.2 · stopped: length</sub>",
    ]


def test_a_minimal_reply_renders_only_what_it_has() -> None:
    """A user's mock sends just the text: no metrics line is invented."""
    assert ChatResponse.from_wire({"message": {"role": "assistant", "content": "hi"}})._repr_markdown_() == "hi"
    assert GenerateResponse.from_wire({"response": ""})._repr_markdown_() == ""


def test_show_renders_a_compact_table_not_the_modelfile() -> None:
    show = ShowResponse.from_wire(
        {
            "modelfile": "FROM /blobs/sha256-abc\nTEMPLATE ...",
            "license": "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT " + "x" * 100 + "\nsecond line",
            "details": {"family": "llama", "parameter_size": "3.2B", "quantization_level": "Q4_K_M"},
            "model_info": {"general.architecture": "llama", "llama.context_length": 131072},
            "capabilities": ["completion", "tools"],
        }
    )

    markup = show._repr_html_()
    table = Table(markup)

    assert table.caption == "Model details"
    rows = dict((row[0], row[1]) for row in table.body)
    assert rows["Family"] == "llama" and rows["Parameters"] == "3.2B" and rows["Quantization"] == "Q4_K_M"
    assert rows["Context length"] == "131072" and rows["Capabilities"] == "completion, tools"
    assert rows["License"].startswith("LLAMA 3.2 COMMUNITY") and rows["License"].endswith("...")
    assert len(rows["License"]) == 80 and any("second line" in title for title in table.titles)
    assert "FROM" not in markup


def test_show_escapes_and_tolerates_a_bare_reply() -> None:
    markup = ShowResponse.from_wire({"details": {"family": EVIL}})._repr_html_()
    assert "<script" not in markup and Table(markup).body == [["Family", EVIL]]
    assert Table(ShowResponse.from_wire({})._repr_html_()).body == [["No details."]]


def test_show_from_a_live_server(server: OllamaTestServer) -> None:
    with ModelManagementAPI(server.url) as models:
        rows = {row[0]: row[1] for row in Table(models.show("llama3.2")._repr_html_()).body}
    assert rows["Family"] and rows["Context length"].isdigit()


def test_embeddings_render_as_their_shape() -> None:
    response = EmbedResponse.from_wire({"model": "all-minilm", "embeddings": [[0.1] * 384, [0.2] * 384]})
    assert response._repr_markdown_() == "**EmbedResponse**: 2 vectors x 384 dimensions (all-minilm)"
    assert EmbedResponse()._repr_markdown_() == "**EmbedResponse**: 0 vectors"


def test_an_array_of_embeddings_renders_its_shape_and_dtype(server: OllamaTestServer) -> None:
    pytest.importorskip("numpy")
    with EmbeddingAPI(server.url, model="all-minilm") as emb:
        response = emb.embed(["one", "two", "three"], as_numpy=True)
    assert response._repr_markdown_() == (
        f"**EmbedArrayResponse**: 3 vectors x {response.embeddings.shape[1]} dimensions (all-minilm), float32"
    )


def test_progress_renders_as_one_line() -> None:
    layer = ProgressResponse(status="pulling 6a0746a1ec1a", digest="sha256:6a07", total=2_000_000_000)
    assert layer._repr_markdown_() == "pulling 6a0746a1ec1a: 0% (0 B of 2.0 GB)"
    half = ProgressResponse(status="pulling x", digest="sha256:6a07", total=2_000_000_000, completed=1_000_000_000)
    assert half._repr_markdown_() == "pulling x: 50% (1.0 GB of 2.0 GB)"
    assert ProgressResponse(status="success")._repr_markdown_() == "success"
    assert ProgressResponse(status="<b>")._repr_markdown_() == "&lt;b&gt;"


def test_display_outside_a_notebook_prints_the_text(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """No kernel (or no IPython at all): display() streams plain text to stdout, like print."""
    monkeypatch.setitem(sys.modules, "IPython", None)
    out = TimedWrites()
    monkeypatch.setattr(sys, "stdout", out)
    server.enqueue("POST", "/api/chat", NDJSONReply(chat_lines(), interval=INTERVAL))

    with GenerateAPI(server.url, model="llama3.2") as gen:
        stream = gen.chat([{"role": "user", "content": "Tell me a story"}], stream=True)
        assert stream.display() is None

    assert_incremental(out)
    assert stream.response is not None and stream.response.message.content == "".join(WORDS)


def test_async_display_outside_a_notebook(server: OllamaTestServer, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("httpx")
    from ollama_python import AsyncGenerateAPI

    out = TimedWrites()
    monkeypatch.setattr(sys, "stdout", out)

    async def main() -> None:
        async with AsyncGenerateAPI(server.url, model="llama3.2") as gen:
            stream = await gen.generate("Hello there", stream=True)
            await stream.display()

    asyncio.run(main())
    assert out.getvalue() == "You said: Hello there\n"
