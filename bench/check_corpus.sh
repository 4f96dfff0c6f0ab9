#!/usr/bin/env bash
# check_corpus.sh CORPUS_DIR [ROOT_NAME]
# Proves the generated HCL is valid Terraform: copies one root module and the shared modules
# (keeping the ../../modules layout), then runs `terraform init`, `validate` and a real offline
# `plan` against the local provider mirror, the same way ../shared/tools/tf-plan-json does
# (which cannot be used directly: it copies only the root directory, breaking ../../modules).
set -euo pipefail
corpus=${1:?usage: check_corpus.sh CORPUS_DIR [ROOT_NAME]}
root=${2:-$(ls "$corpus/roots" | head -1)}
mirror=${TF_PROVIDER_MIRROR:-/opt/tf-plugins}
[ -d "$mirror/registry.terraform.io/hashicorp/aws" ] || { echo "no provider mirror at $mirror; set TF_PROVIDER_MIRROR" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/roots"
cp -r "$corpus/modules" "$work/modules"
cp -r "$corpus/roots/$root" "$work/roots/$root"
cat >"$work/.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
CFG
cat >"$work/roots/$root/zz_offline_override.tf" <<'TF'
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIAEXAMPLE"
  secret_key                  = "example"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
TF
export TF_CLI_CONFIG_FILE="$work/.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
cd "$work/roots/$root"
terraform init -input=false -no-color >init.log 2>&1 || { cat init.log >&2; exit 1; }
terraform validate -no-color
terraform plan -input=false -refresh=false -no-color -out=tf.plan >plan.log 2>&1 || { cat plan.log >&2; exit 1; }
grep -E '^Plan:' plan.log
echo "check_corpus: $root validates and plans"
