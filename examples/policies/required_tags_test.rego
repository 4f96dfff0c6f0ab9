package bucketguard.org.required_tags_test

import data.bucketguard.org.required_tags

at := {"file": "main.tf", "line": 3}

bucket(tags) := {"address": "aws_s3_bucket.b", "external": false, "tags": tags}

known_tags(value) := {"value": value, "state": "known", "origin": at}

denied(tags) := result if {
	result := required_tags.deny with input as bucket(tags)
}

undecided_for(tags) := result if {
	result := required_tags.undecided with input as bucket(tags)
}

test_both_tags_present_pass if {
	count(denied(known_tags({"owner": "storage", "data-classification": "internal", "team": "x"}))) == 0
}

test_missing_owner_is_one_finding_on_tags if {
	denied(known_tags({"data-classification": "internal"})) == {{"msg": "the bucket has no `owner` tag", "path": "tags"}}
}

test_untagged_bucket_misses_both if {
	denied({"value": {}, "state": "unset", "origin": at}) == {
		{"msg": "the bucket has no `owner` tag", "path": "tags"},
		{"msg": "the bucket has no `data-classification` tag", "path": "tags"},
	}
}

test_tag_names_are_case_sensitive if {
	count(denied(known_tags({"Owner": "storage", "data-classification": "internal"}))) == 1
}

test_unknown_tag_value_counts_as_present if {
	count(denied(known_tags({"owner": null, "data-classification": null}))) == 0
}

test_unknown_tags_are_undecided_not_missing if {
	tags := {"value": null, "state": "unknown", "reason": "var.tags has no value", "origin": at}
	count(denied(tags)) == 0
	undecided_for(tags) == {{"msg": "tags is not known: var.tags has no value", "path": "tags"}}
}

test_external_bucket_is_undecided if {
	input_doc := object.union(bucket({"value": {}, "state": "unset", "origin": at}), {"external": true})
	count(required_tags.deny) == 0 with input as input_doc
	count(required_tags.undecided) == 1 with input as input_doc
}
