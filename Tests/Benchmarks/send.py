#!/usr/bin/env python3
"""The SMTP delivery benchmark: `digest send` against smtp-source, smtplib and mailmerge.

Run by Tests/Benchmarks/send.sh, which installs postfix (for smtp-sink and smtp-source),
/usr/bin/time and mailmerge and builds digest; this script does the rest:

  python3 Tests/Benchmarks/send.py --digest .build/release/digest [--sizes 2000,20000]
      [--connections 1,4] [--memory-size 100000] [--quick] [--repeat 1]
      [--latencies 5,20,40] [--latency-connections 1,8,16] [--latency-size 400] [--latency-only]
      [--dkim rsa,ed25519] [--no-control]

Every client sends to one smtp-sink on 127.0.0.1 (a free port), which throws the mail
away and counts it, so the numbers are the clients' own cost. For each list size N and
connection count K it times (wall time, and CPU time a message: user plus system, from
/usr/bin/time, which a busy machine distorts less):

  digest      digest send ISSUE --smtp smtp://127.0.0.1:PORT --subscribers FILE
              --connections K --yes, from a temporary copy of the repository
  smtp-source smtp-source -d -s K -m N -l SIZE: Postfix's C load generator, K sessions in
              parallel, -d keeping each session open for its next message (no reconnects)
  libcurl     Tests/Benchmarks/plain-libcurl.c: libcurl in C, K threads each with its own
              reused connection, the message read from memory: digest's transport with
              nothing made, journaled or checked, the floor digest stands on
  libcurl-again  plain libcurl once more, next to digest in each round (with --repeat > 1
              and digest's rows): the control, two runs of one program
  curl        the curl tool, one reused connection (K = 1) or -Z with K transfers at once
  smtplib     Python's smtplib, one session, one sendmail per message (K = 1 only)
  mailmerge   mailmerge 2.x from PyPI, which opens a new session per message
              (K = 1 only, and only for N <= --mailmerge-max, default 2000: it is slow)

and, for each DKIM algorithm in --dkim (rsa,ed25519; "none" for no such rows), digest
again with every message signed (digest+rsa: rsa-sha256, 2048 bits; digest+ed25519), from a
copy of the repository with a dkim section and a key `digest dkim keygen` made; then one
digest run with --memory-size subscribers (100,000) over 4 connections for peak memory,
unsigned and signed with the first --dkim algorithm. Each message is one recipient and about SIZE bytes: the size of one message that
`digest send --to` writes to the Maildir outbox. Wall time is measured around the process;
peak memory is its maximum resident set size from /usr/bin/time. smtp-sink's counters
confirm that every message arrived. Goals: digest at least 0.9 x smtp-source's rate at the
same K, at least 0.95 x plain libcurl's at the same N and K (the loopback goal as issue 13
restates it), and digest's peak memory under 32 MB at 100,000 subscribers (40 MB signed).

Then the latency runs (--latencies 5,20,40; --latency-only for nothing else): for each
delay D, Tests/Benchmarks/latency-proxy.py in front of the sink, on a loopback port it binds
and reports, holds every chunk D ms each way, as a relay on another network would; digest,
smtp-source and plain libcurl send --latency-size messages (400) through it at K = 1, 8 and
16 (--latency-connections), with the goal of digest at least 0.9 x smtp-source at each.

A run is stopped after 30 s plus 10 ms a message (anything slower than 100 messages a
second is broken) and counts as failed. --repeat R makes every comparison (the tools at one
N and K) R rounds, its tools one after another in each round: msgs/s is a tool's fastest
run, a ratio the median of the R rounds' ratios, so that a slow spell of a shared machine
falls on both sides of a ratio rather than on one tool's block of runs. With R > 1 and
plain libcurl given, each loopback comparison also runs plain libcurl a second time, next to
digest in the round (libcurl-again; --no-control leaves it out): the ratio of two runs of one
program is printed under the plain-libcurl goal as the benchmark's resolution on this
machine, so a verdict a few hundredths from its goal can be read for what it is.

Exit status: 0 when every run delivered all its messages (goals met or not), 1 otherwise.
"""

import argparse
import os
import pathlib
import quopri
import re
import shutil
import signal
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ISSUE = "seeds/archive/2023-03-23-vol-2.5.issue"
SMTP_SINK = "/usr/sbin/smtp-sink"
SMTP_SOURCE = "/usr/sbin/smtp-source"
TIME = "/usr/bin/time"
SENDER = "sender@example.org"
RATE_GOAL = 0.9
LIBCURL_GOAL = 0.95
MEMORY_GOAL_MB = 32
SIGNED_MEMORY_GOAL_MB = 40


def address(i):
    return f"reader{i:05d}@example.org"


# ---------------------------------------------------------------------------------------
# Child modes: the Python clients run in their own process so that their memory is theirs.


def filler_lines(size):
    """Lines of 76 characters (78 with CRLF) adding up to about `size` bytes."""
    line = ("The quick brown fox jumps over the lazy dog. " * 2)[:76]
    return [line] * max(1, size // 78)


def smtplib_child(port, count, size):
    header = f"From: {SENDER}\r\nTo: {{to}}\r\nSubject: Benchmark\r\nMessage-ID: <{{i}}@bench.example.org>\r\n\r\n"
    body = "\r\n".join(filler_lines(size - len(header) - 40)) + "\r\n"
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.ehlo()
        for i in range(1, count + 1):
            to = address(i)
            message = (header.format(to=to, i=i) + body).encode()
            smtp.sendmail(SENDER, [to], message)


def mailmerge_child(folder):
    sys.argv = ["mailmerge", "--no-limit", "--no-dry-run", "--output-format", "text",
                "--template", f"{folder}/template.txt", "--database", f"{folder}/database.csv",
                "--config", f"{folder}/server.conf"]
    from mailmerge.__main__ import main  # the package has no runnable __main__ guard

    main()


def write_mailmerge_files(folder, port, count, size):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "server.conf").write_text(f"[smtp_server]\nhost = 127.0.0.1\nport = {port}\nsecurity = Never\n")
    header = f"TO: {{{{email}}}}\nFROM: {SENDER}\nSUBJECT: Benchmark\n\n"
    (folder / "template.txt").write_text(header + "\n".join(filler_lines(size - len(header) - 200)) + "\n")
    with open(folder / "database.csv", "w") as csv:
        csv.write("email\n")
        for i in range(1, count + 1):
            csv.write(address(i) + "\n")


def write_curl_config(folder, port, count, size):
    """A curl config sending `count` messages of about `size` bytes, one recipient each:
    plain libcurl (the curl tool) with the same SMTP conversation digest has."""
    folder.mkdir(parents=True, exist_ok=True)
    header = f"From: {SENDER}\r\nTo: reader@example.org\r\nSubject: Benchmark\r\n\r\n"
    message = folder / "message.eml"
    message.write_bytes((header + "\r\n".join(filler_lines(size - len(header))) + "\r\n").encode())
    with open(folder / "curl.config", "w") as config:
        for i in range(1, count + 1):
            if i > 1:
                config.write("next\n")
            config.write(f'url = "smtp://127.0.0.1:{port}"\nmail-from = "{SENDER}"\n'
                         f'mail-rcpt = "{address(i)}"\nupload-file = "{message}"\nsilent\n')
    return folder / "curl.config"


# ---------------------------------------------------------------------------------------
# smtp-sink


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """smtp-sink on 127.0.0.1, its running counters (-c) read from its standard output."""

    def __init__(self, folder):
        self.port = free_port()
        self.log = folder / "smtp-sink.out"
        command = [SMTP_SINK, "-c"]
        if os.geteuid() == 0:
            command += ["-u", "nobody"]  # required as root: the user it drops to
        command += [f"127.0.0.1:{self.port}", "1000"]  # 1000: the listen backlog
        self.stdout = open(self.log, "wb")
        self.process = subprocess.Popen(command, stdout=self.stdout, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"smtp-sink did not start: {self.log.read_text(errors='replace')}")
                time.sleep(0.05)
        # The probe connection above ends one session; start from a settled count.
        self.wait_settled()

    def counters(self):
        """(sessions, messages) so far: the last `sess=S quit=Q mesg=M` update."""
        with open(self.log, "rb") as f:
            f.seek(max(0, os.path.getsize(self.log) - 200))
            tail = f.read().decode(errors="replace")
        found = re.findall(r"sess=(\d+) quit=\d+ mesg=(\d+)", tail)
        return (int(found[-1][0]), int(found[-1][1])) if found else (0, 0)

    def wait_settled(self, expected_messages=None, timeout=5):
        """The counters once they reach `expected_messages` or stop moving."""
        deadline = time.monotonic() + timeout
        last = self.counters()
        while time.monotonic() < deadline:
            time.sleep(0.1)
            now = self.counters()
            if now == last and (expected_messages is None or now[1] >= expected_messages):
                return now
            last = now
        return last

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stdout.close()


class LatencyProxy:
    """Tests/Benchmarks/latency-proxy.py in front of the sink: `delay_ms` each way per chunk,
    on the loopback port the proxy binds itself and reports."""

    def __init__(self, target_port, delay_ms):
        script = pathlib.Path(__file__).resolve().parent / "latency-proxy.py"
        self.process = subprocess.Popen([sys.executable, str(script), str(target_port), str(delay_ms)],
                                        stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on "):
            self.stop()
            raise SystemExit(f"the latency proxy did not start: {line!r}")
        self.port = int(line.split()[-1])

    def stop(self):
        self.process.terminate()
        self.process.wait()


# ---------------------------------------------------------------------------------------
# Running and measuring one client


class Result:
    def __init__(self, tool, n, k, seconds, peak_kb, arrived, sessions, ok, note="", cpu=0.0):
        self.tool, self.n, self.k = tool, n, k
        self.seconds, self.peak_kb, self.cpu = seconds, peak_kb, cpu
        self.arrived, self.sessions, self.ok, self.note = arrived, sessions, ok, note
        # Every round's seconds, when the run was repeated in turn with others (in_turn).
        self.times = [seconds] if ok else [None]

    @property
    def rate(self):
        """Messages that arrived per second (all n of them when the run succeeded)."""
        return self.arrived / self.seconds if self.seconds else 0.0


def timeout_seconds(n):
    """How long one run may take: 30 s plus 10 ms a message (slower than 100 a second is broken)."""
    return 30 + n // 100


def measure(sink, tool, n, k, command, cwd, work, before=None, note="", env=None, timeout=None):
    """Runs `command` once under /usr/bin/time."""
    timeout = timeout or timeout_seconds(n)
    if before:
        before()
    sessions0, messages0 = sink.wait_settled()
    rss_file = work / "rss"
    log = work / f"{tool}-{n}-{k}.log"
    with open(log, "wb") as out:
        returncode, seconds, timed_out = timed_run([TIME, "-o", str(rss_file), "-f", "%M %U %S", *command], cwd, env, out, timeout)
    sessions1, messages1 = sink.wait_settled(messages0 + n if returncode == 0 else None)
    try:
        figures = rss_file.read_text().strip().splitlines()[-1].split()
        peak_kb, cpu = int(figures[0]), float(figures[1]) + float(figures[2])
    except (OSError, ValueError, IndexError):
        peak_kb, cpu = 0, 0.0
    arrived, sessions = messages1 - messages0, sessions1 - sessions0
    ok = returncode == 0 and arrived == n
    if timed_out:
        note = ", ".join(filter(None, [note, f"stopped after {timeout} s"]))
    result = Result(tool, n, k, seconds, peak_kb, arrived, sessions, ok, note, cpu)
    if not ok:
        tail = log.read_text(errors="replace").strip().splitlines()[-5:]
        status = f"stopped after {timeout} s" if timed_out else f"exit {returncode}"
        print(f"  {tool} N={n} K={k}: {status}, {arrived} of {n} messages arrived", file=sys.stderr)
        for line in tail:
            print(f"    {line}", file=sys.stderr)
    return result


def timed_run(command, cwd, env, out, timeout):
    """Runs `command`, its output to `out`; returns (exit status, wall seconds, whether it
    was stopped for taking longer than `timeout` seconds).

    The wait blocks in waitpid(2), so the time is the process's to the microsecond: a wait
    with a timeout (Popen.wait(timeout=...), subprocess.run(timeout=...)) polls with sleeps of
    up to 50 ms, which rounded every run up to the next poll, a tenth of a 0.4 s run."""
    timed_out = threading.Event()
    start = time.perf_counter()
    # A session of its own, so that a run past its time is stopped with all its children.
    process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)

    def stop():
        try:
            os.killpg(process.pid, signal.SIGKILL)
            timed_out.set()
        except ProcessLookupError:  # it ended just as its time ran out
            pass

    timer = threading.Timer(timeout, stop)
    timer.start()
    try:
        returncode = process.wait()
    except BaseException:  # Ctrl-C: the run's session is not left behind
        stop()
        process.wait()
        raise
    finally:
        timer.cancel()
    return returncode, time.perf_counter() - start, timed_out.is_set()


def in_turn(runs, rounds):
    """Runs each of `runs` (functions of the round's number, each returning a Result) once
    a round, in turn (every other round in the reverse order), for `rounds` rounds: a slow
    spell of a shared machine then falls on every tool of the comparison alike, not on one
    tool's block of runs. Returns each run's
    fastest Result, with every round's seconds in `times` (None for a failed round); a run
    that fails is not run again."""
    done = [[] for _ in runs]
    for round_number in range(rounds):
        # Every other round in the reverse order: no tool always runs first, or just after another.
        order = range(len(runs)) if round_number % 2 == 0 else reversed(range(len(runs)))
        for index in order:
            if done[index] and not done[index][-1].ok:
                continue
            done[index].append(runs[index](round_number))
    best = []
    for results in done:
        kept = next((r for r in results if not r.ok), None) or min(results, key=lambda r: r.seconds)
        kept.times = [r.seconds if r.ok else None for r in results]
        best.append(kept)
    return best


def round_ratios(result, reference):
    """`reference`'s seconds over `result`'s, round by round (the rounds both ran in)."""
    if not (result and reference and result.ok and reference.ok):
        return []
    return [ref / mine for mine, ref in zip(result.times, reference.times) if mine and ref]


def ratio_spread(result, reference):
    """`x.xx x, rounds a-b`: the paired ratio and the lowest and highest of its rounds."""
    ratios = round_ratios(result, reference)
    if len(ratios) < 2:
        return f"{paired_ratio(result, reference):.2f}x"
    return f"{statistics.median(ratios):.2f}x, rounds {min(ratios):.2f}-{max(ratios):.2f}"


def paired_ratio(result, reference):
    """`result`'s rate over `reference`'s, the median of the rounds both ran in (their
    runs came in turn): the ratio a slow spell of the machine moves least. None when
    no round has both."""
    if not (result and reference and result.ok and reference.ok):
        return None
    pairs = round_ratios(result, reference)
    return statistics.median(pairs) if pairs else None


# ---------------------------------------------------------------------------------------
# The temporary repository digest sends from


def has_send(digest):
    if not digest or not os.access(digest, os.X_OK):
        return False
    # `digest send --help` exits 0 even without a `send` (it prints the top-level help), so
    # look for it among the subcommands the help lists.
    listing = subprocess.run([digest, "--help"], capture_output=True, text=True).stdout
    return re.search(r"^\s+send\s", listing, re.MULTILINE) is not None


def footer_from_settings(root):
    """The footer in digest.yaml (a folded `>-` block): its lines joined with spaces."""
    lines = (root / "digest.yaml").read_text().splitlines()
    for i, line in enumerate(lines):
        if re.match(r"\s+footer:\s*>-?\s*$", line):
            indent = None
            parts = []
            for following in lines[i + 1:]:
                if not following.strip():
                    break
                current = len(following) - len(following.lstrip())
                indent = current if indent is None else indent
                if current < indent:
                    break
                parts.append(following.strip())
            return " ".join(parts)
    return None


def digest_environment():
    """The environment of every digest run: no SMTP server or credentials of the user's (the
    probe must go to the outbox, the sends to smtp-sink), and a fixed unsubscribe secret."""
    env = {k: v for k, v in os.environ.items() if k not in ("DIGEST_SMTP_URL", "DIGEST_SMTP_USER", "DIGEST_SMTP_PASSWORD")}
    env.setdefault("DIGEST_UNSUBSCRIBE_SECRET", "6265" * 16)
    return env


class Repo:
    def __init__(self, root, folder, digest):
        self.root, self.path, self.digest = root, folder, digest
        folder.mkdir()
        shutil.copy(root / "digest.yaml", folder)
        shutil.copytree(root / "Templates", folder / "Templates")
        shutil.copytree(root / "seeds", folder / "seeds")
        (folder / "Drafts").mkdir()
        (folder / "Subscribers").mkdir()
        self.list_size = None

    def run(self, *arguments):
        return subprocess.run([self.digest, *arguments], cwd=self.path, capture_output=True, text=True, env=digest_environment())

    def prepare_issue(self):
        """The issue to send: Vol 2.5 copied into Drafts/ and mended by `digest lint --fix`.

        The archive copy is moved aside in the temporary repository so that the draft is
        not a second issue with the same number. Returns (path, how it was prepared)."""
        name = pathlib.PurePath(ISSUE).name
        draft = self.path / "Drafts" / name
        shutil.copy(self.root / ISSUE, draft)
        (self.path / ISSUE).unlink()
        relative = f"Drafts/{name}"
        self.run("lint", "--fix", relative)
        lint = self.run("lint", relative)
        if lint.returncode == 0:
            return relative, "Vol 2.5 after `digest lint --fix`"
        footer = footer_from_settings(self.root)
        if footer:
            text = draft.read_text()
            lines = text.splitlines()
            for i in range(len(lines) - 1, -1, -1):
                if "Alliance Digest" in lines[i] and "summary" in lines[i]:
                    lines[i] = footer
                    break
            draft.write_text("\n".join(lines) + ("\n" if text.endswith("\n") else ""))
            self.run("lint", "--fix", relative)
            lint = self.run("lint", relative)
            if lint.returncode == 0:
                return relative, "Vol 2.5 after `digest lint --fix` and the footer from digest.yaml"
        errors = [line for line in (lint.stdout + lint.stderr).splitlines() if ": error:" in line]
        print("  Vol 2.5 still fails lint after --fix:", *errors[:5], sep="\n    ", file=sys.stderr)
        new = self.run("new")
        fresh = new.stdout.strip().splitlines()[-1] if new.returncode == 0 and new.stdout.strip() else None
        if fresh and self.run("lint", fresh).returncode == 0:
            return fresh, "the draft `digest new` scaffolds (Vol 2.5 failed lint)"
        raise SystemExit("no issue passes `digest lint` in the temporary repository")

    def write_subscribers(self, n):
        """Subscribers/subscribers.csv with n subscribed readers (rewritten only when n changes)."""
        path = self.path / "Subscribers" / "subscribers.csv"
        if self.list_size != n:
            with open(path, "w") as f:
                f.write("address,name,status,subscribed,changed\n")
                for i in range(1, n + 1):
                    f.write(f"{address(i)},Reader {i},subscribed,2023-01-01,2023-01-01\n")
            self.list_size = n
        return "Subscribers/subscribers.csv"

    def forget_sends(self):
        """Removes the send journals, their summaries and the outbox, so that the next send
        mails everyone again."""
        for folder in (self.path / ".digest" / "journal", self.path / "Subscribers" / "sent",
                       self.path / "Subscribers" / "journal", self.path / "Outbox"):
            shutil.rmtree(folder, ignore_errors=True)

    def probe_size(self, issue):
        """The size of one real message: `digest send --to` writes it to Outbox/new/."""
        self.forget_sends()
        probe = self.run("send", issue, "--to", "probe@example.org", "--yes")
        outbox = self.path / "Outbox" / "new"
        sizes = [message.stat().st_size for message in sorted(outbox.glob("*"))] if outbox.is_dir() else []
        self.forget_sends()
        if probe.returncode != 0 or not sizes:
            print(f"  `digest send --to` wrote no message (exit {probe.returncode}): {probe.stderr.strip()[:300]}", file=sys.stderr)
            return None
        return sizes[0]

    def estimate_size(self, issue):
        """Without `digest send`: both editions, quoted-printable, plus 1 KB of headers."""
        size = 1024
        for edition in ("text", "html"):
            rendered = self.run("render", issue, "--format", edition)
            if rendered.returncode != 0:
                return None
            encoded = quopri.encodestring(rendered.stdout.encode())
            size += len(encoded) + encoded.count(b"\n")  # CRLF line ends
        return size


# ---------------------------------------------------------------------------------------


def print_latency(results):
    """The latency runs' table, messages per second by delay and K, and their goal line."""
    source = {(r.note, r.k): r for r in results if r.tool == "smtp-source"}
    tools = [t for t in ("smtp-source", "digest", "libcurl") if any(r.tool == t for r in results)]
    print(f"through the latency proxy, N={results[0].n} (msgs/s; digest's and libcurl's ratio to smtp-source)")
    print(f"{'delay':>10} {'K':>3}" + "".join(f" {t:>16}" for t in tools))
    rows = {}
    for r in results:
        rows.setdefault((r.note, r.k), {})[r.tool] = r
    worst = None
    for (note, k), row in rows.items():
        cells = []
        for tool in tools:
            r = row.get(tool)
            reference = source.get((note, k))
            if not r or not r.ok:
                cells.append("FAILED" if r else "-")
                continue
            cell = f"{r.rate:.1f}"
            ratio = paired_ratio(r, reference) if tool != "smtp-source" else None
            if ratio is not None:
                cell += f" ({ratio:.2f}x)"
                if tool == "digest" and (worst is None or ratio < worst[0]):
                    worst = (ratio, note, k)
            cells.append(cell)
        print(f"{note.replace('D=', '') + ' ms':>10} {k:>3}" + "".join(f" {c:>16}" for c in cells))
    if worst:
        verdict = "met" if worst[0] >= RATE_GOAL else "NOT met"
        print(f"goal: digest >= {RATE_GOAL} x smtp-source's rate at every delay and K: {verdict} "
              f"(lowest {worst[0]:.2f}x, at {worst[1]} ms K={worst[2]})")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--digest", help="the digest binary (its rows are skipped if it has no `send`)")
    parser.add_argument("--plain-libcurl", help="Tests/Benchmarks/plain-libcurl.c, compiled (its rows are skipped without it)")
    parser.add_argument("--repo", default=str(pathlib.Path(__file__).resolve().parents[2]), help="the repository root")
    parser.add_argument("--sizes", default="2000,20000", help="list sizes N, comma-separated")
    parser.add_argument("--connections", default="1,4", help="connection counts K, comma-separated")
    parser.add_argument("--memory-size", type=int, default=100_000, help="subscribers in the peak-memory run (0: none)")
    parser.add_argument("--mailmerge-max", type=int, default=2000, help="largest N mailmerge is run for")
    parser.add_argument("--size", type=int, help="message size in bytes (default: measured from digest)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of each comparison, its tools in turn (msgs/s: the fastest; ratios: the median)")
    parser.add_argument("--latencies", default="5,20,40",
                        help="delays D in ms each way for the latency runs, comma-separated (empty: none)")
    parser.add_argument("--latency-connections", default="1,8,16", help="connection counts K of the latency runs")
    parser.add_argument("--latency-size", type=int, default=400, help="messages N in each latency run")
    parser.add_argument("--latency-only", action="store_true", help="only the latency runs")
    parser.add_argument("--dkim", default="rsa,ed25519",
                        help="DKIM algorithms (rsa, ed25519) of the signed digest rows, comma-separated; none: no signed rows")
    parser.add_argument("--control", action=argparse.BooleanOptionalAction, default=True,
                        help="run plain libcurl twice in each loopback comparison (libcurl-again, next to digest): "
                             "its ratio to the first run is the difference the benchmark cannot tell from noise")
    parser.add_argument("--quick", action="store_true", help="N = 200 and a 200-subscriber memory run, for a fast check")
    parser.add_argument("--smtplib-child", nargs=3, type=int, metavar=("PORT", "N", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--mailmerge-child", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.smtplib_child:
        return smtplib_child(*args.smtplib_child)
    if args.mailmerge_child:
        return mailmerge_child(args.mailmerge_child)

    sys.stdout.reconfigure(line_buffering=True)  # keep the report in order with the progress on stderr
    sizes = [200] if args.quick else [int(x) for x in args.sizes.split(",") if x]
    connections = [int(x) for x in args.connections.split(",") if x]
    memory_size = 200 if args.quick else args.memory_size
    for tool in (SMTP_SINK, SMTP_SOURCE, TIME):
        if not os.access(tool, os.X_OK):
            raise SystemExit(f"{tool} is missing: run Tests/Benchmarks/send.sh, which installs it")

    root = pathlib.Path(args.repo).resolve()
    digest = str(pathlib.Path(args.digest).resolve()) if args.digest else None
    work = pathlib.Path(tempfile.mkdtemp(prefix="digest-send-bench-"))
    sink = None
    try:
        repo = Repo(root, work / "repo", digest)
        sending = has_send(digest)
        size, size_note, issue = args.size, "given with --size", None
        if digest and os.access(digest, os.X_OK):
            issue, how = repo.prepare_issue()
            print(f"issue: {issue} ({how})")
            if size is None and sending:
                size, size_note = repo.probe_size(issue), "one message `digest send --to` wrote to Outbox/new/"
            if size is None:
                size, size_note = repo.estimate_size(issue), "estimated from `digest render` (no `digest send` yet)"
        if size is None:
            size, size_note = 32_000, "a default (no digest binary)"
        print(f"message size: {size} bytes ({size_note})")
        if not sending:
            print(f"digest: skipped, {'`digest send` does not exist yet' if digest else 'no --digest given'}")

        # The signed rows: a second repository whose settings ask for DKIM, a key per algorithm.
        algorithms = [a for a in args.dkim.split(",") if a and a != "none"] if sending else []
        signed, keys = None, {}
        if algorithms:
            signed = Repo(root, work / "signed", digest)
            settings = signed.path / "digest.yaml"
            text = settings.read_text()
            marker = "# dkim:\n#   selector: digest2026"
            settings.write_text(text.replace(marker, "dkim:\n  selector: digest2026") if marker in text
                                else text + "\ndkim:\n  selector: digest2026\n")
            signed.prepare_issue()
            for algorithm in algorithms:
                key = work / f"{algorithm}.pem"
                made = signed.run("dkim", "keygen", "--algorithm", algorithm, "--output", str(key))
                if made.returncode != 0:
                    raise SystemExit(f"digest dkim keygen --algorithm {algorithm} failed: {made.stderr.strip()}")
                keys[algorithm] = key
            print(f"DKIM: digest+ALGORITHM rows sign every message ({', '.join(algorithms)})")

        def signed_environment(algorithm):
            return {**digest_environment(), "DIGEST_DKIM_KEY": str(keys[algorithm])}

        sink = Sink(work)
        print(f"smtp-sink on 127.0.0.1:{sink.port}")
        print("smtp-source -d: don't disconnect after a message; send the next one over the same session")
        print()

        me = [sys.executable, str(pathlib.Path(__file__).resolve())]
        results = []
        failed = False

        def run(tool, n, k, command, cwd=work, before=None, note="", env=None, into=results, timeout=None):
            """One run of a comparison, to be made by `compare` in turn with the others."""
            def once(round_number, rounds):
                label = f" (round {round_number + 1} of {rounds})" if rounds > 1 else ""
                print(f"  running {tool} N={n} K={k}{' ' + note if note else ''}{label} ...", file=sys.stderr, flush=True)
                return measure(sink, tool, n, k, command, cwd, work, before, note, env, timeout)
            return once, into

        def compare(*planned, rounds=args.repeat):
            """Makes the runs of one comparison (the same N and K), in turn, `rounds` rounds."""
            nonlocal failed
            runs = [lambda r, once=once: once(r, rounds) for once, _ in planned]
            for (_, into), result in zip(planned, in_turn(runs, rounds)):
                failed |= not result.ok
                into.append(result)

        # The latency runs: every client through a proxy that delays each chunk D ms each
        # way, as a relay on another network would be; a round trip costs 2D, not 0.1 ms.
        latencies = [int(x) for x in args.latencies.split(",") if x]
        latency_results = []
        if args.latency_only:
            sizes, memory_size = [], 0
        n = args.latency_size
        for delay in latencies:
            proxy = LatencyProxy(sink.port, delay)
            try:
                for k in [int(x) for x in args.latency_connections.split(",") if x]:
                    # Four round trips a message at least (MAIL, RCPT, DATA, the final dot).
                    timeout = 30 + int(n * 8 * 2 * delay / 1000 / k)
                    note = f"D={delay}"
                    planned = []
                    if sending:
                        subscribers = repo.write_subscribers(n)
                        planned.append(run("digest", n, k,
                            [digest, "send", issue, "--smtp", f"smtp://127.0.0.1:{proxy.port}", "--subscribers", subscribers,
                             "--connections", str(k), "--yes"],
                            cwd=repo.path, before=repo.forget_sends, env=digest_environment(), note=note,
                            into=latency_results, timeout=timeout))
                    planned.append(run("smtp-source", n, k,
                        [SMTP_SOURCE, "-d", "-s", str(k), "-m", str(n), "-l", str(size), "-f", SENDER, "-t",
                         "reader@example.org", f"127.0.0.1:{proxy.port}"], note=note, into=latency_results, timeout=timeout))
                    if args.plain_libcurl:
                        config = write_curl_config(work / f"curl-latency-{n}", sink.port, n, size)
                        planned.append(run("libcurl", n, k,
                            [args.plain_libcurl, f"smtp://127.0.0.1:{proxy.port}", str(n), str(k),
                             str(config.parent / "message.eml")], note=note, into=latency_results, timeout=timeout))
                    compare(*planned)
            finally:
                proxy.stop()

        for n in sizes:
            for k in connections:
                planned = []
                config = write_curl_config(work / f"curl-{n}", sink.port, n, size)
                if sending:
                    subscribers = repo.write_subscribers(n)
                    planned.append(run("digest", n, k,
                        [digest, "send", issue, "--smtp", f"smtp://127.0.0.1:{sink.port}", "--subscribers", subscribers,
                         "--connections", str(k), "--yes"],
                        cwd=repo.path, before=repo.forget_sends, env=digest_environment()))
                    if args.plain_libcurl and args.control and args.repeat > 1:
                        # The same program as the reference, run where digest runs in each
                        # round: two runs of one program differ by this much on this machine.
                        planned.append(run("libcurl-again", n, k,
                            [args.plain_libcurl, f"smtp://127.0.0.1:{sink.port}", str(n), str(k),
                             str(config.parent / "message.eml")]))
                    for algorithm in algorithms:
                        signed.write_subscribers(n)
                        planned.append(run(f"digest+{algorithm}", n, k,
                            [digest, "send", issue, "--smtp", f"smtp://127.0.0.1:{sink.port}", "--subscribers", subscribers,
                             "--connections", str(k), "--yes"],
                            cwd=signed.path, before=signed.forget_sends, env=signed_environment(algorithm)))
                planned.append(run("smtp-source", n, k,
                    [SMTP_SOURCE, "-d", "-s", str(k), "-m", str(n), "-l", str(size), "-f", SENDER, "-t", "reader@example.org",
                     f"127.0.0.1:{sink.port}"]))
                # libcurl without digest: the curl tool, one reused connection (K=1) or its
                # multi interface with K transfers at once (-Z); and plain-libcurl.c, libcurl
                # driven as digest drives it (a thread per connection), the message in memory.
                parallel = ["-Z", "--parallel-max", str(k)] if k > 1 else []
                planned.append(run("curl", n, k, ["curl", *parallel, "-K", str(config)]))
                if args.plain_libcurl:
                    planned.append(run("libcurl", n, k,
                        [args.plain_libcurl, f"smtp://127.0.0.1:{sink.port}", str(n), str(k), str(config.parent / "message.eml")]))
                compare(*planned)
            if 1 in connections:
                planned = [run("smtplib", n, 1, [*me, "--smtplib-child", str(sink.port), str(n), str(size)])]
                if n <= args.mailmerge_max:
                    folder = work / f"mailmerge-{n}"
                    write_mailmerge_files(folder, sink.port, n, size)
                    planned.append(run("mailmerge", n, 1, [*me, "--mailmerge-child", str(folder)], note="a new session per message"))
                compare(*planned)
        memory = None
        if sending:
            # What digest holds before the first message: the runtime, the settings, the
            # templates and the dictionary `digest lint` checks the issue with.
            run_lint = subprocess.run([TIME, "-f", "%M", digest, "lint", issue], cwd=repo.path, capture_output=True, text=True)
            baseline_kb = int(run_lint.stderr.strip().splitlines()[-1]) if run_lint.stderr.strip() else 0
            print(f"digest lint of the issue alone: {baseline_kb / 1024:.1f} MB peak", file=sys.stderr)
        if sending and memory_size:
            subscribers = repo.write_subscribers(memory_size)
            compare(run("digest", memory_size, 4,
                [digest, "send", issue, "--smtp", f"smtp://127.0.0.1:{sink.port}", "--subscribers", subscribers,
                 "--connections", "4", "--yes"],
                cwd=repo.path, before=repo.forget_sends, note="peak-memory run", env=digest_environment()), rounds=1)
            memory = results[-1]
        signed_memory = None
        if algorithms and memory_size:
            signed.write_subscribers(memory_size)
            compare(run(f"digest+{algorithms[0]}", memory_size, 4,
                [digest, "send", issue, "--smtp", f"smtp://127.0.0.1:{sink.port}", "--subscribers", subscribers,
                 "--connections", "4", "--yes"],
                cwd=signed.path, before=signed.forget_sends, note="peak-memory run", env=signed_environment(algorithms[0])),
                    rounds=1)
            signed_memory = results[-1]
    finally:
        if sink:
            sink.stop()
        shutil.rmtree(work, ignore_errors=True)

    if latency_results:
        print_latency(latency_results)
    if args.latency_only:
        return 1 if failed else 0
    source = {(r.n, r.k): r for r in results if r.tool == "smtp-source"}
    plain = {(r.n, r.k): r for r in results if r.tool == "libcurl"}
    print(f"{'tool':<14} {'N':>7} {'K':>3} {'seconds':>8} {'msgs/s':>8} {'vs smtp-source':>14} {'vs libcurl':>10} "
          f"{'CPU us/msg':>10} {'peak MB':>8} {'arrived':>8} {'sessions':>8}")
    unsigned = {(r.n, r.k): r for r in results if r.tool == "digest" and r is not memory}

    def ratio_to(r, reference):
        ratio = paired_ratio(r, reference)
        return f"{ratio:.2f}x" if ratio is not None else "-"

    for r in results:
        ratio = ratio_to(r, source.get((r.n, r.k)))
        to_plain = ratio_to(r, plain.get((r.n, r.k)))
        # Whole-process CPU (user + system) over the messages: what a busy machine's wall
        # time hides.
        cpu = f"{r.cpu / r.n * 1e6:.0f}" if r.cpu and r.n else "-"
        peak = f"{r.peak_kb / 1024:.1f}" if r.peak_kb else "-"
        line = (f"{r.tool:<14} {r.n:>7} {r.k:>3} {r.seconds:>8.2f} {r.rate:>8.0f} {ratio:>14} {to_plain:>10} {cpu:>10} {peak:>8} "
                f"{r.arrived:>8} {r.sessions:>8}")
        notes = ([r.note] if r.note else []) + ([] if r.ok else ["FAILED"])
        print(line + (f"  ({', '.join(notes)})" if notes else ""))
    print()
    if sending:
        print(f"digest lint of the issue alone (what every send does first): {baseline_kb / 1024:.1f} MB peak")

    if not sending:
        print(f"goal: digest >= {RATE_GOAL} x smtp-source's rate at the same K: not measured (no `digest send`)")
        print(f"goal: digest peak memory < {MEMORY_GOAL_MB} MB at 100,000 subscribers: not measured (no `digest send`)")
    else:
        pairs = [(r, source.get((r.n, r.k))) for r in results if r.tool == "digest" and r is not memory]
        pairs = [(r, s) for r, s in pairs if paired_ratio(r, s) is not None]
        if pairs:
            worst, reference = min(pairs, key=lambda p: paired_ratio(*p))
            ratio = paired_ratio(worst, reference)
            verdict = "met" if ratio >= RATE_GOAL else "NOT met"
            print(f"goal: digest >= {RATE_GOAL} x smtp-source's rate at the same K: {verdict} "
                  f"(lowest {ratio:.2f}x, at N={worst.n} K={worst.k})")
        else:
            print(f"goal: digest >= {RATE_GOAL} x smtp-source's rate at the same K: not measured (a run failed)")
        # The loopback goal as the issue restates it: plain libcurl, the same library driven
        # the same way with nothing made, journaled or checked, is the floor digest stands on.
        pairs = [(r, plain.get((r.n, r.k))) for r in results if r.tool == "digest" and r is not memory]
        pairs = [(r, p) for r, p in pairs if paired_ratio(r, p) is not None]
        if pairs:
            worst, reference = min(pairs, key=lambda p: paired_ratio(*p))
            ratio = paired_ratio(worst, reference)
            verdict = "met" if ratio >= LIBCURL_GOAL else "NOT met"
            print(f"goal: digest >= {LIBCURL_GOAL} x plain libcurl's rate at the same N and K: {verdict} "
                  f"(lowest {ratio_spread(worst, reference)}, at N={worst.n} K={worst.k}; CPU a message "
                  f"{worst.cpu / worst.n * 1e6:.0f} us against {reference.cpu / reference.n * 1e6:.0f} us)")
            controls = {(r.n, r.k): r for r in results if r.tool == "libcurl-again"}
            for (n, k), control in sorted(controls.items()):
                if round_ratios(control, plain.get((n, k))):
                    print(f"  resolution at N={n} K={k}: plain libcurl against itself in the same rounds "
                          f"{ratio_spread(control, plain[(n, k)])}")
        else:
            print(f"goal: digest >= {LIBCURL_GOAL} x plain libcurl's rate at the same N and K: not measured")
        if memory and memory.ok:
            mb = memory.peak_kb / 1024
            verdict = "met" if mb < MEMORY_GOAL_MB else "NOT met"
            scope = "" if memory.n >= 100_000 else f" (measured at {memory.n}, not 100,000)"
            print(f"goal: digest peak memory < {MEMORY_GOAL_MB} MB at 100,000 subscribers: {verdict}, {mb:.1f} MB{scope}")
        else:
            print(f"goal: digest peak memory < {MEMORY_GOAL_MB} MB at 100,000 subscribers: not measured")
        # What signing costs: each signed row's rate against unsigned digest's in the same run.
        for r in results:
            base = unsigned.get((r.n, r.k))
            if r.tool.startswith("digest+") and r.note != "peak-memory run" and paired_ratio(r, base) is not None:
                print(f"signing: {r.tool} at N={r.n} K={r.k}: {r.rate:.0f} msgs/s, {paired_ratio(r, base):.2f}x unsigned digest")
        if signed_memory and signed_memory.ok:
            mb = signed_memory.peak_kb / 1024
            verdict = "met" if mb < SIGNED_MEMORY_GOAL_MB else "NOT met"
            scope = "" if signed_memory.n >= 100_000 else f" (measured at {signed_memory.n}, not 100,000)"
            print(f"goal: {signed_memory.tool} peak memory < {SIGNED_MEMORY_GOAL_MB} MB at 100,000 subscribers: "
                  f"{verdict}, {mb:.1f} MB{scope}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
