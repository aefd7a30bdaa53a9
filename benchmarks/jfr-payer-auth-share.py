#!/usr/bin/env python3
# How much of a JFR CPU profile is payer-auth code: the share of execution samples with an org.payerauth frame,
# by outermost (inclusive) and innermost payer-auth frame. Input: `jfr print --events jdk.ExecutionSample
# --stack-depth 512 FILE.jfr > FILE.txt` (after `jcmd PID JFR.configure stackdepth=512` and a JFR.start).
#   python3 benchmarks/jfr-payer-auth-share.py FILE.txt
import sys, re, collections
text = open(sys.argv[1]).read()
samples = text.split("jdk.ExecutionSample {")[1:]
total = 0; ours = 0
outer = collections.Counter(); inner = collections.Counter()
frame_re = re.compile(r"^\s+([\w$.<>]+)\(", re.M)
for s in samples:
    m = s.find("stackTrace = [")
    if m < 0: continue
    frames = frame_re.findall(s[m:])
    if not frames: continue
    total += 1
    mine = [f for f in frames if f.startswith("org.payerauth")]
    if mine:
        ours += 1
        outer[mine[-1]] += 1
        inner[mine[0]] += 1
print(f"samples {total}, with a payer-auth frame {ours} ({100.0*ours/max(total,1):.1f} %)")
print("by outermost payer-auth frame (inclusive):")
for k, v in outer.most_common(15): print(f"  {v:6d} {100.0*v/max(total,1):5.1f} %  {k}")
print("by innermost payer-auth frame:")
for k, v in inner.most_common(15): print(f"  {v:6d} {100.0*v/max(total,1):5.1f} %  {k}")
