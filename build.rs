//! Compiles every service profile in `assets/services/` and every message file in
//! `assets/troubleshooting/messages/` into the binary: a new service or client is a new file
//! there, no code.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    bundle("assets/services", "services.rs");
    bundle("assets/troubleshooting/messages", "messages.rs");
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
