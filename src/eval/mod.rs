//! Terraform semantics for sources: variables, locals, expressions and functions.
//!
//! Evaluation is lazy and memoized: locals and resources are evaluated on first use, so
//! declaration order does not matter, each is evaluated once, and a cycle yields Unknown.

pub mod config;
pub mod functions;
#[cfg(test)]
mod partial_tests;
pub mod policy_document;

use std::cell::RefCell;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;
use std::rc::Rc;

use hcl_edit::Decorated;
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::{Directive, Element, Template};

use crate::input::InputError;
use crate::model::node::Map;
use crate::model::partial;
use crate::model::resource::{id_is_bucket, resource_type};
use crate::model::{Mode, Node, Origin, Resource, Val, placeholder_name};
use config::{Attr, Block, Body, Expr};

type Op = Decorated<TraversalOperator>;
type Bindings = Vec<(String, Node)>;

/// Names bound by `for` expressions, `count`, `each` and dynamic block iterators.
pub struct Scope<'p> {
    names: Vec<(String, Node)>,
    parent: Option<&'p Scope<'p>>,
}

impl<'p> Scope<'p> {
    pub fn root() -> Scope<'static> {
        Scope {
            names: Vec::new(),
            parent: None,
        }
    }

    pub fn child(&'p self, names: Vec<(String, Node)>) -> Scope<'p> {
        Scope {
            names,
            parent: Some(self),
        }
    }

    fn lookup(&self, name: &str) -> Option<&Node> {
        self.names
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .or_else(|| self.parent.and_then(|p| p.lookup(name)))
    }
}

/// `(mode, type, name)` of a resource block.
pub type ResKey = (Mode, String, String);

#[derive(Clone, Debug, PartialEq)]
pub enum InstKey {
    Int(usize),
    Str(String),
    /// The instances of a `for_each` whose keys are not known: `[*]`, as Terraform writes
    /// instances it cannot expand yet.
    Any,
}

impl InstKey {
    pub fn suffix(&self) -> String {
        match self {
            InstKey::Int(i) => format!("[{i}]"),
            InstKey::Any => "[*]".into(),
            InstKey::Str(s) => {
                // The key as a JSON string, written straight into the suffix.
                let mut out = Vec::with_capacity(s.len() + 4);
                out.push(b'[');
                let _ = serde_json::to_writer(&mut out, s);
                out.push(b']');
                String::from_utf8(out).unwrap_or_default()
            }
        }
    }
}

pub struct Instance {
    pub address: String,
    pub key: Option<InstKey>,
    /// The evaluated body plus the attributes references may read (`id`, `arn`, `json`...).
    pub object: Node,
    /// Keys added to `object` that the configuration did not write (with the written value
    /// they replaced, if any).
    pub injected: Vec<(String, Option<Node>)>,
}

impl Instance {
    /// The body as written: `object` without the injected attributes.
    pub fn into_body(mut self) -> Node {
        if let Val::Map(m) = &mut self.object.val {
            for (k, orig) in self.injected {
                match orig {
                    Some(n) => m.insert(k, n),
                    None => m.remove(&k),
                };
            }
        }
        self.object.refs.clear();
        self.object
    }
}

pub enum Expansion {
    Single,
    Count,
    ForEach,
    /// count / for_each not known: one instance standing for all of them, addressed `[0]` for
    /// count (the instance that exists whenever any does, so its address stays once the count
    /// is known) and `[*]` for for_each.
    Unknown(String),
}

pub struct Evaluated {
    pub expansion: Expansion,
    pub instances: Vec<Instance>,
}

pub struct Evaluator<'a> {
    /// The module directory as displayed (`path.module`).
    pub dir: String,
    /// The module directory on disk, for `file()`.
    pub fs_dir: Option<PathBuf>,
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
    pub child_errors: RefCell<Vec<InputError>>,
    /// Informational notes of child modules (a remote module that is not installed).
    pub child_notes: RefCell<Vec<InputError>>,
}

/// What evaluating one child module instance gives back.
pub struct ChildResult {
    pub resources: Vec<Resource>,
    pub errors: Vec<InputError>,
    /// Not errors, but limits of the scan the user should know about.
    pub notes: Vec<InputError>,
    /// Map of output name → value.
    pub outputs: Node,
}

/// One instance of a `module` block, as handed to the loader.
pub struct ModuleCall<'c> {
    /// The block's name (`a` in `module "a"`).
    pub name: &'c str,
    /// The evaluated `source`.
    pub source: &'c str,
    /// The instance's address prefix, `module.a["x"]`.
    pub prefix: &'c str,
    /// The `module "a"` block header.
    pub origin: Origin,
    /// Evaluated again for a reader while its inputs are being evaluated (see
    /// `Evaluator::provisional_module_call`): its result is dropped, notes are not repeated.
    pub provisional: bool,
}

/// (parent evaluator, the call, input values) → the child's result, or why it has none.
pub type LoadChild<'a> = dyn Fn(&Evaluator, &ModuleCall, Map) -> Result<ChildResult, String> + 'a;

/// Something evaluated again while its evaluation is under way (see
/// `Evaluator::provisionally`).
#[derive(PartialEq)]
enum Pending {
    Local(String),
    Resource(ResKey),
    Module(String),
}

pub struct ModEvaluated {
    pub expansion: Expansion,
    pub instances: Vec<(Option<InstKey>, Node)>,
}

/// Beyond this, count is taken as a mistake rather than expanded.
const MAX_INSTANCES: f64 = 100_000.0;

/// Module block arguments that are not input variables.
const MODULE_META: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

/// Arguments that configure Terraform itself, not the resource.
const META_ATTRS: &[&str] = &["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

fn node(val: Val, at: Origin) -> Node {
    Node::new(val, at)
}

/// A number literal's value; unknown beyond f64's range (`1e400`, `1e-400`: valid HCL, whose
/// numbers have arbitrary precision), where the parser keeps the exact value only as text.
fn number_literal(n: &hcl_edit::Formatted<hcl_edit::Number>, at: Origin) -> Node {
    let text = n.as_repr().map_or("", |r| r);
    let nonzero = text
        .split(['e', 'E'])
        .next()
        .is_some_and(|m| m.contains(|c| matches!(c, '1'..='9')));
    match text.trim_start_matches(['-', ' ', '\t']).parse::<f64>() {
        Ok(f) if f.is_infinite() || f == 0.0 && nonzero => Node::unknown(
            format!("number {text} is out of the range bucketguard evaluates"),
            at,
        ),
        _ => node(Val::Number(n.as_f64().unwrap_or(f64::NAN)), at),
    }
}

pub fn add_refs(dst: &mut Vec<String>, src: &[String]) {
    for r in src {
        if !dst.contains(r) {
            dst.push(r.clone());
        }
    }
}

/// Every ref inside `n`.
pub fn deep_refs(n: &Node, out: &mut Vec<String>) {
    add_refs(out, &n.refs);
    match &n.val {
        Val::List(l) => l.iter().for_each(|c| deep_refs(c, out)),
        Val::Map(m) => m.values().for_each(|c| deep_refs(c, out)),
        _ => {}
    }
}

/// Give the whole tree one origin: a value read through a reference is reported where it is used.
pub fn reorigin(n: &mut Node, at: Origin) {
    n.origin = at;
    match &mut n.val {
        Val::List(l) => l.iter_mut().for_each(|c| reorigin(c, at)),
        Val::Map(m) => m.iter_mut().for_each(|(_, c)| reorigin(c, at)),
        _ => {}
    }
}

pub fn type_name(v: &Val) -> &'static str {
    match v {
        Val::Null => "null",
        Val::Bool(_) => "bool",
        Val::Number(_) => "number",
        Val::Str(_) => "string",
        Val::List(_) => "list",
        Val::Map(_) => "object",
        Val::Unknown(_) | Val::Partial(_) => "unknown",
    }
}

/// Terraform's number → string conversion.
pub fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A primitive as a string, as string templates and string arguments convert it.
pub fn to_str(n: &Node) -> Result<String, String> {
    match &n.val {
        Val::Str(s) => Ok(s.clone()),
        Val::Number(x) => Ok(fmt_number(*x)),
        Val::Bool(b) => Ok(b.to_string()),
        Val::Null => Err("a null value cannot be used as a string".into()),
        Val::Unknown(r) => Err(r.clone()),
        Val::Partial(p) => Err(p.reason.clone()),
        v => Err(format!("a {} cannot be used as a string", type_name(v))),
    }
}

/// Structural equality, ignoring origins and refs.
pub fn val_eq(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::List(x), Val::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| val_eq(&p.val, &q.val))
        }
        (Val::Map(x), Val::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && val_eq(&v1.val, &v2.val))
        }
        (Val::Number(x), Val::Number(y)) => x == y,
        _ => a == b,
    }
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

    // ---- expressions ----

    pub fn eval_expr(&self, e: Expr, sc: &Scope, at: Origin) -> Node {
        match e {
            Expr::Hcl(x) => self.eval(x, sc, at),
            Expr::Json(v) => self.eval_json(v, sc, at),
        }
    }

    fn eval_json(&self, v: &serde_json::Value, sc: &Scope, at: Origin) -> Node {
        use serde_json::Value as J;
        match v {
            J::String(s) => self.eval_json_str(s, sc, at),
            J::Array(a) => node(
                Val::List(a.iter().map(|x| self.eval_json(x, sc, at)).collect()),
                at,
            ),
            J::Object(o) => {
                let mut m = Map::new();
                for (k, x) in o {
                    let key = self.eval_json_str(k, sc, at);
                    match to_str(&key) {
                        Ok(k) => {
                            m.insert(k, self.eval_json(x, sc, at));
                        }
                        Err(r) => return Node::unknown(format!("object key is not known: {r}"), at),
                    }
                }
                node(Val::Map(m), at)
            }
            other => Node::from_json(other, at),
        }
    }

    fn eval_json_str(&self, s: &str, sc: &Scope, at: Origin) -> Node {
        if !s.contains("${") && !s.contains("%{") {
            return node(Val::Str(s.to_string()), at);
        }
        match hcl_edit::parser::parse_template(s) {
            Ok(t) => self.eval_template(&t, sc, at),
            Err(e) => Node::unknown(format!("invalid template: {}", e.message()), at),
        }
    }

    /// Evaluate `e`, or give it unknown when evaluation is already [`MAX_EVAL_DEPTH`] levels
    /// deep on this thread (through nested expressions and references alike: a chain of 5,000
    /// locals each naming the next would overflow the stack).
    pub fn eval(&self, e: &Expression, sc: &Scope, at: Origin) -> Node {
        match EvalDepth::enter() {
            Some(_depth) => self.eval_here(e, sc, at),
            None => Node::unknown(
                format!(
                    "expression nested more than {MAX_EVAL_DEPTH} levels deep (counting the references it follows) is not evaluated"
                ),
                at,
            ),
        }
    }

    fn eval_here(&self, e: &Expression, sc: &Scope, at: Origin) -> Node {
        match e {
            Expression::Null(_) => node(Val::Null, at),
            Expression::Bool(b) => node(Val::Bool(*b.value()), at),
            Expression::Number(n) => number_literal(n, at),
            Expression::String(s) => node(Val::Str(s.value().clone()), at),
            Expression::Array(a) => node(Val::List(a.iter().map(|x| self.eval(x, sc, at)).collect()), at),
            Expression::Object(o) => {
                let mut m = Map::new();
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(id) => id.as_str().to_string(),
                        ObjectKey::Expression(ke) => {
                            // A bare word parses as a variable but means the literal name.
                            if let Expression::Variable(id) = ke {
                                id.as_str().to_string()
                            } else {
                                let kn = self.eval(ke, sc, at);
                                match to_str(&kn) {
                                    Ok(s) => s,
                                    Err(r) => {
                                        return Node::unknown(format!("object key is not known: {r}"), at);
                                    }
                                }
                            }
                        }
                    };
                    m.insert(key, self.eval(v.expr(), sc, at));
                }
                node(Val::Map(m), at)
            }
            Expression::StringTemplate(t) => self.eval_template(t, sc, at),
            Expression::HeredocTemplate(h) => self.eval_template(&h.template, sc, at),
            Expression::Parenthesis(p) => self.eval(p.inner(), sc, at),
            Expression::Variable(id) => self.resolve_root(id.as_str(), &[], sc, at),
            Expression::Conditional(c) => {
                let cond = self.eval(&c.cond_expr, sc, at);
                match cond.as_bool() {
                    Some(true) => self.eval(&c.true_expr, sc, at),
                    Some(false) => self.eval(&c.false_expr, sc, at),
                    None => match &cond.val {
                        Val::Unknown(_) | Val::Partial(_) => cond.into_unknown(at),
                        v => Node::unknown(format!("condition is a {}, not a bool", type_name(v)), at),
                    },
                }
            }
            Expression::FuncCall(f) => {
                let name = f.name.name.as_str();
                if !f.name.namespace.is_empty() {
                    return Node::unknown(format!("provider function {name}() is not supported"), at);
                }
                functions::call(self, name, f.args.iter().collect(), f.args.expand_final(), sc, at)
            }
            Expression::Traversal(t) => {
                if let Expression::Variable(root) = &t.expr {
                    self.resolve_root(root.as_str(), &t.operators, sc, at)
                } else {
                    let base = self.eval(&t.expr, sc, at);
                    self.apply_ops_owned(base, &t.operators, sc, at)
                }
            }
            Expression::UnaryOp(u) => {
                let v = self.eval(&u.expr, sc, at);
                let refs = v.refs.clone();
                let out = match (u.operator.value(), &v.val) {
                    (_, Val::Unknown(_)) => return v,
                    (_, Val::Partial(p)) => Val::Unknown(p.reason.clone()),
                    (UnaryOperator::Not, _) => match v.as_bool() {
                        Some(b) => Val::Bool(!b),
                        None => Val::Unknown(format!("! needs a bool, not a {}", type_name(&v.val))),
                    },
                    (UnaryOperator::Neg, Val::Number(n)) => Val::Number(-n),
                    (UnaryOperator::Neg, v) => {
                        Val::Unknown(format!("- needs a number, not a {}", type_name(v)))
                    }
                };
                node(out, at).with_refs(refs)
            }
            Expression::BinaryOp(b) => self.eval_binary_chain(b, sc, at),
            Expression::ForExpr(f) => self.eval_for(f, sc, at),
        }
    }

    /// `a + b + c ...` parses into a left-deep tree, one level per operator: its left side is
    /// walked in a loop, so 10,000 chained operators take the stack of one. Operands are
    /// evaluated left to right, as before.
    fn eval_binary_chain(&self, b: &hcl_edit::expr::BinaryOp, sc: &Scope, at: Origin) -> Node {
        let mut spine = vec![b];
        let mut first = &b.lhs_expr;
        while let Expression::BinaryOp(inner) = first {
            spine.push(inner);
            first = &inner.lhs_expr;
        }
        let mut acc = self.eval(first, sc, at);
        for op in spine.iter().rev() {
            let r = self.eval(&op.rhs_expr, sc, at);
            acc = binary(*op.operator.value(), acc, r, at);
        }
        acc
    }

    fn eval_for(&self, f: &hcl_edit::expr::ForExpr, sc: &Scope, at: Origin) -> Node {
        let coll = self.eval(&f.intro.collection_expr, sc, at);
        let items: Vec<(Node, &Node)> = match &coll.val {
            Val::List(l) => l
                .iter()
                .enumerate()
                .map(|(i, v)| (node(Val::Number(i as f64), at), v))
                .collect(),
            Val::Map(m) => m
                .iter()
                .map(|(k, v)| (node(Val::Str(k.clone()), at), v))
                .collect(),
            Val::Unknown(_) | Val::Partial(_) => return coll.into_unknown(at),
            v => return Node::unknown(format!("for expression over a {}", type_name(v)), at),
        };
        let mut list = Vec::new();
        let mut map: Map = Map::new();
        for (k, v) in items {
            let mut names = vec![(f.intro.value_var.as_str().to_string(), v.clone())];
            if let Some(kv) = &f.intro.key_var {
                names.push((kv.as_str().to_string(), k));
            }
            let inner = sc.child(names);
            if let Some(c) = &f.cond {
                let cv = self.eval(&c.expr, &inner, at);
                match cv.as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => {
                        return match cv.val {
                            Val::Unknown(_) | Val::Partial(_) => cv.into_unknown(at),
                            _ => Node::unknown("for condition is not a bool", at),
                        };
                    }
                }
            }
            let val = self.eval(&f.value_expr, &inner, at);
            match &f.key_expr {
                None => list.push(val),
                Some(ke) => {
                    let kn = self.eval(ke, &inner, at);
                    let k = match to_str(&kn) {
                        Ok(k) => k,
                        Err(r) => return Node::unknown(format!("for expression key is not known: {r}"), at),
                    };
                    if f.grouping {
                        let e = map.entry(k).or_insert_with(|| node(Val::List(Vec::new()), at));
                        if let Val::List(l) = &mut e.val {
                            l.push(val);
                        }
                    } else {
                        match map.entry(k) {
                            litemap::Entry::Occupied(e) => {
                                return Node::unknown(
                                    format!("duplicate key \"{}\" in for expression", e.key()),
                                    at,
                                );
                            }
                            litemap::Entry::Vacant(e) => {
                                e.insert(val);
                            }
                        }
                    }
                }
            }
        }
        if f.key_expr.is_some() {
            node(Val::Map(map), at)
        } else {
            node(Val::List(list), at)
        }
    }

    pub fn eval_template(&self, t: &Template, sc: &Scope, at: Origin) -> Node {
        let elems: Vec<&Element> = t.iter().collect();
        // A lone interpolation yields its value unconverted.
        if let [Element::Interpolation(i)] = elems.as_slice() {
            return self.eval(&i.expr, sc, at);
        }
        let mut out = Rendered::default();
        if let Err(n) = self.render(&elems, (false, false), sc, at, &mut out) {
            return n;
        }
        match out.hole {
            // An unknown interpolation leaves a hole: the rest of the text stays known.
            Some(reason) => node(Val::partial(out.text, reason), at).with_refs(out.refs),
            None => node(Val::Str(out.text), at).with_refs(out.refs),
        }
    }

    /// `strip`: whether the enclosing directive strips whitespace after its opening / before its
    /// closing marker (`~}` / `%{~`).
    fn render(
        &self,
        elems: &[&Element],
        strip: (bool, bool),
        sc: &Scope,
        at: Origin,
        out: &mut Rendered,
    ) -> Result<(), Node> {
        for (i, e) in elems.iter().enumerate() {
            match e {
                Element::Literal(s) => {
                    let mut s: &str = s.value();
                    if (i == 0 && strip.0) || (i > 0 && strip_after(elems[i - 1])) {
                        s = s.trim_start();
                    }
                    if (i + 1 == elems.len() && strip.1) || elems.get(i + 1).is_some_and(|n| strip_before(n))
                    {
                        s = s.trim_end();
                    }
                    out.literal(s);
                }
                Element::Interpolation(ip) => {
                    let v = self.eval(&ip.expr, sc, at);
                    deep_refs(&v, &mut out.refs);
                    out.value(&v)
                        .map_err(|r| Node::unknown(r, at).with_refs(out.refs.clone()))?;
                }
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => {
                        let c = self.eval(&d.if_expr.cond_expr, sc, at);
                        deep_refs(&c, &mut out.refs);
                        let close = d.endif_expr.strip.strip_start();
                        let branch = match c.as_bool() {
                            Some(true) => Some((
                                &d.if_expr.template,
                                (
                                    d.if_expr.strip.strip_end(),
                                    d.else_expr.as_ref().map_or(close, |e| e.strip.strip_start()),
                                ),
                            )),
                            Some(false) => d
                                .else_expr
                                .as_ref()
                                .map(|e| (&e.template, (e.strip.strip_end(), close))),
                            None => {
                                let r = to_str(&c)
                                    .err()
                                    .unwrap_or_else(|| "condition is not a bool".into());
                                return Err(Node::unknown(r, at).with_refs(out.refs.clone()));
                            }
                        };
                        if let Some((t, strip)) = branch {
                            self.render(&t.iter().collect::<Vec<_>>(), strip, sc, at, out)?;
                        }
                    }
                    Directive::For(d) => {
                        let f = &d.for_expr;
                        let coll = self.eval(&f.collection_expr, sc, at);
                        deep_refs(&coll, &mut out.refs);
                        let items: Vec<(Node, Node)> = match &coll.val {
                            Val::List(l) => l
                                .iter()
                                .enumerate()
                                .map(|(i, v)| (node(Val::Number(i as f64), at), v.clone()))
                                .collect(),
                            Val::Map(m) => m
                                .iter()
                                .map(|(k, v)| (node(Val::Str(k.clone()), at), v.clone()))
                                .collect(),
                            Val::Unknown(_) | Val::Partial(_) => {
                                let r = coll.val.unknown_reason().unwrap_or_default();
                                return Err(Node::unknown(r, at).with_refs(out.refs.clone()));
                            }
                            v => {
                                return Err(Node::unknown(
                                    format!("for directive over a {}", type_name(v)),
                                    at,
                                ));
                            }
                        };
                        let body: Vec<&Element> = f.template.iter().collect();
                        for (k, v) in items {
                            let mut names = vec![(f.value_var.as_str().to_string(), v)];
                            if let Some(kv) = &f.key_var {
                                names.push((kv.as_str().to_string(), k));
                            }
                            let strip = (f.strip.strip_end(), d.endfor_expr.strip.strip_start());
                            self.render(&body, strip, &sc.child(names), at, out)?;
                        }
                    }
                },
            }
        }
        Ok(())
    }

    fn resolve_root(&self, name: &str, ops: &[Op], sc: &Scope, at: Origin) -> Node {
        if let Some(v) = sc.lookup(name) {
            return self.apply_ops(v, ops, sc, at);
        }
        let attr = |i: usize| match ops.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(id)) => Some(id.as_str()),
            _ => None,
        };
        match name {
            "var" => match attr(0) {
                Some(v) => match self.vars.get(v) {
                    Some(n) => self.apply_ops(n, &ops[1..], sc, at),
                    None => Node::unknown(format!("var.{v} is not declared"), at),
                },
                None => Node::unknown("var must be followed by a variable name", at),
            },
            "local" => match attr(0) {
                Some(l) => match self.local(l) {
                    Ok(v) => self.apply_ops(&v, &ops[1..], sc, at),
                    Err(r) => Node::unknown(r, at),
                },
                None => Node::unknown("local must be followed by a name", at),
            },
            "path" => match attr(0) {
                Some("module" | "root" | "cwd") => {
                    self.apply_ops_owned(node(Val::Str(self.dir.clone()), at), &ops[1..], sc, at)
                }
                _ => Node::unknown("unsupported path attribute", at),
            },
            "terraform" => match attr(0) {
                Some("workspace") => {
                    self.apply_ops_owned(node(Val::Str("default".into()), at), &ops[1..], sc, at)
                }
                _ => Node::unknown("unsupported terraform attribute", at),
            },
            "count" | "each" | "self" => Node::unknown(format!("{name} is not available here"), at),
            "module" => match attr(0) {
                Some(m) => self.module_ref(m, &ops[1..], sc, at),
                None => Node::unknown("module must be followed by a name", at),
            },
            "data" => match (attr(0), attr(1)) {
                (Some(t), Some(n)) => {
                    self.resource_ref(&(Mode::Data, t.to_string(), n.to_string()), &ops[2..], sc, at)
                }
                _ => Node::unknown("data must be followed by a type and a name", at),
            },
            t => match attr(0) {
                Some(n) => {
                    let key = (Mode::Managed, t.to_string(), n.to_string());
                    if !self.managed_types.contains(t) || !self.resources.contains_key(&key) {
                        return Node::unknown(format!("reference to undeclared resource {t}.{n}"), at);
                    }
                    self.resource_ref(&key, &ops[1..], sc, at)
                }
                None => Node::unknown(format!("unknown name \"{t}\""), at),
            },
        }
    }

    fn local(&self, name: &str) -> Result<Rc<Node>, String> {
        let slot = self.local_memo.borrow().get(name).cloned();
        if let Some(Some(v)) = slot {
            return Ok(v);
        }
        let Some(attr) = self.locals.get(name) else {
            return Err(format!("local.{name} is not declared"));
        };
        // Being evaluated: read again through references between blocks.
        if slot.is_some() {
            return self.provisionally(
                Pending::Local(name.to_string()),
                || format!("local.{name} refers to itself"),
                || Rc::new(self.eval_expr(attr.expr, &Scope::root(), attr.origin)),
            );
        }
        self.local_memo.borrow_mut().insert(name.to_string(), None);
        let v = Rc::new(self.eval_expr(attr.expr, &Scope::root(), attr.origin));
        if let Some(slot) = self.local_memo.borrow_mut().get_mut(name) {
            *slot = Some(v.clone());
        }
        Ok(v)
    }

    /// Attribute / index / splat steps, walking by reference where possible so that reading one
    /// attribute of a resource does not copy the resource. Containers pass their refs on.
    pub fn apply_ops(&self, base: &Node, ops: &[Op], sc: &Scope, at: Origin) -> Node {
        let mut cur = base;
        let mut refs: Vec<String> = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            let step: Result<&Node, Node> = match op.value() {
                TraversalOperator::GetAttr(k) => get_attr(cur, k.as_str(), at),
                TraversalOperator::Index(e) => {
                    let idx = self.eval(e, sc, at);
                    index(cur, &idx, at)
                }
                TraversalOperator::LegacyIndex(n) => {
                    index(cur, &node(Val::Number(*n.value() as f64), at), at)
                }
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => {
                    let full = matches!(op.value(), TraversalOperator::FullSplat(_));
                    let rest = &ops[i + 1..];
                    let n = if full {
                        rest.len()
                    } else {
                        rest.iter()
                            .take_while(|o| matches!(o.value(), TraversalOperator::GetAttr(_)))
                            .count()
                    };
                    let elems: Vec<&Node> = match &cur.val {
                        Val::List(l) => l.iter().collect(),
                        Val::Null => Vec::new(),
                        Val::Unknown(_) => {
                            let mut u = cur.clone();
                            add_refs(&mut u.refs, &refs);
                            return u;
                        }
                        _ => vec![cur],
                    };
                    add_refs(&mut refs, &cur.refs);
                    let list = node(
                        Val::List(
                            elems
                                .into_iter()
                                .map(|e| self.apply_ops(e, &rest[..n], sc, at))
                                .collect(),
                        ),
                        at,
                    );
                    let mut out = self.apply_ops(&list, &rest[n..], sc, at);
                    add_refs(&mut out.refs, &refs);
                    return out;
                }
            };
            match step {
                Ok(next) => {
                    add_refs(&mut refs, &cur.refs);
                    cur = next;
                }
                Err(mut u) => {
                    add_refs(&mut u.refs, &refs);
                    add_refs(&mut u.refs, &cur.refs);
                    return u;
                }
            }
        }
        // The refs gathered on the way come first; the value's own refs are copied only once.
        let refs = if refs.is_empty() {
            cur.refs.clone()
        } else {
            add_refs(&mut refs, &cur.refs);
            refs
        };
        Node {
            val: cur.val.clone(),
            origin: cur.origin,
            refs,
        }
    }

    /// [`Self::apply_ops`] on a value built for this read: without steps it is the result as
    /// is, rather than a copy of it.
    fn apply_ops_owned(&self, base: Node, ops: &[Op], sc: &Scope, at: Origin) -> Node {
        if ops.is_empty() {
            base
        } else {
            self.apply_ops(&base, ops, sc, at)
        }
    }

    // ---- resources ----

    fn resource(&self, key: &ResKey) -> Result<Rc<Evaluated>, String> {
        let slot = self.res_memo.borrow().get(key).cloned();
        if let Some(Some(ev)) = slot {
            return Ok(ev);
        }
        let Some(block) = self.block(key) else {
            return Err(format!(
                "reference to undeclared resource {}",
                self.base_address(key)
            ));
        };
        // Being evaluated: read again through references between blocks.
        if slot.is_some() {
            return self.provisionally(
                Pending::Resource(key.clone()),
                || format!("{} depends on itself", self.base_address(key)),
                || Rc::new(self.evaluate_resource(key, block)),
            );
        }
        self.res_memo.borrow_mut().insert(key.clone(), None);
        let ev = Rc::new(self.evaluate_resource(key, block));
        if let Some(slot) = self.res_memo.borrow_mut().get_mut(key) {
            *slot = Some(ev.clone());
        }
        Ok(ev)
    }

    /// Evaluate a `module` call (all its instances) once.
    pub fn module_call(&self, name: &str) -> Result<Rc<ModEvaluated>, String> {
        let slot = self.mod_memo.borrow().get(name).cloned();
        match slot {
            Some(Some(ev)) => return Ok(ev),
            Some(None) => return self.provisional_module_call(name),
            None => {}
        }
        let Some((_, block)) = self.module_calls.iter().find(|(n, _)| n == name) else {
            return Err(format!("module.{name} is not declared"));
        };
        let Some(loader) = self.loader else {
            return Err(format!("module.{name} is not evaluated"));
        };
        self.mod_memo.borrow_mut().insert(name.to_string(), None);
        let ev = Rc::new(self.eval_module_call(name, block, loader));
        self.mod_memo
            .borrow_mut()
            .insert(name.to_string(), Some(ev.clone()));
        Ok(ev)
    }

    /// A module read while its own inputs are being evaluated.
    fn provisional_module_call(&self, name: &str) -> Result<Rc<ModEvaluated>, String> {
        let cycle = || format!("module.{name} depends on itself");
        let block = self.module_calls.iter().find(|(n, _)| n == name).map(|(_, b)| *b);
        let (Some(block), Some(loader)) = (block, self.loader) else {
            return Err(cycle());
        };
        self.provisionally(Pending::Module(name.to_string()), cycle, || {
            Rc::new(self.eval_module_call(name, block, loader))
        })
    }

    /// A local, resource or module read while it is being evaluated: module.a reads
    /// module.b.x while module.b reads module.a.y, a module's policy input reads the module's
    /// bucket ARN, a policy document reads a module whose input is that document. Terraform
    /// orders single values, not blocks, so this is a cycle only if the values themselves form
    /// one. The item is evaluated again for this reader, with what is still being evaluated
    /// unknown ("depends on itself"): the parts that do not depend on it come out known. Each
    /// item is evaluated so at most once on the stack (a real cycle stays unknown); what this
    /// evaluation memoizes or finds is dropped, as it saw partial values.
    fn provisionally<T>(
        &self,
        item: Pending,
        cycle: impl FnOnce() -> String,
        eval: impl FnOnce() -> T,
    ) -> Result<T, String> {
        if self.provisional.borrow().contains(&item) {
            return Err(cycle());
        }
        let locals: FxHashSet<String> = self.local_memo.borrow().keys().cloned().collect();
        let resources: FxHashSet<ResKey> = self.res_memo.borrow().keys().cloned().collect();
        let modules: FxHashSet<String> = self.mod_memo.borrow().keys().cloned().collect();
        self.provisional.borrow_mut().push(item);
        let v = eval();
        self.provisional.borrow_mut().pop();
        self.local_memo.borrow_mut().retain(|k, _| locals.contains(k));
        self.res_memo.borrow_mut().retain(|k, _| resources.contains(k));
        self.mod_memo.borrow_mut().retain(|k, _| modules.contains(k));
        Ok(v)
    }

    /// Every instance of a `module` call: its inputs evaluated, the child module loaded.
    /// During a provisional evaluation the child's resources, errors and notes are dropped.
    fn eval_module_call(&self, name: &str, block: &Block, loader: &LoadChild) -> ModEvaluated {
        let provisional = !self.provisional.borrow().is_empty();
        let prefix = if self.module.is_empty() {
            format!("module.{name}")
        } else {
            format!("{}.module.{name}", self.module)
        };
        let root = Scope::root();
        let source = match block.body.attr("source") {
            Some(a) => self.eval_expr(a.expr, &root, a.origin),
            None => Node::unknown("no source", block.origin),
        };
        let (expansion, insts) = self.expand(block, &prefix);
        let mut instances = Vec::new();
        for (k, names) in insts {
            let sc = root.child(names);
            let inst_prefix = match &k {
                Some(k) => format!("{prefix}{}", k.suffix()),
                None => prefix.clone(),
            };
            let outputs = match source.as_str() {
                // Local or remote: the loader knows where the module's files are, or says why not.
                Some(src) => {
                    let inputs = block
                        .body
                        .attrs
                        .iter()
                        .filter(|a| !MODULE_META.contains(&a.name))
                        .map(|a| {
                            let mut v = self.eval_expr(a.expr, &sc, a.origin);
                            reorigin(&mut v, a.origin);
                            (a.name.to_string(), v)
                        })
                        .collect();
                    let call = ModuleCall {
                        name,
                        source: src,
                        prefix: &inst_prefix,
                        origin: block.origin,
                        provisional,
                    };
                    match loader(self, &call, inputs) {
                        Ok(r) if provisional => r.outputs,
                        Ok(r) => {
                            self.child_resources.borrow_mut().extend(r.resources);
                            self.child_errors.borrow_mut().extend(r.errors);
                            self.child_notes.borrow_mut().extend(r.notes);
                            r.outputs
                        }
                        Err(e) => Node::unknown(e, block.origin),
                    }
                }
                None => Node::unknown(format!("module.{name} source is not known"), block.origin),
            };
            instances.push((k, outputs));
        }
        ModEvaluated { expansion, instances }
    }

    fn module_ref(&self, name: &str, ops: &[Op], sc: &Scope, at: Origin) -> Node {
        let ev = match self.module_call(name) {
            Ok(ev) => ev,
            Err(r) => return Node::unknown(r, at),
        };
        let value = match &ev.expansion {
            Expansion::Single => match ev.instances.first() {
                Some((_, o)) => return self.apply_ops(o, ops, sc, at),
                None => Node::unknown(format!("module.{name} has no instance"), at),
            },
            // Any instance of an unknown count / for_each is the one that stands for them all.
            Expansion::Unknown(_)
                if matches!(ops.first().map(|o| o.value()), Some(TraversalOperator::Index(_))) =>
            {
                match ev.instances.first() {
                    Some((_, o)) => return self.apply_ops(o, &ops[1..], sc, at),
                    None => Node::unknown(format!("module.{name} has no instance"), at),
                }
            }
            Expansion::Count => node(
                Val::List(ev.instances.iter().map(|(_, o)| o.clone()).collect()),
                at,
            ),
            Expansion::ForEach => node(
                Val::Map(
                    ev.instances
                        .iter()
                        .map(|(k, o)| {
                            let k = match k {
                                Some(InstKey::Str(s)) => s.clone(),
                                Some(InstKey::Int(n)) => n.to_string(),
                                Some(InstKey::Any) | None => String::new(),
                            };
                            (k, o.clone())
                        })
                        .collect(),
                ),
                at,
            ),
            Expansion::Unknown(r) => Node::unknown(r.clone(), at),
        };
        self.apply_ops_owned(value, ops, sc, at)
    }

    /// A reference to a resource followed by `ops`, reading the instance in place when the
    /// instance is named, instead of copying every instance.
    fn resource_ref(&self, key: &ResKey, ops: &[Op], sc: &Scope, at: Origin) -> Node {
        if let Ok(ev) = self.resource(key) {
            match (&ev.expansion, ops.first().map(|o| o.value())) {
                (Expansion::Single, _) => {
                    if let Some(i) = ev.instances.first() {
                        return self.apply_ops(&i.object, ops, sc, at);
                    }
                }
                // Any instance of an unknown count / for_each is configured like the one that
                // stands for them all (count.index and each.* unknown in it).
                (Expansion::Unknown(_), Some(TraversalOperator::Index(_))) => {
                    if let Some(i) = ev.instances.first() {
                        return self.apply_ops(&i.object, &ops[1..], sc, at);
                    }
                }
                (Expansion::Count | Expansion::ForEach, Some(TraversalOperator::Index(e))) => {
                    let idx = self.eval(e, sc, at);
                    let want = match (&ev.expansion, &idx.val) {
                        (Expansion::Count, Val::Number(n)) if *n >= 0.0 && n.fract() == 0.0 => {
                            Some(InstKey::Int(*n as usize))
                        }
                        (Expansion::ForEach, Val::Str(s)) => Some(InstKey::Str(s.clone())),
                        _ => None,
                    };
                    if let Some(want) = want {
                        return match ev.instances.iter().find(|i| i.key.as_ref() == Some(&want)) {
                            Some(i) => self.apply_ops(&i.object, &ops[1..], sc, at),
                            None => Node::unknown(
                                format!("{}{} is not an instance", self.base_address(key), want.suffix()),
                                at,
                            ),
                        };
                    }
                }
                _ => {}
            }
        }
        let v = self.resource_value(key, at);
        self.apply_ops_owned(v, ops, sc, at)
    }

    /// The value a reference to the resource (without index) reads.
    fn resource_value(&self, key: &ResKey, at: Origin) -> Node {
        let base = self.base_address(key);
        let ev = match self.resource(key) {
            Ok(ev) => ev,
            Err(r) => return Node::unknown(r, at).with_refs(vec![base]),
        };
        match &ev.expansion {
            Expansion::Single => match ev.instances.first() {
                Some(i) => i.object.clone(),
                None => Node::unknown(format!("{base} has no instance"), at),
            },
            Expansion::Count => node(
                Val::List(ev.instances.iter().map(|i| i.object.clone()).collect()),
                at,
            ),
            Expansion::ForEach => node(
                Val::Map(
                    ev.instances
                        .iter()
                        .map(|i| {
                            let k = match &i.key {
                                Some(InstKey::Str(s)) => s.clone(),
                                Some(InstKey::Int(n)) => n.to_string(),
                                Some(InstKey::Any) | None => String::new(),
                            };
                            (k, i.object.clone())
                        })
                        .collect(),
                ),
                at,
            ),
            // The instances are derived from the one that stands for them all.
            Expansion::Unknown(r) => Node::unknown(r.clone(), at)
                .with_refs(ev.instances.iter().map(|i| i.address.clone()).collect()),
        }
    }

    /// count / for_each of a resource or module block: the instance keys and their bindings.
    fn expand(&self, block: &Block, base: &str) -> (Expansion, Vec<(Option<InstKey>, Bindings)>) {
        let root = Scope::root();
        let mut expansion = Expansion::Single;
        let mut insts: Vec<(Option<InstKey>, Bindings)> = Vec::new();
        let at = block.origin;
        if let Some(c) = block.body.attr("count") {
            let v = self.eval_expr(c.expr, &root, c.origin);
            let n = match &v.val {
                Val::Number(n) => Ok(*n),
                Val::Str(s) => s
                    .trim()
                    .parse::<f64>()
                    .map_err(|_| format!("count of {base} is not a number")),
                Val::Unknown(r) => Err(format!("count of {base} is not known: {r}")),
                Val::Partial(p) => Err(format!("count of {base} is not known: {}", p.reason)),
                v => Err(format!("count of {base} is a {}", type_name(v))),
            };
            let n = n.and_then(|n| {
                if n > MAX_INSTANCES {
                    Err(format!("count of {base} is too large ({n})"))
                } else {
                    Ok(n)
                }
            });
            match n {
                Ok(n) => {
                    expansion = Expansion::Count;
                    for i in 0..(n.max(0.0) as usize) {
                        let count = obj([("index", node(Val::Number(i as f64), at))], at);
                        insts.push((Some(InstKey::Int(i)), vec![("count".into(), count)]));
                    }
                }
                Err(r) => {
                    let count = obj([("index", Node::unknown(r.clone(), at))], at);
                    insts.push((Some(InstKey::Int(0)), vec![("count".into(), count)]));
                    expansion = Expansion::Unknown(r);
                }
            }
        } else if let Some(f) = block.body.attr("for_each") {
            let v = self.eval_expr(f.expr, &root, f.origin);
            match for_each_items(v, base) {
                Ok(items) => {
                    expansion = Expansion::ForEach;
                    for (k, val) in items {
                        let each = obj([("key", node(Val::Str(k.clone()), at)), ("value", val)], at);
                        insts.push((Some(InstKey::Str(k)), vec![("each".into(), each)]));
                    }
                }
                Err(r) => {
                    let u = || Node::unknown(r.clone(), at);
                    let each = obj([("key", u()), ("value", u())], at);
                    insts.push((Some(InstKey::Any), vec![("each".into(), each)]));
                    expansion = Expansion::Unknown(r);
                }
            }
        } else {
            insts.push((None, Vec::new()));
        }
        (expansion, insts)
    }

    fn evaluate_resource(&self, key: &ResKey, block: &'a Block<'a>) -> Evaluated {
        let base = self.base_address(key);
        let root = Scope::root();
        let (expansion, insts) = self.expand(block, &base);
        let instances = insts
            .into_iter()
            .map(|(k, names)| {
                let address = match &k {
                    Some(k) => format!("{base}{}", k.suffix()),
                    None => base.clone(),
                };
                let sc = root.child(names);
                let body = self.eval_body(&block.body, &sc, block.origin, true);
                let (object, injected) = self.with_computed(key, body, &address);
                Instance {
                    address,
                    key: k,
                    object,
                    injected,
                }
            })
            .collect();
        Evaluated { expansion, instances }
    }

    /// Add what references read but the configuration does not write: a bucket's id/arn, a
    /// policy document's json. The object carries the instance address as its ref.
    fn with_computed(
        &self,
        key: &ResKey,
        mut body: Node,
        address: &str,
    ) -> (Node, Vec<(String, Option<Node>)>) {
        let mut injected = Vec::new();
        let at = body.origin;
        let json = if key.0 == Mode::Data && key.1 == "aws_iam_policy_document" {
            let mut j = policy_document::policy_document_json(&body);
            let mut refs = vec![address.to_string()];
            deep_refs(&body, &mut refs);
            j.refs = refs;
            Some(j)
        } else {
            None
        };
        if let Val::Map(m) = &mut body.val {
            // A data source's name is the argument it is read by: known, or left unknown.
            let data_name = match m.get("bucket").map(|b| &b.val) {
                Some(Val::Str(s)) if key.0 == Mode::Data => Some(s.clone()),
                _ => None,
            };
            if key.1 == "aws_s3_bucket" && (key.0 == Mode::Managed || data_name.is_some()) {
                let name = match m.get("bucket").map(|b| &b.val) {
                    // An empty name is no name: the provider generates one (`Bucket::arn_name`).
                    Some(Val::Str(s)) if !s.is_empty() => s.clone(),
                    _ => placeholder_name(address),
                };
                let refs = vec![address.to_string()];
                let s = |v: String| node(Val::Str(v), at).with_refs(refs.clone());
                for (k, v) in [
                    ("id", s(name.clone())),
                    ("bucket", s(name.clone())),
                    ("arn", s(format!("{}{name}", crate::model::arn::S3_PREFIX))),
                ] {
                    // A written name stays as written; references still get the address.
                    if k == "bucket" && matches!(m.get(k).map(|p| &p.val), Some(Val::Str(_))) {
                        continue;
                    }
                    let prev = m.insert(k.to_string(), v);
                    injected.push((k.to_string(), prev));
                }
            }
            // A configuration resource's id is its bucket's name (see `id_is_bucket`).
            if key.0 == Mode::Managed
                && !m.contains_key("id")
                && id_is_bucket(&key.1, |a| m.contains_key(a))
                && let Some(bucket) = m.get("bucket").cloned()
            {
                m.insert("id".into(), bucket);
                injected.push(("id".into(), None));
            }
            if let Some(j) = json {
                let prev = m.insert("json".into(), j);
                injected.push(("json".into(), prev));
            }
            // Attributes that are the scanned account's own values: symbols, not unknowns.
            let own = own_account_arn(key, self.block(key))
                .map(|(k, text)| (k, text, "is computed by the provider (in the scanned account)"));
            let data = if key.0 == Mode::Data {
                well_known(&key.1)
            } else {
                Vec::new()
            };
            let data = data.into_iter().map(|(k, text)| {
                (
                    k,
                    text,
                    "is a value of the scanned account, not known to the scan",
                )
            });
            for (k, text, what) in own.into_iter().chain(data) {
                if m.contains_key(k) {
                    continue;
                }
                let reason = format!("{address}.{k} {what}");
                let v = node(Val::partial(text, reason), at).with_refs(vec![address.to_string()]);
                m.insert(k.to_string(), v);
                injected.push((k.to_string(), None));
            }
        }
        body.refs = vec![address.to_string()];
        (body, injected)
    }

    /// A block body: attributes evaluated, nested blocks as lists of maps.
    pub fn eval_body(&self, body: &Body, sc: &Scope, origin: Origin, top: bool) -> Node {
        let mut m: Map = Map::with_capacity(body.attrs.len() + body.blocks.len());
        for a in &body.attrs {
            if top && META_ATTRS.contains(&a.name) {
                continue;
            }
            let mut v = self.eval_expr(a.expr, sc, a.origin);
            // `x = null` is the same as not writing x.
            if v.is_null() {
                continue;
            }
            reorigin(&mut v, a.origin);
            m.insert(a.name.to_string(), v);
        }
        let mut lists: BTreeMap<String, Vec<Node>> = BTreeMap::new();
        for b in &body.blocks {
            if top && META_BLOCKS.contains(&b.kind) {
                continue;
            }
            if b.kind == "dynamic" {
                if let Some(name) = b.labels.first() {
                    let out = self.expand_dynamic(b, name, sc);
                    lists.entry(name.to_string()).or_default().extend(out);
                }
                continue;
            }
            let n = self.eval_body(&b.body, sc, b.origin, false);
            lists.entry(b.kind.to_string()).or_default().push(n);
        }
        for (k, mut l) in lists {
            if m.contains_key(&k) {
                continue;
            }
            // Only a dynamic block over an unknown collection: how many blocks is not known.
            if let [u] = l.as_slice()
                && u.is_unknown()
            {
                m.insert(k, l.remove(0));
                continue;
            }
            let at = l.first().map_or(origin, |n| n.origin);
            m.insert(k, node(Val::List(l), at));
        }
        node(Val::Map(m), origin)
    }

    fn expand_dynamic(&self, b: &Block, name: &str, sc: &Scope) -> Vec<Node> {
        let at = b.origin;
        let Some(content) = b.body.blocks.iter().find(|c| c.kind == "content") else {
            return Vec::new();
        };
        let iter_name = match b.body.attr("iterator").map(|a| a.expr) {
            Some(Expr::Hcl(Expression::Variable(id))) => id.as_str().to_string(),
            Some(Expr::Json(serde_json::Value::String(s))) => s.clone(),
            _ => name.to_string(),
        };
        let Some(fe) = b.body.attr("for_each") else {
            return vec![Node::unknown(format!("dynamic \"{name}\" has no for_each"), at)];
        };
        let v = self.eval_expr(fe.expr, sc, fe.origin);
        let items: Vec<(Node, Node)> = match &v.val {
            Val::List(l) => l
                .iter()
                .enumerate()
                .map(|(i, x)| (node(Val::Number(i as f64), at), x.clone()))
                .collect(),
            Val::Map(m) => m
                .iter()
                .map(|(k, x)| (node(Val::Str(k.clone()), at), x.clone()))
                .collect(),
            Val::Null => Vec::new(),
            Val::Unknown(_) | Val::Partial(_) => {
                let r = v.val.unknown_reason().unwrap_or_default();
                return vec![
                    Node::unknown(format!("dynamic \"{name}\" blocks are not known: {r}"), at)
                        .with_refs(v.refs),
                ];
            }
            v => {
                return vec![Node::unknown(
                    format!("dynamic \"{name}\" for_each is a {}", type_name(v)),
                    at,
                )];
            }
        };
        items
            .into_iter()
            .map(|(k, x)| {
                let it = obj([("key", k), ("value", x)], at);
                let inner = sc.child(vec![(iter_name.clone(), it)]);
                self.eval_body(&content.body, &inner, at, false)
            })
            .collect()
    }
}

/// Attributes of well-known data sources that are symbols rather than unknowns: values of the
/// scanned account itself (its partition, account, region, organization, canonical user) or of
/// the AWS accounts that deliver logs to it. See [`partial::Sym`].
fn well_known(rtype: &str) -> Vec<(&'static str, String)> {
    use partial::Sym::*;
    let h = |s: partial::Sym| s.hole().to_string();
    let arn = |service: &str, account: partial::Sym, rest: String| {
        format!("arn:{}:{service}::{}:{rest}", h(Partition), h(account))
    };
    match rtype {
        "aws_partition" => vec![("partition", h(Partition)), ("id", h(Partition))],
        "aws_caller_identity" => vec![
            ("account_id", h(Account)),
            ("id", h(Account)),
            // A user or role of the account: `arn:PARTITION:iam|sts::ACCOUNT:...`.
            (
                "arn",
                format!("arn:{}:{}::{}:{}", h(Partition), h(Opaque), h(Account), h(Opaque)),
            ),
        ],
        "aws_canonical_user_id" => vec![("id", h(OwnCanonical))],
        "aws_region" => vec![("name", h(Region)), ("region", h(Region)), ("id", h(Region))],
        "aws_organizations_organization" => vec![("id", h(Org))],
        "aws_elb_service_account" => vec![
            ("id", h(ElbAccount)),
            ("arn", arn("iam", ElbAccount, "root".into())),
        ],
        "aws_cloudfront_log_delivery_canonical_user_id" => vec![("id", h(CloudFrontLogs))],
        _ => Vec::new(),
    }
}

/// The ARN of an IAM role or user this configuration creates with the default provider: a
/// principal of the scanned account, whatever its name (`arn:PARTITION:iam::ACCOUNT:role/...`).
/// A resource with its own `provider` may live in another account: its ARN stays a Fixed hole.
fn own_account_arn(key: &ResKey, block: Option<&Block>) -> Option<(&'static str, String)> {
    use partial::Sym::*;
    let kind = match key.1.as_str() {
        "aws_iam_role" => "role",
        "aws_iam_user" => "user",
        _ => return None,
    };
    if key.0 != Mode::Managed || block?.body.attr("provider").is_some() {
        return None;
    }
    let (p, a, f) = (Partition.hole(), Account.hole(), Fixed.hole());
    Some(("arn", format!("arn:{p}:iam::{a}:{kind}/{f}")))
}

/// A template's text as it is rendered: known text, with a hole where a value is not known.
#[derive(Default)]
struct Rendered {
    text: String,
    refs: Vec<String>,
    /// Why the first hole is not known (a symbol's only while no other hole is there); None
    /// while the text is fully known.
    hole: Option<String>,
    symbolic: bool,
}

impl Rendered {
    fn literal(&mut self, s: &str) {
        self.text.push_str(&partial::sanitize(s));
    }

    /// An interpolated value: its text, its known text with holes, or a hole. Err for a value
    /// that cannot be a string at all (a list, null...).
    fn value(&mut self, v: &Node) -> Result<(), String> {
        match &v.val {
            Val::Partial(p) => {
                self.text.push_str(&p.text);
                self.reason(&p.reason, partial::only_symbols(&p.text));
            }
            Val::Unknown(r) => {
                self.text.push(partial::Sym::Opaque.hole());
                self.reason(r, false);
            }
            _ => self.literal(&to_str(v)?),
        }
        Ok(())
    }

    fn reason(&mut self, r: &str, symbolic: bool) {
        if self.hole.is_none() || (self.symbolic && !symbolic) {
            self.hole = Some(r.to_string());
            self.symbolic = symbolic;
        }
    }
}

fn strip_after(e: &Element) -> bool {
    match e {
        Element::Interpolation(i) => i.strip.strip_end(),
        Element::Directive(d) => match d.as_ref() {
            Directive::If(d) => d.endif_expr.strip.strip_end(),
            Directive::For(d) => d.endfor_expr.strip.strip_end(),
        },
        Element::Literal(_) => false,
    }
}

fn strip_before(e: &Element) -> bool {
    match e {
        Element::Interpolation(i) => i.strip.strip_start(),
        Element::Directive(d) => match d.as_ref() {
            Directive::If(d) => d.if_expr.strip.strip_start(),
            Directive::For(d) => d.for_expr.strip.strip_start(),
        },
        Element::Literal(_) => false,
    }
}

pub fn obj<const N: usize>(items: [(&str, Node); N], at: Origin) -> Node {
    node(
        Val::Map(items.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
        at,
    )
}

/// for_each keys and values: a map, or a set of strings.
fn for_each_items(v: Node, base: &str) -> Result<Vec<(String, Node)>, String> {
    match v.val {
        Val::Map(m) => Ok(m.into_iter().collect()),
        Val::List(l) => {
            let mut out: Vec<(String, Node)> = Vec::new();
            for x in l {
                match &x.val {
                    Val::Str(s) => {
                        if !out.iter().any(|(k, _)| k == s) {
                            out.push((s.clone(), x));
                        }
                    }
                    Val::Unknown(r) => return Err(format!("for_each of {base} is not known: {r}")),
                    Val::Partial(p) => return Err(format!("for_each of {base} is not known: {}", p.reason)),
                    v => {
                        return Err(format!(
                            "for_each of {base} holds a {}, not strings",
                            type_name(v)
                        ));
                    }
                }
            }
            out.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(out)
        }
        Val::Unknown(r) => Err(format!("for_each of {base} is not known: {r}")),
        Val::Partial(p) => Err(format!("for_each of {base} is not known: {}", p.reason)),
        v => Err(format!("for_each of {base} is a {}", type_name(&v))),
    }
}

fn get_attr<'n>(cur: &'n Node, k: &str, at: Origin) -> Result<&'n Node, Node> {
    match &cur.val {
        Val::Map(m) => match m.get(k) {
            Some(c) => Ok(c),
            None if !cur.refs.is_empty() => {
                let reason = format!("{}.{k} is computed by the provider", cur.refs.join(", "));
                Err(if is_identifier(k, &cur.refs) {
                    // A concrete ARN or id, never a wildcard: a Fixed hole.
                    node(Val::partial(partial::hole_text(partial::Sym::Fixed), reason), at)
                } else {
                    Node::unknown(reason, at)
                })
            }
            None => Err(Node::unknown(format!("object has no attribute \"{k}\""), at)),
        },
        Val::Unknown(_) | Val::Partial(_) => Err(cur.clone().into_unknown(at)),
        Val::Null => Err(Node::unknown(format!("attribute \"{k}\" of a null value"), at)),
        v => Err(Node::unknown(
            format!("a {} has no attribute \"{k}\"", type_name(v)),
            at,
        )),
    }
}

/// Whether attribute `k` the provider computes for the resources `refs` is an identifier (an
/// ARN or an id) AWS assigns: never an IAM wildcard or policy variable. Other computed values
/// (a secret, an HTTP body, a random string) may be anything.
fn is_identifier(k: &str, refs: &[String]) -> bool {
    let random = refs
        .iter()
        .any(|r| resource_type(r).is_some_and(|t| t.starts_with("random_")));
    !random && (k == "arn" || k == "id" || k.ends_with("_arn") || k.ends_with("_id"))
}

fn index<'n>(cur: &'n Node, idx: &Node, at: Origin) -> Result<&'n Node, Node> {
    if idx.is_unknown() {
        return Err(idx.clone().into_unknown(at));
    }
    match &cur.val {
        Val::List(l) => {
            let i = match &idx.val {
                Val::Number(n) => Some(*n),
                Val::Str(s) => s.parse::<f64>().ok(),
                _ => None,
            };
            match i {
                Some(i) if i >= 0.0 && i.fract() == 0.0 && (i as usize) < l.len() => Ok(&l[i as usize]),
                _ => Err(Node::unknown("index out of range", at)),
            }
        }
        Val::Map(_) => match to_str(idx) {
            Ok(k) => match &cur.val {
                Val::Map(m) => m.get(&k).ok_or_else(|| {
                    if cur.refs.is_empty() {
                        Node::unknown(format!("no element \"{k}\""), at)
                    } else {
                        Node::unknown(format!("no instance [\"{k}\"] of {}", cur.refs.join(", ")), at)
                    }
                }),
                _ => unreachable!(),
            },
            Err(r) => Err(Node::unknown(r, at)),
        },
        Val::Unknown(_) | Val::Partial(_) => Err(cur.clone().into_unknown(at)),
        v => Err(Node::unknown(format!("a {} cannot be indexed", type_name(v)), at)),
    }
}

fn binary(op: BinaryOperator, l: Node, r: Node, at: Origin) -> Node {
    use BinaryOperator as B;
    let mut refs = l.refs.clone();
    add_refs(&mut refs, &r.refs);
    // Short-circuit on a known operand even when the other is unknown.
    match op {
        B::And if l.as_bool() == Some(false) || r.as_bool() == Some(false) => {
            return node(Val::Bool(false), at).with_refs(refs);
        }
        B::Or if l.as_bool() == Some(true) || r.as_bool() == Some(true) => {
            return node(Val::Bool(true), at).with_refs(refs);
        }
        _ => {}
    }
    for x in [&l, &r] {
        if let Some(reason) = x.val.unknown_reason() {
            return Node::unknown(reason, at).with_refs(refs);
        }
    }
    let num = |n: &Node| match &n.val {
        Val::Number(x) => Some(*x),
        Val::Str(s) => s.trim().parse().ok(),
        _ => None,
    };
    let val = match op {
        B::Eq => Val::Bool(val_eq(&l.val, &r.val)),
        B::NotEq => Val::Bool(!val_eq(&l.val, &r.val)),
        B::And | B::Or => match (l.as_bool(), r.as_bool()) {
            (Some(a), Some(b)) => Val::Bool(if op == B::And { a && b } else { a || b }),
            _ => Val::Unknown(format!("{} needs bools", op.as_str())),
        },
        _ => match (num(&l), num(&r)) {
            (Some(a), Some(b)) => match op {
                B::Plus => Val::Number(a + b),
                B::Minus => Val::Number(a - b),
                B::Mul => Val::Number(a * b),
                B::Div if b == 0.0 => Val::Unknown("division by zero".into()),
                B::Div => Val::Number(a / b),
                B::Mod if b == 0.0 => Val::Unknown("modulo by zero".into()),
                B::Mod => Val::Number(a % b),
                B::Less => Val::Bool(a < b),
                B::LessEq => Val::Bool(a <= b),
                B::Greater => Val::Bool(a > b),
                B::GreaterEq => Val::Bool(a >= b),
                _ => Val::Unknown(format!("operator {} is not supported", op.as_str())),
            },
            _ => Val::Unknown(format!("{} needs numbers", op.as_str())),
        },
    };
    node(val, at).with_refs(refs)
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
