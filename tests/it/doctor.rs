//! `bblink doctor` against the real `ssh -G`, `git` and `ssh-agent`: one throwaway HOME per
//! case holding one problem, and the finding's id, file and line checked; a clean HOME finds
//! nothing; the doctor never changes a file and never prints a secret; `diagnose` reads its
//! output back to the same ids.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{bblink_bin, run, run_with_stdin, ssh_keygen_make};

const OLD_RSA: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAABIwAAAQEAubiN81eDcafrgMeLzaFPsw2kNvEcqTKl/VqLat/MaB33pZy0y3rJZtnqwR2qOOvbwKZYKiEO1O6VqNEBxKvJJelCq0dTXWT5pbO2gDXC6h6QDXCaHo6pOHGPUy+YBaGQRGuSusMEASYiWunYN0vCAI8QaXnWMXNMdFP3jHAJH0eDsoiGnLPBlBp4TNm6rYI74nMzgz3B9IikW4WVK+dc8KZJZWYjAuORU3jc1c/NPskD2ASinf8v3xnfXeukU0sJ5N6m5E8VLjObPEO+mN2t/FZTMZLiFqPWc/ALSqnMnnhwrNi2rbfg/rd/IpL8Le3pSBne8+seeFVBoGqzHM9yXw==";

/// A throwaway HOME.
struct Home {
    dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Home {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir(dir.path().join(".ssh")).expect("mkdir");
        Self {
            dir,
            env: Vec::new(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn ssh(&self, name: &str) -> PathBuf {
        self.path().join(".ssh").join(name)
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, text).expect("write");
        set_mode(&p, 0o600);
        p
    }

    fn config(&self, text: &str) -> PathBuf {
        self.write(".ssh/config", text)
    }

    fn set(&mut self, k: &str, v: &str) {
        self.env.push((k.to_string(), v.to_string()));
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(bblink_bin());
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("USER", "tester")
            .env("LANG", "C.UTF-8")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(self.path())
            .arg("doctor")
            .args(args);
        cmd
    }

    /// `bblink doctor --json`: the exit code and the JSON.
    fn doctor(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let (code, out, err) = run(&mut self.command(&all));
        let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
        (code, v)
    }

    /// A new repository `name` in the HOME.
    fn repo(&self, name: &str) -> PathBuf {
        let repo = self.path().join(name);
        std::fs::create_dir(&repo).expect("mkdir");
        self.git(&repo, &["init", "-q"]);
        repo
    }

    /// Adds a remote to a repository.
    fn remote(&self, repo: &Path, name: &str, url: &str) {
        self.git(repo, &["remote", "add", name, url]);
    }

    /// `bblink doctor` finds nothing and exits 0; its JSON.
    fn assert_clean(&self, args: &[&str]) -> Value {
        let (code, v) = self.doctor(args);
        assert_eq!((code, ids(&v)), (0, Vec::<String>::new()), "{v:#}");
        v
    }

    fn git(&self, dir: &Path, args: &[&str]) {
        let (code, _, err) = run(Command::new("git")
            .env("HOME", self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .current_dir(dir)
            .args(args));
        assert_eq!(code, 0, "git {args:?}: {err}");
    }
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

fn findings(v: &Value) -> Vec<&Value> {
    v["findings"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn ids(v: &Value) -> Vec<String> {
    findings(v)
        .iter()
        .filter_map(|f| f["id"].as_str().map(str::to_string))
        .collect()
}

fn finding<'a>(v: &'a Value, id: &str) -> &'a Value {
    findings(v)
        .into_iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {v:#}"))
}

fn at(f: &Value) -> (String, u64) {
    (
        f["file"].as_str().unwrap_or_default().to_string(),
        f["line"].as_u64().unwrap_or_default(),
    )
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn a_clean_home_has_nothing_to_report_and_exits_0() {
    let home = Home::new();
    home.config("Host ssh.bitbucket.org\n  IdentityFile ~/.ssh/id_ed25519\n  IdentitiesOnly yes\n");
    ssh_keygen_make(&home.path().join(".ssh"), "id_ed25519", &["-t", "ed25519"]);
    let v = home.assert_clean(&[]);
    assert_eq!(v["ok"], true);
    let hosts: Vec<&str> = v["hosts"]
        .as_array()
        .expect("hosts")
        .iter()
        .filter_map(|h| h["host"].as_str())
        .collect();
    assert_eq!(hosts, vec!["ssh.bitbucket.org", "bitbucket.org"]);
    // What ssh -G resolved, not what bblink guessed.
    assert_eq!(v["hosts"][0]["identities_only"], true);
    assert_eq!(v["hosts"][0]["identity_files"][0], "~/.ssh/id_ed25519");
    let (code, out, _) = run(&mut home.command(&[]));
    assert_eq!(code, 0);
    assert!(
        out.contains("No problem found in this machine's SSH and git setup."),
        "{out}"
    );
}

#[test]
fn an_apple_only_option_is_reported_at_its_line_and_the_rest_still_checked() {
    let home = Home::new();
    let config = home.config(
        "Host *\n  AddKeysToAgent yes\n  UseKeychain yes\n  ControlMaster auto\n  ControlPath ~/.ssh/cm-%C\n",
    );
    let (code, v) = home.doctor(&[]);
    assert_eq!(code, 1);
    let f = finding(&v, "ssh_config_unsupported_option");
    assert_eq!(at(f), (display(&config), 3));
    assert_eq!(f["quote"], "UseKeychain yes");
    assert_eq!(f["severity"], "error");
    assert!(
        f["fix"][0]
            .as_str()
            .unwrap_or("")
            .contains("IgnoreUnknown UseKeychain")
    );
    // ssh printed nothing the first time; with the option ignored it resolved the rest.
    let sharing = finding(&v, "connection_sharing");
    assert_eq!(at(sharing), (display(&config), 4));
    assert_eq!(ids(&v)[0], "ssh_config_unsupported_option");
}

#[test]
fn sharing_set_in_an_included_file_points_at_that_file() {
    let home = Home::new();
    let inc = home.write(
        ".ssh/conf.d/50-share.conf",
        "# shared\nHost *.bitbucket.org\n    ControlMaster=yes\n    ControlPath ~/.ssh/cm-%C\n",
    );
    let config = home.config(&format!(
        "Include {}/.ssh/conf.d/*.conf\nHost ssh.bitbucket.org\n  IdentitiesOnly yes\n",
        home.path().display()
    ));
    let (code, v) = home.doctor(&[]);
    assert_eq!(code, 1, "{v:#}");
    let f = finding(&v, "connection_sharing");
    assert_eq!(at(f), (display(&inc), 3));
    assert_eq!(f["hosts"], serde_json::json!(["ssh.bitbucket.org"]));
    assert!(config.exists());
}

/// A running `ssh-agent` on a socket in `dir`, stopped on drop.
struct AgentProc {
    pid: String,
    sock: PathBuf,
}

impl AgentProc {
    fn start(dir: &Path, keys: usize) -> Self {
        let sock = dir.join("agent.sock");
        let (code, out, err) = run(Command::new("ssh-agent").arg("-s").arg("-a").arg(&sock));
        assert_eq!(code, 0, "{err}");
        let pid = out
            .split("SSH_AGENT_PID=")
            .nth(1)
            .and_then(|r| r.split(';').next())
            .expect("pid")
            .to_string();
        let agent = Self { pid, sock };
        for i in 0..keys {
            let key = ssh_keygen_make(dir, &format!("agent{i}"), &["-t", "ed25519"]);
            let (code, _, err) = run(Command::new("ssh-add")
                .env("SSH_AUTH_SOCK", &agent.sock)
                .arg(&key));
            assert_eq!(code, 0, "{err}");
        }
        agent
    }
}

impl Drop for AgentProc {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(&self.pid).status();
    }
}

#[test]
fn an_agent_with_many_keys_without_identities_only_is_too_many() {
    let keys = tempfile::tempdir().expect("tmp");
    let agent = AgentProc::start(keys.path(), 10);
    let mut home = Home::new();
    home.set("SSH_AUTH_SOCK", &display(&agent.sock));
    let (code, v) = home.doctor(&[]);
    assert_eq!(code, 1);
    assert_eq!(v["agent"]["state"], "running");
    assert_eq!(v["agent"]["keys"], 10);
    let f = finding(&v, "too_many_auth_failures");
    assert!(
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("10 in the agent"),
        "{f}"
    );
    // IdentitiesOnly for Cloud's host settles it.
    home.config("Host ssh.bitbucket.org\n  IdentitiesOnly yes\n  IdentityFile ~/.ssh/bb\n");
    home.write(".ssh/bb", "not really a key\n");
    home.assert_clean(&[]);
}

#[test]
fn a_dead_agent_socket_is_broken() {
    let mut home = Home::new();
    home.config("Host ssh.bitbucket.org\n  IdentitiesOnly yes\n");
    let gone = home.path().join("agent.gone");
    home.set("SSH_AUTH_SOCK", &display(&gone));
    let (code, v) = home.doctor(&[]);
    assert_eq!(code, 1);
    assert_eq!(ids(&v), vec!["agent_socket_broken"]);
    assert_eq!(v["agent"]["state"], "broken");
}

#[test]
fn the_2023_rsa_host_key_in_known_hosts_is_found_at_its_line() {
    let home = Home::new();
    home.config("Host ssh.bitbucket.org\n  IdentitiesOnly yes\n");
    let kh = home.write(
        ".ssh/known_hosts",
        &format!("example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\nbitbucket.org,104.192.141.1 {OLD_RSA}\n"),
    );
    let (code, v) = home.doctor(&[]);
    assert_eq!(code, 1);
    let f = finding(&v, "known_hosts_old_rsa");
    assert_eq!(at(f), (display(&kh), 2));
    assert!(
        f["fix"][0]
            .as_str()
            .unwrap_or("")
            .starts_with("bblink known-hosts --check")
    );
}

#[test]
fn a_block_for_bitbucket_org_alone_no_longer_applies() {
    let home = Home::new();
    let config = home.config(
        "Host github.com\n  IdentityFile ~/.ssh/gh\nHost bitbucket.org\n  User git\n  IdentityFile ~/.ssh/bb\n  IdentitiesOnly yes\n",
    );
    home.write(".ssh/bb", "x\n");
    let (code, v) = home.doctor(&[]);
    assert_eq!(code, 1);
    assert_eq!(ids(&v), vec!["host_block_not_applied"], "{v:#}");
    let f = finding(&v, "host_block_not_applied");
    assert_eq!(at(f), (display(&config), 3));
    assert_eq!(
        f["fix"][0],
        "Make line 3 `Host bitbucket.org ssh.bitbucket.org`."
    );
    // The fix, applied: ssh now applies the block to both, and nothing is left to say.
    home.config(
        "Host github.com\n  IdentityFile ~/.ssh/gh\nHost bitbucket.org ssh.bitbucket.org\n  User git\n  IdentityFile ~/.ssh/bb\n  IdentitiesOnly yes\n",
    );
    home.assert_clean(&[]);
}

#[test]
fn git_overrides_from_the_environment_and_the_global_config() {
    let mut home = Home::new();
    home.config("Host ssh.bitbucket.org\n  IdentitiesOnly yes\n");
    home.set(
        "GIT_SSH_COMMAND",
        "ssh -i ~/.ssh/other -o IdentitiesOnly=yes",
    );
    home.git(
        home.path(),
        &["config", "--global", "core.sshCommand", "ssh -i /keys/ci"],
    );
    let (code, v) = home.doctor(&[]);
    assert_eq!(code, 1);
    let overrides: Vec<&Value> = findings(&v)
        .into_iter()
        .filter(|f| f["id"] == "git_ssh_override")
        .collect();
    assert_eq!(overrides.len(), 2, "{v:#}");
    assert!(
        overrides[0]["message"]
            .as_str()
            .unwrap_or("")
            .starts_with("GIT_SSH_COMMAND is set: git runs it")
    );
    let gitconfig = home.path().join(".gitconfig");
    assert_eq!(at(overrides[1]), (display(&gitconfig), 2));
    // The fix, run as printed, removes the setting.
    let fix = overrides[1]["fix"][0].as_str().unwrap_or("").to_string();
    assert!(fix.starts_with("git config --file "), "{fix}");
    let (code, _, err) = run(Command::new("sh")
        .args(["-c", &fix])
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1"));
    assert_eq!(code, 0, "{fix}: {err}");
    home.env.retain(|(k, _)| k != "GIT_SSH_COMMAND");
    let (_, v) = home.doctor(&[]);
    assert!(!ids(&v).contains(&"git_ssh_override".to_string()), "{v:#}");
}

#[test]
fn an_insteadof_rule_with_a_token_is_found_and_the_token_never_printed() {
    let home = Home::new();
    home.config("Host ssh.bitbucket.org\n  IdentitiesOnly yes\n");
    let token = "ATCTT3xFfGN0Zm9vYmFyYmF6cXV4c2VjcmV0";
    home.git(
        home.path(),
        &[
            "config",
            "--global",
            &format!("url.https://x-token-auth:{token}@bitbucket.org/.insteadOf"),
            "git@ssh.bitbucket.org:",
        ],
    );
    let repo = home.repo("app");
    home.remote(&repo, "origin", "git@ssh.bitbucket.org:acme/app.git");
    let (code, v) = home.doctor(&["--repo-dir", "app"]);
    assert_eq!(code, 1);
    let f = finding(&v, "insteadof_rewrite");
    assert_eq!(at(f).1, 2, "{f}");
    assert!(
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("remote origin"),
        "{f}"
    );
    let (_, text, err) = run(&mut home.command(&["--repo-dir", "app"]));
    for shown in [v.to_string(), text, err] {
        assert!(
            !shown.contains(token) && !shown.contains("3xFfGN0"),
            "{shown}"
        );
    }
}

#[test]
fn identity_files_missing_or_open_to_others() {
    let home = Home::new();
    let key = ssh_keygen_make(&home.path().join(".ssh"), "deploy", &["-t", "ed25519"]);
    set_mode(&key, 0o644);
    let config = home.config(&format!(
        "Host ssh.bitbucket.org\n  IdentitiesOnly yes\n  IdentityFile {}\n  IdentityFile ~/.ssh/typo_key\n",
        key.display()
    ));
    let (code, v) = home.doctor(&[]);
    assert_eq!(code, 1);
    let bad = finding(&v, "key_bad_permissions");
    assert_eq!(at(bad), (display(&config), 3));
    assert_eq!(bad["fix"][0], format!("chmod 600 {}", key.display()));
    assert!(bad["message"].as_str().unwrap_or("").contains("0644"));
    let missing = finding(&v, "identity_missing");
    assert_eq!(at(missing), (display(&config), 4));
    assert!(
        missing["message"]
            .as_str()
            .unwrap_or("")
            .contains(&display(&home.ssh("typo_key"))),
        "{missing}"
    );
    // Default files that are not there (~/.ssh/id_rsa, …) are normal: not named.
    assert_eq!(ids(&v).len(), 2, "{v:#}");
}

#[test]
fn remotes_on_bitbucket_org_directly_or_through_an_alias() {
    let home = Home::new();
    let config = home.config("Host bb\n  HostName bitbucket.org\n  User git\n  IdentitiesOnly yes\nHost ssh.bitbucket.org\n  IdentitiesOnly yes\n");
    let repo = home.repo("app");
    home.remote(&repo, "origin", "git@bitbucket.org:acme/app.git");
    home.remote(&repo, "mirror", "bb:acme/mirror.git");
    let (code, v) = home.doctor(&["--repo-dir", &display(&repo)]);
    assert_eq!(code, 1);
    let legacy: Vec<&Value> = findings(&v)
        .into_iter()
        .filter(|f| f["id"] == "legacy_ssh_host")
        .collect();
    assert_eq!(legacy.len(), 2, "{v:#}");
    let direct = legacy
        .iter()
        .find(|f| f["hosts"][0] == "bitbucket.org")
        .expect("origin");
    assert_eq!(
        direct["fix"][0],
        "git remote set-url origin git@ssh.bitbucket.org:acme/app.git"
    );
    assert_eq!(direct["file"], display(&repo.join(".git").join("config")));
    assert!(direct["line"].as_u64().is_some());
    let alias = legacy
        .iter()
        .find(|f| f["hosts"][0] == "bb")
        .expect("mirror");
    assert_eq!(at(alias), (display(&config), 2));
    // The fix, applied with git itself: nothing left.
    home.git(
        &repo,
        &[
            "remote",
            "set-url",
            "origin",
            "git@ssh.bitbucket.org:acme/app.git",
        ],
    );
    home.config("Host bb\n  HostName ssh.bitbucket.org\n  User git\n  IdentitiesOnly yes\nHost ssh.bitbucket.org\n  IdentitiesOnly yes\n");
    home.assert_clean(&["--repo-dir", &display(&repo)]);
}

#[test]
fn a_config_others_can_write_is_refused_by_ssh_and_named() {
    let home = Home::new();
    let config = home.config("Host ssh.bitbucket.org\n  IdentitiesOnly yes\n");
    set_mode(&config, 0o666);
    let (code, v) = home.doctor(&[]);
    assert_eq!(code, 1);
    let f = finding(&v, "ssh_config_bad_permissions");
    assert!(
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains(&display(&config)),
        "{f}"
    );
}

#[test]
fn the_doctor_only_reads() {
    let mut home = Home::new();
    home.config(
        "UseKeychain yes\nHost bitbucket.org\n  IdentityFile ~/.ssh/bb\n  ControlMaster auto\n",
    );
    home.write(".ssh/known_hosts", &format!("bitbucket.org {OLD_RSA}\n"));
    home.set("SSH_AUTH_SOCK", "/nonexistent/agent");
    let before = tree(home.path());
    let (code, _) = home.doctor(&[]);
    assert_eq!(code, 1);
    assert_eq!(tree(home.path()), before, "the doctor changed a file");
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            let meta = std::fs::symlink_metadata(&p).expect("meta");
            if meta.is_dir() {
                stack.push(p.clone());
            }
            let bytes = if meta.is_file() {
                std::fs::read(&p).expect("read")
            } else {
                Vec::new()
            };
            out.insert(p, (bytes, meta.permissions().mode()));
        }
    }
    out
}

#[test]
fn usage_errors_exit_2() {
    let home = Home::new();
    let (code, out, _) = run(&mut home.command(&["--repo-dir", "/nonexistent/dir", "--json"]));
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["problems"][0]["id"], "usage");
    let (code, _, err) = run(&mut home.command(&["--bogus"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn diagnose_reads_the_doctors_output_to_the_same_ids() {
    let mut home = Home::new();
    home.config("Host *\n  UseKeychain yes\n  ControlMaster auto\n  IdentityFile ~/.ssh/gone\n");
    home.write(".ssh/known_hosts", &format!("bitbucket.org {OLD_RSA}\n"));
    home.set("GIT_SSH_COMMAND", "ssh -i /keys/other");
    home.set("SSH_AUTH_SOCK", "/nonexistent/agent.sock");
    let (_, v) = home.doctor(&[]);
    assert!(ids(&v).len() >= 5, "{v:#}");
    let first = ids(&v)[0].clone();
    assert_eq!(first, "ssh_config_unsupported_option");
    let (_, text, _) = run(&mut home.command(&[]));
    for log in [v.to_string(), text] {
        let (code, out, err) = run_with_stdin(
            Command::new(bblink_bin()).args(["diagnose", "--json", "-"]),
            &log,
        );
        assert_eq!(code, 1, "{err}");
        let d: Value = serde_json::from_str(&out).expect("json");
        let primary = d["findings"]
            .as_array()
            .and_then(|a| a.iter().find(|f| f["primary"] == true))
            .map(|f| f["id"].clone());
        assert_eq!(primary, Some(Value::from(first.as_str())), "{d:#}");
        // Every finding, not only the first, in the doctor's order.
        assert_eq!(ids(&d), ids(&v), "{d:#}");
    }
}

#[test]
fn a_config_that_holds_ssh_is_stopped_at_the_time_limit_and_named() {
    let home = Home::new();
    // ssh waits on a FIFO for a writer (a device others can write it refuses at once).
    let fifo = home.path().join("fifo.conf");
    crate::support::make_fifo(&fifo);
    set_mode(&fifo, 0o600);
    home.config(&format!(
        "Include {}\nHost ssh.bitbucket.org\n  IdentitiesOnly yes\n",
        fifo.display()
    ));
    let (code, v) = home.doctor(&["--timeout", "2"]);
    assert_eq!(code, 1);
    let f = finding(&v, "ssh_config_invalid_value");
    assert!(
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("no answer within 2 s"),
        "{f}"
    );
    assert!(
        !ids(&v).contains(&"ssh_missing".to_string()),
        "ssh is there: {v:#}"
    );
}

#[test]
fn hostile_hosts_remotes_and_lines_are_never_run_nor_printed_raw() {
    let home = Home::new();
    let pwned = home.path().join("pwned");
    home.config(&format!(
        "Host ssh.bitbucket.org\n  IdentitiesOnly yes\n  IdentityFile /nonexistent/\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}key\n# {}\n",
        pwned.display()
    ));
    let repo = home.repo("app");
    let evil = format!("-oProxyCommand=touch {}:acme/app.git", pwned.display());
    home.git(&repo, &["config", "remote.origin.url", &evil]);
    for i in 0..20 {
        home.remote(
            &repo,
            &format!("r{i}"),
            &format!("git@h{i}.example.com:a/b.git"),
        );
    }
    let (code, out, err) = run(&mut home.command(&["--repo-dir", "app"]));
    assert_eq!(code, 1, "{out}{err}");
    assert!(!pwned.exists(), "a remote's host was run as an option");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("identity_missing"), "{out}");
    let (_, v) = home.doctor(&["--repo-dir", "app"]);
    let hosts = v["hosts"].as_array().map_or(0, Vec::len);
    assert!(hosts <= 2 + 16, "{hosts} hosts resolved at once");
    assert!(
        v["setup"]["notes"]
            .to_string()
            .contains("the first 16 were checked"),
        "{v:#}"
    );
    // Asked for on the command line: a usage error, never passed to ssh.
    let (code, _, err) = run(&mut home.command(&["--host", "-oProxyCommand=x"]));
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&mut home.command(&["--url", "not a url at all"]));
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_closed_standard_output_ends_with_exit_1_and_no_panic() {
    let home = Home::new();
    let mut cmd = home.command(&["--json"]);
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().expect("spawn");
    let mut child = child;
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{:?} {err}",
        out.status
    );
}

#[test]
fn ctrl_c_stops_the_checks_ssh_and_removes_its_temporary_config() {
    let home = Home::new();
    let fifo = home.path().join("held.conf");
    crate::support::make_fifo(&fifo);
    set_mode(&fifo, 0o600);
    home.config(&format!("Include {}\n", fifo.display()));
    let tmp = home.path().join("tmp");
    std::fs::create_dir(&tmp).expect("mkdir");
    let mut cmd = home.command(&["--timeout", "60"]);
    cmd.env("TMPDIR", &tmp)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    let pattern = format!("-F {}", tmp.display());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let (_, procs, _) = run(Command::new("pgrep").args(["-f", "--", &pattern]));
        if !procs.trim().is_empty() {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "ssh -G started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    run(Command::new("kill").args(["-INT", &child.id().to_string()]));
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(130));
    let (_, procs, _) = run(Command::new("pgrep").args(["-f", "--", &pattern]));
    assert!(procs.trim().is_empty(), "ssh -G left running: {procs}");
    let left: Vec<_> = std::fs::read_dir(&tmp).expect("tmp").flatten().collect();
    assert!(left.is_empty(), "temporary config left: {left:?}");
}

#[test]
fn a_url_or_host_on_bitbucket_org_is_the_legacy_host_and_an_https_url_is_said_to_be_checked_by_its_ssh_form()
 {
    let home = Home::new();
    home.config(
        "Host ssh.bitbucket.org\n  IdentitiesOnly yes\nHost bitbucket.org\n  IdentitiesOnly yes\n",
    );
    let (code, v) = home.doctor(&["--url", "git@bitbucket.org:acme/app.git"]);
    assert_eq!(code, 1);
    let f = finding(&v, "legacy_ssh_host");
    assert_eq!(f["fix"][0], "Use git@ssh.bitbucket.org:acme/app.git");
    let (code, v) = home.doctor(&["--host", "bitbucket.org"]);
    assert_eq!(
        (code, ids(&v)),
        (1, vec!["legacy_ssh_host".to_string()]),
        "{v:#}"
    );
    let (code, v) = home.doctor(&["--url", "https://bitbucket.org/acme/app.git"]);
    assert_eq!(code, 0, "{v:#}");
    assert!(
        v["setup"]["notes"]
            .to_string()
            .contains("is not an SSH URL"),
        "{v:#}"
    );
}

#[test]
fn only_bitbucket_remotes_are_judged() {
    let home = Home::new();
    home.config("Host ssh.bitbucket.org bitbucket.org\n  ControlMaster no\nHost *\n  ControlMaster auto\n  ControlPath ~/.ssh/cm-%C\n  IdentitiesOnly yes\n");
    let repo = home.repo("app");
    home.remote(&repo, "gh", "git@github.com:me/x.git");
    home.assert_clean(&["--repo-dir", "app"]);
    // A Data Center remote on its usual port is Bitbucket's: sharing on it is named, for it.
    home.remote(&repo, "dc", "ssh://git@git.example.com:7999/proj/app.git");
    let (code, v) = home.doctor(&["--repo-dir", "app"]);
    assert_eq!(code, 1);
    let f = finding(&v, "connection_sharing");
    assert_eq!(f["hosts"], serde_json::json!(["git.example.com"]));
    assert!(
        f["fix"][0]
            .as_str()
            .unwrap_or("")
            .contains("`Host git.example.com`"),
        "{f}"
    );
}

#[test]
fn odd_setups_are_named_for_what_they_are() {
    // A config of binary garbage: not "ssh is missing".
    let home = Home::new();
    let junk: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13).to_le_bytes()[0])
        .collect();
    std::fs::write(home.ssh("config"), junk).expect("write");
    set_mode(&home.ssh("config"), 0o600);
    let (code, v) = home.doctor(&[]);
    assert_eq!(code, 1);
    assert!(!ids(&v).contains(&"ssh_missing".to_string()), "{v:#}");
    assert!(
        ids(&v).iter().any(|i| i.starts_with("ssh_config_")),
        "{v:#}"
    );
    // GIT_SSH_COMMAND=ssh is what git runs anyway.
    let mut home = Home::new();
    home.config("Host ssh.bitbucket.org\n  IdentitiesOnly yes\n");
    home.set("GIT_SSH_COMMAND", "ssh");
    home.assert_clean(&[]);
    // No git: not a clean bill of health.
    let bin = home.path().join("bin");
    std::fs::create_dir(&bin).expect("mkdir");
    for tool in ["ssh", "ssh-add"] {
        let (_, path, _) = run(Command::new("sh").args(["-c", &format!("command -v {tool}")]));
        std::os::unix::fs::symlink(path.trim(), bin.join(tool)).expect("link");
    }
    let mut cmd = home.command(&["--json"]);
    cmd.env("PATH", &bin);
    let (code, out, _) = run(&mut cmd);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(ids(&v), vec!["git_missing"]);
}

#[test]
fn a_rewrite_rule_holding_a_secret_gets_a_fix_without_it() {
    let home = Home::new();
    home.config("Host ssh.bitbucket.org\n  IdentitiesOnly yes\n");
    home.git(
        home.path(),
        &[
            "config",
            "--global",
            "url.https://x-token-auth:hunter2hunter2@bitbucket.org/.insteadOf",
            "git@ssh.bitbucket.org:",
        ],
    );
    let (_, v) = home.doctor(&[]);
    let fix = finding(&v, "insteadof_rewrite")["fix"][0]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        fix.contains("git config --global --edit") && fix.contains("line 2"),
        "{fix}"
    );
    assert!(!fix.contains("hunter2"), "{fix}");
}

#[test]
fn a_key_file_the_agent_already_holds_is_offered_once() {
    let keys = tempfile::tempdir().expect("tmp");
    let agent = AgentProc::start(keys.path(), 4);
    let other = ssh_keygen_make(keys.path(), "other", &["-t", "ed25519"]);
    let mut home = Home::new();
    home.set("SSH_AUTH_SOCK", &display(&agent.sock));
    // 4 agent keys, and two files of which one is agent0: 5 keys, not 6.
    home.config(&format!(
        "Host ssh.bitbucket.org\n  IdentityFile {}\n  IdentityFile {}\n",
        keys.path().join("agent0").display(),
        other.display()
    ));
    home.assert_clean(&[]);
    // One more key in the agent: 6, too many.
    let extra = ssh_keygen_make(keys.path(), "extra", &["-t", "ed25519"]);
    let (code, _, err) = run(Command::new("ssh-add")
        .env("SSH_AUTH_SOCK", &agent.sock)
        .arg(&extra));
    assert_eq!(code, 0, "{err}");
    let (_, v) = home.doctor(&[]);
    let f = finding(&v, "too_many_auth_failures");
    assert!(
        f["message"].as_str().unwrap_or("").contains("up to 6 keys"),
        "{f}"
    );
}

#[test]
fn a_block_sending_cloud_to_the_old_host_is_named_and_its_fix_moves_the_hostname_too() {
    let home = Home::new();
    home.write(".ssh/bitbucket", "x\n");
    let config = home.config("Host bitbucket.org\n  HostName bitbucket.org\n  User git\n  IdentityFile ~/.ssh/bitbucket\n  IdentitiesOnly yes\n");
    let (_, v) = home.doctor(&[]);
    let f = finding(&v, "host_block_not_applied");
    assert_eq!(
        f["fix"][1], "And line 2 `HostName ssh.bitbucket.org`.",
        "{f}"
    );
    // Only the Host line changed: ssh.bitbucket.org now goes to the old host, and that is named.
    home.config("Host bitbucket.org ssh.bitbucket.org\n  HostName bitbucket.org\n  User git\n  IdentityFile ~/.ssh/bitbucket\n  IdentitiesOnly yes\n");
    let (code, v) = home.doctor(&[]);
    assert_eq!(code, 1);
    let f = finding(&v, "legacy_ssh_host");
    assert_eq!(at(f), (display(&config), 2));
    // Both lines changed: nothing left.
    home.config("Host bitbucket.org ssh.bitbucket.org\n  HostName ssh.bitbucket.org\n  User git\n  IdentityFile ~/.ssh/bitbucket\n  IdentitiesOnly yes\n");
    home.assert_clean(&[]);
    // A block that leaves the new host out on purpose, or a block of its own for it: nothing.
    home.config(
        "Host * !ssh.bitbucket.org\n  IdentityFile ~/.ssh/bitbucket\n  IdentitiesOnly yes\n",
    );
    home.assert_clean(&[]);
    home.config("Host ssh.bitbucket.org\n  IdentityFile ~/.ssh/bitbucket\nHost bitbucket.org\n  IdentityFile ~/.ssh/old\n");
    let (code, v) = home.doctor(&[]);
    assert!(
        !ids(&v).contains(&"host_block_not_applied".to_string()),
        "{code} {v:#}"
    );
}

#[test]
fn git_rewrite_rules_are_applied_to_the_remotes_before_they_are_judged() {
    let home = Home::new();
    home.config("Host ssh.bitbucket.org bitbucket.org\n  IdentitiesOnly yes\n");
    let repo = home.repo("app");
    home.remote(&repo, "origin", "https://bitbucket.org/acme/app.git");
    // Onto the old host: every fetch fails, and the rule is the cause.
    home.git(
        home.path(),
        &[
            "config",
            "--global",
            "url.git@bitbucket.org:.insteadOf",
            "https://bitbucket.org/",
        ],
    );
    let (code, v) = home.doctor(&["--repo-dir", "app"]);
    assert_eq!(code, 1);
    let f = finding(&v, "legacy_ssh_host");
    assert_eq!(at(f), (display(&home.path().join(".gitconfig")), 2));
    assert!(
        f["fix"][0]
            .as_str()
            .unwrap_or("")
            .contains("git@ssh.bitbucket.org:"),
        "{f}"
    );
    // The usual migration rule, onto the new host: nothing to say, though the remote says the old.
    home.git(
        home.path(),
        &[
            "config",
            "--global",
            "--remove-section",
            "url.git@bitbucket.org:",
        ],
    );
    home.git(
        home.path(),
        &[
            "config",
            "--global",
            "url.git@ssh.bitbucket.org:.insteadOf",
            "git@bitbucket.org:",
        ],
    );
    home.git(
        &repo,
        &[
            "remote",
            "set-url",
            "origin",
            "git@bitbucket.org:acme/app.git",
        ],
    );
    home.assert_clean(&["--repo-dir", "app"]);
    // A push URL on the old host: its own fix.
    home.git(
        home.path(),
        &[
            "config",
            "--global",
            "--remove-section",
            "url.git@ssh.bitbucket.org:",
        ],
    );
    home.git(
        &repo,
        &[
            "remote",
            "set-url",
            "origin",
            "https://bitbucket.org/acme/app.git",
        ],
    );
    home.git(
        &repo,
        &[
            "config",
            "remote.origin.pushurl",
            "git@bitbucket.org:acme/app.git",
        ],
    );
    let (_, v) = home.doctor(&["--repo-dir", "app"]);
    let f = finding(&v, "legacy_ssh_host");
    assert_eq!(
        f["fix"][0],
        "git remote set-url --push origin git@ssh.bitbucket.org:acme/app.git"
    );
}

#[test]
fn sharing_without_a_control_path_shares_nothing() {
    let home = Home::new();
    home.config("Host ssh.bitbucket.org\n  ControlPath none\n  IdentitiesOnly yes\nHost *\n  ControlMaster auto\n  ControlPath ~/.ssh/cm-%C\n");
    home.assert_clean(&[]);
}

#[test]
fn an_identity_file_with_the_host_in_its_name_is_checked_for_each_host() {
    let home = Home::new();
    home.config("Host ssh.bitbucket.org bitbucket.org\n  IdentityFile ~/.ssh/key_%h\n  IdentitiesOnly yes\n");
    let open_key = home.write(".ssh/key_bitbucket.org", "x\n");
    set_mode(&open_key, 0o644);
    let (code, v) = home.doctor(&["--host", "bitbucket.org"]);
    assert_eq!(code, 1);
    let missing = finding(&v, "identity_missing");
    assert_eq!(
        missing["hosts"],
        serde_json::json!(["ssh.bitbucket.org"]),
        "{v:#}"
    );
    let open = finding(&v, "key_bad_permissions");
    assert_eq!(open["hosts"], serde_json::json!(["bitbucket.org"]), "{v:#}");
}

#[test]
fn a_finding_points_at_the_block_that_applies_to_the_host() {
    let home = Home::new();
    let config = home.config("Host personal\n  HostName bitbucket.org\n  IdentitiesOnly yes\nHost work\n  HostName bitbucket.org\n  IdentitiesOnly yes\nHost github.com\n  ControlMaster auto\n  ControlPath ~/.ssh/gh-%C\nHost *\n  ControlMaster auto\n  ControlPath ~/.ssh/cm-%C\n");
    let repo = home.repo("app");
    home.remote(&repo, "origin", "work:acme/app.git");
    let (_, v) = home.doctor(&["--repo-dir", "app"]);
    assert_eq!(
        at(finding(&v, "legacy_ssh_host")),
        (display(&config), 5),
        "{v:#}"
    );
    assert_eq!(
        at(finding(&v, "connection_sharing")),
        (display(&config), 11),
        "{v:#}"
    );
}

#[test]
fn an_identity_file_named_with_an_environment_variable_is_the_file_it_names() {
    let home = Home::new();
    home.config(
        "Host ssh.bitbucket.org\n  IdentityFile ${HOME}/.ssh/envkey\n  IdentitiesOnly yes\n",
    );
    let key = home.write(".ssh/envkey", "x\n");
    home.assert_clean(&[]);
    set_mode(&key, 0o644);
    let (_, v) = home.doctor(&[]);
    assert_eq!(
        finding(&v, "key_bad_permissions")["fix"][0],
        format!("chmod 600 {}", key.display())
    );
}
