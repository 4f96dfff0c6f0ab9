//! A configuration as Terraform: `aws_s3_bucket` with its ACL and policy inline (provider v3
//! style) or in `aws_s3_bucket_acl` / `aws_s3_bucket_policy`, and the separate block, account
//! block, ownership controls, object and access point resources.

use serde_json::{Value, json};

use super::config::*;

const ACCESS_POINT_ARN: &str = "arn:aws:s3:us-east-1:111122223333:accesspoint/ap";

pub fn terraform(c: &Config) -> String {
    let mut inline = String::new();
    let mut out = String::new();
    match &c.acl {
        Some((acl, Style::Inline)) => inline.push_str(&inline_acl(acl)),
        Some((acl, Style::Separate)) => out.push_str(&separate_acl(acl)),
        None => {}
    }
    if !c.policy.is_empty() || c.delegate {
        let text = policy_json(c);
        match c.policy_style {
            Style::Inline => inline.push_str(&format!("  policy = <<EOF\n{text}\nEOF\n")),
            Style::Separate => out.push_str(&format!(
                "resource \"aws_s3_bucket_policy\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  policy = <<EOF\n{text}\nEOF\n}}\n"
            )),
        }
    }
    if let Some(b) = c.bucket_block {
        out.push_str(&flags(
            "resource \"aws_s3_bucket_public_access_block\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n",
            b,
            "  ",
        ));
        out.push_str("}\n");
    }
    if let Some(b) = c.account_block {
        out.push_str(&flags(
            "resource \"aws_s3_account_public_access_block\" \"a\" {\n",
            b,
            "  ",
        ));
        out.push_str("}\n");
    }
    if let Some(o) = c.ownership {
        out.push_str(&format!(
            "resource \"aws_s3_bucket_ownership_controls\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  rule {{\n    object_ownership = \"{}\"\n  }}\n}}\n",
            o.as_str()
        ));
    }
    if let Some(acl) = c.object_acl {
        out.push_str(&format!(
            "resource \"aws_s3_object\" \"o\" {{\n  bucket  = aws_s3_bucket.b.id\n  key     = \"index.html\"\n  content = \"hi\"\n  acl     = \"{}\"\n}}\n",
            acl.as_str()
        ));
    }
    if let Some(ap) = &c.access_point {
        out.push_str(&access_point(ap));
    }
    format!("resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"{BUCKET}\"\n{inline}}}\n{out}")
}

fn flags(head: &str, b: Block, indent: &str) -> String {
    let [a, p, i, r] = b.0;
    format!(
        "{head}{indent}block_public_acls       = {a}\n{indent}block_public_policy     = {p}\n{indent}ignore_public_acls      = {i}\n{indent}restrict_public_buckets = {r}\n"
    )
}

/// (type, key, value) of a grantee in Terraform.
fn grantee(g: Grantee) -> (&'static str, &'static str, &'static str) {
    match g {
        Grantee::AllUsers => ("Group", "uri", "http://acs.amazonaws.com/groups/global/AllUsers"),
        Grantee::AuthenticatedUsers => (
            "Group",
            "uri",
            "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
        ),
        Grantee::LogDelivery => ("Group", "uri", "http://acs.amazonaws.com/groups/s3/LogDelivery"),
        Grantee::Partner => ("CanonicalUser", "id", PARTNER_CANONICAL),
        Grantee::Owner => ("CanonicalUser", "id", OWNER_CANONICAL),
    }
}

/// v3 style: `acl = "..."` or `grant` blocks (one per grantee, with its permissions).
fn inline_acl(acl: &Acl) -> String {
    match acl {
        Acl::Canned(c) => format!("  acl    = \"{}\"\n", c.as_str()),
        Acl::Grants(grants) => {
            let mut out = String::new();
            let mut seen: Vec<Grantee> = Vec::new();
            for &(g, _) in grants {
                if seen.contains(&g) {
                    continue;
                }
                seen.push(g);
                let mut perms: Vec<&str> = grants.iter().filter(|x| x.0 == g).map(|x| x.1.as_str()).collect();
                perms.sort();
                perms.dedup();
                let (kind, key, value) = grantee(g);
                out.push_str(&format!(
                    "  grant {{\n    type        = \"{kind}\"\n    {key:<11} = \"{value}\"\n    permissions = {perms:?}\n  }}\n"
                ));
            }
            out
        }
    }
}

fn separate_acl(acl: &Acl) -> String {
    let body = match acl {
        Acl::Canned(c) => format!("  acl    = \"{}\"\n", c.as_str()),
        Acl::Grants(grants) => {
            let mut out = format!(
                "  access_control_policy {{\n    owner {{\n      id = \"{OWNER_CANONICAL}\"\n    }}\n"
            );
            for &(g, p) in grants {
                let (kind, key, value) = grantee(g);
                out.push_str(&format!(
                    "    grant {{\n      permission = \"{}\"\n      grantee {{\n        type = \"{kind}\"\n        {key} = \"{value}\"\n      }}\n    }}\n",
                    p.as_str()
                ));
            }
            out + "  }\n"
        }
    };
    format!("resource \"aws_s3_bucket_acl\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n{body}}}\n")
}

fn principal(p: Principal) -> (&'static str, Value) {
    let root = |id: &str| format!("arn:aws:iam::{id}:root");
    match p {
        Principal::Star => ("Principal", json!("*")),
        Principal::AwsStar => ("Principal", json!({"AWS": "*"})),
        Principal::ListWithStar => ("Principal", json!({"AWS": [root(OWNER), "*"]})),
        Principal::NotAccount(id) => ("NotPrincipal", json!({"AWS": root(id)})),
        Principal::Account(id) => ("Principal", json!({"AWS": root(id)})),
        Principal::TwoAccounts => ("Principal", json!({"AWS": [root(PARTNER), root(STRANGER)]})),
        Principal::Service => ("Principal", json!({"Service": "cloudtrail.amazonaws.com"})),
    }
}

fn resource(r: Resource) -> String {
    match r {
        Resource::Bucket => format!("arn:aws:s3:::{BUCKET}"),
        Resource::Objects => format!("arn:aws:s3:::{BUCKET}/*"),
        Resource::ObjectsUnderLogs => format!("arn:aws:s3:::{BUCKET}/logs/*"),
        Resource::Everything => "*".to_string(),
    }
}

fn condition(c: Condition) -> Value {
    match c {
        Condition::Fixed(op, key, value) | Condition::Loose(op, key, value) => {
            json!({ op: { key: value } })
        }
        Condition::Outside(id) => json!({"StringNotEquals": {"aws:PrincipalAccount": id}}),
    }
}

fn statement(s: &Statement, resources: Vec<String>) -> Value {
    let (key, who) = principal(s.principal);
    let action = if s.not_action { "NotAction" } else { "Action" };
    let mut v = json!({
        "Effect": if s.effect == Effect::Allow { "Allow" } else { "Deny" },
        key: who,
        action: s.actions,
        "Resource": resources,
    });
    if let Some(c) = s.condition {
        v["Condition"] = condition(c);
    }
    v
}

fn policy_json(c: &Config) -> String {
    let mut statements: Vec<Value> = c
        .policy
        .iter()
        .map(|s| statement(s, s.resources.iter().map(|r| resource(*r)).collect()))
        .collect();
    if c.delegate {
        statements.push(json!({
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "*",
            "Resource": [resource(Resource::Bucket), resource(Resource::Objects)],
            "Condition": {"StringEquals": {"s3:DataAccessPointAccount": OWNER}},
        }));
    }
    serde_json::to_string_pretty(&json!({"Version": "2012-10-17", "Statement": statements})).unwrap()
}

fn access_point(ap: &AccessPoint) -> String {
    let block = ap.block.map_or(String::new(), |b| {
        flags("  public_access_block_configuration {\n", b, "    ") + "  }\n"
    });
    let statements: Vec<Value> = ap
        .statements
        .iter()
        .map(|s| statement(s, vec![format!("{ACCESS_POINT_ARN}/object/*")]))
        .collect();
    let text =
        serde_json::to_string_pretty(&json!({"Version": "2012-10-17", "Statement": statements})).unwrap();
    format!(
        "resource \"aws_s3_access_point\" \"ap\" {{\n  bucket = aws_s3_bucket.b.id\n  name   = \"ap\"\n{block}  policy = <<EOF\n{text}\nEOF\n}}\n"
    )
}
