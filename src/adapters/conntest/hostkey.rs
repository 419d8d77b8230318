//! The host key stage: the keys `ssh-keyscan` reads from the server, judged against the pinned
//! and trusted ones; a key the user confirmed is recorded in bblink's `known_hosts`.

use std::path::Path;
use std::time::Duration;

use super::{Run, process, read_text};
use crate::adapters::atomic;
use crate::core::conntest::hostkeys::{self, HostKey, Trust, Verdict};
use crate::core::conntest::{FindingId, StageName, Target};
use crate::core::display;

fn fingerprints(keys: &[HostKey]) -> String {
    keys.iter()
        .map(|k| format!("{} {}", k.kind(), k.fingerprint))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) async fn host_key(run: &mut Run<'_>) -> Option<Vec<HostKey>> {
    run.start(StageName::HostKey);
    let t = run.req.target.clone();
    let ran = scan(run).await?;
    let presented = hostkeys::parse_keyscan(&ran.stdout);
    let Trusted {
        known_text,
        writable,
        known,
        revoked,
        from: trusted_from,
    } = trusted(run.req, &t);
    let file = display::path(&run.req.known_hosts);
    let shown = fingerprints(&presented);
    let asserted = run.req.confirm.as_deref();
    match hostkeys::verdict(&t.host, &presented, &known, &revoked, asserted) {
        Verdict::Accepted { trust, keys } => {
            let detail = match trust {
                Trust::Pinned if t.host.eq_ignore_ascii_case("bitbucket.org") => {
                    format!("{} is Bitbucket's published key", fingerprints(&keys))
                }
                // Facts §4.8: no source publishes ssh.bitbucket.org's keys.
                Trust::Pinned => format!(
                    "{} is a key Atlassian publishes for bitbucket.org (assumed the same for {})",
                    fingerprints(&keys),
                    t.host
                ),
                Trust::KnownHosts => {
                    let from = trusted_from
                        .iter()
                        .find(|(_, ks)| keys.iter().any(|k| ks.contains(k)))
                        .map_or(file.clone(), |(f, _)| f.clone());
                    let given = if asserted.is_some() {
                        ", as the fingerprint given"
                    } else {
                        ""
                    };
                    format!("{} trusted in {from}{given}", fingerprints(&keys))
                }
                Trust::Confirmed if !writable => format!(
                    "{} as confirmed (not recorded: {file} cannot be read whole)",
                    fingerprints(&keys)
                ),
                Trust::Confirmed => match record(&run.req.known_hosts, &known_text, &t, &keys) {
                    Ok(()) => format!("{} as confirmed; recorded in {file}", fingerprints(&keys)),
                    Err(e) => format!(
                        "{} as confirmed (not recorded in {file}: {e})",
                        fingerprints(&keys)
                    ),
                },
            };
            run.pass(StageName::HostKey, &detail);
            run.report.outcome_mut().accepted_keys.clone_from(&keys);
            Some(keys)
        }
        Verdict::Unknown => {
            run.fail(StageName::HostKey, FindingId::HostKeyUnknown, &shown);
            None
        }
        Verdict::Changed { expected, asserted } => {
            let detail = match asserted {
                Some(fp) => format!(
                    "the server shows {shown}, not the fingerprint given ({fp}); nothing else that trusts this host counts against that"
                ),
                None => format!(
                    "the server shows {shown}; expected {}",
                    fingerprints(&expected)
                ),
            };
            run.fail(StageName::HostKey, FindingId::HostKeyChanged, &detail);
            None
        }
        Verdict::Revoked {
            keys,
            bitbucket_old,
        } => {
            let detail = if bitbucket_old {
                format!("the server shows Bitbucket's revoked pre-2023 RSA key ({shown})")
            } else {
                format!(
                    "the server shows {}, which a known_hosts file marks @revoked: refused whatever else trusts it",
                    fingerprints(&keys)
                )
            };
            run.fail(StageName::HostKey, FindingId::HostKeyChanged, &detail);
            None
        }
        Verdict::NoKeys => {
            let detail = if ran.timed_out() {
                "ssh-keyscan got no host key in time"
            } else {
                "the server showed no host key"
            };
            run.fail(StageName::HostKey, FindingId::SshFailed, detail);
            None
        }
    }
}

/// The keys a login may prove without a scan first: the pinned and trusted keys of the host,
/// when no fingerprint was given to check before login and no file marks a key of the host
/// `@revoked` (both need the server's keys in hand first). `None`: scan first.
pub(super) fn without_scan(req: &crate::core::conntest::Request) -> Option<Vec<HostKey>> {
    if req.confirm.is_some() {
        return None;
    }
    let t = &req.target;
    let trusted = trusted(req, t);
    if !trusted.revoked.is_empty() {
        return None;
    }
    let mut keys = hostkeys::pinned_for(&t.host);
    for k in trusted.known {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    (!keys.is_empty()).then_some(keys)
}

/// The host key stage passed by the login itself: ssh accepted only `candidates` and read the
/// server's key (`Server host key: …`, from its debug words) on the connection it logged in
/// with. Says which key, and why it is trusted.
pub(super) fn proven(run: &mut Run<'_>, candidates: &[HostKey], ssh_words: &str) {
    let t = run.req.target.clone();
    let seen = ssh_words.lines().find_map(|l| {
        let rest = l.split("Server host key: ").nth(1)?;
        rest.split_whitespace().nth(1).map(str::to_string)
    });
    let keys: Vec<HostKey> = match &seen {
        Some(fp) => candidates
            .iter()
            .filter(|k| &k.fingerprint == fp)
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let keys = if keys.is_empty() {
        candidates.to_vec()
    } else {
        keys
    };
    let pinned = hostkeys::pinned_for(&t.host);
    let why = if keys.iter().all(|k| pinned.contains(k)) {
        if t.host.eq_ignore_ascii_case("bitbucket.org") {
            "Bitbucket's published key".to_string()
        } else {
            // Facts §4.8: no source publishes ssh.bitbucket.org's keys.
            format!(
                "a key Atlassian publishes for bitbucket.org (assumed the same for {})",
                t.host
            )
        }
    } else {
        let from = trusted(run.req, &t)
            .from
            .into_iter()
            .find(|(_, ks)| keys.iter().any(|k| ks.contains(k)))
            .map_or_else(|| display::path(&run.req.known_hosts), |(f, _)| f);
        format!("trusted in {from}")
    };
    let detail = format!(
        "{} is {why}; checked by ssh on the connection that logged in",
        fingerprints(&keys)
    );
    run.pass(StageName::HostKey, &detail);
    let outcome = run.report.outcome_mut();
    outcome.host_keys.clone_from(&keys);
    outcome.accepted_keys = keys;
}

/// The keys the server shows, read by `ssh-keyscan` (its words go to the transcript); `None`
/// when it cannot run (the stage has failed).
async fn scan(run: &mut Run<'_>) -> Option<process::Ran> {
    let t = &run.req.target;
    let mut cmd = process::command("ssh-keyscan");
    let secs = run.req.timeout.as_secs().max(1).to_string();
    cmd.args(["-T", &secs, "-p", &t.port.to_string(), "--", &t.host]);
    let ran = match process::run(cmd, None, run.req.timeout + Duration::from_secs(1)).await {
        Ok(ran) => ran,
        Err(e) => {
            let id = missing_or(&e, FindingId::SshMissing);
            run.fail(StageName::HostKey, id, &format!("ssh-keyscan: {e}"));
            return None;
        }
    };
    let mut said: Vec<&str> = ran.stderr.lines().collect();
    said.dedup();
    run.report.log("ssh-keyscan", &said.join("\n"));
    let presented = hostkeys::parse_keyscan(&ran.stdout);
    run.report.outcome_mut().host_keys.clone_from(&presented);
    Some(ran)
}

/// What the `known_hosts` files say of the host.
struct Trusted {
    /// bblink's own file's text.
    known_text: String,
    /// bblink's own file can be rewritten (it was read whole, or does not exist yet).
    writable: bool,
    /// The keys trusted, in any file.
    known: Vec<HostKey>,
    /// The keys refused (`@revoked`), in any file.
    revoked: Vec<HostKey>,
    /// Each file with the keys it trusts.
    from: Vec<(String, Vec<HostKey>)>,
}

/// Reads bblink's own `known_hosts` and the files given to read: their keys are trusted, their
/// revocations honoured.
fn trusted(req: &crate::core::conntest::Request, t: &Target) -> Trusted {
    let read = read_text(&req.known_hosts);
    // A file that exists but cannot be read whole is never rewritten (its entries would go).
    let writable = read.is_some() || !req.known_hosts.exists();
    let known_text = read.unwrap_or_default();
    let mut known = hostkeys::trusted_in(&known_text, &t.host, t.port);
    let mut revoked = hostkeys::revoked_in(&known_text, &t.host, t.port);
    let mut from = vec![(display::path(&req.known_hosts), known.clone())];
    for extra in &req.also_trust {
        let text = read_text(extra).unwrap_or_default();
        let keys = hostkeys::trusted_in(&text, &t.host, t.port);
        revoked.extend(hostkeys::revoked_in(&text, &t.host, t.port));
        known.extend(keys.iter().cloned());
        from.push((display::path(extra), keys));
    }
    Trusted {
        known_text,
        writable,
        known,
        revoked,
        from,
    }
}

/// Adds the confirmed keys to bblink's `known_hosts` file (written atomically).
fn record(path: &Path, existing: &str, t: &Target, keys: &[HostKey]) -> std::io::Result<()> {
    let mut text = existing.to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for key in keys {
        let line = hostkeys::record_line(&t.host, t.port, key);
        if !text.contains(line.trim_end()) {
            text.push_str(&line);
        }
    }
    atomic::write(path, text.as_bytes(), 0o600, true)
}

pub(super) fn missing_or(e: &std::io::Error, id: FindingId) -> FindingId {
    if e.kind() == std::io::ErrorKind::NotFound {
        id
    } else {
        FindingId::SshFailed
    }
}
