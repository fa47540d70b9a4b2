#!/usr/bin/env python3
"""Summarises a Herald profile made by bench/profile.sh: CPU samples, allocations, thread dumps, heap per subscriber.

usage: jfr_summary.py DIR SUBSCRIBERS   (DIR holds herald.jfr, td-*.txt, histo0.txt, histo1.txt)
"""
import collections, glob, os, re, subprocess, sys

d, subs = sys.argv[1], int(sys.argv[2])
FRAME = re.compile(r'^\s+([\w$.<>]+\.[\w$<>]+)\(', re.M)


def events(kind):
    out = subprocess.run(['jfr', 'print', '--stack-depth', '64', '--events', kind, os.path.join(d, 'herald.jfr')],
                         capture_output=True, text=True).stdout
    return out.split(kind)[1:]


cpu = events('jdk.ExecutionSample')
stacks = [FRAME.findall(e) for e in cpu]
n = len(stacks)
print(f'== CPU samples: {n}')
by_thread = collections.Counter(re.sub(r'\d+', 'N', (re.search(r'sampledThread = "([^"]*)"', e) or [None, '?'])[1]) for e in cpu)
for k, v in by_thread.most_common(6):
    print(f'{100 * v / n:5.1f}%  thread {k}')
paths = [
    ('long-poll resume (PollResource completion)', r'PollResource\.lambda\$poll'),
    ('  JSON per poller (EventJson.toJsonText)', r'EventJson\.toJsonText'),
    ('  JsonProvider.provider() ServiceLoader lookups', r'JsonProvider\.provider'),
    ('  Jersey AsyncResponder.resume', r'AsyncResponder\.resume'),
    ('SSE fan-out (Mailbox.run)', r'broadcast\.Mailbox\.run'),
    ('  JerseyEventSink.send', r'JerseyEventSink\.send'),
    ('  ChunkedOutput.flushQueue', r'ChunkedOutput\.flushQueue'),
    ('  MessageBodyFactory.writeTo (per write)', r'MessageBodyFactory\.writeTo'),
    ('  socket write (TCPNIOTransportFilter.handleWrite)', r'TCPNIOTransportFilter\.handleWrite'),
    ('stream open (TopicStreamResource.stream)', r'TopicStreamResource\.stream'),
    ('Jersey request pipeline (ApplicationHandler.handle)', r'ApplicationHandler\.handle'),
    ('HK2 lookups (ServiceLocatorImpl)', r'ServiceLocatorImpl'),
    ('Payara request tracing span (UUID per request)', r'RequestTracingService\.startTrace'),
    ('class loader resource lookups', r'ClassLoader\.(loadClass|findResource|getResource)|ZipFile'),
]
for label, pat in paths:
    c = sum(1 for fr in stacks if any(re.search(pat, f) for f in fr))
    print(f'{100 * c / max(n, 1):5.1f}%  {label}')
top = collections.Counter(fr[0] for fr in stacks if fr)
print('-- hottest leaf methods')
for k, v in top.most_common(12):
    print(f'{100 * v / n:5.1f}%  {k}')

alloc = events('jdk.ObjectAllocationSample')
tot, fan, poll = 0.0, collections.Counter(), collections.Counter()
for e in alloc:
    w = re.search(r'weight = ([\d.]+) (\w+)', e)
    if not w:
        continue
    val = float(w.group(1)) * {'bytes': 1, 'kB': 1e3, 'MB': 1e6, 'GB': 1e9}.get(w.group(2), 1)
    fr = FRAME.findall(e)
    cls = (re.search(r'objectClass = (\S+)', e) or [None, '?'])[1]
    site = next((f for f in fr if re.search(r'jersey|grizzly|herald|catalina', f)), fr[0] if fr else '?')
    tot += val
    if any('broadcast.Mailbox.run' in f for f in fr):
        fan[cls + ' @ ' + site] += val
    if any('PollResource.lambda' in f for f in fr):
        poll[cls + ' @ ' + site] += val
print(f'== allocation (sampled weight) total {tot / 1e6:.0f} MB; SSE fan-out {sum(fan.values()) / 1e6:.0f} MB; long-poll resume {sum(poll.values()) / 1e6:.0f} MB')
for name, c in (('SSE fan-out', fan), ('long-poll resume', poll)):
    print(f'-- {name}')
    for k, v in c.most_common(6):
        print(f'{v / 1e6:9.1f} MB  {k}')

print('== thread dumps (http-thread-pool / herald-delivery): state and top frame')
states, tops = collections.Counter(), collections.Counter()
for f in sorted(glob.glob(os.path.join(d, 'td-*.txt'))):
    for blk in open(f).read().split('\n\n'):
        m = re.match(r'"([^"]+)"', blk.strip())
        if not m or not re.search('herald-delivery|http-thread-pool', m.group(1)):
            continue
        name = re.sub(r'\d+', 'N', m.group(1))
        st = (re.search(r'State: (\S+)', blk) or [None, '?'])[1]
        fr = re.findall(r'at ([\w$.<>]+)\(', blk)
        states[(name, st)] += 1
        if fr and 'getTask' not in ' '.join(fr[:6]):
            tops[(name, st, fr[0])] += 1
for k, v in states.most_common(8):
    print(f'{v:6d}  {k}')
for k, v in tops.most_common(10):
    print(f'{v:6d}  {k}')
threads = collections.Counter()
last = sorted(glob.glob(os.path.join(d, 'td-*.txt')))
if last:
    for m in re.finditer(r'^"([^"]+)"', open(last[-1]).read(), re.M):
        threads[re.sub(r'\d+', 'N', m.group(1))] += 1
    print('-- threads in the last dump:', sum(threads.values()), dict(threads.most_common(4)))


def histo(f):
    h = {}
    for line in open(f):
        m = re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)', line)
        if m:
            h[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return h


if os.path.exists(os.path.join(d, 'histo1.txt')):
    a, b = histo(os.path.join(d, 'histo0.txt')), histo(os.path.join(d, 'histo1.txt'))
    diff = sorted(((b[k][1] - a.get(k, (0, 0))[1], b[k][0] - a.get(k, (0, 0))[0], k) for k in b), reverse=True)
    grow = sum(x[0] for x in diff if x[0] > 0)
    print(f'== live heap growth with {subs} idle subscribers (GC.class_histogram diff): {grow / 1024 / subs:.1f} KiB per subscriber')
    for by, cnt, k in diff[:12]:
        print(f'{by / subs:8.0f} B {cnt / subs:6.2f} objects per subscriber  {k}')
