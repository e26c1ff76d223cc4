"""A loopback IMAP server that speaks just enough for libcurl, and can stall on LOGOUT.

usage: imap_server.py PORT FOLDER [--stall-logout] [--stall-in-message BYTES]
                      [--slow-message SIZE RATE] [--ignore-offsets] [--count N] [--echo-events]

Plain asyncio, standard library only; no TLS, no mail. It answers what `digest inbox` asks
of an empty mailbox: CAPABILITY (IMAP4rev1, so libcurl logs in with LOGIN), LOGIN (any
user and password), SELECT and EXAMINE (no messages, UIDVALIDITY 7), STATUS (UIDVALIDITY 7),
UID FETCH (nothing), NOOP, LOGOUT (* BYE and OK); anything else gets OK.

  --stall-logout   LOGOUT is read and never answered (logs "logout-held"); the socket
                   stays open until the client closes it (logs "closed")
  --stall-in-message BYTES  the mailbox holds one unseen message, UID 1, of 4,096 bytes;
                   fetching it gets a literal of which only the bytes before offset BYTES
                   come, then nothing (logs "message-stalled"): a server that stops in the
                   middle of a message. A partial fetch (BODY[]<OFFSET.N>) that ends at BYTES
                   or before is answered whole. Each fetch logs "fetch [SECTION]<PARTIAL>"
  --slow-message SIZE RATE  the mailbox holds one unseen message, UID 1, of SIZE bytes,
                   every fetch of which (whole or partial) comes at RATE bytes a second: a
                   server at the end of a slow link
  --ignore-offsets a partial fetch BODY[]<OFFSET.N> gets the message's first N bytes
  --count N        the mailbox holds N such messages, UIDs 1 to N, each the same
The message is lines "000000\n", "000001\n", … cut at its size, so that every stretch of
it differs from every other.
  --echo-events    each event is also printed on stdout, a line each, as it happens

Prints "ready PORT" once it listens; runs until SIGTERM or SIGINT, then exits 0. Each event
is appended as one line to FOLDER/log.txt: "connected", "command VERB", "logout-held",
"fetch …", "message-stalled", "closed".
"""
import argparse
import asyncio
import pathlib
import re
import signal
import sys


class Events:
    def __init__(self, folder, echo):
        self.log = pathlib.Path(folder) / "log.txt"
        self.echo = echo

    def __call__(self, line):
        with open(self.log, "a") as f:
            f.write(line + "\n")
        if self.echo:
            print(line, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("folder")
    parser.add_argument("--stall-logout", action="store_true")
    parser.add_argument("--stall-in-message", type=int, metavar="BYTES")
    parser.add_argument("--slow-message", type=int, nargs=2, metavar=("SIZE", "RATE"))
    parser.add_argument("--ignore-offsets", action="store_true")
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--echo-events", action="store_true")
    args = parser.parse_args()
    event = Events(args.folder, args.echo_events)
    # The one message's size, when the mailbox holds one.
    size = 4096 if args.stall_in_message is not None else args.slow_message[0] if args.slow_message else None
    content = b"".join(b"%06d\n" % i for i in range((size or 0) // 7 + 1))[:size or 0]

    open_writers = set()

    async def serve(reader, writer):
        event("connected")
        open_writers.add(writer)

        def send(*lines):
            writer.write("".join(line + "\r\n" for line in lines).encode())

        async def send_slowly(data):
            """`data`, at --slow-message's rate when given: pieces every 50 ms."""
            if not args.slow_message:
                writer.write(data)
                return
            piece = max(1, args.slow_message[1] // 20)
            for start in range(0, len(data), piece):
                writer.write(data[start:start + piece])
                await writer.drain()
                await asyncio.sleep(0.05)

        send("* OK [CAPABILITY IMAP4rev1] test server ready")
        try:
            while True:
                raw = await reader.readline()
                if not raw:
                    break
                words = raw.decode(errors="replace").rstrip("\r\n").split(" ")
                tag, verb = words[0], (words[1].upper() if len(words) > 1 else "")
                if verb == "UID" and len(words) > 2:
                    verb += " " + words[2].upper()
                event(f"command {verb}")
                if verb == "CAPABILITY":
                    send("* CAPABILITY IMAP4rev1", f"{tag} OK CAPABILITY completed")
                elif verb in ("SELECT", "EXAMINE"):
                    exists = args.count if size is not None else 0
                    send(f"* {exists} EXISTS", "* 0 RECENT", "* OK [UIDVALIDITY 7] UIDs valid", "* FLAGS (\\Seen)",
                         f"{tag} OK [READ-WRITE] {verb} completed")
                elif verb == "UID FETCH" and size is not None:
                    command = raw.decode(errors="replace").upper()
                    if "BODY" in command:
                        event(f"fetch {command.split('BODY', 1)[1].strip()}")
                        partial = re.search(r"<(\d+)\.(\d+)>", command)
                        asked = int(partial.group(1)) if partial else 0
                        offset = 0 if args.ignore_offsets else asked
                        wanted = max(0, min(size - offset, int(partial.group(2)) if partial else size))
                        literal = f"* 1 FETCH (UID 1 BODY[]{f'<{asked}>' if partial else ''} {{{wanted}}}\r\n".encode()
                        stall = args.stall_in_message
                        if stall is not None and offset + wanted > stall:
                            # A literal announced, the bytes before the stall sent, then silence.
                            writer.write(literal + content[offset:max(offset, stall)])
                            await writer.drain()
                            event("message-stalled")
                            continue
                        writer.write(literal)
                        await send_slowly(content[offset:offset + wanted])
                        send(")", f"{tag} OK UID FETCH completed")
                    else:
                        send(*(f"* {uid} FETCH (UID {uid} FLAGS ())" for uid in range(1, args.count + 1)),
                             f"{tag} OK UID FETCH completed")
                elif verb == "STATUS":
                    send(f"* STATUS {words[2] if len(words) > 2 else 'INBOX'} (UIDVALIDITY 7)", f"{tag} OK STATUS completed")
                elif verb == "LOGOUT":
                    if args.stall_logout:
                        event("logout-held")
                        await writer.drain()
                        continue
                    send("* BYE logging out", f"{tag} OK LOGOUT completed")
                    await writer.drain()
                    break
                else:
                    send(f"{tag} OK {verb or 'command'} completed")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            event("closed")
            open_writers.discard(writer)
            writer.close()

    async def run():
        server = await asyncio.start_server(serve, "127.0.0.1", args.port)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        # A test runner may start this process with the signals blocked (a child inherits its
        # parent thread's mask): unblocked here, or SIGTERM would never arrive.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        print(f"ready {server.sockets[0].getsockname()[1]}", flush=True)
        async with server:
            await stop.wait()
            # Connections held open on purpose are cut, so that leaving the server waits on none.
            for writer in list(open_writers):
                writer.transport.abort()

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
