//! Names in scope, and what a bare name refers to (`var`, `local`, `module`, `data`, resources).

use super::*;

/// The evaluation depth past which a local's chain of locals is evaluated first (see
/// [`Evaluator::locals_first`]); far above what configurations written by hand reach.
const CHAIN_DEPTH: usize = 256;

/// The names of the locals `e` refers to (`local.NAME`), in order.
fn local_refs(e: Expr) -> Vec<String> {
    use hcl_edit::visit::{Visit, visit_traversal};
    struct Refs(Vec<String>);
    impl Visit for Refs {
        fn visit_traversal(&mut self, t: &hcl_edit::expr::Traversal) {
            if let (Expression::Variable(v), Some(op)) = (&t.expr, t.operators.first())
                && v.as_str() == "local"
                && let TraversalOperator::GetAttr(n) = op.value()
            {
                self.0.push(n.to_string());
            }
            visit_traversal(self, t);
        }
    }
    let Expr::Hcl(e) = e else {
        return Vec::new();
    };
    let mut refs = Refs(Vec::new());
    refs.visit_expr(e);
    refs.0
}

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

/// Something evaluated again while its evaluation is under way (see
/// `Evaluator::provisionally`).
#[derive(PartialEq)]
pub(super) enum Pending {
    Local(String),
    Resource(ResKey),
    Module(String),
}

impl<'a> Evaluator<'a> {
    pub(super) fn resolve_root(&self, name: &str, ops: &[Op], sc: &Scope, at: Origin) -> Node {
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
                    self.apply_ops_owned(node(Val::Str(self.dir.as_str().into()), at), &ops[1..], sc, at)
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

    fn local(&self, name: &str) -> Result<Rc<Node>, Reason> {
        let slot = self.local_memo.borrow().get(name).cloned();
        if let Some(Some(v)) = slot {
            return Ok(v);
        }
        let Some(attr) = self.locals.get(name) else {
            return Err(format!("local.{name} is not declared").into());
        };
        // Being evaluated: read again through references between blocks.
        if slot.is_some() {
            // Through locals alone, a cycle Terraform rejects: not evaluated again (which, for
            // a long cycle, nests provisional evaluations as deep as the cycle is long).
            if self.locals_cycle(name) {
                let why = format!(
                    "local.{name} refers to itself through locals alone: a cycle, which Terraform rejects"
                );
                self.problem(Problem::LocalCycle, attr.origin, why.clone());
                return Err(Reason::not_known(why));
            }
            return self.provisionally(
                Pending::Local(name.to_string()),
                || format!("local.{name} refers to itself"),
                || Rc::new(self.eval_expr(attr.expr, &Scope::root(), attr.origin)),
            );
        }
        if EvalDepth::current() > CHAIN_DEPTH {
            self.locals_first(name);
        }
        self.local_memo.borrow_mut().insert(name.to_string(), None);
        let v = Rc::new(self.eval_expr(attr.expr, &Scope::root(), attr.origin));
        if let Some(slot) = self.local_memo.borrow_mut().get_mut(name) {
            *slot = Some(v.clone());
        }
        Ok(v)
    }

    /// Evaluate the locals `name` reads through other locals, deepest first and with an explicit
    /// stack, so that a chain of locals each naming the next (valid Terraform, of any length)
    /// takes a few stack frames a link instead of nesting evaluation once per link. Only deep
    /// in evaluation ([`CHAIN_DEPTH`]), so that ordinary configurations are evaluated in the
    /// order they always were. A cycle is left to the evaluation that meets it.
    fn locals_first(&self, name: &str) {
        let deps = |n: &str| self.locals.get(n).map(|a| local_refs(a.expr)).unwrap_or_default();
        let mut seen: FxHashSet<String> = FxHashSet::default();
        seen.insert(name.to_string());
        let mut stack: Vec<(String, Vec<String>)> = vec![(name.to_string(), deps(name))];
        while let Some((_, pending)) = stack.last_mut() {
            match pending.pop() {
                Some(d) => {
                    let memoized = self.local_memo.borrow().contains_key(&d);
                    if !memoized && self.locals.contains_key(&d) && seen.insert(d.clone()) {
                        let next = deps(&d);
                        stack.push((d, next));
                    }
                }
                None => {
                    if let Some((done, _)) = stack.pop().filter(|_| !stack.is_empty()) {
                        let _ = self.local(&done);
                    }
                }
            }
        }
    }

    /// Whether `name` refers to itself through locals alone (an error in Terraform, whose graph
    /// orders whole locals), as opposed to through a module or resource, whose values Terraform
    /// orders one by one. Asked when a local is met again while being evaluated (rare).
    fn locals_cycle(&self, name: &str) -> bool {
        let deps = |n: &str| self.locals.get(n).map(|a| local_refs(a.expr)).unwrap_or_default();
        let mut seen: FxHashSet<String> = FxHashSet::default();
        let mut work = deps(name);
        while let Some(n) = work.pop() {
            if n == name {
                return true;
            }
            if seen.insert(n.clone()) {
                work.extend(deps(&n));
            }
        }
        false
    }

    /// A local, resource or module read while it is being evaluated: module.a reads
    /// module.b.x while module.b reads module.a.y, a module's policy input reads the module's
    /// bucket ARN, a policy document reads a module whose input is that document. Terraform
    /// orders single values, not blocks, so this is a cycle only if the values themselves form
    /// one. The item is evaluated again for this reader, with what is still being evaluated
    /// unknown ("depends on itself"): the parts that do not depend on it come out known. Each
    /// item is evaluated so at most once on the stack (a real cycle stays unknown); what this
    /// evaluation memoizes or finds is dropped, as it saw partial values.
    pub(super) fn provisionally<T>(
        &self,
        item: Pending,
        cycle: impl FnOnce() -> String,
        eval: impl FnOnce() -> T,
    ) -> Result<T, Reason> {
        if self.provisional.borrow().contains(&item) {
            return Err(Reason::not_known(cycle()));
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
}
