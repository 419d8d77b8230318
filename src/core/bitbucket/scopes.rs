//! Scopes as Bitbucket reports them (`x-oauth-scopes`, a token answer's `scopes`) and what a
//! purpose needs. A `:write` scope includes its read scope; `:admin` does not (Bitbucket's
//! documented rule for access tokens).

/// What a token check learned: the scopes Bitbucket reported (`x-oauth-scopes`, which
/// Atlassian's API documentation does not promise: `None` when absent, and always on Data
/// Center), and whether listing the repository's webhooks succeeded (tried when the scopes are
/// not reported: what a harmless request can prove).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenFacts {
    /// The scopes, when reported.
    pub scopes: Option<Vec<String>>,
    /// Listing the repository's webhooks succeeded.
    pub lists_hooks: bool,
}

/// The scopes in a header or answer: separated by commas or spaces.
pub fn parse(list: &str) -> Vec<String> {
    list.split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| crate::core::display::terminal_safe(s).into_owned())
        .collect()
}

fn has(granted: &[String], scope: &str) -> bool {
    granted
        .iter()
        .any(|g| g == scope || g.strip_suffix(":write") == Some(scope))
}

/// The `required` scopes `granted` lacks.
pub fn missing(granted: &[String], required: &[&str]) -> Vec<String> {
    required
        .iter()
        .filter(|r| !has(granted, r))
        .map(|r| (*r).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_includes_read_but_admin_does_not() {
        let granted = parse("repository:write, webhook");
        assert!(missing(&granted, &["repository", "webhook"]).is_empty());
        let granted = parse("repository:admin pullrequest");
        assert_eq!(
            missing(&granted, &["repository", "webhook"]),
            ["repository", "webhook"]
        );
    }
}
