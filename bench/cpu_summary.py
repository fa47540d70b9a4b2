#!/usr/bin/env python3
"""Summarises bench/cpu-profile.sh: per phase of the load (its progress lines in load.log), the async-profiler CPU
samples of the files written during it, by what the thread was doing, and the hottest leaf frames.

usage: cpu_summary.py DIR   (DIR holds load.log and cpu-YYYYMMDD-HHMMSS.collapsed files, one per 2 s)
"""
import collections, glob, os, re, sys
from datetime import datetime, timedelta

d = sys.argv[1]
PROGRESS = re.compile(r'^(\d\d:\d\d:\d\d) \[(s\d [^\]]+?)(?: \d+)?\]')  # 'round 3' counts as 'round'
# first match wins; a stack is 'a;b;c count' from the thread's root to the sampled frame
KINDS = [
    ('SSE fan-out: socket write (kernel)', lambda s: 'Mailbox.run' in s and 'write0' in s),
    ('SSE fan-out: Herald and Grizzly (user)', lambda s: 'Mailbox.run' in s),
    ('long-poll wake', lambda s: 'PollResource' in s or 'PollWaiters' in s),
    ('HTTP requests: JAX-RS commit of a stream (AsyncResponder.resume)', lambda s: 'AsyncResponder.resume' in s),
    ('HTTP requests: the rest (Payara, Jersey, Herald)', lambda s: 'ContainerMapper.service' in s),
    ('HTTP: Grizzly selector and I/O threads', lambda s: 'SelectorRunner' in s or 'WorkerThreadIOStrategy' in s),
    ('GC', lambda s: re.search(r'G1|GC[A-Z]|Gang|ParallelTask|ConcurrentRefine|GCTaskThread', s.split(';', 3)[-1][:300])),
    ('JIT compiler', lambda s: re.search(r'Compile|C2Compiler|C1Compiler|Phase[A-Z]', s[:400])),
]


def kind(stack):
    for name, test in KINDS:
        if test(stack):
            return name
    return 'other'


phases = collections.OrderedDict()
for line in open(os.path.join(d, 'load.log')):
    m = PROGRESS.match(line)
    if m:
        t = datetime.strptime(m.group(1), '%H:%M:%S')
        first, last = phases.get(m.group(2), (t, t))
        phases[m.group(2)] = (min(first, t), max(last, t))
files = []
for f in sorted(glob.glob(os.path.join(d, 'cpu-*.collapsed'))):
    start = datetime.strptime(re.search(r'cpu-\d{8}-(\d{6})', f).group(1), '%H%M%S')
    files.append((start, f))
for phase, (first, last) in phases.items():
    if phase.startswith('s0'):
        continue  # warm-up
    # progress lines come every 2 s and report the 2 s before them
    chosen = [f for start, f in files if first - timedelta(seconds=2) < start < last]
    kinds, leaves, total = collections.Counter(), collections.Counter(), 0
    for f in chosen:
        for line in open(f):
            stack, _, n = line.rstrip().rpartition(' ')
            n = int(n)
            total += n
            kinds[kind(stack)] += n
            leaves[stack.rsplit(';', 1)[-1]] += n
    print(f'== {phase}: {first:%H:%M:%S}-{last:%H:%M:%S}, {len(chosen)} files, {total} samples of 1 ms CPU')
    for k, v in kinds.most_common():
        print(f'  {100 * v / max(total, 1):5.1f}%  {k}')
    print('  -- hottest leaf frames ([k] = kernel)')
    for k, v in leaves.most_common(12):
        print(f'  {100 * v / max(total, 1):5.1f}%  {k}')
