#!/usr/bin/env python3
"""Generate one pathological input shape of issue 15 (hostile input) at a given size.

  gen_hostile.py SHAPE N OUT_DIR

OUT_DIR is created and holds main.tf (or plan.json, or .bucketguard.toml + main.tf); the path to
scan is printed. Shapes (N is the size the shape is named by):
  policydoc     one aws_iam_policy_document naming N buckets, used by N bucket policies (for_each)
  toset         toset() of N strings          distinct   distinct() of N strings
  partial-set   toset() of N partly known strings and N known ones
  setsubtract   setsubtract() of two N-element sets
  merge         merge() of N one-key objects  dynamic    a dynamic block of N items
  plan-policies N bucket policies on one bucket, in a plan
  suppress      N [[suppress]] entries in .bucketguard.toml
  object        an N-entry object literal     bigfile    one file of about N MB of buckets
  strdouble     N levels of "${s}${s}"        listdouble N levels of concat(l, l)
  objdouble     N levels of {a = o, b = o}    triplefor  a triple for over range(N)
  countdynamic  count = N x a dynamic block over range(1000)
"""

import json
import sys
from pathlib import Path

BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = %s\n}\n'


def seq(n: int, item: str) -> str:
    """An expression for the list of `item` (a template over i) for i in 0..n: range() stops at
    1,024 elements, so two nested ranges, flattened."""
    b = min(n, 1000)
    a = -(-n // b)
    return (f"[for i in flatten([for x in range({a}) : [for y in range({b}) : x * {b} + y]]) : "
            f"{item}]" if n > b else f"[for i in range({n}) : {item}]")


def tf(out: Path, text: str) -> Path:
    (out / "main.tf").write_text(text)
    return out


def policydoc(n: int, out: Path) -> Path:
    return tf(out, f"""
resource "aws_s3_bucket" "b" {{
  for_each = toset({seq(n, '"hostile-doc-${i}"')})
  bucket   = each.key
}}
data "aws_iam_policy_document" "d" {{
  statement {{
    principals {{
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }}
    actions   = ["s3:GetObject"]
    resources = [for b in aws_s3_bucket.b : "${{b.arn}}/*"]
  }}
}}
resource "aws_s3_bucket_policy" "p" {{
  for_each = aws_s3_bucket.b
  bucket   = each.value.id
  policy   = data.aws_iam_policy_document.d.json
}}
""")


def collection_fn(fn: str):
    def gen(n: int, out: Path) -> Path:
        return tf(out, f"""
locals {{
  items = {fn}({seq(n, '"item-${i %% %d}"' % max(n // 2, 1))})
}}
""" + BUCKET % '"hostile-${length(local.items)}"')
    return gen


def partial_set(n: int, out: Path) -> Path:
    """toset of N partly known strings (an unknown variable, a known suffix) that no two could
    equal, then N known ones."""
    return tf(out, f"""
variable "x" {{
  type = string
}}
locals {{
  items = toset(concat({seq(n, '"${var.x}-p${i}"')}, {seq(n, '"known-${i}"')}))
}}
""" + BUCKET % '"hostile-${length(local.items)}"')


def setsubtract(n: int, out: Path) -> Path:
    """setsubtract of two N-element sets that share half their elements."""
    return tf(out, f"""
locals {{
  items = setsubtract({seq(n, '"e${i}"')}, {seq(n, '"e${i + %d}"' % (n // 2))})
}}
""" + BUCKET % '"hostile-${length(local.items)}"')


def merge(n: int, out: Path) -> Path:
    return tf(out, f"""
locals {{
  m = merge({seq(n, '{ "k${(i * 7919) %% %d}" = i }' % n)}...)
}}
""" + BUCKET % '"hostile-${length(local.m)}"')


def dynamic(n: int, out: Path) -> Path:
    return tf(out, BUCKET % '"hostile-dynamic"' + f"""
resource "aws_s3_bucket_lifecycle_configuration" "l" {{
  bucket = aws_s3_bucket.b.id
  dynamic "rule" {{
    for_each = {seq(n, "i")}
    content {{
      id     = "r${{rule.value}}"
      status = "Enabled"
      expiration {{
        days = rule.value + 1
      }}
    }}
  }}
}}
""")


def plan_policies(n: int, out: Path) -> Path:
    pol = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                      "Action": "s3:GetObject", "Resource": "arn:aws:s3:::hostile-plan/*"}]})
    res = [{"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
            "values": {"bucket": "hostile-plan"}, "sensitive_values": {}}]
    for i in range(n):
        res.append({"address": f"aws_s3_bucket_policy.p{i}", "mode": "managed",
                    "type": "aws_s3_bucket_policy", "name": f"p{i}",
                    "values": {"bucket": "hostile-plan", "policy": pol}, "sensitive_values": {}})
    plan = {"format_version": "1.2", "terraform_version": "1.9.0",
            "planned_values": {"root_module": {"resources": res}}}
    p = out / "plan.json"
    p.write_text(json.dumps(plan))
    return p


def suppress(n: int, out: Path) -> Path:
    lines = [f'[[suppress]]\naddress = "aws_s3_bucket.h{i}"\npolicies = ["BG101"]\nreason = "r"\n'
             for i in range(n)]
    (out / ".bucketguard.toml").write_text("\n".join(lines))
    return tf(out, BUCKET % '"hostile-suppress"')


def obj(n: int, out: Path) -> Path:
    body = "\n".join(f'    k{(i * 7919) % n} = "v{i}"' for i in range(n))
    return tf(out, f"locals {{\n  o = {{\n{body}\n  }}\n}}\n" + BUCKET % '"hostile-${length(local.o)}"')


def bigfile(mb: int, out: Path) -> Path:
    one = ('resource "aws_s3_bucket" "b%d" {\n  bucket = "hostile-big-%d"\n  tags = {\n'
           '    Owner = "team-%d"\n    Env   = "prod"\n  }\n}\n'
           'resource "aws_s3_bucket_acl" "a%d" {\n  bucket = aws_s3_bucket.b%d.id\n  acl    = "private"\n}\n')
    parts, size, i = [], 0, 0
    while size < mb * 1_000_000:
        s = one % (i, i, i, i, i)
        parts.append(s)
        size += len(s)
        i += 1
    return tf(out, "".join(parts))


def strdouble(n: int, out: Path) -> Path:
    ls = "\n".join(f'  s{i + 1} = "${{local.s{i}}}${{local.s{i}}}"' for i in range(n))
    return tf(out, f'locals {{\n  s0 = "ab"\n{ls}\n}}\n' + BUCKET % f"local.s{n}")


def listdouble(n: int, out: Path) -> Path:
    ls = "\n".join(f"  l{i + 1} = concat(local.l{i}, local.l{i})" for i in range(n))
    return tf(out, f'locals {{\n  l0 = ["ab"]\n{ls}\n}}\n' + BUCKET % f'"hostile-${{length(local.l{n})}}"')


def objdouble(n: int, out: Path) -> Path:
    ls = "\n".join(f"  o{i + 1} = merge(local.o{i}, {{ for k, v in local.o{i} : \"${{k}}-{i}\" => v }})"
                   for i in range(n))
    return tf(out, f'locals {{\n  o0 = {{ a = "b" }}\n{ls}\n}}\n' + BUCKET % f'"hostile-${{length(local.o{n})}}"')


def triplefor(n: int, out: Path) -> Path:
    return tf(out, f"""
locals {{
  t = [for x in range({n}) : [for y in range({n}) : [for z in range({n}) : x + y + z]]]
}}
""" + BUCKET % '"hostile-${length(local.t)}"')


def countdynamic(n: int, out: Path) -> Path:
    return tf(out, BUCKET % '"hostile-count"' + f"""
resource "aws_s3_bucket_lifecycle_configuration" "l" {{
  count  = {n}
  bucket = aws_s3_bucket.b.id
  dynamic "rule" {{
    for_each = range(1000)
    content {{
      id     = "r${{rule.value}}"
      status = "Enabled"
    }}
  }}
}}
""")


SHAPES = {
    "policydoc": policydoc, "toset": collection_fn("toset"), "distinct": collection_fn("distinct"),
    "partial-set": partial_set, "setsubtract": setsubtract, "merge": merge, "dynamic": dynamic, "plan-policies": plan_policies, "suppress": suppress,
    "object": obj, "bigfile": bigfile, "strdouble": strdouble, "listdouble": listdouble,
    "objdouble": objdouble, "triplefor": triplefor, "countdynamic": countdynamic,
}

if __name__ == "__main__":
    shape, n, out = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    print(SHAPES[shape](n, out))
