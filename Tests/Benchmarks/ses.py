#!/usr/bin/env python3
"""The SES route benchmark: digest against plain libcurl, both at one fast loopback nginx.

Run by Tests/Benchmarks/ses.sh, which installs nginx, /usr/bin/time and gcc and builds
digest and Tests/Benchmarks/plain-libcurl-ses.c; this script does the rest:

  python3 Tests/Benchmarks/ses.py --digest .build/release/digest --plain PROGRAM
      [--sizes 2000,20000] [--connections 1,8] [--memory-size 100000] [--fixed-size 20] [--repeat 3] [--quick]

nginx on 127.0.0.1 (a free port, one worker) answers every POST /v2/email/outbound-emails
with a canned SendEmail reply ({"MessageId": …}) and GET /v2/email/account with a canned
GetAccount whose quota is far above anything here (so digest paces nothing); its stub_status
counts the requests, which confirms that every message arrived. For each list size N and K:

  digest   DIGEST_SES_ENDPOINT=http://127.0.0.1:PORT digest send ISSUE --via ses://us-east-1
           --subscribers FILE --connections K --yes, from a temporary copy of the
           repository (send.py's), no DKIM key: everything digest does, its lint of the
           issue and the GetAccount request included
  libcurl  plain-libcurl-ses: the same SendEmail bodies (the raw messages read from the
           outbox copies `digest send --via maildir:` wrote for the same readers, so the
           bytes are digest's), signed by libcurl, K requests in flight on one multi handle

Then one digest run at --memory-size readers (100,000) with a DKIM key (RSA 2048, made by
openssl) for peak memory, and the rate with signing on at the largest N for both
algorithms. Wall time is around the process; CPU time (user + system) and peak memory (the
maximum resident set size) are /usr/bin/time's: on a busy machine the CPU time a message is
the steadier comparison. --repeat R makes each comparison (digest and plain libcurl at one N
and K) R rounds, the two in turn: msgs/s is a tool's fastest run, a ratio the median of the
rounds' ratios, so that a slow spell of a shared machine falls on both sides. Goals: digest at least 0.9 x
plain libcurl's rate at each K without signing; peak memory under 40 MB at 100,000 readers
with signing on. The rate goal is stated for each list size as well, with what one send costs
whatever its size (start-up and end: the lint check, rendering, GetAccount, the journal's
flushes, the summary), worked out from the smallest and largest sizes: that fixed cost weighs
on a 2,000-reader list (plain libcurl has next to none) and fades on a large one. It is also
measured directly, steadier than the extrapolation on a busy machine: both tools sending to
--fixed-size readers (20) at K = 1, the fastest of 3 x --repeat runs. Exit status 0
when every run delivered all its messages.
"""

import argparse
import email.parser
import http.client
import email.utils
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from send import TIME, Repo, digest_environment, free_port, has_send, in_turn, paired_ratio, timed_run  # noqa: E402

RATE_GOAL = 0.9
MEMORY_GOAL_MB = 40
REGION = "us-east-1"
NGINX = "/usr/sbin/nginx"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "AKIDBENCHMARK0000001", "AWS_SECRET_ACCESS_KEY": "benchmark/secret+key"}
NGINX_CONFIG = """
daemon off;
master_process off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    client_max_body_size 50m;
    client_body_buffer_size 1m;
    keepalive_requests 10000000;
    keepalive_timeout 120s;
    server {{
        listen 127.0.0.1:{port};
        location = /v2/email/outbound-emails {{
            default_type application/json;
            return 200 '{{"MessageId":"0100018c8f8e8e8e-1f2e3d4c-5b6a-7980-a1b2-c3d4e5f6a7b8-000000"}}';
        }}
        location = /v2/email/account {{
            default_type application/json;
            return 200 '{{"DedicatedIpAutoWarmupEnabled":false,"EnforcementStatus":"HEALTHY","ProductionAccessEnabled":true,"SendQuota":{{"Max24HourSend":10000000.0,"MaxSendRate":1000000.0,"SentLast24Hours":0.0}},"SendingEnabled":true}}';
        }}
        location = /status {{ stub_status; }}
    }}
}}
"""


class Nginx:
    """nginx on 127.0.0.1 answering canned SES replies; `requests()` from its stub_status."""

    def __init__(self, work):
        self.work = work / "nginx"
        self.work.mkdir()
        self.port = free_port()
        self.status_requests = 0
        (self.work / "nginx.conf").write_text(NGINX_CONFIG.format(work=self.work, port=self.port))
        self.log = open(self.work / "stderr", "wb")
        self.process = subprocess.Popen([NGINX, "-p", str(self.work), "-c", str(self.work / "nginx.conf")],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while self.requests() is None:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"nginx did not start: {(self.work / 'stderr').read_text(errors='replace')}"
                                 f"{(self.work / 'error.log').read_text(errors='replace') if (self.work / 'error.log').exists() else ''}")
            time.sleep(0.05)

    def requests(self):
        """Requests nginx has answered so far, its status requests not counted, or None."""
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            connection.request("GET", "/status")
            text = connection.getresponse().read().decode()
            connection.close()
        except OSError:
            return None
        self.status_requests += 1
        # "server accepts handled requests\n A H R": R counts the status requests too.
        return int(text.splitlines()[2].split()[2]) - self.status_requests

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class Result:
    def __init__(self, tool, n, k, seconds, cpu, peak_kb, arrived, ok, note=""):
        self.tool, self.n, self.k, self.seconds, self.cpu, self.peak_kb = tool, n, k, seconds, cpu, peak_kb
        self.arrived, self.ok, self.note = arrived, ok, note

    @property
    def rate(self):
        return self.arrived / self.seconds if self.seconds else 0.0


def measure(nginx, tool, n, k, command, cwd, work, env, before=None, extra_requests=0, note="", label=""):
    """Runs `command` once under /usr/bin/time. A run is good when it exits 0 and nginx
    answered n SendEmail requests (+ extra_requests)."""
    if before:
        before()
    requests0 = nginx.requests()
    rss = work / "rss"
    log = work / f"{tool}-{n}-{k}.log"
    print(f"  running {tool} N={n} K={k}{' ' + note if note else ''}{label} ...", file=sys.stderr, flush=True)
    with open(log, "wb") as out:
        returncode, seconds, timed_out = timed_run([TIME, "-o", str(rss), "-f", "%M %U %S", *command], cwd, env, out,
                                                   600 + n // 50)
    arrived = nginx.requests() - requests0 - extra_requests
    try:
        peak, user, system = rss.read_text().strip().splitlines()[-1].split()
        peak_kb, cpu = int(peak), float(user) + float(system)
    except (OSError, ValueError, IndexError):
        peak_kb, cpu = 0, 0.0
    ok = returncode == 0 and arrived == n
    result = Result(tool, n, k, seconds, cpu, peak_kb, arrived, ok, note)
    if not ok:
        status = "stopped for taking too long" if timed_out else f"exit {returncode}"
        print(f"  {tool} N={n} K={k}: {status}, {arrived} of {n} requests", file=sys.stderr)
        for line in log.read_text(errors="replace").strip().splitlines()[-5:]:
            print(f"    {line}", file=sys.stderr)
    return result


def outbox_messages(repo, issue, subscribers, folder, env):
    """`digest send --via maildir:FOLDER` for the list: the messages digest makes for these
    readers, as files; returns (sender, [(recipient, path)])."""
    repo.forget_sends()
    shutil.rmtree(folder, ignore_errors=True)
    made = subprocess.run([repo.digest, "send", issue, "--via", f"maildir:{folder}", "--subscribers", subscribers, "--yes"],
                          cwd=repo.path, capture_output=True, text=True, env=env)
    if made.returncode != 0:
        raise SystemExit(f"digest send --via maildir: failed: {made.stderr.strip()[:500]}")
    repo.forget_sends()
    entries, sender = [], None
    for path in sorted((folder / "new").iterdir()):
        with open(path, "rb") as f:
            headers = email.parser.BytesHeaderParser().parse(f)
        sender = sender or email.utils.parseaddr(headers["From"])[1]
        entries.append((email.utils.parseaddr(headers["To"])[1], path))
    return sender, entries


def dkim_settings(repo, algorithm, work):
    """A key made by openssl, and digest.yaml with a dkim: section naming its selector."""
    key = work / f"dkim-{algorithm}.pem"
    if not key.exists():
        options = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"] if algorithm == "rsa" else ["-algorithm", "ed25519"]
        subprocess.run(["openssl", "genpkey", *options, "-out", str(key)], check=True, capture_output=True)
        key.chmod(0o600)
    settings = repo.path / "digest.yaml"
    original = work / "digest.yaml.original"
    if not original.exists():
        shutil.copy(settings, original)
    settings.write_text(original.read_text() + "\ndkim:\n  selector: bench2026\n")
    return key


def without_dkim(repo, work):
    original = work / "digest.yaml.original"
    if original.exists():
        shutil.copy(original, repo.path / "digest.yaml")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--digest", required=True, help="the digest binary, with the ses:// route")
    parser.add_argument("--plain", required=True, help="Tests/Benchmarks/plain-libcurl-ses.c, compiled")
    parser.add_argument("--repo", default=str(pathlib.Path(__file__).resolve().parents[2]), help="the repository root")
    parser.add_argument("--sizes", default="2000,20000", help="list sizes N, comma-separated")
    parser.add_argument("--connections", default="1,8", help="requests in flight K, comma-separated")
    parser.add_argument("--memory-size", type=int, default=100_000, help="readers in the peak-memory run (0: none)")
    parser.add_argument("--fixed-size", type=int, default=20, help="readers in the runs that measure a send's fixed cost (0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of each comparison, its tools in turn (msgs/s: the fastest; ratios: the median)")
    parser.add_argument("--quick", action="store_true", help="N = 200, one run each, a 2,000-reader memory run")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    sizes = [200] if args.quick else [int(x) for x in args.sizes.split(",") if x]
    connections = [int(x) for x in args.connections.split(",") if x]
    memory_size = 2000 if args.quick else args.memory_size
    repeat = 1 if args.quick else args.repeat
    for tool in (NGINX, TIME):
        if not os.access(tool, os.X_OK):
            raise SystemExit(f"{tool} is missing: run Tests/Benchmarks/ses.sh, which installs it")
    digest = str(pathlib.Path(args.digest).resolve())
    plain = str(pathlib.Path(args.plain).resolve())
    if not has_send(digest):
        raise SystemExit(f"{digest} has no `send`")

    root = pathlib.Path(args.repo).resolve()
    work = pathlib.Path(tempfile.mkdtemp(prefix="digest-ses-bench-"))
    nginx = None
    results, failed = [], False
    try:
        repo = Repo(root, work / "repo", digest)
        issue, how = repo.prepare_issue()
        print(f"issue: {issue} ({how})")
        nginx = Nginx(work)
        print(f"nginx {subprocess.run([NGINX, '-v'], capture_output=True, text=True).stderr.strip()} on 127.0.0.1:{nginx.port}, "
              "one worker, canned SendEmail and GetAccount replies")
        env = digest_environment()
        env.pop("DIGEST_DKIM_KEY", None)
        env.pop("AWS_SESSION_TOKEN", None)
        env.pop("AWS_PROFILE", None)
        env.update(CREDENTIALS, DIGEST_SES_ENDPOINT=f"http://127.0.0.1:{nginx.port}")
        ses = ["--via", f"ses://{REGION}"]

        def run(tool, n, k, command, cwd=work, extra_requests=0, note="", environment=env):
            """One run of a comparison, to be made by `compare` in turn with the others."""
            def once(round_number, rounds):
                label = f" (round {round_number + 1} of {rounds})" if rounds > 1 else ""
                return measure(nginx, tool, n, k, command, cwd, work, environment,
                               repo.forget_sends if tool == "digest" else None, extra_requests, note, label)
            return once

        def compare(*planned, rounds=repeat):
            """Makes the runs of one comparison, in turn, `rounds` rounds; returns their results."""
            nonlocal failed
            made = in_turn([lambda r, once=once: once(r, rounds) for once in planned], rounds)
            for result in made:
                failed |= not result.ok
                results.append(result)
            return made

        for n in sizes:
            subscribers = repo.write_subscribers(n)
            sender, entries = outbox_messages(repo, issue, subscribers, work / f"outbox-{n}", env)
            manifest = work / f"manifest-{n}"
            manifest.write_text("".join(f"{recipient} {path}\n" for recipient, path in entries))
            size = sum(path.stat().st_size for _, path in entries) // max(1, len(entries))
            print(f"N={n}: {len(entries)} messages from `digest send --via maildir:`, {size} bytes each on average, from {sender}")
            for k in connections:
                compare(run("digest", n, k, [digest, "send", issue, *ses, "--subscribers", subscribers, "--connections", str(k), "--yes"],
                            cwd=repo.path, extra_requests=1),
                        run("libcurl", n, k, [plain, f"http://127.0.0.1:{nginx.port}", REGION, str(k), sender, str(manifest)]))
        fixed_runs = []
        if args.fixed_size:
            n = args.fixed_size
            subscribers = repo.write_subscribers(n)
            sender, entries = outbox_messages(repo, issue, subscribers, work / f"outbox-{n}", env)
            manifest = work / f"manifest-{n}"
            manifest.write_text("".join(f"{recipient} {path}\n" for recipient, path in entries))
            fixed_runs = compare(
                run("digest", n, 1, [digest, "send", issue, *ses, "--subscribers", subscribers, "--connections", "1", "--yes"],
                    cwd=repo.path, extra_requests=1, note="fixed cost"),
                run("libcurl", n, 1, [plain, f"http://127.0.0.1:{nginx.port}", REGION, "1", sender, str(manifest)], note="fixed cost"),
                rounds=3 * repeat)
        if sizes:
            n, k = sizes[-1], max(connections)
            subscribers = repo.write_subscribers(n)
            for algorithm in ("rsa", "ed25519"):
                key = dkim_settings(repo, algorithm, work)
                compare(run("digest", n, k, [digest, "send", issue, *ses, "--subscribers", subscribers, "--connections", str(k), "--yes"],
                            cwd=repo.path, extra_requests=1, note=f"DKIM {algorithm}", environment={**env, "DIGEST_DKIM_KEY": str(key)}))
            without_dkim(repo, work)
        memory = None
        if memory_size:
            key = dkim_settings(repo, "rsa", work)
            subscribers = repo.write_subscribers(memory_size)
            k = max(connections)
            memory, = compare(run("digest", memory_size, k,
                                  [digest, "send", issue, *ses, "--subscribers", subscribers, "--connections", str(k), "--yes"],
                                  cwd=repo.path, extra_requests=1, note="peak memory, DKIM rsa",
                                  environment={**env, "DIGEST_DKIM_KEY": str(key)}), rounds=1)
            without_dkim(repo, work)
    finally:
        if nginx:
            nginx.stop()
        shutil.rmtree(work, ignore_errors=True)

    reference = {(r.n, r.k): r for r in results if r.tool == "libcurl" and not r.note}
    print()
    print(f"{'tool':<8} {'N':>7} {'K':>3} {'seconds':>8} {'msgs/s':>8} {'vs libcurl':>10} {'CPU s':>7} {'CPU ms/msg':>10} {'peak MB':>8}  note")
    for r in results:
        plain_run = reference.get((r.n, r.k))
        paired = paired_ratio(r, plain_run) if r.tool != "libcurl" and not r.note else None
        ratio = f"{paired:.2f}x" if paired is not None else "-"
        print(f"{r.tool:<8} {r.n:>7} {r.k:>3} {r.seconds:>8.2f} {r.rate:>8.0f} {ratio:>10} {r.cpu:>7.2f} {1000 * r.cpu / r.n:>10.3f} "
              f"{r.peak_kb / 1024:>8.1f}  "
              f"{r.note}{'' if r.ok else ' FAILED'}")
    print()
    pairs = [(r, reference.get((r.n, r.k))) for r in results if r.tool == "digest" and not r.note]
    pairs = [(r, p) for r, p in pairs if paired_ratio(r, p) is not None]
    if pairs:
        worst, against = min(pairs, key=lambda pair: paired_ratio(*pair))
        ratio = paired_ratio(worst, against)
        print(f"goal: digest >= {RATE_GOAL} x plain libcurl's rate without signing: {'met' if ratio >= RATE_GOAL else 'NOT met'} "
              f"(lowest {ratio:.2f}x, at N={worst.n} K={worst.k})")
        for n in sorted({r.n for r, _ in pairs}):
            at_n = [(r, p) for r, p in pairs if r.n == n]
            worst, against = min(at_n, key=lambda pair: paired_ratio(*pair))
            ratio = paired_ratio(worst, against)
            print(f"  at N={n}: {'met' if ratio >= RATE_GOAL else 'NOT met'} (lowest {ratio:.2f}x, at K={worst.k})")
        # Seconds = fixed + N x per message: two sizes give both, for digest and for libcurl.
        for k in sorted({r.k for r, _ in pairs}):
            at_k = sorted(((r, p) for r, p in pairs if r.k == k), key=lambda pair: pair[0].n)
            if len(at_k) < 2 or at_k[0][0].n == at_k[-1][0].n:
                continue
            (small, plain_small), (large, plain_large) = at_k[0], at_k[-1]

            def fixed(a, b, figure):
                return 1000 * (figure(a) * b.n - figure(b) * a.n) / (b.n - a.n)

            def wall(r):
                return r.seconds

            def cpu(r):
                return r.cpu

            # A busy machine can make these negative: they hold only when the runs were steady.
            print(f"  K={k}: one send's fixed cost, from N={small.n} and N={large.n}: digest {fixed(small, large, wall):.0f} ms wall "
                  f"({fixed(small, large, cpu):.0f} ms CPU), plain libcurl {fixed(plain_small, plain_large, wall):.0f} ms wall "
                  f"({fixed(plain_small, plain_large, cpu):.0f} ms CPU)")
        if len(fixed_runs) == 2 and all(r.ok for r in fixed_runs):
            mine, theirs = fixed_runs
            print(f"  one send's fixed cost, measured at N={mine.n} K=1 (fastest of {3 * repeat}): digest {1000 * mine.seconds:.0f} ms wall "
                  f"({1000 * mine.cpu:.0f} ms CPU), plain libcurl {1000 * theirs.seconds:.0f} ms wall ({1000 * theirs.cpu:.0f} ms CPU)")
    else:
        print(f"goal: digest >= {RATE_GOAL} x plain libcurl's rate without signing: not measured")
    if memory and memory.ok:
        mb = memory.peak_kb / 1024
        scope = "" if memory.n >= 100_000 else f" (measured at {memory.n}, not 100,000)"
        print(f"goal: digest peak memory < {MEMORY_GOAL_MB} MB at 100,000 readers with DKIM: "
              f"{'met' if mb < MEMORY_GOAL_MB else 'NOT met'}, {mb:.1f} MB{scope}")
    else:
        print(f"goal: digest peak memory < {MEMORY_GOAL_MB} MB at 100,000 readers with DKIM: not measured")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
