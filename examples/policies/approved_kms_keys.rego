# METADATA
# title: Default encryption uses a KMS key that is not approved
# description: >-
#   A bucket encrypted with SSE-KMS uses one of the organization's approved KMS keys, whose key
#   policies the security team reviews. A key outside the list may be readable by anyone its own
#   key policy allows. Buckets without a KMS key (SSE-S3, or the AWS managed key) are BG202's
#   business, not this rule's.
# custom:
#   id: ORG002
#   severity: high
#   remediation: >-
#     Set `kms_master_key_id` of the bucket's encryption rule to one of the approved key ARNs
#     (ask the security team to add a key to the list).
package bucketguard.org.approved_kms_keys

import data.bucketguard.lib

# The approved keys, by ARN: edit this list for your organization.
approved_keys := {
	"arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-1111-4a5b-8c9d-000000000001",
	"arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-2222-4a5b-8c9d-000000000002",
}

encryption := input.settings.encryption

# SSE-KMS algorithms (DSSE-KMS uses a KMS key too).
kms_algorithms := {"aws:kms", "aws:kms:dsse"}

uses_kms(rule) if {
	lib.known(rule.algorithm)
	rule.algorithm.value in kms_algorithms
}

may_use_kms(rule) if uses_kms(rule)

may_use_kms(rule) if lib.unknown(rule.algorithm)

approved(rule) if {
	lib.known(rule.kms_key)
	rule.kms_key.value in approved_keys
}

deny contains {"msg": sprintf("the default encryption uses the KMS key %s, which is not an approved key", [rule.kms_key.value]), "path": sprintf("encryption.rules.%d.kms_key", [i])} if {
	some i, rule in encryption.rules
	uses_kms(rule)
	lib.known(rule.kms_key)
	not approved(rule)
}

undecided contains lib.undecided_on(rule.kms_key, sprintf("encryption.rules.%d.kms_key", [i])) if {
	some i, rule in encryption.rules
	may_use_kms(rule)
	lib.unknown(rule.kms_key)
}

# A key that is not approved, under an algorithm that may not be SSE-KMS.
undecided contains lib.undecided_on(rule.algorithm, sprintf("encryption.rules.%d.algorithm", [i])) if {
	some i, rule in encryption.rules
	lib.unknown(rule.algorithm)
	lib.known(rule.kms_key)
	not approved(rule)
}

undecided contains {"msg": sprintf("the encryption rules are not known: %s", [encryption.reason]), "path": "encryption"} if {
	encryption.state == "unknown"
}
