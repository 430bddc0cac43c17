"""ollama_python.progress: per-layer tqdm bars, status lines, track() on real streams, missing tqdm."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Iterator

import pytest

from ollama_python import (
    InvalidResponseError,
    MissingDependencyError,
    ModelManagementAPI,
    ProgressResponse,
    Stream,
    StreamError,
)
from ollama_python.progress import PROGRESS_EXTRA_MESSAGE, ProgressBars, require_tqdm, track, track_async
from ollama_python.testing import OllamaTestServer

pytest.importorskip("tqdm")

LAYER_A = "sha256:" + "a" * 64
LAYER_B = "sha256:" + "b" * 64


def report(
    status: str, digest: str | None = None, total: int | None = None, completed: int | None = None
) -> ProgressResponse:
    return ProgressResponse(status=status, digest=digest, total=total, completed=completed)


def pull_reports() -> list[ProgressResponse]:
    """A pull as §5.8 describes it: completed is absolute and omitted while 0; B was present."""
    return [
        report("pulling manifest"),
        report("pulling aaaaaaaaaaaa", LAYER_A, 4096),
        report("pulling aaaaaaaaaaaa", LAYER_A, 4096, 1024),
        report("pulling aaaaaaaaaaaa", LAYER_A, 4096, 3072),
        report("pulling bbbbbbbbbbbb", LAYER_B, 155, 155),
        report("pulling aaaaaaaaaaaa", LAYER_A, 4096, 4096),
        report("verifying sha256 digest"),
        report("writing manifest"),
        report("success"),
    ]


def test_require_tqdm_returns_the_auto_class() -> None:
    import tqdm.auto

    assert require_tqdm() is tqdm.auto.tqdm


def test_one_bar_per_digest_with_absolute_positions() -> None:
    out = io.StringIO()
    with ProgressBars(file=out) as bars:
        for item in pull_reports()[:4]:
            bars.update(item)
        bar = bars.bars[LAYER_A]
        assert (bar.n, bar.total) == (3072, 4096)  # absolute, not 0 + 1024 + 3072
        assert bar.unit == "B" and bar.unit_scale and bar.unit_divisor == 1000  # decimal, as list and show
        for item in pull_reports()[4:]:
            bars.update(item)
        assert list(bars.bars) == [LAYER_A, LAYER_B]
        assert (bars.bars[LAYER_A].n, bars.bars[LAYER_A].total) == (4096, 4096)
        assert (bars.bars[LAYER_B].n, bars.bars[LAYER_B].total) == (155, 155)
    text = out.getvalue()
    assert (
        "pulling aaaaaaaaaaaa: 100%" in text and "4.10k/4.10k" in text
    )  # 4096 B in decimal units, as human_size(4096) == "4.1 KB"
    assert "pulling bbbbbbbbbbbb: 100%" in text and "155/155" in text
    assert "B/s" in text  # the rate


def test_status_lines_without_digest_are_written_once_above_the_bars() -> None:
    out = io.StringIO()
    with ProgressBars(file=out) as bars:
        for item in [report("pulling manifest"), report("pulling manifest"), *pull_reports()[1:]]:
            bars.update(item)
    lines = [line for line in out.getvalue().splitlines() if line and "%|" not in line]
    assert lines == ["pulling manifest", "verifying sha256 digest", "writing manifest", "success"]
    text = out.getvalue()
    assert text.index("pulling manifest") < text.index("pulling aaaaaaaaaaaa") < text.index("verifying sha256 digest")


def test_layer_reported_once_complete_gets_a_closed_full_bar() -> None:
    out = io.StringIO()
    bars = ProgressBars(file=out)
    bars.update(report("pulling bbbbbbbbbbbb", LAYER_B, 155, 155))
    bar = bars.bars[LAYER_B]
    assert (bar.n, bar.total) == (155, 155)
    assert bar.disable  # tqdm marks a closed bar disabled
    bars.update(report("pulling bbbbbbbbbbbb", LAYER_B, 155, 155))  # a repeat changes nothing
    assert bars.bars[LAYER_B] is bar
    bars.close()
    assert out.getvalue().count("155/155") == 1


def test_a_layer_started_over_gets_a_new_bar() -> None:
    bars = ProgressBars(file=io.StringIO())
    bars.update(report("pulling aaaaaaaaaaaa", LAYER_A, 100, 100))
    first = bars.bars[LAYER_A]
    bars.update(report("pulling aaaaaaaaaaaa", LAYER_A, 100, 10))
    second = bars.bars[LAYER_A]
    assert second is not first and first.disable and not second.disable
    assert (second.n, second.total) == (10, 100)
    bars.close()
    assert second.disable


def test_close_closes_unfinished_bars_and_refuses_more_updates() -> None:
    out = io.StringIO()
    bars = ProgressBars(file=out)
    bars.update(report("pushing aaaaaaaaaaaa", LAYER_A, 2048))
    bars.update(report("pushing aaaaaaaaaaaa", LAYER_A, 2048, 1024))
    assert not bars.bars[LAYER_A].disable
    bars.close()
    bars.close()  # idempotent
    assert bars.bars[LAYER_A].disable and bars.bars[LAYER_A].n == 1024
    assert "50%" in out.getvalue()
    with pytest.raises(ValueError):
        bars.update(report("success"))


def test_unknown_total_then_known_and_omitted_completed() -> None:
    bars = ProgressBars(file=io.StringIO())
    bars.update(report("quantizing F16 model to Q4_K_M", "0000000000000000000"))
    bar = bars.bars["0000000000000000000"]
    assert bar.total is None and bar.n == 0
    bars.update(report("quantizing F16 model to Q4_K_M", "0000000000000000000", 100, 25))
    assert (bar.total, bar.n) == (100, 25)
    assert bar.desc == "quantizing F16 model to Q4_K_M"
    bars.close()


def test_disable_draws_nothing_and_options_reach_the_bars() -> None:
    out = io.StringIO()
    with ProgressBars(file=out, disable=True) as bars:
        for item in pull_reports():
            bars.update(item)
    assert out.getvalue() == ""
    with ProgressBars(file=io.StringIO(), leave=False, ncols=60) as bars:
        bars.update(report("pulling aaaaaaaaaaaa", LAYER_A, 10, 5))
        assert bars.bars[LAYER_A].leave is False and bars.bars[LAYER_A].ncols == 60


def test_track_a_real_pull_stream(server: OllamaTestServer) -> None:
    out = io.StringIO()
    with ModelManagementAPI(server.url) as models:
        stream = models.pull("llama3.2", stream=True)
        final = track(stream, file=out)
    assert isinstance(final, ProgressResponse) and final.status == "success"
    text = out.getvalue()
    assert text.startswith("pulling manifest\n")
    assert text.rstrip().endswith("success")
    layers = [line for line in text.split("\n") if "%|" in line]
    assert len(layers) == 2 and all("100%" in line for line in layers)  # llama3.2 is installed: once complete
    assert server.requests_to("POST", "/api/pull")[0].json["stream"] is True


def test_track_a_real_download_of_a_new_model(server: OllamaTestServer) -> None:
    out = io.StringIO()
    with ModelManagementAPI(server.url) as models:
        final = track(models.pull("mistral", stream=True), file=out)
    assert final.status == "success"
    assert "mistral:latest" in server.models
    assert out.getvalue().count("100%|") == 2


def test_track_closes_the_stream_and_bars_on_a_stream_error(server: OllamaTestServer) -> None:
    class Watched:
        """The real stream, with its close() observed."""

        def __init__(self, stream: Stream[ProgressResponse]) -> None:
            self.stream, self.closed = stream, False

        def __iter__(self) -> Iterator[ProgressResponse]:
            return iter(self.stream)

        def close(self) -> None:
            self.closed = True
            self.stream.close()

    out = io.StringIO()
    with ModelManagementAPI(server.url) as models:
        watched = Watched(models.pull("missing-model", stream=True))
        with pytest.raises(StreamError, match="file does not exist"):
            track(watched, file=out)
    assert "pulling manifest" in out.getvalue()
    assert watched.closed


def test_track_an_empty_stream_is_an_error() -> None:
    class Items:
        closed = False

        def __iter__(self) -> Iterator[ProgressResponse]:
            return iter([])

        def close(self) -> None:
            self.closed = True

    items = Items()
    with pytest.raises(InvalidResponseError):
        track(items, file=io.StringIO())
    assert items.closed


def test_track_async_on_a_real_async_stream(server: OllamaTestServer) -> None:
    pytest.importorskip("httpx")
    from ollama_python import AsyncModelManagementAPI

    async def run() -> ProgressResponse:
        async with AsyncModelManagementAPI(server.url) as models:
            return await track_async(await models.push("llama3.2", stream=True), file=out)

    out = io.StringIO()
    final = asyncio.run(run())
    assert final.status == "success"
    assert "retrieving manifest" in out.getvalue() and out.getvalue().count("100%|") == 3


def test_track_async_plain_async_iterable() -> None:
    async def items() -> AsyncIterator[ProgressResponse]:
        for item in pull_reports():
            yield item

    final = asyncio.run(track_async(items(), file=io.StringIO()))
    assert final.status == "success"


def test_missing_tqdm_raises_a_clear_error_in_a_clean_process() -> None:
    script = textwrap.dedent(
        """
        import io, sys
        sys.modules["tqdm"] = None  # import tqdm -> ImportError, as if it were not installed
        import ollama_python.progress as progress  # importing the module itself needs no tqdm
        from ollama_python import MissingDependencyError
        for attempt in (progress.require_tqdm, progress.ProgressBars, lambda: progress.track([])):
            try:
                attempt()
            except MissingDependencyError as error:
                assert isinstance(error, ImportError)
                print(error)
            else:
                raise SystemExit("no error")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [PROGRESS_EXTRA_MESSAGE] * 3
    assert PROGRESS_EXTRA_MESSAGE == "progress bars need tqdm: pip install tqdm (the [progress] extra)"
    assert issubclass(MissingDependencyError, ImportError)
