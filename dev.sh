#!/usr/bin/env bash
# gradscape's one entry point for people and CI.
#
#   ./dev.sh run      set everything up, then launch the app   (needs a display)
#   ./dev.sh test     set everything up, check the tree with ruff and mypy (core/), then run
#                     the whole test suite under a virtual X server
#   ./dev.sh i18n     re-extract the interface's strings into resources/i18n/*.ts (keeping the
#                     translations) and compile the .qm files (tools/i18n.py; `status`, `todo`)
#
# "Everything" is: the system libraries Qt and Xvfb need (apt, only when missing), a virtual
# environment in .venv with gradscape installed in editable mode, and for `test` an Xvfb.
# Extra arguments after `test` go to pytest, after `run` to the app.
set -euo pipefail
cd "$(dirname "$0")"

QT_PKGS="libgl1 libegl1 libgl1-mesa-dri libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 \
libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 fonts-dejavu-core \
fonts-noto-cjk"
TEST_PKGS="xvfb xauth desktop-file-utils"
VENV=.venv

say() { printf '\033[1m[gradscape]\033[0m %s\n' "$*" >&2; }

ensure_system_packages() {
    local want="$QT_PKGS python3 python3-venv $*" missing=()
    for p in $want; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null; then
        say "missing system packages (${missing[*]}) and no apt-get: install them by hand"
        return 1
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

find_python() {
    for py in python3.13 python3.12 python3.11 python3; do
        if command -v "$py" >/dev/null &&
            "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$py"; return 0
        fi
    done
    say "Python >= 3.11 is required"; return 1
}

quiet_pip() {
    # pip, minus the noise of this machine's index configuration and setuptools' banners;
    # its exit status is kept.
    local rc
    set +e
    "$VENV/bin/python" -m pip "$@" 2>&1 | grep -vE \
        '^WARNING: Location|BuildBackendWarning|^ *(!!|\*+|Please be careful.*|name as your package.*|with strategy.*)? *$' >&2
    rc=${PIPESTATUS[0]}
    set -e
    [ "$rc" -eq 0 ] || { say "pip failed (exit $rc); see its messages above"; exit 1; }
}

ensure_venv() {
    # Reinstall only when pyproject.toml changed or an extra is missing, so that `run` after
    # `test` (whose extras include run's) starts at once.
    local extras="$1" stamp="$VENV/.gradscape-installed"
    local hash; hash="$(sha1sum pyproject.toml | cut -d' ' -f1)"
    if [ ! -x "$VENV/bin/python" ]; then
        say "creating the virtual environment in $VENV"
        "$(find_python)" -m venv "$VENV"
    fi
    local have_hash="" have_extras="" e ok=1
    if [ -f "$stamp" ]; then read -r have_hash have_extras < "$stamp" || true; fi
    [ "$have_hash" = "$hash" ] || ok=0
    for e in ${extras//,/ }; do
        [[ ",$have_extras," == *",$e,"* ]] || ok=0
    done
    if [ $ok -eq 0 ]; then
        say "installing gradscape[$extras] into $VENV"
        # (a checkout from before the rename has the old distribution's editable install)
        "$VENV/bin/python" -m pip uninstall -y -q losscape >/dev/null 2>&1 || true
        quiet_pip install -q --upgrade pip
        quiet_pip install -q -e ".[$extras]"
        echo "$hash $extras" > "$stamp"
    fi
}

lint() {
    # The tree must be clean before any test runs: ruff over everything, mypy over core/
    # (both configured in pyproject.toml).
    say "ruff check ."
    "$VENV/bin/python" -m ruff check . || {
        say "ruff found the problems above: fix them (ruff check --fix . fixes some), then test again"
        exit 1
    }
    say "mypy (core/)"
    "$VENV/bin/python" -m mypy || {
        say "mypy found the type errors above in core/: fix them, then test again"
        exit 1
    }
}

cmd="${1:-}"; shift || true
case "$cmd" in
    run)
        ensure_system_packages
        ensure_venv "export,data"
        exec "$VENV/bin/gradscape" "$@"
        ;;
    test)
        ensure_system_packages $TEST_PKGS
        ensure_venv "export,data,test"
        lint
        # The suite renders real OpenGL under Xvfb + Mesa: a GL test may not skip here.
        export REQUIRE_GL=1 QT_QPA_PLATFORM=xcb OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
        set +e
        xvfb-run -a -s "-screen 0 1280x1024x24" "$VENV/bin/python" -m pytest "$@"
        rc=$?
        set -e
        if [ $rc -eq 5 ]; then say "pytest collected no tests: that is a failure"; exit 1; fi
        exit $rc
        ;;
    i18n)
        ensure_system_packages qt6-l10n-tools
        ensure_venv "export,data,test"
        exec "$VENV/bin/python" tools/i18n.py "${@:-update}"
        ;;
    *)
        sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
