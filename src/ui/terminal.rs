//! Terminal setup and the guarantee that it is undone: raw mode, the alternate screen and
//! bracketed paste are restored on normal exit, on error (the guard's drop), on panic (the hook
//! installed here, chained before color-eyre's) and on SIGTERM/SIGHUP/SIGINT (Windows: Ctrl-C,
//! Ctrl-Break, console close), turned into a normal exit by [`Signals`].

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;

/// Whether the terminal is in bblink's mode. Restoring twice would be harmful: leaving the
/// alternate screen again moves the cursor back over whatever was printed in between (such as
/// a panic report).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Restores the terminal when dropped.
pub struct Guard(());

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Enters raw mode and the alternate screen, enables bracketed paste, and installs a panic hook
/// that restores all of it before the panic report is printed.
pub fn init() -> io::Result<Guard> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    ratatui::crossterm::terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = Guard(());
    execute!(
        io::stdout(),
        ratatui::crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste
    )?;
    Ok(guard)
}

/// Undoes [`init`]; only the first call after it does anything.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        ratatui::crossterm::terminal::LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Writes an escape sequence between frames (OSC 52).
pub fn write_raw(out: &mut impl Write, seq: &str) -> io::Result<()> {
    out.write_all(seq.as_bytes())?;
    out.flush()
}

/// The signals that end the wizard as one stream: SIGTERM, SIGHUP and SIGINT on Unix; Ctrl-C,
/// Ctrl-Break and closing the console window on Windows.
pub struct Signals {
    #[cfg(unix)]
    inner: [tokio::signal::unix::Signal; 3],
    #[cfg(windows)]
    inner: (
        tokio::signal::windows::CtrlC,
        tokio::signal::windows::CtrlBreak,
        tokio::signal::windows::CtrlClose,
    ),
}

impl Signals {
    /// Subscribes to the signals.
    pub fn new() -> io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                inner: [
                    signal(SignalKind::terminate())?,
                    signal(SignalKind::hangup())?,
                    signal(SignalKind::interrupt())?,
                ],
            })
        }
        #[cfg(windows)]
        {
            use tokio::signal::windows::{ctrl_break, ctrl_c, ctrl_close};
            Ok(Self {
                inner: (ctrl_c()?, ctrl_break()?, ctrl_close()?),
            })
        }
    }

    /// Waits for any of them.
    pub async fn recv(&mut self) {
        #[cfg(unix)]
        {
            let [term, hup, int] = &mut self.inner;
            tokio::select! {
                _ = term.recv() => {}
                _ = hup.recv() => {}
                _ = int.recv() => {}
            }
        }
        #[cfg(windows)]
        {
            let (c, b, close) = &mut self.inner;
            tokio::select! {
                _ = c.recv() => {}
                _ = b.recv() => {}
                _ = close.recv() => {}
            }
        }
    }
}
