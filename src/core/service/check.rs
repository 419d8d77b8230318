//! Reading one service file: TOML into a profile, then the rules TOML cannot say (what each
//! kind must declare, which values and placeholders exist). Every error names the file and the
//! line, so a broken file is fixed without guessing.

use std::collections::HashSet;

use super::{Kind, PasteValue, ServiceProfile};

/// A service file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("assets/services/{file} line {line}: {message}")]
pub struct ProfileError {
    /// The file's name.
    pub file: String,
    /// The line (1-based) the problem is on, or near.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The 1-based line of byte `at` in `text`.
fn line_at(text: &str, at: usize) -> usize {
    text.get(..at.min(text.len()))
        .map_or(1, |before| before.matches('\n').count() + 1)
}

/// The line where `key` is set or its table starts (`key =`, `[key]`, `[[key]]`); the first
/// line when it is absent.
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
                || l.trim_start_matches('[').trim_end_matches(']') == key && l.starts_with('[')
        })
        .map_or(1, |i| i + 1)
}

/// The line where `value` appears first (a string value being reported).
fn line_with(text: &str, value: &str) -> usize {
    text.find(value).map_or(1, |at| line_at(text, at))
}

/// The `{name}` placeholders of a template.
fn placeholders(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The scopes Bitbucket grants OAuth consumers and access tokens (its names).
const SCOPES: &[&str] = &[
    "account",
    "account:write",
    "email",
    "team",
    "team:write",
    "project",
    "project:admin",
    "repository",
    "repository:write",
    "repository:admin",
    "repository:delete",
    "pullrequest",
    "pullrequest:write",
    "issue",
    "issue:write",
    "wiki",
    "snippet",
    "snippet:write",
    "webhook",
    "pipeline",
    "pipeline:write",
    "pipeline:variable",
    "runner",
    "runner:write",
];

/// A scope that is not one of Bitbucket's (a typo would make a check that can never pass).
fn unknown_scope(scopes: &[String]) -> Option<&String> {
    scopes.iter().find(|s| !SCOPES.contains(&s.as_str()))
}

/// The `$NAME` variables a command reads.
fn variables(command: &str) -> Vec<&str> {
    command
        .split('$')
        .skip(1)
        .map(|rest| {
            let end = rest
                .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// Parses and checks one file.
pub(super) fn parse(file: &str, text: &str) -> Result<ServiceProfile, ProfileError> {
    let err = |line: usize, message: String| ProfileError {
        file: file.to_string(),
        line,
        message,
    };
    let profile: ServiceProfile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_at(text, s.start));
        err(line, e.message().trim().to_string())
    })?;
    let stem = file.strip_suffix(".toml").unwrap_or(file);
    if profile.id != stem {
        return Err(err(
            line_of(text, "id"),
            format!("id \"{}\" must be the file's name ({stem})", profile.id),
        ));
    }
    kind_rules(&profile, text).map_err(|(line, m)| err(line, m))?;
    values_rules(&profile, text).map_err(|(line, m)| err(line, m))?;
    Ok(profile)
}

type Found = (usize, String);

/// What each kind must (and must not) declare.
fn kind_rules(p: &ServiceProfile, text: &str) -> Result<(), Found> {
    let kind_line = line_of(text, "kind");
    let need = |present: bool, what: &str| {
        if present {
            Ok(())
        } else {
            Err((
                kind_line,
                format!("kind = \"{}\" needs {what}", kind_name(p.kind)),
            ))
        }
    };
    let refuse = |present: bool, what: &str| {
        if present {
            Err((
                line_of(text, what),
                format!("[{what}] is not used by kind = \"{}\"", kind_name(p.kind)),
            ))
        } else {
            Ok(())
        }
    };
    match p.kind {
        Kind::SshAccessKey => {
            need(
                p.paste.iter().any(|x| x.value == PasteValue::PrivateKey),
                "a [[paste]] with value = \"private-key\"",
            )?;
            refuse(p.input.is_some(), "input")?;
            refuse(p.consumer.is_some(), "consumer")?;
            refuse(!p.mode.is_empty(), "mode")?;
            refuse(p.token.is_some(), "token")?;
            refuse(p.webhook.is_some(), "webhook")?;
        }
        Kind::OauthConsumer => {
            need(p.input.is_some(), "an [input] (the service's URL)")?;
            need(p.consumer.is_some(), "a [consumer] section")?;
            need(!p.mode.is_empty(), "at least one [[mode]]")?;
            refuse(p.token.is_some(), "token")?;
            refuse(p.webhook.is_some(), "webhook")?;
        }
        Kind::AccessTokenWebhook => {
            need(p.input.is_some(), "an [input] (the service's URL)")?;
            need(p.token.is_some(), "a [token] section")?;
            need(p.webhook.is_some(), "a [webhook] section")?;
            refuse(p.consumer.is_some(), "consumer")?;
            refuse(!p.mode.is_empty(), "mode")?;
        }
    }
    Ok(())
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::SshAccessKey => "ssh_access_key",
        Kind::OauthConsumer => "oauth_consumer",
        Kind::AccessTokenWebhook => "access_token_webhook",
    }
}

/// Values, placeholders and references.
fn values_rules(p: &ServiceProfile, text: &str) -> Result<(), Found> {
    let mut ids = HashSet::new();
    for d in &p.derived {
        if !ids.insert(d.id.as_str()) {
            return Err((
                line_with(text, &d.template),
                format!("derived id \"{}\" is used twice", d.id),
            ));
        }
        let rest = d.template.strip_prefix("{base}");
        let path_ok = rest.is_some_and(|r| r.is_empty() || r.starts_with('/'));
        if !path_ok || placeholders(&d.template) != ["base"] {
            return Err((
                line_with(text, &d.template),
                format!(
                    "template \"{}\" must be {{base}} followed by nothing or a path starting with /",
                    d.template
                ),
            ));
        }
    }
    for x in &p.paste {
        let line = line_with(text, &format!("label = \"{}\"", x.label));
        let fits = if x.value == PasteValue::Derived {
            p.kind != Kind::SshAccessKey
        } else {
            x.value.kind() == p.kind
        };
        if !fits {
            return Err((
                line,
                format!(
                    "paste \"{}\": this value is not one a {} service has",
                    x.label,
                    kind_name(p.kind)
                ),
            ));
        }
        match (&x.value, &x.derived) {
            (PasteValue::Derived, Some(id)) if ids.contains(id.as_str()) => {}
            (PasteValue::Derived, Some(id)) => {
                return Err((
                    line,
                    format!("paste \"{}\": no [[derived]] has id \"{id}\"", x.label),
                ));
            }
            (PasteValue::Derived, None) => {
                return Err((
                    line,
                    format!(
                        "paste \"{}\": value = \"derived\" needs derived = \"<id>\"",
                        x.label
                    ),
                ));
            }
            (_, Some(_)) => {
                return Err((
                    line,
                    format!(
                        "paste \"{}\": derived = … goes only with value = \"derived\"",
                        x.label
                    ),
                ));
            }
            (_, None) => {}
        }
    }
    consumer_rules(p, text)
}

/// The consumer, its modes and commands, the webhook, the token and the catalog entries.
fn consumer_rules(p: &ServiceProfile, text: &str) -> Result<(), Found> {
    if let Some(c) = &p.consumer {
        if placeholders(&c.link) != ["workspace"] {
            return Err((
                line_of(text, "link"),
                "link must hold {workspace} and no other placeholder".into(),
            ));
        }
        let env_ok = !c.secret_env.is_empty()
            && c.secret_env
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_');
        if !env_ok {
            return Err((
                line_of(text, "secret_env"),
                "secret_env must be an environment variable's name (A-Z, 0-9, _)".into(),
            ));
        }
    }
    let mut modes = HashSet::new();
    for m in &p.mode {
        let line = line_with(text, &format!("id = \"{}\"", m.id));
        if !modes.insert(m.id.as_str()) {
            return Err((line, format!("mode id \"{}\" is used twice", m.id)));
        }
        if m.scopes.is_empty() || m.commands.is_empty() {
            return Err((line, format!("mode \"{}\" needs scopes and commands", m.id)));
        }
        if let Some(bad) = unknown_scope(&m.scopes) {
            return Err((
                line_with(text, &format!("\"{bad}\"")),
                format!(
                    "mode \"{}\": \"{bad}\" is not one of Bitbucket's scopes",
                    m.id
                ),
            ));
        }
        let env = p.consumer.as_ref().map_or("", |c| c.secret_env.as_str());
        for c in &m.commands {
            if let Some(var) = variables(c).into_iter().find(|v| *v != env) {
                return Err((
                    line_with(text, &format!("${var}")),
                    format!(
                        "mode \"{}\": ${var} is not the consumer's secret_env ({env}): nothing would set it",
                        m.id
                    ),
                ));
            }
            if let Some(bad) = placeholders(c)
                .into_iter()
                .find(|n| !matches!(*n, "key" | "base"))
            {
                return Err((
                    line_with(text, c.split('{').next().unwrap_or(c)),
                    format!(
                        "mode \"{}\": unknown placeholder {{{bad}}} (the secret is only ever read from the environment variable)",
                        m.id
                    ),
                ));
            }
        }
    }
    if let (Some(w), Kind::AccessTokenWebhook) = (&p.webhook, p.kind)
        && p.derived(&w.url).is_none()
    {
        return Err((
            line_of(text, "url"),
            format!("[webhook] url = \"{}\": no [[derived]] has that id", w.url),
        ));
    }
    if let Some(t) = &p.token
        && (t.scopes.is_empty() || t.cloud.is_empty() || t.data_center.is_empty())
    {
        return Err((
            line_of(text, "token"),
            "[token] needs scopes and the steps for both flavors".into(),
        ));
    }
    if let Some(bad) = p.token.as_ref().and_then(|t| unknown_scope(&t.scopes)) {
        return Err((
            line_with(text, &format!("\"{bad}\"")),
            format!("[token] \"{bad}\" is not one of Bitbucket's scopes"),
        ));
    }
    // The troubleshooting ids are checked against the catalog by a test over the bundled
    // files (`unknown_troubleshooting`): the files are compiled in, so a start need not parse
    // the catalog to check them again.
    Ok(())
}

/// The first troubleshooting id of `p` that the catalog does not have.
#[cfg(test)]
pub fn unknown_troubleshooting<'a>(
    p: &'a ServiceProfile,
    catalog: &crate::core::catalog::Catalog,
) -> Option<&'a str> {
    p.troubleshooting
        .iter()
        .find(|id| catalog.get(id).is_none())
        .map(String::as_str)
}
