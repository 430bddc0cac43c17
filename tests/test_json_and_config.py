"""_json (orjson or the stdlib, same results) and _config (Timeout, RetryPolicy, Retry-After)."""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ollama_python import OllamaError, RequestError, Timeout, _json
from ollama_python._config import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RETRIES,
    DEFAULT_READ_TIMEOUT,
    RetryPolicy,
    as_timeout,
    parse_retry_after,
)


def std_dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# -- _json.loads ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        '{"model":"llama3.2","done":true,"eval_count":18}',
        '[1, 2.5, -0.0, "x", null, true, false, {}, []]',
        '{"a":{"b":[{"c":"\\u003cb\\u003e \\u0026"}]}}',
        '"caf\\u00e9 \\ud83d\\ude00"',
        '{"k": "é 😀 \u00d7"}',
        '{"dup": 1, "dup": 2}',
        "9223372036854775807",
        "-9223372036854775808",
        "1e400",
        "-1e400",
        "1.7976931348623157e308",
        "5e-324",
        "0.1",
        '  {"spaced" :  [ 1 , 2 ] }  ',
    ],
)
def test_loads_matches_stdlib(text: str) -> None:
    expected = json.loads(text)
    assert _json.loads(text) == expected
    assert _json.loads(text.encode("utf-8")) == expected
    assert type(_json.loads(text)) is type(expected)


# Every integer a Go server can send (int64 and uint64) decodes exactly, with or without orjson.
@pytest.mark.parametrize("value", [2**64 - 1, -(2**63), 2**63, 2**53 + 1, 0, -1])
def test_loads_64_bit_integers_exactly(value: int) -> None:
    text = str(value)
    result = _json.loads(text)
    assert result == value
    assert type(result) is int
    assert _json.loads(f'{{"n": {text}}}') == {"n": value}


@pytest.mark.parametrize(("text", "check"), [("NaN", math.isnan), ("Infinity", math.isinf), ("-Infinity", math.isinf)])
def test_loads_nan_and_infinity_like_stdlib(text: str, check: Any) -> None:
    assert check(_json.loads(text))
    values = _json.loads(f"[{text}, 1]")
    assert check(values[0]) and values[1] == 1


@pytest.mark.parametrize("text", ["{bad", "", "[1,", b"\xff\xfe", "undefined"])
def test_loads_invalid_raises_value_error(text: str | bytes) -> None:
    with pytest.raises(ValueError):
        _json.loads(text)


# -- _json.dumps ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        {"model": "llama3.2", "messages": [{"role": "user", "content": "hi"}], "stream": False},
        [1, 2.5, -0.0, "x", None, True, False, {}, []],
        {"k": 'é 😀 <b> & \n\t"quoted"'},
        {"options": {"temperature": 0.8, "stop": ["\n\n"], "seed": -1}},
        9223372036854775807,
        -9223372036854775808,
        1e300,
        5e-324,
        0.1,
        "",
    ],
)
def test_dumps_matches_stdlib(value: Any) -> None:
    encoded = _json.dumps(value)
    assert isinstance(encoded, bytes)
    assert json.loads(encoded) == value
    assert encoded == std_dumps(value)


def test_dumps_is_compact_utf8() -> None:
    assert _json.dumps({"a": [1, 2], "b": "é"}) == '{"a":[1,2],"b":"é"}'.encode()


@pytest.mark.parametrize("value", [2**64, 2**70, -(2**70), 10**30, {"n": [2**100]}])
def test_dumps_huge_integers(value: Any) -> None:
    assert _json.dumps(value) == std_dumps(value)
    assert json.loads(_json.dumps(value)) == value


def test_dumps_non_string_keys_like_stdlib() -> None:
    value = {1: "a", 2.5: "b", False: "c", None: "d"}
    assert _json.dumps(value) == std_dumps(value) == b'{"1":"a","2.5":"b","false":"c","null":"d"}'


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), float("-inf"), [1.0, float("nan")], {"a": [None, float("inf")]}]
)
def test_dumps_refuses_nan_and_infinity_like_strict_stdlib(value: Any) -> None:
    # JSON cannot carry them; orjson alone would write null, the strict stdlib raises: both raise.
    with pytest.raises(ValueError):
        _json.dumps(value)
    with pytest.raises(ValueError):
        json.dumps(value, allow_nan=False)


def test_dumps_keeps_real_nulls() -> None:
    assert _json.dumps({"a": None, "b": [None, 1.5]}) == b'{"a":null,"b":[null,1.5]}'


_JSON_VALUES = st.recursive(
    # integers within what a Go server can send (int64 and uint64): the documented contract
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(_JSON_VALUES)
def test_round_trip_matches_stdlib(value: Any) -> None:
    encoded = _json.dumps(value)
    assert json.loads(encoded) == value
    assert _json.loads(encoded) == value
    assert _json.loads(json.dumps(value)) == json.loads(json.dumps(value))


# -- Timeout -------------------------------------------------------------------------------------
def test_timeout_defaults() -> None:
    timeout = Timeout()
    assert (timeout.connect, timeout.read) == (DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT) == (10.0, 600.0)


@pytest.mark.parametrize(
    ("connect", "read"),
    [(None, None), (0.001, 1), (5, None), (None, 3600.5), (1, 2)],
)
def test_timeout_valid_values(connect: float | None, read: float | None) -> None:
    timeout = Timeout(connect=connect, read=read)
    assert (timeout.connect, timeout.read) == (connect, read)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"connect": 0},
        {"connect": -1},
        {"read": 0},
        {"read": -0.1},
        {"connect": "5"},
        {"read": "10s"},
        {"read": [1]},
        {"connect": float("nan")},
        {"read": float("nan")},
        {"connect": True},
        {"read": False},
    ],
)
def test_timeout_invalid_values(kwargs: dict[str, Any]) -> None:
    with pytest.raises(RequestError) as caught:
        Timeout(**kwargs)
    assert caught.value.argument == "timeout"
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, OllamaError)
    assert next(iter(kwargs)) in str(caught.value)


def test_timeout_is_frozen() -> None:
    timeout = Timeout()
    with pytest.raises(AttributeError):
        timeout.read = 1  # type: ignore[misc]


DEFAULT = Timeout(connect=3, read=30)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # seconds and tuples apply to every call: no separate quick_read
        (5, Timeout(connect=5.0, read=5.0, quick_read=None)),
        (2.5, Timeout(connect=2.5, read=2.5, quick_read=None)),
        ((1, 2), Timeout(connect=1, read=2, quick_read=None)),
        ((None, 5), Timeout(connect=None, read=5, quick_read=None)),
        ((3, None), Timeout(connect=3, read=None, quick_read=None)),
        ((None, None), Timeout(connect=None, read=None, quick_read=None)),
        (Timeout(connect=7, read=None), Timeout(connect=7, read=None)),
    ],
)
def test_as_timeout_forms(value: Any, expected: Timeout) -> None:
    assert as_timeout(value, DEFAULT) == expected


def test_as_timeout_none_is_the_default() -> None:
    assert as_timeout(None, DEFAULT) is DEFAULT


def test_as_timeout_returns_a_given_timeout_unchanged() -> None:
    timeout = Timeout(connect=1, read=2)
    assert as_timeout(timeout, DEFAULT) is timeout


def test_as_timeout_seconds_become_floats() -> None:
    timeout = as_timeout(5, DEFAULT)
    assert type(timeout.connect) is float and type(timeout.read) is float


@pytest.mark.parametrize(
    "value",
    ["5", b"5", True, False, [1, 2], (1,), (1, 2, 3), {"connect": 1}, -1, 0, (1, -1), (0, 5), ("1", 2), object()],
)
def test_as_timeout_bad_values(value: Any) -> None:
    with pytest.raises(RequestError) as caught:
        as_timeout(value, DEFAULT)
    assert caught.value.argument == "timeout"


# -- RetryPolicy ---------------------------------------------------------------------------------
def test_retry_policy_defaults() -> None:
    policy = RetryPolicy()
    assert policy.max_retries == DEFAULT_MAX_RETRIES == 2
    assert (policy.backoff, policy.max_backoff, policy.max_retry_after) == (0.5, 8.0, 60.0)


@pytest.mark.parametrize(("max_retries", "attempt"), [(2, 2), (2, 3), (2, 100), (0, 0), (1, 1), (5, 5)])
def test_attempt_beyond_max_gives_up(max_retries: int, attempt: int) -> None:
    policy = RetryPolicy(max_retries=max_retries)
    assert policy.delay(attempt, None) is None
    assert policy.delay(attempt, 1.0) is None


@pytest.mark.parametrize(("max_retries", "attempt"), [(1, 0), (2, 1), (10, 9)])
def test_last_allowed_attempt_still_waits(max_retries: int, attempt: int) -> None:
    delay = RetryPolicy(max_retries=max_retries).delay(attempt, None)
    assert delay is not None and delay > 0


@pytest.mark.parametrize(
    ("attempt", "computed"),
    [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (9, 8.0)],
)
def test_backoff_doubles_is_capped_and_jittered(attempt: int, computed: float) -> None:
    policy = RetryPolicy(max_retries=10)
    delays = [policy.delay(attempt, None) for _ in range(200)]
    assert all(d is not None and 0.5 * computed <= d <= computed for d in delays)
    assert len({round(d, 9) for d in delays if d is not None}) > 100  # jittered, not constant


def test_custom_backoff_cap() -> None:
    policy = RetryPolicy(max_retries=50, backoff=1.0, max_backoff=3.0)
    delays = [policy.delay(40, None) for _ in range(100)]
    assert all(d is not None and 1.5 <= d <= 3.0 for d in delays)


@pytest.mark.parametrize("retry_after", [0.0, 0.25, 7.5, 59.9, 60.0])
def test_retry_after_is_honoured(retry_after: float) -> None:
    assert RetryPolicy().delay(0, retry_after) == retry_after
    assert RetryPolicy().delay(1, retry_after) == retry_after


@pytest.mark.parametrize("retry_after", [60.01, 120.0, 3600.0, math.inf])
def test_retry_after_too_long_is_refused(retry_after: float) -> None:
    assert RetryPolicy().delay(0, retry_after) is None


def test_retry_after_limit_is_configurable() -> None:
    policy = RetryPolicy(max_retry_after=5.0)
    assert policy.delay(0, 5.0) == 5.0
    assert policy.delay(0, 6.0) is None
    assert RetryPolicy(max_retry_after=600.0).delay(0, 300.0) == 300.0


# -- parse_retry_after ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "seconds"),
    [("120", 120.0), ("0", 0.0), ("1", 1.0), (" 30 ", 30.0), ("1.5", 1.5), ("-5", None)],
)
def test_parse_retry_after_seconds(value: str, seconds: float) -> None:
    assert parse_retry_after(value) == seconds


def test_parse_retry_after_http_date_in_the_future() -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=30)
    seconds = parse_retry_after(format_datetime(when, usegmt=True))
    assert seconds is not None
    assert 27.0 <= seconds <= 30.0


def test_parse_retry_after_http_date_in_the_past_is_zero() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_parse_retry_after_http_date_without_zone_is_utc() -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=90)
    text = when.strftime("%a, %d %b %Y %H:%M:%S")
    seconds = parse_retry_after(text)
    assert seconds is not None and 87.0 <= seconds <= 90.0


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", "garbage", "soon", "Wed, 99 Foo 2015", "12 seconds", "nan", "inf"],
)
def test_parse_retry_after_garbage_is_none(value: str | None) -> None:
    assert parse_retry_after(value) is None
