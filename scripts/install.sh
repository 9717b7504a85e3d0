#!/usr/bin/env bash
# Installs port0: the release binary, the systemd units, /etc/default/port0, the man page and
# the bash/zsh/fish completions. Nothing is enabled, started or applied.
#
#   scripts/install.sh [--binary PATH]      install (default binary: a fresh
#                                           `swift build -c release --static-swift-stdlib`)
#   scripts/install.sh --uninstall          remove exactly what the install put there
#
# Environment: PREFIX (default /usr/local), DESTDIR (staging root, default none),
# SYSCONFDIR (default /etc), SYSTEMDUNITDIR (default $PREFIX/lib/systemd/system; systemd
# reads /usr/local/lib/systemd/system and /usr/lib/systemd/system).
#
# The install records every file (with its checksum) and every directory it created in
# $PREFIX/share/port0/install-manifest; --uninstall removes those files, keeps any that
# were edited since (e.g. /etc/default/port0), and removes the directories if empty.
# An existing /etc/default/port0 is never overwritten.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
SYSCONFDIR=${SYSCONFDIR:-/etc}
SYSTEMDUNITDIR=${SYSTEMDUNITDIR:-$PREFIX/lib/systemd/system}
manifest="$PREFIX/share/port0/install-manifest"

die() { echo "install.sh: $*" >&2; exit 1; }

mode=install
bin=""
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) [ $# -ge 2 ] || die "--binary needs a path"; bin=$2; shift 2 ;;
        --uninstall) mode=uninstall; shift ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (expected --binary PATH or --uninstall)" >&2; exit 64 ;;
    esac
done
case "$PREFIX" in /*) ;; *) die "PREFIX must be an absolute path, got '$PREFIX'" ;; esac

if [ "$mode" = uninstall ]; then
    [ -f "$DESTDIR$manifest" ] || die "nothing to uninstall: no $DESTDIR$manifest"
    mapfile -t entries < "$DESTDIR$manifest"
    rm -f "$DESTDIR$manifest"
    for entry in "${entries[@]}"; do
        read -r kind sum path <<< "$entry"
        [ "$kind" = f ] || continue
        target="$DESTDIR$path"
        if [ ! -e "$target" ]; then
            continue
        elif [ "$(sha256sum < "$target" | cut -d' ' -f1)" = "$sum" ]; then
            rm -f "$target"
            echo "removed $target"
        else
            echo "install.sh: kept $target: changed since it was installed" >&2
        fi
    done
    # Directories were recorded outermost first: remove innermost first, only if empty.
    for ((i = ${#entries[@]} - 1; i >= 0; i--)); do
        read -r kind path <<< "${entries[i]}"
        [ "$kind" = d ] || continue
        rmdir "$DESTDIR$path" 2>/dev/null && echo "removed $DESTDIR$path/" || true
    done
    exit 0
fi

if [ -z "$bin" ]; then
    (cd "$root" && swift build -c release --static-swift-stdlib --disable-local-rpath --product port0) >&2
    bin="$(cd "$root" && swift build -c release --show-bin-path)/port0"
fi
[ -x "$bin" ] || die "no executable port0 at $bin"
for f in docs/man/port0.1 docs/completions/port0.bash docs/completions/_port0 docs/completions/port0.fish \
    scripts/systemd/port0.service scripts/systemd/port0-guard.service scripts/systemd/port0.default; do
    [ -f "$root/$f" ] || die "missing $root/$f"
done
[ -f "$DESTDIR$manifest" ] && die "already installed (see $DESTDIR$manifest): run --uninstall first"

dirs=()
files=()
# mkdir -p that remembers each directory it creates, outermost first.
make_dir() {
    local path=$1 parent
    [ -d "$DESTDIR$path" ] && return 0
    parent=$(dirname "$path")
    [ "$parent" != "$path" ] && make_dir "$parent"
    mkdir "$DESTDIR$path"
    dirs+=("$path")
}
# put MODE SOURCE DEST: copies SOURCE to DESTDIR/DEST.
put() {
    local mode=$1 source=$2 dest=$3
    make_dir "$(dirname "$dest")"
    install -m "$mode" "$source" "$DESTDIR$dest"
    files+=("f $(sha256sum < "$DESTDIR$dest" | cut -d' ' -f1) $dest")
    echo "installed $DESTDIR$dest"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for unit in port0.service port0-guard.service; do
    sed "s|/usr/sbin/port0|$PREFIX/sbin/port0|g" "$root/scripts/systemd/$unit" > "$tmp/$unit"
done

put 0755 "$bin" "$PREFIX/sbin/port0"
put 0644 "$tmp/port0.service" "$SYSTEMDUNITDIR/port0.service"
put 0644 "$tmp/port0-guard.service" "$SYSTEMDUNITDIR/port0-guard.service"
put 0644 "$root/docs/man/port0.1" "$PREFIX/share/man/man1/port0.1"
put 0644 "$root/docs/completions/port0.bash" "$PREFIX/share/bash-completion/completions/port0"
put 0644 "$root/docs/completions/_port0" "$PREFIX/share/zsh/site-functions/_port0"
put 0644 "$root/docs/completions/port0.fish" "$PREFIX/share/fish/vendor_completions.d/port0.fish"
if [ -e "$DESTDIR$SYSCONFDIR/default/port0" ]; then
    echo "install.sh: kept existing $DESTDIR$SYSCONFDIR/default/port0" >&2
else
    put 0644 "$root/scripts/systemd/port0.default" "$SYSCONFDIR/default/port0"
fi

make_dir "$PREFIX/share/port0"
{
    printf 'd %s\n' "${dirs[@]}"
    printf '%s\n' "${files[@]}"
} > "$DESTDIR$manifest"
echo "installed $DESTDIR$manifest"
if [ -z "$DESTDIR" ]; then
    echo "install.sh: edit $SYSCONFDIR/default/port0, then: systemctl daemon-reload && systemctl enable --now port0" >&2
fi
