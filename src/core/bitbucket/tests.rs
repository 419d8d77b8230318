use super::access_keys::{parse_page, review};
use super::failure::{Answer, classify, error_text};
use super::*;
use crate::core::secret::Secret;

const ED: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

fn cloud() -> ApiTarget {
    ApiTarget::derive("git@bitbucket.org:team/app.git", None).expect("cloud")
}

#[test]
fn the_target_follows_the_clone_url_or_the_api_url() {
    let t = cloud();
    assert_eq!(t.flavor, ApiFlavor::Cloud);
    assert_eq!(
        t.list(None).url.as_str(),
        "https://api.bitbucket.org/2.0/repositories/team/app/deploy-keys?pagelen=100"
    );
    assert_eq!(
        t.page(),
        "https://bitbucket.org/team/app/admin/access-keys/"
    );
    let dc = ApiTarget::derive("https://bb.example.com/scm/PROJ/repo.git", None).expect("dc");
    assert_eq!(dc.flavor, ApiFlavor::DataCenter);
    assert_eq!(
        dc.add(ED, "x").url.as_str(),
        "https://bb.example.com/rest/keys/1.0/projects/PROJ/repos/repo/ssh"
    );
    assert_eq!(
        dc.add(ED, "x").body.expect("body")["permission"],
        "REPO_READ"
    );
    assert_eq!(
        dc.remove(7).url.as_str(),
        "https://bb.example.com/rest/keys/1.0/projects/PROJ/repos/repo/ssh/7"
    );
    let local = ApiTarget::derive(
        "ssh://git@127.0.0.1:2222/ws/r.git",
        Some("http://127.0.0.1:9/2.0/"),
    )
    .expect("loopback");
    assert_eq!(local.flavor, ApiFlavor::Cloud);
    assert_eq!(
        local.repository().url.as_str(),
        "http://127.0.0.1:9/2.0/repositories/ws/r"
    );
    let local_dc = ApiTarget::derive(
        "ssh://git@127.0.0.1:2222/ws/r.git",
        Some("http://localhost:9"),
    )
    .expect("loopback dc");
    assert_eq!(local_dc.flavor, ApiFlavor::DataCenter);
}

#[test]
fn a_name_bitbucket_cannot_have_is_refused_before_any_request() {
    let err = ApiTarget::derive(
        "https://bitbucket.org/te\u{1b}]52;c;aGk=\u{7}am/app.git",
        None,
    )
    .expect_err("not a workspace");
    let said = err.to_string();
    assert!(said.contains("is not valid"), "{said}");
    assert!(
        !said.contains('\u{1b}') && !said.contains('\u{7}'),
        "{said:?}"
    );
    for fine in [
        "ssh://git@bb.example.com:7999/~alice/repo.git",
        "git@ssh.bitbucket.org:Team_X/My.Repo.git",
    ] {
        assert!(ApiTarget::derive(fine, None).is_ok(), "{fine}");
    }
}

#[test]
fn plain_http_is_refused_off_loopback_and_unknown_hosts_need_an_api_url() {
    let err = ApiTarget::derive(
        "git@bitbucket.org:a/b.git",
        Some("http://api.example.com/2.0"),
    )
    .expect_err("plain http");
    assert!(err.to_string().contains("plain http"), "{err}");
    assert!(
        ApiTarget::derive(
            "git@bitbucket.org:a/b.git",
            Some("https://u:p@x.example/2.0")
        )
        .is_err()
    );
    assert!(matches!(
        ApiTarget::derive("ssh://git@127.0.0.1:2222/ws/r.git", None),
        Err(TargetError::UnknownServer(_))
    ));
}

#[test]
fn tokens_of_the_wrong_kind_are_refused_before_any_request() {
    let cred = |email: Option<&str>, token: &str| Credential {
        email: email.map(str::to_string),
        token: Secret::new(token.to_string()),
    };
    let refuse = |c: &Credential, op| c.refuse(ApiFlavor::Cloud, op).map(|f| f.message);
    assert!(
        refuse(&cred(Some("a@b.c"), "ATBB123"), Operation::List)
            .expect("app password")
            .contains("app password")
    );
    assert!(
        refuse(&cred(None, "ATCTT3xF"), Operation::Add)
            .expect("access token")
            .contains("access token")
    );
    assert_eq!(
        refuse(&cred(None, "ATCTT3xF"), Operation::List),
        None,
        "access tokens may list"
    );
    assert!(
        refuse(&cred(None, "ATATT3x"), Operation::List)
            .expect("needs email")
            .contains("email")
    );
    assert_eq!(
        refuse(&cred(Some("a@b.c"), "ATATT3x"), Operation::Add),
        None
    );
    assert!(
        cred(None, "anything")
            .refuse(ApiFlavor::DataCenter, Operation::Add)
            .is_none()
    );
    assert!(refuse(&cred(Some("a@b.c"), ""), Operation::Add).is_some());
}

#[test]
fn answers_are_diagnosed_with_the_scopes_bitbucket_names() {
    let t = cloud();
    let body = r#"{"type":"error","error":{"message":"Your credentials lack one or more required privilege scopes.","detail":{"required":["admin:repository:bitbucket"],"granted":["read:repository:bitbucket"]}}}"#;
    let a = Answer {
        status: 403,
        scopes: None,
        retry_after: None,
        rate_limit: None,
        body,
    };
    let f = classify(&a, Operation::Add, &t, false);
    assert_eq!(f.id, ApiFindingId::ApiScopeMissing);
    assert_eq!(f.required, ["admin:repository:bitbucket"]);
    let hostile = r#"{"type":"error","error":{"message":"x","detail":{"required":["\u001b]52;c;ZXZpbA==\u0007"],"granted":["\u001b[2J"]}}}"#;
    let h = classify(
        &Answer {
            status: 403,
            scopes: None,
            retry_after: None,
            rate_limit: None,
            body: hostile,
        },
        Operation::Add,
        &t,
        false,
    );
    assert!(
        !format!("{:?} {}", h.granted, h.message).contains('\x1b')
            && !h.required[0].contains('\x1b')
    );
    assert_eq!(
        f.granted.as_deref(),
        Some(&["read:repository:bitbucket".to_string()][..])
    );
    assert!(f.message.contains("admin:repository:bitbucket"));
    let a = Answer {
        status: 401,
        scopes: None,
        retry_after: None,
        rate_limit: None,
        body: r#"{"type":"error","error":{"message":"API Token provided has no Bitbucket scopes"}}"#,
    };
    assert!(
        classify(&a, Operation::List, &t, false)
            .message
            .contains("no Bitbucket scopes")
    );
    let a = Answer {
        status: 404,
        scopes: None,
        retry_after: None,
        rate_limit: None,
        body: "",
    };
    assert_eq!(
        classify(&a, Operation::List, &t, false).id,
        ApiFindingId::RepoNotFound
    );
    let a = Answer {
        status: 400,
        scopes: None,
        retry_after: None,
        rate_limit: None,
        body: r#"{"type":"error","error":{"message":"Bad request","fields":{"key":["Someone has already registered that SSH key."]}}}"#,
    };
    assert_eq!(
        classify(&a, Operation::Add, &t, false).id,
        ApiFindingId::KeyAlreadyInUse
    );
    let a = Answer {
        status: 400,
        scopes: None,
        retry_after: None,
        rate_limit: None,
        body: r#"{"type":"error","error":{"message":"Invalid deploy key inputs"}}"#,
    };
    assert_eq!(
        classify(&a, Operation::Add, &t, false).id,
        ApiFindingId::ApiKeyRejected
    );
    assert!(!error_text("{\"errors\":[{\"message\":\"x\\u001b[31m\"}]}").contains('\x1b'));
}

#[test]
fn pages_of_both_flavors_are_read_and_reviewed() {
    let cloud_page = format!(
        r#"{{"values":[{{"id":3,"key":"{ED}","label":"ci","created_on":"2020-01-02T03:04:05.123456+00:00","last_used":null}}],"next":"https://api.bitbucket.org/2.0/x?page=2"}}"#
    );
    let mut page = parse_page(ApiFlavor::Cloud, &cloud_page).expect("page");
    assert_eq!(
        page.next.as_deref(),
        Some("https://api.bitbucket.org/2.0/x?page=2")
    );
    let fp = page.keys[0].fingerprint.clone();
    assert!(fp.starts_with("SHA256:"));
    review(
        &mut page.keys,
        time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20000),
        365,
        Some(&fp),
    );
    assert!(page.keys[0].flags.old && page.keys[0].flags.this_key && !page.keys[0].flags.weak);
    let dc_page = format!(
        r#"{{"values":[{{"key":{{"id":9,"text":"{ED} me@host","label":"dc"}},"permission":"REPO_READ"}}],"isLastPage":false,"nextPageStart":25}}"#
    );
    let page = parse_page(ApiFlavor::DataCenter, &dc_page).expect("dc page");
    assert_eq!((page.keys[0].id, page.next_start), (9, Some(25)));
    assert_eq!(
        page.keys[0].fingerprint, fp,
        "compared by fingerprint, comment aside"
    );
}

#[test]
fn a_duplicate_on_this_repository_is_told_from_a_key_in_use_elsewhere() {
    use super::failure::already_here;
    let answer = |status, body| Answer {
        status,
        scopes: None,
        retry_after: None,
        rate_limit: None,
        body,
    };
    let cloud = r#"{"type":"error","error":{"message":"Bad request","fields":{"key":["Someone has already added that access key to this repository."]}}}"#;
    assert!(already_here(&answer(400, cloud)));
    let old_shape =
        r#"{"key":[{"message":"Someone has already added that access key to this repository."}]}"#;
    assert!(already_here(&answer(400, old_shape)));
    let dc = r#"{"errors":[{"message":"SSH key already provides access to this repository","exceptionName":"com.atlassian.bitbucket.ssh.DuplicateSshKeyException"}]}"#;
    assert!(already_here(&answer(409, dc)));
    let account = r#"{"errors":[{"message":"This SSH key is already assigned to 'alice'."}]}"#;
    assert!(!already_here(&answer(409, account)));
    let t = cloud_target();
    assert_eq!(
        classify(&answer(409, account), Operation::Add, &t, false).id,
        ApiFindingId::KeyAlreadyInUse
    );
}

fn cloud_target() -> ApiTarget {
    cloud()
}

#[test]
fn a_token_refused_the_repository_is_told_about_reading_not_access_keys() {
    let a = Answer {
        status: 403,
        scopes: None,
        retry_after: None,
        rate_limit: None,
        body: r#"{"type":"error","error":{"message":"Access denied"}}"#,
    };
    let f = classify(&a, Operation::Repository, &cloud(), true);
    assert_eq!(f.id, ApiFindingId::ApiScopeMissing);
    assert!(f.message.contains("may not read team/app"), "{}", f.message);
    assert!(f.fix.contains("Repositories: Read"), "{}", f.fix);
    assert!(
        !format!("{} {}", f.message, f.fix).contains("access key"),
        "{f:?}"
    );
}

#[test]
fn an_unknown_answer_of_the_token_endpoint_is_quoted_and_named() {
    use super::oauth::{Need, judge};
    let need = Need {
        scopes: vec!["repository".into()],
        permissions: "Repositories: Read".into(),
    };
    let said = |status, body| {
        let c = judge(status, body, &need);
        assert!(!c.ok);
        let f = &c.findings[0];
        format!("{} | {}", f.message, f.fix)
    };
    let limited = said(429, "<html><body>Rate limit exceeded</body></html>");
    assert!(
        limited.contains("limits the rate of requests (429)")
            && limited.contains("Rate limit exceeded")
            && limited.contains("rolling hour"),
        "{limited}"
    );
    let down = said(503, "upstream connect error");
    assert!(
        down.contains("had a problem (503)") && down.contains("\"upstream connect error\""),
        "{down}"
    );
    let junk = said(200, "\u{1b}]52;c;ZXZpbA==\u{7} welcome");
    assert!(
        junk.contains("answered 200") && junk.contains("welcome"),
        "{junk}"
    );
    assert!(
        !junk.contains('\u{1b}') && !junk.contains('\u{7}'),
        "{junk:?}"
    );
    assert!(said(502, "").contains("with an empty body"));
}
