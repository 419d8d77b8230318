//! bblink's integration tests, one binary: screens (snapshots and every size), the keygen
//! subcommand against ssh-keygen, and the release binary end to end in tmux.

mod check_key;
mod e2e;
mod inspect_fuzz;
mod keygen;
mod screens;
mod sizes;
mod support;
