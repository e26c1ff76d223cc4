#!/usr/bin/env bash
# The SMTP delivery benchmark: `digest send` against Postfix's smtp-source, Python's smtplib
# and mailmerge (PyPI), all sending to one smtp-sink on 127.0.0.1.
#
#   bash Tests/Benchmarks/send.sh [--quick] [--sizes 2000,20000] [--connections 1,4] [--repeat R] [--latency-only]
#
# As root on a fresh Debian 12 machine with the Swift toolchain, it installs what it needs
# (postfix for smtp-sink and smtp-source, without configuring or starting the mail server;
# /usr/bin/time; gcc; python3 and pip; mailmerge from PyPI), builds digest in release mode
# and Tests/Benchmarks/plain-libcurl.c
# (DIGEST_BUILD_PATH sets the build folder, default .build), and runs send.py, which prints
# a table of seconds, messages per second, the ratio to smtp-source and peak memory, then
# one line per goal: digest at least 0.9 x smtp-source's rate at the same number of
# connections, and under 32 MB of memory at 100,000 subscribers. Then the same clients
# through Tests/Benchmarks/latency-proxy.py (5, 20 and 40 ms each way, K = 1, 8 and 16, 400
# messages): a relay on another network. Options go to send.py (--latency-only: just those).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

bash .ci/setup   # git, the word list, libcurl: what building digest needs

as_root=()
if [[ $(id -u) -ne 0 ]]; then as_root=(sudo); fi
apt_get=("${as_root[@]}" apt-get -o DPkg::Lock::Timeout=120 -y -q)
missing=()
for package in postfix time curl gcc python3 python3-pip; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    "${apt_get[@]}" update >/dev/null
    if [[ " ${missing[*]} " == *" postfix "* ]]; then
        # Installing postfix would replace another mail server (exim4, sendmail...): refuse.
        if "${apt_get[@]}" -s install --no-install-recommends postfix | grep -q '^Remv'; then
            echo "installing postfix would remove another mail server; install postfix yourself to run this benchmark" >&2
            exit 1
        fi
        # "No configuration": no main.cf, no questions, and a mail server that cannot start.
        echo "postfix postfix/main_mailer_type select No configuration" | "${as_root[@]}" debconf-set-selections
        # ...and no attempt to start it during the install either.
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
        # Had anything started it all the same, stop it: nothing should listen on port 25.
        if "${as_root[@]}" /usr/sbin/postfix status >/dev/null 2>&1; then "${as_root[@]}" /usr/sbin/postfix stop >/dev/null 2>&1 || true; fi
    else
        "${apt_get[@]}" install --no-install-recommends "${missing[@]}" >/dev/null
    fi
fi

if ! python3 -c "import mailmerge" >/dev/null 2>&1; then
    pip=(python3 -m pip install --quiet --disable-pip-version-check)
    "${pip[@]}" "mailmerge>=2.2,<3" 2>/dev/null || "${pip[@]}" --break-system-packages "mailmerge>=2.2,<3" >&2
fi

build=(swift build -c release --static-swift-stdlib --product digest)
if [[ -n ${DIGEST_BUILD_PATH:-} ]]; then build+=(--scratch-path "$DIGEST_BUILD_PATH"); fi
"${build[@]}" 2>&1 | tail -n 1
digest=${DIGEST_BUILD_PATH:-$root/.build}/release/digest

# Plain libcurl in C, the floor under digest's transport: the same library, nothing else.
plain=${DIGEST_BUILD_PATH:-$root/.build}/plain-libcurl
cc -O2 -o "$plain" Tests/Benchmarks/plain-libcurl.c -lcurl -lpthread

python3 Tests/Benchmarks/send.py --digest "$digest" --plain-libcurl "$plain" --repo "$root" "$@"
