//! The shape of the code, checked: the core stays pure, modules do not import each other in a
//! cycle, every step is its own module and screen, and no code outside a step's module (and the
//! two registries that map a step to its unit (`core::wizard::unit`) and its screen
//! (`ui::render`)) matches on that step; the wizard's transition tests read pages, not a
//! step's view.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use bblink::core::wizard::Step;

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Every `.rs` file under `src`, with its module path (`core::wizard::key_pair`).
fn sources() -> Vec<(Vec<String>, PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new(SRC), &mut files);
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(SRC).expect("under src");
            let mut module: Vec<String> = rel
                .with_extension("")
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            if module == ["lib"] || module == ["main"] {
                module.clear();
            }
            let text = std::fs::read_to_string(&path).expect("read");
            (module, path, text)
        })
        .collect()
}

/// The code of a file without its tests (an inline `#[cfg(test)]` module ends the file).
fn without_tests(module: &[String], text: &str) -> Option<String> {
    if module.iter().any(|m| m == "tests" || m == "testing") {
        return None;
    }
    Some(text.split("#[cfg(test)]").next().unwrap_or("").to_string())
}

/// The modules a file refers to, absolute, from `crate::…` and `super::…` paths.
fn references(module: &[String], code: &str) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    for (start, prefix) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        let rest = &code[start + prefix.len()..];
        let path: Vec<String> = rest
            .split("::")
            .map(|seg| {
                seg.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|seg| !seg.is_empty() && seg.chars().next().is_some_and(char::is_lowercase))
            .collect();
        let mut abs = if prefix == "crate::" {
            Vec::new()
        } else {
            module[..module.len().saturating_sub(1)].to_vec()
        };
        abs.extend(path);
        out.insert(abs);
    }
    out
}

/// The unit a module belongs to for the cycle check: a layer's direct child (`core::wizard`,
/// `ui::keymap`), or the layer itself.
fn unit(path: &[String]) -> String {
    match path {
        [layer, child, ..] if ["core", "ui", "adapters"].contains(&layer.as_str()) => {
            format!("{layer}::{child}")
        }
        [layer, ..] => layer.clone(),
        [] => "crate".to_string(),
    }
}

#[test]
fn the_core_does_no_io_and_imports_no_shell() {
    let forbidden = [
        "crate::ui",
        "crate::adapters",
        "crate::cli",
        "tokio",
        "ratatui",
        "crossterm",
        "arboard",
        "std::fs",
        "std::process",
        "std::net",
        "std::env",
        "OsRng",
        "aws_lc_rs",
        "cfg(unix)",
        "cfg(windows)",
    ];
    for (module, path, text) in sources() {
        if module.first().map(String::as_str) != Some("core") {
            continue;
        }
        let Some(code) = without_tests(&module, &text) else {
            continue;
        };
        for word in forbidden {
            assert!(
                !code.contains(word),
                "{} mentions {word}: the core stays pure",
                path.display()
            );
        }
    }
}

fn visit(
    n: &str,
    edges: &BTreeMap<String, BTreeSet<String>>,
    state: &mut BTreeMap<String, u8>,
    stack: &mut Vec<String>,
) {
    match state.get(n) {
        Some(2) => return,
        Some(1) => panic!("import cycle: {} → {n}", stack.join(" → ")),
        _ => {}
    }
    state.insert(n.to_string(), 1);
    stack.push(n.to_string());
    for m in edges.get(n).into_iter().flatten() {
        visit(m, edges, state, stack);
    }
    stack.pop();
    state.insert(n.to_string(), 2);
}

#[test]
fn no_module_imports_another_in_a_cycle() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, _, text) in sources() {
        let Some(code) = without_tests(&module, &text) else {
            continue;
        };
        let from = unit(&module);
        for to in references(&module, &code) {
            let to = unit(&to);
            if to != from && to != "crate" {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // Layers: core imports no other layer; adapters only the core; the UI no command line.
    for (from, tos) in &edges {
        for to in tos {
            let (f, t) = (from.split("::").next(), to.split("::").next());
            let allowed = match f {
                Some("core") => t == Some("core"),
                Some("adapters") => matches!(t, Some("core" | "adapters")),
                Some("ui") => matches!(t, Some("core" | "adapters" | "ui")),
                _ => true,
            };
            assert!(allowed, "{from} imports {to}");
        }
    }
    // The scan sees imports at all (else this test could not fail).
    assert!(edges["ui::app"].contains("core::wizard"), "{edges:?}");
    assert!(
        edges["core::wizard"].contains("core::keyboard"),
        "{edges:?}"
    );
    // Depth-first search for a cycle among the units.
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        visit(n, &edges, &mut state, &mut Vec::new());
    }
    assert!(
        edges
            .get("core::keyboard")
            .is_none_or(|t| t.iter().all(|u| u == "core::step")),
        "the key vocabulary is a leaf: {:?}",
        edges.get("core::keyboard")
    );
}

#[test]
fn every_step_is_its_own_module_drawn_by_its_screen_or_the_form() {
    let render = std::fs::read_to_string(format!("{SRC}/ui/render.rs")).expect("render.rs");
    // The match arm that draws the core's forms: from its first step to the call.
    let call = render
        .find("form(frame, body, app)")
        .expect("render.rs draws forms");
    let start = render[..call]
        .rfind("\n        Step::")
        .expect("the arm's steps");
    let arm = &render[start..call];
    for step in Step::ALL {
        let name = module_of(step);
        let module = format!("{SRC}/core/wizard/{name}.rs");
        assert!(Path::new(&module).is_file(), "{step:?} needs {module}");
        // Its full-screen look: a screen of its own, or the form the core lays out; never both.
        let screen = format!("{SRC}/ui/screens/{name}.rs");
        let as_form = arm
            .split(['|', ' ', '\n'])
            .any(|w| w == format!("Step::{step:?}"));
        assert_ne!(
            Path::new(&screen).is_file(),
            as_form,
            "{step:?} needs either {screen} or the form (not both)"
        );
    }
}

#[test]
fn every_module_says_what_it_owns() {
    for (module, path, text) in sources() {
        if module.is_empty() || module.iter().any(|m| m == "tests") {
            continue;
        }
        assert!(
            text.trim_start().starts_with("//!"),
            "{} has no //! doc saying what it owns",
            path.display()
        );
    }
}

/// The module of a step: its name in snake case (`Step::KeyPair` is `key_pair`).
fn module_of(step: Step) -> String {
    let mut out = String::new();
    for (i, c) in format!("{step:?}").chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Where a file refers to `Step::X` as a pattern or in a comparison: the step's names. A
/// pattern is followed by `=>`, `|` or `if` (after any closing brackets: `Some(Step::X) =>`),
/// or sits inside `matches!(…)`.
fn steps_matched(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("Step::") {
        let rest = &code[at + "Step::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() || !name.starts_with(char::is_uppercase) {
            continue;
        }
        let after = rest[name.len()..].trim_start();
        let closed = after.trim_start_matches(|c: char| c == ')' || c == ']' || c.is_whitespace());
        let before = code[..at].trim_end();
        let in_matches = before.rfind("matches!(").is_some_and(|m| {
            let between = &before[m..];
            !between.contains(';') && between.matches('(').count() > between.matches(')').count()
        });
        let pattern = closed.starts_with("=>")
            || (closed.starts_with('|') && !closed.starts_with("||"))
            || closed.starts_with("if ")
            || after.starts_with("==")
            || after.starts_with("!=")
            || (before.ends_with('|') && !before.ends_with("||"))
            || before.ends_with("==")
            || before.ends_with("!=")
            || before.ends_with('<')
            || before.ends_with('>') && !before.ends_with("->") && !before.ends_with("=>")
            || in_matches;
        if pattern {
            out.push(name);
        }
    }
    out
}

#[test]
fn every_shape_of_a_step_pattern_is_seen() {
    for code in [
        "match s { Step::Test => 1 }",
        "match s { Some(Step::Test) => 1 }",
        "match s { Step::Test | Step::Done => 1 }",
        "matches!(s, Step::Test)",
        "matches!(s, Some(Step::Test))",
        "if s == Step::Test {}",
        "if s > Step::Test {}",
        "match s { Step::Test if ok => 1 }",
    ] {
        assert!(steps_matched(code).contains(&"Test".to_string()), "{code}");
    }
    // Naming a step is no match.
    for code in [
        "go(Step::Test);",
        "out.go = Some(Step::Test);",
        "let n = Step::Test.number();",
    ] {
        assert!(steps_matched(code).is_empty(), "{code}");
    }
}

#[test]
fn no_step_is_matched_outside_its_module() {
    // The registries: the step enum itself, the wizard's units, the shell's screens.
    let registries = [["core", "step"], ["core", "wizard"], ["ui", "render"]];
    let mut seen = 0;
    for (module, path, text) in sources() {
        let Some(code) = without_tests(&module, &text) else {
            continue;
        };
        let matched = steps_matched(&code);
        seen += matched.len();
        if module.as_slice() == ["core", "wizard", "unit"]
            || registries[..1]
                .iter()
                .chain(&registries[2..])
                .any(|r| module == r)
        {
            continue;
        }
        for name in matched {
            let step = Step::ALL
                .into_iter()
                .find(|s| format!("{s:?}") == name)
                .unwrap_or_else(|| panic!("{}: Step::{name} is no step", path.display()));
            let own = module_of(step);
            let its_own = matches!(
                module.as_slice(),
                [core, wizard, m, ..] if core == "core" && wizard == "wizard" && *m == own
            ) || matches!(
                module.as_slice(),
                [ui, screens, m] if ui == "ui" && screens == "screens" && *m == own
            );
            assert!(
                its_own,
                "{} matches on Step::{name} outside its module: ask the step's unit instead",
                path.display()
            );
        }
    }
    // The scan sees the registries' matches (else this test could not fail).
    assert!(seen >= Step::ALL.len() * 2, "{seen}");
}

/// The wizard's transition tests speak in pages and actions: they read what a step's page
/// says (both shells' words), not a step's view (one shell's drawing data). Two views are
/// not a step's: the header's notice over every page, and the dialog test that checks a
/// dialog's page against its question.
#[test]
fn the_transition_tests_read_pages_not_step_views() {
    let allowed = ["header_view", "overlay_view"];
    let mut files = 0;
    for (module, path, text) in sources() {
        if !matches!(module.as_slice(), [core, wizard, tests, ..] if core == "core" && wizard == "wizard" && tests == "tests")
        {
            continue;
        }
        files += 1;
        for (at, _) in text.match_indices("_view()") {
            let name_start = text[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(0, |i| i + 1);
            let name = format!("{}_view", &text[name_start..at]);
            let line = text[..at].lines().count();
            assert!(
                allowed.contains(&name.as_str()),
                "{}:{line} reads {name}(): assert what the page says instead",
                path.display()
            );
        }
    }
    assert!(files >= 5, "the transition tests were not found ({files})");
}
