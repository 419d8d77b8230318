//! The `bblink` binary: installs error reporting, parses the command line, runs.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    if let Err(e) = color_eyre::install() {
        eprintln!("error: {e}");
    }
    let cli = bblink::cli::Cli::parse();
    match bblink::cli::run(cli) {
        Ok(code) => code,
        Err(report) => {
            eprintln!("error: {report}");
            ExitCode::from(1)
        }
    }
}
