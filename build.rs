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
/// the binary makes most of it resident; gathered, it fills a few windows. Only where the
/// linker is known to be LLD, which takes `--symbol-ordering-file`: Rust's default for
/// `x86_64` Linux since 1.90, unless the build chooses its own linker. Elsewhere the code keeps
/// the linker's order, which is only larger in memory.
fn startup_order() {
    println!("cargo:rerun-if-env-changed=BBLINK_LINK_MAP");
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/link/startup-symbols.txt");
    println!("cargo:rerun-if-changed={}", list.display());
    if !default_lld() {
        return;
    }
    if std::env::var("PROFILE").is_ok_and(|p| p == "release") && list.is_file() {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            list.display()
        );
        // Names of another toolchain or dependency version simply match nothing.
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
    // `scripts/startup-order` reads where each function landed from the link map.
    if let Some(map) = std::env::var_os("BBLINK_LINK_MAP") {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,-Map={}",
            Path::new(&map).display()
        );
    }
}

/// Whether rustc links this build with its own LLD: the `x86_64` Linux GNU target from Rust
/// 1.90 on, with no linker or linker flags of the build's own.
fn default_lld() -> bool {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("TARGET") != "x86_64-unknown-linux-gnu" || std::env::var_os("RUSTC_LINKER").is_some() {
        return false;
    }
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    if ["fuse-ld", "linker", "link-self-contained", "link-arg"]
        .iter()
        .any(|f| flags.contains(f))
    {
        return false;
    }
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let Ok(out) = std::process::Command::new(rustc).arg("-vV").output() else {
        return false;
    };
    // "release: 1.95.0"
    let version = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("release: "))
        .map(|v| {
            v.split(['.', '-'])
                .take(2)
                .map(|n| n.parse::<u32>().unwrap_or(0))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    version >= vec![1, 90]
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
