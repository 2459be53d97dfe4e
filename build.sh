#!/usr/bin/env bash
# textlens build script.
#
#   ./build.sh              build the wasm core into www/pkg/
#   ./build.sh serve [PORT] build, then serve www/ on http://127.0.0.1:PORT/ (default 8080)
#   ./build.sh dist         build, then write dist/: the deployable site (offline after one visit)
#                           and dist/textlens.html, one file that opens from disk
#   ./build.sh test         install what is missing, then run every test
#   ./build.sh bench        build, then run the benchmarks (peers measured in the same run)
#   ./build.sh fuzz [N] [S] run the fuzzer (tests/fuzz.rs) on N inputs (default 100000) from seed S
#   ./build.sh python       .venv/ with the textlens Python package, PySpark and pytest (and Java)
#
# Installs are idempotent: each step is skipped when its tool is already there.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_rust_wasm() {
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  local want have
  want=$(wasm_bindgen_version)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    # --locked fails here: one transitive crate version of its lock file is missing from the registry.
    log "cargo install wasm-bindgen-cli --version =$want (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "=$want"
  fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt-get update -q >/dev/null
    apt_updated=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

ensure_browser() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || missing+=(fonts-wqy-zenhei)
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
}

ensure_npm() {
  if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# .venv/ with PySpark, pandas, pyarrow, pytest and maturin (PyPI), then the
# textlens package built from python/Cargo.toml; Java for Spark from Debian.
ensure_python() {
  export PATH="$HOME/.cargo/bin:$PATH"
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
  [ -x .venv/bin/python ] || { log "python3 -m venv .venv"; python3 -m venv .venv; }
  # PySpark 4 supports pandas 2 (it warns under pandas 3): pandas<3 here.
  if ! .venv/bin/python -c 'import pyspark, pandas, pyarrow, pytest, maturin; assert int(pandas.__version__.split(".")[0]) < 3' 2>/dev/null; then
    log "pip install pyspark pandas<3 pyarrow pytest maturin (into .venv/)"
    .venv/bin/pip install -q 'pyspark>=4.0,<5' 'pandas>=2.0,<3' 'pyarrow>=12' 'pytest>=7' 'maturin>=1.5,<2'
  fi
  log "pip install . (the textlens package, through maturin)"
  PATH="$PWD/.venv/bin:$PATH" CARGO_TARGET_DIR="$PWD/target/python" \
    .venv/bin/pip install -q --no-build-isolation --no-deps --force-reinstall .
}

build() {
  ensure_rust_wasm
  log "cargo build --release --target wasm32-unknown-unknown"
  cargo build --release --target wasm32-unknown-unknown --lib
  log "wasm-bindgen → www/pkg/"
  rm -rf www/pkg
  wasm-bindgen --target web --no-typescript --out-dir www/pkg \
    target/wasm32-unknown-unknown/release/textlens.wasm
}

cmd=${1:-build}
case "$cmd" in
  build)
    build
    ;;
  dist)
    build
    log "node tools/dist.mjs → dist/"
    node tools/dist.mjs
    ;;
  serve)
    build
    exec node tools/serve.mjs www "${2:-8080}"
    ;;
  test)
    start=$(date +%s)
    ensure_browser
    build
    ensure_npm
    log "house rules: JS crates only in src/wasm.rs; no unwrap/expect/panic in the library"
    if grep -rlE 'wasm_bindgen|js_sys|web_sys|serde_wasm_bindgen' src --include='*.rs' | grep -v '^src/wasm.rs$'; then
      echo "JS-aware crates used outside src/wasm.rs (above)" >&2
      exit 1
    fi
    cargo clippy --release --lib --quiet -- -D warnings
    log "clippy on the wasm build (src/wasm.rs); every native target: the CLI, tests, examples and benches"
    cargo clippy --release --target wasm32-unknown-unknown --lib --quiet -- -D warnings
    cargo clippy --release --all-targets --quiet -- -D warnings
    log "cargo test (native core, CLI, integration, a short fuzz pass) with overflow checks and debug assertions"
    # The property tests draw the same cases on every run, so a run's verdict is the code's, not
    # the draw's (another PROPTEST_RNG_SEED explores other cases).
    PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261130}" cargo test --profile checked --all-targets
    # The browser tests compare the page with the release CLI.
    cargo build --release --bin textlens
    ensure_python
    log "pytest tests/python (the Python package and the Spark job, one local[2] session)"
    .venv/bin/python -m pytest -q tests/python
    log "node --test (wasm smoke test, browser end-to-end)"
    node --test --test-concurrency=1 tests/node/ tests/e2e/
    log "all tests passed in $(( $(date +%s) - start )) s"
    ;;
  python)
    ensure_python
    ;;
  bench)
    ensure_browser
    build
    ensure_npm
    cargo build --release --bin textlens
    for b in bench/*.mjs; do
      log "node $b"
      node "$b"
    done
    ;;
  fuzz)
    # Prints how many inputs ran and how many panicked; exits 1 if any case failed.
    export PATH="$HOME/.cargo/bin:$PATH"
    cargo test --profile checked --test fuzz -- "${2:-100000}" --seed "${3:-1}"
    ;;
  *)
    echo "usage: ./build.sh [build | serve [PORT] | dist | test | bench | python | fuzz [N] [SEED]]" >&2
    exit 2
    ;;
esac
