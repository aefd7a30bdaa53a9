#!/usr/bin/env python3
# How much of a JFR profile is payer-auth code: the share of samples with an org.payerauth frame, by outermost
# (inclusive) and innermost payer-auth frame. CPU: execution samples. Allocation: allocation samples, counted (JDK 17's
# per-sample weights swing from kB to GB, so a few samples would decide a weighted share; their sum is printed
# too). Input (after `jcmd PID JFR.configure stackdepth=512` and a
# `JFR.start settings=profile`):
#   jfr print --events jdk.ExecutionSample --stack-depth 512 FILE.jfr > cpu.txt
#   jfr print --events jdk.ObjectAllocationSample --stack-depth 512 FILE.jfr > alloc.txt
#   python3 benchmarks/jfr-payer-auth-share.py cpu.txt|alloc.txt
import sys, re, collections
text = open(sys.argv[1]).read()
allocation = "jdk.ObjectAllocationSample {" in text
samples = text.split("jdk.ObjectAllocationSample {" if allocation else "jdk.ExecutionSample {")[1:]
units = {"bytes": 1, "byte": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}
weight_re = re.compile(r"^\s+weight = ([\d.,]+) (\w+)", re.M)
frame_re = re.compile(r"^\s+([\w$.<>]+)\(", re.M)
total = 0.0; ours = 0.0; count = 0; weights = 0.0
outer = collections.Counter(); inner = collections.Counter()
for s in samples:
    m = s.find("stackTrace = [")
    if m < 0: continue
    frames = frame_re.findall(s[m:])
    if not frames: continue
    w = 1.0
    if allocation:
        wm = weight_re.search(s[:m])
        weights += float(wm.group(1).replace(",", "")) * units.get(wm.group(2), 1) if wm else 0.0
    total += w; count += 1
    mine = [f for f in frames if f.startswith("org.payerauth")]
    if mine:
        ours += w
        outer[mine[-1]] += w
        inner[mine[0]] += w
def amount(v):
    return f"{int(v):6d}"
kind = f"allocation samples (their weights add up to {weights / 1e9:.1f} GB)" if allocation else "samples"
print(f"{kind} {count}, with a payer-auth frame {int(ours)} ({100.0*ours/max(total,1):.1f} %)")
print("by outermost payer-auth frame (inclusive):")
for k, v in outer.most_common(15): print(f"  {amount(v)} {100.0*v/max(total,1):5.1f} %  {k}")
print("by innermost payer-auth frame:")
for k, v in inner.most_common(15): print(f"  {amount(v)} {100.0*v/max(total,1):5.1f} %  {k}")
