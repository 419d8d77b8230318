//! What differs between Unix and Windows for files: permission bits. On Unix keys are 0600 in
//! a 0700 directory; on Windows a file in the user's profile is already private to the user
//! (its ACL), so modes are not applied and nothing is reported as readable by others.

use std::io;
use std::path::Path;

/// Creates `dir` and its parents; the directories bblink creates are private (0700 on Unix).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// The per-user runtime directory (`XDG_RUNTIME_DIR`, private to the user and emptied at
/// logout) where one exists and is private; `None` elsewhere (Windows' temporary directory is
/// in the user's profile already).
pub fn runtime_dir() -> Option<std::path::PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = std::path::PathBuf::from(std::env::var_os("XDG_RUNTIME_DIR")?);
        let meta = std::fs::metadata(&dir).ok()?;
        let mine = meta.uid() == nix::unistd::geteuid().as_raw();
        #[allow(clippy::verbose_bit_mask)] // the group and other bits, as chmod writes them
        (dir.is_absolute() && meta.is_dir() && mine && meta.permissions().mode() & 0o077 == 0)
            .then_some(dir)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Makes an existing directory private (0700 on Unix) when others can enter it.
pub fn tighten_dir(dir: &Path) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir)?.permissions().mode();
        #[allow(clippy::verbose_bit_mask)] // the group and other bits, as chmod writes them
        if mode & 0o077 == 0 {
            return Ok(false);
        }
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode & 0o700))?;
        Ok(true)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(false)
    }
}

/// Creates temporary files with `mode` from the start (Unix).
pub fn set_temp_mode(builder: &mut tempfile::Builder<'_, '_>, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    {
        let _ = (builder, mode);
    }
}

/// Whether the current user owns a file (always on Windows, where the profile's files are the
/// user's).
pub fn owned_by_me(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.uid() == nix::unistd::geteuid().as_raw()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

/// Whether a file is protected from writing (no write permission for its owner on Unix; the
/// read-only attribute on Windows).
pub fn read_only(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o200 == 0
    }
    #[cfg(not(unix))]
    {
        meta.permissions().readonly()
    }
}

/// A file's permission bits (Unix), for a replacement to keep; 0600 where there are none.
pub fn mode_of(meta: &std::fs::Metadata) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o7777
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0o600
    }
}

/// Gives `path` the mode and owner of the file `meta` describes (a replacement written by
/// another user, root, keeps the original's owner). The mode is set after creation, so the
/// umask does not change it.
pub fn match_file(path: &Path, meta: &std::fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let now = std::fs::metadata(path)?;
        if (now.uid(), now.gid()) != (meta.uid(), meta.gid()) {
            std::os::unix::fs::chown(path, Some(meta.uid()), Some(meta.gid()))?;
        }
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode_of(meta)))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, meta);
        Ok(())
    }
}

/// Whether users other than the owner can read the file.
pub fn readable_by_others(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o077 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Opens a file for reading without waiting: on Unix a FIFO with no writer would block the
/// open itself (`O_NONBLOCK`; it makes no difference to reading a regular file).
pub fn open_without_waiting(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(nix::libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Whether a FIFO opened by [`open_without_waiting`] has had a writer since (its data, or
/// its end, is there to read), waiting at most `wait`; once it has, reads on it wait for data.
/// A FIFO reports neither data nor an end before a writer came.
pub fn pipe_ready(file: &std::fs::File, wait: std::time::Duration) -> std::io::Result<bool> {
    #[cfg(unix)]
    {
        use nix::fcntl::{FcntlArg, OFlag, fcntl};
        use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
        use std::os::fd::AsFd;
        let wait = PollTimeout::try_from(wait).unwrap_or(PollTimeout::MAX);
        let mut fds = [PollFd::new(file.as_fd(), PollFlags::POLLIN)];
        match poll(&mut fds, wait) {
            Ok(0) | Err(nix::errno::Errno::EINTR) => Ok(false),
            Ok(_) => {
                let flags = OFlag::from_bits_truncate(fcntl(file.as_fd(), FcntlArg::F_GETFL)?);
                fcntl(file.as_fd(), FcntlArg::F_SETFL(flags - OFlag::O_NONBLOCK))?;
                Ok(true)
            }
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, wait);
        Ok(true)
    }
}

/// Whether the file is a pipe (a FIFO, or `<(…)` process substitution).
pub fn is_pipe(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        meta.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// The null device, for settings that name a file to ignore.
#[cfg(unix)]
pub const NULL_DEVICE: &str = "/dev/null";
/// The null device, for settings that name a file to ignore.
#[cfg(windows)]
pub const NULL_DEVICE: &str = "NUL";

/// Resolves when the user asks bblink to stop — Ctrl-C, or SIGTERM/SIGHUP on Unix — with the
/// exit code that says which (128 + the signal: 130, 143, 129).
pub async fn shutdown_signal() -> u8 {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let term = signal(SignalKind::terminate());
        let hup = signal(SignalKind::hangup());
        if let (Ok(mut term), Ok(mut hup)) = (term, hup) {
            tokio::select! {
                () = ctrl_c() => 130,
                _ = term.recv() => 143,
                _ = hup.recv() => 129,
            }
        } else {
            ctrl_c().await;
            130
        }
    }
    #[cfg(not(unix))]
    {
        ctrl_c().await;
        130
    }
}

/// Ctrl-C; never, when it cannot be listened for (rather than at once).
async fn ctrl_c() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Starts the child in a process group of its own (Unix), so that everything it starts (git
/// starts a shell, which starts ssh) can be stopped with it by [`kill_tree`].
pub fn own_process_group(cmd: &mut tokio::process::Command) {
    #[cfg(unix)]
    cmd.process_group(0);
    #[cfg(not(unix))]
    let _ = cmd;
}

/// Stops a child started with [`own_process_group`] and everything it started: its process
/// group on Unix, its process tree on Windows (`taskkill /T`). Nothing left is not an error.
pub fn kill_tree(pid: u32) {
    #[cfg(unix)]
    {
        use nix::sys::signal::{Signal, killpg};
        use nix::unistd::Pid;
        if let Ok(pid) = i32::try_from(pid) {
            let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
        }
    }
    #[cfg(windows)]
    {
        let _ = std::process::Command::new("taskkill")
            .args(["/T", "/F", "/PID", &pid.to_string()])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// The home directory of the user's passwd entry, which OpenSSH uses for `~` (not `$HOME`);
/// none where there is no such entry (Windows: ssh uses the profile, which `$HOME` rarely
/// overrides).
pub fn passwd_home() -> Option<std::path::PathBuf> {
    #[cfg(unix)]
    {
        nix::unistd::User::from_uid(nix::unistd::getuid())
            .ok()
            .flatten()
            .map(|u| u.dir)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// OpenSSH's system-wide client configuration.
pub fn system_ssh_config() -> std::path::PathBuf {
    #[cfg(windows)]
    {
        let data = std::env::var_os("ProgramData").unwrap_or_else(|| "C:\\ProgramData".into());
        std::path::Path::new(&data).join("ssh").join("ssh_config")
    }
    #[cfg(not(windows))]
    {
        std::path::PathBuf::from("/etc/ssh/ssh_config")
    }
}

/// Starts a blocking child in a process group of its own (Unix), so [`kill_tree`] stops it
/// and whatever it started (`Match exec` commands under `ssh -G`).
pub fn own_process_group_std(cmd: &mut std::process::Command) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    #[cfg(not(unix))]
    let _ = cmd;
}

/// Whether group or others have any permission on a file (OpenSSH refuses such a private
/// key); never on Windows, whose ACLs ssh judges differently.
pub fn open_to_others(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o077 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// A file's mode, where files have modes.
pub fn mode_if_any(meta: &std::fs::Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(meta.permissions().mode() & 0o7777)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// The agent ssh asks when `SSH_AUTH_SOCK` is not set: Windows' OpenSSH agent service listens on
/// a named pipe; elsewhere there is none.
pub fn default_agent() -> Option<String> {
    if cfg!(windows) {
        Some(r"\\.\pipe\openssh-ssh-agent".to_string())
    } else {
        None
    }
}
