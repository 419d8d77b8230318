"""Start-up of one or more bblink binaries side by side, in the same run: time from exec until
the welcome screen's footer is written in an 80x24 pty (first start, a fresh home), the peak
memory (VmHWM) once the welcome screen is drawn, and the binary's size. Medians over N runs,
the binaries interleaved so the machine's drift hits each alike.

usage: python3 scripts/bench-startup.py RUNS BIN [BIN...]"""
import fcntl, os, pty, select, statistics, struct, sys, tempfile, termios, time

RUNS = int(sys.argv[1])
BINS = sys.argv[2:]


def welcome(bin_, base):
    home = tempfile.mkdtemp(dir=base)
    env = {"HOME": home, "XDG_DATA_HOME": f"{home}/d", "XDG_STATE_HOME": f"{home}/s",
           "XDG_CONFIG_HOME": f"{home}/c", "TERM": "xterm-256color",
           "PATH": os.environ["PATH"], "LANG": "C.UTF-8"}
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(bin_, [bin_], env)
    seen = b""
    try:
        # "quit" is the footer's last word, written last.
        while b"quit" not in seen:
            ready, _, _ = select.select([fd], [], [], 5)
            if not ready:
                raise RuntimeError("no first frame within 5 s")
            chunk = os.read(fd, 65536)
            if b"\x1b[6n" in chunk:
                os.write(fd, b"\x1b[1;1R")
            seen += chunk
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
