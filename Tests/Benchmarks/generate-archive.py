#!/usr/bin/env python3
"""Writes a newsletter repository with COUNT generated issues, for the lint benchmark.

The issues are well-formed and numbered and dated on the fortnightly schedule from
Vol 1.1 (2022-01-13); each takes five headline/detail pairs from the archive's issues,
chosen by a seeded generator, so every run lints the same text.

usage: generate-archive.py SOURCE_REPO TARGET_FOLDER COUNT
"""
import datetime
import pathlib
import random
import re
import shutil
import sys


def pairs_of(text):
    """The (headline, detail lines) pairs of an issue in the issue format."""
    headlines, details, section = [], [], None
    for line in text.splitlines():
        if line in ("Headlines", "Details", "Footer"):
            section = line
        elif section == "Headlines" and line.startswith("- "):
            headlines.append(line[2:])
        elif section == "Details" and line.startswith("- "):
            details.append([line[2:]])
        elif section == "Details" and line.startswith("  ") and details:
            details[-1].append(line[2:])
    return list(zip(headlines, details))


def main():
    source, target, count = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
    if target.exists():
        shutil.rmtree(target)
    (target / "seeds" / "archive").mkdir(parents=True)
    (target / "Drafts").mkdir()
    shutil.copy(source / "digest.yaml", target / "digest.yaml")
    archive = sorted((source / "seeds" / "archive").glob("*.issue"))
    pairs = [pair for path in archive for pair in pairs_of(path.read_text())]
    footer = archive[0].read_text().split("\nFooter\n", 1)[1]
    settings = (source / "digest.yaml").read_text()
    footer_text = re.search(r"footer: >-\n((?:    .*\n)+)", settings).group(1)
    footer = " ".join(line.strip() for line in footer_text.splitlines())
    wrapped, line = [], ""
    for word in footer.split(" "):
        if line and len(line) + 1 + len(word) > 78:
            wrapped.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    wrapped.append(line)
    generator = random.Random(2022)
    date = datetime.date(2022, 1, 13)
    volume, number = 1, 0
    for _ in range(count):
        if date.year - 2021 != volume:
            volume, number = date.year - 2021, 0
        number += 1
        chosen = generator.sample(pairs, 5)
        lines = [f"US-Japan Alliance Digest Vol {volume}.{number}", f"Date: {date.isoformat()}", "", "Headlines"]
        lines += [f"- {headline}" for headline, _ in chosen]
        lines += ["", "Details"]
        for _, detail in chosen:
            lines.append(f"- {detail[0]}")
            lines += [f"  {rest}" for rest in detail[1:]]
        lines += ["", "Footer"] + wrapped
        name = f"{date.isoformat()}-vol-{volume}.{number}.issue"
        (target / "seeds" / "archive" / name).write_text("\n".join(lines) + "\n")
        date += datetime.timedelta(days=14)


if __name__ == "__main__":
    main()
