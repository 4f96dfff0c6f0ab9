//! Terraform semantics for sources: variables, locals, expressions and functions.
//!
//! Evaluation is lazy and memoized: locals and resources are evaluated on first use, so
//! declaration order does not matter, each is evaluated once, and a cycle yields Unknown.

mod body;
pub mod budget;
pub mod config;
mod expr;
pub mod functions;
pub mod go_json;
mod instances;
mod modules;
#[cfg(test)]
mod partial_tests;
pub mod policy_document;
mod provider;
mod scope;
mod template;
mod traverse;
mod values;

use std::cell::RefCell;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;
use std::rc::Rc;

use hcl_edit::Decorated;
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Directive, Element, Template};

use crate::diagnostic::Diagnostic;
use crate::model::node::Map;
use crate::model::partial;
use crate::model::resource::{id_is_bucket, resource_type};
use crate::model::{Mode, Node, Origin, Resource, Val, placeholder_name};
use crate::model::{Reason, Refs};
use config::{Attr, Block, Body, Expr};

pub use instances::{Evaluated, Expansion, InstKey, Instance, ResKey};
pub use modules::{ChildResult, LoadChild, ModEvaluated, ModuleCall};
use provider::is_identifier;
use scope::Pending;
pub use scope::Scope;
use values::node;
pub use values::{deep_refs, deep_refs_all, fmt_number, obj, reorigin, to_str, type_name, val_eq};

type Op = Decorated<TraversalOperator>;
type Bindings = Vec<(String, Node)>;
pub struct Evaluator<'a> {
    /// The module directory as displayed (`path.module`).
    pub dir: String,
    /// The module directory on disk, for `file()`.
    pub fs_dir: Option<PathBuf>,
    /// The directory tree being scanned, which `file()` may read besides `fs_dir`.
    pub tree: Option<&'a crate::safe_io::Tree>,
    /// Module address prefix, "" for the root module.
    pub module: String,
    pub vars: Map,
    locals: BTreeMap<String, &'a Attr<'a>>,
    local_memo: RefCell<FxHashMap<String, Option<Rc<Node>>>>,
    resources: BTreeMap<ResKey, &'a Block<'a>>,
    /// Declaration order.
    pub order: Vec<ResKey>,
    res_memo: RefCell<FxHashMap<ResKey, Option<Rc<Evaluated>>>>,
    managed_types: FxHashSet<String>,
    /// `module` blocks by name, in declaration order.
    pub module_calls: Vec<(String, &'a Block<'a>)>,
    mod_memo: RefCell<FxHashMap<String, Option<Rc<ModEvaluated>>>>,
    /// What is being evaluated provisionally, innermost last.
    provisional: RefCell<Vec<Pending>>,
    /// Evaluates a local child module; None disables module calls.
    pub loader: Option<&'a LoadChild<'a>>,
    /// Resources and errors of child modules, as they are evaluated.
    pub child_resources: RefCell<Vec<Resource>>,
    pub child_errors: RefCell<Vec<Diagnostic>>,
    /// Informational notes of child modules (a remote module that is not installed).
    pub child_notes: RefCell<Vec<Diagnostic>>,
    /// Input errors met while evaluating, each once: a limit hit (the evaluation depth), what
    /// Terraform rejects (a template rendering itself). The values concerned are unknown.
    pub problems: RefCell<Vec<(Problem, Origin, String)>>,
    /// Notes on this module's evaluation, for the user: a budget that folded a resource's
    /// instances into one (the values are not wrong, but less is known).
    pub notes: RefCell<Vec<(Origin, String)>>,
    /// A `templatefile` template is being rendered (Terraform rejects one calling it again).
    rendering: std::cell::Cell<bool>,
    /// The budgets of the root module's evaluation and the work used (shared with its children).
    pub work: Rc<budget::Work>,
}

impl<'a> Evaluator<'a> {
    pub fn new(dir: &str, fs_dir: Option<PathBuf>, module: &str, top: &'a [Block<'a>]) -> Self {
        let mut locals = BTreeMap::new();
        let mut resources = BTreeMap::new();
        let mut order = Vec::new();
        let mut managed_types = FxHashSet::default();
        let mut module_calls: Vec<(String, &Block)> = Vec::new();
        for b in top {
            match (b.kind, b.labels.as_slice()) {
                ("module", [n]) if !module_calls.iter().any(|(m, _)| m == n) => {
                    module_calls.push((n.to_string(), b));
                }
                ("locals", _) => {
                    for a in &b.body.attrs {
                        locals.entry(a.name.to_string()).or_insert(a);
                    }
                }
                ("resource", [t, n]) | ("data", [t, n]) => {
                    let mode = if b.kind == "resource" {
                        Mode::Managed
                    } else {
                        Mode::Data
                    };
                    let key = (mode, t.to_string(), n.to_string());
                    if mode == Mode::Managed {
                        managed_types.insert(t.to_string());
                    }
                    if !resources.contains_key(&key) {
                        resources.insert(key.clone(), b);
                        order.push(key);
                    }
                }
                _ => {}
            }
        }
        Evaluator {
            dir: dir.to_string(),
            fs_dir,
            tree: None,
            module: module.to_string(),
            vars: Map::new(),
            locals,
            local_memo: RefCell::default(),
            resources,
            order,
            res_memo: RefCell::default(),
            managed_types,
            module_calls,
            mod_memo: RefCell::default(),
            provisional: RefCell::default(),
            loader: None,
            child_resources: RefCell::default(),
            child_errors: RefCell::default(),
            child_notes: RefCell::default(),
            problems: RefCell::default(),
            notes: RefCell::default(),
            rendering: std::cell::Cell::default(),
            work: Rc::default(),
        }
    }

    pub fn base_address(&self, key: &ResKey) -> String {
        // Pushed piece by piece: cheaper than format! for this hot, simple concatenation.
        let mut out = String::with_capacity(self.module.len() + key.1.len() + key.2.len() + 7);
        if !self.module.is_empty() {
            out.push_str(&self.module);
            out.push('.');
        }
        if key.0 == Mode::Data {
            out.push_str("data.");
        }
        out.push_str(&key.1);
        out.push('.');
        out.push_str(&key.2);
        out
    }

    /// Record an input error at `at`, unless one of its `kind` is recorded already (one is
    /// enough: each hit of a limit, each local of a cycle would repeat it).
    fn problem(&self, kind: Problem, at: Origin, message: String) {
        if !self.has_problem(kind) {
            self.problems.borrow_mut().push((kind, at, message));
        }
    }

    fn has_problem(&self, kind: Problem) -> bool {
        self.problems.borrow().iter().any(|(k, _, _)| *k == kind)
    }

    pub fn block(&self, key: &ResKey) -> Option<&'a Block<'a>> {
        self.resources.get(key).copied()
    }

    /// Evaluate a resource into the memo, if it is not there yet.
    pub fn evaluate(&self, key: &ResKey) {
        let _ = self.resource(key);
    }

    /// Take the evaluated resources out of the memo (evaluating those nobody referenced).
    pub fn take(&self, key: &ResKey) -> Option<Evaluated> {
        let rc = self.resource(key).ok()?;
        self.res_memo.borrow_mut().remove(key);
        Some(Rc::try_unwrap(rc).unwrap_or_else(|rc| {
            Evaluated {
                expansion: match &rc.expansion {
                    Expansion::Single => Expansion::Single,
                    Expansion::Count => Expansion::Count,
                    Expansion::ForEach => Expansion::ForEach,
                    Expansion::Unknown(r) => Expansion::Unknown(r.clone()),
                },
                instances: rc
                    .instances
                    .iter()
                    .map(|i| Instance {
                        address: i.address.clone(),
                        key: i.key.clone(),
                        object: i.object.clone(),
                        injected: i.injected.clone(),
                    })
                    .collect(),
            }
        }))
    }
}

/// The kinds of input error evaluation reports (see [`Evaluator::problems`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// [`MAX_EVAL_DEPTH`] reached.
    Depth,
    /// Locals referring to themselves through locals alone.
    LocalCycle,
    /// `templatefile` called from a template it renders.
    TemplateRecursion,
}

/// How deep evaluation may recurse on one thread: past the parser's nesting limit (1,024
/// levels; chained operators take one level, [`Evaluator::eval_binary_chain`]), well within
/// [`crate::pool::STACK_SIZE`] in a debug build (up to about 10 KiB a level, measured on chains
/// of locals through templates, calls and `for` expressions).
pub const MAX_EVAL_DEPTH: usize = 4096;

thread_local! {
    static EVAL_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of [`Evaluator::eval`] on this thread's stack, counted while it lives.
struct EvalDepth;

impl EvalDepth {
    /// How deep evaluation is on this thread.
    fn current() -> usize {
        EVAL_DEPTH.with(std::cell::Cell::get)
    }

    fn enter() -> Option<EvalDepth> {
        EVAL_DEPTH.with(|d| {
            let depth = d.get();
            (depth < MAX_EVAL_DEPTH).then(|| {
                d.set(depth + 1);
                EvalDepth
            })
        })
    }
}

impl Drop for EvalDepth {
    fn drop(&mut self) {
        EVAL_DEPTH.with(|d| d.set(d.get() - 1));
    }
}
