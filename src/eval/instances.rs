//! Resources and their instances: `count` / `for_each` expansion and references to them.

use super::*;

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
        self.object.refs = Refs::default();
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
    Unknown(Reason),
}

pub struct Evaluated {
    pub expansion: Expansion,
    pub instances: Vec<Instance>,
}

/// Beyond this, count is taken as a mistake rather than expanded.
const MAX_INSTANCES: f64 = 100_000.0;

impl<'a> Evaluator<'a> {
    pub(super) fn resource(&self, key: &ResKey) -> Result<Rc<Evaluated>, Reason> {
        let slot = self.res_memo.borrow().get(key).cloned();
        if let Some(Some(ev)) = slot {
            return Ok(ev);
        }
        let Some(block) = self.block(key) else {
            return Err(format!("reference to undeclared resource {}", self.base_address(key)).into());
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

    /// A reference to a resource followed by `ops`, reading the instance in place when the
    /// instance is named, instead of copying every instance.
    pub(super) fn resource_ref(&self, key: &ResKey, ops: &[Op], sc: &Scope, at: Origin) -> Node {
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
                        (Expansion::ForEach, Val::Str(s)) => Some(InstKey::Str(s.to_string())),
                        _ => None,
                    };
                    if let Some(want) = want {
                        return match find_instance(&ev.instances, &want) {
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
                .with_refs(ev.instances.iter().map(|i| i.address.clone()).collect::<Vec<_>>()),
        }
    }

    /// count / for_each of a resource or module block: the instance keys and their bindings.
    pub(super) fn expand(&self, block: &Block, base: &str) -> (Expansion, Vec<(Option<InstKey>, Bindings)>) {
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
                    .map_err(|_| Reason::from(format!("count of {base} is not a number"))),
                Val::Unknown(r) => Err(Reason::not_known(format!("count of {base} is not known: {r}"))),
                Val::Partial(p) => Err(Reason::not_known(format!(
                    "count of {base} is not known: {}",
                    p.reason
                ))),
                v => Err(format!("count of {base} is a {}", type_name(v)).into()),
            };
            let n = n.and_then(|n| {
                if n > MAX_INSTANCES {
                    Err(format!("count of {base} is too large ({n})").into())
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
                        let each = obj(
                            [("key", node(Val::Str(k.as_str().into()), at)), ("value", val)],
                            at,
                        );
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
        let (expansion, insts) = self.expand(block, &base);
        let mut size = budget::Size::new(&self.work.budgets);
        let mut instances = Vec::with_capacity(insts.len());
        for (k, names) in insts {
            let i = self.instance(key, block, &base, k, names);
            if !matches!(expansion, Expansion::Single)
                && let Err(r) = size.add(&i.object.val)
            {
                return self.over_budget(key, block, &base, &expansion, r);
            }
            instances.push(i);
        }
        Evaluated { expansion, instances }
    }

    fn instance(
        &self,
        key: &ResKey,
        block: &Block,
        base: &str,
        k: Option<InstKey>,
        names: Bindings,
    ) -> Instance {
        let address = match &k {
            Some(k) => format!("{base}{}", k.suffix()),
            None => base.to_string(),
        };
        let root = Scope::root();
        let sc = root.child(names);
        let body = self.eval_body(&block.body, &sc, block.origin, true);
        let (object, injected) = self.with_computed(key, body, &address);
        Instance {
            address,
            key: k,
            object,
            injected,
        }
    }

    /// Instances too large together (`count = 100000` of a resource with 1,000 dynamic
    /// blocks each): taken as instances not known, one standing for all with `count.index` /
    /// `each` unknown, as when count / for_each is not known.
    fn over_budget(&self, key: &ResKey, block: &Block, base: &str, exp: &Expansion, r: Reason) -> Evaluated {
        let r = r.map(|r| format!("the instances of {base}: {r}"));
        let at = block.origin;
        let u = || Node::unknown(r.clone(), at);
        let (k, names) = match exp {
            Expansion::ForEach => (InstKey::Any, obj([("key", u()), ("value", u())], at)),
            _ => (InstKey::Int(0), obj([("index", u())], at)),
        };
        let name = if matches!(k, InstKey::Any) {
            "each"
        } else {
            "count"
        };
        self.notes.borrow_mut().push((
            at,
            format!(
                "{r}: evaluated as one instance, with `{}` not known",
                if name == "each" { "each" } else { "count.index" }
            ),
        ));
        let i = self.instance(key, block, base, Some(k), vec![(name.to_string(), names)]);
        Evaluated {
            expansion: Expansion::Unknown(r),
            instances: vec![i],
        }
    }
}

/// for_each keys and values: a map, or a set of strings.
fn for_each_items(v: Node, base: &str) -> Result<Vec<(String, Node)>, Reason> {
    match v.val {
        Val::Map(m) => Ok(m.into_iter().collect()),
        Val::List(l) => {
            let mut out: Vec<(String, Node)> = Vec::new();
            for x in l {
                match &x.val {
                    Val::Str(s) => out.push((s.to_string(), x)),
                    Val::Unknown(r) => {
                        return Err(Reason::not_known(format!("for_each of {base} is not known: {r}")));
                    }
                    Val::Partial(p) => {
                        return Err(Reason::not_known(format!(
                            "for_each of {base} is not known: {}",
                            p.reason
                        )));
                    }
                    v => {
                        return Err(
                            format!("for_each of {base} holds a {}, not strings", type_name(v)).into(),
                        );
                    }
                }
            }
            // A set: each string once (the first), sorted; a stable sort keeps the first.
            out.sort_by(|a, b| a.0.cmp(&b.0));
            out.dedup_by(|b, a| a.0 == b.0);
            Ok(out)
        }
        Val::Unknown(r) => Err(Reason::not_known(format!("for_each of {base} is not known: {r}"))),
        Val::Partial(p) => Err(Reason::not_known(format!(
            "for_each of {base} is not known: {}",
            p.reason
        ))),
        v => Err(format!("for_each of {base} is a {}", type_name(&v)).into()),
    }
}

/// The instance with key `want`: by position for `count` (instances are in index order), by
/// binary search for `for_each` (in key order), so that N references into N instances cost
/// O(N log N) rather than a scan each.
fn find_instance<'i>(instances: &'i [Instance], want: &InstKey) -> Option<&'i Instance> {
    let by_key = |i: &&Instance| i.key.as_ref() == Some(want);
    match want {
        InstKey::Int(n) => instances.get(*n).filter(by_key),
        InstKey::Str(s) => instances
            .binary_search_by(|i| match &i.key {
                Some(InstKey::Str(k)) => k.as_str().cmp(s.as_str()),
                _ => std::cmp::Ordering::Less,
            })
            .ok()
            .and_then(|p| instances.get(p))
            .filter(by_key),
        InstKey::Any => instances.iter().find(by_key),
    }
}
