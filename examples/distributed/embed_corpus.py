"""Embed a corpus on a Dask cluster, across several Ollama servers behind one load balancer.

    pip install 'ollama-python[distributed,numpy]'
    python examples/distributed/embed_corpus.py --url http://my-balancer:8080 --workers 4

The SDK routes nothing itself: the balancer (nginx, HAProxy, a cloud load balancer) spreads
requests over the servers, and Dask spreads the work over processes or machines. The driver
builds one ``EmbeddingAPI``; Dask pickles it to every worker (a pickled client carries its
settings, never its sockets, so each worker opens connections of its own). A part whose request
fails (a server died mid-request, and the balancer answered 502) raises in its task; Dask runs
the task again, through the balancer, which now sends it to a live server. Embedding the same
texts twice gives the same vectors, so a retried part is safe, and the driver places each part's
rows by position: every text appears exactly once in the result.

Why Dask rather than Ray: ``dask[distributed]`` is pure-Python wheels on every platform and
Python this SDK supports, and a ``LocalCluster`` starts in about a second; Ray's binary wheels
are large, lag new Pythons, and start a heavier runtime. The code below is the same on a real
cluster: pass ``--scheduler tcp://host:8786`` instead of ``--workers``.

``--demo`` runs everything on this machine: two fake servers from ``ollama_python.testing``
behind nginx, then 1, 2 and 4 workers, then one server killed mid-job (needs nginx installed).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from dask.distributed import Client, LocalCluster, as_completed

from ollama_python import EmbeddingAPI

PART = 500  # texts per task: one embed request; small enough to retry cheaply


def embed_part(start: int, texts: list[str], api: EmbeddingAPI) -> tuple[int, np.ndarray]:
    """One task: the float32 vectors of ``texts``, which start at ``start`` in the corpus."""
    return start, api.embed(texts, as_numpy=True).embeddings


def embed_corpus(dask: Client, api: EmbeddingAPI, texts: Sequence[str], on_part: Any = None) -> np.ndarray:
    """Every text's vector, in corpus order; each part retried by Dask up to 3 times.

    ``on_part(done, total)`` is called as parts arrive (the demo uses it to kill a server mid-job).
    """
    shared = dask.scatter(api, broadcast=True)  # pickled once per worker, not once per task
    starts = list(range(0, len(texts), PART))
    futures = dask.map(
        embed_part, starts, [list(texts[s : s + PART]) for s in starts], api=shared, retries=3, pure=False
    )
    result: np.ndarray | None = None
    placed = np.zeros(len(texts), dtype=bool)
    for done, (_, (start, rows)) in enumerate(as_completed(futures, with_results=True), start=1):
        if result is None:
            result = np.empty((len(texts), rows.shape[1]), dtype=np.float32)
        if rows.shape[0] != min(PART, len(texts) - start) or placed[start : start + len(rows)].any():
            raise RuntimeError(f"part at {start}: {rows.shape[0]} rows, or rows placed twice")
        result[start : start + len(rows)] = rows
        placed[start : start + len(rows)] = True
        if on_part is not None:
            on_part(done, len(starts))
    if result is None or not placed.all():
        raise RuntimeError(f"{int((~placed).sum())} texts have no vector")
    return result


def corpus(size: int) -> list[str]:
    """Short distinct texts, like support tickets or product titles."""
    return [f"ticket {i}: the printer on floor {i % 13} jams on page {i % 97}" for i in range(size)]


def run(url: str, texts: list[str], workers: int, on_part: Any = None) -> tuple[np.ndarray, float]:
    """Embed ``texts`` with a fresh LocalCluster of ``workers`` processes; (vectors, texts per second)."""
    api = EmbeddingAPI(url, model="all-minilm", timeout=30)
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as dask,
    ):
        dask.run(lambda: None)  # workers are up before the clock starts
        start = time.perf_counter()
        vectors = embed_corpus(dask, api, texts, on_part)
        return vectors, len(texts) / (time.perf_counter() - start)


def demo(size: int, worker_counts: list[int]) -> None:
    """Two fake servers behind nginx: scaling with workers, then one server killed mid-job."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from local_servers import balanced_servers

    texts = corpus(size)
    with balanced_servers(2) as cluster:
        for workers in worker_counts:
            _, rate = run(cluster.url, texts, workers)
            print(f"{workers} worker(s): {rate:,.0f} texts/s ({size:,} texts, 2 servers)")

        def kill_one(done: int, total: int) -> None:
            if done == total // 3:
                cluster.kill(0)
                print(f"killed server 0 after {done} of {total} parts")

        vectors, rate = run(cluster.url, texts, 2, kill_one)
        # Each row is its own text's vector: recompute a sample through the balancer (the one
        # server left) and compare; and no two rows are equal (no text landed in two places).
        sample = np.random.default_rng(0).choice(len(texts), 200, replace=False)
        again = EmbeddingAPI(cluster.url, model="all-minilm").embed([texts[i] for i in sample], as_numpy=True)
        matches = bool(np.array_equal(vectors[sample], again.embeddings))
        distinct = len(np.unique(vectors, axis=0)) == len(texts)
        print(
            f"with a server killed: {len(vectors):,} vectors, {rate:,.0f} texts/s, sample matches: {matches}, all distinct: {distinct}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="the load balancer in front of the Ollama servers (default: OLLAMA_HOST)")
    parser.add_argument("--texts", type=int, default=20_000, help="corpus size (default 20,000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4], help="worker processes, one run each")
    parser.add_argument("--demo", action="store_true", help="start two fake servers behind nginx and use them")
    args = parser.parse_args(argv)
    if args.demo:
        demo(args.texts, args.workers)
        return
    for workers in args.workers:
        vectors, rate = run(args.url, corpus(args.texts), workers)
        print(f"{workers} worker(s): {vectors.shape[0]:,} vectors of {vectors.shape[1]}, {rate:,.0f} texts/s")


if __name__ == "__main__":
    main()
