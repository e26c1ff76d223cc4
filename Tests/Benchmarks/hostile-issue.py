#!/usr/bin/env python3
"""Writes one hostile issue of about SIZE bytes to standard output, for lint-growth.sh.

Each KIND is a way a pasted document, a runaway script or a careless edit can stress
`digest lint`; every byte is fixed by KIND and SIZE, so runs compare.

usage: hostile-issue.py KIND SIZE
"""
import sys

HEAD = "US-Japan Alliance Digest Vol 2.6\nDate: 2023-04-06\n\n"
FOOT = "\nFooter\nThe footer.\n"


def issue(detail, headline="One long story"):
    return f"{HEAD}Headlines\n- {headline}\n\nDetails\n- {detail}\n{FOOT}"


def made_up(index):
    """The index-th of many distinct made-up words: base-20 digits written in consonants."""
    consonants = "bcdfghjklmnpqrstvwxz"
    return "".join(consonants[(index // 20**place) % 20] for place in range(7))


def items(size):
    count = max(size // 60, 2)
    headlines = "".join(f"- Headline about story {i}\n" for i in range(count))
    details = "".join(f"- The detail tells story {i}.\n" for i in range(count))
    return f"{HEAD}Headlines\n{headlines}\nDetails\n{details}{FOOT}"


def capitals(size):
    word = "pacfleetnavyadmirals"
    variants = ("".join(c.upper() if (i >> k) & 1 else c for k, c in enumerate(word)) for i in range(size // 25))
    return issue("the " + " and ".join(variants))


def directives(size):
    lines = []
    for i in range(size // 100):
        lines.append("# digest-lint: disable-next-line spelling")
        lines.append(made_up(i * 31) + " words.  # digest-lint: disable-line spelling")
    return issue("Talks.\n" + "\n".join("  " + line for line in lines))


def junk(size):
    state, out = 12, bytearray()
    for _ in range(size):
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        out.append(state >> 56)
    return bytes(out)


KINDS = {
    "repeated-word": lambda n: issue(" ".join(["alliance"] * (n // 9))),
    "long-word": lambda n: issue("The " + "a" * n + " word."),
    "nested-links": lambda n: issue("[" * (n // 22) + "a" + "](https://example.org)" * (n // 22)),
    "open-addresses": lambda n: issue("[a](b" * (n // 5)),
    "nested-emphasis": lambda n: issue("*a **b " * (n // 10) + "c" + "** *" * (n // 10)),
    "many-items": items,
    "no-spaces": lambda n: issue("a.Bc" * (n // 4)),
    "misspellings": lambda n: issue(" ".join(made_up(i * 7919) for i in range(n // 8))),
    "capitals": capitals,
    "directives": directives,
    "near-names": lambda n: issue("The " + " and ".join("Qaaaa" + chr(0x4E00 + i % 20000) + chr(0x4E00 + i // 20000) for i in range(n // 13))),
    "huge-number": lambda n: issue("Talks on " + "1" * n + " days."),
    "substitutions": lambda n: issue('The U.S.  "talks" on March 8th, Jan. 5 and Japan\'s ' * (n // 51)),
    "binary": junk,
}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in KINDS:
        sys.exit(f"usage: hostile-issue.py KIND SIZE (KIND: {', '.join(KINDS)})")
    made = KINDS[sys.argv[1]](int(sys.argv[2]))
    sys.stdout.buffer.write(made if isinstance(made, bytes) else made.encode())
