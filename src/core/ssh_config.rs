//! Reading `ssh_config` files only to point at lines: which keyword stands on which line, in
//! which `Host`/`Match` block, and which files an `Include` names. What applies to a host is
//! never decided here: `ssh -G` says it (see `doctor`); this reader only finds the line a
//! finding is about.

/// One directive: `Keyword value…` or `Keyword=value…`, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The line (1-based).
    pub line: usize,
    /// The keyword in lower case (`ssh_config` keywords are case-insensitive).
    pub keyword: String,
    /// The arguments, quotes removed; a trailing `#` comment dropped.
    pub args: Vec<String>,
    /// The line of the `Host` or `Match` that opens the block this directive is in (none at
    /// the top of the file).
    pub block: Option<usize>,
    /// The line as written (trimmed), to quote.
    pub text: String,
}

impl Directive {
    /// The arguments joined by one space.
    pub fn value(&self) -> String {
        self.args.join(" ")
    }
}

/// Splits one line into words as `ssh` does: spaces separate, `"…"` and `'…'` group, a word
/// that starts with `#` begins a comment.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        if first == '#' {
            break;
        }
        let mut word = String::new();
        let mut quote: Option<char> = None;
        while let Some(&c) = chars.peek() {
            match quote {
                Some(q) if c == q => quote = None,
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c.is_whitespace() => break,
                Some(_) | None => word.push(c),
            }
            chars.next();
        }
        out.push(word);
    }
    out
}

/// The directives of one file, in order.
pub fn directives(text: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut block = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // `Keyword=value` and `Keyword = value` are the same as `Keyword value`.
        let (keyword, rest) = match line.find(|c: char| c.is_whitespace() || c == '=') {
            Some(at) => {
                let rest = line[at..].trim_start();
                let rest = rest.strip_prefix('=').unwrap_or(rest);
                (&line[..at], rest)
            }
            None => (line, ""),
        };
        if keyword.is_empty() {
            continue;
        }
        let keyword = keyword.to_ascii_lowercase();
        if keyword == "host" || keyword == "match" {
            block = Some(n);
        }
        out.push(Directive {
            line: n,
            keyword,
            args: words(rest),
            block,
            text: line.trim_end().to_string(),
        });
    }
    out
}

/// The `Include` arguments of a file (each may hold several space-separated patterns).
pub fn includes(directives: &[Directive]) -> Vec<&str> {
    directives
        .iter()
        .filter(|d| d.keyword == "include")
        .flat_map(|d| d.args.iter().map(String::as_str))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_values_blocks_and_comments_as_ssh_reads_them() {
        let text = "# top\nInclude conf.d/* ~/.ssh/more\nHost bitbucket.org \"ssh.bitbucket.org\"\n  IdentityFile=\"~/.ssh/my key\" # mine\n\tUSER = git\nMatch host x exec \"true\"\n  ControlMaster auto\n";
        let d = directives(text);
        let got: Vec<(usize, &str, String, Option<usize>)> = d
            .iter()
            .map(|d| (d.line, d.keyword.as_str(), d.value(), d.block))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, "include", "conf.d/* ~/.ssh/more".to_string(), None),
                (
                    3,
                    "host",
                    "bitbucket.org ssh.bitbucket.org".to_string(),
                    Some(3)
                ),
                (4, "identityfile", "~/.ssh/my key".to_string(), Some(3)),
                (5, "user", "git".to_string(), Some(3)),
                (6, "match", "host x exec true".to_string(), Some(6)),
                (7, "controlmaster", "auto".to_string(), Some(6)),
            ]
        );
        assert_eq!(includes(&d), vec!["conf.d/*", "~/.ssh/more"]);
    }

    #[test]
    fn odd_lines_do_not_panic() {
        for text in [
            "=",
            " = x",
            "\"",
            "Host \"unclosed",
            "\u{0}\u{1b}[31m",
            "a=b=c",
        ] {
            let _ = directives(text);
        }
        assert_eq!(directives("a=b=c")[0].args, vec!["b=c".to_string()]);
    }
}
