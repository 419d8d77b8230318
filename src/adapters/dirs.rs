//! Where bblink keeps things: keys under the data directory, progress under the state
//! directory (XDG on Linux, the platform's conventions elsewhere).

use std::path::PathBuf;

/// bblink's directories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// `<data dir>/bblink`, e.g. `~/.local/share/bblink`.
    pub data_dir: PathBuf,
    /// `<state dir>/bblink`, e.g. `~/.local/state/bblink`.
    pub state_dir: PathBuf,
    /// The user's home directory.
    pub home: Option<PathBuf>,
}

/// No home directory could be found.
#[derive(Debug, thiserror::Error)]
#[error("cannot find your home directory (is HOME set?)")]
pub struct NoHome;

impl Dirs {
    /// The platform's directories for bblink.
    pub fn discover() -> Result<Self, NoHome> {
        let project = directories::ProjectDirs::from("", "", "bblink").ok_or(NoHome)?;
        let state_dir = project
            .state_dir()
            .map_or_else(|| project.data_local_dir().join("state"), PathBuf::from);
        Ok(Self {
            data_dir: project.data_dir().to_path_buf(),
            state_dir,
            home: directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()),
        })
    }

    /// Where generated keys go.
    pub fn keys_dir(&self) -> PathBuf {
        self.data_dir.join("keys")
    }

    /// bblink's own `known_hosts` file: host keys the user trusted in a connection test.
    pub fn known_hosts(&self) -> PathBuf {
        self.data_dir.join("known_hosts")
    }

    /// The progress file.
    pub fn progress_file(&self) -> PathBuf {
        self.state_dir.join("progress.json")
    }
}

/// The time now (UTC) to the minute, as the summary shows when something was done
/// (`2026-12-05 18:40 UTC`).
pub fn now_stamp() -> String {
    let t = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}
