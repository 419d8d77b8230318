//! The environment a child process starts with. bblink's own secrets (`BBLINK_*`: API tokens,
//! e-mail, OAuth and webhook secrets) never reach one. The connection test's programs start
//! from an allow-list, so they behave as the service's would, with nothing of the user's
//! agent, proxies or cloud credentials; a program that inspects the user's own setup keeps the
//! user's SSH and git variables, and still none of bblink's.

use std::ffi::OsString;

/// What a child keeps of bblink's environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inherit {
    /// Only what programs need to run: the search path, the home directory and the locale,
    /// and what the platform itself requires.
    AllowList,
    /// Everything but bblink's own variables (for programs that read the user's setup).
    UserSetup,
}

/// Variables every program needs on this platform.
#[cfg(unix)]
const PLATFORM: &[&str] = &["PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "TZ"];

/// Variables every program needs on this platform (the system directories, the profile and
/// the temporary directory; `SystemRoot` above all, without which Windows' own libraries fail).
#[cfg(windows)]
const PLATFORM: &[&str] = &[
    "PATH",
    "PATHEXT",
    "SystemRoot",
    "SystemDrive",
    "windir",
    "ComSpec",
    "USERPROFILE",
    "HOMEDRIVE",
    "HOMEPATH",
    "HOME",
    "APPDATA",
    "LOCALAPPDATA",
    "ProgramData",
    "ProgramFiles",
    "TEMP",
    "TMP",
    "USERNAME",
];

/// Whether a variable is bblink's own (its secrets among them).
fn bblink_own(name: &str) -> bool {
    name.to_ascii_uppercase().starts_with("BBLINK_")
}

fn kept(name: &str, inherit: Inherit) -> bool {
    if bblink_own(name) {
        return false;
    }
    match inherit {
        Inherit::UserSetup => true,
        Inherit::AllowList => {
            PLATFORM.iter().any(|p| p.eq_ignore_ascii_case(name))
                || name == "LANG"
                || name.starts_with("LC_")
        }
    }
}

/// The variables a child starts with (the caller clears the rest first).
pub fn vars(inherit: Inherit) -> Vec<(OsString, OsString)> {
    std::env::vars_os()
        .filter(|(k, _)| k.to_str().is_some_and(|k| kept(k, inherit)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bblink_s_own_variables_never_pass_and_the_allow_list_is_short() {
        for name in ["BBLINK_BITBUCKET_TOKEN", "bblink_oauth_secret", "BBLINK_X"] {
            assert!(!kept(name, Inherit::UserSetup) && !kept(name, Inherit::AllowList));
        }
        for name in [
            "SSH_AUTH_SOCK",
            "GIT_SSH_COMMAND",
            "AWS_SECRET_ACCESS_KEY",
            "HTTPS_PROXY",
        ] {
            assert!(kept(name, Inherit::UserSetup), "{name}");
            assert!(!kept(name, Inherit::AllowList), "{name}");
        }
        for name in ["PATH", "HOME", "LANG", "LC_ALL"] {
            assert!(kept(name, Inherit::AllowList), "{name}");
        }
    }
}
