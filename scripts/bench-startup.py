"""Start-up of one or more bblink binaries side by side, in the same run: time from exec until
the welcome screen's footer is written in an 80x24 pty (first start, a fresh home), the peak
memory (VmHWM) once the welcome screen is drawn, and the binary's size. Medians over N runs,
the binaries interleaved so the machine's drift hits each alike.

usage: python3 scripts/bench-startup.py RUNS BIN [BIN...]"""
import os, statistics, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import welcome_pty  # noqa: E402

RUNS = int(sys.argv[1])
BINS = sys.argv[2:]


def welcome(bin_, base):
    home = tempfile.mkdtemp(dir=base)
    start = time.perf_counter()
    pid, fd = welcome_pty.start([bin_], home)
    try:
        welcome_pty.wait_for_footer(fd, 5)
        ms = (time.perf_counter() - start) * 1000
        # Let the loop settle on the welcome screen, then read its peak memory.
        time.sleep(0.05)
        hwm = 0
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
        return ms, hwm / 1024
    finally:
        os.kill(pid, 15)
        os.waitpid(pid, 0)
        os.close(fd)


base = tempfile.mkdtemp()
samples = {b: ([], []) for b in BINS}
for b in BINS:
    welcome(b, base)  # warm the page cache
for _ in range(RUNS):
    for b in BINS:
        ms, mib = welcome(b, base)
        samples[b][0].append(ms)
        samples[b][1].append(mib)
print(f"runs: {RUNS} (80x24 pty, first start)")
for b in BINS:
    ms, mib = samples[b]
    size = os.path.getsize(b) / 1e6
    print(f"{b}\n  first frame median {statistics.median(ms):.2f} ms "
          f"(min {min(ms):.2f}, max {max(ms):.2f}); peak memory (VmHWM) median "
          f"{statistics.median(mib):.2f} MiB; binary {size:.2f} MB")
