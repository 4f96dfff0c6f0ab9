#!/usr/bin/env python3
"""Run a composite action's steps locally, as a runner would, and check its metadata.

    run-action.py ACTION_YML --workspace DIR --result OUT.json [--input NAME=VALUE]...
        [--env NAME=VALUE]... [--github NAME=VALUE]... [--event EVENT.json]
        [--cache-dir DIR] [--upload-sarif ok|fail]
    run-action.py ACTION_YML --check

`run:` steps run exactly as written (with `${{ }}` expressions substituted, `shell: bash` as
`bash --noprofile --norc -eo pipefail`), in DIR, with GITHUB_OUTPUT (one file per step),
GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE, RUNNER_TEMP, INPUT_* and the `--env`s set. Step `if:`
conditions, `continue-on-error`, outcomes and outputs are evaluated; `--github` and `--event` fill
the `github` context (`github.event` is the event payload). `uses:` steps are recorded with their
evaluated `with:`; two are also simulated:
- `actions/cache`, with `--cache-dir`: restores `path` saved under the same `key` (output
  `cache-hit`), and saves it when the action succeeds, as the cache's post step does;
- `github/codeql-action/upload-sarif`, with `--upload-sarif`: `ok` checks that `sarif_file` is
  SARIF 2.1.0, `fail` fails the step as GitHub does when the token cannot write security events.
The result file gets the action's outputs, each step's outcome and the `uses:` steps.
Needs PyYAML.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.S)
TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\)|,)"
    r"|(?P<num>\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*))"
)
INPUT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
INPUT_KEYS = {"description", "required", "default", "deprecationMessage"}


def fail(msg):
    print(f"run-action: {msg}", file=sys.stderr)
    sys.exit(1)


def check(action):
    """The action metadata syntax rules this action relies on; returns a list of problems."""
    problems = []
    if not isinstance(action, dict):
        return ["action.yml is not a mapping"]
    for key in ("name", "description", "runs"):
        if not action.get(key):
            problems.append(f"required key `{key}` is missing")
    inputs = action.get("inputs") or {}
    for name, spec in inputs.items():
        if not INPUT_NAME.match(str(name)):
            problems.append(f"input `{name}`: not a valid input id")
        if not isinstance(spec, dict) or "description" not in spec:
            problems.append(f"input `{name}`: needs a description")
        elif set(spec) - INPUT_KEYS:
            problems.append(f"input `{name}`: unknown keys {sorted(set(spec) - INPUT_KEYS)}")
    runs = action.get("runs") or {}
    if runs.get("using") != "composite":
        problems.append("runs.using must be `composite`")
    steps = runs.get("steps")
    if not isinstance(steps, list) or not steps:
        problems.append("runs.steps must be a non-empty list")
        steps = []
    ids = set()
    for i, step in enumerate(steps):
        where = f"step {i + 1} ({step.get('name', step.get('id', '?'))})"
        if ("run" in step) == ("uses" in step):
            problems.append(f"{where}: needs exactly one of `run` and `uses`")
        if "run" in step and not step.get("shell"):
            problems.append(f"{where}: a `run` step needs `shell`")
        text = yaml.safe_dump(step)
        for ref in re.findall(r"\binputs\.([A-Za-z0-9_-]+)", text):
            if ref not in inputs:
                problems.append(f"{where}: unknown input `{ref}`")
        for ref in re.findall(r"\bsteps\.([A-Za-z0-9_-]+)\.", text):
            if ref not in ids:
                problems.append(f"{where}: `steps.{ref}` is not an earlier step")
        if "id" in step:
            ids.add(step["id"])
    for name, spec in (action.get("outputs") or {}).items():
        if not isinstance(spec, dict) or "value" not in spec or "description" not in spec:
            problems.append(f"output `{name}`: a composite output needs description and value")
        else:
            for ref in re.findall(r"\bsteps\.([A-Za-z0-9_-]+)\.", str(spec["value"])):
                if ref not in ids:
                    problems.append(f"output `{name}`: unknown step `{ref}`")
    return problems


class Context:
    def __init__(self, data):
        self.data = data

    def lookup(self, path):
        value = self.data
        for part in path.split("."):
            if isinstance(value, dict):
                value = value.get(part, "")
            else:
                return ""
        return value

    def evaluate(self, expr):
        """A small subset of the expression syntax: contexts, strings, == != && || ! ( ), and
        the status functions always() success() failure()."""
        tokens, pos = [], 0
        expr = expr.strip()
        while pos < len(expr):
            m = TOKEN.match(expr, pos)
            if not m or m.end() == pos:
                fail(f"cannot evaluate `{expr}` at {pos}")
            pos = m.end()
            tokens.append(m)
        py = []
        for i, m in enumerate(tokens):
            if m.group("str") is not None:
                py.append(repr(m.group("str")[1:-1].replace("''", "'")))
            elif m.group("num") is not None:
                py.append(m.group("num"))
            elif m.group("op") is not None:
                py.append({"&&": " and ", "||": " or ", "!": " not "}.get(m.group("op"), m.group("op")))
            else:
                name = m.group("name")
                nxt = tokens[i + 1].group("op") if i + 1 < len(tokens) else None
                if nxt == "(":
                    if name not in ("always", "success", "failure", "cancelled"):
                        fail(f"unsupported function {name}()")
                    py.append(f"_{name}")
                elif name in ("true", "false"):
                    py.append(name.capitalize())
                else:
                    py.append(repr(self.lookup(name)))
        failed = self.data.get("_failed", False)
        env = {
            "_always": lambda: True,
            "_success": lambda: not failed,
            "_failure": lambda: failed,
            "_cancelled": lambda: False,
        }
        return eval("".join(py), {"__builtins__": {}}, env)  # noqa: S307 - our own tokens only

    def substitute(self, text):
        def one(m):
            v = self.evaluate(m.group(1))
            if isinstance(v, bool):
                return "true" if v else "false"
            return str(v)

        return EXPR.sub(one, str(text))

    def condition(self, cond):
        if cond is None:
            return self.evaluate("success()")
        cond = str(cond).strip()
        m = EXPR.fullmatch(cond)
        expr = m.group(1) if m else cond
        if not re.search(r"\b(always|success|failure|cancelled)\(", expr):
            expr = f"success() && ({expr})"
        return bool(self.evaluate(expr))


def read_outputs(path):
    """name=value lines and name<<DELIMITER heredocs."""
    outputs = {}
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^([^=<]+)<<(.+)$", line)
        if m:
            name, delim, body = m.group(1), m.group(2), []
            i += 1
            while i < len(lines) and lines[i] != delim:
                body.append(lines[i])
                i += 1
            outputs[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
        i += 1
    return outputs


def finish(ctx, step, sid, outcome, outputs):
    """Records a step's result; a failure fails the action unless the step continues on error."""
    go_on = str(ctx.substitute(step.get("continue-on-error", False))).lower() == "true"
    conclusion = "success" if outcome == "failure" and go_on else outcome
    if conclusion == "failure":
        ctx.data["_failed"] = True
    ctx.data["steps"][sid] = {"outputs": outputs, "outcome": outcome, "conclusion": conclusion}


def simulate_uses(step, with_, options):
    """The outcome ("success", "failure") and outputs of a simulated `uses:` step, or None."""
    uses = step["uses"].split("@")[0]
    if uses == "actions/cache" and options.get("cache_dir"):
        key = hashlib.sha256(with_["key"].encode()).hexdigest()
        saved = os.path.join(options["cache_dir"], key)
        if os.path.isdir(saved):
            shutil.copytree(saved, with_["path"], dirs_exist_ok=True)
            print(f"cache: restored {with_['path']} from key {with_['key']}", flush=True)
            return "success", {"cache-hit": "true"}
        options.setdefault("to_save", []).append((with_["path"], saved))
        return "success", {"cache-hit": "false"}
    if uses == "github/codeql-action/upload-sarif" and options.get("upload_sarif"):
        if options["upload_sarif"] == "fail":
            print("upload-sarif: Resource not accessible by integration (simulated)", flush=True)
            return "failure", {}
        doc = json.load(open(with_["sarif_file"], encoding="utf-8"))
        ok = doc.get("version") == "2.1.0" and doc.get("runs")
        return ("success" if ok else "failure"), {}
    return None


def save_caches(options):
    """The cache's post step: what was not restored is saved (only when the job succeeded)."""
    for path, saved in options.get("to_save", []):
        if os.path.isdir(path):
            shutil.copytree(path, saved, dirs_exist_ok=True)
            print(f"cache: saved {path}", flush=True)


def run(action, action_path, workspace, given, result_path, options):
    inputs = {}
    for name, spec in (action.get("inputs") or {}).items():
        inputs[name] = str(spec.get("default", "")) if isinstance(spec, dict) else ""
    for name, value in given.items():
        if name not in inputs:
            fail(f"unknown input `{name}`")
        inputs[name] = value
    temp = tempfile.mkdtemp(prefix="run-action.")
    summary = os.path.join(temp, "step-summary.md")
    open(summary, "w").close()
    ctx = Context(
        {
            "inputs": inputs,
            "github": {
                "action_path": action_path,
                "workspace": workspace,
                "action_repository": os.environ.get("ACTION_REPOSITORY", ""),
                "event_name": "push",
                "actor": "octocat",
                "event": options.get("event", {}),
                **options.get("github", {}),
            },
            "runner": {"os": "Linux", "arch": "X64", "temp": temp},
            "steps": {},
            "env": {},
        }
    )
    outcomes, skipped_uses = [], []
    for n, step in enumerate(action["runs"]["steps"]):
        sid = step.get("id", f"__{n}")
        label = step.get("name", sid)
        if not ctx.condition(step.get("if")):
            outcomes.append({"step": label, "outcome": "skipped"})
            ctx.data["steps"][sid] = {"outputs": {}, "outcome": "skipped"}
            continue
        if "uses" in step:
            with_ = {k: ctx.substitute(v) for k, v in (step.get("with") or {}).items()}
            skipped_uses.append({"step": label, "uses": step["uses"], "with": with_})
            simulated = simulate_uses(step, with_, options)
            if simulated is None:
                outcomes.append({"step": label, "outcome": "not run (uses)"})
                ctx.data["steps"][sid] = {"outputs": {}, "outcome": "skipped"}
                continue
            outcome, outs = simulated
            finish(ctx, step, sid, outcome, outs)
            outcomes.append({"step": label, "outcome": outcome, "simulated": True})
            continue
        if step.get("shell") != "bash":
            fail(f"{label}: only `shell: bash` is supported here")
        script = os.path.join(temp, f"step-{n}.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write(ctx.substitute(step["run"]))
        output = os.path.join(temp, f"output-{n}")
        open(output, "w").close()
        env = dict(os.environ)
        for name, value in inputs.items():
            env["INPUT_" + name.replace(" ", "_").upper()] = value
        env.update(
            {
                "GITHUB_OUTPUT": output,
                "GITHUB_STEP_SUMMARY": summary,
                "GITHUB_WORKSPACE": workspace,
                "GITHUB_ACTION_PATH": action_path,
                "GITHUB_ENV": os.path.join(temp, "env"),
                "GITHUB_PATH": os.path.join(temp, "path"),
                "RUNNER_TEMP": temp,
                "RUNNER_OS": "Linux",
                "RUNNER_ARCH": "X64",
            }
        )
        env.update(options.get("env", {}))
        for k, v in (step.get("env") or {}).items():
            env[k] = ctx.substitute(v)
        print(f"--- {label}", flush=True)
        code = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workspace, env=env)
        outcome = "success" if code == 0 else "failure"
        finish(ctx, step, sid, outcome, read_outputs(output))
        outcomes.append({"step": label, "outcome": outcome, "exit": code})
    if not ctx.data.get("_failed"):
        save_caches(options)
    outputs = {name: ctx.substitute(spec["value"]) for name, spec in (action.get("outputs") or {}).items()}
    result = {
        "conclusion": "failure" if ctx.data.get("_failed") else "success",
        "outputs": outputs,
        "steps": outcomes,
        "uses": skipped_uses,
        "summary": open(summary, encoding="utf-8").read(),
    }
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)


def main(argv):
    if len(argv) < 2:
        fail(__doc__)
    path = argv[1]
    action = yaml.safe_load(open(path, encoding="utf-8"))
    problems = check(action)
    if problems:
        fail("action.yml does not follow the metadata syntax:\n  " + "\n  ".join(problems))
    if "--check" in argv:
        print("action.yml: metadata ok")
        return
    args, given, options = argv[2:], {}, {"env": {}, "github": {}}
    workspace = result = None
    while args:
        flag, value, args = args[0], args[1], args[2:]
        if flag == "--workspace":
            workspace = os.path.abspath(value)
        elif flag == "--result":
            result = value
        elif flag in ("--input", "--env", "--github"):
            name, val = value.split("=", 1)
            {"--input": given, "--env": options["env"], "--github": options["github"]}[flag][name] = val
        elif flag == "--event":
            options["event"] = json.load(open(value, encoding="utf-8"))
        elif flag == "--cache-dir":
            options["cache_dir"] = os.path.abspath(value)
        elif flag == "--upload-sarif" and value in ("ok", "fail"):
            options["upload_sarif"] = value
        else:
            fail(f"unknown flag {flag} {value}")
    if not workspace or not result:
        fail("--workspace and --result are required")
    run(action, os.path.dirname(os.path.abspath(path)), workspace, given, result, options)


if __name__ == "__main__":
    main(sys.argv)
