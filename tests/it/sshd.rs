//! A real OpenSSH server on 127.0.0.1 that behaves like Bitbucket for the connection tests: its
//! own host key, an `AuthorizedKeysFile` the test controls, and a forced command
//! (`tests/fixtures/sshd/bitbucket-shell.sh`) that greets like Bitbucket, serves a bare
//! repository with two branches, refuses pushes and says `conq: repository does not exist.`
//! for unknown repositories. It logs in only the current user, so URLs name that user.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{run, ssh_keygen_make};

/// `/usr/sbin/sshd`, or where `BBLINK_SSHD` says.
fn sshd_bin() -> PathBuf {
    std::env::var_os("BBLINK_SSHD").map_or_else(|| PathBuf::from("/usr/sbin/sshd"), PathBuf::from)
}

/// A free port on 127.0.0.1 (bound and released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

pub fn user() -> String {
    let (_, out, _) = run(Command::new("id").arg("-un"));
    out.trim().to_string()
}

/// The test server and its files.
pub struct Sshd {
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub host_key: PathBuf,
    /// A host certificate the server presents too (`HostCertificate`).
    host_cert: Option<PathBuf>,
    child: Option<Child>,
}

/// The bare repository the server serves: its branches and the head commit of `main`.
pub struct Repo {
    pub head: String,
    pub feature: String,
}

impl Sshd {
    /// Starts a server with a new host key on a free port.
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let host_key = ssh_keygen_make(dir.path(), "host_key", &["-t", "ed25519", "-N", ""]);
        std::fs::write(dir.path().join("authorized_keys"), "").expect("authorized_keys");
        let mut s = Self {
            dir,
            port: free_port(),
            host_key,
            host_cert: None,
            child: None,
        };
        s.launch();
        s
    }

    /// Starts a server whose host key is certified by `ca` (a private key file) for `name`.
    pub fn start_with_host_certificate(ca: &Path, name: &str) -> Self {
        let mut s = Self::start();
        s.stop();
        let (code, _, err) = run(Command::new("ssh-keygen")
            .arg("-q")
            .arg("-s")
            .arg(ca)
            .args(["-I", "bblink-test-host", "-h", "-n", name])
            .arg(s.host_key.with_extension("pub")));
        assert_eq!(code, 0, "ssh-keygen -s: {err}");
        let cert = s.dir.path().join("host_key-cert.pub");
        assert!(cert.exists(), "{}", cert.display());
        s.host_cert = Some(cert);
        s.launch();
        s
    }

    /// Starts a second server with another host key on the same port (the first is stopped).
    pub fn restart_with_new_host_key(&mut self) {
        self.stop();
        let _ = std::fs::remove_file(&self.host_key);
        let _ = std::fs::remove_file(self.host_key.with_extension("pub"));
        self.host_key = ssh_keygen_make(self.dir.path(), "host_key", &["-t", "ed25519", "-N", ""]);
        self.launch();
    }

    fn launch(&mut self) {
        let d = self.dir.path();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {hk}\nAuthorizedKeysFile {d}/authorized_keys\n\
             PidFile {d}/sshd.pid\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nPermitRootLogin prohibit-password\n\
             PrintMotd no\nLogLevel VERBOSE\n",
            port = self.port,
            hk = self.host_key.display(),
            d = d.display()
        );
        let config = match &self.host_cert {
            Some(c) => format!("{config}HostCertificate {}\n", c.display()),
            None => config,
        };
        std::fs::write(d.join("sshd_config"), config).expect("sshd_config");
        if run(Command::new("id").arg("-u")).1.trim() == "0" {
            // sshd run as root wants its privilege separation directory.
            let _ = std::fs::create_dir_all("/run/sshd");
        }
        let log = std::fs::File::create(d.join("sshd.log")).expect("log");
        let child = Command::new(sshd_bin())
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("sshd must be installed (scripts/test installs openssh-server)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "sshd did not start: {}",
                std::fs::read_to_string(d.join("sshd.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// The host key's `SHA256:…` fingerprint.
    pub fn fingerprint(&self) -> String {
        let (_, out, _) = run(Command::new("ssh-keygen").arg("-lf").arg(&self.host_key));
        out.split_whitespace()
            .nth(1)
            .expect("fingerprint")
            .to_string()
    }

    /// Authorises `public_key` (a `.pub` file) as an access key ("deploy") or account key.
    pub fn authorise(&self, public_key: &Path, kind: &str) {
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sshd/bitbucket-shell.sh");
        let repos = self.dir.path().join("repos");
        let command = format!("{} {kind} {}", script.display(), repos.display());
        self.authorise_with(public_key, &command);
    }

    /// A function that makes exactly these key lines the authorised access keys ("deploy"):
    /// the API emulator calls it after every change, so sshd follows the repository's keys.
    pub fn follower(&self) -> impl Fn(&[String]) + Send + Sync + 'static {
        let script =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sshd/bitbucket-shell.sh");
        let command = format!(
            "{} deploy {}",
            script.display(),
            self.dir.path().join("repos").display()
        );
        let path = self.dir.path().join("authorized_keys");
        move |lines: &[String]| {
            let all: String = lines
                .iter()
                .map(|l| format!("command=\"{command}\",no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding {l}\n"))
                .collect();
            std::fs::write(&path, all).expect("authorise");
        }
    }

    /// Authorises `public_key` with its own forced command (a hostile server).
    pub fn authorise_with(&self, public_key: &Path, command: &str) {
        let key = std::fs::read_to_string(public_key).expect("public key");
        let line = format!(
            "command=\"{command}\",no-pty,no-port-forwarding,no-agent-forwarding,no-X11-forwarding {}",
            key.trim()
        );
        let path = self.dir.path().join("authorized_keys");
        let mut all = std::fs::read_to_string(&path).unwrap_or_default();
        all.push_str(&line);
        all.push('\n');
        std::fs::write(path, all).expect("authorise");
    }

    /// Creates `acme/widgets.git` with branches `main` (default) and `feature`.
    pub fn repo(&self) -> Repo {
        let d = self.dir.path();
        let work = d.join("work");
        let git = |args: &[&str], dir: &Path| {
            let (code, out, err) = run(Command::new("git")
                .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
                .args(args)
                .current_dir(dir));
            assert_eq!(code, 0, "git {args:?}: {err}");
            out.trim().to_string()
        };
        std::fs::create_dir_all(&work).expect("work");
        git(&["init", "-q", "-b", "main"], &work);
        git(&["commit", "-q", "--allow-empty", "-m", "one"], &work);
        git(&["branch", "feature"], &work);
        git(&["commit", "-q", "--allow-empty", "-m", "two"], &work);
        let bare = d.join("repos/acme/widgets.git");
        std::fs::create_dir_all(bare.parent().expect("parent")).expect("repos");
        git(
            &[
                "clone",
                "-q",
                "--bare",
                work.to_str().expect("utf-8"),
                bare.to_str().expect("utf-8"),
            ],
            d,
        );
        Repo {
            head: git(&["rev-parse", "main"], &work),
            feature: git(&["rev-parse", "feature"], &work),
        }
    }

    /// `ssh://USER@127.0.0.1:PORT/acme/<repo>.git`
    pub fn url(&self, repo: &str) -> String {
        format!("ssh://{}@127.0.0.1:{}/acme/{repo}.git", user(), self.port)
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        self.stop();
    }
}
