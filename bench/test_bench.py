#!/usr/bin/env python3
"""Tests of the benchmark generators: `python3 -m unittest bench/test_bench.py` (from the repo root)."""

from __future__ import annotations

import io
import json
import sys
import tempfile
import unittest
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_corpus  # noqa: E402
import gen_plan  # noqa: E402


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class CorpusTest(unittest.TestCase):
    def test_deterministic_and_prefix_stable(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            a, b, c = Path(d, "a"), Path(d, "b"), Path(d, "c")
            sa = gen_corpus.generate(a, 3, seed=7)
            gen_corpus.generate(b, 3, seed=7)
            gen_corpus.generate(c, 5, seed=7)
            ta, tc = tree(a), tree(c)
            self.assertEqual(ta, tree(b))
            # A smaller corpus is a prefix of a larger one.
            self.assertTrue(all(tc.get(k) == v for k, v in ta.items()))
            self.assertEqual(sa["files"], 5 + 3 * 20)
            self.assertEqual(sa["files"], len(ta))
            self.assertEqual(sa["bytes"], sum(len(v) for v in ta.values()))
            gen_corpus.generate(b, 3, seed=8)
            self.assertNotEqual(ta, tree(b))

    def test_counts_match_blocks_written(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            stats = gen_corpus.generate(Path(d), 4, seed=1)
            text = "".join(p.read_text() for p in Path(d).rglob("*.tf"))
            managed = sum(1 for ln in text.splitlines() if ln.startswith("resource "))
            data = sum(1 for ln in text.splitlines() if ln.startswith("data "))
            self.assertEqual((stats["managed"], stats["data"]), (managed, data))

    def test_both_bucket_styles_and_mostly_non_s3(self) -> None:
        _, files, _ = gen_corpus.root_files(1, 0)
        text = "".join(files.values())
        types = Counter(ln.split('"')[1] for ln in text.splitlines() if ln.startswith("resource "))
        for t in ("aws_s3_bucket", "aws_s3_bucket_acl", "aws_s3_bucket_public_access_block",
                  "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy", "aws_s3_bucket_versioning",
                  "aws_s3_bucket_logging", "aws_s3_bucket_server_side_encryption_configuration"):
            self.assertIn(t, types)
        self.assertIn("server_side_encryption_configuration {", files["s3_legacy.tf"])
        s3 = sum(n for t, n in types.items() if t.startswith("aws_s3_"))
        self.assertGreater(1 - s3 / sum(types.values()), 0.6)

    def test_self_contained_root_has_no_parent_sources(self) -> None:
        _, files, _ = gen_corpus.root_files(1, 0, self_contained=True)
        self.assertFalse(any("../../modules" in t for t in files.values()))
        self.assertIn("modules/kms-key/main.tf", files)


class PlanTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.base = json.loads(gen_plan.BASE.joinpath("plan.json").read_text())
        out = io.StringIO()
        gen_plan.write_plan(cls.base, 3, out)
        cls.plan = json.loads(out.getvalue())

    def test_resource_changes_replicated_with_unique_addresses(self) -> None:
        rcs = self.plan["resource_changes"]
        self.assertEqual(len(rcs), 3 * len(self.base["resource_changes"]))
        self.assertEqual(len({r["address"] for r in rcs}), len(rcs))
        for r in rcs:
            self.assertTrue(r["address"].startswith(r["module_address"] + "."), r["address"])

    def test_planned_values_match_resource_changes(self) -> None:
        def walk(mod: dict):
            for r in mod.get("resources", []):
                yield r["address"]
            for c in mod.get("child_modules", []):
                self.assertTrue(all(r["address"].startswith(c["address"] + ".") for r in c.get("resources", [])))
                yield from walk(c)

        planned = set(walk(self.plan["planned_values"]["root_module"]))
        changed = {r["address"] for r in self.plan["resource_changes"] if r["change"]["actions"] != ["read"]}
        self.assertTrue(changed <= planned)

    def test_configuration_has_one_call_per_copy(self) -> None:
        calls = self.plan["configuration"]["root_module"]["module_calls"]
        self.assertEqual(sorted(calls), ["r00000", "r00001", "r00002"])
        base_cfg = self.base["configuration"]["root_module"]
        self.assertEqual(sorted(calls["r00001"]["module"]["module_calls"]), sorted(base_cfg["module_calls"]))
        self.assertEqual(calls["r00002"]["expressions"]["org"], {"constant_value": "acme-r00002"})

    def test_bucket_names_unique_across_copies(self) -> None:
        names = [r["change"]["after"]["bucket"] for r in self.plan["resource_changes"]
                 if r["type"] == "aws_s3_bucket" and r["change"]["after"].get("bucket")]
        self.assertEqual(len(names), 3 * len(names) // 3)
        self.assertEqual(len(set(names)), len(names))
        self.assertTrue(any("acme-r00001-" in n for n in names))


class HeavyPlanTest(unittest.TestCase):
    def test_heavy_base_is_the_light_module_plus_what_estates_carry(self) -> None:
        _, files, _ = gen_corpus.root_files(1, 0, self_contained=True)
        heavy = gen_plan.heavy(files)
        self.assertEqual(sorted(heavy), sorted(files))
        changed = sorted(f for f in files if heavy[f] != files[f])
        self.assertEqual(changed, ["iam.tf", "lambda.tf", "locals.tf", "versions.tf"])
        # The committed heavy source is what heavy() makes of the generator's output.
        for rel, text in heavy.items():
            self.assertEqual(gen_plan.HEAVY.joinpath("src", rel).read_text(), text, rel)

    def test_heavy_plan_is_real_and_bigger_per_resource(self) -> None:
        light = json.loads(gen_plan.BASE.joinpath("plan.json").read_text())
        heavy = json.loads(gen_plan.HEAVY.joinpath("plan.json").read_text())
        self.assertEqual(len(heavy["resource_changes"]), len(light["resource_changes"]))
        size = lambda p: len(json.dumps(p, separators=(",", ":")))  # noqa: E731
        self.assertGreater(size(heavy) / size(light), 1.5)
        # default_tags reach tags_all of every taggable resource, from terraform itself.
        buckets = [r for r in heavy["resource_changes"] if r["type"] == "aws_s3_bucket"]
        self.assertTrue(buckets)
        for r in buckets:
            self.assertEqual(r["change"]["after"]["tags_all"]["Organization"], "acme", r["address"])
        out = io.StringIO()
        gen_plan.write_plan(heavy, 2, out)
        plan = json.loads(out.getvalue())
        self.assertEqual(len(plan["resource_changes"]), 2 * len(heavy["resource_changes"]))


if __name__ == "__main__":
    unittest.main()
