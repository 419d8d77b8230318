"""Process-level benchmarks for bblink; called by scripts/bench."""
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

BIN, RUNS = sys.argv[1], int(sys.argv[2])


def first_frame_ms(base, term="xterm-256color", last=b"quit"):
    """Milliseconds from exec until the whole welcome screen has been written, on a
    first start (a fresh home: no saved progress); with TERM=dumb, until the plain mode's
    first question."""
    home = tempfile.mkdtemp(dir=base)
    env = {"HOME": home, "XDG_DATA_HOME": f"{home}/d", "XDG_STATE_HOME": f"{home}/s",
           "TERM": term, "PATH": os.environ["PATH"], "LANG": "C.UTF-8"}
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        # A new pty is 0x0; the wizard would (rightly) ask for a larger terminal.
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(BIN, [BIN], env)
    seen = b""
    try:
        # The footer's last word is drawn last; the renderer skips blank cells, so look for a
        # single word.
        while last not in seen:
            ready, _, _ = select.select([fd], [], [], 5)
            if not ready:
                raise RuntimeError("no first frame within 5 s")
            chunk = os.read(fd, 65536)
            # The wizard asks for the cursor position at start; answer as a terminal would.
            if b"\x1b[6n" in chunk:
                os.write(fd, b"\x1b[1;1R")
            seen += chunk
        return (time.perf_counter() - start) * 1000
    finally:
        os.kill(pid, 15)
        os.waitpid(pid, 0)
        os.close(fd)


def timed(cmd, expect=0):
    start = time.perf_counter()
    code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    if code != expect:
        raise RuntimeError(f"{cmd[:2]} exited {code}, expected {expect}")
    return (time.perf_counter() - start) * 1000


def report(name, samples):
    samples.sort()
    print(f"{name:<34} median {statistics.median(samples):9.1f} ms   "
          f"min {samples[0]:9.1f}   max {samples[-1]:9.1f}   (n={len(samples)})")


with tempfile.TemporaryDirectory() as d:
    report("first frame (welcome, 80x24 pty)", [first_frame_ms(d) for _ in range(RUNS)])
    report("first question (plain, TERM=dumb)",
           [first_frame_ms(d, "dumb", b"Press Enter:") for _ in range(RUNS)])
    for kind, runs in (("ed25519", RUNS), ("rsa", max(5, RUNS // 2))):
        ours, theirs = [], []
        for i in range(runs):
            ours.append(timed([BIN, "keygen", "--type", kind, "--out", f"{d}/b-{kind}-{i}"]))
            theirs.append(timed(["ssh-keygen", "-q", "-t", kind] + (["-b", "4096"] if kind == "rsa" else [])
                                + ["-N", "", "-f", f"{d}/s-{kind}-{i}"]))
        label = "RSA 4096" if kind == "rsa" else "Ed25519"
        report(f"bblink keygen {label}", ours)
        report(f"ssh-keygen {label}", theirs)

    key = f"{d}/check-rsa"
    subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "4096", "-N", "", "-f", key], check=True)
    report("bblink check-key RSA 4096", [timed([BIN, "check-key", key, "--json"]) for _ in range(RUNS)])
    report("ssh-keygen -y -f RSA 4096", [timed(["ssh-keygen", "-y", "-f", key]) for _ in range(RUNS)])

    # Exit code 1: the URL needs a repair (the common case).
    url = "git clone https://x-token-auth:abc123@bitbucket.org/team/app.git"
    report("bblink check-url --json", [timed([BIN, "check-url", "--json", url], 1) for _ in range(RUNS)])
