#!/usr/bin/env bash
# Make the seed corpus of each fuzz target (fuzz/seeds/<target>/) from testdata/, the README's
# config example and a few hand-written files. Idempotent; run from anywhere. The seeds are
# committed: re-run after changing testdata/, then review `git status fuzz/seeds`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/seeds
rm -rf "$out"
mkdir -p "$out"/{hcl,tf_json,plan_json,policy,config}

# A file's seed name: its path under testdata/ with `/` as `__` (unique, readable).
name() { echo "${1#testdata/}" | sed 's#/#__#g'; }

# hcl: every .tf file under 8 KB (the 2,000-operator chain is left to the fuzzer).
find testdata -name '*.tf' -size -8k | sort | while read -r f; do cp "$f" "$out/hcl/$(name "$f")"; done

# tf_json: every .tf.json file, and the hand-written ones below.
find testdata -name '*.tf.json' | sort | while read -r f; do cp "$f" "$out/tf_json/$(name "$f")"; done
cat > "$out/tf_json/hand__bucket_acl_policy.tf.json" <<'JSON'
{
  "variable": { "name": { "type": "string", "default": "site" } },
  "locals": { "tags": { "team": "web" } },
  "resource": {
    "aws_s3_bucket": { "site": { "bucket": "${var.name}-assets", "tags": "${local.tags}" } },
    "aws_s3_bucket_acl": { "site": { "bucket": "${aws_s3_bucket.site.id}", "acl": "public-read" } },
    "aws_s3_bucket_policy": { "site": {
      "bucket": "${aws_s3_bucket.site.id}",
      "policy": "${jsonencode({Statement = [{Effect = \"Allow\", Principal = \"*\", Action = \"s3:GetObject\", Resource = \"${aws_s3_bucket.site.arn}/*\"}]})}"
    } }
  }
}
JSON
cat > "$out/tf_json/hand__for_each_dynamic.tf.json" <<'JSON'
{
  "resource": [
    { "aws_s3_bucket": { "team": { "for_each": "${toset([\"red\", \"blue\"])}", "bucket": "team-${each.key}" } } },
    { "aws_s3_bucket_public_access_block": { "team": {
      "for_each": "${aws_s3_bucket.team}",
      "bucket": "${each.value.id}",
      "block_public_acls": true, "block_public_policy": true,
      "ignore_public_acls": false, "restrict_public_buckets": "${each.key == \"red\"}"
    } } },
    { "aws_s3_bucket_server_side_encryption_configuration": { "team": {
      "count": 2,
      "bucket": "${aws_s3_bucket.team[\"red\"].id}",
      "dynamic": { "rule": { "for_each": ["aws:kms"], "content": {
        "apply_server_side_encryption_by_default": { "sse_algorithm": "${rule.value}" } } } }
    } } }
  ]
}
JSON
cat > "$out/tf_json/hand__module_policy_document.tf.json" <<'JSON'
{
  "module": { "logs": { "source": "./modules/logs", "name": "logs" } },
  "data": { "aws_iam_policy_document": { "tls": { "statement": [ {
    "sid": "DenyInsecure", "effect": "Deny", "actions": ["s3:*"],
    "resources": ["arn:aws:s3:::logs", "arn:aws:s3:::logs/*"],
    "principals": [{ "type": "*", "identifiers": ["*"] }],
    "condition": [{ "test": "Bool", "variable": "aws:SecureTransport", "values": ["false"] }]
  } ] } } },
  "resource": { "aws_s3_bucket": { "logs": { "bucket": "logs", "//": "a comment",
    "lifecycle": { "prevent_destroy": true } } },
    "aws_s3_bucket_policy": { "logs": { "bucket": "logs", "policy": "${data.aws_iam_policy_document.tls.json}" } } },
  "output": { "arn": { "value": "${aws_s3_bucket.logs.arn}" } }
}
JSON

# plan_json: the plans under 20 KB.
find testdata -name '*.json' -size -20k -not -name '*.tf.json' -not -name modules.json | sort |
    while read -r f; do cp "$f" "$out/plan_json/$(name "$f")"; done

# policy: every distinct policy document in the plans (bucket policies, rendered
# aws_iam_policy_document `json`), named by a hash of their text.
find testdata -name '*.json' -not -name '*.tf.json' -not -name modules.json | sort |
    xargs jq -r '.. | objects | (.policy?, .json?) | strings | select(startswith("{")) | @base64' 2>/dev/null |
    sort -u | while read -r b; do
        doc=$(echo "$b" | base64 -d)
        echo "$doc" > "$out/policy/$(echo "$doc" | sha1sum | cut -c1-12).json"
    done

# config: the README's example, and a few invalid ones (each problem reported at its key).
awk '/^### Configuration file/{c=1} c&&/^```toml/{p=1;next} p&&/^```/{exit} p' README.md \
    > "$out/config/readme.toml"
cat > "$out/config/hand__suppressions.toml" <<'TOML'
fail-on = "never"
severity = { BG101 = "low" }

[[suppress]]
address = "aws_s3_bucket.*"
reason = "fuzz seed"
expires = "2030-01-01"

[[suppress]]
address = "module.a[*].aws_s3_bucket.b"
policies = ["BG101", "acl-public-read"]
reason = "expired"
expires = "2020-02-30"
TOML
cat > "$out/config/hand__invalid.toml" <<'TOML'
select = ["BG999", 3]
fail_on = "sometimes"
exclude = ["[unclosed"]
trusted-accounts = ["12345"]
enable = "cross-account"
[severity]
nope = "high"
[[suppress]]
policies = ["BG101"]
TOML
printf 'select = [\n' > "$out/config/hand__truncated.toml"

for t in hcl tf_json plan_json policy config; do
    printf '%-10s %4d files %7d bytes\n' "$t" "$(ls "$out/$t" | wc -l)" "$(cat "$out/$t"/* | wc -c)"
done
