//! A call that got no HTTP answer (timeout, DNS, refused, TLS), diagnosed.

use crate::core::display::{shortened, terminal_safe};

use super::failure::{ApiFailure, ApiFindingId};
use super::target::{ApiFlavor, ApiTarget};

/// A call that got no HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    /// No answer within the limit.
    Timeout(u64),
    /// The certificate could not be verified (the TLS library's words).
    Tls(String),
    /// The name did not resolve.
    Dns(String),
    /// The connection could not be made.
    Connect(String),
    /// The server closed the connection before its answer was whole.
    Dropped(String),
    /// Something answered, but not in HTTP (another protocol's port, a broken chunk).
    NotHttp(String),
    /// The call's time (this many seconds) ran out before its next request.
    OutOfTime(u64),
    /// The `--ca-file` could not be used.
    CaFile(String),
}

/// Diagnoses a call that got no answer.
pub fn transport(t: &Transport, target: &ApiTarget) -> ApiFailure {
    let host = target.base.host_str().unwrap_or_default().to_string();
    let (id, message, fix) = match t {
        Transport::Timeout(s) => (
            ApiFindingId::ApiUnreachable,
            format!("{host} did not answer within {s} s"),
            "Check the network and any proxy (HTTPS_PROXY), then try again.".to_string(),
        ),
        Transport::Dns(why) => (
            ApiFindingId::ApiUnreachable,
            format!("cannot find the server {host}: {why}"),
            "Check the host name in the clone URL or --api-url, and the network's DNS.".to_string(),
        ),
        Transport::Connect(why) => (
            ApiFindingId::ApiUnreachable,
            format!("cannot connect to {host}: {why}"),
            "Check the network, a firewall or proxy (HTTPS_PROXY, NO_PROXY), and the API URL's port.".to_string(),
        ),
        Transport::Dropped(why) => (
            ApiFindingId::ApiUnreachable,
            format!("{host} closed the connection before answering in full: {why}"),
            "Try again; if it repeats, check the API URL's port and any proxy or firewall that cuts connections.".to_string(),
        ),
        Transport::NotHttp(why) => (
            ApiFindingId::ApiServerError,
            format!("something answered at {host}, but not in HTTP: {why}"),
            "Check the API URL and its port: https://api.bitbucket.org/2.0 for Cloud, or the Data Center's base URL (not its SSH port).".to_string(),
        ),
        Transport::OutOfTime(s) => (
            ApiFindingId::ApiUnreachable,
            format!("{host} answers too slowly: the call's {s} s ran out before its next request"),
            "Try again later; BBLINK_API_BUDGET gives each call more seconds.".to_string(),
        ),
        Transport::Tls(why) => (
            ApiFindingId::ApiTlsFailed,
            format!("the TLS certificate of {host} could not be verified: {why}"),
            if target.flavor == ApiFlavor::DataCenter {
                "A Data Center with a private certificate authority: give its CA certificate (PEM) with --ca-file. bblink never skips verification.".to_string()
            } else {
                "A proxy or antivirus that intercepts TLS: give its CA certificate (PEM) with --ca-file, or connect without it. bblink never skips verification.".to_string()
            },
        ),
        Transport::CaFile(why) => (
            ApiFindingId::ApiTlsFailed,
            format!("the --ca-file cannot be used: {why}"),
            "Give a PEM file with the certificate authority's certificate (-----BEGIN CERTIFICATE-----).".to_string(),
        ),
    };
    let message = terminal_safe(&shortened(&message, 400)).into_owned();
    ApiFailure::new(id, message, fix)
}
