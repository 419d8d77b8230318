//! Terminal setup and the guarantee that it is undone: raw mode, the alternate screen and
//! bracketed paste are restored on normal exit, on error (the guard's drop), on panic (the hook
//! installed here, chained before color-eyre's) and on SIGTERM/SIGHUP/SIGINT (Windows: Ctrl-C,
//! Ctrl-Break, console close), turned into a normal exit by [`Signals`]; Ctrl-Z and SIGTSTP
//! hand it back to the shell until the process is continued.

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
    let guard = Guard(());
    enter()?;
    Ok(guard)
}

/// Raw mode, the alternate screen (cleared, without asking the terminal where its cursor is:
/// some terminals never answer), bracketed paste.
fn enter() -> io::Result<()> {
    ratatui::crossterm::terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        ratatui::crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste,
        ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All)
    )
}

/// Ctrl-Z or SIGTSTP: hands the terminal back to the shell and stops the process; when the
/// shell continues it, takes the terminal again. The caller redraws everything.
pub fn suspend() -> io::Result<()> {
    restore();
    #[cfg(unix)]
    {
        // SIGSTOP cannot be caught: the process stops here until SIGCONT.
        let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGSTOP);
    }
    enter()
}

/// Ctrl-Z in the plain shell: stops the process until the shell continues it (the terminal
/// was never taken, so there is nothing to hand back). Windows has no such stop.
pub fn stop_process() {
    #[cfg(unix)]
    {
        let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGSTOP);
    }
}

/// SIGCONT after a stop bblink did not ask for: takes the terminal again (the shell may have
/// reset it). The caller redraws everything.
pub fn resume() -> io::Result<()> {
    restore();
    enter()
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

/// What a signal asks of the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalEvent {
    /// End, with this exit code (128 + the signal's number).
    End(u8),
    /// Stop for now (SIGTSTP).
    Suspend,
    /// Continued after a stop (SIGCONT).
    Resume,
}

/// The signals the wizard handles as one stream: SIGTERM, SIGHUP, SIGINT and SIGQUIT end it, SIGTSTP
/// and SIGCONT suspend and resume it (Unix); Ctrl-C, Ctrl-Break and closing the console end it
/// (Windows).
pub struct Signals {
    #[cfg(unix)]
    inner: [tokio::signal::unix::Signal; 6],
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
                    signal(SignalKind::from_raw(
                        nix::sys::signal::Signal::SIGTSTP as i32,
                    ))?,
                    signal(SignalKind::from_raw(
                        nix::sys::signal::Signal::SIGCONT as i32,
                    ))?,
                    signal(SignalKind::quit())?,
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
    pub async fn recv(&mut self) -> SignalEvent {
        #[cfg(unix)]
        {
            let [term, hup, int, tstp, cont, quit] = &mut self.inner;
            tokio::select! {
                _ = term.recv() => SignalEvent::End(128 + 15),
                _ = hup.recv() => SignalEvent::End(128 + 1),
                _ = int.recv() => SignalEvent::End(128 + 2),
                _ = tstp.recv() => SignalEvent::Suspend,
                _ = cont.recv() => SignalEvent::Resume,
                _ = quit.recv() => SignalEvent::End(128 + 3),
            }
        }
        #[cfg(windows)]
        {
            let (c, b, close) = &mut self.inner;
            tokio::select! {
                _ = c.recv() => SignalEvent::End(128 + 2),
                _ = b.recv() => SignalEvent::End(128 + 21),
                _ = close.recv() => SignalEvent::End(128 + 1),
            }
        }
    }
}
