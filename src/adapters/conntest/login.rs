//! The last two stages: log in with exactly this key (system ssh, bblink's settings only),
//! then list the branches with `git ls-remote` through the same ssh.

use super::hostkey::missing_or;
use super::{Progress, Run, Workdir, process};
use crate::core::conntest::hostkeys::HostKey;
use crate::core::conntest::{AuthKind, FindingId, StageName, key_preflight, parse};
use crate::core::display;
use crate::core::secret::Secret;

pub(super) async fn login_and_list(run: &mut Run<'_>, key: &Secret, accepted: &[HostKey]) {
    run.start(StageName::Auth);
    if let Err(finding) = key_preflight(key.expose()) {
        let s = run
            .report
            .fail(StageName::Auth, run.began.elapsed(), finding);
        (run.on)(Progress::Finished(s));
        return;
    }
    let dir = match Workdir::new(key, accepted, run.req.timeout) {
        Ok(dir) => dir,
        Err(e) => {
            run.fail(
                StageName::Auth,
                FindingId::SshFailed,
                &format!("cannot write the temporary key file: {e}"),
            );
            return;
        }
    };
    let t = run.req.target.clone();
    let mut cmd = process::command("ssh");
    cmd.arg("-F").arg(&dir.config);
    cmd.args([
        "-T",
        "-p",
        &t.port.to_string(),
        "-l",
        &t.user,
        "--",
        &t.host,
    ]);
    let heading = format!("ssh -T -p {} {}@{}", t.port, t.user, t.host);
    let ran = match process::run(cmd, Some(dir.path()), run.req.timeout).await {
        Ok(ran) => ran,
        Err(e) => {
            let id = missing_or(&e, FindingId::SshMissing);
            run.fail(StageName::Auth, id, &format!("ssh: {e}"));
            return;
        }
    };
    run.report.log(&heading, &ran.words());
    let greeting = parse::greeting(&ran.words());
    if greeting.kind.is_none() && !parse::authenticated(&ran.stderr) {
        let (id, detail) = why(&ran, "ssh", run.req.timeout);
        run.fail(StageName::Auth, id, &detail);
        return;
    }
    let detail = match greeting.kind {
        Some(AuthKind::DeployKey) if !greeting.repositories.is_empty() => {
            format!(
                "accepted as an access key of {}",
                greeting.repositories.join(", ")
            )
        }
        Some(AuthKind::DeployKey) => "accepted as an access key".to_string(),
        Some(AuthKind::AccountKey) => "accepted as an account SSH key".to_string(),
        None => "accepted (the server did not say as what)".to_string(),
    };
    if greeting.kind == Some(AuthKind::AccountKey) {
        run.report.warn(FindingId::AccountKey.finding(""));
    }
    let outcome = run.report.outcome_mut();
    outcome.auth_kind = greeting.kind;
    outcome.repositories = greeting.repositories;
    run.pass(
        StageName::Auth,
        &format!("{detail}; ssh ran without your ~/.ssh/config or agent"),
    );

    run.start(StageName::Repo);
    let mut cmd = process::command("git");
    let ssh_command = format!("ssh -F {}", dir.quoted_config());
    cmd.env("GIT_SSH_COMMAND", ssh_command);
    cmd.args(["ls-remote", "--symref", &t.url, "HEAD", "refs/heads/*"]);
    let ran = match process::run(cmd, Some(dir.path()), run.req.timeout).await {
        Ok(ran) => ran,
        Err(e) => {
            let id = missing_or(&e, FindingId::GitMissing);
            run.fail(StageName::Repo, id, &format!("git: {e}"));
            return;
        }
    };
    run.report
        .log("git ls-remote --symref URL HEAD refs/heads/*", &ran.stderr);
    if !ran.success() {
        let (id, detail) = why(&ran, "git", run.req.timeout);
        let mut finding = id.finding(&detail);
        // The greeting listed what this access key reads: a name the URL nearly gives is the
        // one meant.
        let listed = &run.report.outcome_mut().repositories;
        if let (FindingId::RepoNotFound, Some((named, listed))) =
            (id, crate::core::conntest::closest_repo(&t.url, listed))
        {
            finding.fix = format!(
                "This key reads {listed}, and the URL names {named}: did you mean {listed}? Copy the URL from that repository's Clone button (step {}), or add the key to {named}.",
                crate::core::step::Step::CloneUrl.number()
            );
        }
        run.fail_with(StageName::Repo, finding);
        return;
    }
    let refs = parse::refs(&ran.stdout);
    let detail = match (&refs.default_branch, &refs.head_commit) {
        _ if refs.branches.is_empty() => "no branches yet".to_string(),
        (Some(b), Some(c)) => format!(
            "{} branch{}; {b} at {}",
            refs.branches.len(),
            if refs.branches.len() == 1 { "" } else { "es" },
            c.get(..12).unwrap_or(c)
        ),
        _ => format!("{} branches", refs.branches.len()),
    };
    if refs.branches.is_empty() {
        run.report.warn(FindingId::RepoEmpty.finding(""));
    }
    let outcome = run.report.outcome_mut();
    outcome.default_branch = refs.default_branch;
    outcome.head_commit = refs.head_commit;
    outcome.branches = refs.branches;
    run.pass(StageName::Repo, &detail);
}

/// Why ssh or git failed: the limit, a failure its words show, or its last words.
fn why(ran: &process::Ran, program: &str, limit: std::time::Duration) -> (FindingId, String) {
    match parse::classify(&ran.stderr) {
        _ if ran.timed_out() => (
            FindingId::ConnectionTimeout,
            format!("{program} did not finish in {} s", limit.as_secs()),
        ),
        Some(id) => (id, String::new()),
        None => (FindingId::SshFailed, last_line(&ran.stderr)),
    }
}

/// ssh's or git's last words, or a note when they are not text.
fn last_line(text: &str) -> String {
    let line = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no output");
    let odd = line
        .chars()
        .filter(|c| *c == char::REPLACEMENT_CHARACTER || c.is_control())
        .count();
    if odd * 10 > line.chars().count() {
        return "its output is not text (the transcript keeps the start of it)".to_string();
    }
    display::shortened(line, 100)
}
