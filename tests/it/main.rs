//! bblink's integration tests, one binary: screens (snapshots and every size), the subcommands
//! against their oracles (keygen and check-key against ssh-keygen and puttygen, check-url
//! against git), fuzzing of both checks, and the release binary end to end in tmux.

// Tests print their measurements and build damaged keys from iterators; style lints meant for
// the library do not help here.
#![allow(
    clippy::print_stdout,
    clippy::format_collect,
    clippy::similar_names,
    clippy::nonminimal_bool,
    clippy::if_not_else
)]

mod access_key;
mod bbapi;
mod bbapi_tls;
mod check_key;
mod check_url;
mod cli_edges;
mod conntest;
mod credential_e2e;
mod diagnose;
mod diagnosis_corpus;
mod doctor;
mod e2e;
mod e2e_edges;
mod hostile_api;
mod inspect_fuzz;
mod key_files;
mod keygen;
mod known_hosts;
mod multi_repo;
mod openapi;
mod plain;
mod progress;
mod report;
mod screens;
mod shell;
mod sizes;
mod sshd;
mod structure;
mod support;
mod tmux;
mod tokens;
mod trace;
mod transcripts;
mod webhook;
mod words;
