//! `module` calls: their instances, inputs, and the outputs references read.

use super::*;

/// What evaluating one child module instance gives back.
pub struct ChildResult {
    pub resources: Vec<Resource>,
    pub errors: Vec<Diagnostic>,
    /// Not errors, but limits of the scan the user should know about.
    pub notes: Vec<Diagnostic>,
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
pub type LoadChild<'a> = dyn Fn(&Evaluator, &ModuleCall, Map) -> Result<ChildResult, Reason> + 'a;

pub struct ModEvaluated {
    pub expansion: Expansion,
    pub instances: Vec<(Option<InstKey>, Node)>,
}

/// Module block arguments that are not input variables.
const MODULE_META: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

impl<'a> Evaluator<'a> {
    /// Evaluate a `module` call (all its instances) once.
    pub fn module_call(&self, name: &str) -> Result<Rc<ModEvaluated>, Reason> {
        let slot = self.mod_memo.borrow().get(name).cloned();
        match slot {
            Some(Some(ev)) => return Ok(ev),
            Some(None) => return self.provisional_module_call(name),
            None => {}
        }
        let Some((_, block)) = self.module_calls.iter().find(|(n, _)| n == name) else {
            return Err(format!("module.{name} is not declared").into());
        };
        let Some(loader) = self.loader else {
            return Err(Reason::not_known(format!("module.{name} is not evaluated")));
        };
        self.mod_memo.borrow_mut().insert(name.to_string(), None);
        let ev = Rc::new(self.eval_module_call(name, block, loader));
        self.mod_memo
            .borrow_mut()
            .insert(name.to_string(), Some(ev.clone()));
        Ok(ev)
    }

    /// A module read while its own inputs are being evaluated.
    fn provisional_module_call(&self, name: &str) -> Result<Rc<ModEvaluated>, Reason> {
        let cycle = || format!("module.{name} depends on itself");
        let block = self.module_calls.iter().find(|(n, _)| n == name).map(|(_, b)| *b);
        let (Some(block), Some(loader)) = (block, self.loader) else {
            return Err(Reason::not_known(cycle()));
        };
        self.provisionally(Pending::Module(name.to_string()), cycle, || {
            Rc::new(self.eval_module_call(name, block, loader))
        })
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
                None => Node::not_known(format!("module.{name} source is not known"), block.origin),
            };
            instances.push((k, outputs));
        }
        ModEvaluated { expansion, instances }
    }

    pub(super) fn module_ref(&self, name: &str, ops: &[Op], sc: &Scope, at: Origin) -> Node {
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
}
