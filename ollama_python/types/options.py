"""``Options``: model parameters for ``options=`` and Modelfile ``PARAMETER`` lines."""

from dataclasses import dataclass

from ._model import WireModel

__all__ = ["Options"]


@dataclass(repr=False)
class Options(WireModel):
    """Runtime and load-time model parameters; unset (None) ones keep the model's defaults.

    Load-time options (``num_ctx``, ``num_batch``, ``num_gpu``, ``main_gpu``, ``use_mmap``,
    ``num_thread``, ``draft_num_predict``) make the server reload the model when they differ from
    the loaded instance. Keys this class does not name can be given in ``extra`` and are sent as
    they are. ``numa`` to ``penalize_newline`` (the last group) are accepted for code written for
    older servers; current servers ignore them.
    """

    # load time
    num_ctx: int | None = None
    num_batch: int | None = None
    num_gpu: int | None = None
    main_gpu: int | None = None
    use_mmap: bool | None = None
    num_thread: int | None = None
    draft_num_predict: int | None = None
    # runtime
    num_keep: int | None = None
    seed: int | None = None
    num_predict: int | None = None
    top_k: int | None = None
    top_p: float | None = None
    min_p: float | None = None
    typical_p: float | None = None
    repeat_last_n: int | None = None
    temperature: float | None = None
    repeat_penalty: float | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    stop: list[str] | None = None
    # removed from current servers, still understood by old ones
    numa: bool | None = None
    low_vram: bool | None = None
    f16_kv: bool | None = None
    logits_all: bool | None = None
    vocab_only: bool | None = None
    use_mlock: bool | None = None
    embedding_only: bool | None = None
    tfs_z: float | None = None
    mirostat: int | None = None
    mirostat_tau: float | None = None
    mirostat_eta: float | None = None
    penalize_newline: bool | None = None
