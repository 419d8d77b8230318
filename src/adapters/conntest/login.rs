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
    let ran = process::run(
        greeting_command(run, &dir, false),
        Some(dir.path()),
        run.req.timeout,
    )
    .await;
    if !auth_result(run, ran) {
        return;
    }
    run.start(StageName::Repo);
    let ran = process::run(
        listing_command(run, &dir),
        Some(dir.path()),
        run.req.timeout,
    )
    .await;
    repo_result(run, ran);
}

/// With host keys already trusted: the login greeting and the listing at the same time, ssh
/// checking the server's key against them on each connection. Reports the host key, login and
/// repository stages, each with its own time, and returns `true`; returns `false` (nothing
/// reported) when ssh refused the server's key, for the caller to scan and say why.
pub(super) async fn login_and_list_at_once(
    run: &mut Run<'_>,
    key: &Secret,
    candidates: &[HostKey],
) -> bool {
    run.start(StageName::HostKey);
    let Ok(dir) = Workdir::new(key, candidates, run.req.timeout) else {
        return false;
    };
    let timeout = run.req.timeout;
    let greet = greeting_command(run, &dir, true);
    let list = listing_command(run, &dir);
    let path = dir.path();
    let timed = |cmd| async move {
        let began = std::time::Instant::now();
        let ran = process::run(cmd, Some(path), timeout).await;
        (ran, began.elapsed())
    };
    let ((greeted, greet_took), (listed, list_took)) = tokio::join!(timed(greet), timed(list));
    let refused = |r: &std::io::Result<process::Ran>| {
        r.as_ref().is_ok_and(|r| {
            matches!(
                parse::classify(&r.stderr),
                Some(FindingId::HostKeyChanged | FindingId::HostKeyUnknown)
            )
        })
    };
    if greeted.is_err() || refused(&greeted) || refused(&listed) {
        return false;
    }
    let words = greeted
        .as_ref()
        .map(|r| r.stderr.clone())
        .unwrap_or_default();
    // The stages as they would have run one after the other: each its own time.
    let since = |took| std::time::Instant::now().checked_sub(took);
    run.began = since(greet_took).unwrap_or(run.began);
    super::hostkey::proven(run, candidates, &words);
    run.start(StageName::Auth);
    run.began = since(greet_took).unwrap_or(run.began);
    let greeted = greeted.map(|mut r| {
        // ssh's debug words served the host key stage; the transcript keeps the rest.
        let kept: Vec<&str> = r
            .stderr
            .lines()
            .filter(|l| !l.starts_with("debug1: "))
            .collect();
        r.stderr = kept.join("\n");
        if !r.stderr.is_empty() {
            r.stderr.push('\n');
        }
        r
    });
    if auth_result(run, greeted) {
        run.start(StageName::Repo);
        run.began = since(list_took).unwrap_or(run.began);
        repo_result(run, listed);
    }
    true
}

/// `ssh -T` to the server with the test's configuration (`debug`: with the words that name the
/// server's host key).
fn greeting_command(run: &Run<'_>, dir: &Workdir, debug: bool) -> tokio::process::Command {
    let t = &run.req.target;
    let mut cmd = process::command("ssh");
    cmd.arg("-F").arg(&dir.config);
    if debug {
        cmd.args(["-o", "LogLevel=DEBUG1"]);
    }
    cmd.args([
        "-T",
        "-p",
        &t.port.to_string(),
        "-l",
        &t.user,
        "--",
        &t.host,
    ]);
    cmd
}

/// `git ls-remote` of the repository through the same ssh configuration.
fn listing_command(run: &Run<'_>, dir: &Workdir) -> tokio::process::Command {
    let mut cmd = process::command("git");
    let ssh_command = format!("ssh -F {}", dir.quoted_config());
    cmd.env("GIT_SSH_COMMAND", ssh_command);
    cmd.args([
        "ls-remote",
        "--symref",
        &run.req.target.url,
        "HEAD",
        "refs/heads/*",
    ]);
    cmd
}

/// The login stage from what `ssh -T` said; `true` when it passed.
fn auth_result(run: &mut Run<'_>, ran: std::io::Result<process::Ran>) -> bool {
    let t = run.req.target.clone();
    let heading = format!("ssh -T -p {} {}@{}", t.port, t.user, t.host);
    let ran = match ran {
        Ok(ran) => ran,
        Err(e) => {
            let id = missing_or(&e, FindingId::SshMissing);
            run.fail(StageName::Auth, id, &format!("ssh: {e}"));
            return false;
        }
    };
    run.report.log(&heading, &ran.words());
    let greeting = parse::greeting(&ran.words());
    if greeting.kind.is_none() && !parse::authenticated(&ran.stderr) {
        let (id, detail) = why(&ran, "ssh", run.req.timeout);
        run.fail(StageName::Auth, id, &detail);
        return false;
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
    true
}

/// The repository stage from what `git ls-remote` said.
fn repo_result(run: &mut Run<'_>, ran: std::io::Result<process::Ran>) {
    let t = run.req.target.clone();
    let ran = match ran {
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
