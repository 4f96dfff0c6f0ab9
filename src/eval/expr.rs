//! Expressions: literals, operators, conditionals, function calls and `for` expressions.

use super::*;

impl<'a> Evaluator<'a> {
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
                        Err(r) => return Node::not_known(format!("object key is not known: {r}"), at),
                    }
                }
                node(Val::Map(m), at)
            }
            other => Node::from_json(other, at),
        }
    }

    fn eval_json_str(&self, s: &str, sc: &Scope, at: Origin) -> Node {
        if !s.contains("${") && !s.contains("%{") {
            return node(Val::Str(s.into()), at);
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
        if let Err(r) = self.work.charge(1) {
            return Node::unknown(r, at);
        }
        match EvalDepth::enter() {
            Some(_depth) => self.eval_here(e, sc, at),
            None => {
                let why = format!(
                    "expression nested more than {MAX_EVAL_DEPTH} levels deep (counting the references it follows) is not evaluated"
                );
                self.problem(Problem::Depth, at, why.clone());
                Node::not_known(why, at)
            }
        }
    }

    fn eval_here(&self, e: &Expression, sc: &Scope, at: Origin) -> Node {
        match e {
            Expression::Null(_) => node(Val::Null, at),
            Expression::Bool(b) => node(Val::Bool(*b.value()), at),
            Expression::Number(n) => number_literal(n, at),
            Expression::String(s) => node(Val::Str(s.value().as_str().into()), at),
            Expression::Array(a) => node(Val::List(a.iter().map(|x| self.eval(x, sc, at)).collect()), at),
            Expression::Object(o) => self.eval_object(o, sc, at),
            Expression::StringTemplate(t) => self.eval_template(t, sc, at),
            Expression::HeredocTemplate(h) => self.eval_template(&h.template, sc, at),
            Expression::Parenthesis(p) => self.eval(p.inner(), sc, at),
            Expression::Variable(id) => self.resolve_root(id.as_str(), &[], sc, at),
            Expression::Conditional(c) => self.eval_conditional(c, sc, at),
            Expression::FuncCall(f) => {
                let name = f.name.name.as_str();
                if !f.name.namespace.is_empty() {
                    return Node::not_known(format!("provider function {name}() is not supported"), at);
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
            Expression::UnaryOp(u) => self.eval_unary(u, sc, at),
            Expression::BinaryOp(b) => self.eval_binary_chain(b, sc, at),
            Expression::ForExpr(f) => self.eval_for(f, sc, at),
        }
    }

    /// An object constructor; a key that is not known makes the whole object unknown.
    fn eval_object(&self, o: &hcl_edit::expr::Object, sc: &Scope, at: Origin) -> Node {
        // Collected, then sorted once (the last of a key given twice wins, as `insert` did):
        // inserting into the sorted map one by one is quadratic in an object of 40,000 keys.
        let mut m = Vec::with_capacity(o.len());
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
                                return Node::not_known(format!("object key is not known: {r}"), at);
                            }
                        }
                    }
                }
            };
            m.push((key, self.eval(v.expr(), sc, at)));
        }
        node(Val::Map(m.into_iter().collect()), at)
    }

    /// `c ? a : b`: only the branch taken is evaluated.
    fn eval_conditional(&self, c: &hcl_edit::expr::Conditional, sc: &Scope, at: Origin) -> Node {
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

    /// `!x` and `-x`.
    fn eval_unary(&self, u: &hcl_edit::expr::UnaryOp, sc: &Scope, at: Origin) -> Node {
        let v = self.eval(&u.expr, sc, at);
        let refs = v.refs.clone();
        let out = match (u.operator.value(), &v.val) {
            (_, Val::Unknown(_)) => return v,
            (_, Val::Partial(p)) => Val::Unknown(p.reason.clone()),
            (UnaryOperator::Not, _) => match v.as_bool() {
                Some(b) => Val::Bool(!b),
                None => Val::Unknown(format!("! needs a bool, not a {}", type_name(&v.val)).into()),
            },
            (UnaryOperator::Neg, Val::Number(n)) => Val::Number(-n),
            (UnaryOperator::Neg, v) => {
                Val::Unknown(format!("- needs a number, not a {}", type_name(v)).into())
            }
        };
        node(out, at).with_refs(refs)
    }

    /// `a + b + c ...` parses into a left-deep tree, one level per operator: its left side is
    /// walked in a loop, so 10,000 chained operators take the stack of one. Operands are
    /// evaluated left to right, as before.
    pub(super) fn eval_binary_chain(&self, b: &hcl_edit::expr::BinaryOp, sc: &Scope, at: Origin) -> Node {
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
                .map(|(k, v)| (node(Val::Str(k.as_str().into()), at), v))
                .collect(),
            Val::Unknown(_) | Val::Partial(_) => return coll.into_unknown(at),
            v => return Node::unknown(format!("for expression over a {}", type_name(v)), at),
        };
        let mut list = Vec::new();
        let mut pairs: Vec<(String, Node)> = Vec::new();
        let mut size = budget::Size::new(&self.work.budgets);
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
            if let Err(r) = size.add(&val.val) {
                return Node::unknown(r, at);
            }
            match &f.key_expr {
                None => list.push(val),
                Some(ke) => {
                    let kn = self.eval(ke, &inner, at);
                    let k = match to_str(&kn) {
                        Ok(k) => k,
                        Err(r) => {
                            return Node::not_known(format!("for expression key is not known: {r}"), at);
                        }
                    };
                    pairs.push((k, val));
                }
            }
        }
        if f.key_expr.is_some() {
            match for_object(pairs, f.grouping, at) {
                Ok(map) => node(Val::Map(map), at),
                Err(u) => u,
            }
        } else {
            node(Val::List(list), at)
        }
    }
}

/// The object a `for` expression builds from its (key, value) pairs in iteration order: each
/// value under its key, or with `...` (grouping) the values of a key in a list, in order. A key
/// given twice without grouping is an error. One stable sort, rather than an insertion into the
/// sorted map per element (quadratic).
fn for_object(mut pairs: Vec<(String, Node)>, grouping: bool, at: Origin) -> Result<Map, Node> {
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(String, Node)> = Vec::with_capacity(pairs.len());
    for (k, val) in pairs {
        match out.last_mut() {
            Some((last, e)) if *last == k => {
                if !grouping {
                    return Err(Node::unknown(
                        format!("duplicate key \"{k}\" in for expression"),
                        at,
                    ));
                }
                if let Val::List(l) = &mut e.val {
                    l.push(val);
                }
            }
            _ if grouping => out.push((k, node(Val::List(vec![val]), at))),
            _ => out.push((k, val)),
        }
    }
    Ok(Map::from_sorted_store_unchecked(out))
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

fn binary(op: BinaryOperator, l: Node, r: Node, at: Origin) -> Node {
    use BinaryOperator as B;
    let mut refs = l.refs.clone();
    refs.add(&r.refs);
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
            _ => Val::Unknown(format!("{} needs bools", op.as_str()).into()),
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
                _ => Val::Unknown(crate::model::Reason::not_known(format!(
                    "operator {} is not supported",
                    op.as_str()
                ))),
            },
            _ => Val::Unknown(format!("{} needs numbers", op.as_str()).into()),
        },
    };
    node(val, at).with_refs(refs)
}
