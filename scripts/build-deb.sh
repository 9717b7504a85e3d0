#!/usr/bin/env bash
# Builds the Debian package the Debian way (debian/, debhelper, `dpkg-buildpackage -b -us -uc`)
# and prints the path of port0_VERSION_ARCH.deb as the last line of output.
#
#   scripts/build-deb.sh [--output DIR]
#
# --output  directory for the .deb, the -dbgsym package, .buildinfo and .changes
#           (default: .build/deb)
#
# `swift` must be on PATH (the swift.org toolchain; debian/rules runs
# `swift build -c release --static-swift-stdlib`). dpkg-buildpackage builds inside the source
# tree and writes its results to the parent directory, so this runs it on a copy of the tree
# in .build-deb/port0 (made and built by scripts/build-release) and moves the results to DIR.
# The copy keeps its SwiftPM build directory between runs (rebuilds are incremental;
# `rm -rf .build-deb` starts afresh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.build/deb"
die() { echo "build-deb.sh: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
    case "$1" in
        --output) [ $# -ge 2 ] || die "--output needs a directory"; out=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build-deb.sh: unknown argument '$1' (expected --output DIR)" >&2; exit 64 ;;
    esac
done
command -v swift >/dev/null || die "no swift on PATH (install the toolchain from swift.org)"
command -v dpkg-buildpackage >/dev/null || die "no dpkg-buildpackage (run scripts/setup)"

work="$root/.build-deb"
src="$work/port0"
mkdir -p "$work"
# The copy is shared with scripts/build-release (valgrind-check and test-kernel take its
# binary): held for the whole package build so that nobody refreshes it meanwhile.
exec 9>"$work/.lock"
flock 9
# The tree as committed and edited, copied (without build directories) and built by
# debian/rules' own build target; dpkg-buildpackage's dh_auto_build then finds it up to date.
PORT0_BUILD_DEB_LOCKED=1 "$root/scripts/build-release" >/dev/null
version=$(cd "$src" && dpkg-parsechangelog -SVersion)
arch=$(dpkg --print-architecture)
rm -f "$work"/port0_"$version"_* "$work"/port0-dbgsym_"$version"_*
# -nc: the copy is fresh from the tree already (rsync removed debian/'s build leftovers), and
# `debian/rules clean` would delete the SwiftPM build directory.
(cd "$src" && dpkg-buildpackage -b -us -uc -nc) >&2

mkdir -p "$out"
out=$(cd "$out" && pwd)
for file in "$work"/port0_"$version"_"$arch".{deb,buildinfo,changes} "$work"/port0-dbgsym_"$version"_"$arch".{deb,ddeb}; do
    [ -f "$file" ] && mv -f "$file" "$out/"
done
deb="$out/port0_${version}_${arch}.deb"
[ -f "$deb" ] || die "dpkg-buildpackage made no $deb"
echo "$deb"
