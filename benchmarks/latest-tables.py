#!/usr/bin/env python3
"""The newest head-to-head tables of every kind of machine measured, so that no machine's figures are
read as another's: for each CPU folder bench-results/<cpu>/ (named by `benchmarks/machine.sh slug`), the
newest run in gray-scott-2d/ and in gray-scott-3d/ (by the date in its compare.md), with the table of
its compare.md, under a heading that names the machine. Markdown on stdout.

    benchmarks/latest-tables.py                      print them
    benchmarks/latest-tables.py --update README.md   replace what README.md has between the lines
                                                     <!-- latest-tables:begin --> and <!-- latest-tables:end -->

Links are relative to the checkout's root (with --update, to the file's folder). Runs elsewhere
(--what, e.g. native/ or gray-scott-2d-quick/) are not shown. Python 3 standard library only.
"""
import os
import re
import sys

MODELS = [("gray-scott-2d", "Gray-Scott 2D"), ("gray-scott-3d", "Gray-Scott 3D")]
BEGIN, END = "<!-- latest-tables:begin -->", "<!-- latest-tables:end -->"


# (vendor, lscpu family, lowest model, highest model) -> the core's name, for the headings: the team's VMs
# report generic names ("AMD EPYC") whose family/model alone tell the generations apart.
CORES = [("AuthenticAMD", 23, 0x00, 0xff, "Zen / Zen 2"), ("AuthenticAMD", 25, 0x00, 0x0f, "Zen 3"),
         ("AuthenticAMD", 25, 0x10, 0x1f, "Zen 4"), ("AuthenticAMD", 25, 0xa0, 0xaf, "Zen 4c"),
         ("AuthenticAMD", 26, 0x00, 0xff, "Zen 5"), ("GenuineIntel", 6, 85, 85, "Skylake/Cascade Lake-SP"),
         ("GenuineIntel", 6, 106, 106, "Ice Lake-SP"), ("GenuineIntel", 6, 143, 143, "Sapphire Rapids"),
         ("GenuineIntel", 6, 207, 207, "Emerald Rapids"), ("GenuineIntel", 6, 173, 173, "Granite Rapids")]


def core_name(info):
    try:
        family, model = int(info.get("family", "")), int(info.get("model", ""))
    except ValueError:
        return None
    vendor = info.get("vendor") or ("AuthenticAMD" if "amd" in info.get("cpu", "").lower() else "GenuineIntel")
    return next((name for v, f, lo, hi, name in CORES if v == vendor and f == family and lo <= model <= hi), None)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def key_values(path):
    """machine.txt: 'key: value' lines; {} if there is none."""
    if not os.path.isfile(path):
        return {}
    pairs = (line.split(":", 1) for line in read(path).splitlines() if ":" in line)
    return {k.strip(): v.strip() for k, v in pairs}


def run_date(md_text):
    m = re.search(r"^- Date: (\d{4}-\d\d-\d\d \d\d:\d\d) UTC", md_text, re.M)
    return m.group(1) if m else ""


def newest_run(folder):
    """(run folder, compare.md text) of the newest run under folder, or None."""
    runs = []
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        md = os.path.join(folder, name, "compare.md")
        if os.path.isfile(md):
            text = read(md)
            runs.append((run_date(text), name, text))
    if not runs:
        return None
    date, name, text = max(runs)
    return os.path.join(folder, name), text


def results_table(md_text):
    """The '## Results' table of a compare.md."""
    m = re.search(r"^## Results\n\n(.*?)(?=^## |\Z)", md_text, re.M | re.S)
    return m.group(1).strip() if m else "(compare.md has no results table)"


def machine_heading(cpu_dir, slug, run_dir, md_text):
    info = key_values(os.path.join(cpu_dir, "machine.txt")) or key_values(os.path.join(run_dir, "machine.txt"))
    if info:
        core = core_name(info)
        return "%s%s (lscpu family %s, model %s), %s CPUs, L3 %s" % (
            info.get("cpu", "unknown CPU"), ", " + core if core else "", info.get("family", "?"), info.get("model", "?"),
            info.get("cpus", "?").split(" ")[0], re.sub(r" \(.*\)", "", info.get("l3", "?")))
    m = re.search(r"^- Machine: ([^;]*);", md_text, re.M)
    return m.group(1) if m else slug


def tables(root, link_base):
    results = os.path.join(root, "bench-results")
    out = []
    for slug in sorted(os.listdir(results)) if os.path.isdir(results) else []:
        cpu_dir = os.path.join(results, slug)
        found = [(title, newest_run(os.path.join(cpu_dir, what))) for what, title in MODELS]
        found = [(title, run) for title, run in found if run]
        if not found:
            continue
        run_dir, md_text = found[0][1]
        out.append("#### %s\n" % machine_heading(cpu_dir, slug, run_dir, md_text))
        out.append("Folder `bench-results/%s/`.\n" % slug)
        for title, (run_dir, md_text) in found:
            link = os.path.relpath(os.path.join(run_dir, "compare.md"), link_base).replace(os.sep, "/")
            command = re.search(r"^- Command: (.*)$", md_text, re.M)
            # Runs from before bench-results/<cpu>/ were put in place with --out, which named their old folder;
            # the link says where the run is now, and the same command without --out writes a new run beside it.
            command = re.sub(r" --out \S+(?=`)", "", command.group(1)) if command else None
            rounds = re.search(r"median over (\d+) rounds", md_text)
            out.append("**%s**, %s UTC, %s rounds, %s ([compare.md](%s)), MLUP/s:\n" % (
                title, run_date(md_text) or "date unknown", rounds.group(1) if rounds else "?",
                command or "command unknown", link))
            out.append(results_table(md_text) + "\n")
    return "\n".join(out) if out else "(no runs in bench-results/<cpu>/gray-scott-2d or gray-scott-3d yet)\n"


def main(args):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if not args:
        sys.stdout.write(tables(root, root))
        return 0
    if len(args) == 2 and args[0] == "--update":
        path = args[1]
        text = read(path)
        if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
            sys.exit("latest-tables.py: %s needs one line %s and, after it, one line %s" % (path, BEGIN, END))
        body = tables(root, os.path.dirname(os.path.abspath(path)))
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        with open(path, "w", encoding="utf-8") as f:
            f.write(head + BEGIN + "\n\n" + body + "\n" + END + tail)
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
