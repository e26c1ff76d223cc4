"""A loopback SMTP server that misbehaves on purpose, for the retry and timeout tests.

usage: fault_server.py PORT FOLDER [--greeting-421 N] [--rcpt-451 ADDR]... [--rcpt-550 ADDR]...
                       [--drop-in-data ADDR] [--silent-after-data ADDR] [--stall-in-data ADDR]
                       [--times T] [--silent]
                       [--mail-reply LINE] [--rcpt-reply ADDR LINE]... [--dot-reply ADDR LINE]...
                       [--hold-dot SECONDS] [--hold-dot-until-usr1] [--dot-barrier N]
                       [--quit-barrier N] [--barrier-timeout SECONDS] [--echo-events]

Plain asyncio, standard library only. Speaks enough ESMTP for libcurl: EHLO/HELO, MAIL,
RCPT, DATA (dot-unstuffed), RSET, NOOP, QUIT; anything else gets 502. No TLS, no AUTH.

  --greeting-421 N        the first N connections get "421 4.3.2 Service not available"
                          at connect and are closed; later ones are served
  --rcpt-451 ADDR         RCPT TO that address gets "451 4.3.0 ..." the first T times,
                          then 250 (repeatable; each address counts on its own)
  --rcpt-550 ADDR         RCPT TO that address always gets "550 5.1.1 ..." (repeatable)
  --drop-in-data ADDR     in a transaction with that accepted recipient, the connection is
                          closed in the middle of DATA (after a few body lines, before the
                          final dot is answered) the first T times (repeatable)
  --silent-after-data ADDR  in a transaction with that accepted recipient, the whole DATA
                          is read, final dot included, and then nothing is ever answered;
                          the socket stays open until the client closes it (repeatable)
  --stall-in-data ADDR    in a transaction with that accepted recipient, DATA is answered 354
                          and then the server stops reading (a small receive buffer, reading
                          paused): a client sending a message larger than the buffers on the way
                          is held in the middle of it; logs "data-stalled ADDR" (repeatable)
  --times T               how many times --rcpt-451 and --drop-in-data misbehave, per
                          address (default 1)
  --silent                accept TCP connections and never send anything
  --mail-reply LINE       every MAIL FROM is answered with LINE (a refusal starts no transaction)
  --rcpt-reply ADDR LINE  RCPT TO that address is answered with LINE (repeatable)
  --dot-reply ADDR LINE   the final dot of a message to that address is answered with LINE;
                          the message is saved only when LINE starts with 2 (repeatable)
  --hold-dot SECONDS      each final dot is answered SECONDS late, after logging "data-held ADDR"
  --hold-dot-until-usr1   each final dot is answered only once the server has received SIGUSR1
                          (logs "data-held ADDR", then "released" on the signal): a test
                          decides when the reply comes, on its own events, not on a clock
  --dot-barrier N         final dots are held until N are held at once, then all answered
                          (logs "data-held ADDR", "barrier-passed N"): proof that N
                          connections wait for their replies in parallel, with no clock;
                          after the barrier timeout without N it answers anyway, logging
                          "barrier-timeout"
  --quit-barrier N        QUIT is answered only once N connections have sent it and wait at
                          once (logs "quit-held", "quit-barrier-passed N"): proof that N
                          connections end in parallel; without N it answers anyway after the
                          barrier timeout, logging "quit-barrier-timeout"
  --barrier-timeout SECONDS  how long a barrier waits for its N (default 120); a batch that
                          times out is let go, and the next batch starts from none
  --echo-events           each event is also printed on stdout, a line each, as it happens

Addresses are compared without case. Prints "ready PORT" once it listens; runs until SIGTERM or
SIGINT, then exits 0. An accepted message is answered "250 2.0.0 Ok: queued as FAULTNNNNNN"
and saved as FOLDER/NNNNNN.eml (DATA bytes, dot-unstuffed, CRLF kept) and FOLDER/NNNNNN.json
{"from": ..., "to": [...]}, as smtp_server.py does. Each event is appended as one line to
FOLDER/log.txt (see README.md).
"""
import argparse
import asyncio
import json
import pathlib
import signal
import socket
import sys

BODY_LINES_BEFORE_DROP = 3


def address_in(argument):
    """The address inside "TO:<addr> PARAMS" or "FROM:<addr> PARAMS"."""
    _, _, rest = argument.partition(":")
    rest = rest.strip()
    if rest.startswith("<"):
        end = rest.find(">")
        return rest[1:end] if end >= 0 else rest[1:]
    return rest.split(" ", 1)[0]


class FaultServer:
    def __init__(self, options):
        self.options = options
        self.folder = pathlib.Path(options.folder)
        self.log_file = open(self.folder / "log.txt", "a", encoding="utf-8")
        self.connections = 0
        self.messages = 0
        self.rcpt_451 = {address.lower(): 0 for address in options.rcpt_451}
        self.rcpt_550 = {address.lower() for address in options.rcpt_550}
        self.drops = {address.lower(): 0 for address in options.drop_in_data}
        self.silent_after_data = {address.lower() for address in options.silent_after_data}
        self.stall_in_data = {address.lower() for address in options.stall_in_data}
        self.rcpt_replies = {address.lower(): line for address, line in options.rcpt_reply}
        self.dot_replies = {address.lower(): line for address, line in options.dot_reply}
        self.writers = set()
        self.release = asyncio.Event()
        self.dot_barrier = Barrier(options.dot_barrier, options.barrier_timeout, "barrier", self.log)
        self.quit_barrier = Barrier(options.quit_barrier, options.barrier_timeout, "quit-barrier", self.log)

    def log(self, event):
        if self.log_file.closed:
            return
        self.log_file.write(event + "\n")
        self.log_file.flush()
        if self.options.echo_events:
            print(event, flush=True)

    async def handle(self, reader, writer):
        self.writers.add(writer)
        self.connections += 1
        number = self.connections
        self.log("connect")
        try:
            await self.serve(number, reader, writer)
        except (ConnectionError, ValueError):
            pass
        finally:
            self.writers.discard(writer)
            self.log("disconnect")
            writer.close()

    async def serve(self, number, reader, writer):
        async def reply(line):
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        if self.options.silent:
            self.log("silent")
            while await reader.read(65536):
                pass
            return
        if number <= self.options.greeting_421:
            self.log("greeting 421")
            await reply("421 4.3.2 Service not available")
            return
        await reply("220 localhost ESMTP fault_server")
        sender, recipients = None, []
        while True:
            line = await reader.readline()
            if not line:
                return
            text = line.decode("utf-8", "replace").rstrip("\r\n")
            verb, _, argument = text.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                sender, recipients = None, []
                self.log("ehlo")
                await reply("250-localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 HELP")
            elif verb == "HELO":
                sender, recipients = None, []
                self.log("helo")
                await reply("250 localhost")
            elif verb == "MAIL":
                if sender is not None:
                    await reply("503 5.5.1 Error: nested MAIL command")
                    continue
                if self.options.mail_reply:
                    self.log(f"mail {address_in(argument)} {self.options.mail_reply[:3]}")
                    await reply(self.options.mail_reply)
                    if not self.options.mail_reply.startswith("2"):
                        continue
                sender, recipients = address_in(argument), []
                if not self.options.mail_reply:
                    self.log(f"mail {sender}")
                    await reply("250 2.1.0 Ok")
            elif verb == "RCPT":
                if sender is None:
                    await reply("503 5.5.1 Error: need MAIL command")
                    continue
                address = address_in(argument)
                key = address.lower()
                if key in self.rcpt_replies:
                    line = self.rcpt_replies[key]
                    self.log(f"rcpt {address} {line[:3]}")
                    if line.startswith("2"):
                        recipients.append(address)
                    await reply(line)
                elif key in self.rcpt_550:
                    self.log(f"rcpt {address} 550")
                    await reply(f"550 5.1.1 <{address}>: Recipient address rejected: User unknown")
                elif key in self.rcpt_451 and self.rcpt_451[key] < self.options.times:
                    self.rcpt_451[key] += 1
                    self.log(f"rcpt {address} 451")
                    await reply(f"451 4.3.0 <{address}>: Temporary failure, try again later")
                else:
                    recipients.append(address)
                    self.log(f"rcpt {address} 250")
                    await reply("250 2.1.5 Ok")
            elif verb == "DATA":
                if sender is None:
                    await reply("503 5.5.1 Error: need MAIL command")
                    continue
                if not recipients:
                    await reply("503 5.5.1 Error: need RCPT command")
                    continue
                keep_open = await self.data(reader, writer, reply, sender, recipients)
                if not keep_open:
                    return
                sender, recipients = None, []
            elif verb == "RSET":
                sender, recipients = None, []
                self.log("rset")
                await reply("250 2.0.0 Ok")
            elif verb == "NOOP":
                await reply("250 2.0.0 Ok")
            elif verb == "QUIT":
                self.log("quit")
                if self.options.quit_barrier:
                    self.log("quit-held")
                    await self.quit_barrier.wait()
                await reply("221 2.0.0 Bye")
                return
            else:
                await reply("502 5.5.2 Error: command not recognized")

    async def data(self, reader, writer, reply, sender, recipients):
        """Reads one DATA; returns whether the connection goes on."""
        keys = [address.lower() for address in recipients]
        drop = next((a for a, k in zip(recipients, keys) if k in self.drops and self.drops[k] < self.options.times), None)
        silent = next((a for a, k in zip(recipients, keys) if k in self.silent_after_data), None)
        stall = next((a for a, k in zip(recipients, keys) if k in self.stall_in_data), None)
        await reply("354 End data with <CR><LF>.<CR><LF>")
        if stall is not None:
            # Nothing more is read: once the buffers fill, the client's writes wait for good.
            writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            writer.transport.pause_reading()
            self.log(f"data-stalled {stall}")
            await asyncio.Event().wait()
        if drop is not None:
            self.drops[drop.lower()] += 1
            for _ in range(BODY_LINES_BEFORE_DROP):
                line = await reader.readline()
                if not line or line in (b".\r\n", b".\n"):
                    break
            self.log(f"data-dropped {drop}")
            writer.transport.abort()  # close at once, unanswered, whatever the client still sends
            return False
        content = bytearray()
        while True:
            line = await reader.readline()
            if not line:
                self.log("data-eof")
                return False
            if line in (b".\r\n", b".\n"):
                break
            content += line[1:] if line.startswith(b".") else line
        if silent is not None:
            self.log(f"data-silent {silent}")
            while await reader.read(65536):  # hang: never answer, until the client gives up
                pass
            return False
        if self.options.hold_dot:
            self.log(f"data-held {recipients[0]}")
            await asyncio.sleep(self.options.hold_dot)
        if self.options.hold_dot_until_usr1:
            self.log(f"data-held {recipients[0]}")
            await self.release.wait()
        if self.options.dot_barrier:
            self.log(f"data-held {recipients[0]}")
            await self.dot_barrier.wait()
        dot_reply = next((self.dot_replies[k] for k in keys if k in self.dot_replies), None)
        if dot_reply is not None and not dot_reply.startswith("2"):
            self.log(f"data-refused {recipients[0]} {dot_reply[:3]}")
            await reply(dot_reply)
            return True
        self.messages += 1
        stem = self.folder / f"{self.messages:06d}"
        stem.with_suffix(".eml").write_bytes(bytes(content))
        stem.with_suffix(".json").write_text(json.dumps({"from": sender, "to": recipients}))
        for address in recipients:
            self.log(f"accepted {address}")
        await reply(dot_reply or "250 2.0.0 Ok: queued as FAULT%06d" % self.messages)
        return True


class Barrier:
    """Holds callers until `count` wait at once, then lets that batch go (logging
    "NAME-passed COUNT"); a caller left waiting `timeout` seconds goes anyway ("NAME-timeout")."""

    def __init__(self, count, timeout, name, log):
        self.count, self.timeout, self.name, self.log = count, timeout, name, log
        self.waiting = 0
        self.opened = asyncio.Event()

    async def wait(self):
        self.waiting += 1
        opened = self.opened
        if self.waiting == self.count:
            self.log(f"{self.name}-passed {self.waiting}")
            self.waiting = 0
            self.opened = asyncio.Event()
            opened.set()
            return
        try:
            await asyncio.wait_for(opened.wait(), self.timeout)
        except asyncio.TimeoutError:
            self.log(f"{self.name}-timeout")
            if self.opened is opened:
                self.waiting = 0
                self.opened = asyncio.Event()
            opened.set()


def parse_arguments():
    parser = argparse.ArgumentParser(description="Loopback SMTP server that injects faults, for the tests.")
    parser.add_argument("port", type=int)
    parser.add_argument("folder")
    parser.add_argument("--greeting-421", type=int, default=0, metavar="N")
    parser.add_argument("--rcpt-451", action="append", default=[], metavar="ADDR")
    parser.add_argument("--rcpt-550", action="append", default=[], metavar="ADDR")
    parser.add_argument("--drop-in-data", action="append", default=[], metavar="ADDR")
    parser.add_argument("--silent-after-data", action="append", default=[], metavar="ADDR")
    parser.add_argument("--stall-in-data", action="append", default=[], metavar="ADDR")
    parser.add_argument("--times", type=int, default=1, metavar="T")
    parser.add_argument("--silent", action="store_true")
    parser.add_argument("--mail-reply", metavar="LINE")
    parser.add_argument("--rcpt-reply", nargs=2, action="append", default=[], metavar=("ADDR", "LINE"))
    parser.add_argument("--dot-reply", nargs=2, action="append", default=[], metavar=("ADDR", "LINE"))
    parser.add_argument("--hold-dot", type=float, default=0, metavar="SECONDS")
    parser.add_argument("--hold-dot-until-usr1", action="store_true")
    parser.add_argument("--dot-barrier", type=int, default=0, metavar="N")
    parser.add_argument("--quit-barrier", type=int, default=0, metavar="N")
    parser.add_argument("--barrier-timeout", type=float, default=120, metavar="SECONDS")
    parser.add_argument("--echo-events", action="store_true")
    return parser.parse_args()


async def main():
    options = parse_arguments()
    pathlib.Path(options.folder).mkdir(parents=True, exist_ok=True)
    fault = FaultServer(options)
    try:
        # Port 0: the kernel picks a free port and it is ours from the bind on; no other test
        # can take it between our choosing it and listening on it.
        server = await asyncio.start_server(fault.handle, "127.0.0.1", options.port, limit=1 << 20)
        port = server.sockets[0].getsockname()[1]
    except OSError as error:
        sys.exit(f"fault_server.py: cannot listen on 127.0.0.1:{options.port}: {error}")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # A parent may start us with these signals blocked (its thread's mask is inherited);
    # unblock them, or SIGTERM would never arrive.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)

    def release():
        fault.log("released")
        fault.release.set()

    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGUSR1})
    loop.add_signal_handler(signal.SIGUSR1, release)
    print(f"ready {port}", flush=True)
    await stop.wait()
    server.close()
    for writer in list(fault.writers):
        writer.transport.abort()
    fault.log_file.close()


if __name__ == "__main__":
    asyncio.run(main())
