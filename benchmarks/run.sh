#!/usr/bin/env bash
# The whole performance benchmark, one command (results: docs/performance.md):
#
#   benchmarks/run.sh [--reps N] [--import-reps N] [--batch-reps N] [--seconds S]   # everything (~8 min)
#   benchmarks/run.sh --quick        # 3 repetitions, 1 of embed_batch, 10 of imports (~4 min): a check
#   benchmarks/run.sh --profile      # cProfile our generate, chat and async paths
#
# 1. installs Debian's nginx (nginx-light) and its njs module if they are missing;
# 2. creates or updates three virtualenvs under benchmarks/ (gitignored):
#      .venv-ours-fast  this repository with the `fast` (orjson) and `aiohttp` (httpx + aiohttp) extras, plus numpy
#      .venv-ours-std   this repository with only the `async` extra (httpx): no orjson, no aiohttp
#      .venv-official   the official `ollama` package (also runs the raw http.client baseline)
#    The repository is installed as a regular (non-editable) package built from a clean copy of its
#    current files, so every run measures the working tree as it is now;
# 3. runs benchmarks/run.py: fixtures, nginx on a free 127.0.0.1 port pinned to one core, every
#    case in fresh processes pinned to the other, then docs/performance.md and
#    benchmarks/results/latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bench=$root/benchmarks
python=${PYTHON:-python3}

if [ ! -x /usr/sbin/nginx ] || [ ! -e /usr/lib/nginx/modules/ngx_http_js_module.so ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "installing nginx-light and libnginx-mod-http-js from Debian ..."
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nginx-light libnginx-mod-http-js >/dev/null
fi
command -v taskset >/dev/null || echo "taskset not found: running without CPU pinning" >&2

pip_install() {  # pip_install VENV ARGS...: create VENV if needed, then pip install ARGS (log shown on failure)
    local venv=$1 log
    shift
    [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
    log=$(mktemp)
    if ! "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "pip install $* into $venv failed" >&2
        exit 1
    fi
    rm -f "$log"
}

source_copy=$(mktemp -d "${TMPDIR:-/tmp}/ollama-python-src.XXXXXX")
trap 'rm -rf "$source_copy"' EXIT
cp -r "$root/ollama_python" "$root/setup.cfg" "$root/setup.py" "$root/pyproject.toml" "$source_copy/"
[ ! -f "$root/README.md" ] || cp "$root/README.md" "$source_copy/"
find "$source_copy" -name __pycache__ -prune -exec rm -rf {} +

echo "updating the benchmark virtualenvs ..."
pip_install "$bench/.venv-ours-fast" "$source_copy[fast,aiohttp]" numpy
pip_install "$bench/.venv-ours-std" "$source_copy[async]"
"$bench/.venv-ours-std/bin/python" -m pip uninstall -y -q orjson aiohttp 2>/dev/null || true
pip_install "$bench/.venv-official" ollama

"$python" "$bench/run.py" "$@"
