#!/usr/bin/env bash
# Builds port0_VERSION_ARCH.deb with dpkg-deb (no debhelper) and prints its path as the
# last line of output.
#
#   scripts/build-deb.sh [--binary PATH] [--output DIR] [--allow-unpackaged-libs]
#
# --binary   package this port0 instead of a fresh
#            `swift build -c release --static-swift-stdlib` (the Swift runtime is linked in,
#            so the package needs only Debian libraries)
# --output   directory for the .deb (default: .build/deb)
# --allow-unpackaged-libs
#            for tests with a debug build: libraries no Debian package provides (the
#            toolchain's Swift runtime) are left out of Depends instead of failing
#
# Contents: /usr/sbin/port0, /lib/systemd/system/port0.service, the man page, bash/zsh/fish
# completions, /etc/default/port0 (a conffile). No maintainer scripts: installing never
# enables, starts or applies anything; `systemctl enable --now port0` does.
# Depends comes from dpkg-shlibdeps (libnftnl11, libmnl0, libc6, ...).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=""
out="$root/.build/deb"
shlibdeps_flags=()
die() { echo "build-deb.sh: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) [ $# -ge 2 ] || die "--binary needs a path"; bin=$2; shift 2 ;;
        --output) [ $# -ge 2 ] || die "--output needs a directory"; out=$2; shift 2 ;;
        --allow-unpackaged-libs) shlibdeps_flags+=(--ignore-missing-info); shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-deb.sh: unknown argument '$1' (expected --binary PATH, --output DIR, --allow-unpackaged-libs)" >&2; exit 64 ;;
    esac
done
if [ -z "$bin" ]; then
    (cd "$root" && swift build -c release --static-swift-stdlib --product port0) >&2
    bin="$(cd "$root" && swift build -c release --show-bin-path)/port0"
fi
[ -x "$bin" ] || die "no executable port0 at $bin"

version=$("$bin" --version)
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || die "'$bin --version' printed '$version', not a Debian version"
arch=$(dpkg --print-architecture)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pkg="$work/pkg"
install -d "$pkg/DEBIAN" "$pkg/usr/sbin" "$pkg/lib/systemd/system" "$pkg/etc/default" \
    "$pkg/usr/share/man/man1" "$pkg/usr/share/bash-completion/completions" \
    "$pkg/usr/share/zsh/vendor-completions" "$pkg/usr/share/fish/vendor_completions.d" \
    "$pkg/usr/share/doc/port0"
install -m 0755 "$bin" "$pkg/usr/sbin/port0"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$pkg/usr/sbin/port0"
install -m 0644 "$root/scripts/systemd/port0.service" "$pkg/lib/systemd/system/port0.service"
install -m 0644 "$root/scripts/systemd/port0.default" "$pkg/etc/default/port0"
gzip -9n < "$root/docs/man/port0.1" > "$pkg/usr/share/man/man1/port0.1.gz"
install -m 0644 "$root/docs/completions/port0.bash" "$pkg/usr/share/bash-completion/completions/port0"
install -m 0644 "$root/docs/completions/_port0" "$pkg/usr/share/zsh/vendor-completions/_port0"
install -m 0644 "$root/docs/completions/port0.fish" "$pkg/usr/share/fish/vendor_completions.d/port0.fish"
chmod 0644 "$pkg"/usr/share/man/man1/port0.1.gz
# Debian policy: the licence goes to /usr/share/doc/PACKAGE/copyright.
if [ -f "$root/LICENSE" ]; then
    install -m 0644 "$root/LICENSE" "$pkg/usr/share/doc/port0/copyright"
fi
cat > "$pkg/usr/share/doc/port0/README.Debian" <<'DOC'
port0 for Debian
================
Installing the package enables and starts nothing. To drop port-0 packets from early boot:
edit /etc/default/port0, then `systemctl enable --now port0`. `systemctl reload port0`
re-applies after an edit; `systemctl stop port0` removes the table. Removing the package
leaves an applied table in place: stop the service first. See port0(1).
DOC

# Depends from the ELF's needed libraries, as Debian packages do it.
mkdir -p "$work/src/debian"
printf 'Source: port0\n\nPackage: port0\nArchitecture: any\n' > "$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O "${shlibdeps_flags[@]}" "$pkg/usr/sbin/port0" 2>"$work/shlibdeps.log" \
    | sed -n 's/^shlibs:Depends=//p') || { cat "$work/shlibdeps.log" >&2; die "dpkg-shlibdeps failed"; }
for needed in libnftnl11 libmnl0; do
    [[ ",$depends" == *", $needed "* || ",$depends" == *",$needed "* || ",$depends" == *", $needed" ]] \
        || die "Depends '$depends' lacks $needed: is $bin linked against it?"
done

size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: port0
Version: $version
Architecture: $arch
Maintainer: port0 maintainers <port0@localhost>
Installed-Size: $size
Depends: $depends
Section: net
Priority: optional
Description: drop TCP/UDP packets with source or destination port 0
 port0 installs one nftables table that drops TCP and UDP port-0 traffic
 (IPv4 and IPv6, inbound, outbound and forwarded) without matching later IP
 fragments, in one atomic netlink batch. It also renders the ruleset for
 nft -f. A systemd unit (disabled) applies it at boot from /etc/default/port0.
CONTROL
echo /etc/default/port0 > "$pkg/DEBIAN/conffiles"
(cd "$pkg" && find . -type f ! -path './DEBIAN/*' ! -path './etc/*' -printf '%P\0' | sort -z | xargs -0 md5sum) \
    > "$pkg/DEBIAN/md5sums"
find "$pkg" -type d -exec chmod 0755 {} +

mkdir -p "$out"
deb="$(cd "$out" && pwd)/port0_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >&2
echo "$deb"
