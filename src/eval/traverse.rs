//! Traversals: attribute, index and splat steps after a root value.

use super::*;

impl<'a> Evaluator<'a> {
    /// Attribute / index / splat steps, walking by reference where possible so that reading one
    /// attribute of a resource does not copy the resource. Containers pass their refs on.
    pub fn apply_ops(&self, base: &Node, ops: &[Op], sc: &Scope, at: Origin) -> Node {
        let mut cur = base;
        let mut refs = Refs::default();
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
                    return self.splat(cur, full, &ops[i + 1..], refs, sc, at);
                }
            };
            match step {
                Ok(next) => {
                    refs.add(&cur.refs);
                    cur = next;
                }
                Err(mut u) => {
                    u.refs.add(&refs);
                    u.refs.add(&cur.refs);
                    return u;
                }
            }
        }
        // The refs gathered on the way come first; the value's own refs are copied only once.
        let refs = if refs.is_empty() {
            cur.refs.clone()
        } else {
            refs.add(&cur.refs);
            refs
        };
        if let Err(r) = self.work.check_copy(&cur.val) {
            return Node::unknown(r, at).with_refs(refs);
        }
        Node {
            val: cur.val.clone(),
            origin: cur.origin,
            refs,
        }
    }

    /// `[*]` / `.*` over `cur`: the steps after it (all of them for a full splat, the attribute
    /// steps for an attribute splat) applied to each element, the rest to the list they make.
    /// `refs`: those gathered before the splat.
    fn splat(&self, cur: &Node, full: bool, rest: &[Op], mut refs: Refs, sc: &Scope, at: Origin) -> Node {
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
                u.refs.add(&refs);
                return u;
            }
            _ => vec![cur],
        };
        refs.add(&cur.refs);
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
        out.refs.add(&refs);
        out
    }

    /// [`Self::apply_ops`] on a value built for this read: without steps it is the result as
    /// is, rather than a copy of it.
    pub(super) fn apply_ops_owned(&self, base: Node, ops: &[Op], sc: &Scope, at: Origin) -> Node {
        if ops.is_empty() {
            base
        } else {
            self.apply_ops(&base, ops, sc, at)
        }
    }
}

fn get_attr<'n>(cur: &'n Node, k: &str, at: Origin) -> Result<&'n Node, Node> {
    match &cur.val {
        Val::Map(m) => match m.get(k) {
            Some(c) => Ok(c),
            None if !cur.refs.is_empty() => {
                let reason =
                    Reason::not_known(format!("{}.{k} is computed by the provider", cur.refs.join(", ")));
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
        Val::Map(m) => match to_str(idx) {
            Ok(k) => m.get(&k).ok_or_else(|| {
                if cur.refs.is_empty() {
                    Node::unknown(format!("no element \"{k}\""), at)
                } else {
                    Node::unknown(format!("no instance [\"{k}\"] of {}", cur.refs.join(", ")), at)
                }
            }),
            Err(r) => Err(Node::unknown(r, at)),
        },
        Val::Unknown(_) | Val::Partial(_) => Err(cur.clone().into_unknown(at)),
        v => Err(Node::unknown(format!("a {} cannot be indexed", type_name(v)), at)),
    }
}
