"""Amazon SES for the tests: moto's server, behind a proxy that checks every request's SigV4
signature with botocore's signer and can misbehave on purpose.

usage: ses_server.py PORT FOLDER [--verify ADDRESS]... [--account JSON] [--account-throttles N]
                     [--fault KIND@N]...

  --verify ADDRESS   verify this sender identity in moto before "ready" (repeatable); moto
                     rejects mail from an unverified sender with MessageRejected
  --account JSON     answer GET /v2/email/account (GetAccount, which moto lacks) with this
                     SendQuota, e.g. '{"Max24HourSend": 200, "MaxSendRate": 1, "SentLast24Hours": 0}',
                     or with 404 NotFoundException for the JSON string "not-found"
  --account-throttles N  answer the first N GetAccount requests 429 TooManyRequestsException
  --fault KIND@N     misbehave on the Nth SendEmail request (1-based; KIND@N-M: the Nth to
                     the Mth); KIND is throttle, throttle-forever (Retry-After 1e20), error500,
                     drop, drop-after-send, hang or reject-recipient (see Servers/README.md)

The credentials are the server's own AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
AWS_SESSION_TOKEN. Prints "ready PORT" (the proxy's port) once moto and the proxy both
answer; then one line per event on stdout, also appended to FOLDER/log.txt. Runs until
SIGTERM or SIGINT, then exits 0.
"""
import argparse
import base64
import datetime
import hashlib
import http.client
import http.server
import json
import logging
import os
import pathlib
import re
import signal
import socket
import sys
import threading

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials

FAULT_KINDS = ("throttle", "throttle-forever", "error500", "drop", "drop-after-send", "hang", "reject-recipient")
SEND_EMAIL_PATH = "/v2/email/outbound-emails"
ACCOUNT_PATH = "/v2/email/account"
AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)/(\d{8})/([^/,\s]+)/([^/,\s]+)/aws4_request\s*,"
    r"\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$"
)
# Headers that describe one hop, never forwarded to moto.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "expect"}


class Events:
    """Prints each event on stdout and appends it to FOLDER/log.txt, one whole line at a time."""

    def __init__(self, folder):
        self.lock = threading.Lock()
        self.file = open(pathlib.Path(folder) / "log.txt", "a", encoding="utf-8")

    def __call__(self, line):
        with self.lock:
            self.file.write(line + "\n")
            self.file.flush()
            sys.stdout.write(line + "\n")
            sys.stdout.flush()


class SignedHeadersOnly(SigV4Auth):
    """botocore's SigV4 signer, made to sign exactly the headers the request says it signed."""

    def __init__(self, credentials, service, region, names):
        super().__init__(credentials, service, region)
        self.names = names

    def headers_to_sign(self, request):
        chosen = HTTPHeaders()
        for name in self.names:
            for value in request.headers.get_all(name) or []:
                chosen[name] = value
        return chosen


def signature_problem(method, path, headers, body):
    """Why the request's signature is wrong, or None when botocore computes the same one."""
    authorization = headers.get("Authorization")
    if authorization is None:
        return "no Authorization header"
    match = AUTHORIZATION.match(authorization)
    if match is None:
        return "Authorization is not AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…"
    key, day, region, service, signed, given = match.groups()
    if key != os.environ.get("AWS_ACCESS_KEY_ID"):
        return f"unknown access key {key}"
    names = signed.split(";")
    if "host" not in names:
        return "host is not among the signed headers"
    for name in names:
        if headers.get(name) is None:
            return f"signed header {name} is missing"
    timestamp = headers.get("X-Amz-Date")
    if timestamp is None:
        return "no X-Amz-Date header"
    try:
        moment = datetime.datetime.strptime(timestamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return f"X-Amz-Date {timestamp} is not YYYYMMDDTHHMMSSZ"
    if timestamp[:8] != day:
        return f"credential date {day} is not X-Amz-Date's day {timestamp[:8]}"
    if abs((datetime.datetime.now(datetime.timezone.utc) - moment).total_seconds()) > 15 * 60:
        return f"X-Amz-Date {timestamp} is more than 15 minutes away"
    token = os.environ.get("AWS_SESSION_TOKEN")
    if token and headers.get("X-Amz-Security-Token") != token:
        return "X-Amz-Security-Token is missing or not the session token"
    # botocore trusts a given X-Amz-Content-SHA256 instead of hashing the body: check it here.
    content_hash = headers.get("X-Amz-Content-SHA256")
    if content_hash is not None and content_hash != hashlib.sha256(body).hexdigest():
        return "X-Amz-Content-SHA256 is not the body's SHA-256"
    request = AWSRequest(method=method, url=f"http://{headers.get('Host')}{path}", data=body)
    for name, value in headers.items():
        request.headers[name] = value
    request.context["timestamp"] = timestamp
    credentials = Credentials(os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY"), token)
    signer = SignedHeadersOnly(credentials, service, region, names)
    expected = signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
    if expected != given:
        return f"signature {given} is not {expected}"
    return None


def parse_faults(parser, specs):
    """KIND@N and KIND@N-M into {ordinal: KIND}."""
    faults = {}
    for spec in specs:
        match = re.fullmatch(r"([a-z0-9-]+)@(\d+)(?:-(\d+))?", spec)
        if match is None or match.group(1) not in FAULT_KINDS:
            parser.error(f"--fault {spec}: expected KIND@N or KIND@N-M with KIND one of {', '.join(FAULT_KINDS)}")
        first = int(match.group(2))
        last = int(match.group(3) or first)
        if first < 1 or last < first:
            parser.error(f"--fault {spec}: N must be 1 or more and M at least N")
        for ordinal in range(first, last + 1):
            faults[ordinal] = match.group(1)
    return faults


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: several requests a connection
    server_version = "ses_server.py"

    def log_message(self, format, *arguments):  # the events are the log
        pass

    def setup(self):
        super().setup()
        self.server.state.events(f"connection {self.server.state.next_connection()}")

    def do_GET(self):
        self.serve()

    def do_POST(self):
        self.serve()

    def do_PUT(self):
        self.serve()

    def do_DELETE(self):
        self.serve()

    def read_body(self):
        length = self.headers.get("Content-Length")
        if length is not None:
            return self.rfile.read(int(length))
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        return b""

    def answer(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer_error(self, status, kind, message, extra=()):
        body = json.dumps({"message": message}).encode()
        self.answer(status, body, [("Content-Type", "application/json"), ("x-amzn-ErrorType", kind), *extra])

    def hang_up(self):
        """Closes the connection without a byte of answer."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def serve(self):
        state = self.server.state
        body = self.read_body()
        path = self.path
        if path.startswith("/moto-api/"):  # moto's own API, for the tests' checks: not AWS, unsigned
            status, headers, answer = state.forward(self.command, path, self.headers, body)
            self.answer(status, answer, headers)
            return
        number = state.next_request()
        state.events(f"request {number} {self.command} {path}")
        problem = signature_problem(self.command, path, self.headers, body)
        if problem is not None:
            state.events(f"signature-mismatch {self.command} {path} {problem}")
            self.answer_error(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. "
                "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            )
            return
        if self.command == "GET" and path == ACCOUNT_PATH and state.throttle_account():
            self.answer_error(429, "TooManyRequestsException", "Too Many Requests", [("Retry-After", "0")])
            return
        if self.command == "GET" and path == ACCOUNT_PATH and state.account == "not-found":
            self.answer_error(404, "NotFoundException", "Resource not found")
            return
        if self.command == "GET" and path == ACCOUNT_PATH and state.account is not None:
            account = {
                "SendQuota": state.account,
                "SendingEnabled": True,
                "ProductionAccessEnabled": True,
                "EnforcementStatus": "HEALTHY",
                "DedicatedIpAutoWarmupEnabled": False,
            }
            self.answer(200, json.dumps(account).encode(), [("Content-Type", "application/json")])
            return
        fault = None
        if self.command == "POST" and path == SEND_EMAIL_PATH:
            ordinal = state.next_send()
            fault = state.faults.get(ordinal)
            if fault is not None:
                state.events(f"fault {fault} {ordinal} {recipient(body)}")
        if fault == "throttle":
            self.answer_error(429, "TooManyRequestsException", "Maximum sending rate exceeded.", [("Retry-After", "1")])
            return
        if fault == "throttle-forever":
            self.answer_error(429, "TooManyRequestsException", "Maximum sending rate exceeded.", [("Retry-After", "1e20")])
            return
        if fault == "error500":
            self.answer_error(500, "InternalFailure", "The request processing has failed because of an unknown error.")
            return
        if fault == "reject-recipient":
            self.answer_error(400, "BadRequestException", "Illegal address")
            return
        if fault == "drop":
            self.hang_up()
            return
        if fault == "hang":
            threading.Event().wait()  # until the process is killed
        status, headers, answer = state.forward(self.command, path, self.headers, body)
        if self.command == "POST" and path == SEND_EMAIL_PATH and status == 200:
            state.events(f"sent {json.loads(answer)['MessageId']}")
        if fault == "drop-after-send":
            self.hang_up()
            return
        self.answer(status, answer, headers)


def recipient(body):
    """The first of a SendEmail request's ToAddresses, or "-": which reader a fault hit, since
    readers made on several threads need not reach the endpoint in the list's order."""
    try:
        return json.loads(body)["Destination"]["ToAddresses"][0]
    except (ValueError, KeyError, IndexError, TypeError):
        return "-"


class State:
    def __init__(self, moto_port, events, faults, account, account_throttles=0):
        self.moto_port = moto_port
        self.events = events
        self.faults = faults
        self.account = account
        self.account_throttles = account_throttles
        self.lock = threading.Lock()
        self.requests = 0
        self.sends = 0
        self.connections = 0

    def throttle_account(self):
        """Whether this GetAccount is one of the first --account-throttles, answered 429."""
        with self.lock:
            if self.account_throttles <= 0:
                return False
            self.account_throttles -= 1
            return True

    def next_request(self):
        with self.lock:
            self.requests += 1
            return self.requests

    def next_connection(self):
        with self.lock:
            self.connections += 1
            return self.connections

    def next_send(self):
        with self.lock:
            self.sends += 1
            return self.sends

    def forward(self, method, path, headers, body):
        """One request to moto; its status, headers (one hop's removed) and body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.moto_port, timeout=60)
        try:
            forwarded = {name: value for name, value in headers.items() if name.lower() not in HOP_BY_HOP}
            forwarded["Content-Length"] = str(len(body))
            connection.request(method, path, body=body, headers=forwarded)
            response = connection.getresponse()
            answer = response.read()
            kept = [
                (name, value)
                for name, value in response.getheaders()
                if name.lower() not in HOP_BY_HOP and name.lower() not in ("content-length", "date", "server")
            ]
            return response.status, kept, answer
        finally:
            connection.close()


def parse_arguments():
    parser = argparse.ArgumentParser(description="Amazon SES (moto) behind a SigV4-checking proxy, for the tests.")
    parser.add_argument("port", type=int)
    parser.add_argument("folder")
    parser.add_argument("--verify", action="append", default=[], metavar="ADDRESS")
    parser.add_argument("--account", metavar="JSON")
    parser.add_argument("--account-throttles", type=int, default=0, metavar="N")
    parser.add_argument("--fault", action="append", default=[], metavar="KIND@N")
    arguments = parser.parse_args()
    arguments.faults = parse_faults(parser, arguments.fault)
    if arguments.account is not None:
        try:
            arguments.account = json.loads(arguments.account)
        except json.JSONDecodeError as error:
            parser.error(f"--account: not JSON: {error}")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        if not os.environ.get(name):
            parser.error(f"{name} is not set: the proxy checks signatures with the environment's credentials")
    return arguments


def answers(port):
    """Whether an HTTP server answers on the port, whatever its status: "/moto-api/data.json"
    would answer too, but loads every one of moto's services first (seconds)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/moto-api/ready-probe")
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


def main():
    arguments = parse_arguments()
    try:
        proxy = http.server.ThreadingHTTPServer(("127.0.0.1", arguments.port), Proxy)
    except OSError as error:
        sys.exit(f"ses_server.py: cannot listen on 127.0.0.1:{arguments.port}: {error}")
    proxy.daemon_threads = True

    # Imported late: moto takes a second to import, and a bad command line should fail fast.
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.server import ThreadedMotoServer
    from moto.ses.models import ses_backends

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's access log: the events say more
    signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)  # the threads below inherit the mask
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    moto_port = moto.get_host_and_port()[1]
    # moto keeps identities per region: verify them in every region a request may name.
    for region in ses_backends[DEFAULT_ACCOUNT_ID].regions:
        for address in arguments.verify:
            ses_backends[DEFAULT_ACCOUNT_ID][region].verify_email_identity(address)

    proxy.state = State(moto_port, Events(arguments.folder), arguments.faults, arguments.account, arguments.account_throttles)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    port = proxy.server_address[1]
    if not (answers(moto_port) and answers(port)):
        sys.exit("ses_server.py: moto or the proxy does not answer")
    print(f"ready {port}", flush=True)
    signal.sigwait(signals)
    os._exit(0)


if __name__ == "__main__":
    main()
