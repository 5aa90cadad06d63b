#!/usr/bin/env bash
# The operator's one command: migrate, check, build the site and the diaries, print what is
# due, then publish the static output to a local folder or an rsync destination atomically.
#
#   ./publish.sh [--db PATH] [--target DIR | USER@HOST:PATH | s3://BUCKET/PREFIX] [--keep N]
#                [--build DIR] [--archive DIR]
#
# A local target gets target/releases/<time>/{site,diary} and the symlink target/current is
# switched in one rename, so readers see the old build or the new one, never a mix; the
# previous releases are kept for rollback (`ln -sfn releases/<time> target/current`).
# An rsync target receives the new files with --delay-updates (they appear together at the
# end) and the replaced files are kept in PATH/.previous/<time>/.
# An s3:// target (storage settings: var/secrets/storage.toml) gets a new prefix per build,
# PREFIX/releases/<time>/, and the school's gate names the current one to nginx; old releases
# go after a grace period (`ejsync publish`). The diary's token manifest is never uploaded.
set -euo pipefail
cd "$(dirname "$0")"

DB="db/school.db"
TARGET="${EJSYNC_PUBLISH_TARGET:-public}"
KEEP=5
SERVER_GROUP="${EJSYNC_PUBLISH_GROUP:-www-data}"  # the group nginx reads the diary as
BUILD="build"
ARCHIVE="archive"

say()  { printf '\033[1m==> %s\033[0m\n' "$*"; }
usage() {
    cat <<'USAGE'
Использование: ./publish.sh [ПАРАМЕТРЫ]

Одна команда оператора: обновить базу, проверить журнал, собрать сайт и дневники,
напечатать то, что положено, и опубликовать результат атомарно.

Параметры:
  --db ПУТЬ              база школы (по умолчанию db/school.db)
  --target КАТАЛОГ       куда публиковать: каталог на этом компьютере
  --target ПОЛЬЗОВАТЕЛЬ@СЕРВЕР:ПУТЬ
                         или адрес rsync (по умолчанию $EJSYNC_PUBLISH_TARGET или public)
  --target s3://КОРЗИНА/ПАПКА
                         или хранилище S3 (настройки: var/secrets/storage.toml)
  --keep N               сколько прежних выпусков хранить для отката (по умолчанию 5)
  --build КАТАЛОГ        каталог сборки (по умолчанию build)
  --archive КАТАЛОГ      архив печатных изданий (по умолчанию archive)
  -h, --help             показать эту справку

Дневник в локальном каталоге читает только группа веб-сервера ($EJSYNC_PUBLISH_GROUP,
по умолчанию www-data), по rsync — владелец и его группа; другим пользователям он закрыт.

В локальном каталоге каждый выпуск лежит в releases/<время>/, а ссылка current
переключается одним переименованием: читатели видят старую сборку или новую, но не смесь.
Откат: ln -sfn releases/<время> КАТАЛОГ/current.
В хранилище S3 каждый выпуск лежит в ПАПКА/releases/<время>/, шлюз школы называет nginx
текущий; прежние удаляются после льготного срока (ejsync publish).
USAGE
}
fail() { printf '\033[1;31mОшибка:\033[0m %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --db) DB="${2:?укажите путь после --db}"; shift 2 ;;
        --target) TARGET="${2:?укажите каталог или адрес rsync после --target}"; shift 2 ;;
        --keep) KEEP="${2:?укажите число после --keep}"; shift 2 ;;
        --build) BUILD="${2:?укажите каталог после --build}"; shift 2 ;;
        --archive) ARCHIVE="${2:?укажите каталог после --archive}"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) fail "неизвестный параметр «$1». Использование: ./publish.sh [--db PATH] [--target DIR|USER@HOST:PATH|s3://КОРЗИНА/ПАПКА] [--keep N]" ;;
    esac
done
[[ "$KEEP" =~ ^[1-9][0-9]*$ ]] || fail "--keep должно быть целым числом не меньше 1."

PYTHON="${EJSYNC_PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || fail "не найден $PYTHON: сначала установите ejsync (./quickstart.sh up) или укажите интерпретатор в EJSYNC_PYTHON."
EJSYNC=("$PYTHON" -m ejsync)
[ -f "$DB" ] || fail "база данных $DB не найдена. Создайте её: ejsync migrate --db $DB (или ejsync demo)."

summary=()
started=$(date +%s)

say "1/5 Миграции базы"
"${EJSYNC[@]}" migrate --db "$DB"
summary+=("база: миграции применены")

say "2/5 Полная проверка по регламенту"
mkdir -p "$BUILD"
status=0
"${EJSYNC[@]}" check --db "$DB" --full > "$BUILD/check.txt" 2>&1 || status=$?
case $status in
    0) summary+=("проверка: нарушений уровня «ошибка» нет") ;;
    1) summary+=("проверка: есть открытые нарушения (подробно: $BUILD/check.txt)") ;;
    *) cat "$BUILD/check.txt" >&2; fail "проверка не выполнена (код $status)." ;;
esac
tail -n 3 "$BUILD/check.txt"

say "3/5 Сборка дневников и сайта"
"${EJSYNC[@]}" build --db "$DB" --out "$BUILD/diary"
"${EJSYNC[@]}" site --db "$DB" --out "$BUILD/site"
"${EJSYNC[@]}" guides --db "$DB" --out "$BUILD/site/help/pdf"
summary+=("дневники: $(find "$BUILD/diary" -mindepth 1 -maxdepth 1 -type d -not -name '.*' | wc -l) учеников; сайт: $(find "$BUILD/site" -name '*.html' | wc -l) страниц; руководства: $(find "$BUILD/site/help/pdf" -name '*.pdf' | wc -l) PDF")

say "4/5 Печатные издания, срок которых наступил"
"${EJSYNC[@]}" print due --db "$DB" --out "$ARCHIVE"
summary+=("печать: по расписанию выполнена (архив $ARCHIVE)")

say "5/5 Публикация в $TARGET"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
if [[ "$TARGET" == s3://* ]]; then
    "${EJSYNC[@]}" publish --db "$DB" --build "$BUILD" --target "$TARGET" --keep "$KEEP" \
        || fail "публикация в $TARGET не удалась; читатели видят прежний выпуск."
    summary+=("опубликовано: $TARGET (новый выпуск, читатели переключены)")
elif [[ "$TARGET" == *:* ]]; then
    command -v rsync >/dev/null || fail "для публикации по адресу $TARGET нужен rsync (apt-get install rsync)."
    for part in site diary; do
        modes=()
        [ "$part" = diary ] && modes=(--chmod=D750,F640)  # the diary: nobody but its server
        # hidden files (the diary's manifest, temporary files) are never published
        rsync -a "${modes[@]}" --exclude='.*' --delete-after --delay-updates --backup --backup-dir=".previous/$stamp/$part" \
            "$BUILD/$part/" "$TARGET/$part/" || fail "rsync в $TARGET/$part не удался; опубликованная версия не изменилась."
    done
    summary+=("опубликовано: $TARGET (прежние файлы: .previous/$stamp)")
else
    release="$TARGET/releases/$stamp"
    mkdir -p "$release" || fail "не могу создать $release: проверьте права."
    cp -a "$BUILD/site" "$release/site"
    cp -a "$BUILD/diary" "$release/diary"
    find "$release/diary" -name '.*' -prune -exec rm -rf {} +  # the manifest, temporary files
    # The diary is read by the web server's group only, never by other users of this machine.
    chmod -R u=rwX,g=rX,o= "$release/diary"
    if ! chgrp -R "$SERVER_GROUP" "$release/diary" 2>/dev/null; then
        printf '\033[1;33mВнимание:\033[0m группа %s недоступна: дневник читает только %s. Укажите группу веб-сервера в EJSYNC_PUBLISH_GROUP.\n' "$SERVER_GROUP" "$(id -un)"
    fi
    ln -sfn "releases/$stamp" "$TARGET/.current.new"
    mv -T "$TARGET/.current.new" "$TARGET/current"
    mapfile -t old < <(ls -1d "$TARGET"/releases/*/ | sort | head -n -"$KEEP")
    for dir in "${old[@]}"; do rm -rf "$dir"; done
    summary+=("опубликовано: $TARGET/current → releases/$stamp (хранится выпусков: $(ls -1d "$TARGET"/releases/*/ | wc -l))")
fi

say "Готово за $(( $(date +%s) - started )) с"
for line in "${summary[@]}"; do printf '  • %s\n' "$line"; done
