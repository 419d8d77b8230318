//! Terminal setup and the guarantee that it is undone: raw mode, the alternate screen and
//! bracketed paste are restored on normal exit, on error (the guard's drop), on panic (the hook
//! installed here, chained before color-eyre's) and on SIGTERM/SIGHUP/SIGINT (turned into a
//! normal exit by [`Signals`]).

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use tokio::signal::unix::{Signal, SignalKind, signal};

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

/// SIGTERM, SIGHUP and SIGINT as one stream.
pub struct Signals {
    term: Signal,
    hup: Signal,
    int: Signal,
}

impl Signals {
    /// Subscribes to the signals.
    pub fn new() -> io::Result<Self> {
        Ok(Self {
            term: signal(SignalKind::terminate())?,
            hup: signal(SignalKind::hangup())?,
            int: signal(SignalKind::interrupt())?,
        })
    }

    /// Waits for any of them.
    pub async fn recv(&mut self) {
        tokio::select! {
            _ = self.term.recv() => {}
            _ = self.hup.recv() => {}
            _ = self.int.recv() => {}
        }
    }
}
