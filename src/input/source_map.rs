//! Plans meet their sources: when the `.tf` files that produced a plan are at hand, plan
//! resources take the source locations (so findings point at a line a reviewer can fix) and the
//! values a plan only knows after apply are filled from the evaluated configuration.

use std::collections::HashMap;

use crate::model::address::strip_keys;
use crate::model::{Node, Resource, Val};

/// Overlay `sources` (the evaluated configuration) onto `plan` resources, matched by instance
/// address, or by block address (instance keys dropped) when the instances differ.
pub fn overlay(plan: &mut [Resource], sources: &[Resource]) {
    let by_address: HashMap<&str, &Resource> = sources.iter().map(|r| (r.address.as_str(), r)).collect();
    let mut by_block: HashMap<String, &Resource> = HashMap::new();
    for r in sources {
        by_block.entry(strip_keys(&r.address)).or_insert(r);
    }
    for r in plan.iter_mut() {
        let (src, same_instance) = match by_address.get(r.address.as_str()) {
            Some(s) => (*s, true),
            None => match by_block.get(&strip_keys(&r.address)) {
                Some(s) => (*s, false),
                None => continue,
            },
        };
        // Findings point at the source; the plan stays a related location.
        r.planned = Some(r.origin);
        r.origin = src.origin;
        r.module_calls = src.module_calls.clone();
        r.bucket_expr = src.bucket_expr.clone();
        overlay_node(&mut r.body, &src.body, same_instance);
    }
}

/// Take the source's origins everywhere; take its value only where the plan's is Unknown, the
/// source knows it fully, and it is the same instance (another instance's value would be a guess).
fn overlay_node(plan: &mut Node, src: &Node, fill_values: bool) {
    plan.origin = src.origin;
    match (&mut plan.val, &src.val) {
        (Val::Unknown(_) | Val::Partial(_), v)
            if fill_values && src.find_unknown().is_none() && !matches!(v, Val::Unknown(_)) =>
        {
            plan.val = src.val.clone();
            for r in src.refs.iter() {
                if !plan.refs.contains(r) {
                    plan.refs.push(r.clone());
                }
            }
        }
        (Val::Map(pm), Val::Map(sm)) => {
            for (k, pv) in pm.iter_mut() {
                match sm.get(k) {
                    Some(sv) => overlay_node(pv, sv, fill_values),
                    // Not written in the source (a provider default): point at the enclosing block.
                    None => move_to(pv, src.origin),
                }
            }
        }
        // Blocks pair up by content (a plan lists set-typed blocks such as `grant` in its own
        // order), by position among equals, when both sides have the same number of them.
        (Val::List(pl), Val::List(sl)) if pl.len() == sl.len() => {
            let mut used = vec![false; sl.len()];
            for pv in pl.iter_mut() {
                let best = (0..sl.len())
                    .filter(|&i| !used[i])
                    .max_by_key(|&i| (agreement(pv, &sl[i]), std::cmp::Reverse(i)));
                if let Some(i) = best {
                    used[i] = true;
                    overlay_node(pv, &sl[i], fill_values);
                }
            }
        }
        _ => {}
    }
}

/// How many attributes two blocks agree on (both known and equal).
fn agreement(a: &Node, b: &Node) -> usize {
    match (&a.val, &b.val) {
        (Val::Map(am), Val::Map(bm)) => am
            .iter()
            .filter(|(k, av)| {
                bm.get(*k)
                    .is_some_and(|bv| av.to_json().is_some() && av.to_json() == bv.to_json())
            })
            .count(),
        _ => usize::from(a.to_json().is_some() && a.to_json() == b.to_json()),
    }
}

fn move_to(node: &mut Node, origin: crate::model::Origin) {
    node.origin = origin;
    match &mut node.val {
        Val::Map(m) => m.iter_mut().for_each(|(_, n)| move_to(n, origin)),
        Val::List(l) => l.iter_mut().for_each(|n| move_to(n, origin)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileId, Mode, Origin};

    fn o(file: u32, start: u32) -> Origin {
        Origin {
            file: FileId(file),
            start,
            end: start + 1,
        }
    }

    fn res(address: &str, body: Node, origin: Origin) -> Resource {
        Resource {
            address: address.into(),
            module: String::new(),
            mode: Mode::Managed,
            rtype: "aws_s3_bucket_policy".into(),
            name: "p".into(),
            body,
            origin,
            root: "r".into(),
            module_calls: Vec::new(),
            planned: None,
            bucket_expr: None,
        }
    }

    fn map(k: &str, v: Node, at: Origin) -> Node {
        Node::new(Val::Map([(k.to_string(), v)].into_iter().collect()), at)
    }

    #[test]
    fn instance_keys_are_dropped() {
        assert_eq!(
            strip_keys(r#"module.a["x[1]"].aws_s3_bucket.b[0]"#),
            "module.a.aws_s3_bucket.b"
        );
        assert_eq!(strip_keys("aws_s3_bucket.b"), "aws_s3_bucket.b");
    }

    #[test]
    fn unknown_plan_values_are_filled_from_the_same_instance_only() {
        let plan_body = map("policy", Node::unknown("known after apply", o(9, 5)), o(9, 0));
        let src_body = map("policy", Node::new(Val::Str("{}".into()), o(1, 40)), o(1, 0));
        let mut plan = vec![res("aws_s3_bucket_policy.p", plan_body.clone(), o(9, 0))];
        overlay(
            &mut plan,
            &[res("aws_s3_bucket_policy.p", src_body.clone(), o(1, 0))],
        );
        let policy = plan[0].body.get("policy").unwrap();
        assert_eq!(policy.val, Val::Str("{}".into()));
        assert_eq!(policy.origin, o(1, 40));
        // The plan becomes a related location; the source's module calls come along.
        assert_eq!((plan[0].origin, plan[0].planned), (o(1, 0), Some(o(9, 0))));

        // Another instance of the same block: locations move, values do not.
        let mut plan = vec![res("aws_s3_bucket_policy.p[1]", plan_body, o(9, 0))];
        let mut src = res("aws_s3_bucket_policy.p[0]", src_body, o(1, 0));
        src.module_calls = vec![("module.m".into(), o(2, 0))];
        overlay(&mut plan, &[src]);
        assert_eq!(plan[0].module_calls, [("module.m".to_string(), o(2, 0))]);
        let policy = plan[0].body.get("policy").unwrap();
        assert!(policy.is_unknown());
        assert_eq!(policy.origin, o(1, 40));
        assert_eq!(plan[0].origin, o(1, 0));
    }
}
