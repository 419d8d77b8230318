//! The Bitbucket repositories a build fetches besides its own, read from a checkout's
//! `.gitmodules`, `requirements*.txt`, `Gemfile`, `package.json` and `go.mod`, each with the
//! SSH URL to test it with. Pure: the files' texts come in.

use serde::Serialize;

use crate::core::clone_url;

/// A repository the build fetches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dependency {
    /// As written in the file (made safe for a terminal).
    pub written: String,
    /// The SSH URL to test (bblink's repair of what is written).
    pub url: String,
    /// The file it is in.
    pub file: String,
    /// Its line (1-based).
    pub line: usize,
}

/// Whether a URL's host is Bitbucket Cloud's or the main repository's (a Data Center): by the
/// parsed host, never by a word anywhere in the URL (`ssh://127.0.0.1/bitbucket.org/x.git` is
/// not Bitbucket's).
fn ours(url: &str, other_host: Option<&str>) -> bool {
    let Some(host) = clone_url::check(url).host else {
        return false;
    };
    let host = host.trim_end_matches('.');
    crate::core::conntest::hostkeys::is_pinned_host(host)
        || other_host.is_some_and(|h| h.eq_ignore_ascii_case(host))
}

/// A URL as pip, npm or bundler write it, reduced to a clone URL: `git+` dropped, a `#…`
/// fragment and an `@ref` after the repository dropped, `bitbucket:ws/repo` expanded.
fn clone_form(raw: &str) -> String {
    let mut u = raw
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == ',')
        .to_string();
    if let Some(rest) = u.strip_prefix("bitbucket:") {
        u = format!("git@bitbucket.org:{rest}");
    }
    if let Some(rest) = u.strip_prefix("git+") {
        u = rest.to_string();
    }
    if let Some((head, _)) = u.split_once('#') {
        u = head.to_string();
    }
    // `…/repo.git@v1.2` or `…/repo@v1.2` (pip): the ref after the last path segment goes; a
    // user@ before the host stays.
    let last = u.rfind(['/', ':']).map_or(0, |i| i + 1);
    if let Some(at) = u[last..].find('@') {
        u.truncate(last + at);
    }
    u
}

fn push(
    found: &mut Vec<Dependency>,
    file: &str,
    line: usize,
    written: &str,
    other_host: Option<&str>,
) {
    let form = clone_form(written);
    if !ours(&form, other_host) {
        return;
    }
    let check = clone_url::check(&form);
    let Some(url) = check.usable().or(check.repair()) else {
        return;
    };
    if found.iter().any(|d| d.url == url) {
        return;
    }
    found.push(Dependency {
        written: crate::core::display::terminal_safe(written.trim()).into_owned(),
        url: url.to_string(),
        file: file.to_string(),
        line,
    });
}

/// The whitespace- or quote-separated words of a line that look like URLs or `bitbucket:`.
fn url_words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == ',' || c == '=')
        .filter(|w| {
            w.contains("://")
                || w.starts_with("git@")
                || w.starts_with("bitbucket:")
                || w.starts_with("git+")
        })
}

/// A submodule URL relative to the main repository's (`../lib.git`), made absolute.
fn resolve(relative: &str, main: &str) -> Option<String> {
    let mut base = main.trim_end_matches('/').to_string();
    let mut rest = relative.trim();
    while let Some(r) = rest.strip_prefix("../") {
        let cut = base.rfind(['/', ':'])?;
        base.truncate(cut);
        rest = r;
    }
    let rest = rest.strip_prefix("./").unwrap_or(rest);
    let sep = if base.ends_with(':') { "" } else { "/" };
    let joined = format!("{base}{sep}{rest}");
    Some(joined)
}

/// The dependencies in the files `(name, text)` of a checkout; `main` is the main
/// repository's clone URL (a Data Center's dependencies live on its host; relative submodule
/// URLs are relative to it).
pub fn discover(files: &[(String, String)], main: Option<&str>) -> Vec<Dependency> {
    let host = main
        .and_then(crate::core::conntest::Target::parse)
        .map(|t| t.host);
    let other_host = host.as_deref();
    let mut found = Vec::new();
    for (name, text) in files {
        let base = name.rsplit('/').next().unwrap_or(name);
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let t = line.trim();
            if t.starts_with('#') || t.starts_with("//") {
                continue;
            }
            if base == "go.mod" {
                // `require bitbucket.org/ws/repo v1` or a line of a require ( … ) block.
                let module = t.trim_start_matches("require").trim();
                if let Some(path) = module.split_whitespace().next()
                    && let Some(rest) = path.strip_prefix("bitbucket.org/")
                {
                    let repo: Vec<&str> = rest.split('/').take(2).collect();
                    if repo.len() == 2 {
                        let url = format!("git@bitbucket.org:{}/{}.git", repo[0], repo[1]);
                        push(&mut found, name, n, &url, other_host);
                    }
                }
                continue;
            }
            if base == "Gemfile"
                && let Some((_, rest)) = t.split_once("bitbucket:")
            {
                // Bundler's `bitbucket: "ws/repo"` shorthand.
                let repo = rest
                    .trim()
                    .trim_matches(|c| c == '"' || c == '\'' || c == ',' || c == ' ');
                let repo = repo.split(['"', '\'', ',']).next().unwrap_or(repo);
                if repo.contains('/') && !repo.contains(':') {
                    push(
                        &mut found,
                        name,
                        n,
                        &format!("git@bitbucket.org:{repo}.git"),
                        other_host,
                    );
                    continue;
                }
            }
            if base == ".gitmodules"
                && let Some((_, url)) = t.split_once("url =").or_else(|| t.split_once("url="))
                && url.trim().starts_with("../")
                && let Some(abs) = main.and_then(|m| resolve(url, m))
            {
                push(&mut found, name, n, &abs, other_host);
                continue;
            }
            for w in url_words(t) {
                push(&mut found, name, n, w, other_host);
            }
        }
    }
    found
}

/// The files of a checkout bblink reads (names relative to it); `requirements*.txt` are found
/// by the caller, which lists the directory.
pub const FILES: [&str; 4] = [".gitmodules", "Gemfile", "package.json", "go.mod"];

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
            .collect()
    }

    #[test]
    fn each_file_format_gives_its_bitbucket_repositories_as_ssh_urls() {
        let found = discover(
            &files(&[
                (
                    ".gitmodules",
                    "[submodule \"lib\"]\n\tpath = lib\n\turl = git@bitbucket.org:acme/lib.git\n[submodule \"gh\"]\n\turl = https://github.com/x/y.git\n",
                ),
                (
                    "requirements.txt",
                    "requests==2.0\n# a comment git+ssh://git@bitbucket.org/acme/no.git\ngit+ssh://git@bitbucket.org/acme/models.git@v1.2#egg=models\nutils @ git+https://bitbucket.org/acme/utils.git\n",
                ),
                (
                    "Gemfile",
                    "gem 'rails'\ngem 'auth', git: 'git@bitbucket.org:acme/auth.git', tag: 'v1'\ngem 'pay', bitbucket: 'acme/pay'\n",
                ),
                (
                    "package.json",
                    "{\n  \"dependencies\": {\n    \"ui\": \"git+ssh://git@bitbucket.org/acme/ui.git#v3\",\n    \"kit\": \"bitbucket:acme/kit\",\n    \"left-pad\": \"^1.0.0\"\n  }\n}\n",
                ),
                (
                    "go.mod",
                    "module example.com/app\n\nrequire (\n\tbitbucket.org/acme/gokit v0.3.1\n\tgithub.com/x/y v1\n)\nrequire bitbucket.org/acme/other/sub v1.0.0\n",
                ),
            ]),
            None,
        );
        let got: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|d| (d.url.as_str(), d.file.as_str(), d.line))
            .collect();
        let ssh = |r: &str| format!("git@ssh.bitbucket.org:acme/{r}.git");
        let want: Vec<(String, &str, usize)> = vec![
            (ssh("lib"), ".gitmodules", 3),
            (ssh("models"), "requirements.txt", 3),
            (ssh("utils"), "requirements.txt", 4),
            (ssh("auth"), "Gemfile", 2),
            (ssh("pay"), "Gemfile", 3),
            (ssh("ui"), "package.json", 3),
            (ssh("kit"), "package.json", 4),
            (ssh("gokit"), "go.mod", 4),
            (ssh("other"), "go.mod", 7),
        ];
        let want: Vec<(&str, &str, usize)> =
            want.iter().map(|(u, f, l)| (u.as_str(), *f, *l)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn refs_without_git_and_relative_submodules_are_read() {
        let found = discover(
            &files(&[
                (
                    "requirements.txt",
                    "git+https://bitbucket.org/acme/utils@v1.2#egg=utils\n",
                ),
                (".gitmodules", "[submodule \"lib\"]\n\turl = ../lib.git\n"),
            ]),
            Some("git@ssh.bitbucket.org:acme/app.git"),
        );
        let urls: Vec<&str> = found.iter().map(|d| d.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "git@ssh.bitbucket.org:acme/utils.git",
                "git@ssh.bitbucket.org:acme/lib.git"
            ]
        );
    }

    #[test]
    fn data_center_dependencies_are_those_on_the_main_host() {
        let found = discover(
            &files(&[(
                ".gitmodules",
                "\turl = ssh://git@bitbucket.acme.com:7999/lib/core.git\n\turl = ssh://git@other.example.com/x/y.git\n",
            )]),
            Some("ssh://git@bitbucket.acme.com:7999/app/main.git"),
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].url,
            "ssh://git@bitbucket.acme.com:7999/lib/core.git"
        );
    }

    #[test]
    fn a_repository_is_bitbucket_s_by_its_host_not_by_a_word_in_its_url() {
        let found = discover(
            &files(&[(
                "requirements.txt",
                "git+ssh://git@127.0.0.1:2222/bitbucket.org/x.git#egg=x
                 git+https://evilbitbucket.org/acme/a.git#egg=a
                 git+https://bitbucket.org.evil.example/acme/b.git#egg=b
                 git+https://example.com/bitbucket.org/acme/c.git#egg=c
                 git+ssh://git@bitbucket.org/acme/real.git#egg=real
                 git+ssh://git@bb.example.com:7999/PROJ/dc.git#egg=dc
                 git+ssh://git@127.0.0.1/bb.example.com/d.git#egg=d
",
            )]),
            Some("ssh://git@bb.example.com:7999/PROJ/app.git"),
        );
        let urls: Vec<&str> = found.iter().map(|d| d.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "git@ssh.bitbucket.org:acme/real.git",
                "ssh://git@bb.example.com:7999/PROJ/dc.git"
            ]
        );
    }
}
