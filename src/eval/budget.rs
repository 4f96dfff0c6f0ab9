//! Evaluation budgets: what one root module's evaluation may build before the value concerned
//! becomes Unknown ("over the … budget"), so that hostile input (a string doubled 40 times, a
//! triple `for` over `range(1000)`) ends in an undecided check rather than an out-of-memory
//! abort. Sizes are counted in cells: one per value node plus one per 64 bytes of string, about
//! the memory a node takes.

use std::cell::Cell;

use crate::model::{Reason, Val};

/// The limits; [`Budgets::default`] gives the defaults documented in the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budgets {
    /// Bytes in one string built by evaluation (a template, a function's result). 4 MiB:
    /// far above any value an S3 check reads (a bucket policy is at most 20 KB), low enough that
    /// a string doubled at each step stops within about 20 steps.
    pub string_bytes: usize,
    /// Elements of one list or object built by evaluation, and instances or dynamic blocks
    /// of one block. 1,048,576: ten times the largest `count` accepted (100,000).
    pub collection_len: usize,
    /// Cells of one value (see the module comment). 4,000,000 cells, about 256 MB: a value
    /// that large is built only on purpose.
    pub value_cells: usize,
    /// Cells copied or built and expressions evaluated by one root module and its child
    /// modules. 50,000,000 (a few seconds, a few GB at most in copies): the largest
    /// benchmark corpus module uses well under 1% of it.
    pub work: u64,
}

impl Default for Budgets {
    fn default() -> Self {
        Budgets {
            string_bytes: 4 << 20,
            collection_len: 1 << 20,
            value_cells: 4_000_000,
            work: 50_000_000,
        }
    }
}

/// The work used so far by one root module's evaluation, shared by its child modules.
#[derive(Debug, Default)]
pub struct Work {
    pub budgets: Budgets,
    used: Cell<u64>,
}

impl Work {
    pub fn new(budgets: Budgets) -> Self {
        Work {
            budgets,
            used: Cell::new(0),
        }
    }

    /// Count `n` units; Err once the budget is spent (and from then on).
    pub fn charge(&self, n: usize) -> Result<(), Reason> {
        let used = self.used.get().saturating_add(n as u64);
        self.used.set(used);
        if used > self.budgets.work {
            Err(Reason::not_known(format!(
                "not evaluated: over the evaluation work budget of {} steps for this module",
                self.budgets.work
            )))
        } else {
            Ok(())
        }
    }

    /// Whether `v`, just built, is within the size budgets (string, collection, value), and
    /// the work it counts for; the reason it is not. Costs at most the value budget to check.
    pub fn check(&self, v: &Val) -> Result<(), Reason> {
        let b = &self.budgets;
        match v {
            Val::Str(s) if s.len() > b.string_bytes => return Err(over_string(b)),
            Val::List(l) if l.len() > b.collection_len => return Err(over_collection(b)),
            Val::Map(m) if m.len() > b.collection_len => return Err(over_collection(b)),
            _ => {}
        }
        self.check_copy(v)
    }

    /// Whether `v` may be copied (a reference reads it): within the value budget, and the work
    /// the copy counts for. Strings and collections read as they are (a long literal name in a
    /// file is the file's, not built) are not held to the string and collection budgets.
    pub fn check_copy(&self, v: &Val) -> Result<(), Reason> {
        match v {
            Val::Null | Val::Bool(_) | Val::Number(_) | Val::Unknown(_) => self.charge(1),
            _ => match cells(v, self.budgets.value_cells) {
                Some(n) => self.charge(n),
                None => Err(over_value(&self.budgets)),
            },
        }
    }
}

/// The size of a collection being built element by element (a `for` expression, dynamic
/// blocks, a resource's instances): Err once it is over the collection or value budget.
pub struct Size<'b> {
    budgets: &'b Budgets,
    len: usize,
    cells: usize,
}

impl<'b> Size<'b> {
    pub fn new(budgets: &'b Budgets) -> Self {
        Size {
            budgets,
            len: 0,
            cells: 1,
        }
    }

    /// One more element.
    pub fn add(&mut self, v: &Val) -> Result<(), Reason> {
        self.len += 1;
        if self.len > self.budgets.collection_len {
            return Err(over_collection(self.budgets));
        }
        let room = self.budgets.value_cells.saturating_sub(self.cells);
        match cells(v, room) {
            Some(n) if self.cells + n <= self.budgets.value_cells => {
                self.cells += n;
                Ok(())
            }
            _ => Err(over_value(self.budgets)),
        }
    }
}

pub fn over_string(b: &Budgets) -> Reason {
    Reason::not_known(format!(
        "not evaluated: over the {}-byte string budget",
        b.string_bytes
    ))
}

pub fn over_collection(b: &Budgets) -> Reason {
    Reason::not_known(format!(
        "not evaluated: over the {}-element collection budget",
        b.collection_len
    ))
}

pub fn over_value(b: &Budgets) -> Reason {
    Reason::not_known(format!(
        "not evaluated: over the {}-cell value size budget",
        b.value_cells
    ))
}

/// The cells a string's text adds: none when another value holds it too (a copy of a reference
/// shares the text; only building a string makes a new one).
fn text_cells(s: &crate::model::Str) -> usize {
    if s.is_shared() { 0 } else { s.len() / 64 }
}

/// The cells of `v`, None past `cap` (walking no further than that).
pub fn cells(v: &Val, cap: usize) -> Option<usize> {
    // Most values checked are not collections: no walk (and no stack to allocate) for them.
    let flat = match v {
        Val::Str(s) => Some(1 + text_cells(s)),
        Val::Partial(p) => Some(1 + p.text.len() / 64),
        Val::List(_) | Val::Map(_) => None,
        _ => Some(1),
    };
    if let Some(n) = flat {
        return (n <= cap).then_some(n);
    }
    let mut total = 0usize;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        total += 1 + match v {
            Val::Str(s) => text_cells(s),
            Val::Partial(p) => p.text.len() / 64,
            Val::List(l) => {
                stack.extend(l.iter().map(|n| &n.val));
                0
            }
            Val::Map(m) => {
                stack.extend(m.values().map(|n| &n.val));
                m.keys().map(|k| k.len() / 64).sum()
            }
            _ => 0,
        };
        if total > cap {
            return None;
        }
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, Origin};

    #[test]
    fn cells_count_nodes_and_string_bytes_and_stop_at_the_cap() {
        let at = Origin::default();
        let s = |n: usize| Node::new(Val::Str("x".repeat(n).into()), at);
        let v = Val::List(vec![s(128), s(1)]);
        assert_eq!(cells(&v, 100), Some(1 + 3 + 1));
        assert_eq!(cells(&v, 4), None);
        // A string another value holds adds no copy of its text.
        let held = s(128);
        let v = Val::List(vec![held.clone(), s(1)]);
        assert_eq!(cells(&v, 100), Some(1 + 1 + 1));
        assert_eq!(cells(&held.val, 100), Some(1));
        drop(v);
        assert_eq!(cells(&held.val, 100), Some(1 + 2));
    }

    #[test]
    fn work_past_the_budget_is_refused_from_then_on() {
        let w = Work::new(Budgets {
            work: 10,
            ..Budgets::default()
        });
        assert!(w.charge(10).is_ok());
        let r = w.charge(1).unwrap_err();
        assert!(r.contains("work budget of 10 steps"), "{r}");
        assert!(w.charge(0).is_err());
    }
}
