package bucketguard.org.approved_kms_keys_test

import data.bucketguard.org.approved_kms_keys

at := {"file": "main.tf", "line": 9}

approved := "arn:aws:kms:us-east-1:111122223333:key/0a1b2c3d-1111-4a5b-8c9d-000000000001"

other := "arn:aws:kms:us-east-1:444455556666:key/ffffffff-0000-4000-8000-000000000000"

known(value) := {"value": value, "state": "known", "origin": at}

unknown := {"value": null, "state": "unknown", "reason": "var.key has no value", "origin": at}

unset := {"value": null, "state": "unset", "origin": at}

encrypted(algorithm, key) := {"settings": {"encryption": {
	"state": "known",
	"rules": [{"algorithm": algorithm, "kms_key": key}],
}}}

denied(algorithm, key) := result if {
	result := approved_kms_keys.deny with input as encrypted(algorithm, key)
}

undecided_for(algorithm, key) := result if {
	result := approved_kms_keys.undecided with input as encrypted(algorithm, key)
}

test_approved_key_passes if {
	count(denied(known("aws:kms"), known(approved))) == 0
	count(undecided_for(known("aws:kms"), known(approved))) == 0
}

test_other_key_is_a_finding_on_the_key if {
	denied(known("aws:kms"), known(other)) == {{
		"msg": sprintf("the default encryption uses the KMS key %s, which is not an approved key", [other]),
		"path": "encryption.rules.0.kms_key",
	}}
}

test_dsse_kms_is_checked_too if {
	count(denied(known("aws:kms:dsse"), known(other))) == 1
}

test_key_alias_is_not_an_approved_arn if {
	count(denied(known("aws:kms"), known("alias/aws/s3"))) == 1
}

test_aes256_is_not_this_rules_business if {
	count(denied(known("AES256"), unset)) == 0
	count(undecided_for(known("AES256"), unknown)) == 0
}

test_kms_without_a_key_is_left_to_bg202 if {
	count(denied(known("aws:kms"), unset)) == 0
	count(undecided_for(known("aws:kms"), unset)) == 0
}

test_unknown_key_is_undecided if {
	count(denied(known("aws:kms"), unknown)) == 0
	undecided_for(known("aws:kms"), unknown) == {{
		"msg": "encryption.rules.0.kms_key is not known: var.key has no value",
		"path": "encryption.rules.0.kms_key",
	}}
}

test_unknown_algorithm_with_other_key_is_undecided if {
	count(denied(unknown, known(other))) == 0
	count(undecided_for(unknown, known(other))) == 1
	count(undecided_for(unknown, known(approved))) == 0
}

test_no_encryption_configuration_passes if {
	doc := {"settings": {"encryption": {"state": "unset", "rules": []}}}
	count(approved_kms_keys.deny) == 0 with input as doc
	count(approved_kms_keys.undecided) == 0 with input as doc
}

test_rules_from_unknown_dynamic_blocks_are_undecided if {
	doc := {"settings": {"encryption": {"state": "unknown", "reason": "var.rules has no value", "rules": []}}}
	approved_kms_keys.undecided == {{"msg": "the encryption rules are not known: var.rules has no value", "path": "encryption"}} with input as doc
}
