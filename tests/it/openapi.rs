//! Atlassian's `OpenAPI` document for Bitbucket Cloud's REST API 2.0
//! (`tests/fixtures/bitbucket-cloud-openapi.json`, unchanged as Atlassian publishes it, sha256
//! 2afcab9e…6021726) as the oracle for every request bblink sends to the test server: the path
//! and method must exist, query parameters must be declared (or be the pagination parameters of
//! a paginated collection, as the document's "Pagination" section allows), and a write's body
//! must satisfy the document's schema: the operation's own, or for the writes that declare none,
//! `deploy_key` (deploy keys) and `webhook_subscription` (hooks). Requests are checked strictly;
//! answers leniently (only the types of the fields present), since some of Atlassian's own
//! examples break the schemas.

use std::sync::LazyLock;

use serde_json::Value;

static DOC: LazyLock<Value> = LazyLock::new(|| {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/bitbucket-cloud-openapi.json"
    ))
    .expect("the OpenAPI document");
    serde_json::from_str(&text).expect("JSON")
});

/// Follows a `$ref` (`#/components/…`).
fn resolve(v: &Value) -> &Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.trim_start_matches('#');
            resolve(DOC.pointer(pointer).unwrap_or(&Value::Null))
        }
        None => v,
    }
}

/// The document's path template for a request path (relative to `/2.0`), with its item.
fn path_item(path: &str) -> Option<(&'static str, &'static Value)> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let mut best: Option<(usize, &str, &Value)> = None;
    for (template, item) in DOC["paths"].as_object()? {
        let t: Vec<&str> = template.trim_matches('/').split('/').collect();
        if t.len() != segs.len() {
            continue;
        }
        let mut literal = 0;
        let fits = t.iter().zip(&segs).all(|(a, b)| {
            if a.starts_with('{') {
                !b.is_empty()
            } else {
                literal += 1;
                a == b
            }
        });
        if fits && best.is_none_or(|(l, _, _)| literal > l) {
            best = Some((literal, template, item));
        }
    }
    best.map(|(_, t, i)| (t, i))
}

#[allow(clippy::too_many_lines)] // one schema walk, keyword by keyword
/// Why a value breaks a schema, or nothing. `strict`: required fields, lengths, formats and
/// closed objects count too.
pub fn check_schema(v: &Value, schema: &Value, strict: bool, at: &str) -> Vec<String> {
    let s = resolve(schema);
    let mut errors = Vec::new();
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        for part in all {
            errors.extend(check_schema(v, part, strict, at));
        }
    }
    let kind = s.get("type").and_then(Value::as_str);
    let fits = match (kind, v) {
        (None, _)
        | (Some("object"), Value::Object(_))
        | (Some("string"), Value::String(_))
        | (Some("boolean"), Value::Bool(_))
        | (Some("array"), Value::Array(_))
        | (Some("number"), Value::Number(_)) => true,
        (Some("integer"), Value::Number(n)) => n.is_i64() || n.is_u64(),
        (_, Value::Null) => !strict,
        _ => false,
    };
    if !fits {
        errors.push(format!("{at}: {v} is not a {}", kind.unwrap_or("?")));
        return errors;
    }
    if let Some(values) = s.get("enum").and_then(Value::as_array)
        && !values.contains(v)
    {
        errors.push(format!("{at}: {v} is not one of {values:?}"));
    }
    match v {
        Value::Object(map) => {
            let props = s.get("properties").and_then(Value::as_object);
            if strict {
                for r in s
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Some(r) = r.as_str()
                        && !map.contains_key(r)
                    {
                        errors.push(format!("{at}: {r} is required"));
                    }
                }
                if s.get("additionalProperties") == Some(&Value::Bool(false)) {
                    for k in map.keys() {
                        if !props.is_some_and(|p| p.contains_key(k)) {
                            errors.push(format!("{at}: {k} is not allowed"));
                        }
                    }
                }
            }
            if let Some(props) = props {
                for (k, sub) in props {
                    if let Some(value) = map.get(k) {
                        errors.extend(check_schema(value, sub, strict, &format!("{at}.{k}")));
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = s.get("items") {
                for (i, x) in items.iter().enumerate() {
                    errors.extend(check_schema(x, item, strict, &format!("{at}[{i}]")));
                }
            }
            if strict {
                if let Some(min) = s.get("minItems").and_then(Value::as_u64)
                    && (items.len() as u64) < min
                {
                    errors.push(format!("{at}: fewer than {min} items"));
                }
                if s.get("uniqueItems") == Some(&Value::Bool(true)) {
                    let mut seen = Vec::new();
                    for x in items {
                        if seen.contains(&x) {
                            errors.push(format!("{at}: {x} twice"));
                        }
                        seen.push(x);
                    }
                }
            }
        }
        Value::String(text) if strict => {
            let len = text.chars().count() as u64;
            if let Some(max) = s.get("maxLength").and_then(Value::as_u64)
                && len > max
            {
                errors.push(format!("{at}: {len} characters, more than {max}"));
            }
            if let Some(min) = s.get("minLength").and_then(Value::as_u64)
                && len < min
            {
                errors.push(format!("{at}: {len} characters, fewer than {min}"));
            }
            if s.get("format").and_then(Value::as_str) == Some("uri")
                && url::Url::parse(text).is_err()
            {
                errors.push(format!("{at}: {text:?} is not a URI"));
            }
        }
        _ => {}
    }
    errors
}

/// The schema a write's body follows: the operation's own, or the resource's for the writes
/// that declare none.
fn body_schema(template: &str, op: &'static Value) -> Option<&'static Value> {
    if let Some(s) = op.pointer("/requestBody/content/application~1json/schema") {
        return Some(s);
    }
    let name = if template.contains("/deploy-keys") {
        "deploy_key"
    } else if template.contains("/hooks") {
        "webhook_subscription"
    } else {
        return None;
    };
    DOC.pointer(&format!("/components/schemas/{name}"))
}

/// Why a request (path relative to the API base `/2.0`) is not one the document describes.
pub fn check_request(method: &str, path: &str, query: &str, body: Option<&Value>) -> Vec<String> {
    let Some((template, item)) = path_item(path) else {
        return vec![format!("{method} {path}: no such path")];
    };
    let Some(op) = item.get(method.to_ascii_lowercase()) else {
        return vec![format!("{method} {template}: no such operation")];
    };
    let mut errors = Vec::new();
    let declared: Vec<&Value> = item
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .chain(
            op.get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        )
        .map(resolve)
        .collect();
    let paginated = op
        .pointer("/responses/200/content/application~1json/schema/$ref")
        .and_then(Value::as_str)
        .is_some_and(|r| r.contains("/paginated_"));
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let name = pair.split('=').next().unwrap_or_default();
        let known = declared
            .iter()
            .any(|p| p["in"] == "query" && p["name"] == name)
            || (paginated && (name == "page" || name == "pagelen"));
        if !known {
            errors.push(format!(
                "{method} {template}: query parameter {name} is not declared"
            ));
        }
    }
    for p in &declared {
        if p["in"] == "query" && p["required"] == true {
            let name = p["name"].as_str().unwrap_or_default();
            if !query.split('&').any(|q| q.split('=').next() == Some(name)) {
                errors.push(format!(
                    "{method} {template}: query parameter {name} is required"
                ));
            }
        }
    }
    if matches!(method, "POST" | "PUT") {
        match (body, body_schema(template, op)) {
            (Some(b), Some(schema)) => errors.extend(check_schema(b, schema, true, "body")),
            (None, Some(_)) => errors.push(format!("{method} {template}: no body")),
            _ => {}
        }
    }
    errors
}

/// Why an answer's body does not fit the document (types only).
pub fn check_response(method: &str, path: &str, status: u16, body: &Value) -> Vec<String> {
    let Some((_, item)) = path_item(path) else {
        return Vec::new();
    };
    let schema = item.get(method.to_ascii_lowercase()).and_then(|op| {
        op.pointer(&format!(
            "/responses/{status}/content/application~1json/schema"
        ))
    });
    schema.map_or_else(Vec::new, |s| check_schema(body, s, false, "answer"))
}

#[test]
fn the_document_refuses_what_atlassian_would() {
    let hook = |secret: &str, url: &str| {
        serde_json::json!({"type": "webhook_subscription", "url": url, "description": "Hub",
            "active": true, "events": ["repo:push"], "secret": secret})
    };
    let path = "/repositories/acme/app/hooks";
    assert!(
        check_request(
            "POST",
            path,
            "",
            Some(&hook("s", "https://hub.example.com/x"))
        )
        .is_empty()
    );
    let long = "x".repeat(129);
    assert!(
        !check_request(
            "POST",
            path,
            "",
            Some(&hook(&long, "https://hub.example.com/x"))
        )
        .is_empty()
    );
    assert!(!check_request("POST", path, "", Some(&hook("s", "not a uri"))).is_empty());
    assert!(
        check_request("GET", path, "pagelen=100", None).is_empty(),
        "pagination is generic"
    );
    assert!(
        !check_request("GET", path, "limit=100", None).is_empty(),
        "Data Center's words"
    );
    assert!(!check_request("PATCH", path, "", None).is_empty());
    assert!(!check_request("GET", "/repositories/acme/app/deploy_keys", "", None).is_empty());
    let key = serde_json::json!({"type": "deploy_key", "key": "ssh-ed25519 AAAA", "label": "ci"});
    assert!(check_request("POST", "/repositories/acme/app/deploy-keys", "", Some(&key)).is_empty());
    assert!(
        !check_request(
            "POST",
            "/repositories/acme/app/deploy-keys",
            "",
            Some(&serde_json::json!({"key": 1}))
        )
        .is_empty()
    );
}
