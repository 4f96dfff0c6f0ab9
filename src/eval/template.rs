//! String templates: interpolations and `%{if}` / `%{for}` directives, with holes for unknowns.

use hcl_edit::template::{ForDirective, IfDirective};

use super::*;

impl<'a> Evaluator<'a> {
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
            None => node(Val::Str(out.text.into()), at).with_refs(out.refs),
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
                    Directive::If(d) => self.render_if(d, sc, at, out)?,
                    Directive::For(d) => self.render_for(d, sc, at, out)?,
                },
            }
            // Checked as the text grows, before a doubled string is doubled again.
            let budgets = &self.work.budgets;
            if out.text.len() > budgets.string_bytes {
                return Err(Node::unknown(budget::over_string(budgets), at).with_refs(out.refs.clone()));
            }
        }
        Ok(())
    }

    /// `%{if}`: the branch the condition picks, rendered; an unknown condition makes the whole
    /// template unknown.
    fn render_if(&self, d: &IfDirective, sc: &Scope, at: Origin, out: &mut Rendered) -> Result<(), Node> {
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
        Ok(())
    }

    /// `%{for}`: the body once per element, with the loop's names bound.
    fn render_for(&self, d: &ForDirective, sc: &Scope, at: Origin, out: &mut Rendered) -> Result<(), Node> {
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
                .map(|(k, v)| (node(Val::Str(k.as_str().into()), at), v.clone()))
                .collect(),
            Val::Unknown(_) | Val::Partial(_) => {
                let r = coll.val.unknown_reason().cloned().unwrap_or_default();
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
        Ok(())
    }
}

/// A template's text as it is rendered: known text, with a hole where a value is not known.
#[derive(Default)]
struct Rendered {
    text: String,
    refs: Vec<String>,
    /// Why the first hole is not known (a symbol's only while no other hole is there); None
    /// while the text is fully known.
    hole: Option<Reason>,
    symbolic: bool,
}

impl Rendered {
    fn literal(&mut self, s: &str) {
        self.text.push_str(&partial::sanitize(s));
    }

    /// An interpolated value: its text, its known text with holes, or a hole. Err for a value
    /// that cannot be a string at all (a list, null...).
    fn value(&mut self, v: &Node) -> Result<(), Reason> {
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

    fn reason(&mut self, r: &Reason, symbolic: bool) {
        if self.hole.is_none() || (self.symbolic && !symbolic) {
            self.hole = Some(r.clone());
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
