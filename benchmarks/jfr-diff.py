#!/usr/bin/env python3
# Where one side of a pair spends more CPU than the other: two JFR CPU profiles (one per side, made by
# benchmarks/profile-side.sh), each method's inclusive share of its side's samples turned into CPU ms per operation
# (share x the side's measured CPU ms/op), and the methods with the largest difference listed.
#
#   python3 benchmarks/jfr-diff.py A-cpu.txt A_CPU_MS_PER_OP B-cpu.txt B_CPU_MS_PER_OP [--top 40] [--prefix org.keycloak]
#                                  [--under METHOD]
#
# --under METHOD keeps only the methods called (directly or not) from METHOD in each sample, so the list shows what
# inside METHOD differs; the shares stay shares of all the side's samples.
#
# A method's number is inclusive (everything under it). A difference smaller than about two of the printed ± (the
# sampling error of the two counts) is noise.
import sys, re, collections, math

args = sys.argv[1:]
top = 40
prefixes = []
under = None
while "--under" in args:
    i = args.index("--under"); under = args[i + 1]; del args[i:i + 2]
while "--top" in args:
    i = args.index("--top"); top = int(args[i + 1]); del args[i:i + 2]
while "--prefix" in args:
    i = args.index("--prefix"); prefixes.append(args[i + 1]); del args[i:i + 2]
a_file, a_ms, b_file, b_ms = args[0], float(args[1]), args[2], float(args[3])
frame_re = re.compile(r"^\s+([\w$.<>]+)\(", re.M)


def inclusive(path):
    text = open(path).read()
    counts = collections.Counter()
    total = 0
    for s in text.split("jdk.ExecutionSample {")[1:]:
        m = s.find("stackTrace = [")
        if m < 0:
            continue
        frames = frame_re.findall(s[m:])
        if not frames:
            continue
        total += 1
        if under is not None:
            if under not in frames:
                continue
            frames = frames[:frames.index(under)]  # frames run innermost first: what the innermost METHOD frame calls
        for f in set(frames):
            if not prefixes or any(f.startswith(p) for p in prefixes):
                counts[f] += 1
    return counts, total


a, a_total = inclusive(a_file)
b, b_total = inclusive(b_file)
print(f"A: {a_total} samples, {a_ms:.2f} CPU ms/op; B: {b_total} samples, {b_ms:.2f} CPU ms/op; "
      f"difference {a_ms - b_ms:+.2f} ms/op")
rows = []
for f in set(a) | set(b):
    ams = a[f] / a_total * a_ms
    bms = b[f] / b_total * b_ms
    err = math.sqrt((math.sqrt(a[f]) / a_total * a_ms) ** 2 + (math.sqrt(b[f]) / b_total * b_ms) ** 2)
    rows.append((ams - bms, ams, bms, err, f))
rows.sort(key=lambda r: -abs(r[0]))
print(f"{'A ms/op':>8} {'B ms/op':>8} {'A-B':>7} {'±':>6}  method (inclusive)")
for d, ams, bms, err, f in rows[:top]:
    print(f"{ams:8.3f} {bms:8.3f} {d:+7.3f} {err:6.3f}  {f}")
