//! Bitbucket's naming rules: Cloud workspace IDs and repository slugs (Atlassian's "What is a
//! slug?"), Data Center project keys and slugs, and the paths of Cloud pages that are not
//! workspaces.

/// First path segments of Bitbucket Cloud pages that are not workspaces.
pub(super) const RESERVED: [&str; 8] = [
    "account",
    "dashboard",
    "site",
    "repo",
    "product",
    "blog",
    "socialauth",
    "support",
];

/// The name without a `.git` ending (in any case).
pub(super) fn strip_git(name: &str) -> &str {
    match name.len().checked_sub(4) {
        Some(i) if name.is_char_boundary(i) && name[i..].eq_ignore_ascii_case(".git") => &name[..i],
        _ => name,
    }
}

/// A naming rule: why a name is not valid, or `None`.
pub(super) type Rule = fn(&str) -> Option<&'static str>;

/// Why a Cloud workspace ID is not valid (lowercase letters, digits, `-`, `_`; or a `{UUID}`).
/// The rules take names already percent-decoded.
pub(super) fn cloud_workspace_rule(ws: &str) -> Option<&'static str> {
    if is_uuid_form(ws) {
        return None;
    }
    (!ws.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    .then_some("workspace IDs have only letters, digits, '-' and '_'")
}

/// Why a Cloud repository slug is not valid (Atlassian's "What is a slug?").
pub(super) fn cloud_slug_rule(decoded: &str) -> Option<&'static str> {
    if is_uuid_form(decoded) {
        return None;
    }
    if decoded.is_empty() || decoded == "." || decoded == ".." {
        return Some("that is not a repository name");
    }
    if !decoded
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Some("slugs have only letters, digits, '-', '_' and '.'");
    }
    if decoded.len() > 62 {
        return Some("slugs have at most 62 characters");
    }
    if decoded.contains("--") {
        return Some("slugs never have two '-' in a row");
    }
    if decoded.ends_with('-') && !decoded.chars().all(|c| c == '-') {
        return Some("slugs do not end with '-'");
    }
    None
}

/// Why a Data Center project key is not valid (letters, digits, `_`; or `~user`).
pub(super) fn dc_project_rule(key: &str) -> Option<&'static str> {
    if let Some(user) = key.strip_prefix('~') {
        let plain = user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._@-".contains(c));
        return (user.is_empty() || !plain)
            .then_some("a personal repository's owner is ~ and a user name");
    }
    (!key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some("project keys have only letters, digits and '_'")
}

/// Why a Data Center repository slug is not valid.
pub(super) fn dc_slug_rule(slug: &str) -> Option<&'static str> {
    if !slug
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Some("slugs have only letters, digits, '-', '_' and '.'");
    }
    (!slug.starts_with(|c: char| c.is_ascii_alphanumeric()))
        .then_some("Data Center slugs start with a letter or digit")
}

pub(super) fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

pub(super) fn is_uuid_form(s: &str) -> bool {
    s.strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .is_some_and(|u| u.len() == 36 && u.chars().all(|c| c.is_ascii_hexdigit() || c == '-'))
}
