use super::*;

fn derived(template: &str) -> Vec<Derived> {
    vec![Derived {
        id: "x".into(),
        label: "X".into(),
        template: template.into(),
        place: String::new(),
    }]
}

#[test]
fn every_bundled_file_loads_and_ids_match_files() {
    let all = profiles().expect("profiles parse");
    assert_eq!(all.len(), SOURCES.len());
    let ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["valohai", "circleci", "gemnasium", "hackolade", "other-ssh"]
    );
    let kinds: Vec<Kind> = all.iter().map(|p| p.kind).collect();
    assert!(kinds.contains(&Kind::OauthConsumer) && kinds.contains(&Kind::AccessTokenWebhook));
}

/// Every troubleshooting entry a bundled service names is in the catalog (checked here, not at
/// each start: the files are compiled in), and the check finds an id that is not.
#[test]
fn every_bundled_service_names_troubleshooting_entries_the_catalog_has() {
    let catalog = crate::core::catalog::catalog().expect("catalog");
    for p in profiles().expect("profiles parse") {
        assert_eq!(
            check::unknown_troubleshooting(&p, catalog),
            None,
            "{}",
            p.id
        );
    }
    let mut p = profile("valohai").expect("valohai");
    p.troubleshooting.push("no_such_entry".into());
    assert_eq!(
        check::unknown_troubleshooting(&p, catalog),
        Some("no_such_entry")
    );
}

#[test]
fn gemnasium_modes_match_the_guide() {
    let g = profile("gemnasium").expect("gemnasium");
    let scopes: Vec<(&str, Vec<&str>)> = g
        .mode
        .iter()
        .map(|m| (m.id.as_str(), m.scopes.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        scopes,
        [
            ("default", vec!["account", "repository", "webhook"]),
            ("login", vec!["account", "email"]),
            ("sync", vec!["repository", "webhook"]),
        ]
    );
    let base = base_url("gemnasium.example.com", &g.derived).expect("base");
    let callback = fill(
        &g.derived("callback").expect("callback").template,
        &base.base,
    );
    assert_eq!(
        callback,
        "https://gemnasium.example.com/auth/auth/bitbucket.org"
    );
    // The secret never appears in a command: only its variable.
    for m in &g.mode {
        for c in &m.commands {
            assert!(!c.contains("{secret}"), "{c}");
        }
    }
}

#[test]
fn a_broken_file_names_the_file_and_line() {
    let unknown =
        "id = \"x\"\norder = 1\nname = \"X\"\nkind = \"ssh_access_key\"\ncolour = \"red\"\n";
    let e = check::parse("x.toml", unknown).expect_err("unknown key");
    assert_eq!(e.line, 5, "{e}");
    assert!(
        e.to_string()
            .starts_with("assets/services/x.toml line 5: unknown field `colour`"),
        "{e}"
    );

    let missing = "id = \"x\"\norder = 1\nname = \"X\"\nkind = \"oauth_consumer\"\nsummary = \"s\"\nlabel_hint = \"l\"\npaste = []\n[next]\ntext = \"t\"\n";
    let e = check::parse("x.toml", missing).expect_err("no consumer");
    assert_eq!(e.line, 4, "{e}");
    assert!(e.message.contains("needs an [input]"), "{e}");

    let no_field = "id = \"x\"\norder = 1\nkind = \"ssh_access_key\"\n";
    let e = check::parse("x.toml", no_field).expect_err("no name");
    assert!(e.message.contains("missing field `name`"), "{e}");

    let wrong_kind = "id = \"x\"\norder = 1\nname = \"X\"\nkind = \"smoke_signal\"\n";
    let e = check::parse("x.toml", wrong_kind).expect_err("kind");
    assert_eq!(e.line, 4, "{e}");
    assert!(e.message.contains("ssh_access_key"), "{e}");

    let id = "id = \"y\"\norder = 1\nname = \"X\"\nkind = \"ssh_access_key\"\nsummary = \"s\"\nlabel_hint = \"l\"\n[[paste]]\nlabel = \"K\"\nvalue = \"private-key\"\nplace = \"p\"\n[next]\ntext = \"t\"\n";
    let e = check::parse("x.toml", id).expect_err("id");
    assert_eq!(
        (e.line, e.message.as_str()),
        (1, "id \"y\" must be the file's name (x)")
    );
    assert!(check::parse("y.toml", id).is_ok());
}

#[test]
fn a_placeholder_for_the_secret_is_refused() {
    let text = include_str!("../../../assets/services/gemnasium.toml")
        .replace("login {key}", "login {key} {secret}");
    let e = check::parse("gemnasium.toml", &text).expect_err("secret placeholder");
    assert!(e.message.contains("unknown placeholder {secret}"), "{e}");
}

#[test]
fn service_urls_are_read_repaired_or_refused() {
    let d = derived("{base}/gateway/public/sync");
    let ok = |t: &str| base_url(t, &d).map(|b| (b.base, b.repaired.is_some()));
    assert_eq!(
        ok("https://acme.hackolade.com"),
        Ok(("https://acme.hackolade.com".into(), false))
    );
    assert_eq!(
        ok("https://acme.hackolade.com/"),
        Ok(("https://acme.hackolade.com".into(), false))
    );
    assert_eq!(
        ok("acme.hackolade.com"),
        Ok(("https://acme.hackolade.com".into(), true))
    );
    assert_eq!(
        ok("https://acme.hackolade.com/gateway/public/sync"),
        Ok(("https://acme.hackolade.com".into(), true))
    );
    assert_eq!(
        ok("http://127.0.0.1:8080"),
        Ok(("http://127.0.0.1:8080".into(), false))
    );
    assert_eq!(
        ok("https://Hub.Example.com:8443"),
        Ok(("https://hub.example.com:8443".into(), false))
    );
    for (bad, why) in [
        ("http://hub.example.com", "https://hub.example.com"),
        ("https://hub.example.com/admin/panel", "path (/admin/panel)"),
        ("https://u:p@hub.example.com", "password"),
        ("https://hub.example.com/?x=1", "?…"),
        ("ftp://hub.example.com", "ftp://"),
        ("https://hub example.com", "spaces"),
        ("", "Empty"),
    ] {
        let e = base_url(bad, &d).expect_err(bad);
        assert!(e.contains(why), "{bad}: {e}");
    }
}

#[test]
fn values_that_would_break_at_runtime_are_refused() {
    let g = include_str!("../../../assets/services/gemnasium.toml");
    let h = include_str!("../../../assets/services/hackolade.toml");
    for (file, text, why) in [
        (
            "gemnasium.toml",
            g.replace("{base}/auth", "{base}auth"),
            "starting with /",
        ),
        (
            "gemnasium.toml",
            g.replace("\"account\", \"email\"", "\"account\", \"emails\""),
            "\"emails\" is not one of Bitbucket's scopes",
        ),
        (
            "gemnasium.toml",
            g.replace(
                "$OAUTH_CONSUMER_SECRET\\\" account",
                "$OAUTH_SECRET\\\" account",
            ),
            "$OAUTH_SECRET is not the consumer's secret_env",
        ),
        (
            "hackolade.toml",
            h.replace(
                "scopes = [\"repository\", \"webhook\"]",
                "scopes = [\"repository\", \"webhooks\"]",
            ),
            "\"webhooks\" is not one of Bitbucket's scopes",
        ),
    ] {
        let e = check::parse(file, &text).expect_err(why);
        assert!(e.message.contains(why), "{e}");
    }
    let valohai = include_str!("../../../assets/services/valohai.toml").to_string()
        + "\n[[paste]]\nlabel = \"X\"\nvalue = \"derived\"\nderived = \"x\"\nplace = \"p\"\n";
    let e = check::parse("valohai.toml", &valohai).expect_err("derived on ssh");
    assert!(
        e.message.contains("not one a ssh_access_key service has"),
        "{e}"
    );
}
