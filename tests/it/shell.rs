//! Shell completions and the manual page: the bash script loads in `bash --norc` and completes
//! subcommand names; `bblink man` is roff that groff renders without a warning.

use std::process::Command;

use crate::support::{bblink_bin, run};

#[test]
fn the_bash_completion_script_completes_subcommands() {
    let script = format!(
        "source <({} completions bash) && COMP_WORDS=(bblink kn) && COMP_CWORD=1 && _bblink bblink kn bblink && echo \"${{COMPREPLY[@]}}\"",
        bblink_bin().display()
    );
    let (code, out, err) = run(Command::new("bash").args(["--norc", "--noprofile", "-c", &script]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "known-hosts");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let (code, out, _) = run(Command::new(bblink_bin()).args(["completions", shell]));
        assert_eq!(code, 0, "{shell}");
        assert!(out.contains("known-hosts"), "{shell}");
    }
}

#[test]
fn the_manual_page_renders_without_warnings() {
    let dir = tempfile::tempdir().expect("tmp");
    let page = dir.path().join("bblink.1");
    let (code, out, _) = run(Command::new(bblink_bin()).arg("man"));
    assert_eq!(code, 0);
    assert!(
        out.starts_with(".ie") || out.contains(".TH bblink 1"),
        "{out}"
    );
    std::fs::write(&page, &out).expect("write");
    // -ww: every warning, without preconv (-k): the page is plain ASCII roff, so every man
    // reads it whatever its locale.
    for args in [
        &["-man", "-ww", "-z"][..],
        &["-k", "-man", "-Tutf8", "-ww", "-z"],
    ] {
        let (code, _, err) = run(Command::new("groff").args(args).arg(&page));
        assert_eq!(code, 0, "{err}");
        assert!(err.trim().is_empty(), "groff {args:?} warned: {err}");
    }
    assert!(out.is_ascii(), "non-ASCII in the page");
    // No page that does not exist is named, and the usual sections are there.
    for section in [
        ".SH SUBCOMMANDS",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
    ] {
        assert!(out.contains(section), "{section} missing:\n{out}");
    }
    let refs: Vec<&str> = out
        .lines()
        .filter(|l| {
            let external = [
                "ssh(1)",
                "git(1)",
                "ssh\\-keygen(1)",
                "ssh\\-add(1)",
                "ssh\\-agent(1)",
            ];
            let mut rest = l
                .replace("\\fB", "")
                .replace("\\fR", "")
                .replace("\\fI", "");
            for e in external {
                rest = rest.replace(e, "");
            }
            rest.contains("(1)")
        })
        .collect();
    assert!(refs.is_empty(), "pages that do not exist: {refs:?}");
    let (_, version, _) = run(Command::new(bblink_bin()).arg("--version"));
    assert_eq!(
        version.trim(),
        format!("bblink {}", env!("CARGO_PKG_VERSION"))
    );
}
