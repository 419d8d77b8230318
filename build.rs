//! Compiles every service profile in `assets/services/` and every message file in
//! `assets/troubleshooting/messages/` into the binary: a new service or client is a new file
//! there, no code.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    bundle("assets/services", "services.rs");
    bundle("assets/troubleshooting/messages", "messages.rs");
    startup_order();
}

/// The functions that run before the first frame, placed together at the start of the code
/// (`assets/link/startup-symbols.txt`, written by `scripts/startup-order`). The kernel maps a
/// program's code in 64 KiB windows around each page it runs, so start-up code scattered over
/// the binary makes most of it resident; gathered, it fills a few windows. Only for a Linux
/// release build whose linker takes `--symbol-ordering-file` (LLD: Rust's default on `x86_64`
/// Linux since 1.90, and mold), tried on an empty program first: a distribution's rustc that
/// links with GNU ld, or a linker of the build's own, keeps the linker's order, which is only
/// larger in memory.
fn startup_order() {
    println!("cargo:rerun-if-env-changed=BBLINK_LINK_MAP");
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/link/startup-symbols.txt");
    println!("cargo:rerun-if-changed={}", list.display());
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("CARGO_CFG_TARGET_OS") != "linux" || var("PROFILE") != "release" || !list.is_file() {
        return;
    }
    // `-Xlinker` passes each argument whole: `-Wl,` would split a path at its commas.
    let mut args = vec![
        format!("--symbol-ordering-file={}", list.display()),
        // Names of another toolchain or dependency version simply match nothing.
        "--no-warn-symbol-ordering".to_string(),
    ];
    if !linker_takes(&args) {
        return;
    }
    // `scripts/startup-order` reads where each function landed from the link map.
    if let Some(map) = std::env::var_os("BBLINK_LINK_MAP") {
        args.push(format!("-Map={}", Path::new(&map).display()));
    }
    for arg in args {
        println!("cargo:rustc-link-arg-bins=-Xlinker");
        println!("cargo:rustc-link-arg-bins={arg}");
    }
}

/// Whether this build's rustc and linker link an empty program with these linker arguments.
fn linker_takes(args: &[String]) -> bool {
    let Some(out) = std::env::var_os("OUT_DIR").map(std::path::PathBuf::from) else {
        return false;
    };
    let source = out.join("link_probe.rs");
    if std::fs::write(&source, "fn main() {}\n").is_err() {
        return false;
    }
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut probe = std::process::Command::new(rustc);
    probe
        .arg("--crate-type=bin")
        .arg("--crate-name=link_probe")
        .arg("-o")
        .arg(out.join("link_probe"))
        .arg(&source);
    if let Ok(target) = std::env::var("TARGET") {
        probe.arg("--target").arg(target);
    }
    if let Some(linker) = std::env::var_os("RUSTC_LINKER") {
        probe
            .arg("-C")
            .arg(format!("linker={}", linker.to_string_lossy()));
    }
    // The build's own flags (a linker, linker features) apply to the probe as to the build.
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    probe.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    for arg in args {
        probe
            .arg("-C")
            .arg("link-arg=-Xlinker")
            .arg("-C")
            .arg(format!("link-arg={arg}"));
    }
    probe
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Writes `&[(name, include_str!(path)), …]` for every `.toml` file of `dir` to `out`.
fn bundle(dir: &str, out_name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the assets directory exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("&[\n");
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("write to a string");
    }
    out.push_str("]\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join(out_name);
    std::fs::write(dest, out).expect("write the bundle");
}
