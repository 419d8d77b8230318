//! The first two stages: resolve the host, connect, and hear the SSH greeting.

use std::net::SocketAddr;

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

use super::Run;
use crate::core::conntest::{FindingId, StageName};
use crate::core::display;

pub(super) async fn resolve(run: &mut Run<'_>) -> Option<Vec<SocketAddr>> {
    run.start(StageName::Resolve);
    let t = &run.req.target;
    let lookup = tokio::net::lookup_host((t.host.as_str(), t.port));
    let host = display::terminal_safe(&t.host).into_owned();
    match tokio::time::timeout(run.req.timeout, lookup).await {
        Ok(Ok(addrs)) => {
            let addrs: Vec<SocketAddr> = addrs.collect();
            if addrs.is_empty() {
                run.fail(StageName::Resolve, FindingId::DnsFailure, &host);
                return None;
            }
            let mut shown: Vec<String> = addrs.iter().take(2).map(|a| a.ip().to_string()).collect();
            if addrs.len() > 2 {
                shown.push(format!("{} more", addrs.len() - 2));
            }
            let detail = if t.host.parse::<std::net::IpAddr>().is_ok() {
                format!("{host} (an address: nothing to look up)")
            } else {
                format!("{host} → {}", shown.join(", "))
            };
            run.pass(StageName::Resolve, &detail);
            Some(addrs)
        }
        Ok(Err(e)) => {
            run.report.log("resolve", &e.to_string());
            run.fail(StageName::Resolve, FindingId::DnsFailure, &host);
            None
        }
        Err(_) => {
            let detail = format!(
                "{host} (no answer from DNS in {} s)",
                run.req.timeout.as_secs()
            );
            run.fail(StageName::Resolve, FindingId::DnsFailure, &detail);
            None
        }
    }
}

pub(super) async fn connect(run: &mut Run<'_>, addrs: &[SocketAddr]) -> bool {
    run.start(StageName::Connect);
    let deadline = tokio::time::Instant::now() + run.req.timeout;
    let secs = run.req.timeout.as_secs();
    let mut refused = None;
    let mut stream = None;
    for addr in addrs {
        match tokio::time::timeout_at(deadline, TcpStream::connect(addr)).await {
            Ok(Ok(s)) => {
                stream = Some((s, *addr));
                break;
            }
            Ok(Err(e)) => {
                run.report.log(&format!("connect {addr}"), &e.to_string());
                if e.kind() == std::io::ErrorKind::ConnectionRefused {
                    refused = Some(*addr);
                }
            }
            Err(_) => break,
        }
    }
    let Some((mut stream, addr)) = stream else {
        match refused {
            Some(addr) => run.fail(
                StageName::Connect,
                FindingId::ConnectionRefused,
                &addr.to_string(),
            ),
            None => run.fail(
                StageName::Connect,
                FindingId::ConnectionTimeout,
                &format!("no answer on port {} in {secs} s", run.req.target.port),
            ),
        }
        return false;
    };
    // The server speaks first: `SSH-2.0-…`, possibly after other lines (RFC 4253 4.2).
    let mut heard = Vec::new();
    let banner = tokio::time::timeout_at(deadline, async {
        let mut buf = [0u8; 1024];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => heard.extend_from_slice(&buf[..n]),
            }
            let text = String::from_utf8_lossy(&heard).into_owned();
            if let Some(line) = text.lines().find(|l| l.starts_with("SSH-")) {
                return Some(line.trim_end().to_string());
            }
            // Other lines may come first (RFC 4253 4.2); a web server's answer does not.
            if heard.len() > 8192 || (text.starts_with("HTTP/") && text.contains('\n')) {
                return Some(String::new());
            }
        }
    })
    .await;
    match banner {
        Ok(Some(line)) if !line.is_empty() => {
            let detail = format!("{addr} answered {}", display::shortened(&line, 60));
            run.pass(StageName::Connect, &detail);
            true
        }
        Ok(Some(_)) => {
            let said = String::from_utf8_lossy(&heard[..heard.len().min(80)]).into_owned();
            run.report.log(&format!("connect {addr}"), &said);
            run.fail(
                StageName::Connect,
                FindingId::SshToHttpPort,
                &format!("{addr} did not answer in SSH"),
            );
            false
        }
        Ok(None) => {
            let detail = format!("{addr} closed the connection without an SSH greeting");
            run.fail(StageName::Connect, FindingId::SshFailed, &detail);
            false
        }
        Err(_) => {
            let detail = format!("{addr} accepted the connection but said nothing in {secs} s");
            run.fail(StageName::Connect, FindingId::ConnectionTimeout, &detail);
            false
        }
    }
}
