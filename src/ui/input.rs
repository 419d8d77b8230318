//! Terminal events as the wizard wants them: key events to the core's [`Key`] (releases
//! dropped), and bursts of keys, which a terminal without bracketed paste sends for a paste,
//! turned into one paste, so pasted text is never taken for commands.

use std::time::Duration;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::core::keyboard::{Code, Key};

/// The key as typed: Windows terminals report a character typed with `AltGr` (`@`, `\\`, `{`, `ł`
/// on many layouts) as Ctrl+Alt plus that character; it is text, not a chord.
pub fn altgr_as_text(mut ev: KeyEvent) -> KeyEvent {
    let chord = KeyModifiers::CONTROL | KeyModifiers::ALT;
    if let KeyCode::Char(c) = ev.code
        && ev.modifiers.contains(chord)
        && !c.is_ascii_alphabetic()
        && !c.is_control()
    {
        ev.modifiers.remove(chord);
    }
    ev
}

/// The core key for a terminal key event; `None` for releases and keys bblink has no use for.
pub fn key_of(ev: &KeyEvent) -> Option<Key> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
    let alt = ev.modifiers.contains(KeyModifiers::ALT);
    let code = match ev.code {
        KeyCode::Char(c) if ctrl => Code::Char(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Code::Char(c),
        KeyCode::F(n) => Code::F(n),
        KeyCode::Enter => Code::Enter,
        KeyCode::Esc => Code::Esc,
        KeyCode::Tab if ev.modifiers.contains(KeyModifiers::SHIFT) => Code::BackTab,
        KeyCode::Tab => Code::Tab,
        KeyCode::BackTab => Code::BackTab,
        KeyCode::Left => Code::Left,
        KeyCode::Right => Code::Right,
        KeyCode::Up => Code::Up,
        KeyCode::Down => Code::Down,
        KeyCode::Home => Code::Home,
        KeyCode::End => Code::End,
        KeyCode::PageUp => Code::PageUp,
        KeyCode::PageDown => Code::PageDown,
        KeyCode::Backspace => Code::Backspace,
        KeyCode::Delete => Code::Delete,
        _ => Code::Other,
    };
    Some(Key { code, ctrl, alt })
}

/// Keys closer together than this belong to one burst: far faster than anyone types or any
/// key repeats, and slow enough for a terminal writing a paste in pieces.
pub const BURST_GAP: Duration = Duration::from_millis(3);

/// A burst of this many keys is a paste (a word typed by an input method is a paste too).
pub const BURST_MIN: usize = 6;

/// Within a burst, a pause this long still belongs to it (a terminal writes a long paste in
/// pieces).
pub const BURST_TAIL: Duration = Duration::from_millis(50);

/// The most events handed on together.
pub const MAX_BATCH: usize = 1 << 16;

/// Whether a key press is Ctrl-Z (suspend; raw mode turns it into a key).
pub fn is_suspend(ev: &KeyEvent) -> bool {
    ev.kind != KeyEventKind::Release
        && ev.code == KeyCode::Char('z')
        && ev.modifiers.contains(KeyModifiers::CONTROL)
}

/// The events that arrive with `first`: each within [`BURST_GAP`] of the one before, or, once
/// they are a burst, within [`BURST_TAIL`] (a terminal or an SSH link writes a long paste in
/// pieces, and the pieces belong together). `next(wait)` gives the next event if one comes
/// within `wait`.
pub fn gather(first: Event, mut next: impl FnMut(Duration) -> Option<Event>) -> Vec<Event> {
    let mut batch = vec![first];
    let mut wait = BURST_GAP;
    while batch.len() < MAX_BATCH {
        let Some(ev) = next(wait) else { break };
        batch.push(ev);
        if wait == BURST_GAP && is_burst(&batch) {
            wait = BURST_TAIL;
        }
    }
    batch
}

/// The most text a paste made of many batches keeps: beyond any field's limit, so an
/// overlong paste is still refused whole, and memory stays bounded.
pub const PASTE_LIMIT: usize = 2 << 20;

/// [`gather`] then [`coalesce`], for as long as a paste goes on: a paste longer than one batch
/// (a 100 KB log typed in by a terminal without bracketed paste) continues in the next, and
/// its pieces are one paste, not several that replace each other.
pub fn gather_pastes(first: Event, mut next: impl FnMut(Duration) -> Option<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    let mut first = Some(first);
    let mut continues = false;
    while let Some(f) = first.take() {
        let batch = gather(f, &mut next);
        let full = batch.len() >= MAX_BATCH && is_burst(&batch);
        let mut events = coalesce(batch).into_iter();
        if continues && let Some(Event::Paste(prev)) = out.last_mut() {
            match events.next() {
                Some(Event::Paste(more)) => {
                    let room = PASTE_LIMIT.saturating_sub(prev.len());
                    let cut = (0..=room.min(more.len()))
                        .rev()
                        .find(|i| more.is_char_boundary(*i))
                        .unwrap_or(0);
                    prev.push_str(&more[..cut]);
                }
                Some(other) => out.push(other),
                None => {}
            }
        }
        out.extend(events);
        continues = full;
        if full {
            first = next(BURST_TAIL);
        }
    }
    out
}

/// Whether events that arrived together hold enough key presses to be a paste.
pub fn is_burst(batch: &[Event]) -> bool {
    batch
        .iter()
        .filter(|e| matches!(e, Event::Key(k) if k.kind != KeyEventKind::Release))
        .nth(BURST_MIN - 1)
        .is_some()
}

/// The text a key press adds to a paste, if it is a text key.
fn text_of(k: &KeyEvent) -> Option<char> {
    match k.code {
        KeyCode::Char(c)
            if !k
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        KeyCode::Enter => Some('\n'),
        // Not text: no key or URL holds a tab, and a Tab typed just before a burst moves focus.
        _ => None,
    }
}

/// Keys that may have been typed just before a burst and keep their meaning: moving between
/// fields and editing ones (`Tab`, `Ctrl-U`). Nothing that quits, suspends, goes back or jumps,
/// so a paste that begins with control bytes cannot act.
fn harmless_lead(k: &KeyEvent) -> bool {
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    match k.code {
        KeyCode::Char(c) => ctrl && !alt && matches!(c, 'u' | 'a' | 'e' | 'k' | 'w'),
        KeyCode::Tab
        | KeyCode::BackTab
        | KeyCode::Backspace
        | KeyCode::Delete
        | KeyCode::Left
        | KeyCode::Right
        | KeyCode::Home
        | KeyCode::End => !alt,
        _ => false,
    }
}

/// Events that arrived together. With at least [`BURST_MIN`] key presses they are a paste:
/// their text (Enter is a new line) becomes one [`Event::Paste`], in order with the other
/// events. Editing keys before the first text key (a `Ctrl-U` typed just before) stay keys;
/// any other key in a burst is part of the paste and dropped.
pub fn coalesce(batch: Vec<Event>) -> Vec<Event> {
    if !is_burst(&batch) {
        return batch;
    }
    let mut out = Vec::new();
    let mut text = String::new();
    let mut began = false;
    for ev in batch {
        match ev {
            Event::Key(k) if k.kind == KeyEventKind::Release => {}
            Event::Key(k) => match text_of(&k) {
                Some(c) => {
                    began = true;
                    text.push(c);
                }
                None if !began && harmless_lead(&k) => out.push(Event::Key(k)),
                None => {}
            },
            other => {
                if !text.is_empty() {
                    out.push(Event::Paste(std::mem::take(&mut text)));
                }
                out.push(other);
            }
        }
    }
    if !text.is_empty() {
        out.push(Event::Paste(text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_altgr_character_is_text_and_ctrl_alt_letters_stay_chords() {
        let at = KeyEvent::new(
            KeyCode::Char('@'),
            KeyModifiers::CONTROL | KeyModifiers::ALT,
        );
        let at = altgr_as_text(at);
        assert_eq!(key_of(&at), Some(Key::plain(Code::Char('@'))));
        assert!(key_of(&at).is_some_and(Key::edits_text));
        let chord = KeyEvent::new(
            KeyCode::Char('q'),
            KeyModifiers::CONTROL | KeyModifiers::ALT,
        );
        assert_eq!(altgr_as_text(chord), chord);
    }

    #[test]
    fn a_paste_written_in_pieces_is_one_paste_and_typing_stays_keys() {
        // Events with the pause before each: a burst, a 20 ms pause, the rest of the paste.
        let timed = |items: Vec<(u64, Event)>| {
            let mut items = items.into_iter();
            move |wait: Duration| {
                let (pause, _) = items.as_slice().first()?;
                (Duration::from_millis(*pause) <= wait)
                    .then(|| items.next().map(|(_, ev)| ev))
                    .flatten()
            }
        };
        let mut pieces: Vec<(u64, Event)> =
            keys("-----BEGIN").into_iter().map(|e| (0, e)).collect();
        pieces.extend(keys("\rqyn\r").into_iter().map(|e| (20, e)));
        let first = pieces.remove(0).1;
        let batch = gather(first, timed(pieces));
        assert_eq!(
            coalesce(batch),
            vec![Event::Paste("-----BEGIN\nqyn\n".into())]
        );

        // Typing: each key 100 ms after the last, never gathered.
        let typed: Vec<(u64, Event)> = keys("qy").into_iter().map(|e| (100, e)).collect();
        let batch = gather(keys("a").remove(0), timed(typed));
        assert_eq!(batch.len(), 1);
    }

    #[test]
    fn a_paste_longer_than_a_batch_is_one_paste() {
        let text = "fatal: x\r".repeat(MAX_BATCH / 4);
        let mut events = keys(&text).into_iter();
        let first = events.next().expect("a key");
        let out = gather_pastes(first, |_| events.next());
        assert_eq!(out, vec![Event::Paste(text.replace('\r', "\n"))]);
    }

    #[test]
    fn releases_are_dropped_and_chords_kept() {
        let mut ev = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(key_of(&ev), Some(Key::ctrl('c')));
        ev.kind = KeyEventKind::Release;
        assert_eq!(key_of(&ev), None);
        let tab = KeyEvent::new(KeyCode::Tab, KeyModifiers::SHIFT);
        assert_eq!(key_of(&tab).map(|k| k.code), Some(Code::BackTab));
    }

    fn keys(text: &str) -> Vec<Event> {
        text.chars()
            .map(|c| {
                let code = if c == '\r' {
                    KeyCode::Enter
                } else {
                    KeyCode::Char(c)
                };
                Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
            })
            .collect()
    }

    #[test]
    fn a_burst_of_keys_is_one_paste_and_a_few_keys_stay_keys() {
        let pasted = coalesce(keys("-----BEGIN\rqwxc"));
        assert_eq!(pasted, vec![Event::Paste("-----BEGIN\nqwxc".into())]);
        assert_eq!(coalesce(keys("qc")), keys("qc"), "typing stays typing");
        let mut mixed = keys("abcdef");
        mixed.insert(3, Event::Resize(80, 24));
        mixed.push(Event::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
        )));
        assert_eq!(
            coalesce(mixed),
            vec![
                Event::Paste("abc".into()),
                Event::Resize(80, 24),
                Event::Paste("def".into())
            ],
            "a chord inside a burst is not a command"
        );
        let mut led = keys("quick rsa");
        let tab = Event::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
        let clear = Event::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        led.splice(0..0, [tab.clone(), clear.clone()]);
        assert_eq!(
            coalesce(led),
            vec![tab, clear, Event::Paste("quick rsa".into())],
            "a key typed just before the burst keeps its meaning"
        );
        let mut hostile = keys("-----BEGIN");
        hostile.splice(
            0..0,
            [
                Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
                Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
                Event::Key(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::ALT)),
            ],
        );
        assert_eq!(
            coalesce(hostile),
            vec![Event::Paste("-----BEGIN".into())],
            "a paste cannot begin by quitting, going back or jumping"
        );
    }
}
