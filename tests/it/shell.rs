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
    // -k: the page is UTF-8 (preconv), as man -l reads it; -ww: every warning.
    let (code, _, err) = run(Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .arg(&page));
    assert_eq!(code, 0, "{err}");
    assert!(err.trim().is_empty(), "groff warned: {err}");
    let (_, version, _) = run(Command::new(bblink_bin()).arg("--version"));
    assert_eq!(
        version.trim(),
        format!("bblink {}", env!("CARGO_PKG_VERSION"))
    );
}
