"""A loopback DNS server over UDP that answers TXT questions from its command line, for the
`digest dkim check` tests.

usage: dns_server.py PORT FOLDER [--txt NAME STRING...]... [--empty NAME]... [--silent] [--servfail]

Standard library only; a question is answered from the records given, nothing is forwarded.

  --txt NAME STRING...  one TXT record at NAME made of these character-strings (each at
                        most 255 bytes); repeat for several records, at one name or others
  --empty NAME          NAME exists but has no record (a TXT question gets NOERROR, no answer)
  --silent              read every question and never answer (a resolver times out)
  --servfail            answer every question with SERVFAIL

A question for a name with records gets them (NOERROR, authoritative); for a name not
given, NXDOMAIN; a question of another type than TXT for a given name, NOERROR with no answer. Names compare without case and
without a final dot. Prints "ready PORT" once it listens and "query NAME TYPE" on stdout
for each question (also appended to FOLDER/log.txt); runs until SIGTERM or SIGINT, then
exits 0. FOLDER is where the log goes.
"""
import argparse
import pathlib
import signal
import socket
import struct
import sys

TXT = 16


def read_name(packet, offset):
    """The dotted name at offset (no compression: questions carry none) and the offset after it."""
    labels = []
    while True:
        length = packet[offset]
        offset += 1
        if length == 0:
            return ".".join(labels), offset
        if length & 0xC0:
            raise ValueError("compressed name in a question")
        labels.append(packet[offset : offset + length].decode("ascii", "replace"))
        offset += length


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        raw = label.encode("ascii")
        out += bytes([len(raw)]) + raw
    return out + b"\0"


def answer(packet, records, options, log):
    ident, flags, qdcount = struct.unpack("!HHH", packet[:6])
    if qdcount != 1:
        return None
    name, offset = read_name(packet, 12)
    qtype, qclass = struct.unpack("!HH", packet[offset : offset + 4])
    question = packet[12 : offset + 4]
    log(f"query {name.lower().rstrip('.')} {qtype}")
    if options.silent:
        return None
    recursion = flags & 0x0100
    key = name.lower().rstrip(".")
    answers = []
    if options.servfail:
        rcode = 2
    elif key in records:
        rcode = 0
        if qtype == TXT:
            for strings in records[key]:
                rdata = b"".join(bytes([len(s)]) + s for s in strings)
                answers.append(b"\xc0\x0c" + struct.pack("!HHIH", TXT, 1, 300, len(rdata)) + rdata)
    else:
        rcode = 3
    header = struct.pack("!HHHHHH", ident, 0x8400 | recursion | rcode, 1, len(answers), 0, 0)
    return header + question + b"".join(answers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("folder")
    parser.add_argument("--txt", nargs="+", action="append", default=[], metavar=("NAME", "STRING"))
    parser.add_argument("--empty", action="append", default=[], metavar="NAME")
    parser.add_argument("--silent", action="store_true")
    parser.add_argument("--servfail", action="store_true")
    options = parser.parse_args()

    records = {}
    for name, *strings in options.txt:
        encoded = [s.encode("utf-8") for s in strings]
        if any(len(s) > 255 for s in encoded):
            parser.error(f"a character-string of {name} is over 255 bytes")
        records.setdefault(name.lower().rstrip("."), []).append(encoded)

    for name in options.empty:
        records.setdefault(name.lower().rstrip("."), [])

    log_file = open(pathlib.Path(options.folder) / "log.txt", "a", buffering=1)

    def log(line):
        log_file.write(line + "\n")
        print(line, flush=True)

    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        server.bind(("127.0.0.1", options.port))
    except OSError as error:
        print(f"cannot listen on 127.0.0.1:{options.port}: {error}", file=sys.stderr)
        sys.exit(1)

    def stop(*_):
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"ready {server.getsockname()[1]}", flush=True)
    while True:
        packet, client = server.recvfrom(4096)
        try:
            reply = answer(packet, records, options, log)
        except (ValueError, IndexError, struct.error):
            continue
        if reply is not None:
            server.sendto(reply, client)


if __name__ == "__main__":
    main()
