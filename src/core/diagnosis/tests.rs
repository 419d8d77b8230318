//! Ranking, evidence and redaction of the diagnosis.

use super::*;
use crate::core::catalog::catalog;

fn ids(text: &str) -> Vec<(String, bool)> {
    diagnose(catalog().expect("catalog"), text)
        .into_iter()
        .map(|f| (f.id, f.primary))
        .collect()
}

/// Each log's primary finding is the cause given with it.
/// The log gives no finding of this id.
fn assert_absent(log: &str, id: &str) {
    let found = ids(log);
    assert!(!found.iter().any(|(i, _)| i == id), "{log}: {found:?}");
}

fn assert_primaries(cases: &[(&str, &str)]) {
    for (log, want) in cases {
        let found = ids(log);
        assert_eq!(
            found.first(),
            Some(&((*want).to_string(), true)),
            "{log}: {found:?}"
        );
    }
}

#[test]
fn the_root_cause_comes_before_its_consequences() {
    let log = "Cloning into 'app'...\nWarning: Permanently added 'bitbucket.org' (ED25519) to the list of known hosts.\n@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\nWARNING: UNPROTECTED PRIVATE KEY FILE!\nPermissions 0644 for '/root/.ssh/id_rsa' are too open.\ngit@bitbucket.org: Permission denied (publickey).\nfatal: Could not read from remote repository.\n";
    let found = ids(log);
    assert_eq!(
        found[0],
        ("key_bad_permissions".to_string(), true),
        "{found:?}"
    );
    assert!(
        found.contains(&("publickey_denied".to_string(), false)),
        "{found:?}"
    );
    assert!(
        found.contains(&("remote_read_failed".to_string(), false)),
        "{found:?}"
    );
}

#[test]
fn evidence_has_line_numbers_and_no_secrets() {
    let log = "git clone https://x-token-auth:ATCTT3xFfGN0abc@bitbucket.org/w/r.git\nremote: Invalid credentials\nfatal: Authentication failed for 'https://x-token-auth:ATCTT3xFfGN0abc@bitbucket.org/w/r.git/'\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ permission denied (publickey)\n-----END OPENSSH PRIVATE KEY-----\nAuthorization: Bearer eyJhbGciOiJIUzI1NiJ9\n";
    let found = diagnose(catalog().expect("catalog"), log);
    let first = &found[0];
    assert_eq!(first.id, "https_auth_failed");
    assert_eq!(first.evidence[0].line, 2);
    let all = serde_json::to_string(&found).expect("json");
    for secret in [
        "ATCTT3xFfGN0abc",
        "b3BlbnNzaC1rZXkt",
        "eyJhbGciOiJIUzI1NiJ9",
    ] {
        assert!(!all.contains(secret), "{secret} leaked: {all}");
    }
    assert!(
        !found.iter().any(|f| f.id == "publickey_denied"),
        "nothing inside a key block counts"
    );
}

#[test]
fn a_context_entry_needs_its_context() {
    let plain = "ERROR: Repository not found.\nfatal: Could not read from remote repository.\n";
    let found = ids(plain);
    assert_eq!(found[0].0, "repo_not_found");
    assert!(!found.iter().any(|(id, _)| id == "user_key_required"));
    // Inside a dependency manager's fetch: the build's access key reads one repository only.
    let pip = format!("  Collecting git+ssh://git@bitbucket.org/acme/lib.git\n{plain}");
    let found = ids(&pip);
    assert_eq!(
        found[0],
        ("user_key_required".to_string(), true),
        "{found:?}"
    );
    assert!(found.contains(&("repo_not_found".to_string(), false)));
    // A submodule that is not found is as often gone as out of reach: both are named, "not
    // found" first.
    let sub = format!(
        "fatal: clone of 'git@bitbucket.org:acme/lib.git' into submodule path 'lib' failed\n{plain}"
    );
    let found = ids(&sub);
    assert_eq!(found[0], ("repo_not_found".to_string(), true), "{found:?}");
    assert!(found.contains(&("user_key_required".to_string(), false)));
}

#[test]
fn nothing_found_in_a_clean_log_and_no_panic_on_odd_bytes() {
    assert!(ids("Cloning into 'app'...\nReceiving objects: 100% (3/3), done.\n").is_empty());
    let mut d = Diagnoser::new(catalog().expect("catalog"));
    d.feed(&[0xff, 0xfe, b'P', 0]);
    d.feed(&vec![b'a'; LINE_LIMIT * 2]);
    assert_eq!(d.lines(), 2);
    assert!(d.finish().is_empty());
}

#[test]
fn bitbucket_api_errors_in_a_log_are_named() {
    let log = "curl -u me@example.com:**** https://api.bitbucket.org/2.0/repositories/team/app/deploy-keys\n{\"type\":\"error\",\"error\":{\"message\":\"API Token provided has no Bitbucket scopes\"}}\n";
    assert_eq!(ids(log)[0], ("api_credential_invalid".to_string(), true));
    let log = "{\"type\": \"error\", \"error\": {\"message\": \"Your credentials lack one or more required privilege scopes.\", \"detail\": {\"required\": [\"admin:repository:bitbucket\"]}}}\n";
    assert_eq!(ids(log)[0], ("api_scope_missing".to_string(), true));
    let log = "error: invalid peer certificate: UnknownIssuer\n";
    assert_eq!(ids(log)[0], ("api_tls_failed".to_string(), true));
}

#[test]
fn ci_steps_and_windows_prompts_start_a_new_command() {
    let two_steps = "##[group]Run pip install -r requirements.txt\nCollecting requests\n##[group]Run git clone git@bitbucket.org:acme/app.git\nERROR: Repository not found.\nfatal: Could not read from remote repository.\n";
    assert_eq!(ids(two_steps)[0], ("repo_not_found".to_string(), true));
    let one_step = "##[group]Run pip install -r requirements.txt\nCollecting git+ssh://git@bitbucket.org/acme/lib.git\nERROR: Repository not found.\n";
    assert_eq!(ids(one_step)[0], ("user_key_required".to_string(), true));
    let cmd = "C:\\work>pip install git+ssh://git@bitbucket.org/acme/lib.git\nok\nC:\\work>git clone git@bitbucket.org:acme/app.git\nERROR: Repository not found.\n";
    assert_eq!(ids(cmd)[0], ("repo_not_found".to_string(), true));
}

#[test]
fn an_http_status_is_the_apis_outside_git_and_gits_inside() {
    let api = "$ curl https://api.bitbucket.org/2.0/repositories/acme/app/deploy-keys\nHTTP/1.1 429 Too Many Requests\n";
    let found = ids(api);
    assert_eq!(
        found[0],
        ("api_rate_limited".to_string(), true),
        "{found:?}"
    );
    let git = "$ git clone https://bitbucket.org/acme/app.git\nfatal: unable to access 'https://bitbucket.org/acme/app.git/': The requested URL returned error: 403\n";
    assert!(
        !ids(git).iter().any(|(id, _)| id.starts_with("api_")),
        "{:?}",
        ids(git)
    );
}

#[test]
fn a_prompt_answered_yes_is_not_a_failure() {
    let ok = "The authenticity of host 'bitbucket.org (1.2.3.4)' can't be established.\nED25519 key fingerprint is SHA256:ybgmFkzwOSotHTHLJgHO0QN8L0xErw6vd0VhFA9m3SM.\nAre you sure you want to continue connecting (yes/no/[fingerprint])? yes\nWarning: Permanently added 'bitbucket.org' (ED25519) to the list of known hosts.\nauthenticated via ssh key.\n";
    assert!(ids(ok).is_empty(), "{:?}", ids(ok));
    let stuck = "The authenticity of host 'bitbucket.com (1.2.3.4)' can't be established.\nAre you sure you want to continue connecting (yes/no)?\n";
    assert_eq!(ids(stuck)[0].0, "host_key_unknown");
}

#[test]
fn the_library_reads_as_the_command_line_reads() {
    let c = catalog().expect("catalog");
    // A long line is read in windows: a text across a window's end, or far into the line,
    // counts, and the evidence shows it.
    for before in [LINE_LIMIT - 10, LINE_LIMIT - 40, 5 * LINE_LIMIT] {
        let long = format!(
            "{} git@bitbucket.org: Permission denied (publickey).\nnext\n",
            "x".repeat(before)
        );
        let found = diagnose(c, &long);
        assert_eq!(found[0].id, "publickey_denied", "{before}");
        assert!(found[0].evidence[0].text.contains("Permission denied"));
        // Past the line's first window, the evidence says it starts in the middle.
        assert!(found[0].evidence[0].text.starts_with('…'), "{before}");
        assert_eq!(found[0].evidence[0].line, 1);
    }
    // Past 2 MiB the rest of a line is not read, and the diagnoser says so.
    let mut d = Diagnoser::new(c);
    let cut = format!(
        "ok\n{} git@bitbucket.org: Permission denied (publickey).\nnext\n",
        "x".repeat(LINE_READ)
    );
    d.feed_chunk(cut.as_bytes());
    assert_eq!(d.cut_lines(), (1, 2));
    assert_eq!(d.lines(), 3);
    assert!(d.finish().is_empty());
    // A carriage return inside a line does not end it.
    let cr = "Receiving objects: 10%\rfatal: Could not read from remote repository.\n";
    let found = diagnose(c, cr);
    assert_eq!(found[0].evidence[0].line, 1, "{found:?}");
    // Lines judged at the end are counted once and shown in order.
    let mut log = "debug1: Will attempt key: k\n".repeat(7);
    log.push_str("Received disconnect from 1.2.3.4 port 22:2: Too many authentication failures\n");
    let found = diagnose(c, &log);
    let f = found
        .iter()
        .find(|f| f.id == "too_many_auth_failures")
        .expect("found");
    let lines: Vec<usize> = f.evidence.iter().map(|e| e.line).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted);
    assert_eq!(f.count, lines.len(), "{f:?}");
    // A generic failure line counts once.
    let found = diagnose(c, "error: failed to push some refs to 'x'\n");
    assert_eq!(found[0].id, "unrecognised_error");
    assert_eq!(found[0].count, 1, "{found:?}");
    // A prompt starts a command only in the forms the automaton marks, wherever a block starts.
    let mut d = Diagnoser::new(c);
    d.feed(b"bitbucket");
    d.feed(b"   $ x");
    d.feed(b"HTTP/1.1 401");
    let fed = d.finish();
    assert_eq!(
        fed.iter().map(|f| &f.id).collect::<Vec<_>>(),
        diagnose(c, "bitbucket\n   $ x\nHTTP/1.1 401\n")
            .iter()
            .map(|f| &f.id)
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_status_after_a_url_names_the_rest_apis_failure() {
    let log = "POST https://api.bitbucket.org/2.0/repositories/acme/app/hooks: 401  []\n";
    let found = ids(log);
    assert_eq!(
        found[0],
        ("api_credential_invalid".to_string(), true),
        "{found:?}"
    );
}

#[test]
fn a_success_worded_as_a_fatal_error_is_no_failure() {
    // PuTTY ends `plink -T git@host` this way once the key is accepted: Bitbucket offers no
    // shell.
    let log = "Using username \"git\".\nFATAL ERROR: Server refused to start a shell/command\n";
    assert_eq!(ids(log), Vec::<(String, bool)>::new());
    // A key refused, then another method logged in: the connection worked.
    let log = "paramiko.transport: INFO: Authentication (publickey) failed.\nparamiko.transport: INFO: Authentication (password) successful!\n";
    assert_eq!(ids(log), Vec::<(String, bool)>::new());
    // Other harmless lines do not hide a failure on the same line.
    let log = "fatal: [web1]: FAILED! => {\"msg\": \"Failed to checkout release-2.4\", \"stderr\": \"Warning: Permanently added 'bitbucket.org' (RSA) to the list of known hosts.\\r\\nerror: pathspec 'release-2.4' did not match\"}\n";
    assert!(!ids(log).is_empty());
    // Windows' OpenSSH logs "Failed to open file" for each absent certificate: no failure.
    let log = "debug3: Failed to open file:C:/Users/u/.ssh/id_rsa-cert error:2\ndebug1: Authentication succeeded (publickey).\n";
    assert_eq!(ids(log), Vec::<(String, bool)>::new());
}

#[test]
fn a_changed_host_key_of_bitbucket_cloud_is_the_replaced_rsa_key() {
    for log in [
        "failed to clone \"git@bitbucket.org:w/r.git\": ssh: handshake failed: knownhosts: key mismatch\n",
        "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nRSA host key for bitbucket.org has changed and you have requested strict checking.\n",
    ] {
        assert_eq!(
            ids(log)[0],
            ("known_hosts_old_rsa".to_string(), true),
            "{log}"
        );
    }
    // Another key type, or another host's key in a log that also fetches from Bitbucket: just a
    // changed key (never advice to drop a possibly real warning as Bitbucket's rotation).
    for log in [
        "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nOffending ECDSA key in /home/u/.ssh/known_hosts:3\nECDSA host key for bitbucket.org has changed and you have requested strict checking.\n",
        "Fetching git@bitbucket.org:acme/app.git\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key for 203.0.113.10 has changed and you have requested strict checking.\n",
    ] {
        assert_eq!(ids(log)[0], ("host_key_changed".to_string(), true), "{log}");
    }
    // Another server's changed key is just that.
    let log = "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key for git.example.com has changed and you have requested strict checking.\n";
    assert_eq!(ids(log)[0], ("host_key_changed".to_string(), true));
}

#[test]
fn a_general_text_counts_only_on_a_line_about_its_subject() {
    // Go's "open PATH: no such file or directory" names a missing key only when the path is one.
    let log = "FATA[0000] Couldn't find repo or clone it  error=\"Couldn't open SSH key: open ~/.ssh/id_rsa: no such file or directory\"\n";
    assert_eq!(ids(log)[0], ("identity_missing".to_string(), true));
    // OpenSSH's default identities being absent is not the cause.
    let log = "no such identity: /home/u/.ssh/id_ed25519: No such file or directory\nsign_and_send_pubkey: signing failed for RSA \"/home/u/.ssh/id_k\" from agent: agent refused operation\nu@h: Permission denied (publickey).\n";
    assert_eq!(ids(log)[0], ("agent_signing_failed".to_string(), true));
    // A TLS certificate is no SSH key.
    let log = "error during connect: Get \"https://docker:2376/v1.24/info\": open /certs/client/ca.pem: no such file or directory\n";
    assert_absent(log, "identity_missing");
    // Another file missing is an unexplained failure, not a key problem.
    let log = "FATA[0000] open /root/.docker/config.json: no such file or directory\n";
    assert_eq!(ids(log), vec![("unrecognised_error".to_string(), true)]);
}

#[test]
fn a_status_in_a_log_that_names_no_server_is_the_apis() {
    let log = "Failed to list repositories: Request failed with status code 401\n";
    assert_eq!(ids(log)[0], ("api_credential_invalid".to_string(), true));
    // A status line about something else, in a log that names no server: not the API's.
    for log in [
        "urllib.error.HTTPError: HTTP Error 404: Not Found\n",
        "error parsing HTTP 403 response body: unexpected end of JSON input\n",
    ] {
        assert!(
            !ids(log).iter().any(|(id, _)| id.starts_with("api_")),
            "{log}"
        );
    }
    // Another server named: its status is not Bitbucket's.
    let log = "GET https://registry.npmjs.org/private-pkg\nRequest failed with status code 401\n";
    assert!(
        !ids(log).iter().any(|(id, _)| id.starts_with("api_")),
        "{:?}",
        ids(log)
    );
    // Bitbucket's API answering for passwords is the API's, not Git's, whatever else the line
    // says; git's answer is Git's even cut in two.
    let log = "Error: GET https://api.bitbucket.org/2.0/repositories/acme/digital-signage: 401 {\"error\": {\"message\": \"Bitbucket Cloud recently stopped supporting account passwords for API authentication.\"}}\n";
    assert_eq!(ids(log)[0].0, "api_credential_invalid");
    // The account password refused over Git is a credential problem, not two-step
    // verification (the threads of every such log fix it with a token).
    let log = "remote: Bitbucket Cloud recently stopped supporting account passwords\nremote: for Git authentication.\nfatal: Authentication failed for 'https://bitbucket.org/acme/app.git/'\n";
    assert_eq!(ids(log)[0].0, "https_auth_failed");
}

#[test]
fn a_coloured_logrus_error_is_a_failure() {
    let log = "\x1b[31mERRO\x1b[0m[0000] clone failed: exit status 128\n";
    assert_eq!(ids(log), vec![("unrecognised_error".to_string(), true)]);
}

#[test]
fn an_address_git_cannot_read_is_named() {
    // Neither `host:path` nor `ssh://`: go-getter and Terraform take it for a local path.
    let log = "Error: failed to download \"git@bitbucket.example.com/ex/app.git\": relative paths require a module with a pwd\n";
    assert_eq!(ids(log)[0], ("ssh_url_malformed".to_string(), true));
    // The two forms git reads are not malformed.
    for fine in [
        "fatal: unable to access 'ssh://git@bitbucket.org/acme/app.git': error\n",
        "error: cloning git@bitbucket.org:acme/app.git failed\n",
    ] {
        assert!(
            !ids(fine).iter().any(|(id, _)| id == "ssh_url_malformed"),
            "{fine}"
        );
    }
}

#[test]
fn a_url_without_a_user_explains_a_refused_key_in_its_command() {
    let log = "$ git clone ssh://bitbucket.org/acme/app.git\nCloning into 'app'...\nPermission denied (publickey).\nfatal: Could not read from remote repository.\n";
    let found = ids(log);
    assert_eq!(
        found[0],
        ("ssh_user_missing".to_string(), true),
        "{found:?}"
    );
    assert!(found.contains(&("publickey_denied".to_string(), false)));
    // In another command, the URL says nothing of the refusal.
    let other = "$ git ls-remote ssh://bitbucket.org/acme/app.git\n$ git clone git@bitbucket.org:acme/app.git\nPermission denied (publickey).\n";
    assert_eq!(ids(other)[0], ("publickey_denied".to_string(), true));
}

#[test]
fn a_webhook_answered_with_an_error_in_an_access_log() {
    let log = "10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] \"POST /job/app/build?token=abc HTTP/1.1\" 403 216 \"-\" \"Bitbucket-Webhooks/2.0\"\n";
    assert_eq!(ids(log)[0], ("webhook_delivery_failed".to_string(), true));
    let fine = "10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] \"POST /bitbucket-hook/ HTTP/1.1\" 200 2 \"-\" \"Bitbucket-Webhooks/2.0\"\n";
    assert!(ids(fine).is_empty(), "{:?}", ids(fine));
}

#[test]
fn an_error_inside_a_tools_line_is_a_failure() {
    for log in [
        "batch request: ERROR: invalid repository: 'acme/app.git/info/lfs'\n",
        "There was an error retrieving the repository information\n",
    ] {
        assert_eq!(ids(log)[0].0, "unrecognised_error", "{log}");
    }
    // A 401 alone, in a log that names no server: a credential refused.
    assert_eq!(
        ids("Request failed with status code 401.\n")[0].0,
        "api_credential_invalid"
    );
    // Lower case "error:" inside a sentence is no failure by itself.
    assert!(ids("debug1: no error: all fine\n").is_empty());
}

#[test]
fn a_passphrase_typed_is_no_cause_when_the_server_answered_after_login() {
    let log = "Enter passphrase for key '/home/u/.ssh/id_rsa': \nERROR: Repository not found.\nfatal: Could not read from remote repository.\n";
    assert_eq!(ids(log)[0], ("repo_not_found".to_string(), true));
    // Nobody there to type it: the prompt is what the log shows.
    let alone = "Enter passphrase for key '/home/u/.ssh/id_rsa': \ngit@bitbucket.org: Permission denied (publickey).\n";
    assert_eq!(ids(alone)[0], ("passphrase_required".to_string(), true));
}

#[test]
fn a_bare_reason_phrase_or_gone_is_the_apis_answer() {
    let log = "INFO Calling https://api.bitbucket.org/2.0/repositories/w/r/default-reviewers\nERROR Couldn't deserialize json: Forbidden.\n";
    assert_eq!(ids(log)[0], ("api_scope_missing".to_string(), true));
    let refresh =
        "oauthlib.oauth2.rfc6749.errors.InvalidGrantError: (invalid_grant) Invalid refresh_token\n";
    assert_eq!(
        ids(refresh)[0],
        ("api_credential_invalid".to_string(), true)
    );
}

#[test]
fn successful_or_harmless_lines_get_no_finding() {
    for log in [
        // A verbose clone that logged in: "Authentications that can continue" is no refusal.
        "$ GIT_SSH_COMMAND=\"ssh -v\" git clone ssh://bitbucket.org/acme/app.git\nCloning into 'app'...\ndebug1: Authentications that can continue: publickey\ndebug1: Offering public key: /home/a/.ssh/id_ed25519 ED25519 SHA256:q0S6 explicit\ndebug1: Server accepts key: /home/a/.ssh/id_ed25519 ED25519 SHA256:q0S6 explicit\nAuthenticated to bitbucket.org ([104.192.141.1]:22) using \"publickey\".\nReceiving objects: 100% (12/12), done.\n",
        "HEAD is now at 9c8d7e6 Return Forbidden for archived repositories\n",
        "    ✓ returns Forbidden for a repository the user cannot read (5 ms)\n",
        "+ export ALLOW_FORBIDDEN_PATHS=0\n",
        "+ grep -c \"ERROR:\" build.log\n",
        "    ✓ logs ERROR: lines for failed logins (2 ms)\n",
        "No error occurred.\n",
        "Checking whether there was an error in the last run: no\n",
    ] {
        assert!(ids(log).is_empty(), "{log}\n{:?}", ids(log));
    }
}

#[test]
fn the_new_rules_keep_to_their_subject() {
    // The refusal names `git@`: the user was not missing.
    let git = "$ git -c core.sshCommand=\"ssh -l git\" clone ssh://bitbucket.org/acme/app.git\ngit@bitbucket.org: Permission denied (publickey).\n";
    assert_eq!(ids(git)[0], ("publickey_denied".to_string(), true));
    // A URL's user that ends in "git" is no scp-like address.
    let https = "error: clone of https://buildgit@bitbucket.org/acme/app.git failed\n";
    assert_absent(https, "ssh_url_malformed");
    // An upload's "Bad Request" is no key already in use.
    let s3 = "upload failed: ./dist.zip to s3://bucket/key.zip An error occurred (400) when calling the PutObject operation: Bad Request\n";
    assert_absent(s3, "key_already_in_use");
    // "invalid command syntax" outside a Git command.
    let usage = "Usage error: Invalid command syntax near \"--depth\". See git-sync --help\n";
    assert_absent(usage, "ssh_url_malformed");
    // A Data Center host without a dot, by its port.
    let dc = "$ git clone ssh://bitbucket:7999/proj/repo.git\nalice@bitbucket: Permission denied (publickey).\n";
    assert_eq!(ids(dc)[0], ("ssh_user_missing".to_string(), true));
}

#[test]
fn a_url_without_a_user_is_quoted_alone() {
    let log = "$ sshpass -p S3CRET6 git clone ssh://bitbucket.example.com/proj/repo.git\nalice@bitbucket.example.com: Permission denied (publickey).\n";
    let found = diagnose(catalog().expect("catalog"), log);
    assert_eq!(found[0].id, "ssh_user_missing");
    assert_eq!(
        found[0].evidence[0].text,
        "ssh://bitbucket.example.com/proj/repo.git"
    );
    let all = serde_json::to_string(&found).expect("json");
    assert!(!all.contains("S3CRET6"), "{all}");
}

/// The primary finding's id, or "none".
fn primary(text: &str) -> String {
    ids(text)
        .into_iter()
        .find(|(_, p)| *p)
        .map_or_else(|| "none".to_string(), |(id, _)| id)
}

#[test]
fn errno_texts_name_an_unreachable_network_in_every_client() {
    for line in [
        "fatal: unable to access 'https://bitbucket.org/w/r.git/': Failed to connect to bitbucket.org port 443: Network is unreachable",
        "Failed to connect to bitbucket.org port 443: No route to host",
        "dial tcp 104.192.141.1:22: connect: network is unreachable",
        "requests.exceptions.ConnectionError: [Errno 101] Network is unreachable",
        "Caused by: java.net.NoRouteToHostException: No route to host (Host unreachable)",
    ] {
        assert_eq!(primary(line), "network_unreachable", "{line}");
    }
    // A refused connection stays a refused connection.
    assert_eq!(
        primary("Failed to connect to bitbucket.org port 443: Connection refused"),
        "connection_refused"
    );
}

#[test]
fn githubs_refused_push_is_no_write_access_unless_the_key_is_a_deploy_key() {
    let ssh = "git push origin topic\nERROR: Permission to acme/book.git denied to someone.\nfatal: Could not read from remote repository.\n";
    assert_eq!(primary(ssh), "no_write_access");
    let deploy = "git push origin topic\nERROR: Permission to acme/book.git denied to deploy key\nfatal: Could not read from remote repository.\n";
    assert_eq!(primary(deploy), "deploy_key_read_only");
    // Words of another failure are not the message.
    assert_eq!(
        primary("error: permission to write the cache was not given\n"),
        "unrecognised_error"
    );
    assert_eq!(
        primary("note: permission to publish was denied to nobody here\n"),
        "unrecognised_error"
    );
}

#[test]
fn a_failed_askpass_before_host_key_verification_is_the_host_keys() {
    let host = "ssh_askpass: exec(/usr/X11R6/bin/ssh-askpass): No such file or directory\nHost key verification failed.\nfatal: Could not read from remote repository.\n";
    assert_eq!(primary(host), "host_key_unknown");
    let key = "ssh_askpass: exec(/usr/X11R6/bin/ssh-askpass): No such file or directory\ngit@bitbucket.org: Permission denied (publickey).\nfatal: Could not read from remote repository.\n";
    assert_eq!(primary(key), "passphrase_required");
    // ssh reads both questions the same way: no terminal for either.
    let tty = "debug1: read_passphrase: can't open /dev/tty: No such device or address\nHost key verification failed.\nfatal: Could not read from remote repository.\n";
    assert_eq!(primary(tty), "host_key_unknown");
    let tty_key = "debug1: read_passphrase: can't open /dev/tty: No such device or address\ngit@bitbucket.org: Permission denied (publickey).\n";
    assert_eq!(primary(tty_key), "passphrase_required");
}

#[test]
fn an_scp_like_address_with_a_port_is_a_malformed_url() {
    let log = "DESTINATION=git@bitbucket.example.com:7999/proj/repo.git\nCloning into bare repository 'repo.git'...\nssh: connect to host bitbucket.example.com port 22: Address not available\nfatal: Could not read from remote repository.\n";
    let found = diagnose(catalog().expect("catalog"), log);
    assert_eq!(found[0].id, "ssh_url_malformed", "{found:?}");
    assert_eq!(found[0].evidence[0].line, 1);
    assert_eq!(
        found[0].evidence[0].text,
        "git@bitbucket.example.com:7999/proj/repo.git"
    );
    // Before the refused or timed-out port 22 it causes.
    let timeout = "$ git clone git@bitbucket.example.com:7999/proj/repo.git\nCloning into 'repo'...\nssh: connect to host bitbucket.example.com port 22: Connection timed out\nfatal: Could not read from remote repository.\n";
    assert_eq!(primary(timeout), "ssh_url_malformed");
    // The scp-like form without a port, a numeric path that is not a port, and a URL's port
    // are not.
    for fine in [
        "git@bitbucket.org:acme/repo.git",
        "git@bitbucket.org:2024team/repo.git",
        "git@github.com:1337/tools.git",
        "ssh://git@bitbucket.example.com:7999/proj/repo.git",
    ] {
        let log = format!("git clone {fine}\nfatal: Could not read from remote repository.\n");
        assert_ne!(primary(&log), "ssh_url_malformed", "{fine}");
    }
}

#[test]
fn tool_messages_from_their_sources() {
    for (line, id) in [
        (
            r#"{"level":"info","msg":"interceptor stopped trigger processing: rpc error: code = InvalidArgument desc = no X-Hub-Signature header set"}"#,
            "webhook_secret_missing",
        ),
        (
            "package bitbucket.org/acme/lib: https://api.bitbucket.org/1.0/repositories/acme/lib: 403 FORBIDDEN",
            "go_private_module",
        ),
        (
            "stash: <class 'dulwich.errors.GitProtocolError'>: unexpected http response 401",
            "https_auth_failed",
        ),
    ] {
        assert_eq!(primary(line), id, "{line}");
    }
}

#[test]
fn a_login_with_another_key_than_the_one_named_is_the_wrong_key() {
    let session = |offered: &str| {
        format!(
            "debug1: identity file /home/me/.ssh/work_key type 3\ndebug1: identity file /home/me/.ssh/work_key-cert type -1\ndebug1: Offering public key: {offered} ED25519 SHA256:abc agent\ndebug1: Server accepts key: {offered} ED25519 SHA256:abc agent\ndebug1: Authentication succeeded (publickey).\nAuthenticated to bitbucket.org ([104.192.141.1]:22).\n"
        )
    };
    let found = diagnose(
        catalog().expect("catalog"),
        &session("/home/me/.ssh/personal"),
    );
    assert_eq!(found[0].id, "wrong_key_offered", "{found:?}");
    assert_eq!(found[0].evidence[0].line, 3);
    // The key named is the key that logged in; default key names are no choice.
    assert_eq!(primary(&session("/home/me/.ssh/work_key")), "none");
    let defaults = "debug1: identity file /home/me/.ssh/id_ed25519 type 3\ndebug1: Offering public key: me@laptop ED25519 SHA256:abc agent\ndebug1: Authentication succeeded (publickey).\n";
    assert_eq!(primary(defaults), "none");
    // The named key in OpenSSH 7.6–8.0's order (type and fingerprint first), and in a path
    // with a space.
    for offered in [
        "debug1: identity file /home/ci/.ssh/deploy type 0\ndebug1: Offering public key: RSA SHA256:abc /home/ci/.ssh/deploy\n",
        "debug1: identity file C:\\Users\\John Smith\\.ssh\\work type 3\ndebug1: Offering public key: C:\\Users\\John Smith\\.ssh\\work ED25519 SHA256:abc explicit\n",
    ] {
        let log = format!("{offered}debug1: Authentication succeeded (publickey).\n");
        assert_eq!(primary(&log), "none", "{log}");
    }
    // Each connection names its own keys: a key named for github.com says nothing of the
    // default key that logs in to bitbucket.org next.
    let two = "debug1: Connecting to github.com [140.82.121.4] port 22.\ndebug1: identity file /home/ci/.ssh/github_deploy type 3\ndebug1: Offering public key: /home/ci/.ssh/github_deploy ED25519 SHA256:aaa explicit\ndebug1: Authentication succeeded (publickey).\ndebug1: Connecting to bitbucket.org [104.192.141.1] port 22.\ndebug1: identity file /home/ci/.ssh/id_rsa type 0\ndebug1: Offering public key: /home/ci/.ssh/id_rsa RSA SHA256:bbb\ndebug1: Authentication succeeded (publickey).\n";
    assert_eq!(primary(two), "none");
}

#[test]
fn failures_printed_without_a_level_are_never_silent() {
    // Each shows a failure without `error:`, `fatal:` or a status a tool prints with a word.
    for log in [
        // Bitbucket Cloud's error body, pretty-printed, with nothing around it.
        "{\n  \"type\": \"error\",\n  \"error\": {\n    \"message\": \"Something new\"\n  }\n}\n",
        // An OAuth error sent back in the redirect.
        "https://ci.example.com/callback?error=temporarily_unavailable&state=x\n",
        // A GUI client's sentence.
        "The resource you are requesting could not be found\n",
        // Guzzle's status in backquotes; a status alone in brackets.
        "Client error: `POST https://example.com/x` resulted in a `422 Unprocessable Entity` response\n",
        "[DEBUG] RESPONSE (Unauthorized): {}\n",
        "Error: got 500 response\n",
        "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n",
    ] {
        let found = ids(log);
        assert!(
            found.first().is_some_and(|(_, primary)| *primary),
            "{log:?} → {found:?}"
        );
    }
    // What is not a failure stays quiet.
    for log in [
        "Found the (Forbidden) City guide\n",
        "\"type\": \"commit\"\n",
        "debug1: Could not find identity file\n",
        "Could not find tools.jar in the JDK; using the bundled one\nBUILD SUCCESSFUL in 3s\n",
        "  \u{2713} throws when the repository could not be found (3 ms)\n",
        "PASS  src/auth.test.js\n",
        "info: Authentication failed, retrying with stored credentials\n",
        "npm WARN config This functionality has been deprecated, use --location=global instead.\n",
        "Returns 200 on success or an error (Forbidden)\n",
        "Printing the first 400 response bytes:\n",
    ] {
        assert!(ids(log).is_empty(), "{log:?} → {:?}", ids(log));
    }
}

#[test]
fn messages_of_tools_and_servers_name_their_cause() {
    for (log, id) in [
        (
            "https://app.example.com/oauth2/callback/bitbucket?error=invalid_scope&error_description=The+scope+is+not+valid\n",
            "oauth_scope_missing",
        ),
        (
            "Error while fetching remote repository: git@bitbucket.org:acme/kit.git\nAuthentication failed because the credentials were missing.\n",
            "no_key_offered",
        ),
        (
            "{\"type\": \"error\", \"error\": {\"message\": \"CHANGE-2770 - Functionality has been deprecated\"}}\n",
            "api_endpoint_removed",
        ),
        (
            "RESPONSE (Unauthorized): {\"errors\":[{\"exceptionName\":\"com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException\"}]}\n",
            "api_credential_invalid",
        ),
        (
            "[ERROR] Renci.SshNet.Common.SshPassPhraseNullOrEmptyException: Private key is encrypted but passphrase is empty.\n",
            "passphrase_required",
        ),
        (
            "fatal: unable to access 'https://bitbucket.org:acme/app.git/': URL rejected: Port number was not a decimal number between 0 and 65535\n",
            "ssh_url_malformed",
        ),
        (
            "Could not find a valid configuration for WebHook receiver 'bitbucket' and instance 'id'.\n",
            "webhook_delivery_failed",
        ),
    ] {
        let found = ids(log);
        assert_eq!(found.first(), Some(&(id.to_string(), true)), "{log}");
    }
}

#[test]
fn a_status_next_to_a_deliverys_headers_is_the_receivers_answer() {
    let log = "Request details\nX-Event-Key: repo:push\nX-Hook-UUID: 1b2c\n\nResponse details\nHTTP status:403\n{\"message\":\"Forbidden\"}\n";
    assert_eq!(ids(log)[0], ("webhook_delivery_failed".to_string(), true));
    // A reason phrase in the receiver's body too, whichever comes first.
    let log =
        "<html>502 Bad Gateway</html>\nRequest details\nX-Event-Key: repo:push\nHTTP status:502\n";
    let found = ids(log);
    assert_eq!(found[0], ("webhook_delivery_failed".to_string(), true));
    assert!(
        !found.iter().any(|(id, _)| id == "api_server_error"),
        "{found:?}"
    );
    // Outside the delivery's command, Bitbucket's API answering 502 is the API's.
    let log = "X-Event-Key: repo:push\nHTTP status:200\n$ curl https://api.bitbucket.org/2.0/user\n502 Bad Gateway\n";
    assert!(
        ids(log).iter().any(|(id, _)| id == "api_server_error"),
        "{:?}",
        ids(log)
    );
    // A receiver that got a delivery and then called the API back: the API's answer.
    let log = "INFO: Received webhook X-Event-Key: pullrequest:created X-Hook-UUID: {1b2c}\nINFO: Notifying build status POST https://api.bitbucket.org/2.0/repositories/acme/app/commit/abc/statuses/build\nHTTP/1.1 401 Unauthorized\n";
    assert_eq!(ids(log)[0].0, "api_credential_invalid");
    // The same status from a REST call about webhooks is the API's.
    let log = "POST https://api.bitbucket.org/2.0/repositories/acme/app/hooks\nHTTP/2 403\n";
    assert_eq!(ids(log)[0].0, "api_scope_missing");
}

#[test]
fn a_certificate_refused_outside_git_is_an_api_calls() {
    let log = "Error: request to https://api.example.com/x failed, reason: self signed certificate in certificate chain\n";
    assert_eq!(ids(log)[0].0, "api_tls_failed");
    let log = "$ git clone https://bitbucket.org/acme/app.git\nfatal: unable to access 'https://bitbucket.org/acme/app.git/': SSL certificate problem: self signed certificate in certificate chain\n";
    assert_eq!(ids(log)[0].0, "https_tls_failed");
    // Git's own words without the word git, and libgit2's TLS layer.
    for log in [
        "fatal: unable to access 'https://bitbucket.org/acme/app/': SSL certificate problem: certificate has expired\n",
        "Cloning into 'app'...\nfatal: unable to access 'https://bitbucket.org/acme/app/': server certificate verification failed. CAfile: none CRLfile: none\n",
        "Error: the SSL certificate is invalid; class=Ssl (16); code=Certificate (-17)\n",
    ] {
        assert_eq!(ids(log)[0].0, "https_tls_failed", "{log}");
    }
    // A word that holds "git" is no Git command.
    let log = "legitimate request to https://api.example.com failed, reason: self signed certificate in certificate chain\n";
    assert_eq!(ids(log)[0].0, "api_tls_failed");
}

#[test]
fn a_sentence_for_ssh_and_https_alike_is_about_the_address_before_it() {
    let log = "Fetching git@bitbucket.org:acme/other.git\nFetched git@bitbucket.org:acme/other.git (0.8s)\nFetching https://bitbucket.org/acme/kit.git\nxcodebuild: error: Could not resolve package dependencies:\n  Failed to clone repository https://bitbucket.org/acme/kit.git:\n    Authentication failed because the credentials were rejected\n";
    assert_eq!(ids(log)[0].0, "https_auth_failed");
    // An HTTPS URL with a user is HTTPS.
    let log = "Failed to clone repository https://git@bitbucket.org/acme/kit.git:\nAuthentication failed because the credentials were rejected\n";
    assert_eq!(ids(log)[0].0, "https_auth_failed");
    let log = "Failed to clone repository git@bitbucket.org:acme/kit.git:\nAuthentication failed because the credentials were rejected\n";
    assert_eq!(ids(log)[0].0, "publickey_denied");
}

#[test]
fn a_passphrase_typed_before_a_login_that_worked_is_no_problem() {
    for greeting in [
        "authenticated via ssh key.\n\nYou can use git to connect to Bitbucket. Shell access is disabled.\n",
        "logged in as alice.\n\nYou can use git or hg to connect to Bitbucket. Shell access is disabled.\n",
        "Hi alice! You've successfully authenticated, but GitHub does not provide shell access.\n",
        "Welcome to GitLab, @alice!\n",
        "hello alice, this is git@srv running gitolite3 v3.6.12 on git 2.39.2\n",
    ] {
        let log = format!(
            "$ ssh -T git@host\nEnter passphrase for key '/home/a/.ssh/id_rsa': \n{greeting}"
        );
        assert!(ids(&log).is_empty(), "{log}: {:?}", ids(&log));
    }
    // A login that worked in another command says nothing of this one's passphrase.
    let log = "$ git clone git@bitbucket.org:acme/app.git\nEnter passphrase for key '/home/a/.ssh/id_rsa': \nEnter passphrase for key '/home/a/.ssh/id_rsa': \ngit@bitbucket.org: Permission denied (publickey).\n$ ssh -T git@github.com\nHi alice! You've successfully authenticated, but GitHub does not provide shell access.\n";
    assert_eq!(ids(log)[0].0, "passphrase_required");
    // Without the login, the prompt still shows where it stopped.
    let log = "$ git fetch\nEnter passphrase for key '/home/a/.ssh/id_rsa': \nPermission denied (publickey).\n";
    assert_eq!(ids(log)[0].0, "passphrase_required");
}

#[test]
fn gitolites_refusals_say_which_access_was_missing() {
    let push = "remote: FATAL: W refs/heads/release acme/app alice DENIED by fallthru\nremote: error: hook declined to update refs/heads/release\n ! [remote rejected] release -> release (hook declined)\n";
    assert_eq!(ids(push)[0].0, "push_branch_restricted");
    let rule = "remote: FATAL: + refs/heads/main acme/app alice DENIED by refs/heads/main\n";
    assert_eq!(ids(rule)[0].0, "push_branch_restricted");
    let read = "FATAL: R any acme/ap alice DENIED by fallthru\n(or you mis-spelled the reponame)\nfatal: Could not read from remote repository.\n";
    assert_eq!(ids(read)[0].0, "repo_not_found");
    let write = "FATAL: W any acme/app alice DENIED by fallthru\n(or you mis-spelled the reponame)\nfatal: Could not read from remote repository.\n";
    assert_eq!(ids(write)[0].0, "no_write_access");
}

#[test]
fn go_receivers_name_what_the_delivery_lacked() {
    let log = "{\"level\":\"error\",\"msg\":\"unable to validate payload\",\"error\":\"the Bitbucket server signature header is invalid, err: Webhook request has unsupported Content-Type \\\"application/json; charset=UTF-8\\\"\"}\n";
    assert_eq!(ids(log)[0].0, "webhook_delivery_failed");
    assert_eq!(
        ids("level=error msg=\"HMAC verification failed\"\n")[0].0,
        "webhook_signature_mismatch"
    );
    assert_eq!(
        ids("error: missing X-Event-Key Header\n")[0].0,
        "webhook_delivery_failed"
    );
    // git over plain HTTP at an address that serves no repository.
    let log = "Cloning into 'app'...\nfatal: https://bitbucket.org/acme/ap.git/info/refs not found: did you run git update-server-info on the server?\n";
    assert_eq!(ids(log)[0].0, "repo_not_found");
}

#[test]
fn a_data_center_rest_call_is_bitbuckets_whatever_its_host() {
    let log = "ERROR - TEAMCITY-STASH:Could not send data to Stash.\njava.io.IOException: Server returned HTTP response code: 401 for URL: https://stash.acme.internal/rest/build-status/1.0/commits/1223f29d\n";
    assert_eq!(ids(log)[0].0, "api_credential_invalid");
    // Java reads a 404 as a missing file.
    let log = "ERROR - Could not send data to Stash.\njava.io.FileNotFoundException: https://bitbucket.org/acme/rest/build-status/1.0/commits/8ea3a409\n";
    assert_eq!(ids(log)[0].0, "api_not_found");
    // Another server's API is not Bitbucket's.
    let log =
        "Error: Server returned HTTP response code: 401 for URL: https://api.github.com/repos/x\n";
    assert_ne!(
        ids(log).first().map(|f| f.0.as_str()),
        Some("api_credential_invalid")
    );
}

#[test]
fn a_structured_logs_error_record_is_a_failure() {
    for log in [
        "{\n\t\"level\":\"error\",\n\t\"msg\":\"unable to frobnicate\"\n}\n",
        "{\"severity\":\"ERROR\",\"message\":\"unable to frobnicate\"}\n",
        "{\"level\":50,\"time\":1,\"msg\":\"unable to frobnicate\"}\n",
        "{\"levelname\": \"ERROR\", \"message\": \"unable to frobnicate\"}\n",
    ] {
        let found = diagnose(catalog().expect("catalog"), log);
        assert_eq!(found[0].id, "unrecognised_error", "{log}");
        assert!(!found[0].evidence[0].text.contains('\t'), "{log}");
    }
    // Records at other levels are not.
    for log in [
        "{\"level\":30,\"msg\":\"request done\"}\n",
        "{\"level\":\"info\",\"msg\":\"no error\"}\n",
    ] {
        assert!(ids(log).is_empty(), "{log}");
    }
}

#[test]
fn a_key_cut_short_hides_only_itself() {
    let log = "$ head -2 ~/.ssh/id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n$ git clone git@bitbucket.org:acme/app.git\nLoad key \"/root/.ssh/id_ed25519\": invalid format\ngit@bitbucket.org: Permission denied (publickey).\n";
    let found = diagnose(catalog().expect("catalog"), log);
    assert_eq!(found[0].id, "key_invalid_format");
    assert_eq!(found[0].evidence[0].line, 5);
    let all = serde_json::to_string(&found).expect("json");
    assert!(!all.contains("b3BlbnNzaC1rZXkt"), "{all}");
}

#[test]
fn curls_own_error_is_a_rest_calls() {
    for log in [
        "+ curl -fsS -X POST https://bitbucket.acme.com/rest/build-status/1.0/commits/1a2b\ncurl: (22) The requested URL returned error: 401\n",
        "+ curl -fsS https://api.bitbucket.org/2.0/repositories/acme/app/deploy-keys\ncurl: (22) The requested URL returned error: 401\n",
    ] {
        assert_eq!(ids(log)[0].0, "api_credential_invalid", "{log}");
    }
    // Git's own line with the same words stays git's.
    let log = "fatal: unable to access 'https://bitbucket.org/acme/app.git/': The requested URL returned error: 401\n";
    assert_eq!(ids(log)[0].0, "https_auth_failed");
}

#[test]
fn structured_logs_levels_are_read_in_every_common_form() {
    for log in [
        "{\"level\" : \"ERROR\", \"message\" : \"unable to frobnicate\"}\n",
        "{\"log.level\":\"error\",\"message\":\"unable to frobnicate\"}\n",
        "{\"LogLevel\":\"Error\",\"Message\":\"unable to frobnicate\"}\n",
        "{\"severity\":\"CRITICAL\",\"message\":\"unable to frobnicate\"}\n",
        "{\"level\":\"panic\",\"message\":\"unable to frobnicate\"}\n",
        "{\"@l\":\"Error\",\"@mt\":\"unable to frobnicate\"}\n",
    ] {
        assert_eq!(ids(log)[0].0, "unrecognised_error", "{log}");
    }
    // A debug record's status is no failure: the run went on and finished.
    let log = "{\"level\":20,\"msg\":\"GET https://scm.acme.com/rest/api/1.0/projects/A/repos/b/browse/renovate.json = (statusCode=404)\"}\n{\"level\":30,\"msg\":\"Repository finished\"}\n";
    assert!(ids(log).is_empty(), "{:?}", ids(log));
}

#[test]
fn webhook_receivers_refusals_are_read_from_their_own_words() {
    for (log, want) in [
        (
            "{\"error\":\"No X-Hub-Signature found on request\"}\n",
            "webhook_secret_missing",
        ),
        (
            "    Error: [@octokit/webhooks] signature does not match event payload and secret\n",
            "webhook_signature_mismatch",
        ),
        (
            "[webhook] 2020/01/15 09:10:33 error evaluating hook: invalid payload signature f44ba5e6\n",
            "webhook_signature_mismatch",
        ),
        (
            "{\"jobs\":null,\"message\":\"Did not find any jobs with GenericTrigger configured! If you are using a token, you need to pass it\"}\n",
            "webhook_delivery_failed",
        ),
        (
            "Hook executed successfully but returned HTTP 404 <html>Not Found</html>\n",
            "webhook_delivery_failed",
        ),
    ] {
        assert_eq!(ids(log)[0].0, want, "{log}");
    }
}

#[test]
fn a_push_over_a_size_limit_is_a_broken_transfer() {
    for log in [
        "Writing objects: 100% (285/285), 109.48 MiB | 9.56 MiB/s, done.\nerror: RPC failed; HTTP 413 curl 22 The requested URL returned error: 413 Request Entity Too Large\nfatal: The remote end hung up unexpectedly\n",
        "error: RPC failed; result=22, HTTP code = 413\nfatal: The remote end hung up unexpectedly\n",
    ] {
        assert_eq!(ids(log)[0].0, "transfer_interrupted", "{log}");
    }
}

#[test]
fn a_token_without_the_scope_is_named_in_oauths_words() {
    for log in [
        "{\"error\":\"insufficient_scope\",\"error_description\":\"The request requires higher privileges than provided by the access token.\",\"scope\":\"api\"}\n",
        "HttpError: Resource not accessible by integration\n",
    ] {
        assert_eq!(ids(log)[0].0, "api_scope_missing", "{log}");
    }
}

#[test]
fn a_step_that_finished_overcame_what_came_before_it() {
    // A passphrase typed before a clone that finished.
    let log = "Cloning into 'app'...\nEnter passphrase for key '/root/.ssh/id_rsa': \nremote: Total 1205 (delta 133)\nReceiving objects: 100% (1205/1205), 507.32 KiB | 6.86 MiB/s, done.\nResolving deltas: 100% (630/630), done.\n";
    assert!(ids(log).is_empty(), "{:?}", ids(log));
    // ssh-add's prompt, answered.
    let log = "$ ssh-add ~/.ssh/id_rsa\nEnter passphrase for /home/me/.ssh/id_rsa:\nIdentity added: /home/me/.ssh/id_rsa (me@host)\n";
    assert!(ids(log).is_empty(), "{:?}", ids(log));
    // An askpass helper that could not start, then a password typed and a push that worked.
    let log = "$ git push\nerror: unable to read askpass response from '/usr/libexec/openssh/gnome-ssh-askpass'\nUsername for 'https://github.com': me\nremote: Resolving deltas: 100% (1/1), completed with 1 local object.\nTo https://github.com/acme/app.git\n * [new branch]      main -> main\n";
    assert!(ids(log).is_empty(), "{:?}", ids(log));
    // A prompt with no step finished after it stays a finding; so does a failure after one.
    let log = "Enter passphrase for key '/root/.ssh/id_rsa': \n";
    assert_eq!(ids(log)[0].0, "passphrase_required");
    let log = "Receiving objects: 100% (3/3), done.\nerror: RPC failed; HTTP 413 curl 22 The requested URL returned error: 413\n";
    assert_eq!(ids(log)[0].0, "transfer_interrupted");
}

#[test]
fn dotnet_clients_are_read_in_their_own_words() {
    for (log, want) in [
        (
            "Renci.SshNet.Common.SshConnectionException: Key exchange negotiation failed.\n",
            "host_key_changed",
        ),
        (
            "Renci.SshNet.Common.SshConnectionException: Server HMAC algorithm not found\n",
            "no_matching_kex",
        ),
        (
            "Renci.SshNet.Common.SshException: Invalid private key file.\n",
            "openssh_pem_format",
        ),
        (
            "Renci.SshNet.Common.SshAuthenticationException: No suitable authentication method found to complete authentication (publickey).\n",
            "publickey_denied",
        ),
        (
            "Renci.SshNet.Common.SshConnectionException: Server response does not contain SSH protocol identification.\n",
            "ssh_to_http_port",
        ),
        (
            "fatal: Cannot prompt because user interactivity has been disabled.\nfatal: could not read Password for 'https://bitbucket.org': terminal prompts disabled\n",
            "https_auth_failed",
        ),
        (
            "fatal: No credential store has been selected.\n",
            "credential_helper_missing",
        ),
    ] {
        assert_eq!(ids(log)[0].0, want, "{log}");
    }
}

#[test]
fn a_coloured_failure_is_a_failure() {
    let log = "\x1b[31mfatal: unable to frobnicate the widget\x1b[0m\n";
    assert_eq!(ids(log)[0].0, "unrecognised_error");
    let log = "\x1b[1;31m\x1b[1merror:\x1b[0m something odd happened\n";
    assert_eq!(ids(log)[0].0, "unrecognised_error");
}

#[test]
fn a_failure_shown_only_by_its_exit_status_quotes_that_line() {
    let found = diagnose(catalog().expect("catalog"), "building…\nexit status 1\n");
    assert_eq!(found[0].id, "unrecognised_error");
    assert_eq!(found[0].evidence[0].line, 2, "{found:?}");
    assert_eq!(found[0].evidence[0].text, "exit status 1");
}

#[test]
fn jiras_statuses_are_not_bitbuckets() {
    let log = "GET /rest/api/2/issue/ABC-1 failed: status 401 Unauthorized\n";
    assert!(
        !ids(log).iter().any(|(id, _)| id.starts_with("api_")),
        "{:?}",
        ids(log)
    );
}

#[test]
fn more_clients_in_their_own_words() {
    for (log, want) in [
        (
            "NoCommonAlgo { kind: Kex, ours: [\"curve25519-sha256\"], theirs: [\"ecdh-sha2-nistp256\"] }\n",
            "no_matching_kex",
        ),
        (
            "Error: No common Key algorithm - ours: [\"ssh-ed25519\"], theirs: [\"ssh-dss\"]\n",
            "no_matching_host_key_type",
        ),
        (
            "sshd[812]: userauth_pubkey: key type ssh-rsa not in PubkeyAcceptedAlgorithms [preauth]\n",
            "rsa_sha1_rejected",
        ),
        (
            "debug1: Skipping ssh-rsa key /home/me/.ssh/id_rsa - corresponding algorithm not in PubkeyAcceptedAlgorithms\n",
            "no_mutual_signature",
        ),
        (
            "credential-cache unavailable; no unix socket support\n",
            "credential_helper_missing",
        ),
        (
            " ! [remote rejected] main -> main (refusing to allow an OAuth App to create or update workflow `.github/workflows/ci.yml` without `workflow` scope)\n",
            "no_write_access",
        ),
        (
            "java.io.IOException: Server returned HTTP response code: 400 for URL: https://bitbucket.org/site/oauth2/access_token\n",
            "oauth_credentials_invalid",
        ),
    ] {
        assert_eq!(ids(log)[0].0, want, "{log}");
    }
}

#[test]
fn a_finished_step_overcomes_only_its_own_part() {
    // Another command, another clone, another submodule: the failure stays.
    for log in [
        "$ git clone git@ssh.bitbucket.org:acme/lib.git vendor/lib\nfatal: destination path 'vendor/lib' already exists and is not an empty directory.\n$ git clone git@ssh.bitbucket.org:acme/app.git\nCloning into 'app'...\nReceiving objects: 100% (120/120), done.\n",
        "Cloning into '/builds/acme/app/libs/a'...\nfatal: bad object 4f2a1c3e9b8d\nCloning into '/builds/acme/app/libs/b'...\nReceiving objects: 100% (33/33), done.\n",
        "Cloning into 'lib'...\nfatal: Could not read from remote repository.\nCloning into 'app'...\nReceiving objects: 100% (10/10), done.\n",
    ] {
        let found = ids(log);
        assert_eq!(
            found.first().map(|f| f.0.as_str()),
            Some("unrecognised_error"),
            "{log}"
        );
    }
    let log = "$ git clone git@ssh.bitbucket.org:acme/lib.git\nCloning into 'lib'...\nssh_askpass: exec(/usr/bin/ssh-askpass): No such file or directory\n$ git clone https://github.com/acme/public.git\nCloning into 'public'...\nReceiving objects: 100% (120/120), done.\n";
    assert_eq!(ids(log)[0].0, "passphrase_required");
    // A mistyped passphrase, then the key added: overcome.
    let log = "Enter passphrase for /root/.ssh/id_ed25519:\nBad passphrase, try again for /root/.ssh/id_ed25519:\nIdentity added: /root/.ssh/id_ed25519 (ci)\n";
    assert!(ids(log).is_empty(), "{:?}", ids(log));
}

#[test]
fn each_host_words_its_protected_branch_refusal() {
    for log in [
        "remote: error: GH006: Protected branch update failed for refs/heads/main.\nremote: error: Required status check \"ci\" is expected.\nTo github.com:acme/app.git\n ! [remote rejected] main -> main (protected branch hook declined)\nerror: failed to push some refs to 'github.com:acme/app.git'\n",
        "remote: GitLab: You are not allowed to push code to protected branches on this project.\nTo gitlab.com:acme/app.git\n ! [remote rejected] main -> main (pre-receive hook declined)\n",
        "remote: Branch refs/heads/develop can only be modified through pull requests.\nremote: Check your branch permissions configuration with the project administrator.\n ! [remote rejected] develop -> develop (pre-receive hook declined)\n",
        "error: remote unpack failed\n ! [remote rejected] HEAD -> master (prohibited by Gerrit: not permitted: update)\n",
        "remote: TF402455: Pushes to this branch are not permitted; you must use a pull request to update this branch.\n ! [remote rejected] main -> main (TF402455: Pushes to this branch are not permitted)\n",
    ] {
        assert_eq!(
            ids(log).first(),
            Some(&("push_branch_restricted".to_string(), true)),
            "{log}"
        );
    }
}

#[test]
fn an_askpass_program_that_fails_is_the_cause_unless_git_asked_on_the_terminal() {
    let failed = "error: unable to read askpass response from 'rpostback-askpass'\nfatal: could not read Username for 'https://bitbucket.org': Device not configured\n";
    assert_eq!(
        ids(failed)[0],
        ("credential_helper_missing".to_string(), true)
    );
    let missing = "Git: fatal: cannot run /opt/editor/askpass.sh: No such file or directory\n";
    assert_eq!(ids(missing)[0].0, "credential_helper_missing");
    // git fell back to its own prompt and the clone went on: nothing failed.
    let answered = "Cloning into 'app'...\nerror: cannot run rpostback-askpass: No such file or directory\nUsername for 'https://bitbucket.org': ana\nerror: cannot run rpostback-askpass: No such file or directory\nPassword for 'https://ana@bitbucket.org':\nremote: Enumerating objects: 110, done.\n";
    assert!(ids(answered).is_empty(), "{:?}", ids(answered));
    // Answered on the terminal, then refused: the refusal is the cause.
    let refused = "error: unable to read askpass response from 'C:/Program Files/Git/mingw64/bin/git-askpass.exe'\nUsername for 'https://bitbucket.org': ana\nPassword for 'https://ana@bitbucket.org':\nremote: Invalid credentials\nfatal: Authentication failed for 'https://bitbucket.org/acme/app.git/'\n";
    assert_eq!(ids(refused)[0].0, "https_auth_failed");
}

#[test]
fn a_host_name_of_one_label_is_a_shorthand_not_a_dns_failure() {
    for host in ["gh", "github", "bitbucket-work"] {
        let log = format!(
            "Cloning into 'llvm'...\nssh: Could not resolve hostname {host}: No address associated with hostname\nfatal: Could not read from remote repository.\n"
        );
        assert_eq!(
            ids(&log)[0],
            ("ssh_url_malformed".to_string(), true),
            "{log}"
        );
    }
    for host in ["bitbucket.example.com", "localhost", "bitbuckt.org"] {
        let log = format!("ssh: Could not resolve hostname {host}: Name or service not known\n");
        assert_ne!(ids(&log)[0].0, "ssh_url_malformed", "{log}");
    }
}

#[test]
fn host_keys_refused_by_posh_ssh_and_xcode_are_named() {
    let posh = "VERBOSE: ecdsa-sha2-nistp256 Fingerprint for bitbucket.acme.internal: 52:5a:2f\nVERBOSE: Fingerprint not matched trusted ecdsa-sha2-nistp256 fingerprint for host bitbucket.acme.internal\nNew-SSHSession : Key exchange negotiation failed.\n";
    assert_eq!(ids(posh)[0], ("host_key_changed".to_string(), true));
    let xcode = "xcodebuild: error: Could not resolve package dependencies:\n  The server SSH fingerprint failed to verify.\n";
    assert_eq!(ids(xcode)[0], ("host_key_unknown".to_string(), true));
}

#[test]
fn an_agent_missing_in_a_build_is_named() {
    let unset =
        "/buildkite/plugins/docker/hooks/command: line 169: SSH_AUTH_SOCK: unbound variable\n";
    assert_eq!(ids(unset)[0].0, "agent_unavailable");
    let docker = "docker build --ssh default=/run/host-services/ssh-auth.sock .\ncould not parse ssh: [default=/run/host-services/ssh-auth.sock]: stat /run/host-services/ssh-auth.sock: no such file or directory\n";
    assert_eq!(ids(docker)[0].0, "agent_socket_broken");
}

#[test]
fn a_reset_in_curls_error_is_a_broken_transfer_not_ssh() {
    let log = "Cloning into 'app'...\nerror: RPC failed; curl 56 OpenSSL SSL_read: Connection reset by peer, errno 104\nfatal: the remote end hung up unexpectedly\nfatal: early EOF\nfatal: index-pack failed\n";
    let found = ids(log);
    assert_eq!(found[0], ("transfer_interrupted".to_string(), true));
    assert!(
        !found.iter().any(|(id, _)| id.starts_with("connection_")),
        "{found:?}"
    );
    // ssh's own reset stays ssh's.
    let ssh = "kex_exchange_identification: read: Connection reset by peer\nfatal: Could not read from remote repository.\n";
    assert_eq!(ids(ssh)[0].0, "connection_closed_kex");
}

#[test]
fn a_go_stack_frame_names_a_module_not_a_server() {
    let log = "bb issue list\n:: An error occurred: 401 Unauthorized\n\npanic: runtime error: invalid memory address or nil pointer dereference\ngoroutine 1 [running]:\ngithub.com/craftamap/bb/cmd/commands/issue/list.Add.func1(0x140004def00?)\n\t/home/u/go/pkg/mod/github.com/craftamap/bb/cmd/commands/issue/list/list.go:78 +0x6b4\n";
    assert_eq!(ids(log)[0].0, "api_credential_invalid");
}

#[test]
fn binary_data_is_told_from_a_log() {
    let bytes = crate::testing::noise(3000, 0x9E37_79B9_7F4A_7C15);
    assert!(looks_binary(&String::from_utf8_lossy(&bytes)));
    assert!(looks_binary(&"\0".repeat(100)));
    // Logs with colours, tabs and a stray replacement character are text.
    let log = "\u{1b}[31merror:\u{1b}[0m\tfailed to push some refs to 'git@bitbucket.org:a/b.git' \u{fffd}\n".repeat(20);
    assert!(!looks_binary(&log));
    assert!(!looks_binary("ok\n"));
    assert!(looks_binary("ab\0"));
}

#[test]
fn a_failure_behind_a_ci_time_stamp_is_still_a_failure() {
    for log in [
        "2024-05-01T12:00:00.1234567Z fatal: unable to access 'https://bitbucket.org/a/b.git/': Weird server reply\n",
        "2024-05-01 12:00:00,123 Error: the job could not check out the repository\n",
    ] {
        assert_eq!(ids(log)[0].0, "unrecognised_error", "{log}");
    }
    assert!(ids("2024-05-01T12:00:00.1234567Z Cloning into 'app'...\n").is_empty());
}

#[test]
fn an_https_connection_cut_before_an_answer_is_a_proxy_or_firewall() {
    for line in [
        "Recv failure: Connection reset by peer",
        "OpenSSL SSL_connect: Connection reset by peer in connection to bitbucket.org:443",
        "LibreSSL SSL_connect: SSL_ERROR_SYSCALL in connection to bitbucket.org:443",
        "gnutls_handshake() failed: The TLS connection was non-properly terminated.",
        "schannel: failed to receive handshake, SSL/TLS connection failed",
        "Empty reply from server",
        "Proxy CONNECT aborted",
        "Received HTTP code 407 from proxy after CONNECT",
        "Could not resolve proxy: proxy.corp.example",
    ] {
        let log = format!(
            "Cloning into 'app'...\nfatal: unable to access 'https://bitbucket.org/team/app.git/': {line}\n"
        );
        assert_eq!(ids(&log)[0].0, "proxy_interference", "{line}");
    }
    // Once TLS is up, a reset is a transfer that broke.
    let windows = "error: RPC failed; curl 56 OpenSSL SSL_read: Connection was reset, errno 10054\nfatal: early EOF\n";
    assert_eq!(ids(windows)[0].0, "transfer_interrupted");
    let entry = catalog()
        .expect("catalog")
        .get("proxy_interference")
        .expect("entry");
    assert!(
        entry.fix.iter().any(|f| f.contains("http.proxy")),
        "{:?}",
        entry.fix
    );
}

#[test]
fn a_credential_prompt_nobody_answered_is_the_failure() {
    // A CI job that hung at git's prompt until it was stopped.
    for log in [
        "Cloning into 'app'...\nUsername for 'https://bitbucket.org': ",
        "Cloning into 'app'...\nUsername for 'https://bitbucket.org': \nERROR: Job failed: execution took longer than 1h0m0s seconds\n",
    ] {
        let found = ids(log);
        assert_eq!(found[0].0, "https_auth_failed", "{log}");
    }
    // An askpass program that failed, and the prompt after it that nobody answered.
    let askpass = "error: unable to read askpass response from '/usr/lib/ssh/ssh-askpass'\nUsername for 'https://bitbucket.org': \n";
    assert_eq!(ids(askpass)[0].0, "credential_helper_missing");
    // Answered, and the clone went on: nothing failed.
    let answered = "Cloning into 'app'...\nUsername for 'https://bitbucket.org': jdoe\nPassword for 'https://jdoe@bitbucket.org': \nremote: Enumerating objects: 5, done.\nReceiving objects: 100% (5/5), done.\n";
    assert!(ids(answered).is_empty(), "{:?}", ids(answered));
    // A password is never echoed: an error after it is not read as a prompt left waiting.
    let pushed = "Password for 'https://jdoe@example.com': \nerror: RPC failed; result=22, HTTP code = 502\n";
    assert_ne!(ids(pushed)[0].0, "https_auth_failed");
}

#[test]
fn a_job_that_succeeded_overcame_what_failed_before() {
    let retried = "Started by user admin\n > git fetch --tags --force --progress -- git@bitbucket.org:team/app.git\nstderr: git@bitbucket.org: Permission denied (publickey).\nRetrying after 10 seconds\n > git fetch --tags --force --progress -- git@bitbucket.org:team/app.git\n > git checkout -f abc123\nFinished: SUCCESS\n";
    assert!(ids(retried).is_empty(), "{:?}", ids(retried));
    let failed = retried.replace("Finished: SUCCESS", "Finished: FAILURE");
    assert_eq!(ids(&failed)[0].0, "publickey_denied");
}

#[test]
fn other_providers_oauth_refusals_are_named() {
    for (line, want) in [
        (
            "The redirect URI included is not valid.",
            "oauth_callback_mismatch",
        ),
        (
            "AADSTS50011: The redirect URI 'http://localhost/cb' specified in the request does not match the redirect URIs configured for the application",
            "oauth_callback_mismatch",
        ),
        ("Invalid parameter: redirect_uri", "oauth_callback_mismatch"),
        (
            "INVALID_CLIENT: Invalid redirect URI",
            "oauth_callback_mismatch",
        ),
        (
            "error: invalid_client, error_description: Invalid client secret",
            "oauth_credentials_invalid",
        ),
        (
            "AADSTS7000215: Invalid client secret provided.",
            "oauth_credentials_invalid",
        ),
        (
            "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
            "oauth_credentials_invalid",
        ),
    ] {
        assert_eq!(ids(line)[0].0, want, "{line}");
    }
    let dropbear =
        "/usr/bin/ssh: Connection to git@github.com:22 exited: No auth methods could be used.\n";
    assert_eq!(ids(dropbear)[0].0, "no_key_offered");
}

#[test]
fn an_unexplained_failure_over_ssh_asks_for_ssh_output() {
    let log = "$ git clone ssh://git@git.example.com:7999/team/app.git\nCloning into 'app'...\nSomething odd happened.\nfatal: Could not read from remote repository.\n";
    assert_eq!(ids(log)[0].0, "ssh_failed");
    let https = "$ git clone https://git.example.com/team/app.git\nCloning into 'app'...\nfatal: Something odd happened.\n";
    assert_eq!(ids(https)[0].0, "unrecognised_error");
    for (line, want) in [
        (
            "{\"message\": \"API rate limit exceeded for 10.0.0.1.\"}",
            "api_rate_limited",
        ),
        (
            "com.jcraft.jsch.JSchException: UnknownHostKey:[IP]. RSA key fingerprint is 2e:25",
            "host_key_unknown",
        ),
        (
            "error: invalid empty ssh agent socket: make sure SSH_AUTH_SOCK is set",
            "agent_unavailable",
        ),
        (
            "fatal: credential helper '!java -jar git-credential-manager.jar' told us to quit",
            "credential_helper_missing",
        ),
    ] {
        assert_eq!(ids(line)[0].0, want, "{line}");
    }
}

#[test]
fn only_a_jobs_own_verdict_line_of_success_overcomes_and_never_beside_a_failed_one() {
    let failed = "fatal: Authentication failed for 'https://bitbucket.org/acme/app.git/'\n";
    for tail in [
        "grep -q 'Finished: SUCCESS' build.log",
        "+ echo Finished: SUCCESS",
        "Finished: SUCCESSFUL",
        "Finished: SUCCESS\nFinished: FAILURE",
        "ERROR: Job failed: exit code 128\nJob succeeded",
    ] {
        let log = format!("{failed}{tail}\n");
        assert_eq!(ids(&log)[0].0, "https_auth_failed", "{tail}");
    }
    assert!(ids(&format!("{failed}2024-05-01T12:00:00Z Job succeeded\n")).is_empty());
}

#[test]
fn a_prompt_left_waiting_is_found_behind_blank_lines_and_an_aborted_job() {
    for log in [
        "Username for 'https://bitbucket.org': \n\n\n",
        "Username for 'https://bitbucket.org': \nBuild was aborted\nFinished: ABORTED\n",
    ] {
        assert_eq!(ids(log)[0].0, "https_auth_failed", "{log}");
    }
}

#[test]
fn curls_own_resets_and_tls_ends_are_a_proxy_or_firewall_and_test_names_no_oauth_failure() {
    for line in [
        "* Recv failure: Connection reset by peer",
        "curl: (56) Recv failure: Connection reset by peer",
        "fatal: unable to access 'https://bitbucket.org/a/b.git/': Recv failure: Connection was reset",
        "fatal: unable to access 'https://bitbucket.org/a/b.git/': error:0A000126:SSL routines::unexpected eof while reading",
        "fatal: unable to access 'https://bitbucket.org/a/b.git/': error:1408F10B:SSL routines:ssl3_get_record:wrong version number",
        "error: RPC failed; HTTP 407 curl 22 The requested URL returned error: 407",
    ] {
        let found = ids(line);
        assert_eq!(found[0].0, "proxy_interference", "{line}");
        assert!(
            !found.iter().any(|(id, _)| id.starts_with("connection_")),
            "{found:?}"
        );
    }
    assert!(ids("test_invalid_client_secret ... ok\n").is_empty());
    for (line, want) in [
        (
            "github.GithubException.BadCredentialsException: 401 {\"message\": \"Bad credentials\"}",
            "api_credential_invalid",
        ),
        (
            "{\"type\": \"error\", \"error\": {\"message\": \"Unauthorized\"}}",
            "api_credential_invalid",
        ),
    ] {
        assert_eq!(ids(line)[0].0, want, "{line}");
    }
}

#[test]
fn other_ssh_libraries_and_receivers_are_read_in_their_own_words() {
    for (log, want) in [
        // Node.js ssh2 (before 1.0 it read only PEM keys).
        (
            "Error: Cannot parse privateKey: Unsupported key format\n",
            "openssh_pem_format",
        ),
        (
            "Error: Cannot parse privateKey: Encrypted private OpenSSH key detected, but no passphrase given\n",
            "passphrase_required",
        ),
        (
            "Error: Handshake failed: no matching key exchange algorithm\n",
            "no_matching_kex",
        ),
        // Ruby net-ssh (Capistrano, Vagrant).
        (
            "could not settle on host_key algorithm\nServer host_key preferences: rsa-sha2-512\n",
            "no_matching_host_key_type",
        ),
        (
            "ed25519_loader.rb:19:in 'raiseUnlessLoaded': unsupported key type `ssh-ed25519' (NotImplementedError)\n",
            "key_type_unsupported_by_client",
        ),
        (
            "key_factory.rb:21: OpenSSH keys only supported if ED25519 is available (NotImplementedError)\n",
            "openssh_pem_format",
        ),
        // sshj.
        (
            "net.schmizz.sshj.transport.TransportException: Could not verify `ssh-ed25519` host key with fingerprint `ab:cd` for `bitbucket.org` on port 22\n",
            "host_key_unknown",
        ),
        // Webhook receivers.
        (
            "SEVERE: Local signature 0a1b does not match external signature 2c3d\n",
            "webhook_signature_mismatch",
        ),
        (
            "could not validate payload, check your webhook secret?: no signature has been detected, for security reason we are not allowing webhooks that has no secret\n",
            "webhook_secret_missing",
        ),
        (
            "WARNING: Job 'foo/bar' is not defined in Jenkins\n",
            "webhook_delivery_failed",
        ),
        // cargo fetching an https source over SSH: an insteadOf rule rewrote it.
        (
            "Caused by:\n  failed to fetch `https://github.com/rust-lang/crates.io-index`\nCaused by:\n  failed to authenticate when downloading repository: git@github.com:rust-lang/crates.io-index\n",
            "insteadof_rewrite",
        ),
        // git:// refused, curl's tunnel refused, Go's expired certificate in a REST call.
        (
            "$ git clone git://github.com/a/b.git\nfatal: unable to connect to github.com:\ngithub.com[0: 192.30.253.113]: errno=Connection refused\n",
            "connection_refused",
        ),
        (
            "curl: (56) CONNECT tunnel failed, response 407\n",
            "proxy_interference",
        ),
        // Go's summary of a git failure comes before what git said: git's words are the cause.
        (
            "go: bitbucket.org/acme/lib@v1.2.0: invalid version: git ls-remote -q origin in /root/go/pkg/mod/cache/vcs/abc: exit status 128:\n\tgit@bitbucket.org: Permission denied (publickey).\n\tfatal: Could not read from remote repository.\n",
            "publickey_denied",
        ),
        (
            "Error: Get https://git.example.com/rest/api/1.0/projects/X: x509: certificate has expired or is not yet valid\n",
            "api_tls_failed",
        ),
    ] {
        let found = ids(log);
        assert_eq!(
            found.first().map(|f| f.0.as_str()),
            Some(want),
            "{log}: {found:?}"
        );
    }
}

#[test]
fn the_line_that_names_the_cause_is_in_its_evidence_however_many_came_before() {
    let c = catalog().expect("catalog");
    let mut log = "/root/.ssh/config: terminating, 1 bad configuration options\n".repeat(5);
    log.push_str("/root/.ssh/config: line 3: Bad configuration option: usekeychain\n");
    let found = diagnose(c, &log);
    let f = &found[0];
    assert_eq!(f.id, "ssh_config_unsupported_option");
    assert_eq!(f.evidence.len(), EVIDENCE);
    assert!(f.evidence.iter().any(|e| e.line == 6), "{:?}", f.evidence);
    let lines: Vec<usize> = f.evidence.iter().map(|e| e.line).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "in order");
}

#[test]
fn a_command_that_searches_for_or_prints_a_message_is_no_failure() {
    let mentions = "+ grep -q \"Host key verification failed\" out.txt\n$ sudo grep \"Permission denied (publickey)\" /var/log/auth.log\nPS C:\\work> Select-String \"Could not read from remote repository\" .\\ci.log\n";
    assert!(ids(mentions).is_empty(), "{:?}", ids(mentions));
    // The same words printed by the command that failed are its failure.
    let failed = "+ git fetch origin\nHost key verification failed.\nfatal: Could not read from remote repository.\n";
    assert_eq!(ids(failed)[0].0, "host_key_unknown");
}

#[test]
fn gits_words_for_a_missing_branch_or_commit_name_the_branch_not_the_transport() {
    for log in [
        "fatal: couldn't find remote ref refs/heads/release\n",
        "error: Server does not allow request for unadvertised object 1a2b3c4d\n",
        "fatal: remote error: upload-pack: not our ref afe49dfdbea868117ec3d0189ca1a3d031ccee1d\nfatal: the remote end hung up unexpectedly\n",
        "Receiving objects: 100% (6220/6220), done.\nfatal: reference is not a tree: cbb9b99748fe00b4f55152f2d9d441142b159e57\nexit status 128\n",
        "Fetched in submodule path 'themes/meme', but it did not contain afe49dfd. Direct fetching of that commit failed.\n",
        "warning: Could not find remote branch develop to clone.\nfatal: Remote branch develop not found in upstream upstream\n",
        "error: pathspec 'feature/x' did not match any file(s) known to git\n",
        "error: src refspec main does not match any\nerror: failed to push some refs to 'git@bitbucket.org:w/r.git'\n",
        "fatal: ambiguous argument 'origin/main': unknown revision or path not in the working tree.\n",
    ] {
        let found = ids(log);
        assert_eq!(
            found.first(),
            Some(&("branch_not_found".to_string(), true)),
            "{log}: {found:?}"
        );
    }
    // A push refused for its refspec's other reasons is not a missing branch.
    assert_absent(
        "error: src refspec refs/heads/main matches more than one\n",
        "branch_not_found",
    );
}

#[test]
fn other_hosts_refusals_are_read_in_their_own_words() {
    assert_primaries(&[
        (
            "remote: Support for password authentication was removed on August 13, 2021. Please use a personal access token instead.\n",
            "https_auth_failed",
        ),
        (
            "remote: Invalid username or token. Password authentication is not supported for Git operations.\n",
            "https_auth_failed",
        ),
        ("remote: HTTP Basic: Access denied\n", "https_auth_failed"),
        (
            "remote: HTTP Basic: Access denied. If a password was provided for Git authentication, the password was incorrect or you're required to use a token instead of a password. remote: You must use a personal access token with 'read_repository' or 'write_repository' scope for Git over HTTP.\n",
            "two_step_required",
        ),
        (
            "remote: You are not allowed to download code from this project.\nfatal: unable to access 'https://gitlab.com/acme/dep.git/': The requested URL returned error: 403\n",
            "repo_not_found",
        ),
        (
            "remote: GitLab: This deploy key does not have write access to this project.\n",
            "deploy_key_read_only",
        ),
        (
            "remote: TF401019: The Git repository with name or identifier lib does not exist or you do not have permissions for the operation you are attempting.\n",
            "repo_not_found",
        ),
        (
            "remote: TF401027: You need the Git 'GenericContribute' permission to perform this action.\n",
            "no_write_access",
        ),
        (
            "Submodule 'lib' (/opt/acme/lib) registered for path 'lib'\nfatal: repository '/opt/acme/lib' does not exist\n",
            "repo_not_found",
        ),
    ]);
    // A scp-like address with a slash for its colon is a local path to git: the address is
    // what is wrong, not the repository.
    let found = ids("fatal: repository 'git@github.com/acme/lib.git' does not exist\n");
    assert_ne!(
        found.first().map(|f| f.0.as_str()),
        Some("repo_not_found"),
        "{found:?}"
    );
}

#[test]
fn a_jsend_failure_a_severe_record_and_a_refused_payload_are_failures() {
    // A receiver's JSend body names no known cause: a failure all the same, never silence.
    for log in [
        "{\"status\":\"ERROR\",\"message\":\"Cannot find job in path with name seed\"}\n",
        "{\"status\": \"fail\", \"data\": {\"title\": \"A title is required\"}}\n",
        "2020-06-16 07:12:54.750+0000 [id=623]   SEVERE  o.j.h.p.Wrapper#doCheck: Can't connect to server\n",
        "SEVERE: Cannot find job in path with name seed\n",
        "{\"message\":\"404 Project Not Found\"}\n",
    ] {
        let found = ids(log);
        assert_eq!(
            found.first().map(|f| f.0.as_str()),
            Some("unrecognised_error"),
            "{log}: {found:?}"
        );
    }
    // A JSend success, and an HTTP status in the `status` key, are no failure.
    for log in [
        "{\"status\":\"success\",\"data\":{}}\n",
        "{\"status\": 200, \"message\": \"ok\"}\n",
    ] {
        assert!(ids(log).is_empty(), "{log}");
    }
    for log in [
        "{\"status\":\"error\",\"message\":\"Missing or invalid payload\"}\n",
        "Deeployer: no payload was sent in the POST.\n",
    ] {
        assert_eq!(
            ids(log).first(),
            Some(&("webhook_delivery_failed".to_string(), true)),
            "{log}"
        );
    }
    // JSch's bare `Auth fail` after a caller's words is the key refused.
    assert_eq!(
        ids("SEVERE  o.j.h.p.SSHBuildWrapper$DescriptorImpl#doLoginCheck: Auth fail\n").first(),
        Some(&("publickey_denied".to_string(), true))
    );
}

#[test]
fn statuses_named_by_exception_classes_and_json_messages_are_read() {
    assert_eq!(
        http::status(b"HttpClientErrorException$Unauthorized: 401 : [no body]"),
        Some(401)
    );
    assert_eq!(
        http::status(b"BitBucket::Error::Unauthorized: #<struct Faraday::Env method=:get>"),
        Some(401)
    );
    assert_eq!(
        http::status(
            b"{\"error\": {\"message\": \"Not found\", \"detail\": \"Account does not exist.\"}}"
        ),
        Some(404)
    );
    assert_eq!(
        http::status(b"failed - expected code(s) [201], got code 400 & body"),
        Some(400)
    );
    // A message that is no reason phrase, and a class that is not a status, are not statuses.
    assert_eq!(
        http::status(b"{\"message\": \"Not found in cache, fetching\"}"),
        None
    );
    assert_eq!(http::status(b"Net::HTTPUnauthorized reached"), None);
    // An uncaught error's class starts a failure line; a word ending in "Error" in prose does not.
    assert_eq!(
        ids("SyntaxError: Unexpected end of JSON input\n")
            .first()
            .map(|f| f.0.as_str()),
        Some("unrecognised_error")
    );
    assert!(ids("The TypeError: section of the guide explains it.\n").is_empty());
    assert_primaries(&[
        (
            "0.109 ls: cannot access '/run/buildkit/ssh_agent.0': No such file or directory\n",
            "agent_forwarding_missing",
        ),
        (
            "got code 400 & body: '{\"message\":{\"deploy_key.fingerprint\":[\"has already been taken\"]}}'\n",
            "key_already_in_use",
        ),
        (
            "{\"state\": \"xyz\", \"error\": \"mismatching_redirect_uri\"} (HTTP 400)\n",
            "oauth_callback_mismatch",
        ),
        (
            "An error was raised by libgit2. Category = Net (Error).\nThis transport isn't implemented. Sorry\n",
            "client_without_ssh",
        ),
        (
            "/home/runner/work/_temp/a7.sh: line 52: /home/runner/.ssh/known_hosts: No such file or directory\n",
            "known_hosts_not_writable",
        ),
    ]);
    // ssh's own debug line about an absent known_hosts is no failure.
    assert!(
        ids("debug1: load_hostkeys: fopen /home/u/.ssh/known_hosts: No such file or directory\n")
            .is_empty()
    );
}

#[test]
fn older_and_other_tools_words_for_known_failures_are_read() {
    assert_primaries(&[
        (
            "error: RPC failed; result=55, HTTP code = 0\nfatal: The remote end hung up unexpectedly\n",
            "transfer_interrupted",
        ),
        (
            "LFS: Client error: https://dev.azure.com/o/p/_git/r/info/lfs/objects/518b from HTTP 413\n",
            "transfer_interrupted",
        ),
        (
            "Retrying `git clone \"git://github.com/a/b.git\"` due to error (2/4): Errno::ENOENT No such file or directory - git clone \"git://github.com/a/b.git\"\n",
            "git_missing",
        ),
        (
            "fatal: Custom certificate bundle not found at path: D:/Git/mingw64/ssl/certs/ca-bundle.crt\n",
            "https_tls_failed",
        ),
        (
            "ssh: connect to host github.com port 22: Bad file number\nfatal: Could not read from remote repository.\n",
            "connection_timeout",
        ),
        (
            "fatal: unable to access 'https://github.com/a/b/': schannel:\n  SEC_E_UNTRUSTED_ROOT (0x80090325) - The certificate chain was issued by an\n",
            "https_tls_failed",
        ),
        (
            "org.eclipse.jgit.api.errors.TransportException: git@github.com:a/b: USERAUTH fail\n",
            "passphrase_required",
        ),
    ]);
    assert_absent(
        "debug1: SSH2_MSG_USERAUTH_FAILURE received\nPermission denied (publickey).\n",
        "passphrase_required",
    );
}

#[test]
fn hosts_pages_of_a_delivery_and_api_refusals_name_their_cause() {
    assert_primaries(&[
        (
            "deno.land webhook always : Last delivery was not successful. Invalid HTTP Response: 400.\n",
            "webhook_delivery_failed",
        ),
        (
            "Internal error occurred while delivering this webhook. Error: Failed to open TCP connection to 23.22.130.173:443 (execution expired)\n",
            "webhook_delivery_failed",
        ),
        (
            "Url is blocked: Requests to the local network are not allowed\n",
            "webhook_value_invalid",
        ),
        (
            "HTTP ERROR 401 An access token is required. Please refer to Git plugin documentation\n",
            "webhook_delivery_failed",
        ),
        (
            " - Your token has not been granted the required scopes to execute this query. The 'projectV2' field requires one of the following scopes: ['read:project']\n",
            "api_scope_missing",
        ),
        (
            "{\"message\":\"Access Denied: The Personal Access Token used has expired.\",\"typeKey\":\"UnauthorizedRequestException\"}\n",
            "api_credential_invalid",
        ),
        (
            "{\"message\": \"Your VCS provider has rate limited you.\"}\n",
            "api_rate_limited",
        ),
        (
            "\"exceptionName\": \"com.atlassian.bitbucket.commit.NoSuchCommitException\"\n",
            "branch_not_found",
        ),
        (
            "FATAL: [ssh-agent] Could not find specified credentials\n",
            "ci_credential_missing",
        ),
        (
            "Error: The ssh-private-key argument is empty. Maybe the secret has not been configured, or you are using a wrong secret name in your workflow file.\n",
            "ci_credential_missing",
        ),
    ]);
    // Bitbucket's error body naming what it did not find is a 404 of the API.
    assert_eq!(
        http::status(b"{\"type\": \"error\", \"error\": {\"message\": \"Repository padawin/travels1 not found\"}}"),
        Some(404)
    );
}

#[test]
fn settings_counts_and_successes_that_name_a_failure_are_none() {
    for log in [
        "No payload errors\n",
        "Invalid payloads: 0\n",
        "Returns 400 if the payload is invalid.\n",
        "{\"status\":\"ok\",\"message\":\"Repository foo not found\"}\n",
        "Set log level to SEVERE only\n",
        "ContinueOnError: true\n",
        "onError: continue\n",
        "NoError: all good\n",
        "{\"error\": null, \"data\": 1}\n",
    ] {
        assert!(ids(log).is_empty(), "{log}: {:?}", ids(log));
    }
    assert_primaries(&[
        (
            "BitBucket::Error::NotFound: 404 (api.bitbucket.org)\n",
            "api_not_found",
        ),
        (
            "/app/sync.rb:12:in `fetch': 401 (BitBucket::Error::Unauthorized)\n",
            "api_credential_invalid",
        ),
        (
            "requests.exceptions.HTTPError: 401 for url: https://api.bitbucket.org/2.0/user\n",
            "api_credential_invalid",
        ),
    ]);
    // An error body's code is a failure, never silence.
    for log in [
        "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid refresh token\"}\n",
        "{\"error\":\"invalid_token\"}\n",
    ] {
        assert!(!ids(log).is_empty(), "{log}");
    }
}

#[test]
fn a_context_can_rank_its_reading_above_the_same_words_elsewhere() {
    // GitHub answers a tap that does not exist with a credential prompt; anywhere else the
    // prompt means no credentials.
    let tap = "==> Tapping someone/tools\nCloning into '/opt/homebrew/Library/Taps/someone/homebrew-tools'...\nfatal: could not read Username for 'https://github.com': terminal prompts disabled\nError: Failure while executing; `git clone https://github.com/someone/homebrew-tools` exited with 128.\n";
    let plain = "Cloning into 'tools'...\nfatal: could not read Username for 'https://github.com': terminal prompts disabled\n";
    assert_primaries(&[
        (tap, "repo_not_found"),
        (plain, "https_auth_failed"),
        (
            "brew tap someone/sq\nAuthentication failed for 'https://github.com/someone/homebrew-sq/'\n",
            "repo_not_found",
        ),
        // go get's own trace of the clone it runs.
        (
            "cd .; git clone https://github.com/o/r /home/u/go/src/github.com/o/r\nCloning into '/home/u/go/src/github.com/o/r'...\nfatal: could not read Username for 'https://github.com': terminal prompts disabled\npackage github.com/o/r/x: exit status 128\n",
            "go_private_module",
        ),
        (
            "ssh: unsupported key type \"OPENSSH PRIVATE KEY\"\n",
            "openssh_pem_format",
        ),
        (
            "ERROR - Unsupported key type ssh-rsa\n",
            "key_type_unsupported_by_client",
        ),
        (
            "remote: HTTP Basic: Access denied\nremote: You must use a personal access token with 'api' scope for Git over HTTP.\nfatal: Authentication failed for 'https://gitlab.com/u/p.git/'\n",
            "two_step_required",
        ),
        (
            "GET https://gitlab.com/api/v4/user: 401 {error: invalid_token}, {error_description: Token is expired.}\n",
            "api_credential_invalid",
        ),
    ]);
    // A role ansible-galaxy installed after the passphrase prompt: the passphrase was typed.
    let galaxy = "Starting galaxy role install process\nEnter passphrase for key '/home/u/.ssh/id_rsa':\n- extracting java to /home/u/roles/java\n- java (1.0.1) was installed successfully\n";
    assert!(ids(galaxy).is_empty(), "{:?}", ids(galaxy));
}

#[test]
fn failure_lines_in_more_shapes_are_never_silent() {
    for log in [
        "SSHAuthFailError(All authentication methods failed)\n",
        "TypeError (Cannot read property 'forEach' of undefined at Puller.names)\n",
        " [Error] Get \"/rest/api/1.0/projects/P/repos/r/raw/x\": unsupported protocol scheme \"\"\n",
        "2021-07-19T13:14:19  [E] Error initializing command - failed\n",
    ] {
        assert!(!ids(log).is_empty(), "{log}");
    }
    // Names and calls are no failure.
    for log in [
        "MyError(x)\n",
        "OnError(retry later)\n",
        "if (isError(x)) return\n",
    ] {
        assert!(ids(log).is_empty(), "{log}: {:?}", ids(log));
    }
    assert_primaries(&[
        // Azure DevOps' refusal through its REST API, and relayed by git.
        (
            "ERROR: TF400813: The user 'a' is not authorized to access this resource.\n",
            "api_credential_invalid",
        ),
        (
            "remote: TF400813: The user 'a' is not authorized to access this resource.\nfatal: Authentication failed for 'https://dev.azure.com/o/p/_git/r/'\n",
            "https_auth_failed",
        ),
        // A vim plugin manager clones public repositories, as Homebrew does.
        (
            "Cloning into '/home/u/.local/share/nvim/site/pack/lazy/opt/vim-fish'...\nfatal: could not read Username for 'https://github.com': terminal prompts disabled\n",
            "repo_not_found",
        ),
        (
            "failed to solve: failed to build LLB: no SSH key \"\" forwarded from the client\n",
            "agent_forwarding_missing",
        ),
        (
            "-- LIBSSH2 not found. Set CMAKE_PREFIX_PATH if it is installed outside of the default search path.\n",
            "client_without_ssh",
        ),
    ]);
}

#[test]
fn a_line_that_is_a_known_note_is_no_failure() {
    let log = "Cloning into '/workspace'...\nFailed to add the RSA host key for IP address '140.82.121.3' to the list of known hosts (/home/u/.ssh/known_hosts).\n";
    assert!(ids(log).is_empty(), "{:?}", ids(log));
    // The same note inside a failure's line does not hide the failure.
    let log = "fatal: could not clone: Failed to add the RSA host key for IP address '1.2.3.4' to the list of known hosts (/x).; error: exit 128\n";
    assert!(!ids(log).is_empty());
}
