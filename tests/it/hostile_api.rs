//! A hostile Bitbucket API on 127.0.0.1: it echoes the credential back in every form a server
//! could (as sent, lowercased, the base64 of `email:token`, percent-encoded, with `Basic` or
//! `Bearer`) in the places bblink prints (a 403's `required`/`granted` lists, the
//! `x-oauth-scopes` header, a token reply's `scopes`), and it serves a listing without end.
//! bblink must print none of it and keep its memory bounded.

use std::net::SocketAddr;
use std::process::{Command, Stdio};

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use serde_json::{Value, json};

use crate::support::{bblink_bin, run};

const EMAIL: &str = "dev@example.com";
const TOKEN: &str = "ATATT3xFfGF0-Hostile+Token/Zq9=";
const KEY: &str = "consumerKey77";
const SECRET: &str = "Consumer+Secret/Value=9x";

/// Every form a credential may come back in.
fn forms(user: &str, secret: &str) -> Vec<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let pair = b64.encode(format!("{user}:{secret}"));
    let pct: String =
        percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
    vec![
        secret.to_string(),
        secret.to_lowercase(),
        secret.to_uppercase(),
        pair.clone(),
        pct,
        format!("Basic {pair}"),
        format!("Bearer {secret}"),
    ]
}

fn echoed(headers: &HeaderMap) -> Vec<String> {
    let mut v = forms(EMAIL, TOKEN);
    v.extend(forms(KEY, SECRET));
    if let Some(a) = headers.get("authorization").and_then(|a| a.to_str().ok()) {
        v.push(a.to_string());
    }
    v
}

async fn deploy_keys(headers: HeaderMap) -> Response {
    let e = echoed(&headers);
    let body = json!({"type": "error", "error": {
        "message": format!("Your credentials lack one or more required privilege scopes. {}", e[0]),
        "detail": {"required": e.clone(), "granted": e}}});
    (StatusCode::FORBIDDEN, axum::Json(body)).into_response()
}

async fn repository(headers: HeaderMap) -> Response {
    let e = echoed(&headers).join(", ");
    let mut r = (
        StatusCode::OK,
        axum::Json(
            json!({"type": "repository", "full_name": "acme/app", "name": "app", "slug": "app",
            "is_private": true, "links": {"clone": []}}),
        ),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("repository, {e}")) {
        r.headers_mut().insert("x-oauth-scopes", v);
    }
    r
}

async fn hooks(headers: HeaderMap) -> Response {
    let e = echoed(&headers);
    (
        StatusCode::FORBIDDEN,
        axum::Json(json!({"type": "error", "error": {"message": e.join(" "),
            "detail": {"required": e.clone(), "granted": e}}})),
    )
        .into_response()
}

async fn token(headers: HeaderMap) -> Response {
    let e = echoed(&headers).join(" ");
    axum::Json(
        json!({"access_token": "emulator-access-token", "token_type": "bearer",
        "expires_in": 7200, "scopes": format!("account {e}")}),
    )
    .into_response()
}

fn serve(router: Router) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let l = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(l.local_addr().expect("addr")).expect("send");
            axum::serve(l, router).await.expect("serve");
        });
    });
    rx.recv().expect("address")
}

fn bblink(args: &[&str]) -> (i32, String, String) {
    bblink_with(args, TOKEN)
}

/// bblink with the credentials in its environment, `token` as the Bitbucket token.
fn bblink_with(args: &[&str], token: &str) -> (i32, String, String) {
    bblink_env(args, token, &[])
}

/// As [`bblink_with`], with more of the environment set.
fn bblink_env(args: &[&str], token: &str, more: &[(&str, &str)]) -> (i32, String, String) {
    run(Command::new(bblink_bin())
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", "/nonexistent")
        .env("BBLINK_BITBUCKET_EMAIL", EMAIL)
        .env("BBLINK_BITBUCKET_TOKEN", token)
        .env("BBLINK_OAUTH_KEY", KEY)
        .env("BBLINK_OAUTH_SECRET", SECRET)
        .envs(more.iter().copied())
        .stdin(Stdio::null()))
}

/// `access-token check --json` of a repository access token against the API at `addr`,
/// with `more` in the environment.
fn token_check(addr: SocketAddr, more: &[(&str, &str)]) -> (i32, Value, String) {
    let api = format!("http://{addr}/2.0");
    let args = [
        "access-token",
        "check",
        "--url",
        "git@ssh.bitbucket.org:acme/app.git",
        "--api-url",
        &api,
        "--json",
    ];
    let (code, out, err) = bblink_env(&args, "ATCTT3xFfGN0-access-token-0123456789", more);
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, json, err)
}

#[test]
fn credentials_a_server_echoes_back_are_never_printed() {
    let addr = serve(
        Router::new()
            .route("/2.0/repositories/acme/app/deploy-keys", get(deploy_keys))
            .route("/2.0/repositories/acme/app", get(repository))
            .route("/2.0/repositories/acme/app/hooks", get(hooks).post(hooks))
            .route("/site/oauth2/access_token", post(token)),
    );
    let api = format!("http://{addr}/2.0");
    let token_url = format!("http://{addr}/site/oauth2/access_token");
    let url = "git@ssh.bitbucket.org:acme/app.git";
    let runs: Vec<Vec<&str>> = vec![
        vec!["access-key", "list", "--url", url, "--api-url", &api],
        vec![
            "access-key",
            "list",
            "--url",
            url,
            "--api-url",
            &api,
            "--json",
        ],
        vec!["access-token", "check", "--url", url, "--api-url", &api],
        vec![
            "access-token",
            "check",
            "--url",
            url,
            "--api-url",
            &api,
            "--json",
        ],
        vec!["oauth-consumer", "check", "--token-url", &token_url],
        vec![
            "oauth-consumer",
            "check",
            "--token-url",
            &token_url,
            "--json",
        ],
    ];
    let mut secrets = forms(EMAIL, TOKEN);
    secrets.extend(forms(KEY, SECRET));
    for args in runs {
        let (_, out, err) = bblink(&args);
        let said = format!("{out}\n{err}");
        assert!(!said.trim().is_empty(), "{args:?} said something");
        for s in &secrets {
            assert!(
                !said.contains(s.as_str()),
                "{args:?} printed {s:?}:\n{said}"
            );
        }
        if args.contains(&"--json") {
            let _: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
        }
    }
}

/// The host a request was sent to (for the next page's link) and the page it asks for.
fn paging(q: &std::collections::HashMap<String, String>, headers: &HeaderMap) -> (String, u64) {
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string();
    (
        host,
        q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
    )
}

/// Pages of the largest size bblink reads, each pointing at the next, forever.
async fn endless(
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let (host, page) = paging(&q, &headers);
    let label = "x".repeat(2000);
    let values: Vec<Value> = (0..1700)
        .map(|i| {
            json!({"id": page * 10_000 + i, "label": label,
                "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIazEu89wgQZ4bqs3d63QSMzYVa0MuJ2e2gKTKqu+UUO",
                "created_on": "2026-01-01T00:00:00+00:00", "type": "deploy_key"})
        })
        .collect();
    axum::Json(json!({"pagelen": 1700, "page": page, "values": values,
        "next": format!("http://{host}/2.0/repositories/acme/app/deploy-keys?page={}", page + 1)}))
    .into_response()
}

#[test]
fn a_listing_without_end_is_bounded_and_says_so() {
    let addr = serve(Router::new().route("/2.0/repositories/acme/app/deploy-keys", get(endless)));
    let api = format!("http://{addr}/2.0");
    let url = "git@ssh.bitbucket.org:acme/app.git";
    let mut child = Command::new(bblink_bin())
        .args([
            "access-key",
            "list",
            "--url",
            url,
            "--api-url",
            &api,
            "--json",
        ])
        .env("BBLINK_BITBUCKET_EMAIL", EMAIL)
        .env("BBLINK_BITBUCKET_TOKEN", TOKEN)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let pid = child.id();
    // Its output is read as it comes (a full pipe would stall it).
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).expect("read");
        buf
    });
    // The peak resident memory, read while it runs.
    let mut peak_kb = 0u64;
    loop {
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status"))
            && let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait().expect("ends");
    let out = reader.join().expect("reader");
    let text = String::from_utf8_lossy(&out);
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(v["truncated"], true, "{}", &text[..text.len().min(400)]);
    let note = v["note"].as_str().unwrap_or_default();
    assert!(note.contains("stopped") || note.contains("limit"), "{note}");
    assert!(peak_kb < 256 * 1024, "peak memory {peak_kb} kB");
}

#[test]
fn a_page_that_is_not_the_repository_proves_no_token() {
    // A proxy's or a web server's page answers 200, even with a scopes header.
    async fn page() -> Response {
        let mut r = (StatusCode::OK, "<html><h1>Welcome to nginx!</h1></html>").into_response();
        r.headers_mut().insert(
            "x-oauth-scopes",
            HeaderValue::from_static("repository, webhook"),
        );
        r
    }
    let (code, json, _) = token_check(serve(Router::new().fallback(page)), &[]);
    assert_eq!((code, &json["ok"]), (1, &json!(false)), "{json}");
    assert!(
        json.to_string()
            .contains("did not answer with a repository"),
        "{json}"
    );
}

#[test]
fn a_server_that_keeps_asking_to_wait_is_given_up_on_within_the_budget_and_said() {
    let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = asked.clone();
    let addr = serve(Router::new().fallback(move || {
        let count = count.clone();
        async move {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut r = (StatusCode::TOO_MANY_REQUESTS, "slow down").into_response();
            r.headers_mut()
                .insert("retry-after", HeaderValue::from_static("2"));
            r
        }
    }));
    let (code, json, err) = token_check(addr, &[("BBLINK_API_BUDGET", "3")]);
    assert_eq!(code, 1, "{json}");
    assert!(json.to_string().contains("api_rate_limited"), "{json}");
    // One wait fits in 3 s, a second would not: the user is told of the one, on stderr.
    assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 2, "{err}");
    assert!(
        err.contains("Answered 429 (too many requests): trying again in 2 s (2 of 4)"),
        "{err}"
    );
    assert!(!err.contains("3 of 4"), "{err}");
}

/// An API on 127.0.0.1 whose listing gives one key a page, each after `ms`, without end.
fn slow_pages(ms: u64) -> String {
    let page = move |axum::extract::Query(q): axum::extract::Query<
        std::collections::HashMap<String, String>,
    >,
                     headers: HeaderMap| async move {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        let (host, page) = paging(&q, &headers);
        axum::Json(
            json!({"pagelen": 1, "page": page, "values": [listed_key(page)],
            "next": format!("http://{host}/2.0/repositories/acme/app/deploy-keys?page={}", page + 1)}),
        )
    };
    let addr = serve(Router::new().route("/2.0/repositories/acme/app/deploy-keys", get(page)));
    format!("http://{addr}/2.0")
}

#[test]
fn slow_pages_stop_the_listing_at_the_budget_and_each_wait_is_said() {
    let api = slow_pages(1500);
    let url = "git@ssh.bitbucket.org:acme/app.git";
    let list = [
        "access-key",
        "list",
        "--url",
        url,
        "--api-url",
        &api,
        "--json",
    ];
    let (code, out, err) = bblink_env(&list, TOKEN, &[("BBLINK_API_BUDGET", "4")]);
    let json: Value = serde_json::from_str(&out).expect(&err);
    assert_eq!((code, &json["truncated"]), (0, &json!(true)), "{json}");
    let note = json["note"].as_str().unwrap_or_default();
    assert!(note.contains("stopped after 4 s"), "{note}");
    // Pages of 1.5 s: the third starts before 4 s, no fourth after (2 if this machine is slow).
    let keys = json["keys"].as_array().map_or(0, Vec::len);
    assert!((2..=3).contains(&keys), "{json}");
    assert!(
        err.contains("Read 1 access key so far; reading page 2…")
            || err.contains("Read 2 access keys so far; reading page 3…"),
        "{err}"
    );
}

#[test]
fn entries_of_a_listing_that_are_not_keys_are_counted_not_dropped_in_silence() {
    async fn odd() -> Response {
        axum::Json(json!({"pagelen": 10, "page": 1, "values": [
            {"id": 7, "label": "good", "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIazEu89wgQZ4bqs3d63QSMzYVa0MuJ2e2gKTKqu+UUO",
             "created_on": "2026-01-01T00:00:00+00:00", "type": "deploy_key"},
            {"id": "8", "label": "string id", "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIazEu89wgQZ4bqs3d63QSMzYVa0MuJ2e2gKTKqu+UUO"},
            {"id": 9, "label": "no key"}
        ]}))
        .into_response()
    }
    let addr = serve(Router::new().route("/2.0/repositories/acme/app/deploy-keys", get(odd)));
    let api = format!("http://{addr}/2.0");
    let url = "git@ssh.bitbucket.org:acme/app.git";
    let list = ["access-key", "list", "--url", url, "--api-url", &api];
    let (code, out, err) = bblink(&list);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("(2 entries of the answer are not keys bblink can read: not shown)"),
        "{out}"
    );
    let json_list = [&list[..], &["--json"]].concat();
    let (_, out, err) = bblink(&json_list);
    let json: Value = serde_json::from_str(&out).expect(&err);
    assert_eq!(
        (&json["unread"], json["keys"].as_array().map(Vec::len)),
        (&json!(2), Some(1)),
        "{json}"
    );
}

/// A TCP server on 127.0.0.1 that reads a request and answers every connection with `reply`.
fn raw(reply: &'static [u8]) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for mut conn in listener.incoming().flatten() {
            let mut buf = [0u8; 4096];
            let _ = std::io::Read::read(&mut conn, &mut buf);
            let _ = std::io::Write::write_all(&mut conn, reply);
        }
    });
    addr
}

#[test]
fn an_answer_that_is_not_http_or_breaks_off_is_not_called_a_connection_failure() {
    let cases: [(&[u8], &str, &str); 3] = [
        (
            b"SSH-2.0-OpenSSH_9.6\r\nnot http\r\n\r\n",
            "api_server_error",
            "but not in HTTP",
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n",
            "api_server_error",
            "but not in HTTP",
        ),
        (
            b"",
            "api_unreachable",
            "closed the connection before answering in full",
        ),
    ];
    for (reply, id, words) in cases {
        let addr = raw(reply);
        let (code, json, _) = token_check(addr, &[]);
        let text = json.to_string();
        assert_eq!(code, 1, "{json}");
        assert!(
            text.contains(id) && text.contains(words),
            "{reply:?}: {json}"
        );
        assert!(!text.contains("cannot connect"), "{json}");
    }
    // A repository named like a failure (`tls-tools`) does not decide what failed.
    let api = format!("http://{}/2.0", raw(b"SSH-2.0-OpenSSH_9.6\r\n"));
    let url = "git@ssh.bitbucket.org:acme/tls-tools.git";
    let list = ["access-key", "list", "--url", url, "--api-url", &api];
    let (_, out, err) = bblink(&list);
    assert!(out.contains("but not in HTTP"), "{out} {err}");
}

/// One readable key, as a listing's page holds it.
fn listed_key(id: u64) -> Value {
    json!({"id": id, "label": format!("key {id}"),
        "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIazEu89wgQZ4bqs3d63QSMzYVa0MuJ2e2gKTKqu+UUO",
        "created_on": "2026-01-01T00:00:00+00:00", "type": "deploy_key"})
}

/// `access-key remove --id ID --yes` against the API at `api`, each call given 2 s.
fn remove_in_2_s(api: &str, id: &str) -> (i32, String, String) {
    let url = "git@ssh.bitbucket.org:acme/app.git";
    let remove = [
        "access-key",
        "remove",
        "--url",
        url,
        "--api-url",
        api,
        "--id",
        id,
        "--yes",
    ];
    bblink_env(&remove, TOKEN, &[("BBLINK_API_BUDGET", "2")])
}

#[test]
fn each_call_has_its_own_time_so_a_slow_listing_leaves_the_removal_its_retry() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let deletes = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = deletes.clone();
    let keys = "/2.0/repositories/acme/app/deploy-keys";
    let router = Router::new()
        .route(
            keys,
            get(|| async {
                // Most of the call's 2 s.
                tokio::time::sleep(std::time::Duration::from_millis(1800)).await;
                axum::Json(json!({"pagelen": 10, "page": 1, "values": [listed_key(1)]}))
            }),
        )
        .route(
            &format!("{keys}/{{id}}"),
            axum::routing::delete(move || {
                let seen = seen.clone();
                async move {
                    if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                        let mut r = StatusCode::TOO_MANY_REQUESTS.into_response();
                        r.headers_mut()
                            .insert("retry-after", HeaderValue::from_static("1"));
                        r
                    } else {
                        StatusCode::NO_CONTENT.into_response()
                    }
                }
            }),
        );
    let api = format!("http://{}/2.0", serve(router));
    let (code, out, err) = remove_in_2_s(&api, "1");
    assert_eq!(code, 0, "{out} {err}");
    assert_eq!(
        deletes.load(Ordering::SeqCst),
        2,
        "the 429 was waited out: {err}"
    );
}

#[test]
fn a_key_not_among_a_listing_cut_short_is_not_called_missing() {
    let (code, out, err) = remove_in_2_s(&slow_pages(1200), "9");
    let said = format!("{out}{err}");
    assert_eq!(code, 1, "{said}");
    assert!(
        said.contains("no access key with id 9 among the") && said.contains("it may be there"),
        "{said}"
    );
    assert!(!said.contains("has no access key with id 9"), "{said}");
}

#[test]
fn a_call_whose_time_ran_out_starts_no_other_request_and_a_silent_server_is_said() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let hooks = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = hooks.clone();
    let router = Router::new()
        .route(
            "/2.0/repositories/acme/app",
            get(|| async {
                tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
                // No scopes header: the check would go on to list the webhooks.
                axum::Json(json!({"type": "repository", "full_name": "acme/app", "slug": "app"}))
            }),
        )
        .route(
            "/2.0/repositories/acme/app/hooks",
            get(move || {
                seen.fetch_add(1, Ordering::SeqCst);
                async { axum::Json(json!({"values": []})) }
            }),
        );
    let (_, json, err) = token_check(serve(router), &[("BBLINK_API_BUDGET", "1")]);
    assert_eq!(hooks.load(Ordering::SeqCst), 0, "{json}");
    assert!(
        err.contains("No answer from 127.0.0.1 after 2 s; waiting up to 15 s…"),
        "{err}"
    );
}
