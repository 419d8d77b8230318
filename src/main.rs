//! The `bblink` binary: installs error reporting, parses the command line, runs.

use std::process::ExitCode;

fn main() -> ExitCode {
    // Colours in error reports only for a terminal, and never with NO_COLOR.
    let plain = !std::io::IsTerminal::is_terminal(&std::io::stderr())
        || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = if plain {
        color_eyre::config::Theme::new()
    } else {
        color_eyre::config::Theme::dark()
    };
    if let Err(e) = color_eyre::config::HookBuilder::default()
        .theme(theme)
        .install()
    {
        eprintln!("error: {e}");
    }
    let cli = match bblink::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match bblink::cli::run(cli) {
        Ok(code) => code,
        Err(report) => {
            // The whole chain of causes: an unexpected error says where it came from.
            eprintln!("error: {report:?}");
            ExitCode::from(1)
        }
    }
}
