use super::*;

#[test]
fn a_long_line_full_of_keys_is_hidden_in_one_pass() {
    let line = "token=abc Password: \"p w\" ".repeat(2_000);
    assert_eq!(
        super::line(&line),
        "token=**** Password: \"****\" ".repeat(2_000)
    );
}

#[test]
fn passwords_that_break_a_url_and_other_tools_secrets_are_hidden() {
    let cases = [
        "fatal: unable to access 'https://alice:Xk9/Qm2rT8vLp@bitbucket.org/a/b.git/': URL rejected",
        "fatal: unable to access 'https://alice:SEC RET6x@bitbucket.org/a/b.git/'",
        "fatal: unable to access 'https://alice:SECRET9x/@bitbucket.org/a/b.git/'",
        "curl -sSf -u ci-bot:Zq8wLm3vRt6 -X POST https://h/rest/api/1.0/x",
        "curl --user ci-bot:Zq8wLm3vRt6 https://h/x",
        "sshpass -p Zq8wLm3vRt6 ssh host",
        "{\"x-hub-signature\":\"sha256=Zq8wLm3vRt6\",\"cookie\": \"s=Zq8wLm3vRt6\"}",
        "{\"authorization\":\"token Zq8wLm3vRt6\"}",
        "token ghp_Zq8wLm3vRt6abcdefghijklmnopqrstuv rejected",
        "token BBDC-Zq8wLm3vRt6NzE2MzQ1Njc4 rejected",
        "token glpat-Zq8wLm3vRt6abcdefgh rejected",
    ];
    for case in cases {
        assert!(!super::line(case).contains("Zq8wLm3vRt6"), "{case}");
        assert!(!super::line(case).contains("Qm2rT8vLp"), "{case}");
        assert!(!super::line(case).contains("RET6x"), "{case}");
        assert!(!super::line(case).contains("SECRET9x"), "{case}");
    }
    // What is not a secret stays.
    for kept in [
        "git push -u origin main",
        "see https://host:8080/path/a@b.c",
        "X-Atlassian-Token: no-check",
    ] {
        assert_eq!(super::line(kept), kept);
    }
}

#[test]
fn a_key_cut_short_is_hidden_and_what_follows_shown() {
    let text = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5v\nLoad key: invalid format\n-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\ndone";
    assert_eq!(
        super::text(text),
        "[private key: 2 lines hidden]\nLoad key: invalid format\n[private key: 5 lines hidden]\ndone"
    );
}

#[test]
fn secrets_in_a_line_are_hidden() {
    let cases = [
        (
            "fatal: https://me:hunter2@bitbucket.org/a/b.git",
            "me:****@bitbucket.org",
            "hunter2",
        ),
        ("GET /x?token=abc123&y=1", "token=****&y=1", "abc123"),
        (
            "Authorization: Basic dXNlcjpwYXNz",
            "Authorization: ****",
            "dXNlcjpwYXNz",
        ),
        (
            "curl -H 'Authorization: Bearer eyJhbGciOi'",
            "Authorization: ****",
            "eyJhbGciOi",
        ),
        (
            "X-Hub-Signature: sha256=deadbeef",
            "X-Hub-Signature: ****",
            "deadbeef",
        ),
        (
            "git clone https://x-token-auth:ATCTT3xFfGN0@bitbucket.org/w/r.git",
            "x-token-auth:****@",
            "ATCTT3xFfGN0",
        ),
        ("export WEBHOOK_SECRET=s3cr3t", "SECRET=****", "s3cr3t"),
    ];
    for (input, shown, hidden) in cases {
        let out = line(input);
        assert!(out.contains(shown), "{input} → {out}");
        assert!(!out.contains(hidden), "{input} → {out}");
    }
    assert_eq!(line("plain words"), "plain words");
    for (input, hidden) in [
        ("x token='éé' y", "éé"),
        ("password: hunter2", "hunter2"),
        (
            "GET /2.0/repositories/acme?pass=s3cr3t&sig=abc123",
            "s3cr3t",
        ),
        (
            "GET /2.0/repositories/acme?pass=s3cr3t&sig=abc123",
            "abc123",
        ),
        (
            "headers={'Authorization': 'token gh0stly'}  Forbidden",
            "gh0stly",
        ),
        (r#"{"token": "abc123", "n": 1}"#, "abc123"),
        ("API_KEY=k3y", "k3y"),
        (
            "git clone https://ATCTT3xFf@bitbucket.org/w/r.git",
            "ATCTT3xFf",
        ),
        ("mysql --password s3cr3t", "s3cr3t"),
        (
            "fatal: refused token ATCTT3xFfGN0abcdefghij",
            "ATCTT3xFfGN0abcdefghij",
        ),
        (
            "ATATT3xFfGN0abcdefghij at the start",
            "ATATT3xFfGN0abcdefghij",
        ),
    ] {
        assert!(!line(input).contains(hidden), "{input} → {}", line(input));
    }
    // URLs inside JSON strings and percent-encoded parameters.
    for (input, shown, hidden) in [
        (
            r#"{"url": "https:\/\/me:hunter2@bitbucket.org\/a\/b.git"}"#,
            r"https:\/\/me:****@bitbucket.org\/a",
            "hunter2",
        ),
        (
            r#"{"href":"https:\/\/ATCTT3xFfGN0@bitbucket.org\/a"}"#,
            r"https:\/\/****@bitbucket.org",
            "ATCTT3xFfGN0",
        ),
        (
            "GET /cb?next=https%3A%2F%2Fx-token-auth%3As3cr3tv4l%40bitbucket.org%2Fa%2Fb.git&x=1",
            "https%3A%2F%2Fx-token-auth%3A****%40bitbucket.org%2Fa",
            "s3cr3tv4l",
        ),
        (
            "redirect=https%3a%2f%2fTOKENVALUE%40bitbucket.org%2f",
            "https%3a%2f%2f****%40bitbucket.org",
            "TOKENVALUE",
        ),
    ] {
        let out = line(input);
        assert!(out.contains(shown), "{input} → {out}");
        assert!(!out.contains(hidden), "{input} → {out}");
    }
    // Encoded again, mixed, escaped inside the password, as HTML: hidden all the same.
    for (input, hidden) in [
        (
            "error: next=https%253A%252F%252Fme%253AATATT3xFfGF0abcdefghijklmnopqrstuvwxyz0123%2540bitbucket.org",
            "ATATT3xFfGF0",
        ),
        (
            "https%253A%252F%252FATATT3xFfGF0abcdefghijk%2540host",
            "ATATT3xFfGF0",
        ),
        (
            "https%25253A%25252F%25252Fme%25253As3cr3tv4l%252540host",
            "s3cr3tv4l",
        ),
        (r"https:\u002F\u002Fme:s3cr3tv4l@host", "s3cr3tv4l"),
        (r"https:\u002f\u002fme:s3cr3tv4l\u0040host", "s3cr3tv4l"),
        (r"https\u003a\/\/me:s3cr3tv4l@host", "s3cr3tv4l"),
        (
            "https%3A%2F%2Fx-token-auth%3As3cr3tv4l@bitbucket.org%2Fa",
            "s3cr3tv4l",
        ),
        ("https://me%3As3cr3tv4l%40host/a", "s3cr3tv4l"),
        ("https%3A//me%3As3cr3tv4l%40host", "s3cr3tv4l"),
        ("https:%2F%2Fme%3As3cr3tv4l%40host", "s3cr3tv4l"),
        (r"https:/\/me:s3cr3tv4l@host", "s3cr3tv4l"),
        (r#""https:\/\/me:ab\"s3cr3tv4l@host""#, "s3cr3tv4l"),
        (r#""https:\/\/me:ab\\s3cr3tv4l@host""#, "s3cr3tv4l"),
        (
            r#""https:\\/\\/me:s3cr3tv4l@bitbucket.org\\/a""#,
            "s3cr3tv4l",
        ),
        (r#"{"u": "\/\/me:s3cr3tv4l@bitbucket.org\/a"}"#, "s3cr3tv4l"),
        (
            "https%3A%2F%2Fme%3Aab%252Fs3cr3tv4l%40bitbucket.org%2Fa",
            "s3cr3tv4l",
        ),
        (
            "https&#x3A;&#x2F;&#x2F;me&#x3A;s3cr3tv4l&#x40;host",
            "s3cr3tv4l",
        ),
    ] {
        assert!(!line(input).contains(hidden), "{input} → {}", line(input));
    }
    // What ends an encoded URL's host keeps what follows.
    assert_eq!(
        line("error: next=https%3A%2F%2Fbitbucket.org,cc=me%40example.com"),
        "error: next=https%3A%2F%2Fbitbucket.org,cc=me%40example.com"
    );
    // An encoded URL with no credentials, and an SSH user, stay as they are.
    for plain in [
        "next=https%3A%2F%2Fbitbucket.org%2Fa%2Fb",
        r#"{"url": "ssh:\/\/git@bitbucket.org\/a\/b.git"}"#,
        "a %3a%2f%2f at the end",
    ] {
        assert_eq!(line(plain), plain);
    }
    assert_eq!(line("token="), "token=", "an empty value");
    assert_eq!(
        line("token=\x27\x27 é"),
        "token=\x27\x27 é",
        "an empty quoted value"
    );
    assert!(!line("\x1b]52;c;aGk=\x07").contains('\x1b'));
}

#[test]
fn keys_inside_a_line_and_signature_digests_are_hidden() {
    let l = line(
        "SSH_PRIVATE_KEY=\"-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA\\n-----END OPENSSH PRIVATE KEY-----\" ok",
    );
    assert!(!l.contains("b3BlbnNzaC1rZXkt"), "{l}");
    assert!(l.ends_with("\" ok"), "the rest of the line stays: {l}");
    // A key's body pasted without its BEGIN line.
    let body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW";
    assert_eq!(line(body), "[key data hidden]");
    let next = "QyNTUxOQAAACDT9Lk3cuy1/kjqbROQgxovoTLJcrqtMU4ylU/KVZ6pWwAAAJCcpVwhnKVc";
    assert_eq!(line(&format!("  {next}")), "  [key data hidden]");
    assert_eq!(line(&format!("key: {body}")), "key: [key data hidden]");
    // A PKCS#1 body on one line, and one line of it on each error line.
    let pkcs1 = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwIDAQABAoIBAQCh";
    assert_eq!(
        line(&format!("fatal: invalid key: {pkcs1}")),
        "fatal: invalid key: [key data hidden]"
    );
    assert_eq!(
        line(&format!("error: unexpected {next}")),
        "error: unexpected [key data hidden]"
    );
    // Digests, paths and public keys stay.
    let digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    assert_eq!(
        line(&format!("commit {digest}")),
        format!("commit {digest}")
    );
    let path = "/var/lib/jenkins/workspace/project/src/main/java/com/example/service/impl";
    assert_eq!(line(path), path);
    // Other ways a token or password is written.
    for (secret_line, kept) in [
        ("error: x-token-auth:s3cr3tT0k3n rejected", "rejected"),
        ("error: SSH_PRIVATE_KEY=s3cr3tT0k3n invalid", "invalid"),
        (
            "error: webhook secret 's3cr3tT0k3n' does not match",
            "does not match",
        ),
        ("error: 401 X-Bitbucket-Token s3cr3tT0k3n", "401"),
        ("login refused (user alice, password s3cr3tT0k3n)", "alice"),
    ] {
        let shown = line(secret_line);
        assert!(
            !shown.contains("s3cr3tT0k3n") && shown.contains(kept),
            "{shown}"
        );
    }
    // Words after "secret" that are no secret stay.
    assert_eq!(line("webhook secret mismatch"), "webhook secret mismatch");
    let public =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINP0uTdy7LX+SOptE5CDGi+hMslyuq0xTjKVT8pVnqlb me@host";
    assert_eq!(line(public), public);
    let l = line("+ echo LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0K | base64 -d");
    assert!(!l.contains("LS0tLS1CRUdJT"), "{l}");
    assert!(l.ends_with(" | base64 -d"), "{l}");
    let digest = "4f1c0e2a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1";
    for text in [
        format!("error evaluating hook: invalid payload signature sha256={digest}"),
        format!("Provided signature [{digest}] did not match to calculated"),
    ] {
        let l = line(&text);
        assert!(!l.contains(digest), "{l}");
        assert!(l.contains("****"), "{l}");
    }
    // Words, short values and other scripts around the word are left alone.
    assert_eq!(line("signature mismatch"), "signature mismatch");
    assert_eq!(line("signature: é 12"), "signature: é 12");
}

#[test]
fn a_password_that_a_line_break_cut_is_hidden_to_the_end_of_the_line() {
    assert_eq!(
        line("fatal: Authentication failed for 'https://alice:SEC"),
        "fatal: Authentication failed for 'https://alice:****"
    );
    assert_eq!(
        line("https://bitbucket.org:7999"),
        "https://bitbucket.org:7999"
    );
    assert_eq!(
        line("see https://example.com:abc"),
        "see https://example.com:abc"
    );
}

#[test]
fn a_key_block_keeps_its_lines_when_asked() {
    let text =
        "a\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\nfatal: x";
    let same = text_same_lines(text);
    assert_eq!(same.lines().count(), 5, "{same}");
    assert_eq!(same.lines().nth(4), Some("fatal: x"));
    assert!(!same.contains("b3Bl"));
    assert_eq!(super::text(text).lines().count(), 3);
}

#[test]
fn a_named_secret_is_hidden_whatever_its_quoting_spacing_and_shape() {
    for (line, secret) in [
        (
            r#"{"status":"error","secret":"abc\"SEKRIT123"}"#,
            "SEKRIT123",
        ),
        (r#"{"status":"error","token":["SEKRIT123"]}"#, "SEKRIT123"),
        (
            r#"{"status":"error","token":{"value":"SEKRIT123"}}"#,
            "SEKRIT123",
        ),
        (r#"{"status":"error","secret" : "SEKRIT123"}"#, "SEKRIT123"),
        (
            r#"{"level":"error","body":"{\"password\":\"SEKRIT123\"}"}"#,
            "SEKRIT123",
        ),
        ("error: passphrase: SEKRIT123", "SEKRIT123"),
        ("X-Api-Key: SEKRIT123", "SEKRIT123"),
        (
            "SEVERE: header was bearer: SEKRIT1234567890",
            "SEKRIT1234567890",
        ),
        ("fatal: pwd: SEKRIT123", "SEKRIT123"),
    ] {
        let shown = super::line(line);
        assert!(!shown.contains(secret), "{line} -> {shown}");
        assert!(shown.contains("****"), "{line} -> {shown}");
    }
    // What only looks like a name keeps its value: a working directory, a count, a hash's name.
    let shown = super::line("error: PWD=/home/me tokens: 5 password_hash: abc \"user\": \"bob\"");
    for kept in ["/home/me", "tokens: 5", "password_hash: abc", "bob"] {
        assert!(shown.contains(kept), "{shown}");
    }
}
