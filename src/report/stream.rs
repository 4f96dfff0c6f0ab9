//! Pretty-printed JSON written a piece at a time: the arrays of a large report are made and
//! serialized in parallel windows, each element in place at its depth, so a report of thousands
//! of findings is never held whole, neither as structs nor as text. The bytes are those
//! `serde_json::to_writer_pretty` writes for the whole document.

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

/// Items per parallel batch, and per written window (bounds the bytes held at once).
pub(super) const CHUNK: usize = 64;
pub(super) const WINDOW: usize = 256;

/// `[...]`, the value of a field at `depth - 1`: one element per item, made by `make`, at
/// `depth`.
pub fn write_elements<'i, T: Sync, U: Serialize>(
    out: &mut impl Write,
    depth: usize,
    items: &'i [T],
    make: impl Fn(&'i T) -> U + Sync,
) -> std::io::Result<()> {
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    let indent = "  ".repeat(depth);
    let (first, next) = (format!("\n{indent}"), format!(",\n{indent}"));
    out.write_all(b"[")?;
    // One buffer per batch, reused by every window: no regrowing, nor fresh memory each time.
    let mut bufs: Vec<Vec<u8>> = vec![Vec::new(); WINDOW.div_ceil(CHUNK)];
    for (w, window) in items.chunks(WINDOW).enumerate() {
        bufs.par_iter_mut()
            .zip(window.par_chunks(CHUNK))
            .enumerate()
            .try_for_each(|(c, (buf, chunk))| {
                buf.clear();
                for (k, item) in chunk.iter().enumerate() {
                    let lead = if w == 0 && c == 0 && k == 0 { &first } else { &next };
                    buf.extend_from_slice(lead.as_bytes());
                    make(item).serialize(&mut serde_json::Serializer::with_formatter(
                        &mut *buf,
                        Nested::at(depth),
                    ))?;
                }
                Ok::<_, serde_json::Error>(())
            })?;
        for buf in bufs.iter().take(window.len().div_ceil(CHUNK)) {
            out.write_all(buf)?;
        }
    }
    write!(out, "\n{}]", &indent[2..])
}

/// The bytes [`write_elements`] writes for elements of these sizes (as serialized at `depth`).
pub fn elements_len(depth: usize, sizes: impl Iterator<Item = usize>) -> usize {
    let (mut n, mut total) = (0, 0);
    for size in sizes {
        n += 1;
        total += size;
    }
    match n {
        0 => 2,
        // "[", a line break and the indentation before each, the commas, then the closing
        // line break, indentation and "]".
        n => 1 + total + n * (1 + 2 * depth) + (n - 1) + 1 + 2 * (depth - 1) + 1,
    }
}

/// The size of `value` serialized at `depth`.
pub fn serialized_len(depth: usize, value: &impl Serialize) -> usize {
    let mut n = Counter::default();
    // Counting cannot fail.
    let _ = value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut n,
        Nested::at(depth),
    ));
    n.0
}

/// Bytes written, nothing kept.
#[derive(Default)]
struct Counter(usize);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // As written: each bidi control grows into a `\uXXXX` escape (`safe::JsonBidi`).
        self.0 += buf.len() + 3 * super::safe::bidi_count(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// serde_json's pretty printing (two spaces a level) of a value nested `depth` levels deep, so an
/// element of a top-level array is written in place, not printed alone and then re-indented.
pub struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    pub fn at(depth: usize) -> Self {
        Nested {
            depth,
            has_value: false,
        }
    }

    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> std::io::Result<()> {
        // One write: a line break and the indentation (reports nest a handful of levels).
        const LINE: &[u8; 33] = b"\n                                ";
        match LINE.get(..1 + 2 * self.depth) {
            Some(line) => w.write_all(line),
            None => {
                w.write_all(b"\n")?;
                (0..self.depth).try_for_each(|_| w.write_all(b"  "))
            }
        }
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the SARIF size limit relies on: the length predicted from the elements' sizes is
    /// the length written, at any depth and count.
    #[test]
    fn predicted_length_is_written_length() {
        let items: Vec<serde_json::Value> = (0..WINDOW + 3)
            .map(|i| serde_json::json!({"i": i, "list": [i, "x\ny"], "empty": [], "o": {}}))
            .collect();
        for depth in [1, 2, 4] {
            for n in [0, 1, 2, CHUNK + 1, WINDOW + 3] {
                let mut out = Vec::new();
                write_elements(&mut out, depth, &items[..n], |v| v).unwrap();
                let sizes = items[..n].iter().map(|v| serialized_len(depth, v));
                assert_eq!(elements_len(depth, sizes), out.len(), "depth {depth}, {n} items");
            }
        }
    }
}
