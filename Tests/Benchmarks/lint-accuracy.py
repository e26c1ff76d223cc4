#!/usr/bin/env python3
"""How well `digest lint` finds the house style's slips, and how often it cries wolf.

    python3 Tests/Benchmarks/lint-accuracy.py [--digest PATH] [--real DIR] [-v]

Two corpora:
  * synthetic: Tests/DigestLintTests/Fixtures/Accuracy/NN.marked, issues we wrote in the
    house style, each slip marked ⟦class:text⟧. The markers are taken out and the issues
    linted together in one run (a variant may be one issue against another); a finding
    that overlaps a slip catches it, any other finding is a false alarm.
  * real: issues converted from other publications' newsletter text (kept out of the
    repository; default /work/lint-corpus/issues, or --real / $LINT_CORPUS). Every
    finding is a candidate false alarm; DIR/../labels.tsv may label one `slip` (a real
    slip in that text, by "file:line:column<TAB>rule<TAB>slip<TAB>why").
Prints, per class, slips caught and missed, and false alarms per ten issues by rule.
Rules about the issue's frame (title, numbering, cadence, footer, headlines matching
details) are left out: the converted issues' frames are ours, not the sources'.
"""
import argparse, collections, datetime, json, os, pathlib, re, subprocess, sys, tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "Tests/DigestLintTests/Fixtures/Accuracy"
FRAME_RULES = {"title", "numbering", "cadence", "footer", "headlines-match-details"}
FOOTER = ("Footer\n“US-Japan Alliance Digest” is a bi-weekly summary of bilateral and related\n"
          "developments compiled by Sasakawa USA’s “US-Japan NEXT Alliance Initiative.”\n"
          "To receive “Alliance Digest” via email, contact egulum@spfusa.org\n")
MARK = re.compile(r"⟦([a-z-]+):([^⟧]*)⟧")


def materialise(directory):
    """Writes the marked fixtures as issues; returns their paths and the slips."""
    paths, slips = [], []
    for number, marked in enumerate(sorted(FIXTURES.glob("*.marked")), 1):
        date = datetime.date(2025, 1, 9) + datetime.timedelta(days=14 * (number - 1))
        head = f"US-Japan Alliance Digest Vol 4.{number}\nDate: {date}\n\n"
        lines = (head + marked.read_text().rstrip("\n") + "\n\n" + FOOTER).split("\n")
        out = []
        for line_number, line in enumerate(lines, 1):
            plain, offset = "", 0
            for match in MARK.finditer(line):
                plain += line[offset:match.start()]
                column = len(plain) + 1
                plain += match.group(2)
                slips.append({"file": f"{date}-vol-4.{number}.issue", "line": line_number, "start": column,
                              "end": column + len(match.group(2)), "class": match.group(1), "text": match.group(2)})
                offset = match.end()
            out.append(plain + line[offset:])
        path = directory / f"{date}-vol-4.{number}.issue"
        path.write_text("\n".join(out))
        paths.append(path)
    return paths, slips


def lint(digest, paths):
    result = subprocess.run([digest, "lint", "--format", "json", *map(str, paths)], cwd=ROOT, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.exit(f"digest lint failed ({result.returncode}): {result.stderr}")
    findings = json.loads(result.stdout or "[]")
    return [f for f in findings if f["rule"] not in FRAME_RULES]


def report_alarms(alarms, issues, verbose):
    by_rule = collections.Counter(f["rule"] for f in alarms)
    print(f"  false alarms: {len(alarms)} in {issues} issues = {10 * len(alarms) / issues:.1f} per 10 issues"
          + (f"  ({', '.join(f'{r} {n}' for r, n in by_rule.most_common())})" if alarms else ""))
    if verbose:
        for f in alarms:
            print(f"    {pathlib.Path(f['path']).name}:{f['line']}:{f['column']} {f['rule']}: {f['message']}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--digest", default=str(ROOT / ".build/release/digest"))
    parser.add_argument("--real", default=os.environ.get("LINT_CORPUS", "/work/lint-corpus/issues"))
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as work:
        paths, slips = materialise(pathlib.Path(work))
        findings = lint(args.digest, paths)
    used = set()
    caught = collections.Counter()
    total = collections.Counter(s["class"] for s in slips)
    missed = []
    for slip in slips:
        hits = [i for i, f in enumerate(findings)
                if pathlib.Path(f["path"]).name == slip["file"] and f["line"] == slip["line"]
                and f["column"] < slip["end"] and (f["endColumn"] > slip["start"] if f["endLine"] == f["line"] else True)]
        used.update(hits)
        if hits: caught[slip["class"]] += 1
        else: missed.append(slip)
    print(f"synthetic: {len(paths)} issues, {len(slips)} slips")
    for cls in sorted(total):
        print(f"  {cls:15} caught {caught[cls]:2} of {total[cls]:2}")
    all_caught = sum(caught.values())
    print(f"  {'all':15} caught {all_caught:2} of {len(slips):2} ({100 * all_caught / len(slips):.0f}%)")
    if args.verbose:
        for slip in missed:
            print(f"    missed {slip['class']}: {slip['file']}:{slip['line']}:{slip['start']} “{slip['text']}”")
    report_alarms([f for i, f in enumerate(findings) if i not in used], len(paths), args.verbose)

    real = sorted(pathlib.Path(args.real).glob("*.issue"))
    if not real:
        print(f"real: no issues in {args.real} (the corpus is kept out of the repository)")
        return
    labels = {}
    label_file = pathlib.Path(args.real).parent / "labels.tsv"
    if label_file.exists():
        for line in label_file.read_text().splitlines():
            parts = line.split("\t")
            if len(parts) >= 3 and not line.startswith("#"):
                labels[(parts[0], parts[1])] = parts[2]
    findings = lint(args.digest, real)
    slips_found = [f for f in findings if labels.get((f"{pathlib.Path(f['path']).name}:{f['line']}:{f['column']}", f["rule"])) == "slip"]
    alarms = [f for f in findings if f not in slips_found]
    print(f"real: {len(real)} issues from other publications, {len(slips_found)} findings labelled real slips")
    report_alarms(alarms, len(real), args.verbose)


if __name__ == "__main__":
    main()
