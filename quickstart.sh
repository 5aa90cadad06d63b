#!/usr/bin/env bash
# The two Quick start commands: `./quickstart.sh up` (install and run the demo school)
# and `./quickstart.sh test` (install and run the whole test suite).
set -euo pipefail
cd "$(dirname "$0")"

SYSTEM_PACKAGES=(chromium fonts-dejavu-core fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0
                 libharfbuzz-subset0 nginx-light poppler-utils zbar-tools wrk hugo)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

install_system_packages() {
    local missing=()
    for pkg in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "Устанавливаю системные пакеты: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

python_bin() {
    for candidate in python3.11 python3.12 python3; do
        command -v "$candidate" >/dev/null && { echo "$candidate"; return; }
    done
    echo "Нужен Python 3.11: установите его и повторите." >&2
    exit 1
}

install_python_packages() {
    local extras="$1"
    if [ ! -x .venv/bin/python ]; then
        say "Создаю виртуальное окружение .venv"
        "$(python_bin)" -m venv .venv
    fi
    say "Устанавливаю ejsync и зависимости"
    .venv/bin/pip install -q -e ".${extras}"
}

case "${1:-}" in
    up)
        shift
        install_system_packages
        install_python_packages ""
        exec .venv/bin/ejsync up "$@"
        ;;
    test)
        shift
        install_system_packages
        install_python_packages "[test]"
        say "Запускаю тесты"
        exec .venv/bin/python -m pytest "$@"
        ;;
    *)
        echo "Использование: ./quickstart.sh up | test" >&2
        exit 2
        ;;
esac
