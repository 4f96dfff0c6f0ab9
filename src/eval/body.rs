//! Block bodies: attributes, nested blocks and `dynamic` blocks.

use super::*;

/// Arguments that configure Terraform itself, not the resource.
const META_ATTRS: &[&str] = &["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

impl<'a> Evaluator<'a> {
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
                .map(|(k, x)| (node(Val::Str(k.as_str().into()), at), x.clone()))
                .collect(),
            Val::Null => Vec::new(),
            Val::Unknown(_) | Val::Partial(_) => {
                let r = v.val.unknown_reason().cloned().unwrap_or_default();
                return vec![
                    Node::not_known(format!("dynamic \"{name}\" blocks are not known: {r}"), at)
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
        let mut size = budget::Size::new(&self.work.budgets);
        let mut out = Vec::with_capacity(items.len().min(self.work.budgets.collection_len));
        for (k, x) in items {
            let it = obj([("key", k), ("value", x)], at);
            let inner = sc.child(vec![(iter_name.clone(), it)]);
            let block = self.eval_body(&content.body, &inner, at, false);
            // Too many or too large: how many blocks there are is not known, as for an
            // unknown for_each.
            if let Err(r) = size.add(&block.val) {
                return vec![Node::unknown(
                    r.map(|r| format!("dynamic \"{name}\" blocks: {r}")),
                    at,
                )];
            }
            out.push(block);
        }
        out
    }
}
