//! Standard input for the subcommands: piped data up to a limit, or, when the user asked for
//! `-` at a terminal, what they paste, read with the terminal's echo off (a key pasted there
//! does not stay on screen) until end of input.

use std::io::{self, IsTerminal, Read};

use zeroize::Zeroizing;

/// Whether standard input is a terminal.
pub fn is_terminal() -> bool {
    io::stdin().is_terminal()
}

/// Reads standard input up to `limit` bytes and one more (so the caller can tell it was cut),
/// into a buffer that is zeroed when dropped. At a terminal, hold an [`echo_off`] meanwhile.
pub fn read(limit: usize) -> io::Result<Zeroizing<String>> {
    let buf = read_bytes(limit)?;
    Ok(Zeroizing::new(String::from_utf8_lossy(&buf).into_owned()))
}

/// Reads standard input as bytes (a webhook body is hashed as sent), up to `limit` bytes and
/// one more.
pub fn read_bytes(limit: usize) -> io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    io::stdin().lock().take(cap).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Asks a yes/no question on the terminal (yes unless the answer starts with `n`); `None` when
/// no answer can be read.
pub fn confirm(question: &str) -> Option<bool> {
    use std::io::{BufRead, Write};
    let mut out = io::stdout();
    out.write_all(question.as_bytes()).ok()?;
    out.flush().ok()?;
    let mut answer = String::new();
    // A short line is all an answer needs; the rest of a longer one is left unread.
    io::stdin().lock().take(256).read_line(&mut answer).ok()?;
    Some(!answer.trim_start().to_ascii_lowercase().starts_with('n'))
}

/// Turns the terminal's echo off until the result is dropped; `None` when it cannot (then
/// what is typed or pasted shows, and the caller must say so).
pub fn echo_off() -> Option<EchoOff> {
    EchoOff::new(true)
}

/// Turns the echo off for one answer of a conversation that handles signals itself (and
/// drops this before it ends); `None` when it cannot.
pub fn echo_off_quietly() -> Option<EchoOff> {
    EchoOff::new(false)
}

/// The terminal's echo, off while this lives.
pub struct EchoOff {
    #[cfg(unix)]
    saved: nix::sys::termios::Termios,
}

impl EchoOff {
    #[cfg(unix)]
    fn new(exit_on_signal: bool) -> Option<Self> {
        use nix::sys::termios::{LocalFlags, SetArg, tcgetattr, tcsetattr};
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let stdin = io::stdin();
        let saved = tcgetattr(&stdin).ok()?;
        let mut quiet = saved.clone();
        quiet.local_flags.remove(LocalFlags::ECHO);
        // Ctrl-C or a signal while echo is off: echo comes back before the process ends.
        if !exit_on_signal {
            tcsetattr(&stdin, SetArg::TCSANOW, &quiet).ok()?;
            return Some(Self { saved });
        }
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]).ok()?;
        let restore = saved.clone();
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let _ = tcsetattr(io::stdin(), SetArg::TCSANOW, &restore);
                std::process::exit(128 + sig);
            }
        });
        tcsetattr(&stdin, SetArg::TCSANOW, &quiet).ok()?;
        Some(Self { saved })
    }

    #[cfg(not(unix))]
    fn new(_exit_on_signal: bool) -> Option<Self> {
        None
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            use nix::sys::termios::{SetArg, tcsetattr};
            let _ = tcsetattr(io::stdin(), SetArg::TCSANOW, &self.saved);
        }
    }
}
