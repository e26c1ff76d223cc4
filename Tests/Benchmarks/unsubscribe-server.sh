#!/usr/bin/env bash
# The one-click unsubscribe endpoint under load: Debian's wrk against
# `digest unsubscribe-server` on 127.0.0.1, reporting requests per second and p99 latency.
#
#   bash Tests/Benchmarks/unsubscribe-server.sh [--debug] [--readers N] [--seconds S] [--connections C]
#
# Two runs in one go: GET (the confirm page: HTTP, token check, HTML; nothing written), the
# reference, and POST (List-Unsubscribe=One-Click for a different reader each time: each
# request appended to the log and fsynced, then applied to a list of N readers, before its
# 200). The ratio between them is the cost of durability. It installs wrk, builds digest in
# release mode (--debug: the debug build, quicker to make), and makes a throwaway repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

configuration=release readers=20000 seconds=10 connections=32
while (($#)); do
    case $1 in
        --debug) configuration=debug ;;
        --readers) readers=$2; shift ;;
        --seconds) seconds=$2; shift ;;
        --connections) connections=$2; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

as_root=()
if [[ $(id -u) -ne 0 ]]; then as_root=(sudo); fi
command -v wrk >/dev/null || "${as_root[@]}" apt-get -o DPkg::Lock::Timeout=120 -y -q install wrk >/dev/null

scratch=${DIGEST_BUILD_PATH:-$root/.build}
swift build -c "$configuration" --product digest --scratch-path "$scratch" 2>&1 | tail -n 1
digest=$scratch/$configuration/digest

work=$(mktemp -d)
server=""
trap '[[ -n $server ]] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/repo/Subscribers"
cp digest.yaml "$work/repo/"
export DIGEST_UNSUBSCRIBE_SECRET=benchmark-secret-0123456789abcdef

# The list, and one link per reader made as digest send makes them: HMAC-SHA256 of
# "list id NUL address", its first 16 bytes in hex.
python3 - "$work" "$readers" <<'PY'
import hashlib, hmac, os, sys
work, count = sys.argv[1], int(sys.argv[2])
secret = os.environ["DIGEST_UNSUBSCRIBE_SECRET"].encode()
with open(f"{work}/repo/Subscribers/subscribers.csv", "w") as lst, open(f"{work}/paths.lua", "w") as lua:
    lst.write("address,name,status,subscribed,changed\n")
    lua.write("paths = {\n")
    for n in range(count):
        address = f"reader{n}@example.org"
        lst.write(f"{address},,subscribed,2026-01-01,2026-01-01\n")
        token = hmac.new(secret, b"alliance-digest.spfusa.org\0" + address.encode(), hashlib.sha256).hexdigest()[:32]
        lua.write(f'"/unsubscribe?reader={address.replace("@", "%40")}&token={token}",\n')
    lua.write("}\n")
PY
cat > "$work/get.lua" <<'LUA'
dofile(os.getenv("PATHS"))
local i = 0
request = function()
    i = i + 1
    return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
cat > "$work/post.lua" <<'LUA'
dofile(os.getenv("PATHS"))
-- Each wrk thread starts 7919 readers after the last, so they send different readers.
local i, step = 0, 0
setup = function(thread) step = step + 1; thread:set("start", step * 7919) end
request = function()
    i = i + 1
    return wrk.format("POST", paths[((start or 0) + i) % #paths + 1],
        {["Content-Type"] = "application/x-www-form-urlencoded"}, "List-Unsubscribe=One-Click")
end
LUA
export PATHS=$work/paths.lua

cd "$work/repo"
"$digest" unsubscribe-server --listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.err" &
server=$!
for _ in $(seq 600); do grep -q '^listening on ' "$work/server.out" && break; sleep 0.1; done
port=$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$work/server.out")
[[ -n $port ]] || { echo "the server did not start: $(cat "$work/server.err")" >&2; exit 1; }

echo "digest unsubscribe-server ($configuration), $readers readers, $connections connections, ${seconds}s each, wrk on loopback"
printf "%-6s %12s %12s %12s %10s\n" method requests/s "p50 ms" "p99 ms" non-2xx
summary() {
    local method=$1 output=$2
    local rate p50 p99 errors
    rate=$(awk '/^Requests\/sec/ {print $2}' <<<"$output")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$output")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$output")
    errors=$(awk '/Non-2xx/ {print $5}' <<<"$output")
    to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v / 1000; else if (v ~ /ms$/) printf "%.2f", v + 0; else printf "%.2f", v * 1000 }'; }
    printf "%-6s %12s %12s %12s %10s\n" "$method" "$rate" "$(to_ms "$p50")" "$(to_ms "$p99")" "${errors:-0}"
}
summary GET "$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/get.lua" "http://127.0.0.1:$port")"
summary POST "$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port")"
unsubscribed=$(grep -c ',unsubscribed,' Subscribers/subscribers.csv || true)
logged=$(wc -l <.digest/unsubscribe/requests.log)
echo "after the POST run: $logged requests logged, $unsubscribed readers unsubscribed"
