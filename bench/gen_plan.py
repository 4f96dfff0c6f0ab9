#!/usr/bin/env python3
"""Build large Terraform plan JSON files for benchmarking, from a REAL plan.

  gen_plan.py --make-base
      Writes one self-contained root module (gen_corpus.py's generator: buckets in the inline v3
      and the separate v4+ styles, non-S3 resources, count/for_each, child modules) to
      bench/plan-base/src/ and runs ../shared/tools/tf-plan-json on it once, writing
      bench/plan-base/plan.json. Both are committed; nothing in them is hand-typed.

  gen_plan.py --resources 10000 OUT.json
      Replicates the base plan's root module as N copies, each wrapped in a module call
      `module.rNNNNN`: addresses are prefixed consistently in planned_values, resource_changes
      (address, module_address), prior_state and relevant_attributes, configuration gets one module_call per
      copy holding the base root module's configuration (references inside it stay
      module-relative, so they still resolve), and every name derived from var.org ("acme") gets
      the copy's suffix, so bucket names, ARNs and policies stay unique per copy. N is chosen to
      reach --resources (instances in resource_changes, managed + data).

The output is written streaming from string templates: memory stays at the size of the base plan
whatever the output size.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = HERE / "plan-base"
# The same root module with what large real estates carry on every resource: organisation-wide
# provider `default_tags` (→ `tags_all`), longer Lambda environments, bigger IAM policies.
HEAVY = HERE / "plan-base-heavy"
BASES = {"light": BASE, "heavy": HEAVY}
# ../shared is relative to the repository (BUCKETGUARD_SHARED names it elsewhere).
SHARED = Path(os.environ.get("BUCKETGUARD_SHARED", HERE.parent.parent / "shared"))
TF_PLAN_JSON = os.environ.get("TF_PLAN_JSON", str(SHARED / "tools" / "tf-plan-json"))
# The organisation name every generated name starts with (tfvars `org`).
NAME_TOKEN = "acme"
M = "@M@"  # module call name marker in the templates


# Organisation-wide tags, set once in the provider's default_tags: Terraform copies them into
# `tags_all` of every taggable resource (planned values and the change's `after`).
DEFAULT_TAGS = """  default_tags = {
    Organization       = var.org
    Owner              = "platform-${var.team}@${var.org}.example.com"
    Repository         = "github.com/${var.org}/${var.team}-infrastructure"
    DataClassification = "internal"
    Compliance         = "pci-dss,soc2,iso27001"
    BackupPolicy       = "daily-35d-weekly-12w"
    Application        = "${var.team}-service"
    BusinessUnit       = "commerce-platform"
    SupportTier        = "tier-2-business-hours"
    SecurityContact    = "security-oncall@${var.org}.example.com"
    TerraformWorkspace = "${var.org}-${var.team}-${var.env}"
    TerraformModule    = "github.com/${var.org}/terraform-modules//stacks/${var.team}"
    CostAllocation     = "${var.org}:${var.team}:${var.env}"
    ProvisionedBy      = "ci/github-actions/${var.team}-infrastructure"
    ChangeManagement   = "cab-required-for-prod"
    DisasterRecovery   = "rto-4h-rpo-1h"
    RetentionPolicy    = "logs-400d-data-7y"
    Criticality        = "business-critical"
    Runbook            = "https://runbooks.${var.org}.example.com/${var.team}"
    SourceCommit       = "4f9c2e7a1b3d5c8e9f0a2b4c6d8e0f1a3b5c7d9e"
  }
"""

# Team-level tags, merged into every resource's `tags` next to the base module's own.
TEAM_TAGS = """    Service     = "${var.team}-api"
    Component   = "${var.team}-backend"
    OnCall      = "pagerduty:${var.team}-primary"
    Slack       = "#team-${var.team}-alerts"
"""

# Lambda environments as services have them (feature flags, endpoints, tuning knobs).
LAMBDA_ENV = """      LOG_LEVEL  = {level}
      SERVICE_NAME            = "${{local.name_prefix}}-service"
      POWERTOOLS_SERVICE_NAME = "${{var.team}}"
      POWERTOOLS_METRICS_NAMESPACE = "${{var.org}}/${{var.team}}"
      EVENT_BUS_NAME          = "${{local.name_prefix}}-events"
      CONFIG_PARAMETER_PATH   = "/${{var.org}}/${{var.team}}/${{var.env}}/config"
      FEATURE_FLAGS           = "checkout-v2,async-receipts,fraud-scoring-shadow"
      HTTP_TIMEOUT_MS         = "2500"
      RETRY_MAX_ATTEMPTS      = "3"
      UPSTREAM_API_URL        = "https://api.${{var.env}}.${{var.org}}.example.com/v2"
"""

# A resource-scoped statement added to the inline role policy.
IAM_EXTRA = """      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:BatchGetItem"]
        Resource = ["arn:aws:dynamodb:${var.region}:${var.account_id}:table/${local.name_prefix}-*"]
      },
      {
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParametersByPath", "kms:Decrypt"]
        Resource = ["arn:aws:ssm:${var.region}:${var.account_id}:parameter/${var.org}/${var.team}/${var.env}/*"]
      },
"""


def heavy(files: dict[str, str]) -> dict[str, str]:
    """The light root module with organisation-wide default tags, longer Lambda environments
    and a bigger inline role policy (HCL edits; the plan JSON still comes from terraform)."""
    files = dict(files)
    files["locals.tf"] = files["locals.tf"].replace("locals {\n", "locals {\n" + DEFAULT_TAGS, 1)
    files["locals.tf"] = re.sub(r"(    CostCenter  = [^\n]*\n)", lambda m: m.group(1) + TEAM_TAGS,
                                files["locals.tf"], count=1)
    files["versions.tf"] = files["versions.tf"].replace(
        "tags = local.common_tags", "tags = merge(local.default_tags, local.common_tags)")
    files["lambda.tf"] = re.sub(r"      LOG_LEVEL  = (\S+)\n", lambda m: LAMBDA_ENV.format(level=m.group(1)),
                                files["lambda.tf"])
    files["iam.tf"] = files["iam.tf"].replace("    Statement = [\n", "    Statement = [\n" + IAM_EXTRA, 1)
    for f, want in (("locals.tf", "default_tags"), ("locals.tf", "OnCall"), ("versions.tf", "merge("), ("lambda.tf", "FEATURE_FLAGS"),
                    ("iam.tf", "ssm:GetParameter")):
        assert want in files[f], f"heavy base: {f} no longer has the expected shape"
    return files


def make_base(seed: int, idx: int, base: Path = BASE) -> None:
    sys.path.insert(0, str(HERE))
    import gen_corpus

    name, files, counter = gen_corpus.root_files(seed, idx, self_contained=True)
    if base == HEAVY:
        files = heavy(files)
    src = base / "src"
    if src.exists():
        shutil.rmtree(src)
    for rel, text in files.items():
        p = src / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    kind = "heavy" if base == HEAVY else "light"
    extra = ("; `gen_plan.heavy` adds organisation-wide provider default_tags, longer Lambda environments and "
             "a bigger inline role policy" if base == HEAVY else "")
    (base / "README.md").write_text(
        f"Base plan for `bench/gen_plan.py`, generated by `bench/gen_plan.py --make-base --base-set {kind}` "
        f"(gen_corpus root {idx} `{name}`, seed {seed}, self-contained{extra}).\n\n"
        "- `src/`: the root module (generated, not hand-written).\n"
        "- `plan.json`: `../shared/tools/tf-plan-json src plan.json` (a real offline plan).\n")
    subprocess.run([TF_PLAN_JSON, str(src), str(base / "plan.json")], check=True)
    plan = json.loads((base / "plan.json").read_text())
    print(f"{base / 'plan.json'}: {len(plan['resource_changes'])} resource instances, "
          f"{(base / 'plan.json').stat().st_size} bytes ({counter.managed + counter.data} blocks)")


def prefix(addr: str) -> str:
    return f"module.{M}.{addr}"


def wrap_module(mod: dict, address: str) -> dict:
    """planned_values module → the same module one level down, at `address`."""
    out = {"address": address} if address else {}
    res = []
    for r in mod.get("resources", []):
        r = dict(r)
        r["address"] = prefix(r["address"])
        res.append(r)
    if res:
        out["resources"] = res
    kids = []
    for child in mod.get("child_modules", []):
        kids.append(wrap_module(child, prefix(child["address"])))
    if kids:
        out["child_modules"] = kids
    return out


def dumps(obj: object) -> str:
    # terraform show -json writes compact JSON.
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def templates(plan: dict) -> dict[str, object]:
    """One string per section per copy, with M marking the copy's module name."""
    rename = lambda s: s.replace(NAME_TOKEN, f"{NAME_TOKEN}-{M}")  # noqa: E731

    root_pv = plan["planned_values"]["root_module"]
    pv = rename(dumps(wrap_module(root_pv, f"module.{M}")))

    rcs = []
    for rc in plan.get("resource_changes", []):
        rc = dict(rc)
        rc["address"] = prefix(rc["address"])
        if "previous_address" in rc:
            rc["previous_address"] = prefix(rc["previous_address"])
        old = rc.get("module_address")
        rc["module_address"] = f"module.{M}" + (f".{old}" if old else "")
        rcs.append(rename(dumps(rc)))

    root_cfg = plan["configuration"]["root_module"]
    # The copy's module call passes the base root's variable values as constants.
    call = {
        "source": "./stack",
        "expressions": {k: {"constant_value": v.get("value")} for k, v in plan.get("variables", {}).items()},
        "module": root_cfg,
    }
    cfg = rename(dumps(call))

    ras = []
    for ra in plan.get("relevant_attributes", []):
        ra = dict(ra)
        ra["resource"] = prefix(ra["resource"])
        ras.append(rename(dumps(ra)))
    # Data sources read at plan time (aws_iam_policy_document) are in prior_state.
    ps_root = plan.get("prior_state", {}).get("values", {}).get("root_module", {})
    ps = rename(dumps(wrap_module(ps_root, f"module.{M}")))
    return {"pv": pv, "rcs": rcs, "cfg": cfg, "ras": ras, "ps": ps}


def write_plan(plan: dict, copies: int, out) -> None:
    t = templates(plan)
    names = [f"r{k:05d}" for k in range(copies)]

    def items(tpls: list[str]):
        first = True
        for name in names:
            for tpl in tpls:
                out.write(("" if first else ",") + tpl.replace(M, name))
                first = False

    out.write("{")
    sep = ""
    for key, val in plan.items():
        out.write(f"{sep}{dumps(key)}:")
        sep = ","
        if key == "variables":
            out.write("{}")
        elif key == "planned_values":
            out.write('{"root_module":{"child_modules":[')
            items([t["pv"]])
            out.write("]}}")
        elif key == "resource_changes":
            out.write("[")
            items(t["rcs"])
            out.write("]")
        elif key == "prior_state":
            out.write("{")
            for pk, pval in val.items():
                if pk != "values":
                    out.write(f"{dumps(pk)}:{dumps(pval)},")
            out.write('"values":{"root_module":{"child_modules":[')
            items([t["ps"]])
            out.write("]}}}")
        elif key == "output_changes":
            out.write("{}")
        elif key == "configuration":
            out.write("{")
            csep = ""
            for ck, cv in val.items():
                out.write(f"{csep}{dumps(ck)}:")
                csep = ","
                if ck == "root_module":
                    out.write('{"module_calls":{')
                    for k, name in enumerate(names):
                        out.write(("," if k else "") + f'"{name}":' + t["cfg"].replace(M, name))
                    out.write("}}")
                else:
                    out.write(dumps(cv))
            out.write("}")
        elif key == "relevant_attributes":
            out.write("[")
            items(t["ras"])
            out.write("]")
        elif key == "checks":
            out.write("[]")
        else:
            out.write(dumps(val))
    out.write("}\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", type=Path, help="plan JSON to write")
    ap.add_argument("--resources", type=int, default=10000, help="target resource instances")
    ap.add_argument("--base-set", choices=sorted(BASES), default="light",
                    help="which base: light (bench/plan-base) or heavy (bench/plan-base-heavy)")
    ap.add_argument("--base", type=Path, help="base plan JSON (default: the --base-set's plan.json)")
    ap.add_argument("--make-base", action="store_true", help="regenerate bench/plan-base (runs terraform)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--root", type=int, default=0, help="gen_corpus root index for --make-base")
    ap.add_argument("--json", action="store_true", help="print the statistics as JSON")
    args = ap.parse_args()
    if args.make_base:
        make_base(args.seed, args.root, BASES[args.base_set])
        return 0
    if args.out is None:
        ap.error("OUT is required unless --make-base")
    plan = json.loads((args.base or BASES[args.base_set] / "plan.json").read_text())
    per_copy = len(plan.get("resource_changes", []))
    copies = max(1, math.ceil(args.resources / per_copy))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(args.out.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8", buffering=1 << 20) as f:
        write_plan(plan, copies, f)
    tmp.replace(args.out)
    stats = {"resources": per_copy * copies, "copies": copies, "bytes": args.out.stat().st_size, "files": 1}
    (args.out.parent / (args.out.name + ".stats.json")).write_text(json.dumps(stats) + "\n")
    if args.json:
        print(json.dumps(stats))
    else:
        print(f"{args.out}: {stats['resources']} resource instances ({copies} copies of {per_copy}), "
              f"{stats['bytes']} bytes ({stats['bytes'] / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
