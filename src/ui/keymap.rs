//! The key tables. One table per context drives dispatch, the footer hints and the help
//! overlay, so what the screen says a key does is what it does. Each row is one named binding
//! (an action, its keys, a hint and a sentence of help); a table is a list of rows by name.
//!
//! Resolution order: jump keys (Alt-digit, Ctrl-G then a digit), Ctrl-C, the open dialog's
//! table, the focused text field (printable keys are text), the step's table, then the global
//! keys. The pending Ctrl-G lives here, in the UI: it is about keys, not about the wizard.

mod rows;
mod tables;

use crate::core::keyboard::{Action, Context, FieldKind, Key, KeyState};
use crate::core::step::Step;

pub use rows::Binding;
pub use tables::{ALWAYS, GLOBAL, WORKING, overlay_tables, step_tables};

/// Where a key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// To the wizard as an action.
    Action(Action),
    /// To the focused text field.
    Field,
    /// Ctrl-G: the next digit jumps.
    Pending,
    /// Nowhere.
    Ignored,
}

/// Whether the focused field takes this key as editing.
fn field_takes(field: Option<FieldKind>, key: Key) -> bool {
    match field {
        Some(FieldKind::Line) => key.edits_text(),
        Some(FieldKind::Area) => key.edits_text() || key.edits_lines(),
        None => false,
    }
}

fn find(table: &[Binding], key: Key) -> Option<Action> {
    table
        .iter()
        .find(|b| b.keys.contains(&key))
        .map(|b| b.action)
}

/// The first of `tables` that binds `key`.
fn find_in(tables: &[&[Binding]], key: Key) -> Option<Action> {
    tables.iter().find_map(|t| find(t, key))
}

fn jump(route: crate::core::step::Route, key: Key) -> Option<Resolved> {
    key.digit()
        .and_then(|n| route.by_number(n))
        .map(|s| Resolved::Action(Action::Jump(s)))
}

/// Resolves a key in `state`; `pending` is the Ctrl-G prefix, set and cleared here.
pub fn resolve(state: &KeyState, pending: &mut bool, key: Key) -> Resolved {
    if std::mem::take(pending) {
        return jump(state.route, key).unwrap_or(Resolved::Ignored);
    }
    if key.alt && !key.ctrl && key.digit().is_some() {
        return jump(state.route, key).unwrap_or(Resolved::Ignored);
    }
    if key == Key::ctrl('c') {
        return Resolved::Action(Action::ForceQuit);
    }
    if let Some(kind) = state.overlay {
        return find_in(overlay_tables(kind), key).map_or(Resolved::Ignored, Resolved::Action);
    }
    if key == Key::ctrl('g') {
        *pending = true;
        return Resolved::Pending;
    }
    if state.working {
        return find(WORKING, key).map_or(Resolved::Ignored, Resolved::Action);
    }
    if let Some(action) = find(ALWAYS, key) {
        return Resolved::Action(action);
    }
    if field_takes(state.field, key) {
        return Resolved::Field;
    }
    find_in(step_tables(state.context), key)
        .or_else(|| find(GLOBAL, key))
        .map_or(Resolved::Ignored, Resolved::Action)
}

/// The tables in force, in dispatch order.
pub fn tables(state: &KeyState) -> Vec<&'static [Binding]> {
    if let Some(kind) = state.overlay {
        return overlay_tables(kind).to_vec();
    }
    if state.working {
        return vec![WORKING];
    }
    let mut all = vec![ALWAYS];
    all.extend(step_tables(state.context));
    all.push(GLOBAL);
    all
}

/// The rows in force for display, the step's own first (its Tab is "edit", not "next field"),
/// each with the keys that really reach it: not a key the focused field takes as text, nor one
/// an earlier table takes for something else.
fn rows_in_force(state: &KeyState) -> Vec<(Binding, Vec<Key>)> {
    let all = if state.overlay.is_some() || state.working {
        tables(state)
    } else {
        let own = step_tables(state.context).iter().copied();
        own.chain([ALWAYS, GLOBAL]).collect()
    };
    let mut out = Vec::new();
    for table in all {
        let always = std::ptr::eq(table, ALWAYS) || state.overlay.is_some() || state.working;
        for bind in table {
            let keys: Vec<Key> = bind
                .keys
                .iter()
                .copied()
                .filter(|k| always || !field_takes(state.field, *k))
                .filter(|k| resolve(state, &mut false, *k) == Resolved::Action(bind.action))
                .collect();
            let shown = state.overlay.is_some() || state.working || state.available(bind.action);
            if !keys.is_empty() && shown {
                out.push((*bind, keys));
            }
        }
    }
    out
}

/// Footer hints: `(key, hint)` pairs, one per action.
pub fn hints(state: &KeyState) -> Vec<(String, &'static str)> {
    let mut seen: Vec<Action> = Vec::new();
    let mut out = Vec::new();
    for (bind, keys) in rows_in_force(state) {
        if !bind.footer || seen.contains(&bind.action) {
            continue;
        }
        seen.push(bind.action);
        let key = match bind.action {
            Action::Up => "↑↓".to_string(),
            Action::Left => "←→".to_string(),
            _ => keys[0].to_string(),
        };
        out.push((key, bind.hint));
    }
    out
}

/// Help rows: every key of the screen behind the dialog with what it does, one row per action
/// with all its keys, then the jump keys and the field's editing keys.
pub fn help_rows(state: &KeyState) -> Vec<(String, &'static str)> {
    let behind = KeyState {
        overlay: None,
        ..state.clone()
    };
    let mut rows: Vec<(Action, Vec<Key>, &'static str)> = Vec::new();
    for (bind, keys) in rows_in_force(&behind) {
        match rows.iter_mut().find(|(a, _, _)| *a == bind.action) {
            Some((_, all, _)) => {
                for k in keys {
                    if !all.contains(&k) {
                        all.push(k);
                    }
                }
            }
            None => rows.push((bind.action, keys, bind.help)),
        }
    }
    let mut out: Vec<(String, &'static str)> = rows
        .into_iter()
        .map(|(_, keys, help)| {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            (keys.join(" / "), help)
        })
        .collect();
    let last = u8::try_from(state.route.numbered().len()).unwrap_or(9);
    out.push((
        format!("{} / {} 0…{last}", jump_keys(last), Key::ctrl('g')),
        "Jump to a step by its number (0 is the welcome screen)",
    ));
    match state.field {
        Some(FieldKind::Line) => out.push((
            "letters, ← → Home End".to_string(),
            "Edit the focused text field (Ctrl-U clears to its start; paste works too)",
        )),
        Some(FieldKind::Area) => out.push((
            "letters, Enter, arrows".to_string(),
            "Edit the focused text area (paste works too)",
        )),
        None => {}
    }
    out
}

/// The keys that jump to the steps, as every screen names them (`Alt-0…Alt-7`).
pub fn jump_keys(last: u8) -> String {
    format!("{}…{}", jump_digit(0), jump_digit(last))
}

/// The key that jumps to a step (`Alt-2`).
pub fn jump_key(step: Step) -> String {
    jump_digit(step.number())
}

/// The key that jumps to step number `n` (`Alt-2`).
pub fn jump_digit(n: u8) -> String {
    Key::alt(char::from(b'0' + n.min(9))).to_string()
}

/// The keys shown for an action in a context (for screen text), e.g. "Ctrl-O".
pub fn key_for(context: Context, action: Action) -> String {
    step_tables(context)
        .iter()
        .flat_map(|t| t.iter())
        .chain(ALWAYS)
        .chain(GLOBAL)
        .find(|b| b.action == action)
        .map_or_else(String::new, |b| b.keys[0].to_string())
}

#[cfg(test)]
mod tests;
