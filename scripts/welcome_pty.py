"""Starts a command as a first start of bblink in an 80x24 pty (a fresh home) and waits for the
welcome screen's footer: shared by scripts/bench-startup.py and scripts/startup-order."""
import fcntl, os, pty, select, struct, termios


def start(cmd, home):
    """Forks `cmd` in an 80x24 pty with `home` as its fresh home; returns (pid, pty fd)."""
    env = {"HOME": home, "XDG_DATA_HOME": f"{home}/d", "XDG_STATE_HOME": f"{home}/s",
           "XDG_CONFIG_HOME": f"{home}/c", "TERM": "xterm-256color",
           "PATH": os.environ["PATH"], "LANG": "C.UTF-8"}
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(cmd[0], cmd, env)
    return pid, fd


def wait_for_footer(fd, timeout):
    """Reads until the welcome footer's last word ("quit", written last), answering a
    cursor-position query; raises RuntimeError after `timeout` seconds without output."""
    seen = b""
    while b"quit" not in seen:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            raise RuntimeError(f"no first frame within {timeout} s")
        chunk = os.read(fd, 65536)
        if b"\x1b[6n" in chunk:
            os.write(fd, b"\x1b[1;1R")
        seen += chunk
