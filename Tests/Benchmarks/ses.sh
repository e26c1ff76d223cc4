#!/usr/bin/env bash
# The SES route benchmark: `digest send --via ses://us-east-1` against plain libcurl
# (Tests/Benchmarks/plain-libcurl-ses.c: the same signed SendEmail requests, K in flight on
# one multi handle), both at one nginx on 127.0.0.1 answering canned SendEmail and
# GetAccount replies (DIGEST_SES_ENDPOINT points digest at it).
#
#   bash Tests/Benchmarks/ses.sh [--quick] [--sizes 2000,20000] [--connections 1,8] [--memory-size 100000] [--fixed-size 20] [--repeat 3]
#
# As root on a fresh Debian 12 machine with the Swift toolchain, it installs what it needs
# (nginx, not started as a service; /usr/bin/time; gcc; openssl), builds digest in release
# mode (DIGEST_BUILD_PATH sets the build folder, default .build) and the C reference, and
# runs ses.py, which prints messages per second at K = 1 and 8 without DKIM, digest's ratio
# to plain libcurl (goal: at least 0.9), the rate with DKIM (RSA and Ed25519), and digest's
# peak memory sending to 100,000 readers with RSA DKIM signing on (goal: under 40 MB).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

bash .ci/setup   # git, the word list, libcurl: what building digest needs

as_root=()
if [[ $(id -u) -ne 0 ]]; then as_root=(sudo); fi
apt_get=("${as_root[@]}" apt-get -o DPkg::Lock::Timeout=120 -y -q)
missing=()
for package in nginx time gcc openssl python3; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${apt_get[@]}" update >/dev/null
    # Debian starts nginx on port 80 when it is installed: a policy-rc.d that says no keeps
    # it from starting (the benchmark runs its own on a loopback port).
    if [[ ! -e /usr/sbin/policy-rc.d && $(id -u) -eq 0 ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
        "${apt_get[@]}" install --no-install-recommends "${missing[@]}" >/dev/null
        rm -f /usr/sbin/policy-rc.d
        trap - EXIT
    else
        "${apt_get[@]}" install --no-install-recommends "${missing[@]}" >/dev/null
    fi
fi

build=(swift build -c release --static-swift-stdlib --product digest)
if [[ -n ${DIGEST_BUILD_PATH:-} ]]; then build+=(--scratch-path "$DIGEST_BUILD_PATH"); fi
"${build[@]}" 2>&1 | tail -n 1
digest=${DIGEST_BUILD_PATH:-$root/.build}/release/digest

plain=${DIGEST_BUILD_PATH:-$root/.build}/plain-libcurl-ses
cc -O2 -o "$plain" Tests/Benchmarks/plain-libcurl-ses.c -lcurl

python3 Tests/Benchmarks/ses.py --digest "$digest" --plain "$plain" --repo "$root" "$@"
