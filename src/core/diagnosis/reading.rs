//! Reading a log into lines: blocks of whole lines searched once, a long line judged in
//! windows up to [`LINE_READ`], lines past it noted as cut.

use super::lines::starts_command;
use super::{Diagnoser, LINE_LIMIT, LINE_READ, WINDOW_BEFORE};
use crate::core::catalog::{Found, Mark, Pattern, Scanned};

impl Diagnoser<'_> {
    /// Reads one line (without its line break; bytes that are not UTF-8 are fine).
    pub fn feed(&mut self, line: &[u8]) {
        if line.len() > LINE_READ {
            self.note_cut(self.lines + 1);
        }
        let line = &line[..line.len().min(LINE_READ)];
        // A line break inside would make two lines of it.
        match memchr::memchr(b'\n', line) {
            Some(i) => self.feed_chunk(&line[..i]),
            None => self.feed_chunk(line),
        }
    }

    /// Reads whole lines (each ended by `\n`, the last one may be unended). The automaton runs
    /// over the whole block once; only the lines it marks are read further, so a line that
    /// shows nothing costs nothing but the search. Of a line longer than [`LINE_READ`] only
    /// the start counts.
    pub fn feed_chunk(&mut self, chunk: &[u8]) {
        // In blocks of whole lines, as the command line reads a log: a line longer than a
        // block counts by its first LINE_READ bytes, the rest skipped.
        const BLOCK: usize = LINE_READ - LINE_LIMIT;
        let mut rest = chunk;
        while !rest.is_empty() {
            let (block, next) = if rest.len() <= BLOCK {
                (rest, &rest[rest.len()..])
            } else if let Some(i) = memchr::memrchr(b'\n', &rest[..BLOCK]) {
                (&rest[..=i], &rest[i + 1..])
            } else {
                let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
                if end < LINE_READ {
                    (
                        &rest[..(end + 1).min(rest.len())],
                        &rest[(end + 1).min(rest.len())..],
                    )
                } else {
                    self.note_cut(self.lines + 1);
                    (&rest[..LINE_READ], &rest[(end + 1).min(rest.len())..])
                }
            };
            let mut matches = std::mem::take(&mut self.matches);
            matches.clear();
            self.catalog.scan(block, 0, &mut matches, &mut self.work);
            self.judge(block, &matches);
            matches.shrink_to(1 << 16);
            self.matches = matches;
            rest = next;
        }
    }

    /// Reads a block of whole lines that [`Catalog::scan_block`] searched.
    pub fn feed_scanned(&mut self, chunk: &[u8], scanned: &mut Scanned) {
        self.catalog.scan_rest(chunk, scanned);
        self.judge(chunk, &scanned.found);
        // The reader gives a line longer than it reads as a block of its start alone.
        if chunk.len() >= LINE_READ && memchr::memchr(b'\n', chunk).is_none() {
            self.note_cut(self.lines);
        }
    }

    /// Notes a line read only up to [`LINE_READ`].
    fn note_cut(&mut self, line: usize) {
        self.cut.0 += 1;
        if self.cut.1 == 0 {
            self.cut.1 = line;
        }
    }

    /// How many lines were longer than [`LINE_READ`] (their rest was not read), and the first.
    pub fn cut_lines(&self) -> (usize, usize) {
        self.cut
    }

    /// Reads the lines of a block where the catalog's texts were found.
    fn judge(&mut self, chunk: &[u8], matches: &[Found]) {
        if chunk.is_empty() {
            return;
        }
        let mut found = std::mem::take(&mut self.scratch);
        found.clear();
        // The line being gathered: its start, end (its `\n` or the chunk's end) and number.
        let first_end = memchr::memchr(b'\n', chunk).unwrap_or(chunk.len());
        let mut line = (0, first_end, self.lines + 1);
        // Where the window of the line being gathered starts (its start, but for a long line).
        let mut win = 0;
        if starts_command(&chunk[..first_end]) {
            found.push((Pattern::Mark(Mark::CommandAtLineStart), 0));
        }
        // Newlines are counted up to `counted`, a line start whose number is `counted_no`.
        let (mut counted, mut counted_no) = (0, self.lines + 1);
        for &f in matches {
            let (pattern, start) = (self.catalog.pattern(f), f.start as usize);
            let at = match pattern {
                Pattern::Mark(Mark::CommandAtLineStart) => start + 1,
                _ => start,
            };
            if at > line.1 {
                if !found.is_empty() {
                    self.window_at = win - line.0;
                    self.line(&chunk[win..line.1], line.2, &found);
                    found.clear();
                }
                let start = memchr::memrchr(b'\n', &chunk[..at]).map_or(0, |i| i + 1);
                let end = memchr::memchr(b'\n', &chunk[at..]).map_or(chunk.len(), |i| at + i);
                counted_no += memchr::memchr_iter(b'\n', &chunk[counted..start]).count();
                counted = start;
                line = (start, end, counted_no);
                win = start;
            }
            let ends = start + self.catalog.word_len(f);
            if ends > win + LINE_LIMIT {
                // Past this window of a long line: what it showed is judged, and the next
                // window opens a little before this text (at a character's start).
                if !found.is_empty() {
                    self.window_at = win - line.0;
                    self.line(&chunk[win..line.1], line.2, &found);
                    found.clear();
                }
                win = start.saturating_sub(WINDOW_BEFORE).max(line.0);
                while win < start && chunk[win] & 0xC0 == 0x80 {
                    win += 1;
                }
            }
            found.push((pattern, at - win));
        }
        if !found.is_empty() {
            self.window_at = win - line.0;
            self.line(&chunk[win..line.1], line.2, &found);
        }
        let rest = memchr::memchr_iter(b'\n', &chunk[counted..]).count();
        let unended = usize::from(chunk.last() != Some(&b'\n'));
        self.lines = counted_no - 1 + rest + unended;
        // The last line with text: the lines after it (up to the block's end) are blank.
        if let Some(at) = chunk.iter().rposition(|b| !b.is_ascii_whitespace()) {
            let blank_after = memchr::memchr_iter(b'\n', &chunk[at..]).count();
            self.last_text_line = self.lines + 1 - unended - blank_after;
        }
        self.scratch = found;
    }

    /// Feeds every line of a text.
    pub fn feed_text(&mut self, text: &str) {
        // A carriage return ends a line only in a text that has no line feed at all (a paste
        // from a terminal that sends CR); otherwise lines end as the command line reads them.
        if !text.contains('\n') && text.contains('\r') {
            self.feed_chunk(text.replace('\r', "\n").as_bytes());
        } else {
            self.feed_chunk(text.as_bytes());
        }
    }
}
