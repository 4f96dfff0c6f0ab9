package bucketguard.org.public_only_if_classified_test

import data.bucketguard.org.public_only_if_classified as policy

at := {"file": "main.tf", "line": 5}

bucket(verdict, tags) := {
	"external": false,
	"exposure": {"verdict": verdict, "reasons": []},
	"tags": {"value": tags, "state": "known", "origin": at},
}

denied(verdict, tags) := result if {
	result := policy.deny with input as bucket(verdict, tags)
}

undecided_for(verdict, tags) := result if {
	result := policy.undecided with input as bucket(verdict, tags)
}

test_public_read_classified_public_passes if {
	count(denied("public-read", {"data-classification": "public"})) == 0
	count(undecided_for("public-read", {"data-classification": "public"})) == 0
}

test_public_read_classified_internal_is_a_finding if {
	denied("public-read", {"data-classification": "internal"}) == {{
		"msg": "the bucket is public-read, but its data-classification tag is not \"public\"",
		"path": "tags",
	}}
}

test_public_write_without_tags_is_a_finding if {
	count(denied("public-write", {})) == 1
}

test_classification_is_case_sensitive if {
	count(denied("public-read", {"data-classification": "Public"})) == 1
}

test_private_and_authenticated_buckets_pass if {
	count(denied("private", {})) == 0
	count(denied("authenticated-users", {})) == 0
	count(denied("cross-account", {})) == 0
	count(undecided_for("private", {})) == 0
}

test_unknown_verdict_is_undecided_unless_classified_public if {
	count(denied("unknown", {"data-classification": "internal"})) == 0
	count(undecided_for("unknown", {"data-classification": "internal"})) == 1
	count(undecided_for("unknown", {"data-classification": "public"})) == 0
}

test_unknown_classification_value_is_undecided if {
	count(denied("public-read", {"data-classification": null})) == 0
	count(undecided_for("public-read", {"data-classification": null})) == 1
}

test_unknown_tags_are_undecided if {
	doc := object.union(bucket("public-read", {}), {"tags": {"value": null, "state": "unknown", "reason": "var.tags has no value", "origin": at}})
	count(policy.deny) == 0 with input as doc
	count(policy.undecided) == 1 with input as doc
}

test_external_bucket_is_undecided if {
	doc := object.union(bucket("public-read", {}), {"external": true})
	count(policy.deny) == 0 with input as doc
	count(policy.undecided) == 1 with input as doc
}
